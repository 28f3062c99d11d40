"""Subscribing to the e-bulletin at /bulletins/subscribe/: double opt-in, never telling who is subscribed."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse

from hub.core.models import AuditEntry
from hub.website.bulletins import RESEND_INTERVAL
from hub.website.models import Audience, Subscription
from hub.website.tests.bulletin_factories import make_subscription
from hub.website.tests.factories import make_theme

pytestmark = pytest.mark.django_db

URL = reverse("website:bulletin-subscribe")
DONE_URL = reverse("website:bulletin-subscribe-done")


@pytest.fixture
def themes(db):
    return {"neglect": make_theme("Neglect"), "exploitation": make_theme("Child exploitation")}


def _subscribe(client, email="reader@example.org", audiences=(Audience.PROFESSIONALS,), themes=(), **extra):
    data = {"email": email, "audiences": list(audiences), "themes": [theme.pk for theme in themes], **extra}
    return client.post(URL, data)


def _links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def test_form_asks_for_an_address_audiences_and_topics(client, themes):
    response = client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert 'type="email"' in content
    for label in ("Professionals", "Parents and carers", "Children and young people", "Neglect", "Child exploitation"):
        assert label in content
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]


def test_subscribing_creates_an_unconfirmed_subscription_and_sends_a_confirmation_link(
    client, themes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _subscribe(
            client,
            "Reader@Example.org",
            audiences=(Audience.PROFESSIONALS, Audience.PARENTS),
            themes=[themes["neglect"]],
        )

    assert response.status_code == 302
    assert response["Location"] == DONE_URL
    subscription = Subscription.objects.get()
    assert subscription.email == "reader@example.org"
    assert subscription.confirmed_at is None
    assert not subscription.is_active
    assert (subscription.for_professionals, subscription.for_parents, subscription.for_young_people) == (
        True,
        True,
        False,
    )
    assert list(subscription.themes.all()) == [themes["neglect"]]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.org"]
    assert "Confirm your subscription" in message.subject
    [link] = [link for link in _links(message) if "/bulletins/subscribe/confirm/" in link]
    assert link.startswith(settings.SITE_URL)
    assert "7 days" in message.body
    assert AuditEntry.objects.filter(action="website.subscription.requested", object_id=str(subscription.pk)).exists()


def test_check_your_email_page_says_the_same_whoever_asked(client):
    response = client.get(DONE_URL)

    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()


def test_subscribing_again_with_a_subscribed_address_changes_nothing_and_mails_a_preferences_link(
    client, themes, django_capture_on_commit_callbacks
):
    subscription = make_subscription("reader@example.org", themes=[themes["neglect"]])
    new_person = client.__class__()

    with django_capture_on_commit_callbacks(execute=True):
        repeated = _subscribe(
            client, "READER@example.org", audiences=(Audience.YOUNG_PEOPLE,), themes=[themes["exploitation"]]
        )
        fresh = _subscribe(new_person, "someone.new@example.org")

    # Both people see exactly the same thing.
    assert repeated.status_code == fresh.status_code == 302
    assert repeated["Location"] == fresh["Location"] == DONE_URL
    subscription.refresh_from_db()
    assert subscription.for_professionals and not subscription.for_young_people
    assert list(subscription.themes.all()) == [themes["neglect"]]
    assert Subscription.objects.count() == 2
    [to_owner] = [message for message in mail.outbox if message.to == ["reader@example.org"]]
    assert "Your subscription" in to_owner.subject
    assert "already subscribed" in to_owner.body
    links = _links(to_owner)
    assert any("/bulletins/preferences/" in link for link in links)
    assert any("/bulletins/unsubscribe/" in link for link in links)
    assert not any("/confirm/" in link for link in links)


def test_subscribing_again_before_confirming_takes_the_new_choices_and_sends_a_new_link(
    client, themes, django_capture_on_commit_callbacks
):
    subscription = make_subscription("reader@example.org", confirmed=False)

    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client, "reader@example.org", audiences=(Audience.PARENTS,), themes=[themes["exploitation"]])

    subscription.refresh_from_db()
    assert subscription.for_parents and not subscription.for_professionals
    assert list(subscription.themes.all()) == [themes["exploitation"]]
    assert subscription.confirmed_at is None
    assert len(mail.outbox) == 1
    assert "/bulletins/subscribe/confirm/" in mail.outbox[0].body


def test_someone_who_unsubscribed_must_confirm_again(client, django_capture_on_commit_callbacks):
    subscription = make_subscription("reader@example.org", unsubscribed=True)

    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client, "reader@example.org")

    subscription.refresh_from_db()
    assert not subscription.is_active
    assert subscription.unsubscribed_at is not None
    assert "/bulletins/subscribe/confirm/" in mail.outbox[0].body


def test_an_address_gets_at_most_one_email_in_a_few_minutes(client, django_capture_on_commit_callbacks):
    with time_machine.travel("2026-05-01 09:00 +0000", tick=False) as traveller:
        with django_capture_on_commit_callbacks(execute=True):
            _subscribe(client)
            _subscribe(client)
            _subscribe(client)
        assert len(mail.outbox) == 1

        traveller.shift(RESEND_INTERVAL)
        with django_capture_on_commit_callbacks(execute=True):
            _subscribe(client)
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "", "audiences": ["professionals"]}, "email", "Enter your e-mail address"),
        (
            {"email": "not-an-address", "audiences": ["professionals"]},
            "email",
            "Enter an e-mail address in the correct format, like name@example.org",
        ),
        ({"email": "reader@example.org"}, "audiences", "Select who you want news for"),
        (
            {"email": "reader@example.org", "audiences": ["aliens"]},
            "audiences",
            "Select who you want news for from the list",
        ),
        (
            {"email": "reader@example.org", "audiences": ["professionals"], "themes": ["999999"]},
            "themes",
            "Select topics from the list",
        ),
        (
            {"email": "reader@example.org", "audiences": ["professionals"], "themes": ["nonsense"]},
            "themes",
            "Select topics from the list",
        ),
    ],
)
def test_mistakes_are_shown_with_an_error_summary_and_nothing_is_stored(client, themes, data, field, message):
    response = client.post(URL, data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert message in content
    assert response.context["form"].errors[field] == [message]
    assert content.count("<title>Error: ") == 1
    assert not Subscription.objects.exists()
    assert mail.outbox == []


def test_a_very_long_address_is_refused_not_a_server_error(client):
    response = client.post(URL, {"email": "a" * 300 + "@example.org", "audiences": ["professionals"]})

    assert response.status_code == 200
    assert not Subscription.objects.exists()
