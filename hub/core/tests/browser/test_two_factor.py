"""Business-unit staff must use two-factor sign-in: setting it up and using it, in a real browser."""

import re

from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.core import roles
from hub.testing import PASSWORD, make_user

pytestmark = BROWSER_TEST


def _sign_in_with_password(page, email):
    page.goto(reverse("core:sign-in"))
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_business_unit_officer_without_two_factor_is_sent_to_an_accessible_setup_page(page):
    make_user("officer@example.org", roles_=(roles.BUSINESS_UNIT,), email_verified_at=timezone.now())

    _sign_in_with_password(page, "officer@example.org")

    expect(page).to_have_url(re.compile(re.escape(reverse("core:two-factor-setup"))))
    expect(page.locator("h1")).to_have_text("Set up two-factor sign-in")
    assert_accessible(page, "two-factor-setup")

    page.get_by_label("Code from your authenticator app").fill("12")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page, "two-factor-setup-with-errors")


def test_business_unit_officer_with_two_factor_is_asked_for_a_code_on_an_accessible_page(page):
    officer = make_user("officer@example.org", roles_=(roles.BUSINESS_UNIT,), email_verified_at=timezone.now())
    TOTPDevice.objects.create(user=officer, name="Authenticator app", confirmed=True)

    _sign_in_with_password(page, "officer@example.org")

    expect(page).to_have_url(re.compile(re.escape(reverse("core:two-factor-verify"))))
    expect(page.locator("h1")).to_have_text("Enter your two-factor code")
    assert_accessible(page, "two-factor-verify")

    page.get_by_label("Code", exact=True).fill("abc")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page, "two-factor-verify-with-errors")
