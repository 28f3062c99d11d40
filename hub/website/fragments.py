"""What public pages need that is the same whatever a visitor asks: kept in the cache under the site version.

Every public page reads a few things that do not depend on the request's query string: the
site answering the request's host, the partnership and website settings the layout shows, which
sections are private, the page's breadcrumb trail, the practice themes the library's filter
offers, the "Most downloaded" list, each resource's line in the library list. Reading them for
every request would cost more queries than the page's own content, so they are kept in the
Django cache, filed under the page cache's site version (``hub.website.cache.current_version``).
Whatever starts a new site version (publishing, unpublishing, moving or deleting a page, page
privacy, a document, a practice theme, a site, the settings) leaves every one of them behind at
once.

They are kept whether or not the page cache is on (``PAGE_CACHE_SECONDS``): a page built for
each visitor still reads them from the cache. What a visitor asked for (which resources match
their filters and in what order, a search's results) is never kept; it is worked out for each
request.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.utils import timezone

from hub.website.cache import current_version

KEY_PREFIX = "hub:website:fragment"
# Long enough to matter, short enough that an entry nobody asks for again does not linger.
FRAGMENT_SECONDS = 60 * 60
# Download counts change without a publish: the list is worked out again at least this often.
POPULAR_SECONDS = 5 * 60
_MISSING = object()


def _key(name: str, parts: tuple) -> str:
    return ":".join([KEY_PREFIX, current_version(), name, *(str(part) for part in parts)])


def remember(name: str, parts: tuple, compute: Callable[[], object], *, timeout: int = FRAGMENT_SECONDS):
    """The value kept under ``name`` and ``parts`` for the current site version, worked out if missing."""
    key = _key(name, parts)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, timeout=timeout)
    return value


def remember_each(name: str, parts: tuple, items: list, compute: Callable[[list], dict]) -> dict:
    """The value kept for each of ``items`` under ``name`` and ``parts``, for the current site version.

    One cache read for all of them; ``compute(missing)`` gives a dict of values for the items not
    kept yet (it may leave out an item that no longer exists), and those are kept in one write.
    """
    prefix = _key(name, parts)
    keys = {item: f"{prefix}:{item}" for item in items}
    found = cache.get_many(list(keys.values()))
    values = {item: found[key] for item, key in keys.items() if key in found}
    missing = [item for item in items if item not in values]
    if missing:
        computed = compute(missing)
        cache.set_many({keys[item]: value for item, value in computed.items()}, timeout=FRAGMENT_SECONDS)
        values.update(computed)
    return values


# The site and settings ---------------------------------------------------------------------------


def _site_key(request: HttpRequest | None) -> str:
    """The request's site, for entries holding links (a link to another site's page is a full address)."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    return str(site.pk) if site is not None else ""


def _setting_models() -> list:
    from hub.core.models import PartnershipSettings
    from hub.website.models import WebsiteSettings

    return [PartnershipSettings, WebsiteSettings]


def _site_and_settings(request: HttpRequest) -> tuple:
    from wagtail.models import Site

    site = Site._find_for_request(request)
    if site is not None:
        # Routing starts from the root page in its own type (``site.root_page.specific``): kept so,
        # it costs no query.
        site.root_page = site.root_page.specific
    return site, [model.load() for model in _setting_models()]


class SiteAndSettingsMiddleware:
    """Give each request for a page of the public website its site and settings from the cache.

    Wagtail keeps the site it found, and each setting it loaded, on the request
    (``request._wagtail_site``, ``BaseGenericSetting.load(request_or_site=request)``); filling
    those in first saves their queries. Only the website's own views (Wagtail's page view, search,
    downloads, the feed, the e-bulletin pages) get them; the back office always reads them
    afresh, and a request for a host the Hub does not serve is left for Django to refuse.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _is_website_view(view_func) or request.path.startswith("/admin/"):
            return None
        try:
            hostname = split_domain_port(request.get_host())[0]
        except DisallowedHost:
            return None
        site, settings = remember("site", (hostname, request.get_port()), lambda: _site_and_settings(request))
        request._wagtail_site = site
        for setting in settings:
            setattr(request, setting.get_cache_attr_name(), setting)
        return None


def _is_website_view(view_func) -> bool:
    """Wagtail's page view, or one of the website's own views."""
    module = getattr(view_func, "__module__", "") or ""
    return module == "wagtail.views" or module.startswith("hub.website.views.")


# Who may see what, and where a page sits --------------------------------------------------------


def view_restrictions() -> list:
    """Every page view restriction, with its page (for the path) and its groups."""
    from wagtail.models import PageViewRestriction

    return remember(
        "view-restrictions",
        (),
        lambda: list(PageViewRestriction.objects.select_related("page").prefetch_related("groups")),
    )


def ancestor_links(page, request: HttpRequest | None) -> list[tuple[str, str | None]]:
    """Title and link of each ancestor of ``page`` below the tree's root, top first.

    Kept by the page's place in the tree (a preview of a new page has one too) and the site.
    """

    def links():
        ancestors = page.get_ancestors().filter(depth__gt=1).only("title", "url_path", "path", "depth")
        return [(ancestor.title, ancestor.get_url(request)) for ancestor in ancestors]

    return remember("ancestors", (_site_key(request), page.path), links)


# Lists of pages: the library's lines, search results ---------------------------------------------


def page_parts(name: str, pks: list[int], request: HttpRequest | None, compute: Callable[[list], dict]) -> list:
    """What a list shows of each page of ``pks``, in that order, built by ``compute`` for those not kept.

    ``compute(missing)`` gives a dict by pk; a page it leaves out (gone meanwhile) is left out.

    For parts that show only what the page itself publishes, the same for every visitor: a
    library line (title, type, date, file, summary, themes), a search result's title, link and
    texts before the searched words are marked. Which pages a list holds, and in what order, is
    worked out for every request. Kept per site, since a link to another site's page is a full
    address.
    """
    kept = remember_each(name, (_site_key(request),), pks, compute)
    return [kept[pk] for pk in pks if pk in kept]


# The resource library ----------------------------------------------------------------------------


def active_themes() -> list:
    """The practice themes the library's filter offers, by name."""
    from hub.core.models import Theme

    return remember("active-themes", (), lambda: list(Theme.objects.filter(is_active=True).order_by("name")))


@dataclass(frozen=True)
class PopularResource:
    """One line of the "Most downloaded" list."""

    title: str
    url: str
    type_label: str
    file_description: str
    recent_downloads: int


def _popular(request: HttpRequest, limit: int, days: int) -> list[PopularResource]:
    from hub.website.library import popular_resources

    return [
        PopularResource(
            title=page.title,
            url=page.get_url(request) or "",
            type_label=str(page.get_resource_type_display()),
            file_description=page.document.description if page.document else "",
            recent_downloads=page.recent_downloads,
        )
        for page in popular_resources(limit=limit, days=days)
    ]


def popular_list(request: HttpRequest, *, limit: int, days: int) -> list[PopularResource]:
    """The "Most downloaded" list for the home page and the library, up to ``POPULAR_SECONDS`` old."""
    today: datetime.date = timezone.localdate()
    parts = (_site_key(request), limit, days, today.isoformat())
    return remember("popular", parts, lambda: _popular(request, limit, days), timeout=POPULAR_SECONDS)
