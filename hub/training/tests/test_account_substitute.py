"""Passing a confirmed place to a colleague: /account/training/bookings/<uuid>/substitute/."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from hub.core.audit import entries_for
from hub.testing import make_user
from hub.training.models import Booking
from hub.training.tests.factories import make_booking, make_course, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(frozen_now):
    return make_event(make_course("Domestic abuse awareness"), starts_at=frozen_now + timedelta(days=20))


@pytest.fixture
def booking(personas, event):
    return make_booking(event, personas.practitioner)


@pytest.fixture
def colleague(personas):
    return make_user("casey.colleague@example.org", agency=personas.agency_a, first_name="Casey", last_name="Colleague")


def _url(booking):
    return reverse("training:booking-substitute", kwargs={"uuid": booking.uuid})


def test_the_page_explains_a_colleague_from_the_same_agency_can_take_the_place(client_for, personas, booking):
    page = client_for(personas.practitioner).get(_url(booking)).content.decode()
    assert "a colleague from Agency A can take your place free of charge" in page
    assert "Your colleague&#x27;s work e-mail address" in page


def test_passing_the_place_confirms_the_colleague_and_emails_them_both(
    client_for, personas, booking, colleague, django_capture_on_commit_callbacks
):
    client = client_for(personas.practitioner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(booking), {"email": "Casey.Colleague@Example.org"})
    assert response["Location"] == reverse("training:my-training")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.SUBSTITUTED
    replacement = Booking.objects.get(person=colleague)
    assert replacement.status == Booking.Status.CONFIRMED
    assert replacement.substituted_from == booking
    assert "training.booking.substituted" in [entry.action for entry in entries_for(booking)]
    assert sorted(message.to[0] for message in mail.outbox) == [colleague.email, personas.practitioner.email]
    page = client.get(response["Location"]).content.decode()
    assert "Your place on Domestic abuse awareness has passed to Casey Colleague. We have e-mailed you both." in page


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your colleague&#x27;s e-mail address"),
        ("nobody", "Enter your colleague&#x27;s e-mail address in the correct format, like name@example.org"),
        ("practitioner@example.org", "Enter a colleague&#x27;s e-mail address, not your own"),
        ("stranger@example.org", "There is no Hub account with this e-mail address."),
        ("spoc.b@example.org", "Enter the e-mail address of a colleague from Agency A"),
    ],
)
def test_a_wrong_address_gets_a_clear_error(client_for, personas, booking, email, message):
    response = client_for(personas.practitioner).post(_url(booking), {"email": email})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_a_colleague_already_booked_is_refused_by_the_service(client_for, personas, booking, colleague, event):
    make_booking(event, colleague)
    response = client_for(personas.practitioner).post(_url(booking), {"email": colleague.email})
    page = response.content.decode()
    assert '<a href="#main-content">Casey Colleague already has a place on this course date</a>' in page
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_only_a_confirmed_place_can_be_passed_on(client_for, personas, event, colleague):
    waiting = make_booking(event, personas.practitioner, status=Booking.Status.WAITLISTED)
    client = client_for(personas.practitioner)
    assert "Only a confirmed place can be passed to a colleague." in client.get(_url(waiting)).content.decode()
    client.post(_url(waiting), {"email": colleague.email})
    assert not Booking.objects.filter(person=colleague).exists()
