"""/search/?q=: every page a visitor may see, grouped by kind, words marked, files' text included."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import PageViewRestriction

from hub.testing import assert_same_query_count
from hub.website.pages import site_paths
from hub.website.tests.factories import build_site, make_content_page, make_news, make_resource, make_theme, make_topic
from hub.website.tests.library_support import pdf_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return build_site()


def _search(client, query: str):
    response = client.get("/search/", {"q": query} if isinstance(query, str) else query)
    assert response.status_code == 200
    return response


def _headings(response) -> list[str]:
    return re.findall(r'<h2 class="govuk-heading-l" id="group-[a-z]+">([^<]+) <span', response.content.decode())


def _result_titles(response) -> list[str]:
    titles = re.findall(
        r'<h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="[^"]*">(.*?)</a>',
        response.content.decode(),
    )
    return [re.sub(r"</?mark>", "", title) for title in titles]


def test_results_are_grouped_by_kind_with_counts(client, home):
    neglect = make_theme("Neglect")
    make_resource(home.library, title="Neglect toolkit")
    make_news(home.news, title="New neglect strategy")
    make_topic(home.topics, neglect, introduction="Neglect is the persistent failure to meet a child's needs.")
    make_content_page(home, title="About neglect", slug="about-neglect")

    response = _search(client, "neglect")

    assert _headings(response) == ["Resources", "What&#x27;s New", "Topics", "Pages"]
    html = response.content.decode()
    assert "<strong>4</strong> results for ‘neglect’" in html
    assert "Resources (1)" in html and "What&#x27;s New (1)" in html


def test_words_inside_a_resources_file_are_found_and_shown_from_the_file(client, home):
    document = pdf_document("Thresholds", text="The continuum of need explains when to refer to early help.")
    make_resource(home.library, title="Thresholds document", summary="Our thresholds.", document=document)

    html = _search(client, "continuum").content.decode()

    assert "Thresholds document" in html
    assert "In the document:</span> The <mark>continuum</mark> of need" in html


def test_matching_words_are_marked_in_titles_and_snippets(client, home):
    make_resource(
        home.library, title="Exploitation screening tool", summary="Use the tool when exploitation is suspected."
    )

    html = _search(client, "exploitation tool").content.decode()

    assert "<mark>Exploitation</mark> screening <mark>tool</mark>" in html
    assert "Use the <mark>tool</mark> when <mark>exploitation</mark> is suspected." in html


def test_titles_and_text_are_escaped_before_words_are_marked(client, home):
    make_resource(home.library, title="<script>alert('neglect')</script> guide", summary="Neglect <b>bold</b> & more")

    html = _search(client, "neglect").content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;<mark>neglect</mark>&#x27;)&lt;/script&gt; guide" in html
    assert "<mark>Neglect</mark> &lt;b&gt;bold&lt;/b&gt; &amp; more" in html


def test_an_empty_search_shows_how_to_search(client, home):
    for query in ("", "   ", "?!*"):
        html = _search(client, query).content.decode()
        assert "Searching the site" in html
        assert "result" not in html.split("Searching the site")[0].split("</form>")[1]


def test_no_results_says_so_and_suggests_what_to_try(client, home):
    html = _search(client, "zebra").content.decode()

    assert "There are no results for ‘zebra’." in html
    assert "checking your spelling" in html


def test_a_very_long_search_is_cut_to_200_characters_with_a_message(client, home):
    make_resource(home.library, title="Neglect toolkit")

    response = _search(client, "neglect " + "x" * 500)

    html = response.content.decode()
    assert "Your search was too long, so we searched for the first 200 characters" in html
    assert response.context["search"].query.text == ("neglect " + "x" * 500)[:200]


def test_one_kind_of_result_has_pages_of_twenty_keeping_the_search(client, home):
    for number in range(25):
        make_resource(home.library, title=f"Guide {number:02d} on neglect")
    make_news(home.news, title="Neglect news")

    everything = _search(client, "neglect")
    first = _search(client, {"q": "neglect", "group": "resources"})
    second = _search(client, {"q": "neglect", "group": "resources", "page": "2"})

    assert len(_result_titles(everything)) == 5 + 1
    assert 'href="?q=neglect&amp;group=resources">See all 25 results in Resources</a>' in everything.content.decode()
    assert len(_result_titles(first)) == 20
    assert len(_result_titles(second)) == 5
    assert set(_result_titles(first)).isdisjoint(_result_titles(second))
    assert 'href="?q=neglect&amp;group=resources&amp;page=2" rel="next"' in first.content.decode()
    assert '<strong aria-current="page">Resources (25)</strong>' in first.content.decode()


def test_an_unknown_kind_of_result_shows_every_kind(client, home):
    make_resource(home.library, title="Neglect toolkit")

    response = _search(client, {"q": "neglect", "group": "<script>"})

    assert "We did not recognise that kind of result, so we show every kind" in response.content.decode()
    assert _result_titles(response) == ["Neglect toolkit"]


def test_pages_someone_may_not_open_are_never_listed_to_them(client_for, personas, home):
    make_content_page(home, title="Public neglect page", slug="public-neglect")
    members = make_content_page(home, title="Members neglect page", slug="members-neglect")
    panel = make_content_page(home, title="Panel neglect page", slug="panel-neglect")
    make_content_page(home, title="Draft neglect page", slug="draft-neglect", live=False)
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    group = Group.objects.create(name="Neglect panel")
    restriction = PageViewRestriction.objects.create(page=panel, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(group)
    personas.manager.groups.add(group)

    anonymous = _result_titles(_search(Client(), "neglect"))
    practitioner = _result_titles(_search(client_for(personas.practitioner), "neglect"))
    panel_member = _result_titles(_search(client_for(personas.manager), "neglect"))

    assert sorted(anonymous) == ["Public neglect page"]
    assert sorted(practitioner) == ["Members neglect page", "Public neglect page"]
    assert sorted(panel_member) == ["Members neglect page", "Panel neglect page", "Public neglect page"]


def test_the_library_text_query_and_the_site_search_find_the_same_resources(client, home):
    document = pdf_document("Escalation", text="How to escalate a disagreement between agencies")
    make_resource(home.library, title="Resolving professional disagreements", document=document)
    make_resource(home.library, title="Unrelated leaflet")

    library_html = client.get("/resources/?q=disagreement").content.decode()
    search_titles = _result_titles(_search(client, "disagreement"))

    assert search_titles == ["Resolving professional disagreements"]
    assert "Resolving professional disagreements" in library_html
    assert "Unrelated leaflet" not in library_html


@pytest.mark.parametrize("group", ["", "resources"])
def test_search_costs_the_same_queries_for_one_and_fifty_matching_pages(client, home, group):
    neglect = make_theme("Neglect")
    document = pdf_document("Guide file", text="guide words inside")

    def make_rows(count):
        for _ in range(count):
            make_resource(home.library, title="Guide", themes=[neglect], document=document)
            make_news(home.news, title="Guide news")
        site_paths()

    url = "/search/?q=guide" + (f"&group={group}" if group else "")
    response = assert_same_query_count(client, url, make_rows)
    assert "Guide" in response.content.decode()
