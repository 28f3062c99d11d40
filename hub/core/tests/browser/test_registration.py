"""Practitioners registering themselves: the form, empty and with mistakes, is accessible."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.testing import make_agency

pytestmark = BROWSER_TEST


def test_registration_page_is_accessible(page):
    make_agency("Durham County Council", short_code="dcc")
    page.goto(reverse("core:register"))
    expect(page.locator("h1")).to_have_text("Create an account")
    assert_accessible(page, "register")


def test_registration_with_mistakes_shows_an_accessible_error_summary(page):
    make_agency("Durham County Council", short_code="dcc")
    page.goto(reverse("core:register"))
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Work e-mail address").fill("not an e-mail address")
    page.get_by_role("button", name="Create account").click()

    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator("a").first).to_have_attribute("href", re.compile(r"^#"))
    assert_accessible(page, "register-with-errors")
