from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail

from hub.core.audit import entries_for
from hub.core.errors import DomainError
from hub.training.models import Booking, BookingBlock, Charge
from hub.training.services import book_place, lift_block, mark_attendance, waive_charge
from hub.training.tests.factories import make_booking, make_course, make_event, training_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(db):
    return make_course("Neglect: recognising cumulative harm", slug="neglect", non_attendance_charge=Decimal("90"))


@pytest.fixture
def started(course, frozen_now):
    return make_event(course, starts_at=frozen_now - timedelta(hours=1))


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Booking.Status.ATTENDED, "training.booking.attended"),
        (Booking.Status.PARTLY_ATTENDED, "training.booking.partly_attended"),
    ],
)
def test_the_register_records_attendance(personas, started, status, action, frozen_now):
    booking = make_booking(started, personas.practitioner)
    trainer = personas.business_unit
    mark_attendance(booking=booking, status=status, actor=trainer)
    booking.refresh_from_db()
    assert booking.status == status
    assert booking.attendance_marked_at == frozen_now
    assert booking.attendance_marked_by == trainer
    assert entries_for(booking).get().action == action
    assert not Charge.objects.exists()


def test_a_no_show_is_charged_and_the_delegate_and_manager_are_told(
    personas, started, django_capture_on_commit_callbacks
):
    booking = make_booking(started, personas.practitioner, manager_email="manager@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        mark_attendance(booking=booking, status=Booking.Status.NO_SHOW, actor=personas.business_unit)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.NO_SHOW
    charge = Charge.objects.get()
    assert (charge.reason, charge.amount, charge.agency) == (Charge.Reason.NO_SHOW, Decimal("90.00"), personas.agency_a)
    [message] = mail.outbox
    assert message.to == [personas.practitioner.email]
    assert message.cc == ["manager@example.org"]
    assert "your agency will be charged £90 for the unused place" in message.body
    assert [entry.action for entry in entries_for(booking)] == ["training.charge.created", "training.booking.no_show"]


def test_correcting_a_no_show_waives_its_charge_and_marking_it_again_reinstates_it(personas, started):
    booking = make_booking(started, personas.practitioner)
    mark_attendance(booking=booking, status=Booking.Status.NO_SHOW, actor=personas.business_unit)
    mark_attendance(booking=booking, status=Booking.Status.ATTENDED, actor=personas.business_unit)
    charge = Charge.objects.get()
    assert charge.waived
    assert charge.waived_reason == "The register was corrected: the delegate attended"
    mark_attendance(booking=booking, status=Booking.Status.NO_SHOW, actor=personas.business_unit)
    charge.refresh_from_db()
    assert not charge.waived
    assert Charge.objects.count() == 1


def test_the_register_cannot_be_taken_before_the_start_or_for_people_without_a_place(personas, course, started):
    future = make_booking(make_event(course), personas.practitioner)
    with pytest.raises(DomainError, match="once the course has started"):
        mark_attendance(booking=future, status=Booking.Status.ATTENDED, actor=personas.business_unit)
    waiting = make_booking(started, status=Booking.Status.WAITLISTED)
    with pytest.raises(DomainError, match="Only delegates with a place"):
        mark_attendance(booking=waiting, status=Booking.Status.ATTENDED, actor=personas.business_unit)
    with pytest.raises(DomainError) as error:
        mark_attendance(booking=future, status="late", actor=personas.business_unit)
    assert error.value.field == "status"


def test_repeated_no_shows_block_self_booking_until_the_business_unit_lifts_it(
    personas, course, frozen_now, django_capture_on_commit_callbacks
):
    training_settings(no_show_block_count=3, no_show_block_months=12)
    # One no-show over a year ago does not count.
    old = make_booking(make_event(course, starts_at=frozen_now - timedelta(days=400)), personas.practitioner)
    mark_attendance(booking=old, status=Booking.Status.NO_SHOW, actor=personas.business_unit)
    for days in (200, 100):
        booking = make_booking(make_event(course, starts_at=frozen_now - timedelta(days=days)), personas.practitioner)
        mark_attendance(booking=booking, status=Booking.Status.NO_SHOW, actor=personas.business_unit)
    assert not BookingBlock.objects.exists()
    third = make_booking(make_event(course, starts_at=frozen_now - timedelta(days=1)), personas.practitioner)
    with django_capture_on_commit_callbacks(execute=True):
        mark_attendance(booking=third, status=Booking.Status.NO_SHOW, actor=personas.business_unit)
    block = BookingBlock.objects.get()
    assert block.person == personas.practitioner
    assert block.reason == "Did not attend 3 courses in 12 months"
    assert mail.outbox[-1].subject == "You cannot book training at the moment"
    assert entries_for(block).get().action == "training.block.created"

    upcoming = make_event(course)
    with pytest.raises(DomainError, match="You cannot book training at the moment"):
        book_place(event=upcoming, person=personas.practitioner, actor=personas.practitioner)

    with pytest.raises(DomainError, match="Only the business unit"):
        lift_block(block=block, actor=personas.practitioner, reason="Please")
    with django_capture_on_commit_callbacks(execute=True):
        lift_block(block=block, actor=personas.business_unit, reason="Spoke to their manager; illness explained it")
    block.refresh_from_db()
    assert block.lifted_at == frozen_now
    assert block.lifted_by == personas.business_unit
    assert mail.outbox[-1].subject == "You can book training again"
    assert entries_for(block).first().action == "training.block.lifted"
    assert book_place(event=upcoming, person=personas.practitioner, actor=personas.practitioner).is_confirmed


def test_lifting_a_block_needs_a_reason(personas):
    block = BookingBlock.objects.create(person=personas.practitioner, reason="Did not attend 3 courses in 12 months")
    with pytest.raises(DomainError) as error:
        lift_block(block=block, actor=personas.business_unit, reason="")
    assert error.value.message == "Enter why you are lifting the booking block"
    block.refresh_from_db()
    assert block.is_active


def test_the_business_unit_waives_a_charge_with_a_reason(personas, started):
    booking = make_booking(started, personas.practitioner)
    mark_attendance(booking=booking, status=Booking.Status.NO_SHOW, actor=personas.business_unit)
    charge = Charge.objects.get()
    with pytest.raises(DomainError, match="Enter why you are waiving this charge"):
        waive_charge(charge=charge, actor=personas.business_unit, reason=" ")
    waive_charge(charge=charge, actor=personas.business_unit, reason="Called away to a child protection emergency")
    charge.refresh_from_db()
    assert charge.waived
    assert charge.waived_by == personas.business_unit
    with pytest.raises(DomainError, match="already been waived"):
        waive_charge(charge=charge, actor=personas.business_unit, reason="Again")
