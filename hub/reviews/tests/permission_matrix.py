"""How the case review pages answer the project's personas.

Only the case review panel (with a verified second factor) opens the records; everyone else,
the business unit and the scrutineer included, gets 404. The clocks dashboard also opens to the
business unit and the executive (references and dates only). An agency's summary request opens
to that agency's single point of contact (spoc_a here) and nobody else outside the panel. The
chair's access log is tested in ``test_reviews.py``.
"""

from __future__ import annotations

from hub.testing import ANONYMOUS, Route

PANEL = {ANONYMOUS: 302, "reviews_panel": 200, "*": 404}
PANEL_POST = {ANONYMOUS: 302, "reviews_panel": 400, "*": 404}
PANEL_REDIRECT = {ANONYMOUS: 302, "reviews_panel": 302, "*": 404}
CHAIR = {ANONYMOUS: 302, "*": 404}
NOBODY = CHAIR


def _notification(personas):
    from hub.reviews.tests.factories import make_notification

    return {"uuid": make_notification(personas.agency_a).uuid}


def _rapid_review(personas):
    from hub.reviews.tests.factories import make_notification

    return {"uuid": make_notification(personas.agency_a).rapid_review.uuid}


def _summary(personas):
    from hub.reviews.models import SummaryRequest
    from hub.reviews.tests.factories import make_notification

    rapid_review = make_notification(personas.agency_a).rapid_review
    summary = SummaryRequest.objects.create(rapid_review=rapid_review, agency=personas.agency_a, due_on="2030-01-31")
    return {"uuid": summary.uuid}


def _review(personas):
    from hub.reviews.tests.factories import make_practice_review

    return {"uuid": make_practice_review().uuid}


def _recommendation(personas):
    from hub.reviews.models import Recommendation
    from hub.reviews.tests.factories import make_practice_review

    review = make_practice_review()
    Recommendation.objects.create(review=review, number=1, text="A recommendation.")
    return {"uuid": review.uuid, "number": 1}


def _national(personas):
    from datetime import date

    from hub.reviews.models import NationalReview

    review = NationalReview.objects.create(title="A national review", published_on=date(2021, 9, 15), summary="Found.")
    return {"uuid": review.uuid}


def _death(personas):
    from hub.reviews.tests.test_child_deaths import make_death

    return {"uuid": make_death().uuid}


def _reporting(personas):
    from hub.reviews.models import ReportingRequest
    from hub.reviews.tests.test_child_deaths import make_death

    death = make_death()
    reporting = ReportingRequest.objects.create(
        death=death, agency=personas.agency_a, professional_role="Health visitor", due_on="2030-01-31"
    )
    return {"uuid": death.uuid, "reporting_uuid": reporting.uuid}


def _thematic(personas):
    from hub.reviews.models import ThematicReview

    return {"uuid": ThematicReview.objects.create(title="Safer sleep", held_on="2022-02-09", findings="Found.").uuid}


def _access_log(personas):
    from hub.reviews.tests.factories import make_notification

    return {"kind": "notification", "uuid": make_notification(personas.agency_a).uuid}


