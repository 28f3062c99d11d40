"""POST /api/v1/events/{uuid}/bookings and DELETE /api/v1/bookings/{uuid}: booking and cancelling
through the API, with a token or a signed-in session, and every refusal."""

from datetime import timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from django.core import mail
from django.test import Client

from hub.core.models import AuditEntry
from hub.core.tokens import create_api_token
from hub.testing import make_user, sign_in
from hub.training.models import Booking, BookingBlock, Charge, Event
from hub.training.tests.conftest import FROZEN_NOW
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event

pytestmark = pytest.mark.django_db


def day(days: int):
    return local_datetime(FROZEN_NOW.date() + timedelta(days=days))


def bookings_url(event) -> str:
    return f"/api/v1/events/{event.uuid}/bookings"


def booking_url(booking) -> str:
    return f"/api/v1/bookings/{booking.uuid}"


@pytest.fixture
def token_client(personas):
    def _token_client(user=None):
        user = user or personas.practitioner
        _, secret = create_api_token(actor=user, owner=user, name="Booking script")
        return Client(headers={"Authorization": f"Bearer {secret}"})

    return _token_client


@pytest.fixture
def event(frozen_now):
    return make_event(make_course("Neglect basics"), starts_at=day(20), capacity=2)


def post(client, event, payload=None):
    return client.post(bookings_url(event), payload or {}, content_type="application/json")


# Booking ----------------------------------------------------------------------------------------


def test_a_practitioner_with_a_token_books_a_place_and_gets_201_confirmed(
    token_client, personas, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(token_client(), event)

    assert response.status_code == 201
    booking = Booking.objects.get(event=event, person=personas.practitioner)
    assert response.json() == {
        "uuid": str(booking.uuid),
        "event": str(event.uuid),
        "status": "confirmed",
        "status_label": "Booked",
        "place_held": False,
        "late_cancellation": False,
    }
    assert booking.status == Booking.Status.CONFIRMED
    assert AuditEntry.objects.filter(action="training.booking.confirmed", actor=personas.practitioner).exists()
    assert [message.to for message in mail.outbox] == [["practitioner@example.org"]]


def test_booking_a_full_event_puts_the_caller_on_the_waiting_list(token_client, personas, event):
    make_booking(event)
    make_booking(event)

    response = post(token_client(), event)

    assert response.status_code == 201
    assert response.json()["status"] == "waitlisted"
    assert Booking.objects.get(event=event, person=personas.practitioner).status == Booking.Status.WAITLISTED


def test_a_course_needing_approval_returns_pending_approval_holding_a_place(token_client, personas, frozen_now):
    event = make_event(make_course(needs_manager_approval=True), starts_at=day(20))

    response = post(token_client(), event, {"manager_email": "boss@example.org", "manager_name": "Bea Boss"})

    assert response.status_code == 201
    assert response.json()["status"] == "pending-approval"
    assert response.json()["place_held"] is True
    booking = Booking.objects.get(event=event, person=personas.practitioner)
    assert (booking.manager_email, booking.manager_name) == ("boss@example.org", "Bea Boss")


def test_a_course_needing_approval_without_the_managers_address_is_422_naming_the_field(
    token_client, personas, frozen_now
):
    event = make_event(make_course(needs_manager_approval=True), starts_at=day(20))

    response = post(token_client(), event)

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Enter your line manager's e-mail address",
        "errors": [
            {"location": "body", "field": "manager_email", "message": "Enter your line manager's e-mail address"}
        ],
    }
    assert not Booking.objects.filter(event=event).exists()


def test_booking_twice_is_a_409_conflict(token_client, personas, event):
    make_booking(event, personas.practitioner)

    response = post(token_client(), event)

    assert response.status_code == 409
    assert response.json() == {"detail": "You already have a place on this course date"}
    assert Booking.objects.filter(event=event, person=personas.practitioner).count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"booking_closes_at": day(-1)}, "Booking for this course date has closed"),
        ({"status": Event.Status.CANCELLED, "cancelled_at": FROZEN_NOW}, "This course date has been cancelled"),
    ],
)
def test_booking_a_date_that_cannot_be_booked_is_a_409_with_the_reason(token_client, event, change, message):
    Event.objects.filter(pk=event.pk).update(**change)

    response = post(token_client(), event)

    assert (response.status_code, response.json()) == (409, {"detail": message})
    assert not Booking.objects.filter(event=event).exists()


def test_booking_without_the_prerequisite_is_a_409(token_client, frozen_now):
    first = make_course("Neglect awareness")
    event = make_event(make_course(prerequisite_course=first), starts_at=day(20))

    response = post(token_client(), event)

    assert response.status_code == 409
    assert "Neglect awareness" in response.json()["detail"]


