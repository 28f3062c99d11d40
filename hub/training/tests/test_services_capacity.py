"""services.change_capacity: places added go to the waiting list at once; places taken are never removed."""

from datetime import timedelta

import pytest
from django.core import mail

from hub.core.audit import entries_for
from hub.core.errors import DomainError
from hub.testing import make_user
from hub.training.models import Booking, CourseWaitingListEntry
from hub.training.services import change_capacity
from hub.training.tests.factories import make_booking, make_course, make_course_waiting_list_entry, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_event(frozen_now):
    """Two places, both booked, and two people on the waiting list (the first joined first)."""
    event = make_event(make_course("Neglect toolkit"), capacity=2)
    make_booking(event)
    make_booking(event)
    first = make_booking(event, status=Booking.Status.WAITLISTED, joined_at=frozen_now - timedelta(days=2))
    second = make_booking(event, status=Booking.Status.WAITLISTED, joined_at=frozen_now - timedelta(days=1))
    return event, first, second


def test_a_place_added_is_offered_at_once_to_the_first_person_waiting(
    personas, full_event, django_capture_on_commit_callbacks
):
    event, first, second = full_event

    with django_capture_on_commit_callbacks(execute=True):
        offers = change_capacity(event=event, capacity=3, actor=personas.business_unit)

    event.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert event.capacity == 3
    assert offers == [first]
    assert first.status == Booking.Status.OFFERED
    assert second.status == Booking.Status.WAITLISTED
    assert [message.to for message in mail.outbox] == [[first.person.email]]
    assert "Neglect toolkit" in mail.outbox[0].subject + mail.outbox[0].body
    entry = entries_for(event).get(action="training.event.capacity_changed")
    assert entry.actor == personas.business_unit
    assert entry.data["capacity_before"] == 2
    assert entry.data["capacity_after"] == 3
    assert entry.data["offers_made"] == [str(first.uuid)]


def test_places_added_go_to_people_waiting_for_any_date_when_nobody_waits_for_this_one(personas, frozen_now):
    course = make_course()
    event = make_event(course, capacity=1)
    make_booking(event)
    entry = make_course_waiting_list_entry(course, make_user())

    change_capacity(event=event, capacity=2, actor=personas.business_unit)

    offer = event.bookings.get(person=entry.person)
    assert offer.status == Booking.Status.OFFERED
    entry.refresh_from_db()
    assert entry.status == CourseWaitingListEntry.Status.ACTIVE  # until they accept


def test_lowering_below_the_places_taken_is_refused_and_changes_nothing(personas, frozen_now):
    event = make_event(capacity=5)
    make_booking(event)
    make_booking(event, status=Booking.Status.ATTENDED)
    make_booking(event, status=Booking.Status.PENDING_APPROVAL, holds_place=True)
    make_booking(event, status=Booking.Status.OFFERED)
    make_booking(event, status=Booking.Status.PENDING_APPROVAL, holds_place=False)  # holds nothing
    make_booking(event, status=Booking.Status.OFFERED, offer_expires_at=frozen_now - timedelta(hours=1))  # ran out

    with pytest.raises(DomainError) as refused:
        change_capacity(event=event, capacity=3, actor=personas.business_unit)

    assert refused.value.field == "capacity"
    assert refused.value.message == (
        "The number of places must be 4 or more, because 4 places are taken: 2 booked, "
        "1 held while a line manager decides and 1 offered to someone on the waiting list"
    )
    event.refresh_from_db()
    assert event.capacity == 5
    assert not entries_for(event).filter(action="training.event.capacity_changed").exists()


def test_lowering_to_the_places_taken_is_allowed_and_offers_nothing(personas, frozen_now):
    event = make_event(capacity=5)
    make_booking(event)
    make_booking(event)
    waiting = make_booking(event, status=Booking.Status.WAITLISTED)

    assert change_capacity(event=event, capacity=2, actor=personas.business_unit) == []

    event.refresh_from_db()
    waiting.refresh_from_db()
    assert event.capacity == 2
    assert waiting.status == Booking.Status.WAITLISTED
    assert entries_for(event).get(action="training.event.capacity_changed").data["capacity_after"] == 2


def test_the_number_of_places_must_be_one_or_more(personas, frozen_now):
    event = make_event(capacity=5)
    with pytest.raises(DomainError, match="Enter the number of places, 1 or more"):
        change_capacity(event=event, capacity=0, actor=personas.business_unit)


def test_the_same_number_of_places_records_nothing(personas, frozen_now):
    event = make_event(capacity=5)
    assert change_capacity(event=event, capacity=5, actor=personas.business_unit) == []
    assert not entries_for(event).exists()