ROUTES = [
    Route("reviews:overview", PANEL),
    Route("reviews:clocks", {ANONYMOUS: 302, "reviews_panel": 200, "business_unit": 200, "executive": 200, "*": 404}),
    Route("reviews:notification-new", PANEL),
    Route("reviews:notification-new", PANEL_POST, method="POST"),
    Route("reviews:notification", PANEL, kwargs=_notification),
    Route("reviews:notification-edit", PANEL, kwargs=_notification),
    Route("reviews:notification-edit", PANEL_POST, kwargs=_notification, method="POST"),
    Route("reviews:request-summaries", PANEL, kwargs=_rapid_review),
    Route("reviews:request-summaries", PANEL_POST, kwargs=_rapid_review, method="POST"),
    Route("reviews:decision", PANEL, kwargs=_rapid_review),
    Route("reviews:decision", PANEL_POST, kwargs=_rapid_review, method="POST"),
    Route("reviews:panel-response", PANEL, kwargs=_rapid_review),
    Route("reviews:panel-response", PANEL_POST, kwargs=_rapid_review, method="POST"),
    Route("reviews:summary", {ANONYMOUS: 302, "reviews_panel": 200, "spoc_a": 200, "*": 404}, kwargs=_summary),
    Route(
        "reviews:summary",
        {ANONYMOUS: 302, "reviews_panel": 302, "spoc_a": 400, "*": 404},
        kwargs=_summary,
        method="POST",
    ),
    Route("reviews:practice-review-new", PANEL),
    Route("reviews:practice-review-new", PANEL_POST, method="POST"),
    Route("reviews:practice-review", PANEL, kwargs=_review),
    Route("reviews:practice-review-edit", PANEL, kwargs=_review),
    Route("reviews:practice-review-edit", PANEL_POST, kwargs=_review, method="POST"),
    Route("reviews:practice-review-publish", PANEL, kwargs=_review),
    Route("reviews:practice-review-publish", PANEL_POST, kwargs=_review, method="POST"),
    Route("reviews:monitoring-new", PANEL, kwargs=_review),
    Route("reviews:monitoring-new", PANEL_POST, kwargs=_review, method="POST"),
    Route("reviews:recommendation-new", PANEL, kwargs=_review),
    Route("reviews:recommendation-new", PANEL_POST, kwargs=_review, method="POST"),
    Route("reviews:recommendation-action", PANEL, kwargs=_recommendation),
    Route("reviews:recommendation-action", PANEL_POST, kwargs=_recommendation, method="POST"),
    Route("reviews:learning-event-new", PANEL, kwargs=_review),
    Route("reviews:learning-event-new", PANEL_POST, kwargs=_review, method="POST"),
    Route("reviews:national-reviews", PANEL),
    Route("reviews:national-review-new", PANEL),
    Route("reviews:national-review-new", PANEL_POST, method="POST"),
    Route("reviews:national-review", PANEL, kwargs=_national),
    Route("reviews:national-review-edit", PANEL, kwargs=_national),
    Route("reviews:national-review-edit", PANEL_POST, kwargs=_national, method="POST"),
    Route("reviews:national-review-action", PANEL, kwargs=_national),
    Route("reviews:national-review-action", PANEL_POST, kwargs=_national, method="POST"),
    Route("reviews:access-log", CHAIR, kwargs=_access_log),
    # Child deaths: only the child death overview panel (none of the shared personas; see test_child_deaths.py).
    Route("reviews:child-deaths", NOBODY),
    Route("reviews:child-death-new", NOBODY),
    Route("reviews:child-death-new", NOBODY, method="POST"),
    Route("reviews:child-death-export", NOBODY),
    Route("reviews:child-death-export", NOBODY, method="POST"),
    Route("reviews:thematic-review-new", NOBODY),
    Route("reviews:thematic-review-new", NOBODY, method="POST"),
    Route("reviews:thematic-review", NOBODY, kwargs=_thematic),
    Route("reviews:child-death", NOBODY, kwargs=_death),
    Route("reviews:child-death-edit", NOBODY, kwargs=_death),
    Route("reviews:child-death-edit", NOBODY, kwargs=_death, method="POST"),
    Route("reviews:child-death-progress", NOBODY, kwargs=_death),
    Route("reviews:child-death-progress", NOBODY, kwargs=_death, method="POST"),
    Route("reviews:child-death-nhs-number", NOBODY, kwargs=_death),
    Route("reviews:child-death-nhs-number", NOBODY, kwargs=_death, method="POST"),
    Route("reviews:reporting-new", NOBODY, kwargs=_death),
    Route("reviews:reporting-new", NOBODY, kwargs=_death, method="POST"),
    Route("reviews:reporting-received", NOBODY, kwargs=_reporting),
    Route("reviews:reporting-received", NOBODY, kwargs=_reporting, method="POST"),
    Route("reviews:child-death-analysis", NOBODY, kwargs=_death),
    Route("reviews:child-death-analysis", NOBODY, kwargs=_death, method="POST"),
    Route("reviews:child-death-action", NOBODY, kwargs=_death),
    Route("reviews:child-death-action", NOBODY, kwargs=_death, method="POST"),
]
