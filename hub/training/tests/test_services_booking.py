from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError

from hub.core.audit import entries_for
from hub.core.errors import DomainError
from hub.testing import make_user
from hub.training.models import Booking, BookingBlock, Course, CourseWaitingListEntry, Level
from hub.training.services import book_place, join_course_waiting_list
from hub.training.tests.factories import (
    calendar_attachment,
    html_body,
    local_datetime,
    make_booking,
    make_course,
    make_course_waiting_list_entry,
    make_event,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(frozen_now):
    course = make_course("Understanding cumulative harm", slug="cumulative-harm")
    return make_event(course, starts_at=local_datetime(frozen_now.date() + timedelta(days=20)), capacity=2, days=2)


def test_booking_a_free_place_confirms_it_and_sends_a_calendar_with_one_entry_per_session(
    personas, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book_place(event=event, person=personas.practitioner, actor=personas.practitioner)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.confirmed_at is not None
    assert event.places_left() == 1
    [message] = mail.outbox
    assert message.to == [personas.practitioner.email]
    assert message.subject == "Your place is booked: Understanding cumulative harm"
    assert "cancel by Friday 16 May 2025" in message.body
    calendar = calendar_attachment(message)
    sessions = list(calendar.walk("VEVENT"))
    assert [str(item["summary"]) for item in sessions] == [
        "Understanding cumulative harm (session 1 of 2)",
        "Understanding cumulative harm (session 2 of 2)",
    ]
    assert [item.decoded("dtstart") for item in sessions] == [s.starts_at for s in event.sessions.all()]
    assert "Your place is booked" in html_body(message)
    assert [entry.action for entry in entries_for(booking)] == ["training.booking.confirmed"]


def test_the_joining_link_is_only_in_the_confirmation_of_a_confirmed_place(
    personas, frozen_now, django_capture_on_commit_callbacks
):
    course = make_course(delivery_mode=Course.DeliveryMode.LIVE_ONLINE)
    event = make_event(
        course,
        capacity=1,
        joining_link="https://teams.example.org/join/abc",
        starts_at=local_datetime(frozen_now.date() + timedelta(days=20)),
    )
    colleague = make_user(agency=personas.agency_a)
    with django_capture_on_commit_callbacks(execute=True):
        book_place(event=event, person=personas.practitioner, actor=personas.practitioner)
        book_place(event=event, person=colleague, actor=colleague)
    confirmed, waiting = mail.outbox
    assert "https://teams.example.org/join/abc" in confirmed.body
    assert "https://teams.example.org/join/abc" in html_body(confirmed)
    [session] = calendar_attachment(confirmed).walk("VEVENT")
    assert str(session["url"]) == "https://teams.example.org/join/abc"
    assert "teams.example.org" not in waiting.body
    assert "teams.example.org" not in html_body(waiting)
    assert calendar_attachment(waiting) is None


def test_booking_a_full_event_puts_the_person_on_its_waiting_list(personas, event, django_capture_on_commit_callbacks):
    make_booking(event, status=Booking.Status.CONFIRMED)
    make_booking(event, status=Booking.Status.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        booking = book_place(event=event, person=personas.practitioner, actor=personas.practitioner)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.WAITLISTED
    assert booking.joined_at is not None
    [message] = mail.outbox
    assert message.subject == "You are on the waiting list: Understanding cumulative harm"
    assert [entry.action for entry in entries_for(booking)] == ["training.booking.waitlisted"]


def test_a_live_offer_holds_a_place_so_the_next_booker_waits(personas, event):
    make_booking(event, status=Booking.Status.CONFIRMED)
    make_booking(event, status=Booking.Status.OFFERED)
    booking = book_place(event=event, person=personas.practitioner, actor=personas.practitioner)
    assert booking.status == Booking.Status.WAITLISTED


def test_a_course_needing_approval_waits_for_the_manager_and_holds_the_free_place(
    personas, event, django_capture_on_commit_callbacks
):
    event.course.needs_manager_approval = True
    event.course.save()
    with django_capture_on_commit_callbacks(execute=True):
        booking = book_place(
            event=event,
            person=personas.practitioner,
            actor=personas.practitioner,
            manager_email="Manager@Example.org",
            manager_name="Morgan Manager",
        )
    booking.refresh_from_db()
    assert booking.status == Booking.Status.PENDING_APPROVAL
    assert booking.holds_place
    assert booking.manager_email == "manager@example.org"
    assert event.places_left() == 1
    to_manager, to_person = mail.outbox
    assert to_manager.to == ["manager@example.org"]
    assert "Dear Morgan Manager" in to_manager.body
    assert "Approve or decline the booking: http://" in to_manager.body
    assert to_person.to == [personas.practitioner.email]
    assert "keeping a place for you" in to_person.body
    assert [entry.action for entry in entries_for(booking)] == ["training.booking.approval_requested"]


def test_a_request_for_approval_on_a_full_event_holds_no_place(personas, event):
    event.course.needs_manager_approval = True
    event.course.save()
    make_booking(event)
    make_booking(event)
    booking = book_place(
        event=event, person=personas.practitioner, actor=personas.practitioner, manager_email="manager@example.org"
    )
    assert booking.status == Booking.Status.PENDING_APPROVAL
    assert not booking.holds_place


@pytest.mark.parametrize(
    ("manager_email", "message"),
    [
        ("", "Enter your line manager's e-mail address"),
        ("not-an-address", "Enter your line manager's e-mail address in the correct format, like name@example.org"),
        ("practitioner@example.org", "Enter your line manager's e-mail address, not your own"),
    ],
)
def test_a_course_needing_approval_refuses_a_missing_or_wrong_manager_address(personas, event, manager_email, message):
    event.course.needs_manager_approval = True
    event.course.save()
    with pytest.raises(DomainError) as error:
        book_place(event=event, person=personas.practitioner, actor=personas.practitioner, manager_email=manager_email)
    assert error.value.message == message
    assert error.value.field == "manager_email"
    assert not Booking.objects.exists()


def test_booking_twice_is_refused(personas, event):
    book_place(event=event, person=personas.practitioner, actor=personas.practitioner)
    with pytest.raises(DomainError, match="You already have a place on this course date"):
        book_place(event=event, person=personas.practitioner, actor=personas.practitioner)
    assert event.bookings.count() == 1


def test_booking_again_after_cancelling_is_allowed(personas, event):
    make_booking(event, personas.practitioner, status=Booking.Status.CANCELLED)
    booking = book_place(event=event, person=personas.practitioner, actor=personas.practitioner)
    assert booking.status == Booking.Status.CONFIRMED


def test_the_database_refuses_a_second_active_booking_for_the_same_person(personas, event):
    make_booking(event, personas.practitioner, status=Booking.Status.WAITLISTED)
    with pytest.raises(IntegrityError):
        make_booking(event, personas.practitioner, status=Booking.Status.CONFIRMED)


def test_booking_is_refused_before_it_opens_and_after_it_closes(personas, event, frozen_now):
    event.booking_opens_at = frozen_now + timedelta(days=1)
    event.save()
    with pytest.raises(DomainError, match="Booking for this course date opens at 10am on Friday 2 May 2025"):
        book_place(event=event, person=personas.practitioner, actor=personas.practitioner)
    event.booking_opens_at = frozen_now - timedelta(days=5)
    event.booking_closes_at = frozen_now - timedelta(minutes=1)
    event.save()
    with pytest.raises(DomainError, match="Booking for this course date has closed"):
        book_place(event=event, person=personas.practitioner, actor=personas.practitioner)
    assert not Booking.objects.exists()


def test_booking_a_cancelled_or_started_event_is_refused(personas, event, frozen_now, time_machine):
    event.status = event.Status.CANCELLED
    event.cancelled_at = frozen_now
    event.save()
    with pytest.raises(DomainError, match="This course date has been cancelled"):
        book_place(event=event, person=personas.practitioner, actor=personas.practitioner)
    started = make_event(starts_at=frozen_now - timedelta(hours=1))
    with pytest.raises(DomainError, match="This course date has already started"):
        book_place(event=started, person=personas.practitioner, actor=personas.practitioner)


def test_a_blocked_person_cannot_book_for_themselves_but_the_business_unit_can_book_them(personas, event):
    BookingBlock.objects.create(person=personas.practitioner, reason="Did not attend 3 courses in 12 months")
    with pytest.raises(DomainError, match="You cannot book training at the moment"):
        book_place(event=event, person=personas.practitioner, actor=personas.practitioner)
    booking = book_place(event=event, person=personas.practitioner, actor=personas.business_unit)
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.booked_by == personas.business_unit


def test_a_prerequisite_course_must_have_been_attended(personas, event, frozen_now):
    foundation = make_course("Foundations of safeguarding", slug="foundations")
    event.course.prerequisite_course = foundation
    event.course.save()
    with pytest.raises(DomainError, match="You need to attend ‘Foundations of safeguarding’"):
        book_place(event=event, person=personas.practitioner, actor=personas.practitioner)
    past = make_event(foundation, starts_at=frozen_now - timedelta(days=40))
    make_booking(past, personas.practitioner, status=Booking.Status.PARTLY_ATTENDED)
    with pytest.raises(DomainError):
        book_place(event=event, person=personas.practitioner, actor=personas.practitioner)
    make_booking(
        make_event(foundation, starts_at=frozen_now - timedelta(days=20)),
        personas.practitioner,
        status=Booking.Status.ATTENDED,
    )
    assert book_place(event=event, person=personas.practitioner, actor=personas.practitioner).is_confirmed


def test_a_prerequisite_level_is_met_by_any_course_at_that_level_or_above(personas, event, frozen_now):
    event.course.prerequisite_level = Level.TWO
    event.course.save()
    with pytest.raises(DomainError, match="You need to attend a level 2 course"):
        book_place(event=event, person=personas.practitioner, actor=personas.practitioner)
    level_three = make_course(level=Level.THREE)
    make_booking(
        make_event(level_three, starts_at=frozen_now - timedelta(days=9)),
        personas.practitioner,
        status=Booking.Status.ATTENDED,
    )
    assert book_place(event=event, person=personas.practitioner, actor=personas.practitioner).is_confirmed


def test_booking_a_confirmed_place_ends_the_persons_wait_for_any_date_of_the_course(personas, event):
    entry = make_course_waiting_list_entry(event.course, personas.practitioner)
    book_place(event=event, person=personas.practitioner, actor=personas.practitioner)
    entry.refresh_from_db()
    assert entry.status == CourseWaitingListEntry.Status.FULFILLED


def test_joining_the_course_waiting_list_when_every_date_is_full(personas, event, django_capture_on_commit_callbacks):
    make_booking(event)
    make_booking(event)
    with django_capture_on_commit_callbacks(execute=True):
        entry = join_course_waiting_list(course=event.course, person=personas.practitioner, actor=personas.practitioner)
    assert entry.status == CourseWaitingListEntry.Status.ACTIVE
    [message] = mail.outbox
    assert "waiting list for Understanding cumulative harm, for any date" in message.body
    assert entries_for(event.course).get().action == "training.course_waiting_list.joined"
    with pytest.raises(DomainError, match="You are already on the waiting list for this course"):
        join_course_waiting_list(course=event.course, person=personas.practitioner, actor=personas.practitioner)


def test_joining_the_course_waiting_list_is_refused_while_a_date_has_places(personas, event):
    with pytest.raises(DomainError, match="There are places left on Wednesday 21 May 2025: book that date instead"):
        join_course_waiting_list(course=event.course, person=personas.practitioner, actor=personas.practitioner)
