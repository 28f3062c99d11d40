"""A delegate evaluates a course they attended, gets it wrong first, then downloads the certificate."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.testing import make_user
from hub.training.models import Booking, Certificate, Evaluation
from hub.training.tests.factories import make_booking, make_course, make_event

pytestmark = BROWSER_TEST


def test_evaluating_a_course_with_a_mistake_then_downloading_the_certificate(page, sign_in_browser):
    delegate = make_user("dee.lowe@example.org", first_name="Dee", last_name="Lowe")
    event = make_event(make_course("Cumulative harm and risk assessment"), starts_at=timezone.now() - timedelta(days=2))
    booking = make_booking(event, delegate, status=Booking.Status.ATTENDED)

    sign_in_browser(delegate)
    page.goto(reverse("training:evaluate", kwargs={"uuid": booking.uuid}))
    expect(page.locator("h1")).to_have_text("Evaluate the course")
    assert_accessible(page, "evaluation-form")

    before = page.get_by_role("group", name="How confident did you feel about the subject before the course?")
    before.get_by_label("3", exact=True).check()
    page.get_by_role("group", name="How good was the content?").get_by_label("5", exact=True).check()
    page.get_by_role("button", name="Send evaluation").click()

    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select how confident you feel now")
    expect(summary).to_contain_text("Enter what you will do differently in your work")
    assert_accessible(page, "evaluation-form-errors")
    summary.get_by_role("link", name="Select how confident you feel now").click()
    expect(page.locator("#id_confidence_after_0")).to_be_focused()

    after = page.get_by_role("group", name="How confident do you feel about the subject now?")
    after.get_by_label("8", exact=True).check()
    for question in ("How good was the trainer?", "How good were the materials?", "How good was the course overall?"):
        page.get_by_role("group", name=question).get_by_label("4", exact=True).check()
    page.get_by_label("What will you do differently in your work?").fill("Map cumulative harm with families.")
    page.get_by_role("button", name="Send evaluation").click()

    expect(page.locator("h1")).to_have_text("You have evaluated this course")
    assert_accessible(page, "evaluation-sent")
    assert Evaluation.objects.get(booking=booking).confidence_shift == 5
    certificate = Certificate.objects.get(booking=booking)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your certificate (PDF)").click()
    assert download.value.suggested_filename.endswith(f"{certificate.verification_code}.pdf")


def test_the_page_before_attendance_is_accessible(page, sign_in_browser):
    delegate = make_user()
    event = make_event(make_course("Neglect toolkit"), starts_at=timezone.now() + timedelta(days=5))
    booking = make_booking(event, delegate)
    sign_in_browser(delegate)
    page.goto(reverse("training:evaluate", kwargs={"uuid": booking.uuid}))
    expect(page.locator("h1")).to_have_text("You cannot evaluate this course yet")
    assert_accessible(page, "evaluation-not-yet")
