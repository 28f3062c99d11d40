"""Confirming a subscription through the signed link in the confirmation e-mail."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from hub.core.models import AuditEntry
from hub.website.bulletins import CONFIRMATION_MAX_AGE, make_confirmation_token, make_manage_token, unsubscribe
from hub.website.tests.bulletin_factories import make_subscription

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 5, 1, 9, 0, tzinfo=datetime.UTC)


def _url(token: str) -> str:
    return reverse("website:bulletin-confirm", args=[token])


def test_opening_the_link_asks_to_confirm_without_subscribing_yet(client):
    # Mail scanners open links; only the button press subscribes.
    subscription = make_subscription("reader@example.org", confirmed=False)

    response = client.get(_url(make_confirmation_token(subscription)))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Confirm your subscription" in content
    assert "reader@example.org" in content
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_pressing_confirm_subscribes_and_is_audited(client):
    subscription = make_subscription("reader@example.org", confirmed=False)

    response = client.post(_url(make_confirmation_token(subscription)))

    assert response.status_code == 200
    assert "Subscription confirmed" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active
    assert AuditEntry.objects.filter(action="website.subscription.confirmed", object_id=str(subscription.pk)).exists()


def test_confirming_twice_says_already_subscribed(client):
    subscription = make_subscription("reader@example.org", confirmed=False)
    token = make_confirmation_token(subscription)
    client.post(_url(token))

    response = client.post(_url(token))

    assert "You are already subscribed" in response.content.decode()
    assert AuditEntry.objects.filter(action="website.subscription.confirmed").count() == 1


def test_a_confirmation_link_works_for_seven_days_then_says_it_has_expired(client):
    subscription = make_subscription("reader@example.org", confirmed=False)
    with time_machine.travel(START, tick=False):
        token = make_confirmation_token(subscription)
    assert datetime.timedelta(days=7) == CONFIRMATION_MAX_AGE

    with time_machine.travel(START + CONFIRMATION_MAX_AGE - datetime.timedelta(minutes=1), tick=False):
        still_valid = client.get(_url(token))
    with time_machine.travel(START + CONFIRMATION_MAX_AGE + datetime.timedelta(minutes=1), tick=False):
        expired = client.post(_url(token))

    assert "Confirm your subscription" in still_valid.content.decode()
    assert expired.status_code == 200
    assert "This link has expired" in expired.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


@pytest.mark.parametrize("change", ["flip_a_character", "cut_short", "garbage"])
def test_an_altered_link_says_it_does_not_work_and_subscribes_nobody(client, change):
    subscription = make_subscription("reader@example.org", confirmed=False)
    token = make_confirmation_token(subscription)
    altered = {
        "flip_a_character": token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:],
        "cut_short": token[: len(token) // 2],
        "garbage": "not-a-token",
    }[change]

    response = client.post(_url(altered))

    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_a_link_for_an_address_that_changed_does_not_work(client):
    subscription = make_subscription("reader@example.org", confirmed=False)
    token = make_confirmation_token(subscription)
    subscription.email = "someone.else@example.org"
    subscription.save()

    response = client.post(_url(token))

    assert "This link does not work" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_a_management_link_cannot_be_used_to_confirm(client):
    subscription = make_subscription("reader@example.org", confirmed=False)

    response = client.post(_url(make_manage_token(subscription)))

    assert "This link does not work" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_a_link_sent_before_unsubscribing_cannot_subscribe_again(client):
    subscription = make_subscription("reader@example.org", confirmed=False)
    old_link = _url(make_confirmation_token(subscription))
    client.post(old_link)
    unsubscribe(subscription=subscription)

    response = client.post(old_link)

    assert "This link does not work" in response.content.decode()
    subscription.refresh_from_db()
    assert not subscription.is_active


def test_asking_again_after_unsubscribing_sends_a_link_that_works(client, django_capture_on_commit_callbacks):
    subscription = make_subscription("reader@example.org", unsubscribed=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("website:bulletin-subscribe"), {"email": "reader@example.org", "audiences": ["professionals"]}
        )
    [link] = re.findall(r"https?://\S+/confirm/\S+", mail.outbox[0].body)

    response = client.post(urlsplit(link).path)

    assert "Subscription confirmed" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active and subscription.for_professionals