def test_someone_without_an_agency_is_refused_with_403(token_client, frozen_now, event):
    response = post(token_client(make_user()), event)

    assert response.status_code == 403
    assert "agency" in response.json()["detail"]
    assert not Booking.objects.filter(event=event).exists()


def test_someone_blocked_after_repeated_no_shows_is_refused_with_403(token_client, personas, event):
    BookingBlock.objects.create(person=personas.practitioner, reason="Three no-shows")

    response = post(token_client(), event)

    assert response.status_code == 403
    assert "did not attend" in response.json()["detail"]


def test_booking_without_signing_in_is_401(client, event):
    response = post(client, event)
    assert response.status_code == 401
    assert not Booking.objects.filter(event=event).exists()


def test_a_signed_in_session_books_with_its_csrf_token(personas, event):
    client = sign_in(Client(enforce_csrf_checks=True), personas.practitioner)
    client.get("/account/")  # a page with a form sets the CSRF cookie
    token = client.cookies["hub_csrf"].value

    response = client.post(bookings_url(event), {}, content_type="application/json", headers={"X-CSRFToken": token})

    assert response.status_code == 201
    assert response.json()["status"] == "confirmed"


def test_a_signed_in_session_without_the_csrf_token_is_refused(personas, event):
    client = sign_in(Client(enforce_csrf_checks=True), personas.practitioner)

    response = client.post(bookings_url(event), {}, content_type="application/json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Booking.objects.filter(event=event).exists()


def test_booking_an_event_of_an_unpublished_course_or_an_unknown_event_is_404(token_client, frozen_now):
    draft = make_event(make_course(is_published=False), starts_at=day(20))

    for url in (bookings_url(draft), f"/api/v1/events/{uuid4()}/bookings"):
        response = token_client().post(url, {}, content_type="application/json")
        assert (response.status_code, response.json()) == (404, {"detail": "Not found."})
    assert not Booking.objects.exists()


def test_a_body_that_is_not_valid_is_422(token_client, event):
    response = token_client().post(bookings_url(event), {"manager_email": "x" * 300}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "payload.manager_email"


# Cancelling -------------------------------------------------------------------------------------


def test_a_practitioner_cancels_their_own_booking_early_without_charge(token_client, personas, event):
    booking = make_booking(event, personas.practitioner)

    response = token_client().delete(booking_url(booking))

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["late_cancellation"] is False
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancelled_by == personas.practitioner
    assert AuditEntry.objects.filter(action="training.booking.cancelled", object_id=str(booking.pk)).exists()


def test_a_late_cancellation_is_reported_and_charged(token_client, personas, frozen_now):
    course = make_course(late_cancellation_charge=Decimal("50"))
    event = make_event(course, starts_at=day(1))
    booking = make_booking(event, personas.practitioner)

    response = token_client().delete(booking_url(booking))

    assert response.status_code == 200
    assert response.json()["late_cancellation"] is True
    assert Charge.objects.get(booking=booking).amount == Decimal("50")


def test_cancelling_frees_the_place_for_the_next_person_waiting(token_client, personas, event):
    booking = make_booking(event, personas.practitioner)
    make_booking(event)
    waiting = make_booking(event, status=Booking.Status.WAITLISTED)

    token_client().delete(booking_url(booking))

    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.OFFERED


def test_someone_elses_booking_cannot_be_cancelled_and_is_404(token_client, personas, event):
    other = make_booking(event, personas.spoc_a)

    response = token_client().delete(booking_url(other))

    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})
    other.refresh_from_db()
    assert other.status == Booking.Status.CONFIRMED


def test_the_business_unit_cannot_cancel_someone_elses_booking_through_the_api_either(token_client, personas, event):
    other = make_booking(event, personas.practitioner)
    assert token_client(personas.business_unit).delete(booking_url(other)).status_code == 404


def test_cancelling_twice_is_a_409(token_client, personas, event):
    booking = make_booking(event, personas.practitioner, status=Booking.Status.CANCELLED)

    response = token_client().delete(booking_url(booking))

    assert (response.status_code, response.json()) == (
        409,
        {"detail": "This booking has already been cancelled or closed"},
    )


def test_cancelling_an_unknown_booking_is_404(token_client, db):
    assert token_client().delete(f"/api/v1/bookings/{uuid4()}").status_code == 404


def test_cancelling_without_signing_in_is_401(client, personas, event):
    booking = make_booking(event, personas.practitioner)

    assert client.delete(booking_url(booking)).status_code == 401
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_a_session_must_send_its_csrf_token_to_cancel(personas, event):
    booking = make_booking(event, personas.practitioner)
    client = sign_in(Client(enforce_csrf_checks=True), personas.practitioner)

    assert client.delete(booking_url(booking)).status_code == 403
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
