"""GOV.UK "Exit this page" on the pages for parents and for children: with and without JavaScript."""

import pytest

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.website.models import Audience
from hub.website.tests.factories import build_site

pytestmark = BROWSER_TEST

NEUTRAL_SITE = "https://www.bbc.co.uk/weather"


@pytest.fixture
def site(home_page):
    return build_site()


def neutral_site(tab):
    """Answer for the neutral site locally, so the test needs no internet."""
    tab.context.route(
        "https://www.bbc.co.uk/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Weather</title>"),
    )


def test_the_exit_button_leaves_the_page_for_a_neutral_site(page, site):
    neutral_site(page)
    page.goto(site.audiences[Audience.PARENTS].url)
    button = page.get_by_role("button", name="Emergency Exit this page")
    assert button.is_visible()
    assert_accessible(page, "website-exit-this-page")
    button.click()
    page.wait_for_url(NEUTRAL_SITE)
    assert page.title() == "Weather"


def test_pressing_shift_three_times_leaves_the_page(page, site):
    neutral_site(page)
    page.goto(site.audiences[Audience.YOUNG_PEOPLE].url)
    page.locator("h1").click()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL_SITE)


def test_the_exit_link_works_without_javascript(chromium, live_server, site):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        tab = context.new_page()
        neutral_site(tab)
        tab.goto(site.audiences[Audience.PARENTS].url)
        tab.get_by_role("button", name="Emergency Exit this page").click()
        tab.wait_for_url(NEUTRAL_SITE)
    finally:
        context.close()


def test_the_professionals_page_has_no_exit_button(page, site):
    page.goto(site.audiences[Audience.PROFESSIONALS].url)
    assert page.locator(".govuk-exit-this-page").count() == 0
