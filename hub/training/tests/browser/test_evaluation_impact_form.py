"""A delegate answers the impact follow-up: the form, its errors and the answer are accessible."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.core.models import Theme
from hub.testing import make_user
from hub.training.models import Booking, ImpactRequest, ImpactResponse
from hub.training.tests.factories import make_booking, make_course, make_event

pytestmark = BROWSER_TEST


def test_answering_the_impact_follow_up(page, sign_in_browser):
    Theme.objects.create(name="Voice and lived experience of the child", slug="voice")
    delegate = make_user(first_name="Dee", last_name="Lowe")
    event = make_event(make_course("Safeguarding managers and DSLs"), starts_at=timezone.now() - timedelta(days=90))
    booking = make_booking(event, delegate, status=Booking.Status.ATTENDED)
    impact_request = ImpactRequest.objects.create(booking=booking, due_on=timezone.localdate(), sent_at=timezone.now())

    sign_in_browser(delegate)
    page.goto(reverse("training:impact-respond", kwargs={"uuid": impact_request.uuid}))
    expect(page.locator("h1")).to_have_text("How has the course made a difference?")
    assert_accessible(page, "impact-form")

    page.get_by_role("button", name="Send").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page, "impact-form-errors")

    page.get_by_label("How has the course changed your practice?").fill("I hold reflective supervision monthly.")
    page.get_by_label("What difference has it made for children and families?").fill("Plans use children's words.")
    page.get_by_label("Voice and lived experience of the child").check()
    page.get_by_role("button", name="Send").click()

    expect(page.locator("h1")).to_have_text("You have told us about the impact of this course")
    assert_accessible(page, "impact-answered")
    assert ImpactResponse.objects.get(request=impact_request).impact_themes.get().slug == "voice"
