"""Unsubscribing: a confirmation page, its button, and RFC 8058 one-click unsubscribe from a mail program."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hub.core.models import AuditEntry
from hub.website.bulletins import make_confirmation_token, make_manage_token
from hub.website.models import Audience
from hub.website.tests.bulletin_factories import make_subscription
from hub.website.tests.factories import make_theme

pytestmark = pytest.mark.django_db

ONE_CLICK = {"List-Unsubscribe": "One-Click"}


def _url(subscription_or_token) -> str:
    token = (
        subscription_or_token if isinstance(subscription_or_token, str) else make_manage_token(subscription_or_token)
    )
    return reverse("website:bulletin-unsubscribe", args=[token])


@pytest.fixture
def strict_client():
    """A client that, like a browser or a mail program, gets no CSRF allowance from the test runner."""
    return Client(enforce_csrf_checks=True)


def test_opening_the_link_asks_before_unsubscribing(client):
    subscription = make_subscription("reader@example.org")

    response = client.get(_url(subscription))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Unsubscribe from the e-bulletin" in content
    assert "reader@example.org" in content
    assert 'name="csrfmiddlewaretoken"' in content
    subscription.refresh_from_db()
    assert subscription.is_active


def test_pressing_unsubscribe_stops_the_bulletin_and_clears_preferences(strict_client):
    subscription = make_subscription(audiences=(Audience.PARENTS,), themes=[make_theme("Neglect")])
    page = strict_client.get(_url(subscription))
    token = page.context["csrf_token"]

    response = strict_client.post(_url(subscription), {"csrfmiddlewaretoken": str(token)})

    assert response.status_code == 200
    assert "You have unsubscribed" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    assert not subscription.is_active
    assert not subscription.for_parents
    assert not subscription.themes.exists()
    entry = AuditEntry.objects.get(action="website.subscription.unsubscribed")
    assert entry.data == {"via": "page"}


def test_the_page_form_still_needs_its_csrf_token(strict_client):
    subscription = make_subscription()

    response = strict_client.post(_url(subscription), {})

    assert response.status_code == 403
    subscription.refresh_from_db()
    assert subscription.is_active


def test_one_click_unsubscribe_works_without_a_csrf_token_or_cookie(strict_client):
    subscription = make_subscription()

    response = strict_client.post(_url(subscription), ONE_CLICK)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    assert AuditEntry.objects.get(action="website.subscription.unsubscribed").data == {"via": "one-click"}


def test_one_click_unsubscribe_accepts_a_multipart_body(strict_client):
    # Some mail programs send the one-click POST as multipart/form-data.
    subscription = make_subscription()

    response = strict_client.post(_url(subscription), ONE_CLICK)  # the test client encodes as multipart
    urlencoded = strict_client.post(
        _url(subscription), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == urlencoded.status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


def test_unsubscribing_twice_is_harmless(strict_client, client):
    subscription = make_subscription()
    strict_client.post(_url(subscription), ONE_CLICK)
    subscription.refresh_from_db()
    first_time = subscription.unsubscribed_at

    again = strict_client.post(_url(subscription), ONE_CLICK)
    page = client.post(_url(subscription))

    assert again.status_code == 200
    assert "You are not subscribed" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at == first_time
    assert AuditEntry.objects.filter(action="website.subscription.unsubscribed").count() == 1


def test_other_post_bodies_are_not_treated_as_one_click(strict_client):
    subscription = make_subscription()

    response = strict_client.post(_url(subscription), {"List-Unsubscribe": "yes please"})

    assert response.status_code == 403
    subscription.refresh_from_db()
    assert subscription.is_active


def test_one_click_with_an_altered_link_is_refused_and_changes_nothing(strict_client):
    subscription = make_subscription()
    token = make_manage_token(subscription)

    response = strict_client.post(_url(token[:-2] + "zz"), ONE_CLICK)

    assert response.status_code == 400
    subscription.refresh_from_db()
    assert subscription.is_active


def test_an_altered_link_in_a_browser_says_it_does_not_work(client):
    subscription = make_subscription()

    response = client.get(_url("nonsense"))
    confirmation_link = client.post(_url(make_confirmation_token(subscription)))

    assert "This link does not work" in response.content.decode()
    assert "This link does not work" in confirmation_link.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active


def test_a_link_naming_nobody_says_not_subscribed(client, strict_client):
    # Test sends to an address that is not subscribed carry such a link.
    token = make_manage_token(None)

    page = client.get(_url(token))
    one_click = strict_client.post(_url(token), ONE_CLICK)

    assert "You are not subscribed" in page.content.decode()
    assert one_click.status_code == 200
