"""The main menu's website entries (Resources, What's New, Procedures) and where the main pages are."""

import pytest
from django.urls import reverse

from hub.core.registry import registry
from hub.website import pages
from hub.website.tests.factories import build_site, make_news, make_resource, soup_of

pytestmark = pytest.mark.django_db


def menu(soup) -> list[tuple[str, str, bool]]:
    nav = soup.find("nav", attrs={"aria-label": "Menu"})
    return [
        (a.get_text(" ", strip=True), a["href"], a.get("aria-current") == "page")
        for a in nav.find_all("a", class_="govuk-service-navigation__link")
    ]


def test_the_menu_leads_to_resources_whats_new_and_procedures_in_order(client):
    build_site()
    entries = menu(soup_of(client.get("/")))
    labels = [label for label, _, _ in entries]
    assert ("Resources", "/resources/", False) in entries
    assert ("What's New", "/news/", False) in entries
    assert ("Procedures", "/procedures/", False) in entries
    assert labels.index("Resources") < labels.index("Training") < labels.index("What's New")
    assert labels.index("What's New") < labels.index("Procedures")
    assert {item.label for item in registry.navigation} >= {"Resources", "What's New", "Procedures"}


def test_the_entry_for_the_section_being_read_is_marked_current(client):
    site = build_site()
    story = make_news(site.news, title="Forum dates")
    resource = make_resource(site.library, title="Neglect toolkit")
    assert ("What's New", "/news/", True) in menu(soup_of(client.get(story.url)))
    entries = menu(soup_of(client.get(resource.url)))
    assert ("Resources", "/resources/", True) in entries
    assert ("What's New", "/news/", False) in entries


def test_an_entry_whose_page_is_unpublished_leaves_the_menu(client):
    site = build_site()
    client.get("/")  # the paths are now cached
    site.news.unpublish()
    labels = [label for label, _, _ in menu(soup_of(client.get("/")))]
    assert "What's New" not in labels
    assert "Resources" in labels


def test_there_are_no_website_entries_before_the_site_is_built(client):
    labels = [label for label, _, _ in menu(soup_of(client.get(reverse("core:cookies"))))]
    assert not {"Resources", "What's New", "Procedures"} & set(labels)


def test_the_main_pages_are_found_in_a_few_queries_then_from_the_cache(django_assert_max_num_queries):
    build_site()
    pages.forget_site_paths()
    with django_assert_max_num_queries(4):
        paths = pages.site_paths()
    assert paths == {
        "topics": "/topics/",
        "library": "/resources/",
        "news": "/news/",
        "procedures": "/procedures/",
        "bulletins": "/bulletins/",
    }
    with django_assert_max_num_queries(0):
        assert pages.site_paths() == paths


def test_a_moved_page_is_found_at_its_new_address(client):
    site = build_site()
    client.get("/")
    site.procedures.slug = "child-protection-procedures"
    site.procedures.save_revision().publish()
    assert ("Procedures", "/child-protection-procedures/", False) in menu(soup_of(client.get("/")))
