from datetime import date, datetime, timedelta

import pytest
from django.core import mail

from hub.core.audit import entries_for
from hub.training.models import Booking, Course, ReminderSent
from hub.training.services import send_due_reminders
from hub.training.tests.conftest import LONDON
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event

pytestmark = pytest.mark.django_db

# The course starts at 9:30am on Monday 16 June 2025.
START_DAY = date(2025, 6, 16)


@pytest.fixture
def booking(personas):
    course = make_course(
        "Management understanding and decision making",
        slug="management",
        delivery_mode=Course.DeliveryMode.LIVE_ONLINE,
    )
    event = make_event(course, starts_at=local_datetime(START_DAY), joining_link="https://teams.example.org/j/1")
    return make_booking(event, personas.practitioner)


def _on(day: date, hour: int = 7):
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def test_reminders_go_two_weeks_five_days_and_one_day_before_each_once(
    booking, time_machine, django_capture_on_commit_callbacks
):
    sent = []
    for days_before in range(20, -1, -1):
        time_machine.move_to(_on(START_DAY - timedelta(days=days_before)), tick=False)
        for _ in range(2):  # the scheduled job may run more than once a day
            with django_capture_on_commit_callbacks(execute=True):
                if send_due_reminders():
                    sent.append(days_before)
    assert sent == [14, 5, 1]
    assert [m.subject for m in mail.outbox] == [
        "Course details: Management understanding and decision making",
        "Joining instructions: Management understanding and decision making",
        "Your course is tomorrow: Management understanding and decision making",
    ]
    assert all(m.to == [booking.person.email] for m in mail.outbox)
    assert "https://teams.example.org/j/1" in mail.outbox[1].body
    assert "Join a few minutes early" in mail.outbox[1].body
    assert set(ReminderSent.objects.values_list("kind", flat=True)) == {"14-day", "5-day", "day-before"}
    assert [e.data["kind"] for e in entries_for(booking)] == ["day-before", "5-day", "14-day"]


def test_someone_booking_late_gets_only_the_latest_reminder_due(booking, time_machine):
    time_machine.move_to(_on(START_DAY - timedelta(days=3)), tick=False)
    assert send_due_reminders() == 1
    assert list(ReminderSent.objects.values_list("kind", flat=True)) == [ReminderSent.Kind.FIVE_DAYS]


def test_no_reminders_for_people_without_a_confirmed_place_or_cancelled_events(booking, time_machine, personas):
    make_booking(booking.event, status=Booking.Status.WAITLISTED)
    make_booking(booking.event, status=Booking.Status.CANCELLED)
    other = make_event(starts_at=local_datetime(START_DAY))
    make_booking(other)
    other.status = other.Status.CANCELLED
    other.cancelled_at = other.starts_at - timedelta(days=30)
    other.save()
    time_machine.move_to(_on(START_DAY - timedelta(days=1)), tick=False)
    assert send_due_reminders() == 1
    assert ReminderSent.objects.get().booking == booking


def test_no_reminder_once_the_course_has_started(booking, time_machine):
    time_machine.move_to(booking.event.starts_at + timedelta(minutes=1), tick=False)
    assert send_due_reminders() == 0
