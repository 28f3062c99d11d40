"""Whole-page cache for anonymous visitors to the public website (Wagtail pages and marked views).

A visitor without a session cookie who asks for a page gets the copy kept in Django's cache
(Redis in production) without a single database query. The middleware stores only what is the
same for every such visitor:

- the response of Wagtail's page-serving view, or of a Django view marked with
  ``hub.core.page_cache.cached_for_anonymous`` (the training programme), to a GET with no
  session cookie and no ``Authorization`` header; never the admin, previews, account pages,
  search or any other view;
- status 200, no ``Set-Cookie``, no ``Cache-Control: private/no-cache/no-store``, and no CSRF
  token used while rendering. A page with a POST form (the bulletin sign-up, "we used this
  briefing") sets the CSRF cookie, so it is never stored and always rendered fresh: a cached
  copy would carry one visitor's token to everyone.

Every cached copy is filed under a *site version*. Publishing, unpublishing, moving or deleting a
page, changing page privacy, a document, the site or the website and partnership settings
starts a new version, so no visitor is shown an old copy after the change (``invalidate``).
A marked view's copies are also filed under its scope's version, which its module renews when
its data changes (a place booked on a course): see ``hub.core.page_cache``. Drafts and previews
never reach the cache: only live pages are served by Wagtail's page view,
and previews are served by the admin. Lists that change without a publish (most downloaded
resources, courses another module lists on topic pages) may be up to ``PAGE_CACHE_SECONDS``
old. ``PAGE_CACHE_SECONDS = 0`` turns the cache off (the default under test).

Content-Security-Policy nonces: the layout's inline scripts carry the nonce of the response that
was stored. Each cached copy is served with a fresh nonce, written into both the HTML and the
header, so no two responses share one.

Placed in MIDDLEWARE straight after WhiteNoise and before the CSP, session and authentication
middleware, so a hit is answered before any of them runs (docs/operations/caching.md).
"""

from __future__ import annotations

import base64
import hashlib
import os

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import cc_delim_re

from hub.core import page_cache
from hub.core.page_cache import scope_version, view_scope

VERSION_KEY = "hub:page-cache:version"
KEY_PREFIX = "hub:page-cache:page"
CACHE_HEADER = "X-Cache"
CSP_HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")
# Query strings longer than this are rendered fresh rather than filling the cache with one-offs.
MAX_QUERY_LENGTH = 200
# Headers a cached copy keeps; the outer middleware (security headers) adds the rest on each hit.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Vary",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Content-Type-Options",
    *CSP_HEADERS,
)
UNCACHEABLE_CACHE_CONTROL = {"private", "no-cache", "no-store"}


def page_cache_seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def current_version() -> str:
    return page_cache.current_version(VERSION_KEY)


def invalidate(**kwargs) -> None:
    """Start a new site version: every cached page is left behind (and expires on its own).

    Done at once and again after the transaction commits, so a request that read the old data
    just before the commit cannot file its page under the new version.
    """
    page_cache.renew_version(VERSION_KEY)


def _key(request, version: str) -> str | None:
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY_LENGTH:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    # Parameters in any order are the same page.
    normalised_query = "&".join(sorted(query.split("&"))) if query else ""
    address = f"{request.scheme}://{host}{request.path}?{normalised_query}"
    return f"{KEY_PREFIX}:{version}:{hashlib.sha256(address.encode()).hexdigest()}"


def _may_use_cache(request) -> bool:
    return (
        page_cache_seconds() > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(("/admin/", "/account/"))
    )


def _is_cacheable_view(match) -> bool:
    return match is not None and (match.url_name == "wagtail_serve" or view_scope(match.func) is not None)


def _version_for(request) -> str | None:
    """The version a page's copy is filed under: the site's, plus its scope's for a marked Django view.

    ``None`` for an address no cacheable view answers, so those requests skip the cache entirely.
    """
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if not _is_cacheable_view(match):
        return None
    scope = view_scope(match.func)
    if scope is None:
        return current_version()
    return f"{current_version()}.{scope}.{scope_version(scope)}"


def _may_store(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not _is_cacheable_view(getattr(request, "resolver_match", None)) or getattr(request, "is_preview", False):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = {
        directive.split("=", 1)[0].strip().lower()
        for directive in cc_delim_re.split(response.get("Cache-Control", ""))
        if directive
    }
    return not cache_control & UNCACHEABLE_CACHE_CONTROL


def _new_nonce() -> str:
    # The same form django-csp gives its own nonces.
    return base64.b64encode(os.urandom(16)).decode("ascii")


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The site version and other shared values are read from the cache once per request.
        with page_cache.held_for_request():
            return self._respond(request)

    def _respond(self, request):
        if not _may_use_cache(request):
            return self.get_response(request)
        version = _version_for(request)
        key = _key(request, version) if version is not None else None
        if key is None:
            return self.get_response(request)
        stored = cache.get(key)
        if stored is not None:
            return self._from_cache(stored)
        response = self.get_response(request)
        if _may_store(request, response):
            cache.set(key, self._to_cache(request, response), timeout=page_cache_seconds())
            response[CACHE_HEADER] = "MISS"
        return response

    @staticmethod
    def _to_cache(request, response) -> dict:
        nonce = getattr(request, "_csp_nonce", None)
        return {
            "content": response.content,
            "headers": [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)],
            "nonce": nonce if isinstance(nonce, str) else None,
        }

    @staticmethod
    def _from_cache(stored: dict) -> HttpResponse:
        content: bytes = stored["content"]
        headers = dict(stored["headers"])
        old_nonce = stored["nonce"]
        if old_nonce:
            new_nonce = _new_nonce()
            content = content.replace(old_nonce.encode(), new_nonce.encode())
            for name in CSP_HEADERS:
                if name in headers:
                    headers[name] = headers[name].replace(f"'nonce-{old_nonce}'", f"'nonce-{new_nonce}'")
        response = HttpResponse(content, headers=headers)
        response["Content-Length"] = str(len(content))
        response[CACHE_HEADER] = "HIT"
        return response


def connect_signals() -> None:
    """Start a new site version whenever something a cached page shows may have changed."""
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from hub.core.models import Theme

    page_published.connect(invalidate, dispatch_uid="hub.website.cache.published")
    page_unpublished.connect(invalidate, dispatch_uid="hub.website.cache.unpublished")
    post_page_move.connect(invalidate, dispatch_uid="hub.website.cache.moved")
    post_delete.connect(_deleted, dispatch_uid="hub.website.cache.deleted")
    post_save.connect(_saved, dispatch_uid="hub.website.cache.saved")
    for model in (PageViewRestriction, Site, Theme, settings.WAGTAILDOCS_DOCUMENT_MODEL):
        label = model if isinstance(model, str) else model._meta.label
        post_save.connect(invalidate, sender=model, dispatch_uid=f"hub.website.cache.saved.{label}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"hub.website.cache.deleted.{label}")
    # A group added to or taken from a page's "private to these groups" restriction.
    m2m_changed.connect(
        _restriction_groups_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="hub.website.cache.restriction_groups",
    )


def _restriction_groups_changed(sender, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        invalidate()


def _deleted(sender, instance, **kwargs) -> None:
    # One receiver for every page type: deleting a page deletes a row of each class it inherits.
    from wagtail.models import Page

    if isinstance(instance, Page):
        invalidate()


def _saved(sender, instance, **kwargs) -> None:
    # Any site-wide setting: the website's contact numbers, how many items the home page lists...
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    if isinstance(instance, (BaseGenericSetting, BaseSiteSetting)):
        invalidate()
