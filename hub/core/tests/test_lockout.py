"""Repeated failed sign-ins lock the account (django-axes) until it cools off or the password is reset."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from hub.core import roles
from hub.core.models import AuditEntry
from hub.testing import PASSWORD, make_agency, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def practitioner():
    return make_user(
        "casey.moor@example.org", agency=make_agency(), roles_=(roles.PRACTITIONER,), email_verified_at=timezone.now()
    )


def _fail(client, email, times):
    response = None
    for _ in range(times):
        response = client.post(reverse("core:sign-in"), {"email": email, "password": "a wrong password"})
    return response


def test_the_account_locks_after_the_failure_limit(client, practitioner):
    response = _fail(client, practitioner.email, settings.AXES_FAILURE_LIMIT)

    assert response.status_code == 429
    assert "core/accounts/locked_out.html" in [t.name for t in response.templates]
    assert "Your account is locked" in response.content.decode()
    entry = AuditEntry.objects.get(action="core.user.locked_out")
    assert entry.object_id == str(practitioner.pk)


def test_a_locked_account_refuses_even_the_right_password(client, practitioner):
    _fail(client, practitioner.email, settings.AXES_FAILURE_LIMIT)

    response = client.post(reverse("core:sign-in"), {"email": practitioner.email, "password": PASSWORD})

    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The lock is recorded once, when it starts.
    assert AuditEntry.objects.filter(action="core.user.locked_out").count() == 1


def test_the_lock_follows_the_account_whatever_the_case_of_the_address(client, practitioner):
    _fail(client, practitioner.email.upper(), settings.AXES_FAILURE_LIMIT)

    response = client.post(reverse("core:sign-in"), {"email": practitioner.email, "password": PASSWORD})

    assert response.status_code == 429


def test_one_failure_short_of_the_limit_still_lets_the_person_in(client, practitioner):
    _fail(client, practitioner.email, settings.AXES_FAILURE_LIMIT - 1)

    response = client.post(reverse("core:sign-in"), {"email": practitioner.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(practitioner.pk)


def test_signing_in_resets_the_failure_count(client, practitioner):
    _fail(client, practitioner.email, settings.AXES_FAILURE_LIMIT - 1)
    client.post(reverse("core:sign-in"), {"email": practitioner.email, "password": PASSWORD})
    client.post(reverse("core:sign-out"))
    assert not AccessAttempt.objects.filter(username=practitioner.email).exists()

    response = _fail(client, practitioner.email, settings.AXES_FAILURE_LIMIT - 1)

    assert response.status_code == 200


def test_other_accounts_are_not_locked_by_one_persons_failures(client, practitioner):
    colleague = make_user("colleague@example.org", agency=practitioner.agency, email_verified_at=timezone.now())
    _fail(client, practitioner.email, settings.AXES_FAILURE_LIMIT)

    response = client.post(reverse("core:sign-in"), {"email": colleague.email, "password": PASSWORD})

    assert response.status_code == 302


def test_the_lock_lifts_after_the_cool_off_time(client, practitioner):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _fail(client, practitioner.email, settings.AXES_FAILURE_LIMIT)

    with time_machine.travel(start + settings.AXES_COOLOFF_TIME + timedelta(minutes=1), tick=False):
        response = client.post(reverse("core:sign-in"), {"email": practitioner.email, "password": PASSWORD})

    assert response.status_code == 302


def test_resetting_the_password_lifts_the_lock(client, practitioner, django_capture_on_commit_callbacks):
    from hub.core.views.accounts import complete_password_reset

    _fail(client, practitioner.email, settings.AXES_FAILURE_LIMIT)
    with django_capture_on_commit_callbacks(execute=True):
        complete_password_reset(user=practitioner)

    response = client.post(reverse("core:sign-in"), {"email": practitioner.email, "password": PASSWORD})

    assert response.status_code == 302
