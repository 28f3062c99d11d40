"""Anonymous visitors get public pages from the cache; signed-in people, drafts and forms never touch it."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.test import Client

from hub.core.models import PartnershipSettings
from hub.website.cache import CACHE_HEADER
from hub.website.models import ContentPage, WebsiteSettings
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
def page():
    return make_content_page(build_site(), title="About us", introduction="Who we are and what we do.")


def test_the_second_anonymous_request_is_served_from_the_cache_without_a_query(page, client, django_assert_num_queries):
    first = client.get(page.url)
    with django_assert_num_queries(0):
        second = client.get(page.url)

    assert first[CACHE_HEADER] == "MISS"
    assert second[CACHE_HEADER] == "HIT"
    assert second.status_code == 200
    assert "Who we are and what we do." in second.content.decode()
    assert second["Content-Type"] == first["Content-Type"]
    assert int(second["Content-Length"]) == len(second.content)


def test_the_cached_page_keeps_the_security_headers(page, client):
    first = client.get(page.url)
    second = client.get(page.url)

    for header in ("X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"):
        assert second[header] == first[header], header
    assert "Content-Security-Policy" in second


def test_publishing_a_change_is_shown_to_the_next_visitor(page, client):
    client.get(page.url)
    page.introduction = "A new introduction."
    page.save_revision().publish()

    response = client.get(page.url)

    assert response[CACHE_HEADER] == "MISS"
    assert "A new introduction." in response.content.decode()


def test_a_saved_draft_never_reaches_visitors_or_the_cache(page, client):
    client.get(page.url)
    page.introduction = "A draft nobody has approved."
    page.save_revision()

    cached = client.get(page.url)
    cache.clear()
    fresh = client.get(page.url)

    for response in (cached, fresh):
        assert "A draft nobody has approved." not in response.content.decode()
        assert "Who we are and what we do." in response.content.decode()


def test_the_admin_preview_of_a_draft_is_not_cached_for_visitors(page, personas, client_for):
    page.introduction = "Preview only."
    page.save_revision()
    editor = client_for(personas.business_unit)
    editor.get(f"/admin/pages/{page.pk}/edit/preview/")

    anonymous = Client()
    anonymous.get(page.url)
    response = anonymous.get(page.url)

    assert response[CACHE_HEADER] == "HIT"
    assert "Preview only." not in response.content.decode()


def test_signed_in_people_never_get_or_fill_the_cache(page, personas, client_for, django_assert_max_num_queries):
    anonymous = Client()
    anonymous.get(page.url)  # now in the cache
    signed_in = client_for(personas.practitioner)

    response = signed_in.get(page.url)

    assert CACHE_HEADER not in response
    assert "Sign out" in response.content.decode() or personas.practitioner.first_name in response.content.decode()
    cache.clear()
    signed_in.get(page.url)
    assert CACHE_HEADER not in signed_in.get(page.url)
    assert anonymous.get(page.url)[CACHE_HEADER] == "MISS"


def test_a_visitor_with_a_session_is_not_served_from_the_cache(page, client, settings):
    client.get(page.url)
    client.cookies[settings.SESSION_COOKIE_NAME] = "some-session"

    assert CACHE_HEADER not in client.get(page.url)


def test_a_page_whose_form_carries_a_csrf_token_is_never_cached(page, client, monkeypatch):
    serve = ContentPage.serve

    def serve_with_a_form(self, request, *args, **kwargs):
        get_token(request)  # what {% csrf_token %} in a form does
        return serve(self, request, *args, **kwargs)

    monkeypatch.setattr(ContentPage, "serve", serve_with_a_form)

    first = client.get(page.url)
    second = client.get(page.url)

    assert CACHE_HEADER not in first and CACHE_HEADER not in second
    assert "hub_csrf" in first.cookies


def test_only_wagtail_pages_are_cached_not_other_views_or_errors(page, client):
    for url in ("/account/sign-in/", "/no-such-page/", "/healthz"):
        client.get(url)
        assert CACHE_HEADER not in client.get(url), url


def test_query_strings_are_cached_separately_and_in_any_order(page, client):
    client.get(page.url + "?a=1&b=2")

    assert client.get(page.url + "?b=2&a=1")[CACHE_HEADER] == "HIT"
    assert client.get(page.url + "?a=2")[CACHE_HEADER] == "MISS"


def test_a_very_long_query_string_is_rendered_fresh_each_time(page, client):
    url = page.url + "?q=" + "x" * 300
    client.get(url)

    assert CACHE_HEADER not in client.get(url)


def test_the_cache_can_be_switched_off(page, client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(page.url)

    assert CACHE_HEADER not in client.get(page.url)


def test_each_cached_copy_gets_a_fresh_nonce_matching_its_header(page, client):
    first = client.get(page.url)
    second = client.get(page.url)
    third = client.get(page.url)

    nonces = []
    for response in (first, second, third):
        html_nonces = set(re.findall(r'nonce="([^"]+)"', response.content.decode()))
        header_nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        assert html_nonces == {header_nonce}
        nonces.append(header_nonce)
    assert second[CACHE_HEADER] == third[CACHE_HEADER] == "HIT"
    assert len(set(nonces)) == 3
