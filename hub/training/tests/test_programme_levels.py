"""/training/levels/: the partnership's guidance on training levels 1 to 4."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from hub.training.tests.factories import training_settings

pytestmark = pytest.mark.django_db
URL = reverse("training:levels")


def test_the_levels_page_explains_each_level_with_an_anchor_the_course_pages_link_to(client):
    response = client.get(URL)
    soup = BeautifulSoup(response.content, "html.parser")

    assert response.status_code == 200
    assert soup.h1.get_text() == "Training levels"
    headings = [section.h2.get_text() for section in soup.select("section[id^=level-]")]
    assert headings == ["Level 1: Introductory", "Level 2: Core", "Level 3: Advanced", "Level 4: Specialist"]
    assert [section["id"] for section in soup.select("section[id^=level-]")] == [
        "level-1",
        "level-2",
        "level-3",
        "level-4",
    ]
    assert "Who it is for" in soup.select_one("#level-3").get_text()


def test_each_level_links_to_its_courses_in_the_programme(client):
    soup = BeautifulSoup(client.get(URL).content, "html.parser")
    link = soup.find("a", string="Level 4 courses in the programme")
    assert link["href"] == reverse("training:programme") + "?level=4"


def test_the_partnerships_own_introduction_is_shown_when_written(client):
    training_settings(level_guidance="<p>Our partners agreed these levels in <b>2021</b>.</p>")

    soup = BeautifulSoup(client.get(URL).content, "html.parser")

    assert soup.select_one(".hub-prose").get_text() == "Our partners agreed these levels in 2021."


def test_without_an_introduction_no_empty_block_is_shown(client):
    assert not BeautifulSoup(client.get(URL).content, "html.parser").select(".hub-prose")
