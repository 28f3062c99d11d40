"""What the website's page types show: where the main pages are, breadcrumbs, What's New lists,
and what a topic page gathers for its theme.

Page models call these from ``get_context``; the main menu, the footer and the home page find
the resource library, What's New, the procedures and the statutory pages through
``site_paths()``, which is cached and forgotten whenever a page is published, unpublished,
moved or deleted, or a site changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify
from wagtail.models import Page, Site

from hub.core import page_cache
from hub.core.models import Theme
from hub.core.registry import NavigationItem, ThemeItem, registry

# The fields of a page Wagtail reads to give its address (``get_url``): a list of pages that
# links to each one reads these, whatever else it shows.
LINK_FIELDS = ("slug", "url_path", "path", "depth", "live", "content_type", "locale")
SITE_PATHS_CACHE_KEY = "website:site-paths"
SITE_PATHS_SECONDS = 60 * 60

# The statutory pages every page's footer links to, found by slug.
ACCESSIBILITY_STATEMENT_SLUG = "accessibility-statement"
PRIVACY_SLUG = "privacy"
STATUTORY_SLUGS = (ACCESSIBILITY_STATEMENT_SLUG, PRIVACY_SLUG)

NEWS_PER_PAGE = 20
FEED_ITEMS = 20
# A topic page lists this many of each kind of item; the rest are a click away in the library.
TOPIC_ITEMS_PER_KIND = 30

# Kinds of ``ThemeItem`` (one item's kind, singular) and how a topic page heads each group.
KIND_RESOURCE = "Resource"
KIND_COURSE = "Course"  # offered by the training module
KIND_NEWS = "What's New"
KIND_PROCEDURES = "Procedures"
GROUP_HEADINGS = {KIND_RESOURCE: "Resources", KIND_COURSE: "Courses", KIND_NEWS: "What's New"}
DATE_LABELS = {KIND_RESOURCE: "Published", KIND_COURSE: "Next date", KIND_NEWS: "Published"}
# The order a topic page shows its groups in; kinds other modules add come after, by name.
KIND_ORDER = (KIND_RESOURCE, KIND_COURSE, KIND_NEWS, KIND_PROCEDURES)


# Where the main pages are ------------------------------------------------------------------


def _site_page_types() -> dict[str, type[Page]]:
    from hub.website.models import BulletinIndexPage, NewsIndexPage, ProceduresPage, ResourceLibraryPage, TopicIndexPage

    return {
        "library": ResourceLibraryPage,
        "news": NewsIndexPage,
        "procedures": ProceduresPage,
        "topics": TopicIndexPage,
        "bulletins": BulletinIndexPage,
    }


def _find_site_paths() -> dict[str, str]:
    from django.contrib.contenttypes.models import ContentType

    from hub.website.models import ContentPage

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return {}
    types = _site_page_types()
    content_types = ContentType.objects.get_for_models(*types.values(), ContentPage)
    names = {content_types[model].pk: name for name, model in types.items()}
    pages = (
        Page.objects.live()
        .public()
        .descendant_of(site.root_page, inclusive=True)
        .filter(
            Q(content_type__in=names)
            | Q(content_type=content_types[ContentPage], slug__in=STATUTORY_SLUGS, depth=site.root_page.depth + 1)
        )
        .order_by("path")
    )
    paths: dict[str, str] = {}
    for page in pages:
        name = names.get(page.content_type_id, page.slug)
        url = page.get_url()
        if url:
            paths.setdefault(name, url)
    return paths


def site_paths() -> dict[str, str]:
    """Paths of the live main pages: ``library``, ``news``, ``procedures``, ``topics``,
    ``bulletins``, ``accessibility-statement`` and ``privacy``; a missing page has no entry."""
    return page_cache.held(SITE_PATHS_CACHE_KEY, _kept_site_paths)


def _kept_site_paths() -> dict[str, str]:
    paths = cache.get(SITE_PATHS_CACHE_KEY)
    if paths is None:
        paths = _find_site_paths()
        cache.set(SITE_PATHS_CACHE_KEY, paths, SITE_PATHS_SECONDS)
    return paths


def site_path(name: str) -> str | None:
    return site_paths().get(name)


def forget_site_paths(**kwargs) -> None:
    """Signal receiver: a page or site changed, so the cached paths may be wrong."""
    cache.delete(SITE_PATHS_CACHE_KEY)
    page_cache.forget_held(SITE_PATHS_CACHE_KEY)


def training_url() -> str | None:
    """The training programme, when the training module is installed."""
    try:
        return reverse("training:programme")
    except NoReverseMatch:
        return None


def register_navigation() -> None:
    """Resources, What's New and Procedures in the main menu (training adds its own entry)."""
    entries = [
        ("Resources", "library", 20),
        ("What's New", "news", 40),
        ("Procedures", "procedures", 50),
    ]
    known = {item.label for item in registry.navigation}
    for label, name, order in entries:
        if label not in known:
            registry.register_navigation(
                NavigationItem(
                    label=label,
                    url_name="",
                    visible=lambda user: True,
                    order=order,
                    url=lambda name=name: site_path(name),
                )
            )


