"""The training demo: the 2021/22 programme, Safeguarding Week 2021 and open dates in the coming months."""

from decimal import Decimal

import pytest
from django.utils import timezone

from hub.core import demo as core_demo
from hub.core.models import AuditEntry
from hub.training import demo
from hub.training.models import (
    Booking,
    Certificate,
    Charge,
    Course,
    Evaluation,
    Event,
    ImpactResponse,
    SafeguardingWeek,
    WeekEvaluation,
)

pytestmark = pytest.mark.django_db

COUNTED = (Course, Event, Booking, Charge, Evaluation, Certificate, ImpactResponse, WeekEvaluation, AuditEntry)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def loaded(django_capture_on_commit_callbacks, mailoutbox):
    core_demo.load(lambda line: None)
    lines = []
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(lines.append)
    return lines


def test_demo_builds_the_2021_22_programme_and_open_dates_and_a_second_run_changes_nothing(loaded, mailoutbox):
    # Levels 1 to 4 and the seed's themes, with the charging rules.
    courses = Course.objects.filter(slug__in=[c.slug for c in demo.COURSES])
    assert set(courses.values_list("level", flat=True)) == {1, 2, 3, 4}
    themes = set(courses.values_list("themes__slug", flat=True))
    assert {
        "management-decision-making",
        "voice-of-the-child",
        "cumulative-harm",
        "child-sexual-abuse",
        "harmful-sexual-behaviour",
        "signs-of-safety",
    } <= themes
    voice = Course.objects.get(slug="voice-and-lived-experience")
    assert voice.non_attendance_charge == Decimal("50.00")
    assert Course.objects.get(slug="cumulative-harm").late_cancellation_charge == Decimal("90.00")
    assert Course.objects.get(slug="designated-safeguarding-leads").charge_schools_full_cost

    # 2021/22: registers taken with some no-shows and late cancellations, which are charged.
    year = Booking.objects.filter(event__starts_at__year__in=(2021, 2022), event__starts_at__lt=timezone.now())
    assert year.filter(status=Booking.Status.ATTENDED).count() > 100
    assert year.filter(status=Booking.Status.NO_SHOW).exists()
    assert Charge.objects.filter(reason=Charge.Reason.NO_SHOW).exists()
    assert Charge.objects.filter(reason=Charge.Reason.LATE_CANCELLATION, amount=Decimal("90.00")).exists()
    assert Evaluation.objects.count() > 50
    assert Certificate.objects.count() > 40
    assert ImpactResponse.objects.filter(chosen_for_report=True).count() >= 5

    # Safeguarding Week 2021: twenty sessions, evaluated as a week.
    week = SafeguardingWeek.objects.get(slug=demo.WEEK_SLUG)
    assert week.events.count() == 20
    assert week.evaluations.exists()

    # The coming months: open dates, some full with a waiting list, one course needing approval.
    upcoming = Event.objects.upcoming()
    assert upcoming.count() >= 9
    assert any(event.booking_is_open() and not event.is_full() for event in upcoming)
    assert Booking.objects.filter(event__in=upcoming, status=Booking.Status.WAITLISTED).exists()
    pending = Booking.objects.get(
        event__in=upcoming, status=Booking.Status.PENDING_APPROVAL, person__email=demo._email("chris.hughes")
    )
    assert pending.manager_email == demo._email("priya.shah")

    # Every booking went through the services, so each has its audit trail; no e-mail was sent.
    booking = Booking.objects.filter(status=Booking.Status.NO_SHOW).first()
    assert AuditEntry.objects.filter(action="training.booking.no_show", object_id=str(booking.pk)).exists()
    assert mailoutbox == []
    assert "courses" in loaded[-1]

    before = _counts()
    demo.load(lambda line: None)
    assert _counts() == before
