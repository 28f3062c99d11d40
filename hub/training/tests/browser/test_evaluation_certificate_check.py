"""Anyone checks a certificate by its code: the form, the result and an unknown code are accessible."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.testing import make_user
from hub.training.models import Booking, Certificate
from hub.training.tests.factories import make_booking, make_course, make_event

pytestmark = BROWSER_TEST


def test_checking_a_certificate_by_its_code(page):
    person = make_user(first_name="Jo", last_name="Whitfield")
    event = make_event(make_course("Child sexual abuse"), starts_at=timezone.now() - timedelta(days=20))
    booking = make_booking(event, person, status=Booking.Status.ATTENDED)
    Certificate.objects.create(booking=booking, verification_code="ABCDEFGHJKMN")

    page.goto(reverse("training:certificate-verify"))
    expect(page.locator("h1")).to_have_text("Check a training certificate")
    assert_accessible(page, "certificate-verify")

    page.get_by_label("Verification code").fill("12")
    page.get_by_role("button", name="Check the certificate").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page, "certificate-verify-error")

    page.get_by_label("Verification code").fill("abcd-efgh-jkmn")
    page.get_by_role("button", name="Check the certificate").click()
    expect(page.locator("h1")).to_have_text("This certificate is genuine")
    expect(page.get_by_text("J. Whitfield")).to_be_visible()
    assert_accessible(page, "certificate-genuine")

    page.goto(reverse("training:certificate-check", kwargs={"code": "ABCDEFGHJKMP"}))
    expect(page.locator("h1")).to_have_text("No certificate has this code")
    assert_accessible(page, "certificate-not-found")
