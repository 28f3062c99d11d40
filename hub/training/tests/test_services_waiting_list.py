from datetime import timedelta

import pytest
from django.core import mail, signing

from hub.core.audit import entries_for
from hub.core.errors import DomainError
from hub.testing import make_user
from hub.training import notifications
from hub.training.models import Booking, BookingBlock, CourseWaitingListEntry
from hub.training.services import (
    accept_offer,
    decline_offer,
    expire_offers,
    leave_course_waiting_list,
    offer_next_place,
    reorder_course_waiting_list,
    reorder_waiting_list,
)
from hub.training.tests.factories import (
    local_datetime,
    make_booking,
    make_course,
    make_course_waiting_list_entry,
    make_event,
    training_settings,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(frozen_now):
    course = make_course("Harmful sexual behaviour", slug="hsb")
    return make_event(course, starts_at=local_datetime(frozen_now.date() + timedelta(days=20)), capacity=1)


def _wait(event, time_machine, frozen_now, minutes, **fields):
    """Someone joins the event's waiting list ``minutes`` after the frozen time."""
    time_machine.move_to(frozen_now + timedelta(minutes=minutes), tick=False)
    return make_booking(event, status=Booking.Status.WAITLISTED, **fields)


def test_a_free_place_is_offered_to_the_longest_waiting_person_for_the_offer_period(
    event, time_machine, frozen_now, django_capture_on_commit_callbacks
):
    second = _wait(event, time_machine, frozen_now, 2)
    first = _wait(event, time_machine, frozen_now, 1)
    first.joined_at = frozen_now + timedelta(minutes=1)
    second.joined_at = frozen_now + timedelta(minutes=2)
    Booking.objects.bulk_update([first, second], ["joined_at"])
    time_machine.move_to(frozen_now + timedelta(hours=1), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        [offer] = offer_next_place(event=event)
    assert offer.pk == first.pk
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Booking.Status.OFFERED
    assert first.offer_expires_at == frozen_now + timedelta(hours=49)
    assert second.status == Booking.Status.WAITLISTED
    [message] = mail.outbox
    assert message.to == [first.person.email]
    assert "Accept or turn down the place by 11am on Saturday 3 May 2025" in message.body
    assert entries_for(first).get().action == "training.booking.offered"


def test_priority_goes_before_time_on_the_waiting_list(event, time_machine, frozen_now):
    _wait(event, time_machine, frozen_now, 1)
    favoured = _wait(event, time_machine, frozen_now, 2, priority=5)
    [offer] = offer_next_place(event=event)
    assert offer.pk == favoured.pk


def test_an_offer_never_outlasts_the_start_of_the_course(time_machine, frozen_now):
    event = make_event(starts_at=frozen_now + timedelta(hours=20), capacity=1)
    waiting = make_booking(event, status=Booking.Status.WAITLISTED)
    offer_next_place(event=event)
    waiting.refresh_from_db()
    assert waiting.offer_expires_at == event.starts_at


def test_the_offer_period_comes_from_the_training_settings(event):
    training_settings(offer_hours=24)
    waiting = make_booking(event, status=Booking.Status.WAITLISTED)
    offer_next_place(event=event)
    waiting.refresh_from_db()
    assert waiting.offer_expires_at - waiting.offered_at == timedelta(hours=24)


def test_no_offer_is_made_while_the_event_is_full(event):
    make_booking(event)
    waiting = make_booking(event, status=Booking.Status.WAITLISTED)
    assert offer_next_place(event=event) == []
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.WAITLISTED


def test_people_blocked_from_booking_are_passed_over(event, time_machine, frozen_now):
    blocked = _wait(event, time_machine, frozen_now, 1)
    BookingBlock.objects.create(person=blocked.person, reason="Did not attend 3 courses")
    next_ = _wait(event, time_machine, frozen_now, 2)
    [offer] = offer_next_place(event=event)
    assert offer.pk == next_.pk


def test_accepting_an_offer_confirms_the_place(personas, event, django_capture_on_commit_callbacks):
    offer = make_booking(event, personas.practitioner, status=Booking.Status.OFFERED)
    with django_capture_on_commit_callbacks(execute=True):
        accept_offer(booking=offer, actor=personas.practitioner)
    offer.refresh_from_db()
    assert offer.status == Booking.Status.CONFIRMED
    [message] = mail.outbox
    assert "Thank you for accepting the place. Your place is booked." in message.body
    assert [entry.action for entry in entries_for(offer)] == [
        "training.booking.confirmed",
        "training.booking.offer_accepted",
    ]


def test_an_offer_that_ran_out_cannot_be_accepted(personas, event, time_machine, frozen_now):
    offer = make_booking(event, personas.practitioner, status=Booking.Status.OFFERED)
    time_machine.move_to(offer.offer_expires_at, tick=False)
    with pytest.raises(DomainError, match="The offer of this place ran out at 10am on Saturday 3 May 2025"):
        accept_offer(booking=offer, actor=personas.practitioner)
    offer.refresh_from_db()
    assert offer.status == Booking.Status.OFFERED


def test_declining_an_offer_passes_the_place_to_the_next_person(
    personas, event, time_machine, frozen_now, django_capture_on_commit_callbacks
):
    offer = make_booking(event, personas.practitioner, status=Booking.Status.OFFERED)
    next_ = _wait(event, time_machine, frozen_now, 5)
    with django_capture_on_commit_callbacks(execute=True):
        decline_offer(booking=offer, actor=personas.practitioner)
    offer.refresh_from_db()
    next_.refresh_from_db()
    assert offer.status == Booking.Status.OFFER_DECLINED
    assert next_.status == Booking.Status.OFFERED
    acknowledgement, new_offer = mail.outbox
    assert acknowledgement.to == [personas.practitioner.email]
    assert "You turned down the place" in acknowledgement.subject
    assert new_offer.to == [next_.person.email]
    assert entries_for(offer).first().action == "training.booking.offer_declined"
    with pytest.raises(DomainError, match="no longer on offer"):
        accept_offer(booking=offer, actor=personas.practitioner)


def test_expired_offers_move_to_the_next_person(
    personas, event, time_machine, frozen_now, django_capture_on_commit_callbacks
):
    offer = make_booking(event, personas.practitioner, status=Booking.Status.OFFERED)
    next_ = _wait(event, time_machine, frozen_now, 5)
    time_machine.move_to(frozen_now + timedelta(hours=47), tick=False)
    assert expire_offers() == 0
    time_machine.move_to(frozen_now + timedelta(hours=48), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_offers() == 1
    offer.refresh_from_db()
    next_.refresh_from_db()
    assert offer.status == Booking.Status.EXPIRED
    assert next_.status == Booking.Status.OFFERED
    assert next_.offer_expires_at == frozen_now + timedelta(hours=96)
    expired, new_offer = mail.outbox
    assert expired.to == [personas.practitioner.email]
    assert "did not hear back in time" in expired.body
    assert new_offer.to == [next_.person.email]
    assert entries_for(offer).first().action == "training.booking.offer_expired"
    assert expire_offers() == 0


def test_when_nobody_waits_for_the_date_people_waiting_for_the_course_are_offered_it(
    personas, event, time_machine, frozen_now, django_capture_on_commit_callbacks
):
    later = make_course_waiting_list_entry(event.course, make_user(), joined_at=frozen_now - timedelta(days=1))
    earlier = make_course_waiting_list_entry(
        event.course, personas.practitioner, joined_at=frozen_now - timedelta(days=3)
    )
    with django_capture_on_commit_callbacks(execute=True):
        [offer] = offer_next_place(event=event)
    assert offer.person == personas.practitioner
    assert offer.course_waiting_list_entry == earlier
    assert offer.status == Booking.Status.OFFERED
    [message] = mail.outbox
    assert message.to == [personas.practitioner.email]
    with django_capture_on_commit_callbacks(execute=True):
        accept_offer(booking=offer, actor=personas.practitioner)
    earlier.refresh_from_db()
    later.refresh_from_db()
    assert earlier.status == CourseWaitingListEntry.Status.FULFILLED
    assert later.status == CourseWaitingListEntry.Status.ACTIVE


def test_the_event_waiting_list_goes_before_the_course_waiting_list(event, time_machine, frozen_now):
    make_course_waiting_list_entry(event.course, joined_at=frozen_now - timedelta(days=30))
    waiting = _wait(event, time_machine, frozen_now, 1)
    [offer] = offer_next_place(event=event)
    assert offer.pk == waiting.pk


def test_someone_who_let_an_offer_for_a_date_lapse_is_not_offered_that_date_again(event, frozen_now):
    entry = make_course_waiting_list_entry(event.course, joined_at=frozen_now - timedelta(days=3))
    make_booking(event, entry.person, status=Booking.Status.EXPIRED, course_waiting_list_entry=entry)
    assert offer_next_place(event=event) == []
    entry.refresh_from_db()
    assert entry.status == CourseWaitingListEntry.Status.ACTIVE


def test_an_offer_from_the_course_list_on_a_course_needing_approval_asks_the_manager_and_keeps_the_place(
    personas, frozen_now, django_capture_on_commit_callbacks
):
    course = make_course(needs_manager_approval=True)
    event = make_event(course, capacity=1)
    make_course_waiting_list_entry(course, personas.practitioner, manager_email="manager@example.org")
    [offer] = offer_next_place(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        accept_offer(booking=offer, actor=personas.practitioner)
    offer.refresh_from_db()
    assert offer.status == Booking.Status.PENDING_APPROVAL
    assert offer.holds_place
    assert event.places_left() == 0
    assert mail.outbox[0].to == ["manager@example.org"]


def test_leaving_the_course_waiting_list(personas, event):
    entry = make_course_waiting_list_entry(event.course, personas.practitioner)
    leave_course_waiting_list(entry=entry, actor=personas.practitioner)
    entry.refresh_from_db()
    assert entry.status == CourseWaitingListEntry.Status.WITHDRAWN
    assert entry.closed_at is not None
    assert offer_next_place(event=event) == []
    with pytest.raises(DomainError, match="no longer on the waiting list"):
        leave_course_waiting_list(entry=entry, actor=personas.practitioner)


def test_the_business_unit_reorders_the_waiting_list_with_a_recorded_reason(personas, event, time_machine, frozen_now):
    _wait(event, time_machine, frozen_now, 1)
    moved = _wait(event, time_machine, frozen_now, 2)
    reorder_waiting_list(
        booking=moved, priority=10, reason="Designated safeguarding lead for a new school", actor=personas.business_unit
    )
    moved.refresh_from_db()
    assert moved.priority == 10
    entry = entries_for(moved).get()
    assert entry.action == "training.waiting_list.reordered"
    assert entry.actor == personas.business_unit
    assert entry.data == {
        "priority_before": 0,
        "priority_after": 10,
        "reason": "Designated safeguarding lead for a new school",
    }
    [offer] = offer_next_place(event=event)
    assert offer.pk == moved.pk


def test_reordering_needs_a_reason_and_the_business_unit(personas, event):
    waiting = make_booking(event, status=Booking.Status.WAITLISTED)
    with pytest.raises(DomainError, match="Only the business unit"):
        reorder_waiting_list(booking=waiting, priority=3, reason="Friend of mine", actor=personas.practitioner)
    with pytest.raises(DomainError) as error:
        reorder_waiting_list(booking=waiting, priority=3, reason="", actor=personas.business_unit)
    assert error.value.field == "reason"
    waiting.refresh_from_db()
    assert waiting.priority == 0
    assert not entries_for(waiting).exists()


def test_the_business_unit_reorders_the_course_waiting_list_with_a_recorded_reason(personas, event):
    entry = make_course_waiting_list_entry(event.course)
    reorder_course_waiting_list(entry=entry, priority=2, reason="Urgent training need", actor=personas.business_unit)
    entry.refresh_from_db()
    assert entry.priority == 2
    audit = entries_for(event.course).get()
    assert audit.action == "training.course_waiting_list.reordered"
    assert audit.data["reason"] == "Urgent training need"


def test_the_offer_link_names_the_booking_and_cannot_be_altered(event):
    offer = make_booking(event, status=Booking.Status.OFFERED)
    token = notifications.offer_token(offer)
    assert notifications.read_offer_token(token) == str(offer.uuid)
    with pytest.raises(signing.BadSignature):
        notifications.read_offer_token(token + "x")


def test_the_offer_link_stops_working_a_week_after_the_offer_period(event, time_machine, frozen_now):
    offer = make_booking(event, status=Booking.Status.OFFERED)
    token = notifications.offer_token(offer)
    time_machine.move_to(frozen_now + timedelta(hours=48, days=7, seconds=1), tick=False)
    with pytest.raises(signing.SignatureExpired):
        notifications.read_offer_token(token)
