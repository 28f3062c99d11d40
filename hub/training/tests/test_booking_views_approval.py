"""The line manager's answer to a request for approval: the signed e-mail link and the account page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail, signing
from django.urls import reverse

from hub.core.audit import entries_for
from hub.testing import make_user
from hub.training import notifications
from hub.training.models import Booking
from hub.training.tests.factories import make_booking, make_course, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(frozen_now):
    course = make_course("Signs of Safety foundation", needs_manager_approval=True, non_attendance_charge=Decimal("90"))
    return make_event(course, starts_at=frozen_now + timedelta(days=20), capacity=1)


@pytest.fixture
def request_(personas, event):
    """The practitioner's request, naming the manager persona, holding the only place."""
    return make_booking(
        event,
        personas.practitioner,
        status=Booking.Status.PENDING_APPROVAL,
        holds_place=True,
        manager_email=personas.manager.email,
        manager_name="Morgan Manager",
    )


def _link(booking):
    return reverse("training:approval-respond", kwargs={"token": notifications.approval_token(booking)})


def test_the_link_in_the_managers_email_leads_to_this_page(request_):
    assert notifications.approval_url(request_).endswith(_link(request_))


def test_the_link_shows_the_request_with_approve_and_decline_and_changes_nothing(client, personas, request_):
    response = client.get(_link(request_))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Approve a training booking for {personas.practitioner.get_full_name()}" in page
    assert "Agency A" in page
    assert "If you do not attend, your agency is charged £90." in page
    assert "Approve the booking" in page and "Decline the booking" in page
    request_.refresh_from_db()
    assert request_.status == Booking.Status.PENDING_APPROVAL


def test_approving_by_the_link_confirms_the_held_place_and_tells_the_delegate(
    client, personas, request_, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_link(request_), {"decision": "approve"})
    assert response["Location"] == _link(request_)
    request_.refresh_from_db()
    assert request_.status == Booking.Status.CONFIRMED
    assert request_.approver == personas.manager
    assert "training.booking.approved" in [entry.action for entry in entries_for(request_)]
    [message] = mail.outbox
    assert message.to == [personas.practitioner.email]
    assert message.subject == "Your place is booked: Signs of Safety foundation"
    page = client.get(response["Location"]).content.decode()
    assert "You approved the booking." in page
    assert "This booking was approved on 1 May 2025." in page
    assert "Approve the booking" not in page


def test_approving_a_request_made_when_the_date_was_full_puts_the_person_on_the_waiting_list(
    client, personas, event, django_capture_on_commit_callbacks
):
    make_booking(event)
    booking = make_booking(
        event, personas.practitioner, status=Booking.Status.PENDING_APPROVAL, manager_email="boss@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_link(booking), {"decision": "approve"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.WAITLISTED
    assert booking.approver is None  # the manager has no Hub account
    assert "is on the waiting list" in client.get(response["Location"]).content.decode()
    assert [m.subject for m in mail.outbox] == ["You are on the waiting list: Signs of Safety foundation"]


def test_declining_needs_a_reason(client, request_):
    response = client.post(_link(request_), {"decision": "decline", "reason": "  "})
    page = response.content.decode()
    assert '<a href="#id_reason">Enter why you are not approving this booking</a>' in page
    request_.refresh_from_db()
    assert request_.status == Booking.Status.PENDING_APPROVAL


def test_declining_tells_the_delegate_why_and_offers_the_held_place_to_the_next_person(
    client, personas, event, request_, django_capture_on_commit_callbacks
):
    waiting = make_booking(event, make_user(), status=Booking.Status.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_link(request_), {"decision": "decline", "reason": "We cannot cover the caseload"})
    request_.refresh_from_db()
    waiting.refresh_from_db()
    assert request_.status == Booking.Status.DECLINED
    assert request_.approval_note == "We cannot cover the caseload"
    assert waiting.status == Booking.Status.OFFERED
    declined = next(m for m in mail.outbox if m.to == [personas.practitioner.email])
    assert "We cannot cover the caseload" in declined.body
    page = client.get(response["Location"]).content.decode()
    assert "You did not approve the booking." in page
    assert "The reason given: ‘We cannot cover the caseload’." in page


def test_a_request_cancelled_by_the_delegate_cannot_be_decided(client, request_, frozen_now):
    Booking.objects.filter(pk=request_.pk).update(
        status=Booking.Status.CANCELLED, holds_place=False, cancelled_at=frozen_now
    )
    link = _link(request_)
    page = client.get(link).content.decode()
    assert "This booking is no longer waiting for approval." in page
    response = client.post(link, {"decision": "approve"})
    assert "This booking is no longer waiting for approval" in response.content.decode()
    request_.refresh_from_db()
    assert request_.status == Booking.Status.CANCELLED


def test_a_tampered_link_or_one_for_another_manager_does_not_work(client, request_):
    for token in (
        "nonsense",
        notifications.approval_token(request_)[:-2] + "zz",
        signing.dumps({"b": str(request_.uuid), "m": "someone.else@example.org"}, salt=notifications.APPROVAL_SALT),
    ):
        response = client.post(reverse("training:approval-respond", kwargs={"token": token}), {"decision": "approve"})
        assert response.status_code == 200
        assert "This link does not work" in response.content.decode()
    request_.refresh_from_db()
    assert request_.status == Booking.Status.PENDING_APPROVAL


def test_an_old_link_says_it_has_expired(client, request_, time_machine, frozen_now):
    link = _link(request_)
    time_machine.move_to(frozen_now + timedelta(days=61), tick=False)
    assert "This link has expired" in client.get(link).content.decode()


def test_a_signed_in_manager_decides_from_the_account_page(
    client_for, personas, request_, django_capture_on_commit_callbacks
):
    client = client_for(personas.manager)
    url = reverse("training:approval-detail", kwargs={"uuid": request_.uuid})
    assert "Approve the booking" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "approve"})
    assert response["Location"] == reverse("training:approvals")
    request_.refresh_from_db()
    assert request_.status == Booking.Status.CONFIRMED
    assert request_.approver == personas.manager
    assert len(mail.outbox) == 1


def test_a_request_addressed_to_someone_else_is_not_found(client_for, personas, request_):
    url = reverse("training:approval-detail", kwargs={"uuid": request_.uuid})
    for person in (personas.practitioner, personas.spoc_a, make_user(agency=personas.agency_a)):
        client = client_for(person)
        assert client.get(url).status_code == 404
        assert client.post(url, {"decision": "approve"}).status_code == 404
    request_.refresh_from_db()
    assert request_.status == Booking.Status.PENDING_APPROVAL
