"""Wagtail's accessibility checker is in the user bar editors see on every page of the site."""

from __future__ import annotations

import pytest

from hub.website.tests.factories import build_site, make_content_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    return make_content_page(build_site(), title="About us", introduction="Who we are.")


def test_an_editor_viewing_a_page_gets_the_user_bar_with_the_accessibility_checker(page, personas, client_for):
    html = client_for(personas.business_unit).get(page.url).content.decode()

    assert "<wagtail-userbar" in html
    # The content checker: its button and the axe-core rules it runs on the page.
    assert 'id="checker-trigger"' in html
    assert 'id="checker-axe-configuration"' in html


def test_visitors_and_practitioners_get_no_user_bar(page, personas, client, client_for):
    assert "<wagtail-userbar" not in client.get(page.url).content.decode()
    assert "<wagtail-userbar" not in client_for(personas.practitioner).get(page.url).content.decode()
