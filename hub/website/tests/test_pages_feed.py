"""The What's New Atom feed at /news/feed/: valid Atom, newest first, only live items."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from hub.core.models import PartnershipSettings
from hub.website import pages
from hub.website.tests.factories import build_site, make_news, make_theme

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def site():
    return build_site()


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314  (our own feed, not untrusted input)


def test_the_feed_is_atom_with_the_required_elements(client, site):
    partnership = PartnershipSettings.load()
    partnership.name = "Northby Safeguarding Children Partnership"
    partnership.save()
    make_news(site.news, title="Forum dates", summary="Dates for the next practitioner forum.")
    feed = parse(client.get(reverse("website:news-feed")))
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "Northby Safeguarding Children Partnership: What's New"
    assert feed.findtext(f"{ATOM}id")
    assert feed.findtext(f"{ATOM}updated")
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Northby Safeguarding Children Partnership"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"alternate": "http://testserver/news/", "self": "http://testserver/news/feed/"}
    (entry,) = feed.findall(f"{ATOM}entry")
    for element in ("title", "id", "updated", "published", "summary"):
        assert entry.findtext(f"{ATOM}{element}"), element
    assert entry.findtext(f"{ATOM}summary") == "Dates for the next practitioner forum."


def test_the_feed_lists_live_items_newest_first_with_absolute_links_and_themes(client, site):
    neglect = make_theme("Neglect")
    older = make_news(site.news, title="Older", date=datetime.date(2025, 1, 10))
    make_news(site.news, title="Newer", date=datetime.date(2025, 2, 10), themes=[neglect])
    make_news(site.news, title="Draft", date=datetime.date(2025, 3, 10), live=False)
    entries = parse(client.get("/news/feed/")).findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Newer", "Older"]
    assert entries[1].find(f"{ATOM}link").get("href") == f"http://testserver{older.url}"
    assert entries[1].findtext(f"{ATOM}published").startswith("2025-01-10T00:00:00")
    assert [category.get("term") for category in entries[0].findall(f"{ATOM}category")] == ["Neglect"]


def test_the_feed_holds_only_the_latest_items(client, site, monkeypatch):
    monkeypatch.setattr(pages, "FEED_ITEMS", 3)
    for day in range(1, 6):
        make_news(site.news, title=f"Item {day}", date=datetime.date(2025, 1, day))
    entries = parse(client.get("/news/feed/")).findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Item 5", "Item 4", "Item 3"]


def test_the_feed_is_valid_and_empty_when_nothing_is_published(client, site):
    feed = parse(client.get("/news/feed/"))
    assert feed.findall(f"{ATOM}entry") == []
    assert feed.findtext(f"{ATOM}title").endswith(": What's New")


def test_the_feed_answers_even_without_a_whats_new_page(client, db):
    feed = parse(client.get("/news/feed/"))
    assert {link.get("href") for link in feed.findall(f"{ATOM}link")} >= {"http://testserver/"}
