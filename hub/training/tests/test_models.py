from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hub.core.models import Agency
from hub.testing import make_agency, make_user
from hub.training.models import (
    VERIFICATION_ALPHABET,
    Booking,
    Certificate,
    Charge,
    Course,
    Event,
    EventSession,
    ReminderSent,
    TrainingSettings,
)
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event

pytestmark = pytest.mark.django_db


def test_places_left_counts_confirmed_used_and_held_places_and_live_offers(frozen_now):
    event = make_event(capacity=10)
    for status in (
        Booking.Status.CONFIRMED,
        Booking.Status.ATTENDED,
        Booking.Status.NO_SHOW,
        Booking.Status.OFFERED,
    ):
        make_booking(event, status=status)
    make_booking(event, status=Booking.Status.PENDING_APPROVAL, holds_place=True)
    # None of these takes a place.
    make_booking(event, status=Booking.Status.PENDING_APPROVAL, holds_place=False)
    make_booking(event, status=Booking.Status.WAITLISTED)
    make_booking(event, status=Booking.Status.CANCELLED)
    make_booking(event, status=Booking.Status.EXPIRED)
    make_booking(event, status=Booking.Status.OFFERED, offer_expires_at=frozen_now - timedelta(minutes=1))
    assert event.places_taken() == 5
    assert event.places_left() == 5
    assert not event.is_full()


def test_the_list_annotation_gives_the_same_places_left_without_further_queries(frozen_now, django_assert_num_queries):
    full = make_event(capacity=1)
    make_booking(full)
    roomy = make_event(capacity=3)
    make_booking(roomy, status=Booking.Status.OFFERED)
    with django_assert_num_queries(1):
        events = {event.pk: event for event in Event.objects.with_places_left()}
        assert events[full.pk].places_left() == 0
        assert events[roomy.pk].places_left() == 2
        assert events[roomy.pk].places_taken() == 1


def test_the_cancellation_deadline_counts_working_days_back_from_the_start():
    # Tuesday 27 May 2025 follows the late May bank holiday: three working days back is Wednesday.
    event = make_event(starts_at=local_datetime(date(2025, 5, 27)))
    assert event.cancellation_deadline(3) == date(2025, 5, 21)
    event = make_event(starts_at=local_datetime(date(2025, 6, 3)))
    assert event.cancellation_deadline(3) == date(2025, 5, 29)


def test_the_cancellation_deadline_uses_the_training_settings_by_default():
    settings = TrainingSettings.load()
    settings.cancellation_working_days = 5
    settings.save()
    event = make_event(starts_at=local_datetime(date(2025, 6, 6)))
    assert event.cancellation_deadline() == date(2025, 5, 30)


def test_sync_dates_copies_the_first_start_and_last_end_of_the_sessions():
    event = make_event(starts_at=local_datetime(date(2025, 6, 3)), days=2, hours=3)
    EventSession.objects.create(
        event=event, starts_at=local_datetime(date(2025, 6, 10)), ends_at=local_datetime(date(2025, 6, 10), 16)
    )
    event.sync_dates()
    event.refresh_from_db()
    assert event.starts_at == local_datetime(date(2025, 6, 3))
    assert event.ends_at == local_datetime(date(2025, 6, 10), 16)
    assert event.is_multi_day


def test_booking_is_open_only_inside_its_window_and_before_the_start(frozen_now):
    event = make_event(starts_at=frozen_now + timedelta(days=3))
    assert event.booking_is_open()
    event.booking_opens_at = frozen_now + timedelta(hours=1)
    assert not event.booking_is_open()
    event.booking_opens_at = None
    event.booking_closes_at = frozen_now
    assert not event.booking_is_open()
    event.booking_closes_at = None
    assert not event.booking_is_open(frozen_now + timedelta(days=3))


def test_trainers_of_the_event_replace_the_course_trainers():
    course_trainer, event_trainer = make_user(), make_user()
    course = make_course(trainers=[course_trainer])
    event = make_event(course)
    assert event.delivering_trainers() == [course_trainer]
    assert event.is_trainer(course_trainer)
    event.trainers.set([event_trainer])
    assert event.delivering_trainers() == [event_trainer]
    assert not event.is_trainer(course_trainer)
    assert event.is_trainer(event_trainer)


