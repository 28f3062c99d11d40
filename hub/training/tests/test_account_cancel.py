"""Cancelling a place, a request or a waiting-list place: /account/training/bookings/<uuid>/cancel/."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from hub.core.audit import entries_for
from hub.core.models import Agency
from hub.testing import make_agency, make_user
from hub.training.models import Booking, Charge
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return make_course(
        "Management oversight",
        late_cancellation_charge=Decimal("50"),
        charge_schools_full_cost=True,
        full_cost=Decimal("120"),
    )


def _event(course, frozen_now, days, capacity=20):
    return make_event(course, starts_at=local_datetime(frozen_now.date() + timedelta(days=days)), capacity=capacity)


def _url(booking):
    return reverse("training:booking-cancel", kwargs={"uuid": booking.uuid})


def test_cancelling_before_the_deadline_is_free_and_offers_the_place_to_the_next_person(
    client_for, personas, course, frozen_now, django_capture_on_commit_callbacks
):
    event = _event(course, frozen_now, 20, capacity=1)
    booking = make_booking(event, personas.practitioner)
    waiting = make_booking(event, make_user(), status=Booking.Status.WAITLISTED)
    client = client_for(personas.practitioner)
    page = client.get(_url(booking)).content.decode()
    assert "Cancel your place" in page
    assert "You are cancelling before the deadline (Friday 16 May 2025), so there is no charge." in page
    assert "late cancellation" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(booking), {"reason": "Clash with a court hearing"})
    assert response["Location"] == reverse("training:my-training")
    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancellation_chargeable is False
    assert booking.cancellation_reason == "Clash with a court hearing"
    assert not Charge.objects.exists()
    assert waiting.status == Booking.Status.OFFERED
    assert sorted(m.subject for m in mail.outbox) == [
        "A place is available for you: Management oversight",
        "Booking cancelled: Management oversight",
    ]
    assert "There is no charge." in client.get(response["Location"]).content.decode()


def test_a_late_cancellation_is_warned_about_with_the_charge_and_recorded(
    client_for, personas, course, frozen_now, django_capture_on_commit_callbacks
):
    booking = make_booking(_event(course, frozen_now, 5), personas.practitioner)
    client = client_for(personas.practitioner)
    page = client.get(_url(booking)).content.decode()
    assert "This is a late cancellation." in page
    assert "The deadline to cancel free of charge was Wednesday 30 April 2025." in page
    assert "Your agency will be charged £50." in page
    assert reverse("training:booking-substitute", kwargs={"uuid": booking.uuid}) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(booking))
    booking.refresh_from_db()
    assert booking.cancellation_chargeable is True
    charge = Charge.objects.get(booking=booking)
    assert (charge.reason, charge.amount, charge.agency) == (
        Charge.Reason.LATE_CANCELLATION,
        Decimal("50.00"),
        personas.agency_a,
    )
    [entry] = [e for e in entries_for(booking) if e.action == "training.booking.cancelled"]
    assert entry.data["late"] is True
    assert "your agency will be charged £50." in client.get(response["Location"]).content.decode()
    assert mail.outbox[0].subject == "Booking cancelled: Management oversight"


def test_a_school_is_warned_it_pays_the_full_cost_for_a_late_cancellation(client_for, course, frozen_now):
    school = make_agency("Hillside Primary School", sector=Agency.Sector.EDUCATION)
    teacher = make_user(agency=school)
    booking = make_booking(_event(course, frozen_now, 2), teacher)
    page = client_for(teacher).get(_url(booking)).content.decode()
    assert "Your agency will be charged £120." in page


def test_leaving_an_event_waiting_list_is_free(client_for, personas, course, frozen_now):
    booking = make_booking(_event(course, frozen_now, 2), personas.practitioner, status=Booking.Status.WAITLISTED)
    client = client_for(personas.practitioner)
    page = client.get(_url(booking)).content.decode()
    assert "Leave the waiting list" in page
    assert "late cancellation" not in page
    response = client.post(_url(booking))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancellation_chargeable is False
    assert (
        "You have left the waiting list for Management oversight." in client.get(response["Location"]).content.decode()
    )


def test_a_request_waiting_for_approval_can_be_withdrawn(client_for, personas, course, frozen_now):
    booking = make_booking(
        _event(course, frozen_now, 20),
        personas.practitioner,
        status=Booking.Status.PENDING_APPROVAL,
        holds_place=True,
        manager_email="boss@example.org",
    )
    client = client_for(personas.practitioner)
    assert "Cancel your booking request" in client.get(_url(booking)).content.decode()
    client.post(_url(booking))
    booking.refresh_from_db()
    assert (booking.status, booking.holds_place) == (Booking.Status.CANCELLED, False)


def test_a_course_that_has_started_cannot_be_cancelled(client_for, personas, course, frozen_now):
    event = make_event(course, starts_at=frozen_now - timedelta(hours=1))
    booking = make_booking(event, personas.practitioner)
    client = client_for(personas.practitioner)
    page = client.get(_url(booking)).content.decode()
    assert "The course has started, so this booking can no longer be cancelled." in page
    assert client.post(_url(booking)).status_code == 200
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_a_cancelled_booking_has_nothing_left_to_cancel(client_for, personas, course, frozen_now):
    booking = make_booking(_event(course, frozen_now, 20), personas.practitioner, status=Booking.Status.CANCELLED)
    page = client_for(personas.practitioner).get(_url(booking)).content.decode()
    assert "This booking is cancelled, so there is nothing to cancel." in page


def test_a_reason_over_the_limit_is_refused(client_for, personas, course, frozen_now):
    booking = make_booking(_event(course, frozen_now, 20), personas.practitioner)
    response = client_for(personas.practitioner).post(_url(booking), {"reason": "x" * 1001})
    assert "The reason must be 1,000 characters or fewer" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
