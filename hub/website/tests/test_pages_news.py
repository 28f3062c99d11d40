"""What's New: the index (newest first, paginated, filtered by theme) and each item's page."""

import datetime

import pytest
from django.urls import reverse

from hub.testing import assert_same_query_count
from hub.website import pages
from hub.website.tests.factories import (
    build_site,
    crumbs_of,
    make_news,
    make_theme,
    make_topic,
    soup_of,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 1)


@pytest.fixture
def site():
    return build_site()


def listed(soup) -> list[str]:
    return [a.get_text(strip=True) for a in soup.find("main").select(".hub-news-list h2 a")]


def status_line(soup) -> str:
    return " ".join(soup.find("p", attrs={"role": "status"}).get_text(" ").split())


def test_the_index_lists_live_items_newest_first(client, site):
    make_news(site.news, title="January item", date=START)
    make_news(site.news, title="March item", date=START.replace(month=3))
    make_news(site.news, title="February item", date=START.replace(month=2))
    make_news(site.news, title="Draft item", date=START.replace(month=4), live=False)
    soup = soup_of(client.get("/news/"))
    assert listed(soup) == ["March item", "February item", "January item"]
    assert status_line(soup) == "3 items."
    assert crumbs_of(soup) == [("Home", "/"), ("What's New", None)]


def test_the_index_is_paginated_twenty_to_a_page(client, site):
    for day in range(25):
        make_news(site.news, title=f"Item {day:02d}", date=START + datetime.timedelta(days=day))
    first = soup_of(client.get("/news/"))
    assert len(listed(first)) == 20
    assert listed(first)[0] == "Item 24"
    assert "showing 1 to 20" in status_line(first)
    pagination = first.find("nav", class_="govuk-pagination")
    assert pagination.find("a", rel="next")["href"] == "/news/?page=2"
    second = soup_of(client.get("/news/?page=2"))
    assert listed(second) == ["Item 04", "Item 03", "Item 02", "Item 01", "Item 00"]
    assert second.find("nav", class_="govuk-pagination").find("a", rel="prev")["href"] == "/news/"
    assert second.title.get_text().startswith("What's New (page 2 of 2) – ")


def test_a_page_number_that_does_not_exist_shows_the_last_page_and_says_so(client, site):
    make_news(site.news, title="Only item")
    for page in ("7", "abc", "-1", "9" * 40):
        response = client.get("/news/", {"page": page})
        assert response.status_code == 200
        soup = soup_of(response)
        assert listed(soup) == ["Only item"]
        assert "so we show page 1" in soup.find("main").get_text()


def test_the_index_can_be_filtered_by_theme_without_javascript(client, site):
    neglect = make_theme("Neglect")
    exploitation = make_theme("Child exploitation")
    make_theme("Theme with no news")
    make_news(site.news, title="Neglect strategy", themes=[neglect])
    make_news(site.news, title="Exploitation conference", themes=[exploitation])
    make_news(site.news, title="General news")
    soup = soup_of(client.get("/news/?theme=neglect"))
    assert listed(soup) == ["Neglect strategy"]
    assert status_line(soup) == "1 item about Neglect."
    form = soup.find("main").find("form", method="get")
    assert form["action"] == "/news/"
    select = form.find("select", attrs={"name": "theme"})
    # Only themes that have news are offered; the chosen one stays selected.
    assert [option.get_text() for option in select.find_all("option")] == [
        "All themes",
        "Child exploitation",
        "Neglect",
    ]
    assert select.find("option", selected=True)["value"] == "neglect"
    assert soup.find("a", string="Show every item")["href"] == "/news/"
    assert soup.title.get_text().startswith("What's New: Neglect – ")


def test_a_theme_that_is_not_offered_is_ignored_and_named(client, site):
    make_news(site.news, title="General news")
    for value in ("no-such-theme", "<script>", "x" * 500):
        response = client.get("/news/", {"theme": value})
        assert response.status_code == 200
        soup = soup_of(response)
        assert listed(soup) == ["General news"]
        assert "We ignored the practice theme in the address" in soup.find("main").get_text()
        assert "Error:" not in soup.title.get_text()


def test_filtered_pages_keep_the_theme_in_their_links(client, site):
    neglect = make_theme("Neglect")
    for day in range(21):
        make_news(site.news, themes=[neglect], date=START + datetime.timedelta(days=day))
    soup = soup_of(client.get("/news/?theme=neglect"))
    assert soup.find("nav", class_="govuk-pagination").find("a", rel="next")["href"] == "/news/?theme=neglect&page=2"


def test_the_index_and_each_item_link_the_atom_feed(client, site):
    item = make_news(site.news, title="A news item")
    for url in ("/news/", item.url):
        alternate = soup_of(client.get(url)).find("link", rel="alternate", type="application/atom+xml")
        assert alternate["href"] == reverse("website:news-feed") == "/news/feed/"


def test_a_news_page_shows_its_date_audiences_text_and_themes_linked_to_their_topic_pages(client, site):
    neglect = make_theme("Neglect")
    early_help = make_theme("Early help")
    make_topic(site.topics, neglect)
    item = make_news(
        site.news,
        title="New neglect strategy",
        date=datetime.date(2025, 4, 3),
        summary="The partnership agreed a new strategy.",
        introduction="Our strategy for 2025 to 2028.",
        for_professionals=True,
        for_parents=True,
        body=[("text", "<h2>What changes</h2><p>Every agency uses the graded care profile.</p>")],
        themes=[neglect, early_help],
    )
    soup = soup_of(client.get(item.url))
    main = soup.find("main")
    assert main.h1.get_text() == "New neglect strategy"
    assert "Published 3 April 2025, for professionals, parents and carers" in " ".join(main.get_text().split())
    assert "Our strategy for 2025 to 2028." in main.get_text()
    assert main.find("h2", string="What changes") is not None
    themes = main.find("h2", string="Practice themes").find_next("ul")
    assert [(li.get_text(strip=True), li.a["href"] if li.a else None) for li in themes.find_all("li")] == [
        ("Early help", None),
        ("Neglect", "/topics/neglect/"),
    ]
    assert crumbs_of(soup) == [("Home", "/"), ("What's New", "/news/"), ("New neglect strategy", None)]


def test_a_news_page_without_an_introduction_leads_with_its_summary(client, site):
    item = make_news(site.news, title="Short item", summary="Dates for the next forum are out.")
    assert soup_of(client.get(item.url)).find("p", class_="govuk-body-l").get_text() == (
        "Dates for the next forum are out."
    )


def test_a_draft_news_page_is_not_found(client, site):
    draft = make_news(site.news, title="Not yet", live=False)
    assert client.get(f"/news/{draft.slug}/").status_code == 404


def test_signed_in_people_see_the_same_news(client_for, personas, site):
    make_news(site.news, title="Forum dates")
    soup = soup_of(client_for(personas.spoc_a).get("/news/"))
    assert listed(soup) == ["Forum dates"]


def test_the_index_costs_the_same_queries_with_one_or_fifty_items(client, site):
    neglect = make_theme("Neglect")

    def add(count):
        for _ in range(count):
            make_news(site.news, themes=[neglect, make_theme()])
        pages.site_paths()  # publishing forgets the cached paths; the first visitor finds them again

    response = assert_same_query_count(client, "/news/", add)
    assert len(listed(soup_of(response))) == 20
    filtered = assert_same_query_count(client, "/news/?theme=neglect&page=2", add, few=0, many=10)
    assert len(listed(soup_of(filtered))) == 20