# Breadcrumbs -------------------------------------------------------------------------------


def breadcrumbs(page: Page, request: HttpRequest | None = None) -> list[tuple[str, str | None]]:
    """Home, each ancestor below it, then the page itself (not a link). The home page has none."""
    from hub.website.fragments import ancestor_links

    ancestors = ancestor_links(page, request)
    if not ancestors:
        return []
    crumbs: list[tuple[str, str | None]] = []
    for position, (title, url) in enumerate(ancestors):
        crumbs.append(("Home" if position == 0 else title, url))
    crumbs.append((page.title, None))
    return crumbs


# What's New --------------------------------------------------------------------------------


def live_news(root: Page | None = None):
    """Live, public What's New items (under ``root`` when given), newest first."""
    from hub.website.models import NewsPage

    news = NewsPage.objects.live().public()
    if root is not None:
        news = news.descendant_of(root)
    return news.defer("body").order_by("-date", "-first_published_at", "-pk")


def latest_news(root: Page | None = None, *, limit: int = 4) -> list:
    if limit <= 0:
        return []
    return list(live_news(root)[:limit])


@dataclass
class NewsListing:
    page: PaginatorPage
    count: int
    form: object
    theme: Theme | None
    ignored: list[str]

    @property
    def items(self) -> list:
        return list(self.page.object_list)

    def querystring(self, page_number: int) -> str:
        parts = [f"theme={self.theme.slug}"] if self.theme else []
        if page_number > 1:
            parts.append(f"page={page_number}")
        return "?" + "&".join(parts) if parts else ""


def news_listing(index: Page, request: HttpRequest) -> NewsListing:
    """One page of What's New, newest first, optionally only items tagged with ``?theme=<slug>``.

    A theme or page number that makes no sense is ignored and named, never an error.
    """
    from hub.website.models import NewsPage
    from hub.website.page_forms import NewsFilterForm

    ignored: list[str] = []
    news = live_news(index).prefetch_related("themes")
    tagged = NewsPage.themes.through.objects.filter(newspage__in=live_news(index).values("pk")).values("theme_id")
    themes = Theme.objects.filter(pk__in=tagged).order_by("name")
    form = NewsFilterForm(request.GET, themes=themes)
    theme = None
    if form.is_valid():
        theme = form.cleaned_data["theme"]
    else:
        # A filter is never an error: say what was ignored and show the form without it.
        ignored.append(form.IGNORED_MESSAGE)
        form = NewsFilterForm(themes=themes)
    if theme is not None:
        news = news.filter(pk__in=NewsPage.themes.through.objects.filter(theme=theme).values("newspage_id"))
    paginator = Paginator(news, NEWS_PER_PAGE)
    requested = request.GET.get("page", "1")
    page = paginator.get_page(requested)
    if requested not in ("", "1") and str(page.number) != requested:
        ignored.append(f"There is no page {requested[:10]} of What's New, so we show page {page.number}")
    return NewsListing(page=page, count=paginator.count, form=form, theme=theme, ignored=ignored)


def pagination_links(listing: NewsListing, base_url: str) -> dict | None:
    """What the GOV.UK pagination component needs: previous, next and numbered links with gaps."""
    page = listing.page
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return None
    items = []
    for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append(
                {"number": number, "url": base_url + listing.querystring(number), "current": number == page.number}
            )
    return {
        "previous": base_url + listing.querystring(page.previous_page_number()) if page.has_previous() else None,
        "next": base_url + listing.querystring(page.next_page_number()) if page.has_next() else None,
        "items": items,
    }


