"""The resource library at /resources/: filters in the address, text search, pages of 20, never an error."""

from __future__ import annotations

import datetime
import re

import pytest
from wagtail.models import PageViewRestriction

from hub.testing import assert_same_query_count
from hub.website.models import ResourceDownloadDay, ResourcePage
from hub.website.pages import site_paths
from hub.website.tests.factories import build_site, make_resource, make_theme
from hub.website.tests.library_support import pdf_document

pytestmark = pytest.mark.django_db
Type = ResourcePage.ResourceType


@pytest.fixture
def home():
    return build_site()


@pytest.fixture
def neglect():
    return make_theme("Neglect")


def _titles(response) -> list[str]:
    html = response.content.decode()
    listing = html.split('<h2 class="govuk-heading-m">Resources</h2>', 1)[1]
    return re.findall(r'<h3 class="govuk-heading-s[^"]*"><a class="govuk-link" href="[^"]+">([^<]+)</a>', listing)


def test_live_resources_are_listed_newest_first_with_a_count(client, home):
    make_resource(home.library, title="Older guide", publication_date=datetime.date(2023, 1, 5))
    make_resource(home.library, title="Newer guide", publication_date=datetime.date(2024, 2, 1))
    make_resource(home.library, title="Unpublished draft", live=False)

    response = client.get("/resources/")

    assert response.status_code == 200
    assert _titles(response) == ["Newer guide", "Older guide"]
    assert "<strong>2</strong> resources, newest first." in response.content.decode()
    assert "Clear filters" not in response.content.decode()


def test_each_filter_narrows_the_list_and_stays_in_the_form(client, home, neglect):
    make_resource(home.library, title="Neglect briefing", resource_type=Type.SEVEN_MINUTE_BRIEFING, themes=[neglect])
    make_resource(
        home.library,
        title="Neglect leaflet for parents",
        resource_type=Type.LEAFLET,
        themes=[neglect],
        for_professionals=False,
        for_parents=True,
    )
    make_resource(home.library, title="Exploitation briefing", resource_type=Type.SEVEN_MINUTE_BRIEFING)

    by_type = client.get("/resources/?type=seven-minute-briefing")
    by_theme = client.get("/resources/?theme=neglect")
    by_audience = client.get("/resources/?audience=parents-carers")
    combined = client.get("/resources/?type=seven-minute-briefing&theme=neglect")

    assert sorted(_titles(by_type)) == ["Exploitation briefing", "Neglect briefing"]
    assert sorted(_titles(by_theme)) == ["Neglect briefing", "Neglect leaflet for parents"]
    assert _titles(by_audience) == ["Neglect leaflet for parents"]
    assert _titles(combined) == ["Neglect briefing"]
    html = combined.content.decode()
    assert '<option value="seven-minute-briefing" selected>' in html
    assert '<option value="neglect" selected>' in html
    assert "<strong>1</strong> resource match your filters" not in html
    assert "<strong>1</strong> resource matches your filters" in html
    assert 'href="/resources/">Clear filters</a>' in html
    assert 'href="?theme=neglect">Remove<span class="govuk-visually-hidden"> the filter 7-minute briefing' in html


def test_a_text_query_finds_words_in_the_summary_and_inside_the_file(client, home):
    document = pdf_document("Thresholds", text="Guidance on the continuum of need and escalation")
    make_resource(home.library, title="Thresholds document", document=document)
    make_resource(home.library, title="Escalation policy", summary="How to escalate a concern.")
    make_resource(home.library, title="Unrelated poster", summary="A poster about something else.")

    response = client.get("/resources/?q=escalation")

    assert sorted(_titles(response)) == ["Escalation policy", "Thresholds document"]
    assert "most relevant first" in response.content.decode()


