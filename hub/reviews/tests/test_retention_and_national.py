"""Retention: expired records go with their history and access log; national review learning."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from hub.core.models import Action
from hub.reviews.models import (
    AccessEntry,
    MonitoringCheck,
    NationalReview,
    Notification,
    PracticeReview,
    RapidReview,
    Recommendation,
    RetentionRule,
    SummaryRequest,
)
from hub.reviews.retention import purge_expired
from hub.reviews.services import save_versioned
from hub.reviews.tests.factories import make_notification, make_practice_review
from hub.testing import sign_in

pytestmark = pytest.mark.django_db


def test_expired_records_are_deleted_with_their_history_and_access_log(personas):
    RetentionRule.objects.filter(record_type="notification").update(years=2)
    old = make_notification(personas.agency_a, became_aware_on=date(2020, 1, 6))
    RapidReview.objects.filter(notification=old).update(decision="no-local-review", decided_on=date(2020, 1, 20))
    SummaryRequest.objects.create(rapid_review=old.rapid_review, agency=personas.agency_a, due_on=date(2020, 1, 15))
    save_versioned(old, 1, {"panel_reference": "P-1"}, actor=personas.reviews_panel)
    AccessEntry.objects.create(
        user_label="x", kind="viewed", record_type="notification", record_id=old.pk, record_label=old.reference
    )
    kept = make_notification(personas.agency_a, became_aware_on=date(2021, 6, 1))
    assert Notification.history.filter(id=old.pk).exists()

    purged = purge_expired(today=date(2022, 3, 1))

    assert purged.notifications == 1
    assert list(Notification.objects.all()) == [kept]
    assert not Notification.history.filter(id=old.pk).exists()
    assert not RapidReview.history.filter(notification_id=old.pk).exists()
    assert not SummaryRequest.history.exists()
    assert not AccessEntry.objects.filter(record_id=old.pk, record_type="notification").exists()
    assert purge_expired(today=date(2022, 3, 1)).notifications == 0


def test_a_notification_waits_for_the_review_it_opened(personas):
    RetentionRule.objects.update(years=1)
    notification = make_notification(personas.agency_a, became_aware_on=date(2019, 1, 7))
    review = make_practice_review(
        rapid_review=notification.rapid_review, published_on=date(2021, 6, 1), stage=PracticeReview.Stage.PUBLISHED
    )
    MonitoringCheck.objects.create(review=review, checked_on=date(2020, 1, 1), timeliness="yes", quality="Fine.")
    Recommendation.objects.create(review=review, number=1, text="Do better.")
    assert purge_expired(today=date(2021, 12, 1)).notifications == 0
    purged = purge_expired(today=date(2022, 7, 1))
    assert (purged.practice_reviews, purged.notifications) == (1, 1)
    assert not MonitoringCheck.history.exists() and not Recommendation.history.exists()


def test_reviews_in_progress_are_never_purged(personas):
    RetentionRule.objects.update(years=1)
    make_practice_review(decided_on=date(2015, 1, 1), stage=PracticeReview.Stage.IN_PROGRESS)
    assert purge_expired(today=date(2022, 1, 1)).practice_reviews == 0


def test_a_panel_member_records_a_national_review_and_raises_an_action(client, personas):
    panel = sign_in(client, personas.reviews_panel)
    data = {
        "title": "The myth of invisible men",
        "published_by": "Child Safeguarding Practice Review Panel",
        "published_on_day": 15,
        "published_on_month": 9,
        "published_on_year": 2021,
        "summary": "Men are unseen.",
        "local_response": "We changed the assessment.",
    }
    refused = panel.post(reverse("reviews:national-review-new"), data)
    assert refused.status_code == 400
    assert "Enter the date the partnership agreed its response" in refused.content.decode()
    data |= {"responded_on_day": 8, "responded_on_month": 12, "responded_on_year": 2021}
    assert panel.post(reverse("reviews:national-review-new"), data).status_code == 302
    review = NationalReview.objects.get()
    url = reverse("reviews:national-review-action", args=[review.uuid])
    action = {"title": "Record every adult", "owner_agency": personas.agency_a.pk}
    action |= {"due_on_day": 31, "due_on_month": 3, "due_on_year": 2030}
    assert panel.post(url, action).status_code == 302
    assert Action.objects.get().source == review
