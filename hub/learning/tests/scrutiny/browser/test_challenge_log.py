"""The scrutineer raises a challenge (with an error first) and closes it; the agency's SPOC responds.
Every page of the challenge log is checked by axe-core."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.core import roles
from hub.learning.scrutiny.models import Challenge
from hub.testing import make_agency, make_user

pytestmark = BROWSER_TEST


def _fill_date(page, day):
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))


def test_a_challenge_is_raised_answered_and_closed(page, sign_in_browser):
    agency = make_agency("Durham Constabulary", short_code="police")
    spoc = make_user(
        "dan.spoc@example.org", agency=agency, first_name="Dan", last_name="Walsh", roles_=((roles.SPOC, agency),)
    )
    scrutineer = make_user("grace@example.org", first_name="Grace", last_name="Turner", roles_=(roles.SCRUTINEER,))
    today = timezone.localdate()

    sign_in_browser(scrutineer)
    page.goto(reverse("learning:scrutiny"))
    expect(page.locator("h1")).to_have_text("Independent scrutiny")
    assert_accessible(page, "scrutiny-overview")
    page.get_by_role("link", name="Go to the challenge log").click()
    assert_accessible(page, "scrutiny-challenge-log-empty")
    page.get_by_role("button", name="Raise a challenge").click()
    assert_accessible(page, "scrutiny-challenge-form")
    page.get_by_role("button", name="Add to the challenge log").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the challenge in a few words")
    assert_accessible(page, "scrutiny-challenge-form-errors")

    page.get_by_label("The challenge in a few words").fill("Weekend notifications to schools")
    page.get_by_label("The challenge", exact=True).fill("Why do notifications reach schools later after weekends?")
    page.get_by_label("Agency challenged (optional)").select_option("police")
    _fill_date(page, today - timedelta(days=2))
    page.get_by_role("button", name="Add to the challenge log").click()
    expect(page.get_by_text("Challenge added to the log.")).to_be_visible()
    assert_accessible(page, "scrutiny-challenge-open")
    challenge_url = page.url

    page.context.clear_cookies()
    sign_in_browser(spoc)
    page.goto(reverse("learning:scrutiny-challenges"))
    assert_accessible(page, "scrutiny-challenge-log-spoc")
    page.get_by_role("link", name="Weekend notifications to schools").click()
    page.get_by_role("button", name="Record the response").click()
    assert_accessible(page, "scrutiny-challenge-respond")
    page.get_by_label("The response").fill("A weekend rota now sends them by 8am on Monday.")
    page.get_by_role("button", name="Save the response").click()
    expect(page.get_by_text("Response recorded.")).to_be_visible()

    page.context.clear_cookies()
    sign_in_browser(scrutineer)
    page.goto(challenge_url)
    page.get_by_role("button", name="Close the challenge").click()
    assert_accessible(page, "scrutiny-challenge-close")
    page.get_by_role("button", name="Close the challenge").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the evidence that the challenge has been met")
    assert_accessible(page, "scrutiny-challenge-close-errors")
    page.get_by_label("Evidence that the challenge has been met").fill("Force data: 94% before the school day.")
    page.get_by_role("button", name="Close the challenge").click()
    expect(page.get_by_text("Challenge closed.")).to_be_visible()
    assert_accessible(page, "scrutiny-challenge-closed")
    assert Challenge.objects.get().status == Challenge.Status.CLOSED
