"""A person sees and changes only their own bookings: every booking URL answers 404 to anyone else."""

from datetime import timedelta

import pytest
from django.urls import reverse

from hub.testing import make_user
from hub.training.models import Booking, CourseWaitingListEntry
from hub.training.tests.factories import make_booking, make_course, make_course_waiting_list_entry, make_event

pytestmark = pytest.mark.django_db

BOOKING_URLS = [
    ("training:booking-detail", "GET"),
    ("training:booking-ics", "GET"),
    ("training:booking-cancel", "GET"),
    ("training:booking-cancel", "POST"),
    ("training:booking-substitute", "GET"),
    ("training:booking-substitute", "POST"),
    ("training:booking-offer", "GET"),
    ("training:booking-offer", "POST"),
]


@pytest.fixture
def second_practitioner(personas):
    return make_user("second.practitioner@example.org", agency=personas.agency_a)


@pytest.mark.parametrize("status", [Booking.Status.CONFIRMED, Booking.Status.OFFERED])
@pytest.mark.parametrize(("name", "method"), BOOKING_URLS)
def test_another_practitioner_gets_404_and_changes_nothing(
    client_for, personas, second_practitioner, frozen_now, name, method, status
):
    booking = make_booking(
        make_event(make_course(), starts_at=frozen_now + timedelta(days=20)), personas.practitioner, status=status
    )
    url = reverse(name, kwargs={"uuid": booking.uuid})
    client = client_for(second_practitioner)
    data = {"decision": "accept", "email": second_practitioner.email, "reason": "Mine now"}
    response = client.get(url) if method == "GET" else client.post(url, data)
    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == status
    assert Booking.objects.count() == 1


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_another_practitioners_course_waiting_list_place_is_not_found(
    client_for, personas, second_practitioner, method
):
    entry = make_course_waiting_list_entry(make_course(), personas.practitioner)
    url = reverse("training:course-wait-leave", kwargs={"uuid": entry.uuid})
    client = client_for(second_practitioner)
    response = client.get(url) if method == "GET" else client.post(url)
    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.status == CourseWaitingListEntry.Status.ACTIVE


def test_a_booking_that_does_not_exist_is_not_found(client_for, personas):
    url = reverse("training:booking-detail", kwargs={"uuid": "00000000-0000-0000-0000-000000000000"})
    assert client_for(personas.practitioner).get(url).status_code == 404
