"""Waiving a charge: the business unit confirms with a reason; the waiver is recorded and audited."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from hub.core.audit import entries_for
from hub.testing import make_user
from hub.training.models import Booking, Charge
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def charge(personas, frozen_now):
    event = make_event(make_course("Cumulative harm"), starts_at=local_datetime(date(2025, 4, 22)))
    person = make_user(first_name="Jo", last_name="Reed", agency=personas.agency_a)
    booking = make_booking(event, person, status=Booking.Status.NO_SHOW)
    return Charge.objects.create(
        booking=booking, reason=Charge.Reason.NO_SHOW, amount=Decimal("90.00"), agency=personas.agency_a
    )


def _url(charge) -> str:
    return reverse("training:charge-waive", kwargs={"uuid": charge.uuid})


def test_the_confirmation_page_describes_the_charge(client_for, personas, charge):
    html = client_for(personas.business_unit).get(_url(charge)).content.decode()
    assert "Waive a charge" in html
    assert "Jo Reed" in html and "Agency A" in html
    assert "£90.00 for non-attendance" in html
    assert "Cumulative harm, 22 April 2025" in html


def test_waiving_needs_a_reason(client_for, personas, charge):
    response = client_for(personas.business_unit).post(_url(charge), {"reason": "   "})
    assert response.status_code == 200
    assert "Enter why the charge is being waived" in response.content.decode()
    charge.refresh_from_db()
    assert not charge.waived


def test_waiving_records_who_why_and_when_and_returns_to_the_report(client_for, personas, charge, frozen_now):
    response = client_for(personas.business_unit).post(
        _url(charge), {"reason": "The course moved at a day's notice"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("training:charges") + "?year=2025-26"
    assert "Charge of £90.00 for Jo Reed waived" in response.content.decode()
    charge.refresh_from_db()
    assert charge.waived
    assert charge.waived_reason == "The course moved at a day's notice"
    assert charge.waived_by == personas.business_unit
    assert charge.waived_at == frozen_now
    [entry] = [e for e in entries_for(charge.booking) if e.action == "training.charge.waived"]
    assert entry.actor == personas.business_unit
    assert entry.data == {"reason": "The course moved at a day's notice"}


def test_a_waived_charge_cannot_be_waived_again(client_for, personas, charge):
    client = client_for(personas.business_unit)
    client.post(_url(charge), {"reason": "Illness"})
    response = client.post(_url(charge), {"reason": "Again"}, follow=True)
    assert "has already been waived" in response.content.decode()
    charge.refresh_from_db()
    assert charge.waived_reason == "Illness"


def test_nobody_else_can_waive_a_charge(client_for, personas, charge):
    for person in (personas.practitioner, personas.spoc_a, personas.manager, charge.booking.person):
        assert client_for(person).post(_url(charge), {"reason": "Please"}).status_code == 404
    charge.refresh_from_db()
    assert not charge.waived
