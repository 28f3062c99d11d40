"""Resetting a forgotten password by e-mail, and changing it while signed in."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from hub.core import roles
from hub.core.audit import log_action
from hub.core.models import AuditEntry
from hub.testing import PASSWORD, make_agency, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "copper meadow violin 17"


@pytest.fixture
def practitioner():
    return make_user(
        "casey.moor@example.org",
        agency=make_agency(),
        roles_=(roles.PRACTITIONER,),
        email_verified_at=timezone.now(),
        first_name="Casey",
    )


def _request_reset(client, email, capture):
    with capture(execute=True):
        return client.post(reverse("core:password-reset"), {"email": email})


def _reset_path(message) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/account/password-reset/\S+)", message.body).group(1)


def test_asking_for_a_reset_sends_a_plain_text_link(client, practitioner, django_capture_on_commit_callbacks):
    response = _request_reset(client, "CASEY.moor@example.org", django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == reverse("core:password-reset-done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [practitioner.email]
    assert message.subject.startswith("Reset your password for")
    assert "Dear Casey" in message.body
    assert not message.alternatives
    # The link names the person by UUID, not by a sequential id.
    uidb64 = _reset_path(message).split("/")[3]
    assert force_str(urlsafe_base64_decode(uidb64)) == str(practitioner.uuid)
    assert AuditEntry.objects.filter(action="core.user.password_reset_requested", object_id=str(practitioner.pk))


def test_asking_for_an_unknown_address_looks_the_same_and_sends_nothing(client, django_capture_on_commit_callbacks):
    response = _request_reset(client, "nobody@example.org", django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == reverse("core:password-reset-done")
    assert mail.outbox == []


def test_asking_without_a_valid_address_gets_a_govuk_error(client):
    response = client.post(reverse("core:password-reset"), {"email": ""})

    assert "Enter your e-mail address" in response.content.decode()


def test_the_reset_link_lets_the_person_choose_a_new_password(client, practitioner, django_capture_on_commit_callbacks):
    _request_reset(client, practitioner.email, django_capture_on_commit_callbacks)
    link = _reset_path(mail.outbox[0])
    mail.outbox.clear()

    page = client.get(link, follow=True)
    assert "Choose a new password" in page.content.decode()
    form_url = page.redirect_chain[-1][0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("core:password-reset-complete")
    practitioner.refresh_from_db()
    assert practitioner.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="core.user.password_reset", actor=practitioner).exists()
    assert [m.subject for m in mail.outbox] == [f"Your {_partnership()} password has been changed"]
    # The link works once.
    again = client.get(link, follow=True)
    assert "This link does not work" in again.content.decode()


def _partnership() -> str:
    from hub.core.models import PartnershipSettings

    return PartnershipSettings.load().name


def test_a_weak_new_password_is_refused(client, practitioner, django_capture_on_commit_callbacks):
    _request_reset(client, practitioner.email, django_capture_on_commit_callbacks)
    page = client.get(_reset_path(mail.outbox[0]), follow=True)

    response = client.post(page.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"})

    assert "Your password must be 12 characters or more" in response.content.decode()
    practitioner.refresh_from_db()
    assert practitioner.check_password(PASSWORD)


def test_a_made_up_link_does_not_work(client):
    response = client.get(reverse("core:password-reset-confirm", kwargs={"uidb64": "MTIz", "token": "abc-def"}))

    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()


def test_a_person_added_by_the_business_unit_sets_a_first_password_and_their_address_counts_as_confirmed(
    client, django_capture_on_commit_callbacks
):
    added = make_user(
        "new.starter@example.org", agency=make_agency(), roles_=(roles.EXECUTIVE,), email_verified_at=None
    )
    added.set_unusable_password()
    added.save()

    _request_reset(client, added.email, django_capture_on_commit_callbacks)
    page = client.get(_reset_path(mail.outbox[0]), follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    added.refresh_from_db()
    assert added.check_password(NEW_PASSWORD)
    assert added.email_verified_at is not None
    # Staff chose this person's roles; confirming the address adds none.
    assert added.role_slugs() == {roles.EXECUTIVE}
    response = client.post(reverse("core:sign-in"), {"email": added.email, "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_a_registered_person_who_resets_before_confirming_becomes_a_practitioner(
    client, django_capture_on_commit_callbacks
):
    registered = make_user("registered@example.org", agency=make_agency(), email_verified_at=None)
    log_action("core.user.registered", actor=registered, obj=registered)

    _request_reset(client, registered.email, django_capture_on_commit_callbacks)
    page = client.get(_reset_path(mail.outbox[0]), follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    registered.refresh_from_db()
    assert registered.email_verified_at is not None
    assert registered.has_role(roles.PRACTITIONER)


# Changing the password while signed in --------------------------------------------------------


def test_changing_the_password_keeps_this_session_and_ends_others(
    client, practitioner, django_capture_on_commit_callbacks
):
    client.post(reverse("core:sign-in"), {"email": practitioner.email, "password": PASSWORD})
    elsewhere = Client()
    elsewhere.post(reverse("core:sign-in"), {"email": practitioner.email, "password": PASSWORD})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("core:password-change"),
            {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
            follow=True,
        )

    assert "Your password has been changed" in response.content.decode()
    practitioner.refresh_from_db()
    assert practitioner.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="core.user.password_changed", actor=practitioner).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [practitioner.email]
    assert client.get(reverse("core:account")).status_code == 200
    assert elsewhere.get(reverse("core:account")).status_code == 302


def test_changing_the_password_needs_the_current_one(client_for, practitioner):
    client = client_for(practitioner)

    response = client.post(
        reverse("core:password-change"),
        {"old_password": "not the password", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert "Your current password is not correct" in response.content.decode()
    practitioner.refresh_from_db()
    assert practitioner.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="core.user.password_changed").exists()


def test_the_new_password_must_be_typed_the_same_twice(client_for, practitioner):
    client = client_for(practitioner)

    response = client.post(
        reverse("core:password-change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"},
    )

    assert "The passwords you entered do not match" in response.content.decode()
