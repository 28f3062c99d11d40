"""The tools' index, reachable from the home page's menu, open to everyone."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_index_lists_the_four_tools_each_saying_nothing_is_stored(client):
    response = client.get("/tools/")
    html = response.content.decode()
    assert response.status_code == 200
    for href in ("/tools/sexual-behaviour/", "/tools/harm-matrix/", "/tools/chronology/", "/tools/scaling/"):
        assert f'href="{href}"' in html
    assert html.count("is stored.") == 5


def test_every_page_menu_links_to_the_tools(client):
    html = client.get(reverse("core:sign-in")).content.decode()
    assert '<a class="govuk-service-navigation__link" href="/tools/">Practitioner tools</a>' in html
