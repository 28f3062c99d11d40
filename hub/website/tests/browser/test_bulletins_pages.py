"""The e-bulletin journeys in a real browser: the archive, an issue, subscribing and unsubscribing.

Every page passes axe-core's WCAG 2.2 A/AA rules, including the subscription form with mistakes.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.website.bulletins import make_confirmation_token, make_manage_token
from hub.website.models import BulletinIndexPage, NewsIndexPage, Subscription
from hub.website.tests.bulletin_factories import COURSE_KIND, item, make_subscription, news, offering_courses, text
from hub.website.tests.factories import add_page, make_bulletin, make_news, make_theme

pytestmark = BROWSER_TEST


@pytest.fixture
def archive(home_page):
    return add_page(
        home_page,
        BulletinIndexPage(
            title="E-bulletins",
            slug="bulletins",
            introduction="Every issue of the partnership's e-bulletin, newest first.",
        ),
    )


@pytest.fixture
def issue(home_page, archive):
    news_index = add_page(home_page, NewsIndexPage(title="What's New", slug="news"))
    story = make_news(news_index, title="New neglect strategy", summary="The partnership agreed a new strategy.")
    with offering_courses():
        yield make_bulletin(
            archive,
            title="Spring issue",
            introduction="News from the partnership for spring.",
            items=[
                text("<h2>From the chair</h2><p>Welcome to the spring issue.</p>"),
                news(story),
                item(f"{COURSE_KIND}:neglect-2"),
            ],
        )


def test_archive_is_accessible_and_offers_the_subscription(page, archive, issue):
    page.goto("/bulletins/")

    expect(page.locator("h1")).to_have_text("E-bulletins")
    expect(page.get_by_role("link", name="Spring issue")).to_be_visible()
    expect(page.get_by_role("button", name="Subscribe to the e-bulletin")).to_be_visible()
    assert_accessible(page, "bulletin-archive")


def test_an_issue_is_accessible(page, issue):
    page.goto(issue.url)

    expect(page.locator("h1")).to_have_text("Spring issue")
    expect(page.get_by_role("heading", name="New neglect strategy")).to_be_visible()
    expect(page.get_by_role("link", name="Neglect: level 2")).to_be_visible()
    assert_accessible(page, "bulletin-issue")


def test_subscribing_with_mistakes_then_correctly(page, archive):
    make_theme("Neglect")
    page.goto("/bulletins/")
    page.get_by_role("button", name="Subscribe to the e-bulletin").click()
    expect(page.locator("h1")).to_have_text("Subscribe to the e-bulletin")
    assert_accessible(page, "bulletin-subscribe")

    page.get_by_label("E-mail address").fill("not an address")
    page.get_by_role("button", name="Subscribe", exact=True).click()

    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter an e-mail address in the correct format")
    expect(summary).to_contain_text("Select who you want news for")
    assert_accessible(page, "bulletin-subscribe-with-errors")

    summary.get_by_role("link", name="Select who you want news for").click()
    expect(page.get_by_label("Professionals")).to_be_focused()
    page.get_by_label("Professionals").check()
    page.get_by_label("E-mail address").fill("reader@example.org")
    page.get_by_label("Neglect").check()
    page.get_by_role("button", name="Subscribe", exact=True).click()

    expect(page.locator("h1")).to_have_text("Check your e-mail")
    assert_accessible(page, "bulletin-check-your-email")
    subscription = Subscription.objects.get()
    assert subscription.email == "reader@example.org" and subscription.confirmed_at is None
    assert [message.to for message in mail.outbox] == [["reader@example.org"]]


def test_confirming_a_subscription(page, archive):
    subscription = make_subscription("reader@example.org", confirmed=False)

    page.goto(reverse("website:bulletin-confirm", args=[make_confirmation_token(subscription)]))
    expect(page.locator("h1")).to_have_text("Confirm your subscription")
    assert_accessible(page, "bulletin-confirm")
    page.get_by_role("button", name="Confirm my subscription").click()

    expect(page.locator("h1")).to_have_text("Subscription confirmed")
    assert_accessible(page, "bulletin-confirmed")
    subscription.refresh_from_db()
    assert subscription.is_active


def test_changing_preferences(page, archive):
    make_theme("Early help")
    subscription = make_subscription("reader@example.org")

    page.goto(reverse("website:bulletin-preferences", args=[make_manage_token(subscription)]))
    expect(page.locator("h1")).to_have_text("Your e-bulletin preferences")
    assert_accessible(page, "bulletin-preferences")
    page.get_by_label("Early help").check()
    page.get_by_role("button", name="Save preferences").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your preferences have been saved.")
    assert_accessible(page, "bulletin-preferences-saved")
    assert [theme.name for theme in subscription.themes.all()] == ["Early help"]


def test_unsubscribing_asks_first_then_confirms(page, archive):
    subscription = make_subscription("reader@example.org")

    page.goto(reverse("website:bulletin-unsubscribe", args=[make_manage_token(subscription)]))
    expect(page.locator("h1")).to_have_text("Unsubscribe from the e-bulletin")
    assert_accessible(page, "bulletin-unsubscribe")
    subscription.refresh_from_db()
    assert subscription.is_active

    page.get_by_role("button", name="Unsubscribe").click()

    expect(page.locator("h1")).to_have_text("You have unsubscribed")
    assert_accessible(page, "bulletin-unsubscribed")
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


def test_a_broken_link_page_is_accessible(page, archive):
    page.goto(reverse("website:bulletin-unsubscribe", args=["not-a-real-token"]))

    expect(page.locator("h1")).to_have_text("This link does not work")
    assert_accessible(page, "bulletin-link-problem")
