"""The bulletin archive at /bulletins/ and an issue's web page."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from hub.core.registry import registry
from hub.testing import assert_same_query_count
from hub.website.models import BulletinIndexPage, ContentItemBlock
from hub.website.tests.bulletin_factories import (
    COURSE_KIND,
    item,
    make_issue,
    news,
    offering_courses,
    resource,
    text,
)
from hub.website.tests.factories import build_site, make_news, make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(db):
    return build_site()


@pytest.fixture
def course_source():
    with offering_courses() as courses:
        yield courses


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def test_archive_lists_published_issues_newest_first_with_a_way_to_subscribe(client, home):
    make_issue(home, title="March issue", issue_date=datetime.date(2026, 3, 2))
    make_issue(home, title="May issue", issue_date=datetime.date(2026, 5, 4))
    make_issue(home, title="April issue", issue_date=datetime.date(2026, 4, 6))
    make_issue(home, title="Draft issue", issue_date=datetime.date(2026, 6, 1), live=False)

    response = client.get("/bulletins/")

    assert response.status_code == 200
    soup = _soup(response)
    titles = [link.get_text(strip=True) for link in soup.select(".hub-bulletin-issues h3 a")]
    assert titles == ["May issue", "April issue", "March issue"]
    subscribe = soup.find("a", href=reverse("website:bulletin-subscribe"))
    assert subscribe is not None and "Subscribe" in subscribe.get_text()
    assert "4 May 2026" in soup.get_text()


def test_archive_is_paginated_and_a_bad_page_number_shows_the_first_page(client, home):
    for day in range(1, 23):
        make_issue(home, title=f"Issue {day}", issue_date=datetime.date(2026, 1, day))

    first = _soup(client.get("/bulletins/?page=nonsense"))
    second = _soup(client.get("/bulletins/?page=2"))

    assert len(first.select(".hub-bulletin-issues li")) == BulletinIndexPage.issues_per_page
    assert [a.get_text(strip=True) for a in second.select(".hub-bulletin-issues h3 a")] == ["Issue 2", "Issue 1"]
    assert second.find("a", rel="prev") is not None
    assert "(page 2 of 2)" in second.title.get_text()


def test_archive_queries_do_not_grow_with_the_number_of_issues(client, home):
    dates = iter(datetime.date(2025, 1, 1) + datetime.timedelta(days=n) for n in range(100))

    def add(count):
        for _ in range(count):
            make_issue(home, issue_date=next(dates))
        # Publishing empties the site's caches (menus, site root); fill them again before counting.
        client.get("/bulletins/")

    response = assert_same_query_count(client, "/bulletins/", add, few=1, many=20)
    assert len(_soup(response).select(".hub-bulletin-issues li")) == 20


def test_issue_shows_text_news_resources_and_courses_in_order(client, home, course_source):
    story = make_news(home.news, title="New neglect strategy", summary="The partnership agreed a new strategy.")
    toolkit = make_resource(home.library, title="Neglect toolkit", summary="A tool to assess neglect.")
    issue = make_issue(
        home,
        text("<h2>From the chair</h2><p>Welcome to this issue.</p>"),
        news(story),
        resource(toolkit),
        item(f"{COURSE_KIND}:neglect-2"),
        title="Spring issue",
    )

    response = client.get(issue.url)

    assert response.status_code == 200
    soup = _soup(response)
    assert soup.h1.get_text(strip=True) == "Spring issue"
    headings = [h.get_text(strip=True) for h in soup.select(".hub-bulletin h2")]
    assert headings == ["From the chair", "New neglect strategy", "Neglect toolkit", "Neglect: level 2"]
    assert soup.find("a", string="New neglect strategy")["href"] == story.url
    assert soup.find("a", string="Neglect toolkit")["href"] == toolkit.url
    assert soup.find("a", string="Neglect: level 2")["href"] == "/training/courses/neglect-level-2/"
    assert "A day on recognising neglect." in soup.get_text()
    crumbs = [a.get_text(strip=True) for a in soup.select(".govuk-breadcrumbs a")]
    assert crumbs == ["Home", "E-bulletins"]


def test_issue_leaves_out_deleted_or_unpublished_items_instead_of_failing(client, home, course_source):
    gone = make_news(home.news, title="Withdrawn story")
    hidden = make_resource(home.library, title="Resource under review")
    kept = make_news(home.news, title="Story still live")
    issue = make_issue(
        home,
        news(gone),
        resource(hidden),
        item(f"{COURSE_KIND}:cancelled-course"),
        item("unknown.kind:123"),
        news(kept),
    )
    gone.delete()
    hidden.unpublish()

    response = client.get(issue.url)

    assert response.status_code == 200
    text_shown = _soup(response).get_text()
    assert "Story still live" in text_shown
    assert "Withdrawn story" not in text_shown
    assert "Resource under review" not in text_shown


def test_courses_in_an_issue_are_resolved_in_one_look_up(client, home, course_source):
    calls = []
    source = registry.content_sources[COURSE_KIND]
    registry.register_content_source(
        dataclasses.replace(source, resolve=lambda keys: calls.append(sorted(keys)) or source.resolve(keys))
    )
    issue = make_issue(home, item(f"{COURSE_KIND}:neglect-2"), item(f"{COURSE_KIND}:signs-of-safety"))

    response = client.get(issue.url)

    content = response.content.decode()
    assert "Neglect: level 2" in content
    assert "Signs of Safety: an introduction" in content
    assert calls == [["neglect-2", "signs-of-safety"]]


def test_content_item_block_offers_what_the_registry_offers(course_source):
    block = ContentItemBlock()
    choices = block.child_blocks["item"].field.choices

    keys = [key for key, _label in choices if key]
    assert f"{COURSE_KIND}:neglect-2" in keys
    assert (f"{COURSE_KIND}:signs-of-safety", "Course: Signs of Safety: an introduction") in choices


def test_content_item_block_refuses_a_key_nobody_offers(course_source):
    block = ContentItemBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"item": "testing.course:made-up"}))
    assert block.clean(block.to_python({"item": f"{COURSE_KIND}:neglect-2"}))["item"] == f"{COURSE_KIND}:neglect-2"


def test_editors_can_preview_the_email_versions(home):
    issue = make_issue(home, text("<p>Welcome to this issue.</p>"), title="Preview issue")
    request = RequestFactory().get("/")
    html = issue.serve_preview(request, "email")
    plain = issue.serve_preview(request, "text")

    assert html["Content-Type"].startswith("text/html")
    assert "<h1" in html.content.decode() and "Preview issue" in html.content.decode()
    assert plain["Content-Type"].startswith("text/plain")
    assert "Welcome to this issue." in plain.content.decode()
