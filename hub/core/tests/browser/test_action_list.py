"""The business unit's view of the action tracker is accessible with real rows in it."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.core import roles
from hub.core.services import create_action
from hub.testing import make_agency, make_user

pytestmark = BROWSER_TEST


def test_action_list_for_the_business_unit_is_accessible(page, sign_in_browser):
    officer = make_user("officer@example.org", roles_=(roles.BUSINESS_UNIT,))
    police = make_agency("Durham Constabulary", short_code="police")
    today = timezone.localdate()
    for number, due_on in enumerate([today - timedelta(days=10), today + timedelta(days=5), date(2030, 3, 31)], 1):
        create_action(
            actor=officer,
            title=f"Review the referral pathway, part {number}",
            owner_agency=police,
            due_on=due_on,
        )

    sign_in_browser(officer)
    page.goto(reverse("core:action-list"))

    expect(page.locator("h1")).to_have_count(1)
    expect(page.get_by_text("Review the referral pathway, part 3")).to_be_visible()
    assert_accessible(page, "action-list")
