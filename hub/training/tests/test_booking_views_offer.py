"""Answering a place offered from the waiting list: the e-mail link and /account/training/."""

import uuid
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse

from hub.core.audit import entries_for
from hub.testing import make_user
from hub.training import notifications
from hub.training.models import Booking
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
    course = make_course("Child sexual abuse: recognising the signs", slug="csa")
    event = make_event(course, starts_at=local_datetime(frozen_now.date() + timedelta(days=20)), capacity=1)
    return event


@pytest.fixture
def offer(personas, event, frozen_now):
    return make_booking(
        event,
        personas.practitioner,
        status=Booking.Status.OFFERED,
        offered_at=frozen_now,
        offer_expires_at=frozen_now + timedelta(hours=48),
    )


def _link(booking):
    return reverse("training:offer-respond", kwargs={"token": notifications.offer_token(booking)})


def test_the_link_from_the_offer_email_leads_to_this_page(offer):
    assert notifications.offer_url(offer).endswith(_link(offer))


def test_the_link_shows_the_offer_and_its_deadline_without_signing_in_or_changing_anything(client, offer):
    response = client.get(_link(offer))
    page = response.content.decode()
    assert response.status_code == 200
    assert "A place is available for you" in page
    assert "It is kept for you until <strong>10am on Saturday 3 May 2025</strong>." in page
    assert "Accept the place" in page and "Turn down the place" in page
    offer.refresh_from_db()
    assert offer.status == Booking.Status.OFFERED


def test_accepting_by_the_link_confirms_the_place_and_sends_the_calendar(
    client, personas, offer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_link(offer), {"decision": "accept"})
    assert response["Location"] == _link(offer)
    offer.refresh_from_db()
    assert offer.status == Booking.Status.CONFIRMED
    assert [entry.action for entry in entries_for(offer)] == [
        "training.booking.confirmed",
        "training.booking.offer_accepted",
    ]
    assert entries_for(offer).first().actor == personas.practitioner
    [message] = mail.outbox
    assert message.subject == "Your place is booked: Child sexual abuse: recognising the signs"
    assert calendar_attachment(message) is not None
    page = client.get(response["Location"]).content.decode()
    assert "You have accepted the place on Child sexual abuse: recognising the signs." in page
    assert "Your place is booked" in page
    assert "Accept the place" not in page


def test_turning_down_by_the_link_offers_the_place_to_the_next_person(
    client, offer, event, django_capture_on_commit_callbacks
):
    next_person = make_booking(event, make_user(), status=Booking.Status.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_link(offer), {"decision": "decline"})
    offer.refresh_from_db()
    next_person.refresh_from_db()
    assert offer.status == Booking.Status.OFFER_DECLINED
    assert next_person.status == Booking.Status.OFFERED
    assert sorted(message.to[0] for message in mail.outbox) == sorted([offer.person.email, next_person.person.email])
    page = client.get(response["Location"]).content.decode()
    assert "You turned down this place" in page


def test_an_offer_that_ran_out_says_so_and_cannot_be_accepted(client, offer, time_machine, frozen_now):
    time_machine.move_to(frozen_now + timedelta(hours=49), tick=False)
    page = client.get(_link(offer)).content.decode()
    assert "This offer has expired" in page
    assert "Accept the place" not in page
    response = client.post(_link(offer), {"decision": "accept"})
    assert "The offer of this place ran out at 10am on Saturday 3 May 2025" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == Booking.Status.OFFERED


def test_an_offer_answered_already_says_what_happened(client, offer):
    Booking.objects.filter(pk=offer.pk).update(status=Booking.Status.EXPIRED)
    page = client.get(_link(offer)).content.decode()
    assert "This offer has expired" in page
    assert "has gone to the next person waiting" in page


def test_a_tampered_link_says_it_does_not_work(client, offer):
    token = notifications.offer_token(offer)
    for bad in (token[:-3] + "xyz", "nonsense", signing.dumps({"b": str(offer.uuid)}, salt="another.salt")):
        response = client.get(reverse("training:offer-respond", kwargs={"token": bad}))
        assert response.status_code == 200
        assert "This link does not work" in response.content.decode()
    response = client.post(reverse("training:offer-respond", kwargs={"token": "nonsense"}), {"decision": "accept"})
    assert "This link does not work" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == Booking.Status.OFFERED


def test_a_link_for_a_booking_that_does_not_exist_says_it_does_not_work(client):
    token = signing.dumps({"b": str(uuid.uuid4())}, salt=notifications.OFFER_SALT, compress=True)
    page = client.get(reverse("training:offer-respond", kwargs={"token": token})).content.decode()
    assert "This link does not work" in page


def test_a_link_long_past_its_offer_says_it_has_expired(client, offer, time_machine, frozen_now):
    link = _link(offer)
    time_machine.move_to(frozen_now + timedelta(days=30), tick=False)
    assert "This link has expired" in client.get(link).content.decode()


def test_an_offer_can_be_accepted_from_the_account_page(
    client_for, personas, offer, django_capture_on_commit_callbacks
):
    client = client_for(personas.practitioner)
    url = reverse("training:booking-offer", kwargs={"uuid": offer.uuid})
    assert "Accept the place" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "accept"})
    assert response["Location"] == reverse("training:booking-detail", kwargs={"uuid": offer.uuid})
    offer.refresh_from_db()
    assert offer.status == Booking.Status.CONFIRMED
    assert len(mail.outbox) == 1


def test_posting_without_a_decision_asks_for_one(client_for, personas, offer):
    url = reverse("training:booking-offer", kwargs={"uuid": offer.uuid})
    response = client_for(personas.practitioner).post(url, {})
    assert "Choose whether to accept or turn down the place" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == Booking.Status.OFFERED


def test_another_persons_offer_is_not_found_in_the_account(client_for, personas, offer):
    url = reverse("training:booking-offer", kwargs={"uuid": offer.uuid})
    client = client_for(make_user(agency=personas.agency_a))
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "decline"}).status_code == 404
    offer.refresh_from_db()
    assert offer.status == Booking.Status.OFFERED


def test_accepting_a_course_waiting_list_offer_that_needs_approval_asks_the_manager(
    client, personas, frozen_now, django_capture_on_commit_callbacks
):
    course = make_course("Chairing conferences", needs_manager_approval=True)
    event = make_event(course, starts_at=frozen_now + timedelta(days=20))
    entry = make_course_waiting_list_entry(course, personas.practitioner, manager_email="lead@example.org")
    offer = make_booking(
        event,
        personas.practitioner,
        status=Booking.Status.OFFERED,
        course_waiting_list_entry=entry,
        manager_email="lead@example.org",
    )
    page = client.get(_link(offer)).content.decode()
    assert "we ask lead@example.org to approve it" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_link(offer), {"decision": "accept"})
    offer.refresh_from_db()
    assert offer.status == Booking.Status.PENDING_APPROVAL
    assert offer.holds_place is True
    assert "lead@example.org" in [message.to[0] for message in mail.outbox]
    assert "Waiting for your line manager" in client.get(response["Location"]).content.decode()
