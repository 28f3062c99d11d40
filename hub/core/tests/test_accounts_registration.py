"""Practitioners register themselves, confirm their work address by e-mail, and only then sign in."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hub.core import roles
from hub.core.audit import log_action
from hub.core.models import AuditEntry, User
from hub.core.views.accounts import make_verification_token
from hub.testing import PASSWORD, make_agency, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "kettle orchard lantern 42"


@pytest.fixture
def agency():
    return make_agency("Northfield Council", short_code="nfc", email_domains="northfield.gov.uk, nfc.org.uk")


def _form(agency, **overrides):
    data = {
        "first_name": "Robin",
        "last_name": "Ashdown",
        "email": "Robin.Ashdown@northfield.gov.uk",
        "agency": agency.short_code,
        "job_title": "Family support worker",
        "password": NEW_PASSWORD,
        "password_confirmation": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def _link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_registering_creates_an_account_without_a_role_and_sends_a_confirmation_link(
    client, agency, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:register"), _form(agency))

    assert response.status_code == 302
    assert response["Location"] == reverse("core:register-done")
    user = User.objects.get(email="robin.ashdown@northfield.gov.uk")
    assert user.agency == agency
    assert user.job_title == "Family support worker"
    assert user.email_verified_at is None
    assert user.role_slugs() == set()
    assert user.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="core.user.registered", object_id=str(user.pk)).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["robin.ashdown@northfield.gov.uk"]
    assert "Confirm your e-mail address" in message.subject
    assert _link_in(message).startswith("http://127.0.0.1:8000/account/confirm-email/")
    assert not message.alternatives


def test_check_your_email_page_names_the_address(client, agency, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:register"), _form(agency), follow=True)

    page = response.content.decode()
    assert "Check your e-mail" in page
    assert "robin.ashdown@northfield.gov.uk" in page
    assert "48 hours" in page


def test_registering_needs_every_detail_in_govuk_wording(client, agency):
    response = client.post(reverse("core:register"), {})

    page = response.content.decode()
    assert response.status_code == 200
    for message in (
        "Enter your first name",
        "Enter your last name",
        "Enter your work e-mail address",
        "Select the agency you work for",
        "Enter your job title",
        "Enter a password",
    ):
        assert message in page
    assert "<title>Error: Create an account" in page
    assert not User.objects.exists()


def test_an_address_outside_the_agency_domains_is_refused(client, agency):
    response = client.post(reverse("core:register"), _form(agency, email="robin@gmail.example"))

    assert (
        "Enter your work e-mail address for Northfield Council. It must end with @northfield.gov.uk or @nfc.org.uk"
        in (response.content.decode())
    )
    assert not User.objects.exists()


def test_an_agency_without_listed_domains_accepts_any_address(client, django_capture_on_commit_callbacks):
    open_agency = make_agency("Community Trust", short_code="ct")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:register"), _form(open_agency, email="robin@trust.example"))

    assert response.status_code == 302
    assert User.objects.filter(email="robin@trust.example", agency=open_agency).exists()


def test_inactive_agencies_cannot_be_chosen(client):
    closed = make_agency("Closed Service", short_code="closed", is_active=False)
    response = client.get(reverse("core:register"))
    assert "Closed Service" not in response.content.decode()

    response = client.post(reverse("core:register"), _form(closed, email="robin@closed.example"))
    assert "Select the agency you work for" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short one", "Your password must be 12 characters or more"),
        ("123456789012345", "Your password must include letters or symbols, not just numbers"),
        ("password1234", "Your password is too easy to guess"),
        ("Ashdown.Robin", "Your password must not be similar to your last name"),
    ],
)
def test_weak_passwords_are_refused_with_govuk_messages(client, agency, password, message):
    response = client.post(reverse("core:register"), _form(agency, password=password, password_confirmation=password))

    assert message in response.content.decode()
    assert not User.objects.exists()


def test_passwords_that_do_not_match_are_refused(client, agency):
    response = client.post(reverse("core:register"), _form(agency, password_confirmation="something else entirely"))

    assert "The passwords you entered do not match" in response.content.decode()
    assert not User.objects.exists()


def test_registering_with_a_taken_address_looks_the_same_and_tells_the_owner(
    client, agency, django_capture_on_commit_callbacks
):
    owner = make_user("robin.ashdown@northfield.gov.uk", agency=agency, email_verified_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:register"), _form(agency, first_name="Someone", last_name="Else"))

    assert response.status_code == 302
    assert response["Location"] == reverse("core:register-done")
    assert User.objects.count() == 1
    owner.refresh_from_db()
    assert owner.first_name != "Someone"
    assert owner.check_password(PASSWORD)
    assert len(mail.outbox) == 1
    note = mail.outbox[0]
    assert note.to == [owner.email]
    assert "Someone tried to create an account" in note.subject
    assert "http://127.0.0.1:8000/account/password-reset/" in note.body
    assert AuditEntry.objects.filter(action="core.user.registration_repeated", object_id=str(owner.pk)).exists()


def test_registering_again_before_confirming_sends_a_new_confirmation_link(
    client, agency, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:register"), _form(agency))
        client.post(reverse("core:register"), _form(agency))

    assert User.objects.count() == 1
    assert len(mail.outbox) == 2
    assert all("Confirm your e-mail address" in message.subject for message in mail.outbox)


def test_signed_in_people_are_sent_to_their_account_instead(client_for, personas):
    client = client_for(personas.practitioner)
    response = client.get(reverse("core:register"))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:account")


# Confirming the address --------------------------------------------------------------------


@pytest.fixture
def registered(agency):
    """An account as registering leaves it: no role, address not yet confirmed."""
    user = make_user("robin.ashdown@northfield.gov.uk", agency=agency, email_verified_at=None)
    log_action("core.user.registered", actor=user, obj=user)
    return user


def test_the_confirmation_link_asks_before_confirming(client, registered):
    url = reverse("core:verify-email", args=[make_verification_token(registered)])

    response = client.get(url)

    assert response.status_code == 200
    assert "Confirm my e-mail address" in response.content.decode()
    registered.refresh_from_db()
    assert registered.email_verified_at is None


def test_confirming_the_address_makes_the_person_a_practitioner(client, registered):
    url = reverse("core:verify-email", args=[make_verification_token(registered)])

    with time_machine.travel(timezone.now(), tick=False):
        response = client.post(url)
        now = timezone.now()

    assert "Your e-mail address is confirmed" in response.content.decode()
    registered.refresh_from_db()
    assert registered.email_verified_at == now
    assert registered.has_role(roles.PRACTITIONER)
    entry = AuditEntry.objects.get(action="core.user.email_verified", object_id=str(registered.pk))
    assert entry.actor == registered
    assert AuditEntry.objects.filter(action="core.role.granted", object_id=str(registered.pk)).exists()


def test_confirming_twice_changes_nothing(client, registered):
    url = reverse("core:verify-email", args=[make_verification_token(registered)])
    client.post(url)

    response = client.post(url)

    assert "already confirmed" in response.content.decode()
    assert AuditEntry.objects.filter(action="core.user.email_verified").count() == 1
    assert registered.role_assignments.count() == 1


def test_an_expired_link_says_so_and_offers_a_new_one(client, registered):
    with time_machine.travel(timezone.now() - timedelta(hours=49)):
        token = make_verification_token(registered)

    response = client.post(reverse("core:verify-email", args=[token]))

    page = response.content.decode()
    assert "This link has expired" in page
    assert reverse("core:resend-verification") in page
    registered.refresh_from_db()
    assert registered.email_verified_at is None


def test_a_link_just_inside_its_lifetime_still_works(client, registered):
    with time_machine.travel(timezone.now() - timedelta(hours=47)):
        token = make_verification_token(registered)

    client.post(reverse("core:verify-email", args=[token]))

    registered.refresh_from_db()
    assert registered.email_verified_at is not None


def test_an_altered_link_does_not_work(client, registered):
    token = make_verification_token(registered)

    response = client.post(reverse("core:verify-email", args=[token[:-2] + "xx"]))

    assert "This link does not work" in response.content.decode()
    registered.refresh_from_db()
    assert registered.email_verified_at is None


def test_a_link_for_an_address_since_changed_does_not_work(client, registered):
    token = make_verification_token(registered)
    registered.email = "robin@nfc.org.uk"
    registered.save()

    response = client.post(reverse("core:verify-email", args=[token]))

    assert "This link does not work" in response.content.decode()
    registered.refresh_from_db()
    assert registered.email_verified_at is None


# Asking for a new link -----------------------------------------------------------------------


def test_a_new_link_is_sent_to_an_address_waiting_for_confirmation(
    client, registered, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:resend-verification"), {"email": "ROBIN.ashdown@northfield.gov.uk"})

    assert response.status_code == 302
    assert response["Location"] == reverse("core:register-done")
    assert [message.to for message in mail.outbox] == [[registered.email]]

    client.post(_link_in(mail.outbox[0]).replace("http://127.0.0.1:8000", ""))
    registered.refresh_from_db()
    assert registered.email_verified_at is not None


def test_new_links_are_sent_at_most_every_few_minutes(client, registered, django_capture_on_commit_callbacks):
    start = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        with time_machine.travel(start):
            client.post(reverse("core:resend-verification"), {"email": registered.email})
            client.post(reverse("core:resend-verification"), {"email": registered.email})
        with time_machine.travel(start + timedelta(minutes=6)):
            client.post(reverse("core:resend-verification"), {"email": registered.email})

    assert len(mail.outbox) == 2


def test_asking_for_a_link_for_an_unknown_or_confirmed_address_looks_the_same_and_sends_nothing(
    client, agency, django_capture_on_commit_callbacks
):
    make_user("confirmed@northfield.gov.uk", agency=agency, email_verified_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(reverse("core:resend-verification"), {"email": "nobody@northfield.gov.uk"})
        confirmed = client.post(reverse("core:resend-verification"), {"email": "confirmed@northfield.gov.uk"})

    assert unknown.status_code == confirmed.status_code == 302
    assert unknown["Location"] == confirmed["Location"] == reverse("core:register-done")
    assert mail.outbox == []


def test_asking_for_a_link_without_an_address_gets_a_govuk_error(client):
    response = client.post(reverse("core:resend-verification"), {"email": "not an address"})

    assert "Enter an e-mail address in the correct format, like name@example.org" in response.content.decode()


# Signing in before confirming ---------------------------------------------------------------


def test_an_unconfirmed_account_cannot_sign_in_and_is_offered_a_new_link(client, registered):
    response = client.post(reverse("core:sign-in"), {"email": registered.email, "password": PASSWORD})

    page = response.content.decode()
    assert response.status_code == 200
    assert "You need to confirm your e-mail address before you can sign in" in page
    assert reverse("core:resend-verification") in page
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="core.user.sign_in_unverified", object_id=str(registered.pk)).exists()


def test_an_unconfirmed_account_with_a_wrong_password_gets_the_ordinary_message(client, registered):
    response = client.post(reverse("core:sign-in"), {"email": registered.email, "password": "wrong password here"})

    page = response.content.decode()
    assert "Enter a correct e-mail address and password" in page
    assert "confirm your e-mail address" not in page


def test_the_whole_journey_from_registering_to_signing_in(client, agency, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:register"), _form(agency))
    link = _link_in(mail.outbox[0]).replace("http://127.0.0.1:8000", "")
    client.post(link)

    response = client.post(
        reverse("core:sign-in"), {"email": "robin.ashdown@northfield.gov.uk", "password": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("core:account")
    account = client.get(reverse("core:account")).content.decode()
    assert "Robin Ashdown" in account
    assert "Practitioner" in account
