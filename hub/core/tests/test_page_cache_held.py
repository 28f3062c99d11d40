"""Within a request, the site version is read from the shared cache once and held."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from hub.core import page_cache

KEY = "hub:test:version"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_request_keeps_the_version_it_first_read():
    with page_cache.held_for_request():
        first = page_cache.current_version(KEY)
        # Another process starts a new version while this request is being answered.
        cache.set(KEY, "changed elsewhere")
        assert page_cache.current_version(KEY) == first
    assert page_cache.current_version(KEY) == "changed elsewhere"


@pytest.mark.django_db
def test_a_request_that_starts_a_new_version_sees_it_at_once():
    with page_cache.held_for_request():
        first = page_cache.current_version(KEY)
        page_cache.renew_version(KEY)
        renewed = page_cache.current_version(KEY)
    assert renewed != first
    assert renewed == cache.get(KEY)


def test_outside_a_request_every_read_goes_to_the_cache():
    first = page_cache.current_version(KEY)
    cache.set(KEY, "changed elsewhere")
    assert page_cache.current_version(KEY) == "changed elsewhere" != first


def test_held_values_are_read_once_and_forgotten_on_request():
    reads = []

    def read():
        reads.append(1)
        return len(reads)

    with page_cache.held_for_request():
        assert page_cache.held("paths", read) == 1
        assert page_cache.held("paths", read) == 1
        page_cache.forget_held("paths")
        assert page_cache.held("paths", read) == 2
    assert page_cache.held("paths", read) == 3
