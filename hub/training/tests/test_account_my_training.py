"""The practitioner's /account/training/: offers, upcoming, waiting lists and history."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from hub.testing import assert_same_query_count, make_user
from hub.training.models import Booking, BookingBlock, Certificate, Charge, Course, Evaluation
from hub.training.tests.factories import (
    local_datetime,
    make_booking,
    make_course,
    make_course_waiting_list_entry,
    make_event,
)

pytestmark = pytest.mark.django_db

URL = reverse("training:my-training")
JOINING_LINK = "https://meet.example.org/room-42"


def _day(frozen_now, days):
    return local_datetime(frozen_now.date() + timedelta(days=days))


def test_someone_signed_out_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign-in"))


def test_an_empty_account_says_there_is_nothing_yet(client_for, personas):
    page = client_for(personas.practitioner).get(URL).content.decode()
    assert "You have no upcoming courses booked." in page
    assert "You are not on any waiting lists." in page
    assert "Courses you have attended will be listed here." in page
    assert reverse("training:programme") in page


def test_upcoming_bookings_show_status_dates_venue_calendar_and_cancel(client_for, personas, frozen_now):
    event = make_event(make_course("Neglect toolkit"), starts_at=_day(frozen_now, 20), venue_name="Aykley Heads")
    booking = make_booking(event, personas.practitioner)
    page = client_for(personas.practitioner).get(URL).content.decode()
    assert "Neglect toolkit" in page
    assert "Wednesday 21 May 2025, 9:30am to 12:30pm" in page
    assert "Aykley Heads" in page
    assert '<strong class="govuk-tag govuk-tag--green">Booked</strong>' in page
    assert reverse("training:booking-ics", kwargs={"uuid": booking.uuid}) in page
    assert reverse("training:booking-cancel", kwargs={"uuid": booking.uuid}) in page


def test_the_joining_link_is_shown_only_for_a_confirmed_place(client_for, personas, frozen_now):
    online = make_course(delivery_mode=Course.DeliveryMode.LIVE_ONLINE)
    client = client_for(personas.practitioner)
    pending = make_booking(
        make_event(online, starts_at=_day(frozen_now, 20), joining_link=JOINING_LINK),
        personas.practitioner,
        status=Booking.Status.PENDING_APPROVAL,
        manager_email="boss@example.org",
    )
    assert JOINING_LINK not in client.get(URL).content.decode()
    Booking.objects.filter(pk=pending.pk).update(status=Booking.Status.CONFIRMED)
    assert JOINING_LINK in client.get(URL).content.decode()


def test_offers_to_answer_are_listed_first_with_their_deadline(client_for, personas, frozen_now):
    event = make_event(make_course("Cumulative harm"), starts_at=_day(frozen_now, 20))
    offer = make_booking(
        event,
        personas.practitioner,
        status=Booking.Status.OFFERED,
        offered_at=frozen_now,
        offer_expires_at=frozen_now + timedelta(hours=48),
    )
    page = client_for(personas.practitioner).get(URL).content.decode()
    assert "Places offered to you" in page
    assert "10am on 3 May 2025" in page
    assert reverse("training:booking-offer", kwargs={"uuid": offer.uuid}) in page


def test_waiting_list_places_show_the_position_for_a_date_and_for_any_date(client_for, personas, frozen_now):
    event = make_event(make_course("Voice of the child"), starts_at=_day(frozen_now, 20), capacity=1)
    make_booking(event)
    make_booking(event, status=Booking.Status.WAITLISTED, joined_at=frozen_now - timedelta(days=2))
    make_booking(event, status=Booking.Status.WAITLISTED, joined_at=frozen_now - timedelta(days=1))
    mine = make_booking(event, personas.practitioner, status=Booking.Status.WAITLISTED, joined_at=frozen_now)
    course = make_course("Harmful sexual behaviour")
    make_course_waiting_list_entry(course, joined_at=frozen_now - timedelta(days=3))
    entry = make_course_waiting_list_entry(course, personas.practitioner, joined_at=frozen_now)
    page = client_for(personas.practitioner).get(URL).content.decode()
    assert page.count("Number 3") == 1
    assert page.count("Number 2") == 1
    assert "Any date" in page
    assert reverse("training:booking-cancel", kwargs={"uuid": mine.uuid}) in page
    assert reverse("training:course-wait-leave", kwargs={"uuid": entry.uuid}) in page


def test_a_higher_priority_given_by_the_business_unit_moves_someone_ahead(client_for, personas, frozen_now):
    event = make_event(make_course(), starts_at=_day(frozen_now, 20), capacity=1)
    make_booking(event)
    make_booking(event, status=Booking.Status.WAITLISTED, joined_at=frozen_now - timedelta(days=5))
    make_booking(event, personas.practitioner, status=Booking.Status.WAITLISTED, joined_at=frozen_now, priority=1)
    assert "Number 1" in client_for(personas.practitioner).get(URL).content.decode()


def test_history_shows_attendance_charges_and_the_evaluation_and_certificate_links(client_for, personas, frozen_now):
    course = make_course("Level 3 child protection", non_attendance_charge=Decimal("90"))
    to_evaluate = make_booking(make_event(course, starts_at=_day(frozen_now, -10)), personas.practitioner)
    Booking.objects.filter(pk=to_evaluate.pk).update(status=Booking.Status.ATTENDED, attendance_marked_at=frozen_now)
    certified = make_booking(
        make_event(course, starts_at=_day(frozen_now, -60)), personas.practitioner, status=Booking.Status.ATTENDED
    )
    Evaluation.objects.create(
        booking=certified,
        confidence_before=4,
        confidence_after=8,
        content_rating=5,
        trainer_rating=5,
        materials_rating=4,
        overall_rating=5,
        will_do_differently="Use chronologies",
    )
    Certificate.objects.create(booking=certified)
    missed = make_booking(
        make_event(course, starts_at=_day(frozen_now, -30)), personas.practitioner, status=Booking.Status.NO_SHOW
    )
    Charge.objects.create(booking=missed, reason=Charge.Reason.NO_SHOW, amount=Decimal("90"))
    page = client_for(personas.practitioner).get(URL).content.decode()
    assert reverse("training:evaluate", kwargs={"uuid": to_evaluate.uuid}) in page
    assert reverse("training:evaluate", kwargs={"uuid": certified.uuid}) not in page
    assert reverse("training:certificate", kwargs={"uuid": certified.uuid}) in page
    assert "Did not attend" in page
    assert "Non-attendance: your agency is charged £90" in page
    # Most recent first.
    assert page.index(str(to_evaluate.uuid)) < page.index(str(missed.uuid)) < page.index(str(certified.uuid))


def test_a_booking_block_is_explained(client_for, personas):
    BookingBlock.objects.create(person=personas.practitioner, reason="Did not attend 3 courses in 12 months")
    page = client_for(personas.practitioner).get(URL).content.decode()
    assert "You cannot book training at the moment." in page
    assert "The reason recorded: Did not attend 3 courses in 12 months." in page


def test_a_line_manager_sees_how_many_bookings_wait_for_their_approval(client_for, personas, frozen_now):
    for _ in range(2):
        make_booking(
            make_event(make_course(needs_manager_approval=True), starts_at=_day(frozen_now, 20)),
            status=Booking.Status.PENDING_APPROVAL,
            manager_email=personas.manager.email,
        )
    page = client_for(personas.manager).get(URL).content.decode()
    assert "2 bookings waiting for your approval" in page
    assert reverse("training:approvals") in page


def test_other_peoples_bookings_are_not_listed(client_for, personas, frozen_now):
    colleague = make_user(agency=personas.agency_a)
    make_booking(make_event(make_course("Someone else's course"), starts_at=_day(frozen_now, 20)), colleague)
    page = client_for(personas.practitioner).get(URL).content.decode()
    assert "Someone else&#x27;s course" not in page


def test_the_page_costs_the_same_queries_with_1_and_50_bookings(client_for, personas, frozen_now):
    client = client_for(personas.practitioner)
    statuses = [
        Booking.Status.CONFIRMED,
        Booking.Status.WAITLISTED,
        Booking.Status.PENDING_APPROVAL,
        Booking.Status.OFFERED,
        Booking.Status.ATTENDED,
        Booking.Status.NO_SHOW,
        Booking.Status.CANCELLED,
    ]
    made = []

    def make_rows(count):
        for _ in range(count):
            status = statuses[len(made) % len(statuses)]
            past = status in Booking.ATTENDANCE_STATUSES
            event = make_event(make_course(), starts_at=_day(frozen_now, -20 if past else 20))
            booking = make_booking(event, personas.practitioner, status=status)
            if status == Booking.Status.NO_SHOW:
                Charge.objects.create(booking=booking, reason=Charge.Reason.NO_SHOW, amount=Decimal("50"))
            made.append(make_course_waiting_list_entry(make_course(), personas.practitioner))

    response = assert_same_query_count(client, URL, make_rows)
    assert response.content.decode().count("Number 1") >= 7
