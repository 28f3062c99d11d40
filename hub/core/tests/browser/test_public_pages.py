"""The pages anyone can open pass axe-core's WCAG 2.2 A/AA rules in a real browser."""

from django.urls import reverse

from hub.browser_testing import BROWSER_TEST, assert_accessible

pytestmark = BROWSER_TEST


def test_home_page_is_accessible(page, home_page):
    page.goto("/")
    assert page.locator("h1").inner_text() == home_page.title
    assert_accessible(page, "home")


def test_cookies_page_is_accessible(page):
    page.goto(reverse("core:cookies"))
    assert "cookies" in page.locator("h1").inner_text().lower()
    assert_accessible(page, "core-cookies")


def test_page_not_found_is_accessible_and_answers_404(page):
    response = page.goto("/no-such-page-in-the-hub/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert_accessible(page, "page-not-found")


def test_footer_links_to_the_cookies_page(page):
    # The accessibility statement and privacy notice are website pages: hub/website/tests/browser.
    page.goto("/")
    assert page.locator("footer").locator(f'a[href="{reverse("core:cookies")}"]').count() == 1
