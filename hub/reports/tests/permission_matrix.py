"""How the yearly report pages answer each persona (see hub.testing.Route).

Until publication, the report is for people who read across the partnership: the business unit,
the executive and the independent scrutineer, and for the lead partners. Everyone else gets 404.
The year here is never published, so its report page stays closed.

The sign-off page answers only the people linked to a lead partner: ``_lead_partner_year`` makes
the executive persona one; everyone else, the business unit included, gets 404.
"""

from django.core.files.base import ContentFile

from hub.reports.models import LeadPartner, ReportGeneration
from hub.testing import ANONYMOUS, Route

READERS = {ANONYMOUS: 302, "business_unit": 200, "scrutineer": 200, "executive": 200, "*": 404}
# Only the business unit writes the narrative; executives and the scrutineer read it in the report.
WRITERS = {ANONYMOUS: 302, "business_unit": 200, "*": 404}
WRITERS_POST = {ANONYMOUS: 302, "business_unit": 400, "*": 404}
# Asking for the PDF queues it (not run here) and leads a reader to its progress page.
READERS_POST = {ANONYMOUS: 302, "business_unit": 302, "scrutineer": 302, "executive": 302, "*": 404}


def _year(personas):
    return {"year_slug": "2021-22"}


def _lead_partner_year(personas):
    LeadPartner.objects.get_or_create(
        person=personas.executive,
        defaults={"role_title": "Chief Constable", "agency": personas.agency_b, "order": 1},
    )
    return {"year_slug": "2021-22"}


def _pdf_run(personas):
    run = ReportGeneration.objects.filter(year=2021, state=ReportGeneration.State.DONE).first()
    if run is None:
        run = ReportGeneration(year=2021, state=ReportGeneration.State.DONE, size=9)
        run.file.save("yearly-report-2021-22.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
        run.save()
    return {"year_slug": "2021-22", "run_uuid": run.uuid}


def _chapter(personas):
    return {"year_slug": "2021-22", "chapter_slug": "whats-next"}


def _slot(personas):
    return {"year_slug": "2021-22", "section_slug": "governance.budget", "slot": "no-such-slot"}


ROUTES = [
    Route("reports:index", READERS),
    Route("reports:report", READERS, kwargs=_year),
    Route("reports:pdf", READERS_POST, kwargs=_year, method="POST"),
    # Only POST asks for the PDF.
    Route("reports:pdf", {**READERS_POST, "business_unit": 405, "scrutineer": 405, "executive": 405}, kwargs=_year),
    Route("reports:pdf-progress", READERS, kwargs=_pdf_run),
    Route("reports:pdf-download", READERS, kwargs=_pdf_run),
    Route("reports:narrative", READERS, kwargs=_year),
    Route("reports:checklist", WRITERS, kwargs=_year),
    # An empty form names no item: the business unit is sent back to the checklist.
    Route("reports:checklist", {ANONYMOUS: 302, "business_unit": 302, "*": 404}, kwargs=_year, method="POST"),
    Route("reports:sign-off", READERS, kwargs=_year),
    # The year has not started sign-off: the business unit is shown the confirmation page.
    Route("reports:sign-off-start", WRITERS, kwargs=_year),
    Route("reports:sign-off-start", WRITERS_POST, kwargs=_year, method="POST"),
    Route("reports:sign-off-decide", {ANONYMOUS: 302, "executive": 200, "*": 404}, kwargs=_lead_partner_year),
    Route(
        "reports:sign-off-decide",
        {ANONYMOUS: 302, "executive": 400, "*": 404},
        kwargs=_lead_partner_year,
        method="POST",
    ),
    # Nothing is signed off or published yet: the business unit is sent back to the sign-off page.
    Route("reports:publish", {ANONYMOUS: 302, "business_unit": 302, "*": 404}, kwargs=_year),
    Route("reports:publish", {ANONYMOUS: 302, "business_unit": 302, "*": 404}, kwargs=_year, method="POST"),
    Route("reports:sending", {ANONYMOUS: 302, "business_unit": 302, "*": 404}, kwargs=_year),
    Route("reports:sending", {ANONYMOUS: 302, "business_unit": 302, "*": 404}, kwargs=_year, method="POST"),
    Route("reports:narrative-chapter", WRITERS, kwargs=_chapter),
    Route("reports:narrative-chapter", WRITERS_POST, kwargs=_chapter, method="POST"),
    # The section and its slot come from a provider; a slot the year's report lacks is not found.
    Route("reports:narrative-slot", {ANONYMOUS: 302, "*": 404}, kwargs=_slot),
]
