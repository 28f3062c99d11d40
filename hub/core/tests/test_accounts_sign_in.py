"""Signing in with an e-mail address and password, and signing out for good."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
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


def test_signing_in_goes_to_the_account_page_and_is_audited(client, practitioner):
    response = client.post(reverse("core:sign-in"), {"email": "Casey.Moor@Example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("core:account")
    assert client.session["_auth_user_id"] == str(practitioner.pk)
    entry = AuditEntry.objects.get(action="core.user.signed_in")
    assert entry.actor == practitioner
    assert entry.object_id == str(practitioner.pk)


def test_signing_in_returns_to_a_safe_next_page(client, practitioner):
    response = client.post(
        reverse("core:sign-in") + "?next=/account/profile/", {"email": practitioner.email, "password": PASSWORD}
    )
    assert response["Location"] == "/account/profile/"


def test_signing_in_never_sends_people_to_another_site(client, practitioner):
    response = client.post(
        reverse("core:sign-in"),
        {"email": practitioner.email, "password": PASSWORD, "next": "https://evil.example/steal"},
    )
    assert response["Location"] == reverse("core:account")


def test_a_wrong_password_is_refused_and_audited_without_the_password(client, practitioner):
    response = client.post(reverse("core:sign-in"), {"email": practitioner.email, "password": "not my password"})

    assert response.status_code == 200
    assert "Enter a correct e-mail address and password" in response.content.decode()
    assert "_auth_user_id" not in client.session
    entry = AuditEntry.objects.get(action="core.user.sign_in_failed")
    assert entry.data == {"email": practitioner.email}
    assert "not my password" not in str(entry.data)


def test_an_unknown_address_gets_the_same_message_as_a_wrong_password(client, practitioner):
    response = client.post(reverse("core:sign-in"), {"email": "nobody@example.org", "password": "whatever it is"})

    assert "Enter a correct e-mail address and password" in response.content.decode()


def test_a_closed_account_cannot_sign_in(client, practitioner):
    practitioner.is_active = False
    practitioner.save()

    response = client.post(reverse("core:sign-in"), {"email": practitioner.email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_an_empty_form_gets_govuk_errors(client):
    response = client.post(reverse("core:sign-in"), {})

    page = response.content.decode()
    assert "Enter your e-mail address" in page
    assert "Enter your password" in page
    assert "<title>Error: Sign in" in page


def test_signing_out_needs_a_post(client_for, practitioner):
    client = client_for(practitioner)

    assert client.get(reverse("core:sign-out")).status_code == 405
    assert client.get(reverse("core:account")).status_code == 200


def test_signing_out_ends_the_session_on_the_server(client, practitioner):
    client.post(reverse("core:sign-in"), {"email": practitioner.email, "password": PASSWORD})
    old_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(reverse("core:account")).status_code == 200

    response = client.post(reverse("core:sign-out"), follow=True)

    assert "You have signed out" in response.content.decode()
    assert AuditEntry.objects.filter(action="core.user.signed_out", actor=practitioner).exists()
    # Someone who kept a copy of the old cookie gets nothing from it.
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    response = replay.get(reverse("core:account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign-in"))


def test_anonymous_visitors_to_the_account_area_are_sent_to_sign_in(client):
    for name in ("core:account", "core:profile", "core:password-change", "core:two-factor"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('core:sign-in')}?next={reverse(name)}"
