"""The line manager's list of bookings to approve: /account/training/approvals/."""

from datetime import timedelta

import pytest
from django.urls import reverse

from hub.testing import assert_same_query_count, make_user
from hub.training.models import Booking
from hub.training.tests.factories import make_booking, make_course, make_event

pytestmark = pytest.mark.django_db

URL = reverse("training:approvals")


def _request(manager_email, frozen_now, title="Signs of Safety", **fields):
    event = make_event(make_course(title, needs_manager_approval=True), starts_at=frozen_now + timedelta(days=20))
    fields.setdefault("status", Booking.Status.PENDING_APPROVAL)
    person = make_user(first_name="Robin", last_name="Requester")
    return make_booking(event, person, manager_email=manager_email, **fields)


def test_requests_addressed_to_the_manager_are_listed_with_a_link_to_decide(client_for, personas, frozen_now):
    mine = _request("MANAGER@example.org", frozen_now)
    _request("other.manager@example.org", frozen_now, title="Not for you")
    page = client_for(personas.manager).get(URL).content.decode()
    assert "Robin Requester" in page
    assert reverse("training:approval-detail", kwargs={"uuid": mine.uuid}) in page
    assert "Not for you" not in page


def test_recent_decisions_are_listed_with_what_the_booking_is_now(client_for, personas, frozen_now):
    _request(
        personas.manager.email,
        frozen_now,
        title="Cumulative harm",
        status=Booking.Status.DECLINED,
        approval_decided_at=frozen_now - timedelta(days=2),
    )
    page = client_for(personas.manager).get(URL).content.decode()
    assert "No bookings are waiting for your approval." in page
    assert "Decided in the last 90 days" in page
    assert "Not approved by manager" in page


def test_the_list_costs_the_same_queries_with_1_and_50_requests(client_for, personas, frozen_now):
    def make_rows(count):
        for _ in range(count):
            _request(personas.manager.email, frozen_now)

    response = assert_same_query_count(client_for(personas.manager), URL, make_rows)
    assert response.content.decode().count("Approve or decline") == 50
