"""Keyboard users can skip straight past the header to the page's content."""

from hub.browser_testing import BROWSER_TEST

pytestmark = BROWSER_TEST


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.textContent.trim(), document.activeElement.hash]")
    assert focused == ["Skip to main content", "#main-content"]
    assert page.locator(".govuk-skip-link").is_visible()

    page.keyboard.press("Enter")

    assert page.evaluate("() => document.activeElement.id") == "main-content"
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"
