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
from collections.abc import Callable

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


def current_version(key: str) -> str:
    """The version stored under ``key``, made (once, whichever process asks first) if there is none."""
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


def scope_version(scope: str) -> str:
    return current_version(SCOPE_KEY.format(scope))


def invalidate_scope(scope: str) -> None:
    """Leave every cached page of ``scope`` behind (see ``renew_version``)."""
    renew_version(SCOPE_KEY.format(scope))
