"""The home page: "Worried about a child?", What's New, most downloaded, quick links and ways in."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from hub.core.models import PartnershipSettings
from hub.testing import assert_same_query_count
from hub.website.models import Audience, ResourceDownloadDay, WebsiteSettings
from hub.website.pages import site_paths
from hub.website.tests.factories import (
    build_site,
    make_news,
    make_resource,
    make_theme,
    make_topic,
    soup_of,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 12)


@pytest.fixture(autouse=True)
def _frozen_day():
    with time_machine.travel(datetime.datetime(2025, 6, 12, 10, 0), tick=False):
        yield


@pytest.fixture
def site():
    return build_site()


@pytest.fixture
def numbers():
    website = WebsiteSettings.load()
    website.children_services_label = "First Contact"
    website.children_services_phone = "03000 267 979"
    website.children_services_hours = "Monday to Friday, 8:30am to 5pm"
    website.out_of_hours_phone = "0191 383 5252 (option 2)"
    website.police_non_emergency = "101"
    website.save()
    partnership = PartnershipSettings.load()
    partnership.emergency_text = "If a child is in immediate danger, call 999."
    partnership.save()
    return website


def help_panel(soup):
    return soup.find("section", attrs={"aria-labelledby": "worried-about-a-child"})


def test_the_help_panel_gives_the_emergency_line_and_every_number_from_the_settings(client, site, numbers):
    soup = soup_of(client.get("/"))
    panel = help_panel(soup)
    text = " ".join(panel.get_text(" ").split())
    assert panel.h2.get_text(strip=True) == "Worried about a child?"
    assert "If a child is in immediate danger, call 999." in text
    assert "First Contact" in text and "Monday to Friday, 8:30am to 5pm" in text
    assert "Police (not an emergency)" in text
    phones = [(link.get_text(strip=True), link["href"]) for link in panel.select('a[href^="tel:"]')]
    assert phones == [
        ("03000 267 979", "tel:03000267979"),
        ("0191 383 5252 (option 2)", "tel:01913835252"),
        ("101", "tel:101"),
    ]
    assert "Contact children's services if you are worried about a child." in text
    # The panel comes straight after the page's heading, before anything else on the page.
    assert soup.find("main").find_all(["h1", "h2"])[1] == panel.h2


def test_the_help_panel_leaves_out_numbers_the_partnership_has_not_given(client, site):
    website = WebsiteSettings.load()
    website.children_services_phone = ""
    website.out_of_hours_phone = ""
    website.save()
    panel = help_panel(soup_of(client.get("/")))
    assert [link["href"] for link in panel.select('a[href^="tel:"]')] == ["tel:101"]
    assert "Out of hours" not in panel.get_text()


def test_the_help_heading_and_text_are_the_home_page_editors_own(client, site):
    site.help_heading = "Concerned about a child or young person?"
    site.help_text = "<p>Talk to <b>First Contact</b> first.</p>"
    site.save_revision().publish()
    panel = help_panel(soup_of(client.get("/")))
    assert panel.h2.get_text(strip=True) == "Concerned about a child or young person?"
    assert panel.find("b").get_text() == "First Contact"


def test_whats_new_lists_the_latest_live_items_newest_first_up_to_the_setting(client, site):
    for days_ago in range(6):
        make_news(site.news, title=f"Item from {days_ago} days ago", date=TODAY - datetime.timedelta(days=days_ago))
    make_news(site.news, title="A draft nobody should see", date=TODAY, live=False)
    website = WebsiteSettings.load()
    website.whats_new_count = 3
    website.save()
    section = soup_of(client.get("/")).find("section", attrs={"aria-labelledby": "whats-new"})
    titles = [link.get_text(strip=True) for link in section.select("h3 a")]
    assert titles == ["Item from 0 days ago", "Item from 1 days ago", "Item from 2 days ago"]
    assert section.find("a", string="See everything in What's New")["href"] == "/news/"


def test_whats_new_says_so_when_there_is_nothing_new(client, site):
    section = soup_of(client.get("/")).find("section", attrs={"aria-labelledby": "whats-new"})
    assert "There is nothing new at the moment." in section.get_text()


def test_the_most_downloaded_resources_are_counted_over_the_setting_days(client, site):
    briefing = make_resource(site.library, title="Neglect 7-minute briefing")
    toolkit = make_resource(site.library, title="Graded care profile")
    old_favourite = make_resource(site.library, title="Old favourite")
    ResourceDownloadDay.objects.create(resource=briefing, day=TODAY, count=4)
    ResourceDownloadDay.objects.create(resource=toolkit, day=TODAY - datetime.timedelta(days=3), count=9)
    ResourceDownloadDay.objects.create(resource=old_favourite, day=TODAY - datetime.timedelta(days=40), count=500)
    website = WebsiteSettings.load()
    website.popular_downloads_days = 30
    website.save()
    section = soup_of(client.get("/")).find("section", attrs={"aria-labelledby": "most-downloaded"})
    assert [link.get_text(strip=True) for link in section.select("ol a")] == [
        "Graded care profile",
        "Neglect 7-minute briefing",
    ]
    assert section.select_one("ol a")["href"] == toolkit.url


def test_quick_links_reach_training_procedures_the_library_and_the_themes(client, site):
    nav = soup_of(client.get("/")).find("nav", attrs={"aria-labelledby": "quick-links"})
    links = {link.get_text(strip=True): link["href"] for link in nav.find_all("a")}
    assert links == {
        "Training programme and booking": reverse("training:programme"),
        "Child protection procedures": "/procedures/",
        "Resource library": "/resources/",
        "Practice themes": "/topics/",
        "E-bulletins and how to subscribe": "/bulletins/",
    }


def test_a_quick_link_to_an_unpublished_page_is_left_out(client, site):
    site.procedures.unpublish()
    nav = soup_of(client.get("/")).find("nav", attrs={"aria-labelledby": "quick-links"})
    assert "Child protection procedures" not in nav.get_text()


def test_three_entry_points_lead_to_the_audience_pages(client, site):
    site.audiences[Audience.PARENTS].introduction = "Keeping your children safe at home and online."
    site.audiences[Audience.PARENTS].save_revision().publish()
    section = soup_of(client.get("/")).find("section", attrs={"aria-labelledby": "information-for"})
    cards = {card.h3.get_text(strip=True): card for card in section.select(".hub-card")}
    assert list(cards) == ["Professionals", "Parents and carers", "Children and young people"]
    assert cards["Parents and carers"].a["href"] == "/parents-and-carers/"
    assert "Keeping your children safe at home and online." in cards["Parents and carers"].get_text()


def test_every_live_topic_page_is_one_click_from_home(client, site):
    make_topic(site.topics, make_theme("Neglect"))
    make_topic(site.topics, make_theme("Domestic abuse"))
    make_topic(site.topics, make_theme("Unpublished theme"), live=False)
    section = soup_of(client.get("/")).find("section", attrs={"aria-labelledby": "practice-themes"})
    assert [(a.get_text(), a["href"]) for a in section.find_all("a")] == [
        ("Domestic abuse", "/topics/domestic-abuse/"),
        ("Neglect", "/topics/neglect/"),
    ]


def test_the_home_page_links_the_whats_new_feed(client, site):
    soup = soup_of(client.get("/"))
    alternate = soup.find("link", rel="alternate", type="application/atom+xml")
    assert alternate["href"] == reverse("website:news-feed")


def test_signed_in_people_see_the_same_home_page_with_their_account_link(client_for, personas, site, numbers):
    make_news(site.news, title="New neglect strategy")
    for user in (personas.practitioner, personas.business_unit):
        soup = soup_of(client_for(user).get("/"))
        assert help_panel(soup) is not None
        assert "New neglect strategy" in soup.find("section", attrs={"aria-labelledby": "whats-new"}).get_text()
        menu = soup.find("nav", attrs={"aria-label": "Menu"})
        assert "Your account" in menu.get_text()
        assert "Sign in" not in menu.get_text()


def test_the_home_page_has_no_breadcrumbs_and_one_heading_one(client, site):
    soup = soup_of(client.get("/"))
    assert soup.find("nav", class_="govuk-breadcrumbs") is None
    assert len(soup.find_all("h1")) == 1


def test_the_home_page_costs_the_same_queries_however_many_items_it_lists(client, site):
    website = WebsiteSettings.load()
    website.whats_new_count = 50
    website.popular_downloads_count = 50
    website.save()

    def add(count):
        for _ in range(count):
            make_news(site.news, themes=[])
            resource = make_resource(site.library)
            ResourceDownloadDay.objects.create(resource=resource, day=TODAY, count=1)
            make_topic(site.topics, make_theme())
        # Publishing forgets the cached paths of the main pages; find them again, as the first
        # visitor after a publish would, so only the rows differ between the two measurements.
        site_paths()

    response = assert_same_query_count(client, "/", add, few=1, many=12)
    assert len(soup_of(response).select("section[aria-labelledby=whats-new] h3")) == 12
