"""Whatever changes what a public page shows starts a new cache version, so nobody sees an old copy."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from hub.core.models import PartnershipSettings
from hub.website.cache import CACHE_HEADER, current_version
from hub.website.models import WebsiteSettings
from hub.website.tests.factories import build_site, make_content_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    # The settings every page shows exist (creating one starts a new cache version, as it should).
    PartnershipSettings.load()
    WebsiteSettings.load()
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home():
    return build_site()


@pytest.fixture
def page(home):
    return make_content_page(home, title="Our groups", slug="our-groups", introduction="The groups we run.")


def cached(client, url: str):
    client.get(url)
    response = client.get(url)
    assert response[CACHE_HEADER] == "HIT"
    return response


def test_unpublishing_a_page_stops_it_being_served(page, client):
    cached(client, page.url)

    page.unpublish()

    assert client.get(page.url).status_code == 404


def test_deleting_a_page_stops_it_being_served(page, client):
    url = page.url
    cached(client, url)

    page.delete()

    assert client.get(url).status_code == 404


def test_moving_a_page_sends_visitors_of_the_old_address_to_the_new_one(page, home, client):
    cached(client, page.url)
    old_url = page.url

    page.move(home.news, pos="last-child")

    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/news/our-groups/"


def test_making_a_page_private_takes_it_out_of_the_public_cache(page, client):
    cached(client, page.url)

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(page.url)
    assert response.status_code == 302
    assert "The groups we run." not in response.content.decode()


def test_changing_the_website_settings_refreshes_every_page(page, client):
    cached(client, page.url)
    version = current_version()

    settings = WebsiteSettings.load()
    settings.out_of_hours_phone = "Ring the duty team"
    settings.save()

    assert current_version() != version
    assert client.get(page.url)[CACHE_HEADER] == "MISS"


def test_changing_the_partnership_name_refreshes_every_page(page, client):
    cached(client, page.url)

    partnership = PartnershipSettings.load()
    partnership.name = "A Renamed Partnership"
    partnership.save()

    response = client.get(page.url)
    assert response[CACHE_HEADER] == "MISS"
    assert "A Renamed Partnership" in response.content.decode()


def test_a_new_version_after_the_cache_lost_its_version_key(page, client):
    cached(client, page.url)

    cache.clear()

    assert client.get(page.url)[CACHE_HEADER] == "MISS"
