"""Improvement themes on the learning home page."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from hub.learning.tests.themes.factories import make_cycle, make_improvement_theme
from hub.learning.themes.registration import home_card

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/learning/")
    request.user = user
    return request


def test_the_home_card_lists_themes_and_the_current_cycle_for_readers(personas):
    theme = make_improvement_theme("Voice of the child")
    make_cycle(number=1, status="reviewed")
    make_cycle(number=2, status="in-delivery")

    card = home_card(_request(personas.scrutineer))

    assert card["url"] == reverse("learning:improvement-list")
    assert card["items"][0] == {"label": "Voice of the child", "url": theme.get_absolute_url(), "hint": "Active"}
    assert card["items"][-1]["hint"] == "Cycle 2 of 2022/23: in delivery"


def test_no_card_for_people_who_do_not_read_the_learning_work(personas):
    assert home_card(_request(personas.practitioner)) is None
