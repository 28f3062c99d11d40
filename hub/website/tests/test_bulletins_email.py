"""The e-mail version of an issue, checked in the rendered HTML and plain text."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from hub.website import bulletins
from hub.website.tests.bulletin_factories import (
    COURSE_KIND,
    item,
    make_issue,
    make_subscription,
    news,
    offering_courses,
    resource,
    text,
)
from hub.website.tests.factories import build_site, make_news, make_resource

pytestmark = pytest.mark.django_db

VAGUE_LINK_TEXT = {"click here", "here", "read more", "more", "this link", "link"}


@pytest.fixture
def home(db):
    return build_site()


@pytest.fixture
def issue(home):
    story = make_news(home.news, title="New neglect strategy", summary="The partnership agreed a new strategy.")
    toolkit = make_resource(home.library, title="Neglect toolkit", summary="A tool to assess neglect.")
    gone = make_news(home.news, title="Withdrawn story")
    page = make_issue(
        home,
        text(
            '<h2>From the chair</h2><p>Welcome. Read our <a href="/procedures/">procedures</a> and the '
            '<a href="https://www.gov.uk/government/publications/working-together-to-safeguard-children--2">'
            "statutory guidance</a>.</p><ul><li>First point</li><li>Second point</li></ul>"
        ),
        news(story),
        resource(toolkit),
        item(f"{COURSE_KIND}:neglect-2"),
        item(f"{COURSE_KIND}:no-longer-running"),
        news(gone),
        title="Spring issue",
        introduction="News from the partnership for spring.",
    )
    gone.delete()
    page.refresh_from_db()
    return page


@pytest.fixture
def subscription(db):
    return make_subscription("reader@example.org")


@pytest.fixture
def rendered(issue, subscription):
    with offering_courses():
        entries = bulletins.bulletin_entries(issue)
    return bulletins.render_bulletin_email(bulletin=issue, entries=entries, subscription=subscription)


@pytest.fixture
def soup(rendered):
    return BeautifulSoup(rendered.html, "html.parser")


def _relative_luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_relative_luminance(foreground), _relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _style(tag) -> dict[str, str]:
    declarations = (part.split(":", 1) for part in tag.get("style", "").split(";") if ":" in part)
    return {name.strip(): value.strip() for name, value in declarations}


def _background(tag) -> str:
    for ancestor in [tag, *tag.parents]:
        if getattr(ancestor, "get", None) and "background-color" in _style(ancestor):
            return _style(ancestor)["background-color"]
    return "#ffffff"


def test_the_document_has_a_language_a_title_and_one_main_heading(soup, issue):
    assert soup.html["lang"] == "en-GB"
    assert soup.title.get_text() == "Spring issue – Safeguarding Children Partnership"
    assert [h1.get_text(strip=True) for h1 in soup.find_all("h1")] == ["Spring issue"]
    assert soup.find("meta", charset="utf-8") is not None


def test_items_are_second_level_headings_linking_to_the_site(soup):
    headings = [h2.get_text(strip=True) for h2 in soup.find_all("h2")]
    assert headings == ["From the chair", "New neglect strategy", "Neglect toolkit", "Neglect: level 2"]
    story_link = soup.find("a", string="New neglect strategy")
    assert story_link.find_parent("h2") is not None
    assert story_link["href"].startswith(settings.SITE_URL + "/news/")
    course = soup.find("a", string="Neglect: level 2")
    assert course["href"] == settings.SITE_URL + "/training/courses/neglect-level-2/"


def test_missing_items_are_left_out(soup, rendered):
    assert "Withdrawn story" not in rendered.html
    assert "no-longer-running" not in rendered.html
    assert "Withdrawn story" not in rendered.text


def test_every_link_is_absolute_and_has_meaningful_text(soup):
    links = soup.find_all("a")
    assert links
    for link in links:
        href = link["href"]
        assert href.startswith(("https://", "http://")), href
        if not href.startswith("https://www.gov.uk/"):
            assert href.startswith(settings.SITE_URL + "/"), href
        label = link.get_text(" ", strip=True).lower()
        assert label and label not in VAGUE_LINK_TEXT, href
    internal = soup.find("a", string="procedures")
    assert internal["href"] == settings.SITE_URL + "/procedures/"


def test_the_unsubscribe_and_preferences_links_are_there(soup, subscription, rendered):
    unsubscribe = soup.find("a", href=bulletins.unsubscribe_url(subscription))
    preferences = soup.find("a", href=bulletins.preferences_url(subscription))
    assert unsubscribe is not None and "unsubscribe" in unsubscribe.get_text().lower()
    assert preferences is not None
    assert rendered.headers == {
        "List-Unsubscribe": f"<{bulletins.unsubscribe_url(subscription)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    web = soup.find("a", string="Read this issue on our website")
    assert web["href"].startswith(settings.SITE_URL + "/") and web["href"].endswith("/")


def test_styles_are_inline_only(soup, rendered):
    assert soup.find("style") is None
    assert soup.find("link") is None
    assert soup.find("script") is None
    assert not soup.find_all(attrs={"class": True})
    for tag in ("p", "h1", "h2", "a", "li", "ul"):
        for element in soup.find_all(tag):
            assert element.get("style"), f"<{tag}> has no inline style"


def test_layout_tables_are_marked_as_presentation(soup):
    tables = soup.find_all("table")
    assert tables
    assert all(table.get("role") == "presentation" for table in tables)
    assert not soup.find_all(["th", "caption"])


def test_images_if_any_have_alternative_text(soup):
    assert all(image.has_attr("alt") for image in soup.find_all("img"))


def test_text_has_enough_contrast_against_its_background(soup):
    checked = 0
    for element in soup.find_all(style=re.compile(r"(^|;)color:")):
        colour = _style(element)["color"]
        ratio = _contrast(colour, _background(element))
        assert ratio >= 4.5, f"{element.name} {colour} on {_background(element)}: {ratio:.2f}"
        checked += 1
    assert checked > 5


def test_the_plain_text_version_has_the_same_content_and_links(rendered, subscription):
    body = rendered.text
    assert "Spring issue" in body
    assert "News from the partnership for spring." in body
    assert "From the chair" in body
    assert "- First point" in body
    assert f"procedures ({settings.SITE_URL}/procedures/)" in body
    assert "What's New: New neglect strategy" in body
    assert "Course: Neglect: level 2" in body
    assert f"{settings.SITE_URL}/training/courses/neglect-level-2/" in body
    assert bulletins.unsubscribe_url(subscription) in body
    assert bulletins.preferences_url(subscription) in body
    assert "<" not in body and "&amp;" not in body


def test_text_the_editors_wrote_is_escaped_not_injected(home, subscription):
    issue = make_issue(home, title="Tom & Jerry <script>alert(1)</script>", introduction="Fish & chips")

    rendered = bulletins.render_bulletin_email(
        bulletin=issue, entries=bulletins.bulletin_entries(issue), subscription=subscription
    )

    soup = BeautifulSoup(rendered.html, "html.parser")
    assert soup.find("script") is None
    assert soup.h1.get_text() == "Tom & Jerry <script>alert(1)</script>"
    assert "Fish & chips" in rendered.text
    assert rendered.subject == "Tom & Jerry <script>alert(1)</script> – SCP e-bulletin"