def test_the_text_query_combines_with_the_other_filters(client, home, neglect):
    make_resource(home.library, title="Neglect toolkit", resource_type=Type.TOOL, themes=[neglect])
    make_resource(home.library, title="Neglect guidance", resource_type=Type.GUIDANCE, themes=[neglect])

    response = client.get("/resources/?q=neglect&type=tool")

    assert _titles(response) == ["Neglect toolkit"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("type=spreadsheet", "We ignored the type of resource in the address because it is not one we know"),
        ("audience=aliens", "We ignored the audience in the address because it is not one we know"),
        ("theme=no-such-theme", "We ignored the practice theme in the address because it is not one we know"),
        ("page=999", "There is no page 999 of results, so we show page 1"),
        ("page=abc", "There is no page abc of results, so we show page 1"),
    ],
)
def test_values_that_make_no_sense_are_ignored_and_named(client, home, query, message):
    make_resource(home.library, title="Still listed")

    response = client.get(f"/resources/?{query}")

    assert response.status_code == 200
    assert message in response.content.decode()
    assert _titles(response) == ["Still listed"]


@pytest.mark.parametrize(
    "query",
    ["q=%27%22%29%3B--", "q=AND+OR+NOT", "q=%00%01", "q=" + "neglect+" * 200, "q=*&q=neglect", "theme[]=x"],
)
def test_odd_queries_answer_with_a_page(client, home, query):
    make_resource(home.library, title="Neglect guide")

    assert client.get(f"/resources/?{query}").status_code == 200


def test_a_very_long_query_is_cut_with_a_message(client, home):
    response = client.get("/resources/?q=" + "neglect " * 60)

    assert "Your search was too long, so we searched for its first 200 characters." in response.content.decode()


def test_pages_hold_twenty_and_the_links_keep_the_filters(client, home, neglect):
    for number in range(25):
        make_resource(
            home.library,
            title=f"Guide {number:02d}",
            themes=[neglect],
            publication_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
        )

    first = client.get("/resources/?theme=neglect")
    second = client.get("/resources/?theme=neglect&page=2")

    assert len(_titles(first)) == 20
    assert _titles(second) == [f"Guide {number:02d}" for number in range(4, -1, -1)]
    assert 'href="?theme=neglect&amp;page=2" rel="next"' in first.content.decode()
    assert 'href="?theme=neglect" rel="prev"' in second.content.decode()
    assert "showing 21 to 25" in second.content.decode()


def test_private_resources_are_listed_only_to_people_who_may_open_them(client, client_for, personas, home):
    make_resource(home.library, title="Public leaflet")
    private = make_resource(home.library, title="Practitioner pack")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    assert _titles(client.get("/resources/")) == ["Public leaflet"]
    assert sorted(_titles(client_for(personas.practitioner).get("/resources/"))) == [
        "Practitioner pack",
        "Public leaflet",
    ]


def test_the_most_downloaded_panel_lists_popular_resources(client, home):
    popular = make_resource(home.library, title="Much downloaded toolkit")
    ResourceDownloadDay.objects.create(resource=popular, day=datetime.date.today(), count=12)

    html = client.get("/resources/").content.decode()

    assert "Most downloaded" in html
    assert "Much downloaded toolkit" in html.split("Most downloaded", 1)[1]


def test_no_match_suggests_what_to_try(client, home):
    response = client.get("/resources/?q=zebra")

    assert "No resources match your filters." in response.content.decode()
    assert 'href="/search/?q=zebra"' in response.content.decode()


@pytest.mark.parametrize("query", ["", "?theme=neglect&type=guidance", "?q=guide&audience=professionals"])
def test_the_library_costs_the_same_queries_for_one_and_fifty_resources(client, home, neglect, query):
    document = pdf_document("Shared file", text="guide text")

    def make_rows(count):
        for _ in range(count):
            make_resource(home.library, title="Guide", themes=[neglect], document=document)
        site_paths()  # publishing forgets where the main pages are; find them again before measuring

    response = assert_same_query_count(client, f"/resources/{query}", make_rows)
    assert len(_titles(response)) == 20
