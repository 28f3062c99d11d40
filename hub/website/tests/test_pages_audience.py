"""Audience pages: the way in for professionals, parents and carers, and children and young people.

The pages for parents and for children carry GOV.UK's "Exit this page" control; no other page does.
"""

import datetime

import pytest
from django.urls import reverse

from hub.website.models import Audience
from hub.website.tests.factories import (
    build_site,
    crumbs_of,
    make_content_page,
    make_news,
    make_theme,
    make_topic,
    soup_of,
)

pytestmark = pytest.mark.django_db

NEUTRAL_SITE = "https://www.bbc.co.uk/weather"


@pytest.fixture
def site():
    return build_site()


def exit_control(soup):
    return soup.find(attrs={"data-module": "govuk-exit-this-page"})


@pytest.mark.parametrize("audience", [Audience.PARENTS, Audience.YOUNG_PEOPLE])
def test_pages_for_parents_and_for_children_have_an_exit_this_page_link_that_works_without_javascript(
    client, site, audience
):
    soup = soup_of(client.get(site.audiences[audience].url))
    control = exit_control(soup)
    assert control is not None
    link = control.find("a")
    # A plain link: without JavaScript it still takes the person to a neutral site at once.
    assert link["href"] == NEUTRAL_SITE
    assert "govuk-js-exit-this-page-button" in link["class"]
    assert "noreferrer" in link["rel"]
    assert " ".join(link.get_text(" ").split()) == "Emergency Exit this page"
    # It comes before the breadcrumbs and the main content, where GOV.UK places it.
    assert control.find_next("nav", class_="govuk-breadcrumbs") is not None
    assert control.find_next("main") is not None
    assert "Exit this page" in soup.find("main").get_text()


def test_the_exit_control_is_initialised_by_the_frontend_bundle(client, site):
    soup = soup_of(client.get(site.audiences[Audience.PARENTS].url))
    module = soup.find("script", type="module")
    assert "initAll()" in module.get_text()
    assert module.get("nonce")


def test_no_other_page_has_the_exit_control(client, site):
    theme = make_theme("Neglect")
    topic = make_topic(site.topics, theme)
    news = make_news(site.news, title="New leaflet")
    content = make_content_page(site, title="About us")
    pages = [
        "/",
        site.audiences[Audience.PROFESSIONALS].url,
        topic.url,
        site.topics.url,
        site.news.url,
        news.url,
        site.procedures.url,
        content.url,
        reverse("core:cookies"),
    ]
    for url in pages:
        assert exit_control(soup_of(client.get(url))) is None, url


def test_an_audience_page_shows_its_text_breadcrumbs_and_news_for_that_audience_only(client, site):
    parents = site.audiences[Audience.PARENTS]
    parents.introduction = "Help and advice on keeping your children safe."
    parents.body = [("text", "<h2>Staying safe online</h2><p>Talk to your child about what they do online.</p>")]
    parents.save_revision().publish()
    make_news(site.news, title="New leaflet for parents", for_professionals=False, for_parents=True)
    make_news(site.news, title="Practitioner forum dates", for_professionals=True, for_parents=False)
    make_news(site.news, title="Unpublished news for parents", for_parents=True, live=False)
    soup = soup_of(client.get(parents.url))
    main = soup.find("main")
    assert main.h1.get_text() == "Parents and carers"
    assert "Help and advice on keeping your children safe." in main.get_text()
    assert main.find("h2", string="Staying safe online") is not None
    news = main.find("section", attrs={"aria-labelledby": "audience-news"})
    assert [a.get_text() for a in news.select("h3 a")] == ["New leaflet for parents"]
    assert crumbs_of(soup) == [("Home", "/"), ("Parents and carers", None)]


def test_audience_pages_link_to_the_library_filtered_for_their_audience(client, site):
    for audience, page in site.audiences.items():
        section = soup_of(client.get(page.url)).find("section", attrs={"aria-labelledby": "audience-resources"})
        assert section.a["href"] == f"/resources/?audience={audience}"


def test_the_professionals_page_links_procedures_training_themes_and_bulletins(client, site):
    nav = soup_of(client.get(site.audiences[Audience.PROFESSIONALS].url)).find(
        "nav", attrs={"aria-labelledby": "for-your-work"}
    )
    assert {a["href"] for a in nav.find_all("a")} == {
        "/procedures/",
        reverse("training:programme"),
        "/topics/",
        "/bulletins/",
    }


def test_the_parents_page_shows_the_worried_about_a_child_numbers_and_the_childrens_page_talks_to_children(
    client, site
):
    parents = soup_of(client.get(site.audiences[Audience.PARENTS].url))
    assert parents.find("h2", id="worried-about-a-child") is not None
    children = soup_of(client.get(site.audiences[Audience.YOUNG_PEOPLE].url))
    assert children.find("h2", id="worried-about-a-child") is None
    panel = children.find("section", attrs={"aria-labelledby": "help-now"})
    assert "call 999" in panel.get_text()
    assert "talk to an adult you trust" in panel.get_text()
    assert children.find(attrs={"aria-labelledby": "for-your-work"}) is None


def test_signed_in_people_get_the_same_audience_pages(client_for, personas, site):
    make_news(site.news, title="Family hubs open", for_parents=True, date=datetime.date(2025, 1, 1))
    soup = soup_of(client_for(personas.practitioner).get(site.audiences[Audience.PARENTS].url))
    assert exit_control(soup) is not None
    assert "Family hubs open" in soup.find("main").get_text()
