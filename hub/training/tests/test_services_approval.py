from datetime import timedelta

import pytest
from django.core import mail, signing
from django.utils import timezone

from hub.core.audit import entries_for
from hub.core.errors import DomainError
from hub.testing import make_user
from hub.training import notifications
from hub.training.models import Booking, CourseWaitingListEntry
from hub.training.services import approve_booking, book_place, decline_booking_approval
from hub.training.tests.factories import (
    calendar_attachment,
    local_datetime,
    make_booking,
    make_course,
    make_course_waiting_list_entry,
    make_event,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(frozen_now):
    course = make_course("Safeguarding managers and DSLs", slug="dsl", needs_manager_approval=True)
    return make_event(course, starts_at=local_datetime(frozen_now.date() + timedelta(days=20)), capacity=1)


@pytest.fixture
def request_(event, personas):
    return book_place(
        event=event, person=personas.practitioner, actor=personas.practitioner, manager_email="manager@example.org"
    )


def test_approving_a_request_that_holds_a_place_confirms_it_with_a_calendar(
    personas, request_, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approve_booking(booking=request_, actor=personas.manager)
    request_.refresh_from_db()
    assert request_.status == Booking.Status.CONFIRMED
    assert not request_.holds_place
    assert request_.approver == personas.manager
    assert request_.approval_decided_at is not None
    [message] = mail.outbox
    assert message.to == [personas.practitioner.email]
    assert "Your line manager approved your booking. Your place is booked." in message.body
    assert calendar_attachment(message) is not None
    assert [entry.action for entry in entries_for(request_)] == [
        "training.booking.confirmed",
        "training.booking.approved",
        "training.booking.approval_requested",
    ]


def test_approving_a_request_made_when_the_event_was_full_puts_it_on_the_waiting_list(
    personas, event, django_capture_on_commit_callbacks
):
    make_booking(event)
    booking = book_place(
        event=event, person=personas.practitioner, actor=personas.practitioner, manager_email="manager@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        approve_booking(booking=booking, actor=None)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.WAITLISTED
    assert booking.joined_at is not None
    assert booking.approver is None
    [message] = mail.outbox
    assert "Your line manager approved your booking, but the course date is now full" in message.body


def test_approving_a_request_made_when_full_confirms_it_if_a_place_has_come_free(personas, event):
    other = make_booking(event)
    booking = book_place(
        event=event, person=personas.practitioner, actor=personas.practitioner, manager_email="manager@example.org"
    )
    Booking.objects.filter(pk=other.pk).update(status=Booking.Status.CANCELLED, cancelled_at=timezone.now())
    assert approve_booking(booking=booking, actor=personas.manager).status == Booking.Status.CONFIRMED


def test_declining_approval_records_the_reason_tells_the_delegate_and_offers_the_held_place(
    personas, request_, event, time_machine, frozen_now, django_capture_on_commit_callbacks
):
    time_machine.move_to(frozen_now + timedelta(minutes=5), tick=False)
    waiting = make_booking(event, status=Booking.Status.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        decline_booking_approval(booking=request_, actor=personas.manager, reason="Not a priority this quarter")
    request_.refresh_from_db()
    waiting.refresh_from_db()
    assert request_.status == Booking.Status.DECLINED
    assert request_.approval_note == "Not a priority this quarter"
    assert not request_.holds_place
    assert waiting.status == Booking.Status.OFFERED
    declined, offer = mail.outbox
    assert declined.to == [personas.practitioner.email]
    assert "Their reason: Not a priority this quarter" in declined.body
    assert offer.to == [waiting.person.email]
    assert entries_for(request_).first().action == "training.booking.approval_declined"


def test_declining_needs_a_reason(personas, request_):
    with pytest.raises(DomainError) as error:
        decline_booking_approval(booking=request_, actor=personas.manager, reason="  ")
    assert error.value.message == "Enter why you are not approving this booking"
    request_.refresh_from_db()
    assert request_.status == Booking.Status.PENDING_APPROVAL


def test_a_decision_cannot_be_made_twice(personas, request_):
    approve_booking(booking=request_, actor=personas.manager)
    with pytest.raises(DomainError, match="no longer waiting for approval"):
        decline_booking_approval(booking=request_, actor=personas.manager, reason="Changed my mind")
    request_.refresh_from_db()
    assert request_.status == Booking.Status.CONFIRMED


def test_a_manager_declining_an_offer_taken_from_the_course_list_ends_the_wait_for_other_dates(
    personas, event, frozen_now
):
    entry = make_course_waiting_list_entry(event.course, personas.practitioner, manager_email="manager@example.org")
    booking = make_booking(
        event,
        personas.practitioner,
        status=Booking.Status.PENDING_APPROVAL,
        holds_place=True,
        course_waiting_list_entry=entry,
        manager_email="manager@example.org",
    )
    decline_booking_approval(booking=booking, actor=None, reason="Booked on an in-house course instead")
    entry.refresh_from_db()
    assert entry.status == CourseWaitingListEntry.Status.WITHDRAWN


def test_the_approval_link_names_the_booking_and_the_manager_and_cannot_be_altered(request_):
    token = notifications.approval_token(request_)
    assert notifications.read_approval_token(token) == (str(request_.uuid), "manager@example.org")
    with pytest.raises(signing.BadSignature):
        notifications.read_approval_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    with pytest.raises(signing.BadSignature):
        # An offer token is not an approval token.
        notifications.read_approval_token(notifications.offer_token(request_))


def test_the_approval_link_falls_back_to_the_account_page_until_the_view_exists(request_, settings):
    url = notifications.approval_url(request_)
    assert url.startswith(settings.SITE_URL)


def test_booking_by_the_business_unit_for_someone_still_needs_approval(personas, event):
    colleague = make_user(agency=personas.agency_a)
    booking = book_place(event=event, person=colleague, actor=personas.business_unit, manager_email="boss@example.org")
    assert booking.status == Booking.Status.PENDING_APPROVAL
    assert booking.booked_by == personas.business_unit
