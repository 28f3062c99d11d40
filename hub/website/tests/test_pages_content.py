"""Content pages and the blocks every page's body is built from."""

import datetime

import pytest

from hub.core.models import Agency
from hub.testing import make_agency
from hub.website.tests.factories import build_site, crumbs_of, make_content_page, make_news, soup_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_site()


def test_a_content_page_shows_its_text_breadcrumbs_and_review_date(client, site):
    about = make_content_page(
        site,
        title="About the partnership",
        slug="about",
        introduction="Who we are and how we work.",
        last_reviewed=datetime.date(2025, 5, 6),
        body=[("text", "<h2>Our vision</h2><p>Keeping children safe.</p>")],
    )
    soup = soup_of(client.get(about.url))
    main = soup.find("main")
    assert main.h1.get_text() == "About the partnership"
    assert "Who we are and how we work." in main.get_text()
    assert main.find("div", class_="hub-prose").h2.get_text() == "Our vision"
    assert "Last reviewed 6 May 2025" in " ".join(main.get_text().split())
    assert crumbs_of(soup) == [("Home", "/"), ("About the partnership", None)]
    assert soup.title.get_text().startswith("About the partnership – ")


def test_a_nested_page_has_every_ancestor_in_its_breadcrumbs(client, site):
    about = make_content_page(site, title="About us", slug="about")
    team = make_content_page(about, title="The business unit", slug="business-unit")
    assert crumbs_of(soup_of(client.get(team.url))) == [
        ("Home", "/"),
        ("About us", "/about/"),
        ("The business unit", None),
    ]


def test_every_kind_of_block_renders_with_govuk_markup(client, site):
    story = make_news(site.news, title="Forum dates")
    page = make_content_page(
        site,
        title="Blocks",
        body=[
            ("inset", "<p>Call 999 in an emergency.</p>"),
            ("warning", "Never promise a child you will keep a secret."),
            (
                "links",
                [
                    {"page": story, "url": "", "title": "", "description": "Practitioner forum"},
                    {"page": None, "url": "https://www.gov.uk/", "title": "GOV.UK", "description": ""},
                    {"page": None, "url": "", "title": "Goes nowhere", "description": ""},
                ],
            ),
            ("details", {"summary": "What is a strategy discussion?", "text": "<p>A meeting to share facts.</p>"}),
        ],
    )
    main = soup_of(client.get(page.url)).find("main")
    assert "Call 999 in an emergency." in main.find("div", class_="govuk-inset-text").get_text()
    warning = main.find("div", class_="govuk-warning-text")
    assert " ".join(warning.get_text(" ").split()) == "! Warning Never promise a child you will keep a secret."
    links = main.find("ul", class_="hub-links").find_all("a")
    assert [(a.get_text(), a["href"]) for a in links] == [("Forum dates", story.url), ("GOV.UK", "https://www.gov.uk/")]
    assert "Practitioner forum" in main.find("ul", class_="hub-links").get_text()
    details = main.find("details", class_="govuk-details")
    assert details.summary.get_text(strip=True) == "What is a strategy discussion?"
    assert "A meeting to share facts." in details.get_text()


def test_the_statutory_partners_block_lists_the_active_statutory_partners_when_shown(client, site):
    make_agency("Northby Council", is_statutory_partner=True, sector=Agency.Sector.LOCAL_AUTHORITY)
    page = make_content_page(site, title="Our partners", body=[("partners", None)])
    make_agency("Northby Police", is_statutory_partner=True, sector=Agency.Sector.POLICE)
    make_agency("Closed Health Board", is_statutory_partner=True, is_active=False)
    make_agency("Northby Youth Club", sector=Agency.Sector.VOLUNTARY)
    main = soup_of(client.get(page.url)).find("main")
    # Read when the page is shown: an agency added after publishing is listed without republishing.
    assert [li.get_text() for li in main.find("ul", class_="govuk-list--bullet").find_all("li")] == [
        "Northby Council",
        "Northby Police",
    ]


def test_a_draft_content_page_is_not_found_and_signed_in_people_see_live_ones(client_for, personas, site):
    draft = make_content_page(site, title="Draft", slug="draft", live=False)
    live = make_content_page(site, title="Live", slug="live")
    client = client_for(personas.outsider)
    assert client.get("/draft/").status_code == 404
    assert draft.live is False
    assert soup_of(client.get(live.url)).find("main").h1.get_text() == "Live"