# Topic pages -------------------------------------------------------------------------------


@dataclass
class TopicGroup:
    kind: str
    items: list[ThemeItem]

    @property
    def heading(self) -> str:
        return GROUP_HEADINGS.get(self.kind, self.kind)

    @property
    def anchor(self) -> str:
        return slugify(self.heading)

    @property
    def date_label(self) -> str:
        return DATE_LABELS.get(self.kind, "")

    @property
    def is_resources(self) -> bool:
        return self.kind == KIND_RESOURCE


def website_items_for_theme(theme: Theme) -> list[ThemeItem]:
    """The website's own items for a theme: live public resources, What's New items and procedures
    pages tagged with it. Three queries whatever the numbers; each kind is capped."""
    from hub.website.models import NewsPage, ProceduresPage, ResourcePage

    items: list[ThemeItem] = []
    resources = (
        ResourcePage.objects.live()
        .public()
        .filter(pk__in=ResourcePage.themes.through.objects.filter(theme=theme).values("resourcepage_id"))
        .only("title", "url_path", "summary", "publication_date", "resource_type", "path", "depth")
        .order_by("-publication_date", "-pk")[:TOPIC_ITEMS_PER_KIND]
    )
    for resource in resources:
        items.append(
            ThemeItem(
                kind=KIND_RESOURCE,
                title=resource.title,
                url=resource.get_url(),
                summary=f"{resource.get_resource_type_display()}. {resource.summary}",
                date=resource.publication_date,
            )
        )
    news = live_news().filter(pk__in=NewsPage.themes.through.objects.filter(theme=theme).values("newspage_id"))
    for item in news.only("title", "url_path", "summary", "date", "path", "depth")[:TOPIC_ITEMS_PER_KIND]:
        items.append(
            ThemeItem(kind=KIND_NEWS, title=item.title, url=item.get_url(), summary=item.summary, date=item.date)
        )
    procedures = (
        ProceduresPage.objects.live()
        .public()
        .filter(pk__in=ProceduresPage.themes.through.objects.filter(theme=theme).values("procedurespage_id"))
        .only("title", "url_path", "introduction", "path", "depth")
        .order_by("path")[:TOPIC_ITEMS_PER_KIND]
    )
    for page in procedures:
        items.append(ThemeItem(kind=KIND_PROCEDURES, title=page.title, url=page.get_url(), summary=page.introduction))
    return [item for item in items if item.url]


def _kind_position(kind: str) -> tuple[int, str]:
    return (KIND_ORDER.index(kind), "") if kind in KIND_ORDER else (len(KIND_ORDER), kind)


def topic_groups(theme: Theme) -> list[TopicGroup]:
    """Everything every module offers for ``theme``, grouped by kind in a fixed order."""
    groups: dict[str, list[ThemeItem]] = {}
    for item in registry.items_for_theme(theme):
        groups.setdefault(item.kind, []).append(item)
    return [TopicGroup(kind=kind, items=groups[kind]) for kind in sorted(groups, key=_kind_position)]


def library_url_for(*, theme: Theme | None = None, audience: str | None = None) -> str | None:
    """The resource library filtered to a theme or an audience (its filters are in the URL)."""
    base = site_path("library")
    if not base:
        return None
    if theme is not None:
        return f"{base}?theme={theme.slug}"
    if audience:
        return f"{base}?audience={audience}"
    return base


# What each page type shows -------------------------------------------------------------------


def _feed_url() -> str:
    return reverse("website:news-feed")


def home_context(home: Page, request: HttpRequest) -> dict:
    """The "Worried about a child?" numbers, What's New, most downloaded, quick links, ways in."""
    from hub.website.fragments import popular_list
    from hub.website.models import AudiencePage, TopicPage, WebsiteSettings

    website_settings = WebsiteSettings.load(request_or_site=request)
    paths = site_paths()
    return {
        "website_settings": website_settings,
        "whats_new": latest_news(home, limit=website_settings.whats_new_count),
        "popular_resources": popular_list(
            request, limit=website_settings.popular_downloads_count, days=website_settings.popular_downloads_days
        ),
        "audience_pages": list(
            AudiencePage.objects.child_of(home).live().public().only("title", "url_path", "introduction", "audience")
        ),
        "topic_pages": list(
            TopicPage.objects.live().public().descendant_of(home).only("title", "url_path").order_by("title")
        ),
        "training_url": training_url(),
        "library_url": paths.get("library"),
        "news_url": paths.get("news"),
        "procedures_url": paths.get("procedures"),
        "topics_url": paths.get("topics"),
        "bulletins_url": paths.get("bulletins"),
        "feed_url": _feed_url(),
    }


