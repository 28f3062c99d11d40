from datetime import timedelta

import pytest
from django.core import mail

from hub.core.audit import entries_for
from hub.core.errors import DomainError
from hub.testing import make_user
from hub.training.models import Booking, CourseWaitingListEntry, Event
from hub.training.services import cancel_event, create_event, set_event_sessions
from hub.training.tests.factories import (
    calendar_attachment,
    make_booking,
    make_course,
    make_course_waiting_list_entry,
    make_event,
)

pytestmark = pytest.mark.django_db


def _sessions(start, days=1):
    return [(start + timedelta(days=d), start + timedelta(days=d, hours=3)) for d in range(days)]


def test_a_new_date_is_offered_first_to_people_waiting_for_the_course(
    personas, frozen_now, django_capture_on_commit_callbacks
):
    course = make_course("Harmful sexual behaviour", slug="hsb")
    waiting = [
        make_course_waiting_list_entry(course, make_user(), joined_at=frozen_now - timedelta(days=d)) for d in (3, 2, 1)
    ]
    start = frozen_now + timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        event = create_event(
            course=course,
            sessions=_sessions(start, days=2),
            capacity=2,
            actor=personas.business_unit,
            venue_name="Room 4",
        )
    assert event.starts_at == start
    assert event.ends_at == start + timedelta(days=1, hours=3)
    offers = list(event.bookings.order_by("joined_at"))
    assert [b.person for b in offers] == [waiting[0].person, waiting[1].person]
    assert {b.status for b in offers} == {Booking.Status.OFFERED}
    assert event.places_left() == 0
    assert len(mail.outbox) == 2
    assert entries_for(event).get().action == "training.event.created"
    waiting[2].refresh_from_db()
    assert waiting[2].status == CourseWaitingListEntry.Status.ACTIVE


def test_a_new_date_needs_sessions_that_end_after_they_start_and_places(personas, frozen_now):
    course = make_course()
    start = frozen_now + timedelta(days=3)
    with pytest.raises(DomainError, match="Add at least one session"):
        create_event(course=course, sessions=[], capacity=10, actor=personas.business_unit)
    with pytest.raises(DomainError, match="Each session must end after it starts"):
        create_event(course=course, sessions=[(start, start)], capacity=10, actor=personas.business_unit)
    with pytest.raises(DomainError, match="Sessions must not overlap"):
        create_event(
            course=course,
            sessions=[(start, start + timedelta(hours=3)), (start + timedelta(hours=1), start + timedelta(hours=4))],
            capacity=10,
            actor=personas.business_unit,
        )
    with pytest.raises(DomainError, match="Enter the number of places, 1 or more"):
        create_event(course=course, sessions=_sessions(start), capacity=0, actor=personas.business_unit)
    assert not Event.objects.exists()


def test_changing_sessions_keeps_the_event_dates_in_step(personas, frozen_now):
    event = make_event()
    start = frozen_now + timedelta(days=50)
    set_event_sessions(event=event, sessions=_sessions(start, days=3), actor=personas.business_unit)
    event.refresh_from_db()
    assert event.sessions.count() == 3
    assert event.starts_at == start
    assert event.ends_at == start + timedelta(days=2, hours=3)
    assert entries_for(event).get().action == "training.event.sessions_changed"


def test_cancelling_a_date_cancels_every_active_booking_free_of_charge_and_tells_each_person(
    personas, frozen_now, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1, starts_at=frozen_now + timedelta(days=1))
    confirmed = make_booking(event, personas.practitioner)
    waiting = make_booking(event, status=Booking.Status.WAITLISTED)
    earlier = make_booking(event, status=Booking.Status.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_event(event=event, actor=personas.business_unit, reason="The trainer is unwell")
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    for booking in (confirmed, waiting):
        booking.refresh_from_db()
        assert booking.status == Booking.Status.CANCELLED
        assert not booking.cancellation_chargeable
    assert {m.to[0] for m in mail.outbox} == {confirmed.person.email, waiting.person.email}
    message = next(m for m in mail.outbox if m.to == [confirmed.person.email])
    assert "Reason: The trainer is unwell" in message.body
    calendar = calendar_attachment(message)
    assert str(calendar["method"]) == "CANCEL"
    assert {str(item["status"]) for item in calendar.walk("VEVENT")} == {"CANCELLED"}
    assert entries_for(event).get().data == {"reason": "The trainer is unwell", "bookings_cancelled": 2}
    earlier.refresh_from_db()
    assert earlier.cancelled_by is None
