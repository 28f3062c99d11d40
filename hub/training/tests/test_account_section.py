"""The "Your training" card on /account/: next bookings, waiting places and things to do."""

from datetime import timedelta

import pytest
from django.urls import reverse

from hub.training.models import Booking
from hub.training.tests.factories import (
    local_datetime,
    make_booking,
    make_course,
    make_course_waiting_list_entry,
    make_event,
)

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("core:account")


def test_the_card_lists_offers_approvals_next_bookings_and_waiting_lists(client_for, personas, frozen_now):
    soon = local_datetime(frozen_now.date() + timedelta(days=20))
    booked = make_booking(make_event(make_course("Neglect toolkit"), starts_at=soon), personas.manager)
    offer = make_booking(
        make_event(make_course("Voice of the child"), starts_at=soon),
        personas.manager,
        status=Booking.Status.OFFERED,
        offered_at=frozen_now,
        offer_expires_at=frozen_now + timedelta(hours=48),
    )
    make_booking(
        make_event(make_course(needs_manager_approval=True), starts_at=soon),
        personas.practitioner,
        status=Booking.Status.PENDING_APPROVAL,
        manager_email=personas.manager.email,
    )
    make_course_waiting_list_entry(make_course(), personas.manager)
    page = client_for(personas.manager).get(ACCOUNT).content.decode()
    assert f'<a class="govuk-link" href="{reverse("training:my-training")}">Your training</a>' in page
    assert "Reply to the place offered on Voice of the child" in page
    assert reverse("training:booking-offer", kwargs={"uuid": offer.uuid}) in page
    assert "1 booking waiting for your approval" in page
    assert "Neglect toolkit: Wednesday 21 May 2025, 9:30am to 12:30pm" in page
    assert reverse("training:booking-detail", kwargs={"uuid": booked.uuid}) in page
    assert "On 1 waiting list" in page


def test_someone_with_no_training_is_pointed_to_the_programme(client_for, personas):
    page = client_for(personas.practitioner).get(ACCOUNT).content.decode()
    assert "Your training" in page
    assert "You have no training booked. Find a course in the training programme." in page
