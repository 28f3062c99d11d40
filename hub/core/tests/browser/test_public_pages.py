"""The pages anyone can open pass axe-core's WCAG 2.2 A/AA rules in a real browser."""

import pytest
from django.urls import reverse

from hub.browser_testing import BROWSER_TEST, assert_accessible

pytestmark = BROWSER_TEST


def test_home_page_is_accessible(page, home_page):
    page.goto("/")
    assert page.locator("h1").inner_text() == home_page.title
    assert_accessible(page, "home")


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("core:accessibility-statement", "Accessibility statement"),
        ("core:privacy", "Privacy"),
        ("core:cookies", "Cookies"),
    ],
)
def test_notice_page_is_accessible(page, url_name, heading):
    page.goto(reverse(url_name))
    assert heading.lower() in page.locator("h1").inner_text().lower()
    assert_accessible(page, url_name.replace(":", "-"))


def test_page_not_found_is_accessible_and_answers_404(page):
    response = page.goto("/no-such-page-in-the-hub/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert_accessible(page, "page-not-found")


def test_footer_links_to_the_accessibility_statement_privacy_notice_and_cookies(page):
    page.goto("/")
    footer = page.locator("footer")
    for url_name in ("core:accessibility-statement", "core:privacy", "core:cookies"):
        assert footer.locator(f'a[href="{reverse(url_name)}"]').count() == 1, url_name
