"""Three clicks: from the home page, a visitor reaches everything in the demo in three clicks or fewer.

The seed asks that users "find what they're looking for in three mouse clicks or less". This test
loads the whole demo (every registered loader), then follows the links on each page from ``/`` as
an anonymous visitor, breadth first, and checks that every live resource, topic page and What's
New item, the procedures page and every published course page is at most three clicks away.
The back office, account pages and other sites are not followed.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse

from hub.website.models import NewsPage, ProceduresPage, ResourcePage, TopicPage

# The marker also makes pytest-django build the test database before the module's fixture uses it.
pytestmark = pytest.mark.django_db

MAX_CLICKS = 3
NOT_FOLLOWED = ("/admin/", "/account/", "/static/", "/media/", "/documents/", "/api/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _normalise(base: str, href: str) -> str | None:
    """The site path a link leads to (query parameters sorted), or None for other sites and schemes."""
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("http", "https", "") or parts.netloc not in ("", "testserver"):
        return None
    if parts.path.startswith(NOT_FOLLOWED):
        return None
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return parts.path + (f"?{query}" if query else "")


def crawl(client: Client, start: str = "/", max_clicks: int = MAX_CLICKS) -> dict[str, int]:
    """Every path reachable from ``start``, with the fewest clicks it takes (breadth first)."""
    clicks = {start: 0}
    queue = deque([start])
    while queue:
        path = queue.popleft()
        if clicks[path] == max_clicks:
            continue  # its links would be one click too many
        response = client.get(path)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            target = _normalise(path, href)
            if target is not None and target not in clicks:
                clicks[target] = clicks[path] + 1
                queue.append(target)
    return clicks


def _path(url: str) -> str:
    return urlsplit(url).path


def _course_paths() -> list[str]:
    """Published course pages, when the training module and its demo are installed."""
    try:
        course_model = apps.get_model("training", "Course")
        reverse("training:course", kwargs={"slug": "example"})
    except (LookupError, NoReverseMatch):
        return []
    return [
        reverse("training:course", kwargs={"slug": slug})
        for slug in course_model.objects.filter(is_published=True).values_list("slug", flat=True)
    ]


@pytest.fixture(scope="module")
def demo_crawl(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the demo once, crawl it, and note what must be reachable; then roll everything back.

    Returns ``(reachable, wanted, courses)``: the crawl's clicks per path, the paths of each kind
    of page that must be within three clicks, and the published course pages.
    """
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        reachable = crawl(Client())
        wanted = {
            "resource": [_path(page.url) for page in ResourcePage.objects.live().public()],
            "topic page": [_path(page.url) for page in TopicPage.objects.live().public()],
            "What's New item": [_path(page.url) for page in NewsPage.objects.live().public()],
            "procedures page": [_path(page.url) for page in ProceduresPage.objects.live().public()],
        }
        courses = _course_paths()
        transaction.set_rollback(True)
    return reachable, wanted, courses


def test_every_resource_topic_news_item_and_the_procedures_page_is_within_three_clicks(demo_crawl):
    reachable, wanted, _ = demo_crawl

    assert len(wanted["resource"]) >= 60
    assert len(wanted["What's New item"]) >= 20
    assert len(wanted["procedures page"]) == 1
    too_far = {
        kind: sorted(path for path in paths if reachable.get(path, MAX_CLICKS + 1) > MAX_CLICKS)
        for kind, paths in wanted.items()
    }
    assert too_far == {kind: [] for kind in wanted}, f"More than {MAX_CLICKS} clicks from the home page: {too_far}"


def test_every_published_course_page_is_within_three_clicks(demo_crawl):
    reachable, _, courses = demo_crawl
    if not courses:
        pytest.skip("The training module offers no course pages (no training URLs or no published demo courses).")

    too_far = sorted(path for path in courses if reachable.get(path, MAX_CLICKS + 1) > MAX_CLICKS)
    assert too_far == [], f"Course pages more than {MAX_CLICKS} clicks from the home page: {too_far}"


def test_the_crawler_counts_clicks_and_stays_on_the_site(client, monkeypatch):
    pages = {
        "/": '<a href="/a/">A</a> <a href="https://elsewhere.example/">Out</a> <a href="/admin/">Admin</a>',
        "/a/": '<a href="b/">B</a> <a href="/?x=1">Home again</a>',
        "/a/b/": '<a href="/a/b/c/">C</a>',
        "/a/b/c/": '<a href="/a/b/c/d/">D</a>',
        "/?x=1": "",
    }
    requested = []

    class FakeResponse:
        status_code = 200

        def __init__(self, path):
            self.content = pages.get(path, "").encode()

        def get(self, name, default=None):
            return "text/html; charset=utf-8" if name == "Content-Type" else default

    def get(path):
        requested.append(path)
        return FakeResponse(path)

    monkeypatch.setattr(client, "get", get)

    clicks = crawl(client)

    assert clicks == {"/": 0, "/a/": 1, "/a/b/": 2, "/?x=1": 2, "/a/b/c/": 3}
    assert "/a/b/c/" not in requested  # three clicks away: its links are not followed