@pytest.mark.parametrize(
    ("sector", "reason", "expected"),
    [
        (Agency.Sector.HEALTH, Charge.Reason.LATE_CANCELLATION, Decimal("40.00")),
        (Agency.Sector.HEALTH, Charge.Reason.NO_SHOW, Decimal("90.00")),
        (Agency.Sector.EDUCATION, Charge.Reason.NO_SHOW, Decimal("150.00")),
        (Agency.Sector.EDUCATION, Charge.Reason.LATE_CANCELLATION, Decimal("150.00")),
    ],
)
def test_the_charge_follows_the_course_rule_and_schools_pay_the_full_cost(sector, reason, expected):
    course = make_course(
        late_cancellation_charge=Decimal("40"),
        non_attendance_charge=Decimal("90"),
        charge_schools_full_cost=True,
        full_cost=Decimal("150"),
    )
    booking = make_booking(make_event(course), make_user(agency=make_agency(sector=sector)))
    assert course.charge_for(booking, reason) == expected


def test_a_course_without_charges_charges_nothing():
    course = make_course()
    booking = make_booking(make_event(course))
    assert course.charge_for(booking, Charge.Reason.NO_SHOW) == Decimal("0")


def test_the_database_refuses_schools_full_cost_without_a_cost():
    with pytest.raises(IntegrityError):
        make_course(charge_schools_full_cost=True, full_cost=None)


@pytest.mark.parametrize("level", [0, 5])
def test_the_database_refuses_a_level_outside_1_to_4(level):
    with pytest.raises(IntegrityError):
        make_course(level=level)


def test_the_database_refuses_an_event_without_places():
    with pytest.raises(IntegrityError):
        make_event(capacity=0)


def test_the_database_refuses_an_offer_without_an_expiry():
    with pytest.raises(IntegrityError):
        make_booking(status=Booking.Status.OFFERED, offer_expires_at=None)


def test_the_database_refuses_a_hold_on_a_place_by_a_booking_not_waiting_for_approval():
    with pytest.raises(IntegrityError):
        make_booking(status=Booking.Status.CONFIRMED, holds_place=True)


def test_the_database_refuses_an_unknown_status():
    with pytest.raises(IntegrityError):
        make_booking(status="lost")


def test_a_person_may_have_any_number_of_closed_bookings_for_one_event():
    event = make_event()
    person = make_user()
    make_booking(event, person, status=Booking.Status.CANCELLED)
    make_booking(event, person, status=Booking.Status.EXPIRED)
    make_booking(event, person, status=Booking.Status.CONFIRMED)
    assert event.bookings.filter(person=person).count() == 3


def test_a_reminder_of_one_kind_is_recorded_once_per_booking():
    booking = make_booking()
    ReminderSent.objects.create(booking=booking, kind=ReminderSent.Kind.FIVE_DAYS)
    ReminderSent.objects.create(booking=booking, kind=ReminderSent.Kind.DAY_BEFORE)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderSent.objects.create(booking=booking, kind=ReminderSent.Kind.FIVE_DAYS)


def test_certificate_codes_are_long_random_and_unambiguous():
    codes = {
        Certificate.objects.create(booking=make_booking(status=Booking.Status.ATTENDED)).verification_code
        for _ in range(5)
    }
    assert len(codes) == 5
    for code in codes:
        assert len(code) >= 10
        assert set(code) <= set(VERIFICATION_ALPHABET)


def test_an_elearning_course_needs_its_link():
    course = Course(
        title="Online basics",
        slug="online-basics",
        summary="x",
        duration_hours=Decimal("1.5"),
        delivery_mode=Course.DeliveryMode.ELEARNING,
    )
    with pytest.raises(ValidationError) as error:
        course.full_clean()
    assert error.value.message_dict["elearning_url"] == ["Enter the link to the e-learning course"]


def test_learning_outcomes_are_one_per_line():
    course = make_course(learning_outcomes="Recognise neglect\n\n  Record concerns  \nRefer early\n")
    assert course.outcomes == ["Recognise neglect", "Record concerns", "Refer early"]
