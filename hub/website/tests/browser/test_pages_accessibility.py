"""Every website page type passes axe-core's WCAG 2.2 A/AA rules in a real browser, with real content."""

import datetime

import pytest
from django.conf import settings as django_settings

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.core.models import Agency, PartnershipSettings
from hub.testing import make_agency
from hub.website import statutory_pages
from hub.website.models import Audience, ContentPage, ResourceDownloadDay, WebsiteSettings
from hub.website.tests.factories import (
    add_amendment,
    add_page,
    build_site,
    make_news,
    make_resource,
    make_theme,
    make_topic,
)

pytestmark = BROWSER_TEST


@pytest.fixture
def site(home_page):
    website = WebsiteSettings.load()
    website.children_services_phone = "03000 267 979"
    website.out_of_hours_phone = "03000 267 979"
    website.save()
    make_agency("Northby Council", is_statutory_partner=True, sector=Agency.Sector.LOCAL_AUTHORITY)
    site = build_site()
    neglect = make_theme("Neglect", description="When a child's basic needs are not met.")
    site.neglect = make_topic(
        site.topics,
        neglect,
        introduction="Recognising and responding to neglect.",
        body=[("text", "<h2>What neglect looks like</h2><p>Neglect is the most common reason for a plan.</p>")],
    )
    make_topic(site.topics, make_theme("Early help"))
    for number in range(3):
        resource = make_resource(site.library, title=f"Neglect resource {number}", themes=[neglect])
        ResourceDownloadDay.objects.create(resource=resource, day=datetime.date.today(), count=number + 1)
    for number in range(22):
        site.story = make_news(
            site.news,
            title=f"What's New item {number}",
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=number),
            themes=[neglect] if number % 2 else [],
            for_parents=number % 3 == 0,
            body=[("text", "<p>What changed and what to do about it.</p>")],
        )
    site.procedures.body = [
        ("text", "<h2>Local documents</h2>"),
        ("links", [{"page": None, "url": "https://example.org/escalation.pdf", "title": "Escalation policy"}]),
    ]
    site.procedures.save_revision().publish()
    add_amendment(site.procedures, date=datetime.date(2025, 2, 3), chapter="Child exploitation", change="New form.")
    add_amendment(site.procedures, date=datetime.date(2024, 5, 1), chapter="Neglect", change="Graded care profile 2.")
    for fields in statutory_pages.statutory_pages(PartnershipSettings.load(), site_url=django_settings.SITE_URL):
        add_page(site, ContentPage(**fields))
    site.about = add_page(
        site,
        ContentPage(
            title="About the partnership",
            slug="about",
            introduction="Who we are.",
            last_reviewed=datetime.date(2025, 5, 6),
            body=[
                ("text", "<h2>Our vision</h2><p>Keeping children safe.</p>"),
                ("inset", "<p>Call 999 in an emergency.</p>"),
                ("warning", "Never promise a child you will keep a secret."),
                ("details", {"summary": "What is a strategy discussion?", "text": "<p>A meeting.</p>"}),
                ("links", [{"page": None, "url": "https://www.gov.uk/", "title": "GOV.UK", "description": "Help"}]),
                ("partners", None),
            ],
        ),
    )
    return site


def test_home_page_is_accessible(page, site):
    page.goto("/")
    assert page.locator("#worried-about-a-child").inner_text() == "Worried about a child?"
    assert page.locator("#most-downloaded").is_visible()
    assert_accessible(page, "website-home")


@pytest.mark.parametrize("audience", list(Audience))
def test_audience_page_is_accessible(page, site, audience):
    page.goto(site.audiences[audience].url)
    assert page.locator("h1").inner_text() == site.audiences[audience].title
    assert_accessible(page, f"website-audience-{audience}")


def test_topic_pages_are_accessible(page, site):
    page.goto(site.topics.url)
    assert_accessible(page, "website-topic-index")
    page.get_by_role("link", name="Neglect").first.click()
    assert page.locator("h1").inner_text() == "Neglect"
    assert page.locator("#resources").is_visible()
    assert_accessible(page, "website-topic")


def test_news_index_is_accessible_filtered_and_paged(page, site):
    page.goto(site.news.url)
    assert_accessible(page, "website-news-index")
    page.get_by_label("Practice theme").select_option("neglect")
    page.get_by_role("button", name="Show items").click()
    assert page.url.endswith("/news/?theme=neglect")
    assert_accessible(page, "website-news-index-filtered")
    page.goto(site.news.url + "?page=2")
    assert_accessible(page, "website-news-index-page-2")


def test_news_page_is_accessible(page, site):
    page.goto(site.story.url)
    assert page.locator("h1").inner_text() == site.story.title
    assert_accessible(page, "website-news-page")


def test_procedures_page_is_accessible(page, site):
    page.goto(site.procedures.url)
    assert page.locator("table.govuk-table tbody tr").count() == 2
    assert_accessible(page, "website-procedures")


@pytest.mark.parametrize("path", ["/about/", "/accessibility-statement/", "/privacy/"])
def test_content_pages_are_accessible(page, site, path):
    response = page.goto(path)
    assert response.status == 200
    if page.locator("details summary").count():
        page.locator("details summary").first.click()  # checked open as well as closed
    assert_accessible(page, f"website-content{path.rstrip('/').replace('/', '-')}")
