"""Booking a place on a course date: /training/events/<uuid>/book/."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from hub.core.audit import entries_for
from hub.core.errors import DomainError
from hub.training.models import Booking, BookingBlock, Course, Event
from hub.training.tests.factories import calendar_attachment, local_datetime, make_booking, make_course, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return make_course(
        "Understanding cumulative harm",
        slug="cumulative-harm",
        late_cancellation_charge=Decimal("50"),
        non_attendance_charge=Decimal("90"),
    )


@pytest.fixture
def event(course, frozen_now):
    # Wednesday 21 May 2025: three working days before is Friday 16 May.
    return make_event(course, starts_at=local_datetime(frozen_now.date() + timedelta(days=20)), capacity=2)


def _url(event):
    return reverse("training:event-book", kwargs={"uuid": event.uuid})


def test_someone_signed_out_is_sent_to_sign_in_and_back(client, event):
    response = client.get(_url(event))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('core:sign-in')}?next={_url(event)}"


def test_the_confirm_page_shows_the_date_the_charges_and_the_cancellation_deadline(client_for, personas, event):
    response = client_for(personas.practitioner).get(_url(event))
    text = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Book a place</h1>' in text
    assert "Wednesday 21 May 2025, 9:30am to 12:30pm" in text
    assert "There are 2 places left" in text
    assert "<strong>Friday 16 May 2025</strong> (3 working days before the course starts)" in text
    assert "your agency is charged £50" in text
    assert "If you do not attend, your agency is charged £90." in text
    assert "manager_email" not in text
    assert "Confirm booking" in text
    assert not Booking.objects.exists()


def test_confirming_books_the_place_sends_the_confirmation_and_shows_what_happened(
    client_for, personas, event, django_capture_on_commit_callbacks
):
    client = client_for(personas.practitioner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(event))
    booking = Booking.objects.get(event=event, person=personas.practitioner)
    assert booking.status == Booking.Status.CONFIRMED
    assert response["Location"] == reverse("training:booking-detail", kwargs={"uuid": booking.uuid})
    page = client.get(response["Location"]).content.decode()
    assert "Your place is booked" in page
    assert f"We have e-mailed a confirmation with a calendar invitation to {personas.practitioner.email}" in page
    [message] = mail.outbox
    assert message.to == [personas.practitioner.email]
    assert message.subject == "Your place is booked: Understanding cumulative harm"
    assert len(list(calendar_attachment(message).walk("VEVENT"))) == 1
    [entry] = entries_for(booking)
    assert entry.action == "training.booking.confirmed"
    assert entry.actor == personas.practitioner


def test_a_full_date_offers_the_waiting_list_and_says_the_position_after_joining(
    client_for, personas, event, django_capture_on_commit_callbacks
):
    make_booking(event)
    make_booking(event)
    make_booking(event, status=Booking.Status.WAITLISTED)
    client = client_for(personas.practitioner)
    page = client.get(_url(event)).content.decode()
    assert "This date is full." in page
    assert "You join the waiting list." in page
    assert reverse("training:course-wait", kwargs={"slug": event.course.slug}) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(event))
    booking = Booking.objects.get(event=event, person=personas.practitioner)
    assert booking.status == Booking.Status.WAITLISTED
    page = client.get(response["Location"]).content.decode()
    assert "You are on the waiting list" in page
    assert "You are number 2 on the waiting list for this date." in page
    assert [m.subject for m in mail.outbox] == ["You are on the waiting list: Understanding cumulative harm"]


def test_a_course_needing_approval_asks_for_the_managers_address_filled_in_from_last_time(
    client_for, personas, frozen_now
):
    course = make_course(needs_manager_approval=True)
    event = make_event(course, starts_at=local_datetime(frozen_now.date() + timedelta(days=20)))
    make_booking(make_event(make_course()), personas.practitioner, manager_email="boss@example.org")
    page = client_for(personas.practitioner).get(_url(event)).content.decode()
    assert "Your line manager&#x27;s e-mail address" in page
    assert 'value="boss@example.org"' in page
    assert "Ask my line manager" in page


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your line manager&#x27;s e-mail address"),
        ("not an address", "Enter your line manager&#x27;s e-mail address in the correct format"),
        ("practitioner@example.org", "Enter your line manager&#x27;s e-mail address, not your own"),
    ],
)
def test_a_missing_or_wrong_manager_address_is_shown_in_the_error_summary(
    client_for, personas, frozen_now, email, message
):
    event = make_event(make_course(needs_manager_approval=True), starts_at=frozen_now + timedelta(days=20))
    response = client_for(personas.practitioner).post(_url(event), {"manager_email": email})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert f'<a href="#id_manager_email">{message}' in page
    assert not Booking.objects.exists()


def test_asking_for_approval_holds_a_place_and_emails_the_manager_and_the_delegate(
    client_for, personas, frozen_now, django_capture_on_commit_callbacks
):
    course = make_course("Signs of Safety", needs_manager_approval=True)
    event = make_event(course, starts_at=frozen_now + timedelta(days=20))
    client = client_for(personas.practitioner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(event), {"manager_email": "Boss@Example.org", "manager_name": "Bea Boss"})
    booking = Booking.objects.get(event=event)
    assert booking.status == Booking.Status.PENDING_APPROVAL
    assert booking.holds_place is True
    assert booking.manager_email == "boss@example.org"
    assert booking.manager_name == "Bea Boss"
    page = client.get(response["Location"]).content.decode()
    assert "Waiting for your line manager's approval" in page
    assert "We have e-mailed Bea Boss (boss@example.org)" in page
    assert "A place is kept for you while they decide." in page
    assert sorted(message.to[0] for message in mail.outbox) == ["boss@example.org", "practitioner@example.org"]


def test_someone_already_booked_is_shown_their_booking_instead_of_booking_twice(client_for, personas, event):
    booking = make_booking(event, personas.practitioner)
    client = client_for(personas.practitioner)
    page = client.get(_url(event)).content.decode()
    assert "You already have a booking for this date" in page
    assert reverse("training:booking-detail", kwargs={"uuid": booking.uuid}) in page
    response = client.post(_url(event))
    assert "You already have a booking for this course date" in response.content.decode()
    assert Booking.objects.filter(event=event).count() == 1


def test_a_blocked_person_is_told_why_and_cannot_book(client_for, personas, event):
    BookingBlock.objects.create(person=personas.practitioner, reason="Did not attend 3 courses in 12 months")
    client = client_for(personas.practitioner)
    page = client.get(_url(event)).content.decode()
    assert "You cannot book this date" in page
    assert "did not attend several courses you booked" in page
    assert "Confirm booking" not in page
    response = client.post(_url(event))
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Booking.objects.exists()


def test_a_person_without_an_agency_is_told_to_contact_the_business_unit(client_for, personas, event):
    page = client_for(personas.business_unit).get(_url(event)).content.decode()
    assert "Your account is not linked to an agency" in page
    assert client_for(personas.business_unit).post(_url(event)).status_code == 200
    assert not Booking.objects.exists()


def test_an_unmet_prerequisite_is_explained(client_for, personas, frozen_now):
    first = make_course("Level 2 core")
    event = make_event(make_course(prerequisite_course=first), starts_at=frozen_now + timedelta(days=20))
    page = client_for(personas.practitioner).get(_url(event)).content.decode()
    assert "You need to attend ‘Level 2 core’ before you can book this course." in page


def test_a_cancelled_or_closed_date_cannot_be_booked(client_for, personas, event, frozen_now):
    client = client_for(personas.practitioner)
    Event.objects.filter(pk=event.pk).update(booking_closes_at=frozen_now - timedelta(hours=1))
    assert "Booking for this course date has closed." in client.get(_url(event)).content.decode()
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED, cancelled_at=frozen_now)
    assert "This course date has been cancelled." in client.get(_url(event)).content.decode()
    client.post(_url(event))
    assert not Booking.objects.exists()


def test_a_refusal_from_the_booking_service_is_shown_in_the_error_summary(client_for, personas, event, monkeypatch):
    def refuse(**kwargs):
        raise DomainError("Booking for this course date has closed")

    monkeypatch.setattr("hub.training.services.book_place", refuse)
    response = client_for(personas.practitioner).post(_url(event))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#main-content">Booking for this course date has closed</a>' in page
    assert "<title>Error: " in page


def test_an_unpublished_course_is_not_found_for_practitioners(client_for, personas, frozen_now):
    event = make_event(make_course(is_published=False), starts_at=frozen_now + timedelta(days=20))
    assert client_for(personas.practitioner).get(_url(event)).status_code == 404


def test_an_online_course_confirmation_page_says_online(client_for, personas, frozen_now):
    event = make_event(
        make_course(delivery_mode=Course.DeliveryMode.LIVE_ONLINE),
        starts_at=frozen_now + timedelta(days=20),
        joining_link="https://meet.example.org/secret-room",
    )
    page = client_for(personas.practitioner).get(_url(event)).content.decode()
    assert "Online, live with the trainer" in page
    assert "secret-room" not in page
