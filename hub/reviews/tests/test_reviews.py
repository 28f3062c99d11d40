"""Notifications, rapid reviews, agency summaries and practice reviews, as each persona meets them."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from hub.core import roles
from hub.core.models import Action
from hub.reviews import models as review_models
from hub.reviews.models import AccessEntry, Notification, PracticeReview, RapidReview, SummaryRequest
from hub.reviews.services import EditConflict, request_summaries, save_versioned
from hub.reviews.tests.factories import make_notification, make_practice_review
from hub.testing import grant_role, make_user, sign_in

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: date) -> dict:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


@pytest.fixture
def panel(personas, client):
    return sign_in(client, personas.reviews_panel)


def test_a_panel_member_records_a_notification_and_its_rapid_review_opens(panel, personas):
    data = {
        "version": 0,
        "reference": "DSCP-RR-2022-09",
        "harm": "harmed",
        **_date("incident_on", date(2022, 4, 12)),
        **_date("became_aware_on", date(2022, 4, 14)),
        "notifying_agency": personas.agency_a.pk,
        "summary": "A fictional incident.",
    }
    response = panel.post(reverse("reviews:notification-new"), data)
    notification = Notification.objects.get(reference="DSCP-RR-2022-09")
    assert response.status_code == 302
    assert RapidReview.objects.filter(notification=notification).exists()
    page = panel.get(notification.get_absolute_url())
    assert "25 Apr 2022" in page.content.decode()
    assert AccessEntry.objects.filter(record_id=notification.pk, kind="viewed", user=personas.reviews_panel).exists()


def test_bad_notifications_are_refused_with_specific_messages(panel, personas):
    data = {
        "version": 0,
        "reference": "Jane Smith",
        "harm": "",
        **_date("incident_on", date(2022, 4, 14)),
        **_date("became_aware_on", date(2022, 4, 12)),
        "notifying_agency": personas.agency_a.pk,
        "summary": "",
    }
    response = panel.post(reverse("reviews:notification-new"), data)
    text = response.content.decode()
    assert response.status_code == 400
    assert "never a name" in text
    assert "Select whether the child died or was seriously harmed" in text
    assert "Enter a summary of the incident" in text
    assert not Notification.objects.exists()


def test_a_panel_member_without_a_verified_second_factor_gets_404(client, personas):
    notification = make_notification(personas.agency_a)
    client.force_login(personas.reviews_panel, backend="hub.core.auth.EmailBackend")
    # The middleware sends them to two-factor set-up; the pages themselves never open.
    response = client.get(notification.get_absolute_url())
    assert response.status_code in (302, 404)
    assert "two-factor" in response.get("Location", "two-factor")
    assert not AccessEntry.objects.exists()


@pytest.mark.parametrize("persona", ["business_unit", "scrutineer", "executive", "spoc_a", "practitioner"])
def test_everyone_without_the_role_gets_404_on_a_notification(client, personas, persona):
    notification = make_notification(personas.agency_a)
    sign_in(client, getattr(personas, persona))
    assert client.get(notification.get_absolute_url()).status_code == 404
    assert client.get(reverse("reviews:overview")).status_code == 404


def test_the_clocks_dashboard_shows_references_to_the_business_unit_and_executive(client, personas):
    notification = make_notification(personas.agency_a)
    for persona in (personas.business_unit, personas.executive):
        sign_in(client, persona)
        response = client.get(reverse("reviews:clocks"))
        assert response.status_code == 200
        assert notification.reference in response.content.decode()
        assert notification.get_absolute_url() not in response.content.decode()
    sign_in(client, personas.scrutineer)
    assert client.get(reverse("reviews:clocks")).status_code == 404


def test_agencies_are_asked_for_summaries_and_only_they_answer(panel, personas, client, mailoutbox, django_user_model):
    notification = make_notification(personas.agency_a, became_aware_on=date.today())
    rapid_review = notification.rapid_review
    response = panel.post(
        reverse("reviews:request-summaries", args=[rapid_review.uuid]), {"agencies": [personas.agency_a.pk]}
    )
    assert response.status_code == 302
    summary = SummaryRequest.objects.get(rapid_review=rapid_review)
    assert mailoutbox[-1].to == ["spoc.a@example.org"]
    assert notification.summary not in mailoutbox[-1].body

    other = sign_in(client.__class__(), personas.spoc_b)
    assert other.get(summary.get_absolute_url()).status_code == 404
    assert other.post(summary.get_absolute_url(), {"version": 1, "involvement": "x"}).status_code == 404

    spoc = sign_in(client.__class__(), personas.spoc_a)
    assert "Rapid review" in spoc.get(reverse("core:account")).content.decode()
    empty = spoc.post(summary.get_absolute_url(), {"version": 1, "involvement": ""})
    assert empty.status_code == 400
    assert "Describe the agency&#x27;s involvement" in empty.content.decode()
    sent = spoc.post(summary.get_absolute_url(), {"version": 1, "involvement": "Two visits in March."})
    assert sent.status_code == 302
    summary.refresh_from_db()
    assert summary.is_complete and summary.completed_by == personas.spoc_a
    assert mailoutbox[-1].to == ["panel@example.org"]
    # The agency never sees the review itself.
    assert spoc.get(notification.get_absolute_url()).status_code == 404


def test_a_decision_for_a_learning_review_opens_the_review(panel, personas):
    notification = make_notification(personas.agency_a)
    rapid_review = notification.rapid_review
    data = {
        "version": rapid_review.version,
        "decision": "learning-review",
        "rationale": "Learning about fathers.",
        **_date("decided_on", date(2022, 4, 29)),
        **_date("meeting_on", date(2022, 4, 27)),
    }
    response = panel.post(reverse("reviews:decision", args=[rapid_review.uuid]), data)
    assert response.status_code == 302
    review = PracticeReview.objects.get(rapid_review=rapid_review)
    assert review.kind == PracticeReview.Kind.LEARNING
    assert review.decided_on == date(2022, 4, 29)
    # A second, stale save is refused and changes nothing.
    stale = panel.post(reverse("reviews:decision", args=[rapid_review.uuid]), data | {"rationale": "Other"})
    assert stale.status_code == 400
    assert "Someone else saved this record" in stale.content.decode()
    rapid_review.refresh_from_db()
    assert rapid_review.rationale == "Learning about fathers."


def test_two_members_editing_at_once_never_overwrite_each_other(personas):
    notification = make_notification(personas.agency_a)
    save_versioned(notification, 1, {"panel_reference": "FIRST"}, actor=personas.reviews_panel)
    with pytest.raises(EditConflict):
        save_versioned(notification, 1, {"panel_reference": "SECOND"}, actor=personas.reviews_panel)
    notification.refresh_from_db()
    assert notification.panel_reference == "FIRST" and notification.version == 2


def test_summaries_cannot_be_requested_after_the_decision(personas):
    notification = make_notification(personas.agency_a)
    RapidReview.objects.filter(pk=notification.rapid_review.pk).update(decision="no-local-review")
    notification.rapid_review.refresh_from_db()
    from hub.core.errors import DomainError

    with pytest.raises(DomainError, match="reached its decision"):
        request_summaries(
            actor=personas.reviews_panel, rapid_review=notification.rapid_review, agencies=[personas.agency_a]
        )


def test_a_recommendation_raises_an_action_on_the_tracker_once(panel, personas):
    review = make_practice_review()
    panel.post(reverse("reviews:recommendation-new", args=[review.uuid]), {"text": "See the fathers."})
    url = reverse("reviews:recommendation-action", args=[review.uuid, 1])
    data = {"title": "See the fathers", "owner_agency": personas.agency_a.pk, **_date("due_on", date(2030, 1, 31))}
    assert panel.post(url, data).status_code == 302
    action = Action.objects.get()
    assert action.source == review
    assert action.source_label.endswith("recommendation 1")
    panel.post(url, data)
    assert Action.objects.count() == 1


def test_only_the_chair_reads_who_viewed_a_record(client, personas):
    notification = make_notification(personas.agency_a)
    chair = make_user("chair@example.org", agency=personas.agency_b)
    grant_role(chair, roles.REVIEWS_CHAIR)
    url = reverse("reviews:access-log", args=["notification", notification.uuid])
    member = sign_in(client, personas.reviews_panel)
    member.get(notification.get_absolute_url())
    assert member.get(url).status_code == 404
    chair_client = sign_in(client.__class__(), chair)
    page = chair_client.get(url)
    assert page.status_code == 200
    assert "panel@example.org" in page.content.decode() or str(personas.reviews_panel) in page.content.decode()


def test_no_model_in_the_module_has_a_field_for_a_name():
    """Nor a date of birth or an address. The NHS number of a child who died is held on purpose
    (encrypted, for the national database) and is tested in test_child_deaths.py."""
    forbidden = ("name", "forename", "surname", "birth", "dob", "address", "postcode")
    code_lists = {"DeathCategory", "HistoricalDeathCategory"}  # the name of a category of death
    for model in apps.get_app_config("reviews").get_models():
        if model.__name__ in code_lists:
            continue
        for field in model._meta.get_fields():
            name = field.name.lower()
            # The viewer's address in the access log, and labels of people and records, are not the child's.
            if name.endswith("_label") or name in {"user", "history_user", "ip_address"}:
                continue
            assert not any(word in name.split("_") for word in forbidden), f"{model.__name__}.{field.name}"
    assert review_models.NO_IDENTIFYING_DETAILS


def test_the_access_log_is_a_keyed_chain_that_shows_tampering(panel, personas):
    from hub.reviews.access import reseal_chain, verify_chain

    notification = make_notification(personas.agency_a)
    for _ in range(3):
        panel.get(notification.get_absolute_url())
    panel.get(reverse("reviews:overview"))
    assert AccessEntry.objects.count() == 4
    assert verify_chain() is None
    second = AccessEntry.objects.order_by("id")[1]
    AccessEntry.objects.filter(pk=second.pk).update(user_label="someone else")
    assert verify_chain() == second.pk
    AccessEntry.objects.filter(pk=second.pk).update(user_label=second.user_label)
    AccessEntry.objects.filter(pk=second.pk).delete()
    assert verify_chain() == second.pk + 1
    reseal_chain()
    assert verify_chain() is None


def test_the_final_report_is_published_in_the_resource_library(panel, personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hub.website.publishing import find_resource
    from hub.website.tests.factories import build_site
    from hub.website.tests.library_support import pdf_with_text

    build_site()
    review = make_practice_review(reference="DSCP-LR-2022-01", title="Child T")
    url = reverse("reviews:practice-review-publish", args=[review.uuid])
    data = {
        "title": "Learning review: Child T",
        "summary": "What we learned.",
        **_date("published_on", date(2022, 6, 7)),
    }

    def post(**extra):
        report = SimpleUploadedFile("report.pdf", pdf_with_text("Learning about fathers"), "application/pdf")
        return panel.post(url, data | {"report": report} | extra)

    early = post()
    assert "Record when the final report went to the national panel" in early.content.decode()
    PracticeReview.objects.filter(pk=review.pk).update(sent_to_panel_on=date(2022, 5, 25))
    assert post().status_code == 302
    review.refresh_from_db()
    page = find_resource("dscp-lr-2022-01")
    assert page.live and page.resource_type == "review-report"
    assert review.published_on == date(2022, 6, 7) and review.stage == PracticeReview.Stage.PUBLISHED
    assert review.published_url.endswith(page.url)
    assert post().status_code == 302  # publishing again: the same page, a new revision
    assert find_resource("dscp-lr-2022-01").pk == page.pk


@pytest.mark.parametrize(
    "name",
    ["notification", "notification-edit", "request-summaries", "decision", "panel-response"],
)
def test_every_page_that_opens_a_notification_logs_who_opened_it(panel, personas, name):
    notification = make_notification(personas.agency_a)
    uuid = (
        notification.rapid_review.uuid
        if name in {"request-summaries", "decision", "panel-response"}
        else notification.uuid
    )
    assert panel.get(reverse(f"reviews:{name}", args=[uuid])).status_code == 200
    entry = AccessEntry.objects.get()
    assert (entry.user, entry.kind, entry.record_label) == (personas.reviews_panel, "viewed", notification.reference)


@pytest.mark.parametrize(
    "name",
    ["practice-review", "practice-review-edit", "practice-review-publish", "monitoring-new", "recommendation-new"],
)
def test_every_page_that_opens_a_practice_review_logs_who_opened_it(panel, personas, name):
    review = make_practice_review()
    assert panel.get(reverse(f"reviews:{name}", args=[review.uuid])).status_code == 200
    assert AccessEntry.objects.filter(record_type="practicereview", record_id=review.pk, kind="viewed").count() == 1
