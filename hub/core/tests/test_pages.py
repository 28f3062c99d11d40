"""The pages every partnership site has: cookies, error pages in the site's layout, and /healthz.

The accessibility statement and privacy notice are editable website pages, tested in
hub/website/tests/test_pages_statutory.py.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.db import DatabaseError
from django.template import loader
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hub.core.models import PartnershipSettings
from hub.core.views import pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    settings = PartnershipSettings.load()
    settings.name = "Northby Safeguarding Children Partnership"
    settings.area_name = "Northby"
    settings.contact_email = "business.unit@northby.example.org"
    settings.contact_phone = "01234 567890"
    settings.save()
    return settings


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def heading_levels(soup) -> list[int]:
    main = soup.find("main")
    return [int(tag.name[1]) for tag in main.find_all(re.compile(r"^h[1-6]$"))]


def assert_well_structured(soup, title: str, partnership_name: str):
    assert soup.title.get_text().strip() == f"{title} – {partnership_name}"
    main = soup.find("main", id="main-content")
    assert main is not None
    assert len(soup.find_all("h1")) == 1
    levels = heading_levels(soup)
    assert levels[0] == 1
    for earlier, later in zip(levels, levels[1:], strict=False):
        assert later <= earlier + 1, f"heading jumps from h{earlier} to h{later}"
    # The footer links to the cookies page on every page (the accessibility statement and privacy
    # notice are website pages, linked once they are published: hub/website/tests).
    footer_links = {a["href"] for a in soup.select("footer a")}
    assert "/cookies/" in footer_links


def text_of(soup) -> str:
    return " ".join(soup.find("main").get_text(" ").split())


def test_cookies_page_lists_only_the_essential_cookies_from_the_settings(client, partnership, settings):
    settings.SESSION_COOKIE_AGE = 8 * 3600
    response = client.get(reverse("core:cookies"))
    assert response.status_code == 200
    soup = soup_of(response)
    assert_well_structured(soup, "Cookies", partnership.name)
    rows = soup.select("main table tbody tr")
    assert [row.th.get_text(strip=True) for row in rows] == ["hub_session", "hub_csrf"]
    assert "after 8 hours" in rows[0].get_text(" ", strip=True)
    assert "After 52 weeks" in rows[1].get_text(" ", strip=True)
    text = text_of(soup)
    assert "We do not use Google Analytics" in text
    assert "we do not show a cookie banner" in text


def test_the_cookie_names_on_the_cookies_page_are_the_cookies_the_site_sets(client, settings):
    """Sign-in sets only the two essential cookies; the cookies page must name exactly those."""
    from hub.testing import PASSWORD, make_user

    make_user("cookie.check@example.org", email_verified_at=timezone.now())
    client.get(reverse("core:sign-in"))
    response = client.post(reverse("core:sign-in"), {"email": "cookie.check@example.org", "password": PASSWORD})
    assert response.status_code == 302
    response = client.post(reverse("core:sign-out"))
    set_by_site = set(client.cookies.keys())
    listed = {row.th.get_text(strip=True) for row in soup_of(client.get(reverse("core:cookies"))).select("tbody tr")}
    assert set_by_site <= listed
    assert set_by_site == {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}


def test_an_unknown_address_gets_the_404_page_in_the_site_layout(client, partnership):
    response = client.get("/no-such-page-here/")
    assert response.status_code == 404
    soup = soup_of(response)
    assert_well_structured(soup, "Page not found", partnership.name)
    assert soup.h1.get_text(strip=True) == "Page not found"
    assert soup.find("a", class_="govuk-skip-link")["href"] == "#main-content"
    assert soup.find("header", class_="govuk-header") is not None


def test_the_500_page_renders_without_a_request_or_database():
    html = loader.render_to_string("500.html")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.title.get_text() == "Sorry, there is a problem with the service"
    assert len(soup.find_all("h1")) == 1
    assert soup.find("main", id="main-content") is not None
    assert soup.find("link", rel="stylesheet")["href"].endswith("build/main.css")
    assert "Traceback" not in html


def test_the_500_handler_does_not_touch_the_database(rf, django_assert_num_queries):
    request = rf.get("/")
    with django_assert_num_queries(0):
        response = pages.server_error(request)
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


def test_an_unhandled_error_shows_the_500_page_without_details(monkeypatch, partnership):
    def explode(request):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(pages, "render", lambda *args, **kwargs: explode(None))
    failing = Client(raise_request_exception=False)
    response = failing.get(reverse("core:cookies"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, there is a problem with the service" in body
    assert "secret internal detail" not in body
    assert "Traceback" not in body


def test_a_form_sent_without_a_csrf_token_gets_the_expired_form_page(partnership):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("core:sign-in"), {"email": "someone@example.org", "password": "x"})
    assert response.status_code == 403
    soup = soup_of(response)
    assert soup.h1.get_text(strip=True) == "Your form has expired"
    assert soup.title.get_text().startswith("Your form has expired – ")


def test_healthz_reports_ok_when_the_database_answers(client):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_returns_503_json_when_the_database_fails(client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(pages, "connection", BrokenConnection())
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "error", "database": "unavailable"}
    assert "connection refused" not in response.content.decode()


def test_healthz_only_answers_get(client):
    assert client.post(reverse("core:healthz")).status_code == 405