def content_context(page: Page, request: HttpRequest) -> dict:
    return {"crumbs": breadcrumbs(page, request)}


AUDIENCE_NEWS = 3


def audience_context(page, request: HttpRequest) -> dict:
    """An audience's way in: news for them, their resources, and the quick links professionals need."""
    from hub.website.models import Audience, AudienceFields, WebsiteSettings

    paths = site_paths()
    field = AudienceFields.AUDIENCE_FIELDS.get(page.audience)
    news = list(live_news().filter(**{field: True})[:AUDIENCE_NEWS]) if field else []
    is_professional = page.audience == Audience.PROFESSIONALS
    return {
        "crumbs": breadcrumbs(page, request),
        "website_settings": WebsiteSettings.load(request_or_site=request),
        "audience_news": news,
        "audience_library_url": library_url_for(audience=page.audience),
        "news_url": paths.get("news"),
        "is_professional": is_professional,
        "training_url": training_url() if is_professional else None,
        "procedures_url": paths.get("procedures") if is_professional else None,
        "topics_url": paths.get("topics") if is_professional else None,
        "bulletins_url": paths.get("bulletins"),
    }


def topic_index_context(page: Page, request: HttpRequest) -> dict:
    from hub.website.models import TopicPage

    topics = TopicPage.objects.child_of(page).live().public().select_related("theme").order_by("title")
    return {"crumbs": breadcrumbs(page, request), "topics": list(topics)}


def topic_context(page, request: HttpRequest) -> dict:
    """The topic's editorial text plus everything every module tagged with its theme."""
    return {
        "crumbs": breadcrumbs(page, request),
        "groups": topic_groups(page.theme),
        "theme_library_url": library_url_for(theme=page.theme),
        "items_per_kind": TOPIC_ITEMS_PER_KIND,
    }


def news_index_context(page: Page, request: HttpRequest) -> dict:
    listing = news_listing(page, request)
    return {
        "crumbs": breadcrumbs(page, request),
        "listing": listing,
        "pagination": pagination_links(listing, page.get_url(request)),
        "feed_url": _feed_url(),
    }


def news_context(page, request: HttpRequest) -> dict:
    from hub.website.models import TopicPage

    themes = list(page.themes.all()) if page.pk else []
    topics = {
        topic.theme_id: topic
        for topic in TopicPage.objects.live().public().filter(theme__in=themes).only("title", "url_path", "theme")
    }
    return {
        "crumbs": breadcrumbs(page, request),
        "feed_url": _feed_url(),
        "news_themes": [(theme, topics.get(theme.pk)) for theme in themes],
    }


def procedures_context(page, request: HttpRequest) -> dict:
    # Newest first; sorted here too because a preview's amendments are not read from the database.
    amendments = sorted(page.amendments.all(), key=lambda amendment: amendment.date, reverse=True)
    return {"crumbs": breadcrumbs(page, request), "amendments": amendments}


def connect_signals() -> None:
    """Forget the cached paths whenever a page's place, state or privacy, or a site, changes."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(forget_site_paths, dispatch_uid="hub.website.pages.published")
    page_unpublished.connect(forget_site_paths, dispatch_uid="hub.website.pages.unpublished")
    post_page_move.connect(forget_site_paths, dispatch_uid="hub.website.pages.moved")
    post_delete.connect(_page_deleted, dispatch_uid="hub.website.pages.deleted")
    for model in (Site, PageViewRestriction):
        label = model._meta.label
        post_save.connect(forget_site_paths, sender=model, dispatch_uid=f"hub.website.pages.saved.{label}")
        post_delete.connect(forget_site_paths, sender=model, dispatch_uid=f"hub.website.pages.deleted.{label}")


def _page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        forget_site_paths()
