"""Changing e-bulletin preferences through the signed link in every bulletin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hub.core.models import AuditEntry
from hub.website.bulletins import make_confirmation_token, make_manage_token
from hub.website.models import Audience
from hub.website.tests.bulletin_factories import make_subscription
from hub.website.tests.factories import make_theme

pytestmark = pytest.mark.django_db


def _url(token: str) -> str:
    return reverse("website:bulletin-preferences", args=[token])


@pytest.fixture
def themes(db):
    return {"neglect": make_theme("Neglect"), "early-help": make_theme("Early help")}


def test_the_form_shows_the_current_choices(client, themes):
    subscription = make_subscription("reader@example.org", audiences=(Audience.PARENTS,), themes=[themes["neglect"]])

    response = client.get(_url(make_manage_token(subscription)))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["audiences"] == [Audience.PARENTS]
    assert form.initial["themes"] == [themes["neglect"]]
    content = response.content.decode()
    assert "reader@example.org" in content
    assert reverse("website:bulletin-unsubscribe", args=[make_manage_token(subscription)]) in content


def test_saving_changes_the_choices_and_is_audited(client, themes):
    subscription = make_subscription("reader@example.org", audiences=(Audience.PARENTS,), themes=[themes["neglect"]])
    token = make_manage_token(subscription)

    response = client.post(
        _url(token),
        {"audiences": [Audience.PROFESSIONALS, Audience.YOUNG_PEOPLE], "themes": [themes["early-help"].pk]},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == _url(token)
    assert "Your preferences have been saved." in response.content.decode()
    subscription.refresh_from_db()
    assert (subscription.for_professionals, subscription.for_parents, subscription.for_young_people) == (
        True,
        False,
        True,
    )
    assert list(subscription.themes.all()) == [themes["early-help"]]
    entry = AuditEntry.objects.get(action="website.subscription.preferences_changed")
    assert entry.data["before"] == {"audiences": ["parents-carers"], "themes": ["neglect"]}
    assert entry.data["after"] == {"audiences": ["professionals", "children-young-people"], "themes": ["early-help"]}


def test_untick_every_topic_to_get_everything(client, themes):
    subscription = make_subscription(themes=[themes["neglect"]])

    client.post(_url(make_manage_token(subscription)), {"audiences": [Audience.PROFESSIONALS]})

    assert not subscription.themes.exists()


def test_choosing_no_audience_is_an_error_and_changes_nothing(client, themes):
    subscription = make_subscription(audiences=(Audience.PARENTS,))

    response = client.post(_url(make_manage_token(subscription)), {"themes": [themes["neglect"].pk]})

    assert response.status_code == 200
    assert "Select who you want news for" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.for_parents
    assert not subscription.themes.exists()


def test_an_altered_link_says_it_does_not_work(client):
    subscription = make_subscription()
    token = make_manage_token(subscription)

    response = client.get(_url(token[:-1] + ("x" if token[-1] != "x" else "y")))

    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()


def test_a_confirmation_link_cannot_be_used_to_change_preferences(client):
    subscription = make_subscription()

    response = client.get(_url(make_confirmation_token(subscription)))

    assert "This link does not work" in response.content.decode()


def test_after_unsubscribing_the_page_offers_to_subscribe_again(client):
    subscription = make_subscription(audiences=(Audience.PARENTS,), unsubscribed=True)

    response = client.post(_url(make_manage_token(subscription)), {"audiences": [Audience.PROFESSIONALS]})

    assert response.status_code == 200
    content = response.content.decode()
    assert "You are not subscribed" in content
    assert reverse("website:bulletin-subscribe") in content
    subscription.refresh_from_db()
    assert subscription.for_parents and not subscription.for_professionals
    assert not AuditEntry.objects.filter(action="website.subscription.preferences_changed").exists()
