"""The resource library, a resource, a 7-minute briefing's form and site search in a real browser.

Every page passes axe-core's WCAG 2.2 A/AA rules, including the library with filters applied,
the briefing form showing its errors, and a search with no words in it.
"""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.testing import make_agency
from hub.website.models import BriefingUse, ResourceLibraryPage, ResourcePage
from hub.website.tests.factories import add_page, make_resource, make_theme
from hub.website.tests.library_support import pdf_document

pytestmark = BROWSER_TEST
Type = ResourcePage.ResourceType


@pytest.fixture
def library(home_page):
    library = add_page(
        home_page,
        ResourceLibraryPage(
            title="Resource library",
            slug="resources",
            introduction="Guidance, tools, leaflets and 7-minute briefings for everyone who works with children.",
        ),
    )
    neglect = make_theme("Neglect")
    exploitation = make_theme("Child exploitation")
    make_resource(
        library,
        title="Neglect toolkit",
        slug="neglect-toolkit",
        resource_type=Type.TOOL,
        themes=[neglect],
        summary="A toolkit to help practitioners recognise and respond to neglect.",
        document=pdf_document("Neglect toolkit", text="Recognising neglect early"),
    )
    make_resource(
        library,
        title="Neglect: a 7-minute briefing",
        slug="neglect-briefing",
        resource_type=Type.SEVEN_MINUTE_BRIEFING,
        themes=[neglect],
        summary="Seven minutes on why neglect is often missed and what to do about it.",
        document=pdf_document("Neglect briefing", text="Why neglect is missed"),
    )
    make_resource(
        library,
        title="Exploitation screening leaflet",
        resource_type=Type.LEAFLET,
        themes=[exploitation],
        summary="For parents worried that their child is being exploited.",
        for_parents=True,
    )
    make_agency("Durham County Council", short_code="dcc")
    return library


def test_library_with_filters_applied_is_accessible_and_keeps_the_filters_in_the_address(page, library):
    page.goto("/resources/")
    page.get_by_label("Type of resource").select_option("tool")
    page.get_by_label("Practice theme").select_option("neglect")
    page.get_by_role("button", name="Apply filters").click()

    assert "type=tool" in page.url and "theme=neglect" in page.url
    expect(page.get_by_role("status")).to_contain_text("1 resource matches your filters")
    expect(page.get_by_role("link", name="Neglect toolkit")).to_be_visible()
    expect(page.get_by_role("link", name="Exploitation screening leaflet")).to_have_count(0)
    assert_accessible(page, "library-filtered")

    page.get_by_role("link", name="Clear filters").click()
    expect(page.get_by_role("status")).to_contain_text("3 resources")


def test_a_resource_page_is_accessible_and_offers_its_file(page, library):
    page.goto("/resources/neglect-toolkit/")

    expect(page.locator("h1")).to_have_text("Neglect toolkit")
    download = page.get_by_role("button", name=re.compile(r"^Download tool ?: Neglect toolkit \(PDF, \d+ KB\)$"))
    expect(download).to_be_visible()
    assert_accessible(page, "resource-page")


def test_a_briefing_form_shows_its_errors_accessibly_then_records_the_use(page, library):
    page.goto("/resources/neglect-briefing/")
    expect(page.get_by_role("heading", name="We used this briefing")).to_be_visible()
    assert_accessible(page, "briefing-page")

    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your team's name")
    assert page.title().startswith("Error: Neglect: a 7-minute briefing")
    assert_accessible(page, "briefing-form-errors")

    page.get_by_label("Team name").fill("Durham East social work team 2")
    page.get_by_label("Agency").select_option("dcc")
    page.get_by_label("Number of staff who took part").fill("12")
    today = datetime.date.today()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Send").click()

    expect(page.locator(".govuk-panel__title")).to_have_text("Briefing use recorded")
    assert BriefingUse.objects.get().staff_count == 12
    assert_accessible(page, "briefing-use-recorded")


def test_search_with_results_is_accessible_and_marks_the_words(page, library):
    page.goto("/search/")
    page.get_by_label("Search this site").fill("neglect")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("status")).to_contain_text("results for ‘neglect’")
    expect(page.locator("mark").first).to_have_text("Neglect")
    assert_accessible(page, "search-results")

    page.get_by_role("link", name="Resources (2)").click()
    expect(page.get_by_role("heading", level=2, name="Resources")).to_be_visible()
    assert_accessible(page, "search-results-resources")


def test_an_empty_search_is_accessible_and_explains_how_to_search(page, library):
    page.goto("/search/?q=")

    expect(page.get_by_role("heading", name="Searching the site")).to_be_visible()
    assert_accessible(page, "search-empty")
