from datetime import timedelta

import pytest
from django.core import mail

from hub.core.audit import entries_for
from hub.core.errors import DomainError
from hub.testing import make_user
from hub.training.models import Booking, BookingBlock
from hub.training.services import substitute_delegate
from hub.training.tests.factories import calendar_attachment, make_booking, make_course, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(personas, frozen_now):
    event = make_event(make_course("Child protection conferences", slug="cp-conference"), capacity=1)
    return make_booking(event, personas.practitioner)


def test_a_place_passes_to_a_colleague_from_the_same_agency(personas, booking, django_capture_on_commit_callbacks):
    colleague = make_user(agency=personas.agency_a, first_name="Sam", last_name="Colleague")
    with django_capture_on_commit_callbacks(execute=True):
        replacement = substitute_delegate(booking=booking, new_person=colleague, actor=personas.practitioner)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.SUBSTITUTED
    assert replacement.status == Booking.Status.CONFIRMED
    assert replacement.person == colleague
    assert replacement.substituted_from == booking
    assert booking.event.places_left() == 0
    to_original, to_colleague = mail.outbox
    assert to_original.to == [personas.practitioner.email]
    assert "Your place has passed to your colleague Sam Colleague" in to_original.body
    assert to_colleague.to == [colleague.email]
    assert "has passed their place to you" in to_colleague.body
    assert calendar_attachment(to_colleague) is not None
    audit = entries_for(booking).get()
    assert audit.action == "training.booking.substituted"
    assert audit.data["to"] == colleague.email
    assert entries_for(replacement).get().action == "training.booking.confirmed"


def test_a_colleague_from_another_agency_cannot_take_the_place(personas, booking):
    with pytest.raises(DomainError) as error:
        substitute_delegate(booking=booking, new_person=personas.spoc_b, actor=personas.practitioner)
    assert error.value.message == "Choose a colleague from Agency A"
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_a_colleague_already_booked_or_blocked_cannot_take_the_place(personas, booking):
    booked = make_user(agency=personas.agency_a, first_name="Ali", last_name="Booked")
    make_booking(booking.event, booked, status=Booking.Status.WAITLISTED)
    with pytest.raises(DomainError, match="Ali Booked is already on the waiting list for this course date"):
        substitute_delegate(booking=booking, new_person=booked, actor=personas.practitioner)
    blocked = make_user(agency=personas.agency_a, first_name="Bo", last_name="Blocked")
    BookingBlock.objects.create(person=blocked, reason="Did not attend")
    with pytest.raises(DomainError, match="Bo Blocked cannot be booked on training at the moment"):
        substitute_delegate(booking=booking, new_person=blocked, actor=personas.practitioner)


def test_only_a_confirmed_place_before_the_start_can_be_passed_on(personas, booking, time_machine):
    colleague = make_user(agency=personas.agency_a)
    waiting = make_booking(booking.event, make_user(agency=personas.agency_a), status=Booking.Status.WAITLISTED)
    with pytest.raises(DomainError, match="Only a confirmed place"):
        substitute_delegate(booking=waiting, new_person=colleague, actor=waiting.person)
    time_machine.move_to(booking.event.starts_at + timedelta(minutes=1), tick=False)
    with pytest.raises(DomainError, match="The course has started"):
        substitute_delegate(booking=booking, new_person=colleague, actor=personas.practitioner)


def test_a_person_cannot_substitute_themselves(personas, booking):
    with pytest.raises(DomainError, match="Choose a colleague, not the person already booked"):
        substitute_delegate(booking=booking, new_person=personas.practitioner, actor=personas.practitioner)
