"""Signing in through the form, as a person would, with and without mistakes."""

import re

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.core import roles
from hub.testing import PASSWORD, make_agency, make_user

pytestmark = BROWSER_TEST


def test_sign_in_page_is_accessible(page):
    page.goto(reverse("core:sign-in"))
    expect(page).to_have_title(re.compile(r"^Sign in"))
    assert_accessible(page, "sign-in")


def test_sign_in_with_nothing_entered_shows_an_accessible_error_summary(page):
    page.goto(reverse("core:sign-in"))
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter your e-mail address")
    expect(summary).to_contain_text("Enter your password")
    assert_accessible(page, "sign-in-with-errors")


def test_sign_in_with_a_wrong_password_says_so_and_stays_accessible(page):
    make_user("someone@example.org", email_verified_at=timezone.now())
    page.goto(reverse("core:sign-in"))
    page.get_by_label("E-mail address").fill("someone@example.org")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct e-mail address and password")
    assert_accessible(page, "sign-in-wrong-password")


def test_practitioner_signs_in_and_reaches_an_accessible_account_page(page):
    make_user(
        "practitioner@example.org",
        agency=make_agency(),
        roles_=(roles.PRACTITIONER,),
        email_verified_at=timezone.now(),
    )
    page.goto(reverse("core:sign-in"))
    page.get_by_label("E-mail address").fill("Practitioner@Example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(re.escape(reverse("core:account")) + "$"))
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page, "account")
