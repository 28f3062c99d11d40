"""Permission matrix for the resource library's routes: downloads, briefing use, search.

The library page and each resource are Wagtail pages (no named URL pattern); test_library_page.py
and test_briefings_form.py open them as visitors and signed-in people, and test_library_downloads.py
covers restricted resources, which refuse anonymous visitors (sign in) and outsiders (404).
"""

from hub.testing import Route


def _briefing(personas) -> dict:
    from hub.website.models import ResourcePage
    from hub.website.tests.factories import build_site, make_resource
    from hub.website.tests.library_support import pdf_document

    home = build_site()
    briefing = make_resource(
        home.library,
        title="Cumulative harm",
        resource_type=ResourcePage.ResourceType.SEVEN_MINUTE_BRIEFING,
        document=pdf_document("Cumulative harm"),
    )
    return {"slug": briefing.slug}


def _someone_elses_briefing_use(personas) -> dict:
    import datetime

    from hub.website.models import BriefingUse, ResourcePage

    slug = _briefing(personas)["slug"]
    use = BriefingUse.objects.create(
        briefing=ResourcePage.objects.get(slug=slug),
        team="Duty team",
        agency=personas.agency_a,
        staff_count=4,
        used_on=datetime.date(2024, 5, 1),
    )
    return {"slug": slug, "use_uuid": use.uuid}


ROUTES = [
    # Anyone may download a public resource's file; the count is all that is kept.
    Route("website:resource-download", {"*": 200}, kwargs=_briefing),
    # Anyone may say their team used a briefing; an empty form shows its errors.
    Route("website:briefing-use", {"*": 200}, kwargs=_briefing),
    Route("website:briefing-use", {"*": 200}, kwargs=_briefing, method="POST"),
    # The confirmation is only for the session that recorded the use.
    Route("website:briefing-use-done", {"*": 404}, kwargs=_someone_elses_briefing_use),
    Route("website:search", {"*": 200}, query="q=neglect"),
]
