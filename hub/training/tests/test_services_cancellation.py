from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail

from hub.core.audit import entries_for
from hub.core.errors import DomainError
from hub.core.models import Agency
from hub.testing import make_agency, make_user
from hub.training.models import Booking, Charge
from hub.training.services import cancel_booking
from hub.training.tests.conftest import LONDON
from hub.training.tests.factories import (
    calendar_attachment,
    local_datetime,
    make_booking,
    make_course,
    make_event,
    training_settings,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(db):
    return make_course(
        "Voice and lived experience of the child",
        slug="voice",
        late_cancellation_charge=Decimal("50"),
        non_attendance_charge=Decimal("90"),
    )


def _at(day: date, hour: int = 17) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def test_cancelling_in_good_time_is_free_and_frees_the_place_for_the_waiting_list(
    personas, course, time_machine, django_capture_on_commit_callbacks
):
    # Starts Friday 13 June 2025: three working days back is Tuesday 10 June.
    time_machine.move_to(_at(date(2025, 6, 10), 23), tick=False)
    event = make_event(course, starts_at=local_datetime(date(2025, 6, 13)), capacity=1)
    booking = make_booking(event, personas.practitioner)
    waiting = make_booking(event, status=Booking.Status.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(booking=booking, actor=personas.practitioner, reason="Clashes with a court hearing")
    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert not booking.cancellation_chargeable
    assert booking.cancelled_by == personas.practitioner
    assert booking.cancellation_reason == "Clashes with a court hearing"
    assert not Charge.objects.exists()
    assert waiting.status == Booking.Status.OFFERED
    cancelled, offer = mail.outbox
    assert cancelled.to == [personas.practitioner.email]
    assert "There is no charge." in cancelled.body
    assert offer.to == [waiting.person.email]
    entry = entries_for(booking).get()
    assert entry.action == "training.booking.cancelled"
    assert entry.data["late"] is False
    assert entry.data["deadline"] == "2025-06-10"


def test_cancelling_after_the_deadline_is_chargeable_to_the_persons_agency(
    personas, course, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(_at(date(2025, 6, 11), 8), tick=False)
    event = make_event(course, starts_at=local_datetime(date(2025, 6, 13)))
    booking = make_booking(event, personas.practitioner)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(booking=booking, actor=personas.practitioner)
    booking.refresh_from_db()
    assert booking.cancellation_chargeable
    charge = Charge.objects.get()
    assert charge.booking == booking
    assert charge.reason == Charge.Reason.LATE_CANCELLATION
    assert charge.amount == Decimal("50.00")
    assert charge.agency == personas.agency_a
    [message] = mail.outbox
    assert "your agency will be charged £50 under the training charging policy" in message.body
    assert [entry.action for entry in entries_for(booking)] == ["training.booking.cancelled", "training.charge.created"]
    assert entries_for(booking).get(action="training.booking.cancelled").data["charge"] == "50.00"


def test_a_bank_holiday_does_not_count_as_a_working_day_of_notice(personas, course, time_machine):
    # Tuesday 27 May 2025 follows the late May bank holiday (Monday 26 May): the last free
    # day is Wednesday 21 May, not Thursday 22 May as it would be in an ordinary week.
    event = make_event(course, starts_at=local_datetime(date(2025, 5, 27)))
    on_time = make_booking(event, make_user(agency=personas.agency_a))
    late = make_booking(event, make_user(agency=personas.agency_a))
    time_machine.move_to(_at(date(2025, 5, 21), 23), tick=False)
    cancel_booking(booking=on_time, actor=on_time.person)
    time_machine.move_to(_at(date(2025, 5, 22), 9), tick=False)
    cancel_booking(booking=late, actor=late.person)
    on_time.refresh_from_db()
    late.refresh_from_db()
    assert not on_time.cancellation_chargeable
    assert late.cancellation_chargeable
    assert list(Charge.objects.values_list("booking_id", flat=True)) == [late.pk]


def test_the_notice_period_comes_from_the_training_settings(personas, course, time_machine):
    training_settings(cancellation_working_days=1)
    time_machine.move_to(_at(date(2025, 6, 11), 8), tick=False)
    booking = make_booking(make_event(course, starts_at=local_datetime(date(2025, 6, 13))), personas.practitioner)
    cancel_booking(booking=booking, actor=personas.practitioner)
    booking.refresh_from_db()
    assert not booking.cancellation_chargeable


def test_schools_are_charged_the_full_cost_for_a_late_cancellation(course, time_machine):
    course.charge_schools_full_cost = True
    course.full_cost = Decimal("120")
    course.save()
    school = make_agency("Example Primary School", sector=Agency.Sector.EDUCATION)
    time_machine.move_to(_at(date(2025, 6, 12), 9), tick=False)
    booking = make_booking(make_event(course, starts_at=local_datetime(date(2025, 6, 13))), make_user(agency=school))
    cancel_booking(booking=booking, actor=booking.person)
    charge = Charge.objects.get()
    assert charge.amount == Decimal("120.00")
    assert charge.agency == school


def test_a_late_cancellation_of_a_free_course_is_recorded_but_not_charged(
    personas, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(_at(date(2025, 6, 12), 9), tick=False)
    booking = make_booking(
        make_event(make_course(), starts_at=local_datetime(date(2025, 6, 13))), personas.practitioner
    )
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(booking=booking, actor=personas.practitioner)
    booking.refresh_from_db()
    assert booking.cancellation_chargeable
    assert not Charge.objects.exists()
    assert "There is no charge for this course." in mail.outbox[0].body


def test_leaving_the_waiting_list_or_withdrawing_a_request_is_never_charged(personas, course, time_machine):
    time_machine.move_to(_at(date(2025, 6, 12), 9), tick=False)
    event = make_event(course, starts_at=local_datetime(date(2025, 6, 13)), capacity=1)
    make_booking(event)
    waiting = make_booking(event, personas.practitioner, status=Booking.Status.WAITLISTED)
    request = make_booking(event, status=Booking.Status.PENDING_APPROVAL, manager_email="boss@example.org")
    cancel_booking(booking=waiting, actor=personas.practitioner)
    cancel_booking(booking=request, actor=request.person)
    assert not Charge.objects.exists()
    assert set(
        event.bookings.filter(status=Booking.Status.CANCELLED).values_list("cancellation_chargeable", flat=True)
    ) == {False}


def test_cancelling_a_live_offer_passes_it_on(personas, course, frozen_now, time_machine):
    event = make_event(course, capacity=1)
    offer = make_booking(event, personas.practitioner, status=Booking.Status.OFFERED)
    time_machine.move_to(frozen_now + timedelta(minutes=1), tick=False)
    next_ = make_booking(event, status=Booking.Status.WAITLISTED)
    cancel_booking(booking=offer, actor=personas.practitioner)
    next_.refresh_from_db()
    assert next_.status == Booking.Status.OFFERED


def test_a_booking_cannot_be_cancelled_twice_or_once_the_course_has_started(personas, course, frozen_now, time_machine):
    event = make_event(course, starts_at=frozen_now + timedelta(days=10))
    cancelled = make_booking(event, personas.practitioner, status=Booking.Status.CANCELLED)
    with pytest.raises(DomainError, match="already been cancelled"):
        cancel_booking(booking=cancelled, actor=personas.practitioner)
    booking = make_booking(event, personas.practitioner)
    time_machine.move_to(event.starts_at + timedelta(minutes=5), tick=False)
    with pytest.raises(DomainError, match="The course has started"):
        cancel_booking(booking=booking, actor=personas.practitioner)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_a_cancelled_booking_e_mail_has_no_calendar(personas, course, frozen_now, django_capture_on_commit_callbacks):
    booking = make_booking(make_event(course), personas.practitioner)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(booking=booking, actor=personas.practitioner)
    assert calendar_attachment(mail.outbox[0]) is None
