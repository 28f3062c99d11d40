"""The yearly report's aggregate figures with small numbers suppressed, and the deadline e-mails."""

from __future__ import annotations

from datetime import date

import pytest

from hub.reviews import jobs
from hub.reviews.models import ClockAlert, PracticeReview, RapidReview, ReviewSettings
from hub.reviews.reports import report_sections, suppress
from hub.reviews.tests.factories import make_notification, make_practice_review

pytestmark = pytest.mark.django_db


def test_counts_below_the_threshold_are_suppressed():
    assert suppress(0, 5) == 0
    assert suppress(3, 5) == "fewer than 5"
    assert suppress(5, 5) == 5


def test_the_report_section_shows_aggregates_only(personas):
    notifications = [make_notification(personas.agency_a, became_aware_on=date(2021, 6, day)) for day in range(1, 7)]
    RapidReview.objects.filter(notification__in=notifications).update(
        decision=RapidReview.Decision.NO_LOCAL_REVIEW, decided_on=date(2021, 7, 1)
    )
    make_practice_review(published_on=date(2021, 9, 1), stage=PracticeReview.Stage.PUBLISHED)
    [section] = report_sections("2021-22")
    values = {figure.label: figure.value for figure in section.figures}
    assert values["Serious incidents notified"] == 6
    assert values["Rapid reviews completed"] == 6
    assert values["Practice reviews published"] == "fewer than 5"
    text = repr(section)
    assert all(notification.reference not in text for notification in notifications)


def test_the_threshold_is_configurable(personas):
    settings = ReviewSettings.load()
    settings.small_number_threshold = 2
    settings.save()
    make_notification(personas.agency_a, became_aware_on=date(2021, 6, 1))
    make_notification(personas.agency_a, became_aware_on=date(2021, 6, 2))
    [section] = report_sections("2021-22")
    assert section.figures[0].value == 2


def test_no_section_for_a_year_without_reviews():
    assert report_sections("2019-20") == []


def test_reminders_and_missed_deadline_alerts_go_once(personas, mailoutbox):
    make_notification(personas.agency_a, became_aware_on=date(2022, 4, 14))
    # Three working days before the 25 April notification deadline: Wednesday 20 April.
    assert jobs.send_clock_alerts(log=lambda _: None, today=date(2022, 4, 20)) == 1
    assert "is due 25 April 2022" in mailoutbox[-1].subject
    assert jobs.send_clock_alerts(log=lambda _: None, today=date(2022, 4, 20)) == 0
    # After both deadlines passed: the notification and the rapid review are missed, each alerted once.
    assert jobs.send_clock_alerts(log=lambda _: None, today=date(2022, 5, 20)) == 2
    assert jobs.send_clock_alerts(log=lambda _: None, today=date(2022, 5, 21)) == 0
    assert ClockAlert.objects.count() == 3
    assert "panel@example.org" in mailoutbox[-1].to
    assert "A fictional incident" not in mailoutbox[-1].body


def test_a_broken_access_log_is_reported_to_the_chairs(personas, mailoutbox):
    from hub.core import roles
    from hub.reviews.access import record
    from hub.reviews.models import AccessEntry
    from hub.testing import make_user

    make_user("chair@example.org", roles_=(roles.REVIEWS_CHAIR,))
    notification = make_notification(personas.agency_a)

    class Request:
        user = personas.reviews_panel
        path = "/reviews/"
        META = {"REMOTE_ADDR": "127.0.0.1"}

    record(Request(), "viewed", notification)
    record(Request(), "viewed", notification)
    assert jobs.verify_access_log(log=lambda _: None) is True
    AccessEntry.objects.filter(pk=AccessEntry.objects.order_by("id").first().pk).update(detail="changed")
    assert jobs.verify_access_log(log=lambda _: None) is False
    assert mailoutbox[-1].to == ["chair@example.org"]
