"""Topic pages gather, by theme, everything every module tagged with it; the topic index lists them."""

import datetime

import pytest
from wagtail.models import PageViewRestriction

from hub.core.registry import ThemeItem, registry
from hub.testing import assert_same_query_count
from hub.website import pages
from hub.website.tests.factories import (
    build_site,
    crumbs_of,
    make_news,
    make_resource,
    make_theme,
    make_topic,
    soup_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_site()


@pytest.fixture
def neglect():
    return make_theme("Neglect", description="When a child's basic needs are not met.")


@pytest.fixture
def course_provider():
    """Another module's items for a theme, as the training module offers its courses."""
    offered = {}

    def provider(theme):
        return offered.get(theme.pk, [])

    registry.register_theme_items("test-courses", provider)
    yield offered
    registry.theme_items.pop("test-courses")


def group_titles(soup) -> dict[str, list[str]]:
    groups = {}
    for section in soup.find("main").find_all("section", class_="hub-section"):
        groups[section.h2.get_text(strip=True)] = [a.get_text(strip=True) for a in section.select("h3 a")]
    return groups


def test_the_website_offers_only_that_themes_live_public_items(site, neglect):
    other = make_theme("Domestic abuse")
    tagged = make_resource(site.library, title="Neglect toolkit", themes=[neglect])
    make_resource(site.library, title="Domestic abuse toolkit", themes=[other])
    make_resource(site.library, title="Draft neglect leaflet", themes=[neglect], live=False)
    private = make_resource(site.library, title="Restricted neglect audit", themes=[neglect])
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    news = make_news(site.news, title="Neglect strategy agreed", themes=[neglect])
    make_news(site.news, title="Unrelated news", themes=[other])
    site.procedures.themes.set([neglect])
    site.procedures.save_revision().publish()

    items = pages.website_items_for_theme(neglect)

    assert [(item.kind, item.title, item.url) for item in items] == [
        ("Resource", "Neglect toolkit", tagged.url),
        ("What's New", "Neglect strategy agreed", news.url),
        ("Procedures", "Child protection procedures", "/procedures/"),
    ]


def test_the_website_provider_is_registered_for_topic_pages(site, neglect):
    make_resource(site.library, title="Neglect toolkit", themes=[neglect])
    assert registry.theme_items["website"] is pages.website_items_for_theme
    assert "Neglect toolkit" in [item.title for item in registry.items_for_theme(neglect)]


def test_a_topic_page_shows_its_text_then_every_kind_of_item_grouped_in_order(client, site, neglect, course_provider):
    topic = make_topic(
        site.topics,
        neglect,
        introduction="Recognising and responding to neglect.",
        body=[("text", "<h2>What neglect looks like</h2><p>Neglect is the most common reason for a plan.</p>")],
    )
    make_news(site.news, title="Neglect strategy agreed", themes=[neglect], date=datetime.date(2025, 3, 1))
    older, newer = datetime.date(2024, 1, 5), datetime.date(2025, 2, 1)
    make_resource(site.library, title="Graded care profile", themes=[neglect], publication_date=older)
    make_resource(site.library, title="Neglect 7-minute briefing", themes=[neglect], publication_date=newer)
    course = ThemeItem(
        kind="Course",
        title="Neglect: using the graded care profile",
        url="/training/courses/gcp/",
        summary="Half a day.",
        date=datetime.date(2025, 9, 4),
    )
    course_provider[neglect.pk] = [course]

    soup = soup_of(client.get(topic.url))

    main = soup.find("main")
    assert main.h1.get_text() == "Neglect"
    assert "Recognising and responding to neglect." in main.get_text()
    assert main.find("h2", string="What neglect looks like") is not None
    assert group_titles(soup) == {
        "Resources": ["Neglect 7-minute briefing", "Graded care profile"],
        "Courses": ["Neglect: using the graded care profile"],
        "What's New": ["Neglect strategy agreed"],
    }
    courses = main.find("section", attrs={"aria-labelledby": "courses"})
    assert "Next date: 4 September 2025" in courses.get_text(" ", strip=True)
    assert courses.a["href"] == "/training/courses/gcp/"
    contents = [a["href"] for a in main.find("nav", attrs={"aria-labelledby": "on-this-page"}).find_all("a")]
    assert contents == ["#resources", "#courses", "#whats-new"]
    library_link = main.find("a", string="See every resource on this theme in the resource library")
    assert library_link["href"] == "/resources/?theme=neglect"
    assert crumbs_of(soup) == [("Home", "/"), ("Topics", "/topics/"), ("Neglect", None)]


def test_a_topic_page_with_nothing_tagged_says_so(client, site, neglect):
    topic = make_topic(site.topics, neglect)
    main = soup_of(client.get(topic.url)).find("main")
    assert "Nothing has been published on this theme yet." in main.get_text()
    assert main.find("section", class_="hub-section") is None


def test_a_topic_page_lists_at_most_the_cap_of_each_kind_and_points_to_the_library_for_the_rest(
    client, site, neglect, monkeypatch
):
    monkeypatch.setattr(pages, "TOPIC_ITEMS_PER_KIND", 3)
    topic = make_topic(site.topics, neglect)
    for number in range(5):
        make_resource(site.library, title=f"Neglect resource {number}", themes=[neglect])
    soup = soup_of(client.get(topic.url))
    assert len(group_titles(soup)["Resources"]) == 3
    assert soup.find("a", href="/resources/?theme=neglect") is not None


def test_the_topic_index_lists_live_topic_pages_with_their_descriptions(client, site, neglect):
    make_topic(site.topics, neglect)
    make_topic(site.topics, make_theme("Early help"), introduction="Help for families before problems grow.")
    make_topic(site.topics, make_theme("Draft theme"), live=False)
    soup = soup_of(client.get(site.topics.url))
    entries = soup.find("main").select(".hub-topic-list li")
    assert [entry.h2.get_text(strip=True) for entry in entries] == ["Early help", "Neglect"]
    assert "Help for families before problems grow." in entries[0].get_text()
    assert "When a child's basic needs are not met." in entries[1].get_text()
    assert entries[1].a["href"] == "/topics/neglect/"
    assert crumbs_of(soup) == [("Home", "/"), ("Topics", None)]


def test_signed_in_people_see_the_same_topic_page(client_for, personas, site, neglect):
    topic = make_topic(site.topics, neglect)
    make_resource(site.library, title="Neglect toolkit", themes=[neglect])
    soup = soup_of(client_for(personas.business_unit).get(topic.url))
    assert group_titles(soup) == {"Resources": ["Neglect toolkit"]}


def test_a_topic_page_costs_the_same_queries_with_one_or_fifty_tagged_items(client, site, neglect):
    topic = make_topic(site.topics, neglect)
    site.procedures.themes.set([neglect])
    site.procedures.save_revision().publish()

    def add(count):
        for _ in range(count):
            make_resource(site.library, themes=[neglect])
            make_news(site.news, themes=[neglect])
        pages.site_paths()  # publishing forgets the cached paths; the first visitor finds them again

    response = assert_same_query_count(client, topic.url, add, few=1, many=30)
    assert len(group_titles(soup_of(response))["Resources"]) == 30
