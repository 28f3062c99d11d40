"""Two-factor sign-in: setting it up, entering codes, backup codes, turning it off, and throttling."""

from __future__ import annotations

import re
import time
from base64 import b32decode
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.core import roles
from hub.core.models import AuditEntry
from hub.testing import PASSWORD, make_agency, make_user

pytestmark = pytest.mark.django_db


def code_for(key: bytes) -> str:
    totp = TOTP(key)
    totp.time = time.time()
    return f"{totp.token():06d}"


def device_code(device: TOTPDevice) -> str:
    return code_for(device.bin_key)


@pytest.fixture
def practitioner():
    return make_user(
        "casey.moor@example.org", agency=make_agency(), roles_=(roles.PRACTITIONER,), email_verified_at=timezone.now()
    )


@pytest.fixture
def staff():
    return make_user("bu.officer@example.org", roles_=(roles.BUSINESS_UNIT,), email_verified_at=timezone.now())


def _sign_in(client, user):
    return client.post(reverse("core:sign-in"), {"email": user.email, "password": PASSWORD})


def _secret_on_page(page: str) -> bytes:
    secret = re.search(r'<code class="hub-secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    return b32decode(secret)


def _set_up(client) -> tuple[bytes, list[str]]:
    page = client.get(reverse("core:two-factor-setup")).content.decode()
    key = _secret_on_page(page)
    response = client.post(reverse("core:two-factor-setup"), {"code": code_for(key)}, follow=True)
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    return key, codes


# Setting up --------------------------------------------------------------------------------


def test_the_set_up_page_shows_a_qr_code_and_the_key_in_groups_of_four(client_for, practitioner):
    page = client_for(practitioner).get(reverse("core:two-factor-setup")).content.decode()

    assert '<svg role="img" aria-label="QR code for your authenticator app"' in page
    secret = re.search(r'<code class="hub-secret">([A-Z2-7 ]+)</code>', page).group(1)
    assert all(len(group) == 4 for group in secret.split(" "))
    device = TOTPDevice.objects.get(user=practitioner)
    assert not device.confirmed
    assert _secret_on_page(page) == device.bin_key


def test_reloading_the_set_up_page_keeps_the_same_key(client_for, practitioner):
    client = client_for(practitioner)
    first = _secret_on_page(client.get(reverse("core:two-factor-setup")).content.decode())
    second = _secret_on_page(client.get(reverse("core:two-factor-setup")).content.decode())

    assert first == second
    assert TOTPDevice.objects.filter(user=practitioner).count() == 1


def test_confirming_with_a_code_turns_it_on_and_shows_ten_backup_codes_once(client_for, practitioner):
    client = client_for(practitioner)

    key, codes = _set_up(client)

    device = TOTPDevice.objects.get(user=practitioner)
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert len(codes) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=practitioner).values_list("token", flat=True)
    )
    assert AuditEntry.objects.filter(action="core.two_factor.set_up", object_id=str(practitioner.pk)).exists()
    # Shown once: coming back asks before making new ones.
    again = client.get(reverse("core:two-factor-backup-codes")).content.decode()
    assert "Get new backup codes" in again
    assert codes[0] not in again


def test_a_wrong_code_during_set_up_is_refused(client_for, practitioner):
    client = client_for(practitioner)
    client.get(reverse("core:two-factor-setup"))

    response = client.post(reverse("core:two-factor-setup"), {"code": "000000"})

    assert "The code is not correct" in response.content.decode()
    assert not TOTPDevice.objects.get(user=practitioner).confirmed
    assert AuditEntry.objects.filter(action="core.two_factor.verify_failed").exists()


def test_a_code_that_is_not_six_digits_gets_a_govuk_error(client_for, practitioner):
    response = client_for(practitioner).post(reverse("core:two-factor-setup"), {"code": "12ab"})

    assert "Enter the 6-digit code from your authenticator app, using numbers only" in response.content.decode()


