"""Staff and restricted-role sessions end after a spell without any request (STAFF_IDLE_TIMEOUT)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from hub.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_business_unit_idle_longer_than_the_timeout_is_signed_out_with_a_message(client_for, personas):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = client_for(personas.business_unit)
        assert client.get(reverse("core:account")).status_code == 200

    with time_machine.travel(start + settings.STAFF_IDLE_TIMEOUT + timedelta(seconds=1), tick=False):
        response = client.get(reverse("core:profile"))
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('core:sign-in')}?next=%2Faccount%2Fprofile%2F"
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"]).content.decode()

    assert "You were signed out because you had not used the Hub for a while" in page
    entry = AuditEntry.objects.get(action="core.user.timed_out")
    assert entry.actor == personas.business_unit


def test_business_unit_active_within_the_timeout_stays_signed_in(client_for, personas):
    start = timezone.now()
    client = None
    with time_machine.travel(start, tick=False):
        client = client_for(personas.business_unit)
        client.get(reverse("core:account"))

    # Each request restarts the clock, so steady use never times out.
    for step in range(1, 4):
        with time_machine.travel(start + step * (settings.STAFF_IDLE_TIMEOUT - timedelta(minutes=1)), tick=False):
            assert client.get(reverse("core:account")).status_code == 200

    assert not AuditEntry.objects.filter(action="core.user.timed_out").exists()


def test_reviews_panel_members_time_out_too(client_for, personas):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = client_for(personas.reviews_panel)
        client.get(reverse("core:account"))

    with time_machine.travel(start + settings.STAFF_IDLE_TIMEOUT + timedelta(minutes=5), tick=False):
        assert client.get(reverse("core:account")).status_code == 302


def test_practitioners_are_not_timed_out_early(client_for, personas):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = client_for(personas.practitioner)
        client.get(reverse("core:account"))

    with time_machine.travel(start + settings.STAFF_IDLE_TIMEOUT + timedelta(minutes=5), tick=False):
        assert client.get(reverse("core:account")).status_code == 200
