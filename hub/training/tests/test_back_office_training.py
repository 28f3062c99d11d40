"""The training records in the back office: listings, inline sessions, and booking actions through the services."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.core.models import AuditEntry
from hub.testing import make_user
from hub.training.models import Booking, BookingBlock
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event

pytestmark = pytest.mark.django_db

VIEWSETS = (
    "training_course",
    "training_event",
    "training_week",
    "training_booking",
    "training_course_waiting",
    "training_charge",
    "training_evaluation",
    "training_block",
)


@pytest.mark.parametrize("name", VIEWSETS)
def test_business_unit_lists_each_kind_of_training_record(client_for, personas, name):
    make_booking(make_event(make_course("Neglect toolkit")), make_user(agency=personas.agency_a))
    assert client_for(personas.business_unit).get(reverse(f"{name}:index")).status_code == 200


def test_bookings_cannot_be_added_or_edited_directly(client_for, personas):
    booking = make_booking(make_event(), make_user(agency=personas.agency_a))
    client = client_for(personas.business_unit)
    html = client.get(reverse("training_booking:index")).content.decode()
    assert reverse("training_booking_action", args=[booking.pk, "cancel"]) in html
    # The model permissions are narrowed to viewing: the edit page refuses even the business unit.
    assert client.get(reverse("training_booking:edit", args=[booking.pk])).status_code != 200
    client.post(reverse("training_booking:edit", args=[booking.pk]), {"priority": "9"})
    booking.refresh_from_db()
    assert booking.priority == 0


def test_the_event_form_edits_sessions_inline(client_for, personas):
    html = client_for(personas.business_unit).get(reverse("training_event:add")).content.decode()
    assert "sessions-TOTAL_FORMS" in html


def test_cancelling_from_the_back_office_goes_through_the_service_and_shows_in_the_audit_trail(client_for, personas):
    booking = make_booking(make_event(), make_user(agency=personas.agency_a))
    client = client_for(personas.business_unit)
    url = reverse("training_booking_action", args=[booking.pk, "cancel"])
    response = client.post(url, {"reason": "Asked by phone"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancelled_by == personas.business_unit
    assert AuditEntry.objects.filter(
        action__startswith="training.booking.cancel", actor=personas.business_unit
    ).exists()
    inspect = client.get(reverse("training_booking:inspect", args=[booking.pk])).content.decode()
    assert "Cancelled" in inspect


def test_moving_someone_on_the_waiting_list_needs_a_reason(client_for, personas):
    event = make_event(capacity=1)
    make_booking(event, make_user(agency=personas.agency_a))
    waiting = make_booking(event, make_user(agency=personas.agency_a), status=Booking.Status.WAITLISTED)
    client = client_for(personas.business_unit)
    url = reverse("training_booking_action", args=[waiting.pk, "reorder"])
    response = client.post(url, {"priority": "5", "reason": ""})
    assert response.status_code == 200
    assert "Enter the reason" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.priority == 0
    client.post(url, {"priority": "5", "reason": "Needed before a court date"})
    waiting.refresh_from_db()
    assert waiting.priority == 5
    assert AuditEntry.objects.filter(actor=personas.business_unit, action="training.waiting_list.reordered").exists()


def test_marking_attendance_before_the_course_shows_the_services_message(client_for, personas):
    booking = make_booking(make_event(), make_user(agency=personas.agency_a))
    url = reverse("training_booking_action", args=[booking.pk, "attendance"])
    response = client_for(personas.business_unit).post(url, {"status": Booking.Status.ATTENDED})
    assert response.status_code == 200
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_marking_attendance_after_the_course_records_it(client_for, personas):
    event = make_event(starts_at=local_datetime(timezone.localdate() - timedelta(days=2)))
    booking = make_booking(event, make_user(agency=personas.agency_a))
    url = reverse("training_booking_action", args=[booking.pk, "attendance"])
    assert client_for(personas.business_unit).post(url, {"status": Booking.Status.NO_SHOW}).status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.NO_SHOW


def test_lifting_a_block_records_the_reason(client_for, personas):
    block = BookingBlock.objects.create(person=make_user(agency=personas.agency_a), reason="Three no-shows")
    url = reverse("training_block_lift", args=[block.pk])
    client = client_for(personas.business_unit)
    assert "Enter the reason" in client.post(url, {"reason": ""}).content.decode()
    assert client.post(url, {"reason": "Manager explained the absences"}).status_code == 302
    block.refresh_from_db()
    assert block.lifted_by == personas.business_unit
    assert block.lift_reason == "Manager explained the absences"


def test_other_staff_cannot_use_the_booking_actions(client_for, personas):
    booking = make_booking(make_event(), make_user(agency=personas.agency_a))
    url = reverse("training_booking_action", args=[booking.pk, "cancel"])
    response = client_for(personas.practitioner).post(url, {"reason": "x"})
    assert response.status_code in (302, 403, 404)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
