"""The sexual development and behaviour guide: age bands, behaviours grouped healthy to abusive, search."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from hub.tools.models import AgeBand, Behaviour, Tool, ToolUse

pytestmark = pytest.mark.django_db

URL = "/tools/sexual-behaviour/"


def this_month_uses() -> int:
    use = ToolUse.objects.filter(tool=Tool.SEXUAL_BEHAVIOUR_GUIDE, month=date.today().replace(day=1)).first()
    return use.count if use else 0


def test_the_guide_lists_every_age_band_and_the_four_categories(client, tool_content):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    for label in ("0 to 4 years", "5 to 9 years", "10 to 13 years", "14 to 17 years"):
        assert label in html
    assert [html.index(word) for word in ("Healthy", "Problematic", "Concerning", "Abusive")] == sorted(
        html.index(word) for word in ("Healthy", "Problematic", "Concerning", "Abusive")
    )
    assert "Nothing you type is stored." in html
    assert 'method="post"' in html


def test_an_age_band_groups_its_behaviours_from_healthy_to_abusive(client, tool_content):
    band = AgeBand.objects.get(slug="5-to-9")
    response = client.get(reverse("tools:guide-age-band", args=[band.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    positions = [html.index(f'id="{key}"') for key in ("healthy", "problematic", "concerning", "abusive")]
    assert positions == sorted(positions)
    assert "Making a younger or less able child take part" in html
    assert "Sending or asking for nude" not in html  # an older band's behaviour
    assert "What it may mean" in html and "How to respond" in html
    assert "Harmful sexual behaviour: the multi-agency pathway" in html
    assert f"Next review due 30 September {date.today().year + 1}" in html
    assert "due for review" not in html
    assert this_month_uses() == 1


def test_the_search_finds_behaviours_by_keyword_across_ages(client, tool_content):
    response = client.post(URL, {"q": "nudes"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    matches = Behaviour.objects.filter(keywords__icontains="nudes").count()
    assert matches == 2
    assert f"{matches} behaviours match" in html
    assert "10 to 13 years" in html
    assert this_month_uses() == 1


def test_the_search_can_be_narrowed_to_an_age(client, tool_content):
    response = client.post(URL, {"q": "touching", "age_band": "0-to-4"})
    html = response.content.decode()
    results = html.split('id="search-results"', 1)[1]
    assert "(0 to 4 years" in results and "(5 to 9 years" not in results


def test_an_empty_search_is_an_error(client, tool_content):
    response = client.post(URL, {"q": "   "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a word or two about the behaviour to search for" in html
    assert 'href="#id_q"' in html


def test_a_search_with_no_match_says_so(client, tool_content):
    response = client.post(URL, {"q": "zzzz"})
    assert "0 behaviours match" in response.content.decode()


def test_an_unknown_age_band_is_404(client, tool_content):
    assert client.get(reverse("tools:guide-age-band", args=["99-to-100"])).status_code == 404


def test_overdue_content_is_marked_for_review(client, tool_content):
    AgeBand.objects.filter(slug="0-to-4").update(review_date=date(2020, 1, 1))
    response = client.get(reverse("tools:guide-age-band", args=["0-to-4"]))
    assert "This content is due for review" in response.content.decode()
