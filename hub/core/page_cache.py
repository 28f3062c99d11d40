"""Public Django views that the anonymous page cache may keep, each under a named scope.

The website's page cache (``hub.website.cache``) keeps Wagtail pages for visitors who are not
signed in. A module's own public pages (the training programme, a course page) may join it by
marking the view with ``@cached_for_anonymous("training")``. Each scope has a version of its own:
the module calls ``invalidate_scope("training")`` whenever something those pages show changes
(a place booked, a date added), and every cached copy of the scope is left behind at once, while
the rest of the site's cache stays warm. A cached copy is also filed under the site's version, so
a change to the layout or the partnership's settings reaches these pages too.

Only what is the same for every anonymous visitor is ever stored; the middleware's rules apply
(status 200, no cookies, no CSRF token used).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction

SCOPE_ATTRIBUTE = "page_cache_scope"
SCOPE_KEY = "hub:page-cache:scope:{}"


def cached_for_anonymous(scope: str) -> Callable:
    """Mark a view as one whose anonymous GET responses the page cache may keep under ``scope``.

    Apply it outside other decorators (or use ``functools.wraps`` in them) so the mark is seen
    on the function the URL resolves to.
    """

    def mark(view):
        setattr(view, SCOPE_ATTRIBUTE, scope)
        return view

    return mark


def view_scope(view) -> str | None:
    return getattr(view, SCOPE_ATTRIBUTE, None)


# What one request has read from the shared cache already (versions, the site's paths): each is
# read once per request, not once per use, which with Redis is one network round trip each.
_held: ContextVar[dict | None] = ContextVar("hub_page_cache_held", default=None)


@contextmanager
def held_for_request() -> Iterator[None]:
    """Within this block, each value read through ``held`` is read from the cache once.

    The page cache middleware wraps every request in it. A request sees one site version from
    start to finish; one that starts a new version itself (publishing) sees the new one.
    """
    token = _held.set({})
    try:
        yield
    finally:
        _held.reset(token)


def held(key: str, read: Callable[[], object]) -> object:
    """``read()``, once per request for each ``key`` (every time outside a request)."""
    values = _held.get()
    if values is None:
        return read()
    if key not in values:
        values[key] = read()
    return values[key]


def forget_held(key: str) -> None:
    """The value under ``key`` changed: read it again, even in this request."""
    values = _held.get()
    if values is not None:
        values.pop(key, None)


def current_version(key: str) -> str:
    """The version stored under ``key``, made (once, whichever process asks first) if there is none."""
    return held(key, lambda: _stored_version(key))


def _stored_version(key: str) -> str:
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        # add() so that two processes starting at once agree on one version.
        if not cache.add(key, version, timeout=None):
            version = cache.get(key) or version
    return version


def renew_version(key: str) -> None:
    """A new version under ``key``, now and again once the transaction commits.

    The second change stops a request that read the old data just before the commit from filing
    its page under the new version.
    """
    _new_version(key)
    transaction.on_commit(lambda: _new_version(key))


def _new_version(key: str) -> None:
    cache.set(key, uuid.uuid4().hex, timeout=None)
    forget_held(key)


def scope_version(scope: str) -> str:
    return current_version(SCOPE_KEY.format(scope))


def invalidate_scope(scope: str) -> None:
    """Leave every cached page of ``scope`` behind (see ``renew_version``)."""
    renew_version(SCOPE_KEY.format(scope))