def test_someone_with_only_the_password_cannot_swap_in_their_own_app(client, staff):
    TOTPDevice.objects.create(user=staff, name="Authenticator app", confirmed=True)
    _sign_in(client, staff)

    response = client.get(reverse("core:two-factor-setup"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:two-factor-verify"))
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_moving_to_a_new_app_replaces_the_old_one(client_for, personas):
    person = personas.business_unit
    client = client_for(person)
    old = TOTPDevice.objects.get(user=person)

    _set_up(client)

    devices = TOTPDevice.objects.filter(user=person)
    assert devices.count() == 1
    assert devices.get().pk != old.pk
    assert devices.get().confirmed


# Entering a code after the password ---------------------------------------------------------


def test_a_practitioner_with_two_factor_must_enter_a_code_after_the_password(client, practitioner):
    device = TOTPDevice.objects.create(user=practitioner, name="Authenticator app", confirmed=True)

    response = _sign_in(client, practitioner)

    assert response["Location"] == f"{reverse('core:two-factor-verify')}?next=%2Faccount%2F"
    blocked = client.get(reverse("core:profile"))
    assert blocked.status_code == 302
    assert blocked["Location"].startswith(reverse("core:two-factor-verify"))

    response = client.post(reverse("core:two-factor-verify") + "?next=/account/profile/", {"code": device_code(device)})

    assert response["Location"] == "/account/profile/"
    assert client.get(reverse("core:profile")).status_code == 200
    assert AuditEntry.objects.filter(action="core.two_factor.verified", actor=practitioner).exists()


def test_a_practitioner_without_two_factor_goes_straight_in(client, practitioner):
    response = _sign_in(client, practitioner)

    assert response["Location"] == reverse("core:account")
    assert client.get(reverse("core:account")).status_code == 200


def test_a_wrong_code_gets_a_govuk_error_and_is_audited(client, practitioner):
    TOTPDevice.objects.create(user=practitioner, name="Authenticator app", confirmed=True)
    _sign_in(client, practitioner)

    response = client.post(reverse("core:two-factor-verify"), {"code": "000000"})

    page = response.content.decode()
    assert "The code is not correct" in page
    assert "<title>Error: Enter your two-factor code" in page
    assert DEVICE_ID_SESSION_KEY not in client.session
    entry = AuditEntry.objects.get(action="core.two_factor.verify_failed")
    assert entry.object_id == str(practitioner.pk)


def test_the_verify_page_never_sends_people_to_another_site(client, practitioner):
    device = TOTPDevice.objects.create(user=practitioner, name="Authenticator app", confirmed=True)
    _sign_in(client, practitioner)

    response = client.post(
        reverse("core:two-factor-verify"), {"code": device_code(device), "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("core:account")


def test_a_backup_code_works_once(client, practitioner):
    TOTPDevice.objects.create(user=practitioner, name="Authenticator app", confirmed=True)
    backup = StaticDevice.objects.create(user=practitioner, name="Backup codes", confirmed=True)
    backup.token_set.create(token="abcd2345")
    backup.token_set.create(token="efgh6723")
    _sign_in(client, practitioner)

    response = client.post(reverse("core:two-factor-verify"), {"code": "ABCD 2345"}, follow=True)

    assert "You used a backup code. You have 1 left." in response.content.decode()
    assert AuditEntry.objects.filter(action="core.two_factor.backup_code_used").exists()
    assert list(backup.token_set.values_list("token", flat=True)) == ["efgh6723"]

    client.post(reverse("core:sign-out"))
    _sign_in(client, practitioner)
    response = client.post(reverse("core:two-factor-verify"), {"code": "abcd2345"})
    assert "That backup code is not correct or has already been used" in response.content.decode()


def test_guessing_codes_is_slowed_down_and_the_message_says_to_wait(client, practitioner):
    device = TOTPDevice.objects.create(user=practitioner, name="Authenticator app", confirmed=True)
    _sign_in(client, practitioner)
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        client.post(reverse("core:two-factor-verify"), {"code": "000000"})
        client.post(reverse("core:two-factor-verify"), {"code": "000001"})
        # Two failures: the next try must wait 2 seconds, even with the right code.
        response = client.post(reverse("core:two-factor-verify"), {"code": device_code(device)})
        assert "You have entered too many wrong codes. Wait" in response.content.decode()
        assert "then try again" in response.content.decode()
        assert DEVICE_ID_SESSION_KEY not in client.session

    with time_machine.travel(start + timedelta(seconds=5), tick=False):
        response = client.post(reverse("core:two-factor-verify"), {"code": device_code(device)})

    assert response.status_code == 302
    assert DEVICE_ID_SESSION_KEY in client.session
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


# Enforcement for roles that require it ------------------------------------------------------


@pytest.mark.parametrize("slug", [roles.BUSINESS_UNIT, roles.REVIEWS_PANEL, roles.CDOP_PANEL])
def test_restricted_roles_without_an_app_are_sent_to_set_it_up(client, slug):
    person = make_user(f"{slug}@example.org", roles_=(slug,), email_verified_at=timezone.now())

    response = _sign_in(client, person)
    assert response["Location"].startswith(reverse("core:two-factor-setup"))

    for path in ("/account/", "/account/profile/", "/admin/", "/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("core:two-factor-setup")), path


@pytest.mark.parametrize("slug", [roles.BUSINESS_UNIT, roles.REVIEWS_PANEL])
def test_restricted_roles_with_an_app_are_sent_to_enter_a_code(client, slug):
    person = make_user(f"{slug}@example.org", roles_=(slug,), email_verified_at=timezone.now())
    device = TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)
    _sign_in(client, person)

    for path in ("/account/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == f"{reverse('core:two-factor-verify')}?next={path.replace('/', '%2F')}"

    client.post(reverse("core:two-factor-verify"), {"code": device_code(device)})

    assert client.get("/account/").status_code == 200


def test_business_unit_reaches_the_back_office_after_entering_a_code(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="Authenticator app", confirmed=True)
    _sign_in(client, staff)
    client.post(reverse("core:two-factor-verify"), {"code": device_code(device)})

    response = client.get("/admin/")

    assert response.status_code == 200


def test_setting_up_as_required_continues_to_the_page_asked_for(client, staff):
    response = _sign_in(client, staff)
    setup_url = response["Location"]
    page = client.get(setup_url).content.decode()
    key = _secret_on_page(page)

    response = client.post(setup_url, {"code": code_for(key), "next": "/account/profile/"}, follow=True)

    assert 'href="/account/profile/"' in response.content.decode()
    assert client.get("/account/profile/").status_code == 200


def test_signing_out_is_allowed_before_passing_two_factor(client, staff):
    _sign_in(client, staff)

    response = client.post(reverse("core:sign-out"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# Backup codes and turning it off ------------------------------------------------------------


def test_getting_new_backup_codes_replaces_the_old_ones(client_for, practitioner):
    client = client_for(practitioner)
    _key, old_codes = _set_up(client)

    response = client.post(reverse("core:two-factor-backup-codes"), follow=True)

    new_codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    stored = set(StaticToken.objects.filter(device__user=practitioner).values_list("token", flat=True))
    assert stored == set(new_codes)
    assert AuditEntry.objects.filter(action="core.two_factor.backup_codes_regenerated").count() == 1


def test_a_practitioner_can_turn_two_factor_off(client_for, practitioner):
    client = client_for(practitioner)
    _set_up(client)
    assert "Turn off two-factor sign-in" in client.get(reverse("core:two-factor-disable")).content.decode()

    response = client.post(reverse("core:two-factor-disable"), follow=True)

    assert "Two-factor sign-in is turned off" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=practitioner).exists()
    assert not StaticDevice.objects.filter(user=practitioner).exists()
    assert AuditEntry.objects.filter(action="core.two_factor.disabled", actor=practitioner).exists()
    client.post(reverse("core:sign-out"))
    assert _sign_in(Client(), practitioner)["Location"] == reverse("core:account")


@pytest.mark.parametrize("persona", ["business_unit", "reviews_panel"])
def test_people_whose_roles_need_it_cannot_turn_it_off(client_for, personas, persona):
    person = getattr(personas, persona)
    client = client_for(person)

    overview = client.get(reverse("core:two-factor")).content.decode()
    assert "Your roles need two-factor sign-in, so you cannot turn it off" in overview
    assert reverse("core:two-factor-disable") not in overview

    response = client.post(reverse("core:two-factor-disable"))

    assert "You cannot turn off two-factor sign-in" in response.content.decode()
    assert TOTPDevice.objects.filter(user=person).exists()
    assert not AuditEntry.objects.filter(action="core.two_factor.disabled").exists()


def test_managing_two_factor_needs_it_set_up_first(client_for, practitioner):
    client = client_for(practitioner)

    for name in ("core:two-factor-backup-codes", "core:two-factor-disable"):
        response = client.post(reverse(name))
        assert response["Location"] == reverse("core:two-factor")
    assert not StaticDevice.objects.exists()


def test_the_overview_shows_status_and_backup_codes_left(client_for, practitioner):
    client = client_for(practitioner)
    assert "Set up two-factor sign-in" in client.get(reverse("core:two-factor")).content.decode()

    _set_up(client)
    page = client.get(reverse("core:two-factor")).content.decode()

    assert ">On<" in page
    assert re.search(r"Backup codes left</dt>\s*<dd[^>]*>10<", page)
