"""One booking's page and its calendar file: /account/training/bookings/<uuid>/ and calendar.ics."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from icalendar import Calendar

from hub.testing import make_user
from hub.training.models import Booking, Charge, Course
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event

pytestmark = pytest.mark.django_db

JOINING_LINK = "https://meet.example.org/room-7"


@pytest.fixture
def event(frozen_now):
    course = make_course("Online safety", delivery_mode=Course.DeliveryMode.LIVE_ONLINE, slug="online-safety")
    return make_event(
        course, starts_at=local_datetime(frozen_now.date() + timedelta(days=20)), days=2, joining_link=JOINING_LINK
    )


def _detail(booking):
    return reverse("training:booking-detail", kwargs={"uuid": booking.uuid})


def _ics(booking):
    return reverse("training:booking-ics", kwargs={"uuid": booking.uuid})


def test_a_confirmed_place_shows_every_session_the_joining_link_and_what_can_be_done(client_for, personas, event):
    booking = make_booking(event, personas.practitioner)
    page = client_for(personas.practitioner).get(_detail(booking)).content.decode()
    assert "Your place is booked" in page
    assert "Wednesday 21 May 2025, 9:30am to 12:30pm" in page
    assert "Thursday 22 May 2025, 9:30am to 12:30pm" in page
    assert JOINING_LINK in page
    assert "Friday 16 May 2025" in page  # free cancellation deadline
    assert _ics(booking) in page
    assert reverse("training:booking-substitute", kwargs={"uuid": booking.uuid}) in page
    assert reverse("training:booking-cancel", kwargs={"uuid": booking.uuid}) in page


def test_a_waiting_list_place_shows_its_position_and_no_joining_link(client_for, personas, event):
    make_booking(event, status=Booking.Status.WAITLISTED)
    booking = make_booking(event, personas.practitioner, status=Booking.Status.WAITLISTED)
    page = client_for(personas.practitioner).get(_detail(booking)).content.decode()
    assert "You are number 2 on the waiting list for this date." in page
    assert JOINING_LINK not in page
    assert "Leave the waiting list" in page
    assert _ics(booking) not in page


def test_a_declined_request_gives_the_managers_reason(client_for, personas, event, frozen_now):
    booking = make_booking(
        event,
        personas.practitioner,
        status=Booking.Status.DECLINED,
        manager_email="boss@example.org",
        approval_note="Not this quarter",
        approval_decided_at=frozen_now,
    )
    page = client_for(personas.practitioner).get(_detail(booking)).content.decode()
    assert "Your line manager did not approve this booking. Their reason: ‘Not this quarter’." in page
    assert "Cancel your" not in page


def test_a_late_cancellation_shows_its_charge(client_for, personas, event, frozen_now):
    booking = make_booking(event, personas.practitioner, status=Booking.Status.CANCELLED, cancellation_chargeable=True)
    Charge.objects.create(booking=booking, reason=Charge.Reason.LATE_CANCELLATION, amount=Decimal("50"))
    page = client_for(personas.practitioner).get(_detail(booking)).content.decode()
    assert "after the free cancellation deadline" in page
    assert "£50 (late cancellation)" in page


def test_the_calendar_file_has_one_entry_per_session_with_the_joining_link(client_for, personas, event):
    booking = make_booking(event, personas.practitioner)
    response = client_for(personas.practitioner).get(_ics(booking))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'attachment; filename="online-safety-2025-05-21.ics"'
    entries = list(Calendar.from_ical(response.content).walk("VEVENT"))
    assert [entry.decoded("dtstart") for entry in entries] == [
        datetime(2025, 5, 21, 8, 30, tzinfo=UTC),
        datetime(2025, 5, 22, 8, 30, tzinfo=UTC),
    ]
    assert str(entries[0]["summary"]) == "Online safety (session 1 of 2)"
    assert JOINING_LINK in str(entries[0]["description"])


def test_a_waiting_list_place_has_no_calendar_file(client_for, personas, event):
    booking = make_booking(event, personas.practitioner, status=Booking.Status.WAITLISTED)
    assert client_for(personas.practitioner).get(_ics(booking)).status_code == 404


def test_a_cancelled_booking_calendar_file_removes_the_entries(client_for, personas, event):
    booking = make_booking(event, personas.practitioner, status=Booking.Status.CANCELLED)
    response = client_for(personas.practitioner).get(_ics(booking))
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert JOINING_LINK not in response.content.decode()


def test_the_e_learning_link_is_for_a_confirmed_place_only(client_for, personas, frozen_now):
    course = make_course(
        "Awareness of child abuse",
        delivery_mode=Course.DeliveryMode.ELEARNING,
        elearning_url="https://learn.example.org/a",
    )
    event = make_event(course, starts_at=frozen_now + timedelta(days=5))
    booking = make_booking(event, personas.practitioner, status=Booking.Status.WAITLISTED)
    client = client_for(personas.practitioner)
    assert "https://learn.example.org/a" not in client.get(_detail(booking)).content.decode()
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CONFIRMED)
    assert "Start the e-learning" in client.get(_detail(booking)).content.decode()


def test_a_live_offer_links_to_its_answer_page_and_an_expired_one_says_so(
    client_for, personas, event, frozen_now, time_machine
):
    offer = make_booking(
        event,
        personas.practitioner,
        status=Booking.Status.OFFERED,
        offered_at=frozen_now,
        offer_expires_at=frozen_now + timedelta(hours=48),
    )
    client = client_for(personas.practitioner)
    page = client.get(_detail(offer)).content.decode()
    assert "A place is available for you" in page
    assert "The place is kept for you until 10am on Saturday 3 May 2025." in page
    assert reverse("training:booking-offer", kwargs={"uuid": offer.uuid}) in page
    time_machine.move_to(frozen_now + timedelta(hours=50), tick=False)
    page = client_for(personas.practitioner).get(_detail(offer)).content.decode()
    assert "This offer has expired" in page
    assert reverse("training:booking-offer", kwargs={"uuid": offer.uuid}) not in page


def test_a_place_passed_to_a_colleague_names_them(client_for, personas, event):
    booking = make_booking(event, personas.practitioner, status=Booking.Status.SUBSTITUTED)
    colleague = make_user(agency=personas.agency_a, first_name="Casey", last_name="Colleague")
    make_booking(event, colleague, substituted_from=booking)
    page = client_for(personas.practitioner).get(_detail(booking)).content.decode()
    assert "You passed your place to Casey Colleague." in page
    assert "Cancel your place" not in page
