"""``popular_resources``: the most downloaded public resources over recent days, for the home page and library."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from hub.website.library import popular_resources, record_download
from hub.website.models import ResourceDownloadDay
from hub.website.tests.factories import build_site, make_resource

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2024, 6, 14)


@pytest.fixture
def library():
    return build_site().library


def _downloads(resource, count, *, day=TODAY):
    ResourceDownloadDay.objects.update_or_create(resource=resource, day=day, defaults={"count": count})


@time_machine.travel(TODAY)
def test_the_most_downloaded_come_first_with_their_counts(library):
    toolkit = make_resource(library, title="Neglect toolkit")
    leaflet = make_resource(library, title="Early help leaflet")
    make_resource(library, title="Never downloaded")
    _downloads(toolkit, 3)
    _downloads(leaflet, 5)
    _downloads(toolkit, 4, day=TODAY - datetime.timedelta(days=10))

    popular = popular_resources(limit=5, days=30)

    assert [(page.title, page.recent_downloads) for page in popular] == [
        ("Neglect toolkit", 7),
        ("Early help leaflet", 5),
    ]


@time_machine.travel(TODAY)
def test_only_downloads_within_the_period_count(library):
    old_favourite = make_resource(library, title="Old favourite")
    recent = make_resource(library, title="Recent")
    _downloads(old_favourite, 100, day=TODAY - datetime.timedelta(days=30))
    _downloads(old_favourite, 1, day=TODAY - datetime.timedelta(days=29))
    _downloads(recent, 2)

    assert [(p.title, p.recent_downloads) for p in popular_resources(limit=5, days=30)] == [
        ("Recent", 2),
        ("Old favourite", 1),
    ]


@time_machine.travel(TODAY)
def test_the_limit_is_respected_and_zero_gives_nothing(library):
    for number in range(4):
        _downloads(make_resource(library, title=f"Resource {number}"), number + 1)

    assert [p.title for p in popular_resources(limit=2, days=30)] == ["Resource 3", "Resource 2"]
    assert popular_resources(limit=0, days=30) == []


@time_machine.travel(TODAY)
def test_drafts_and_private_resources_are_never_listed(library):
    public = make_resource(library, title="Public guide")
    draft = make_resource(library, title="Draft guide", live=False)
    private = make_resource(library, title="Staff-only guide")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    for resource in (public, draft, private):
        _downloads(resource, 10)

    assert [p.title for p in popular_resources(limit=5, days=30)] == ["Public guide"]


@time_machine.travel(TODAY)
def test_counting_a_download_shows_up_in_the_list(library):
    resource = make_resource(library, title="Counted")
    record_download(resource=resource)
    record_download(resource=resource)

    assert [(p.title, p.recent_downloads) for p in popular_resources(limit=1, days=1)] == [("Counted", 2)]


@time_machine.travel(TODAY)
def test_the_list_costs_the_same_queries_for_few_and_many_resources(library):
    def measure():
        with CaptureQueriesContext(connection) as queries:
            popular = popular_resources(limit=50, days=30)
            for page in popular:
                _ = (page.url, page.document, list(page.themes.all()))
        return len(queries), len(popular)

    _downloads(make_resource(library), 1)
    measure()  # the first look-up of the site's root paths is cached for the rest
    few, listed_few = measure()
    for _ in range(20):
        _downloads(make_resource(library), 2)
    many, listed_many = measure()

    assert (listed_few, listed_many) == (1, 21)
    assert few == many
