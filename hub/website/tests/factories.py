"""Page trees and records the website's tests build, shared by every website test file.

``build_site()`` makes a home page the root of the default Wagtail site with every index page
under it, published, as the demo loader lays the site out. The returned home page carries the
index pages as attributes (``home.library``, ``home.news``, ``home.topics``, ``home.procedures``,
``home.bulletins``, ``home.audiences[audience]``), so a test can add pages under them::

    home = build_site()
    resource = make_resource(home.library, title="Neglect toolkit", themes=[neglect])
    news = make_news(home.news, title="New procedures chapter", live=False)  # a draft

Live pages are published through a revision (as an editor publishing them would); ``live=False``
leaves a draft that was never published.
"""

from __future__ import annotations

import datetime
import itertools

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Collection, Page, Site

from hub.core.models import PartnershipSettings, Theme
from hub.website.models import (
    Audience,
    AudiencePage,
    BulletinIndexPage,
    BulletinPage,
    ContentPage,
    HomePage,
    HubDocument,
    NewsIndexPage,
    NewsPage,
    ProcedureAmendment,
    ProceduresPage,
    ResourceLibraryPage,
    ResourcePage,
    TopicIndexPage,
    TopicPage,
    WebsiteSettings,
)

_counter = itertools.count(1)

AUDIENCE_SLUGS = {
    Audience.PROFESSIONALS: ("professionals", "Professionals"),
    Audience.PARENTS: ("parents-and-carers", "Parents and carers"),
    Audience.YOUNG_PEOPLE: ("children-and-young-people", "Children and young people"),
}


def add_page(parent: Page, page: Page, *, live: bool = True) -> Page:
    """Add ``page`` under ``parent``; publish it through a revision unless ``live`` is False."""
    if not page.slug:
        page.slug = slugify(page.title)[:80] or f"page-{next(_counter)}"
    page.live = False
    parent.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
        page.refresh_from_db()
    return page


def make_theme(name: str | None = None, **fields) -> Theme:
    name = name or f"Theme {next(_counter)}"
    fields.setdefault("slug", slugify(name))
    return Theme.objects.create(name=name, **fields)


def _tree_root() -> Page:
    """Wagtail's root page (its migrations create it; a database built without them gets one here)."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale

    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    return root


def build_site(*, title: str = "Safeguarding children in our area", audiences: bool = True) -> HomePage:
    """A published home page serving the default site, with every index page under it."""
    root = _tree_root()
    home = HomePage(
        title=title,
        slug=f"hub-home-{next(_counter)}",
        introduction="Working together so that children are safe, healthy and supported.",
        help_heading="Worried about a child?",
        help_text="<p>Contact children's services if you are worried about a child.</p>",
    )
    home = add_page(root, home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Partnership"},
    )
    home.topics = add_page(home, TopicIndexPage(title="Topics", slug="topics"))
    home.library = add_page(home, ResourceLibraryPage(title="Resource library", slug="resources"))
    home.news = add_page(home, NewsIndexPage(title="What's New", slug="news"))
    home.procedures = add_page(
        home,
        ProceduresPage(
            title="Child protection procedures",
            slug="procedures",
            procedures_url="https://procedures.example.org/",
        ),
    )
    home.bulletins = add_page(home, BulletinIndexPage(title="E-bulletins", slug="bulletins"))
    home.audiences = {}
    if audiences:
        for audience, (slug, label) in AUDIENCE_SLUGS.items():
            home.audiences[audience] = add_page(home, AudiencePage(title=label, slug=slug, audience=audience))
    # The settings every page shows exist, as on a running site: the first page asked for does not
    # create them (creating one starts a new cache version, as any change to them does).
    PartnershipSettings.load()
    WebsiteSettings.load()
    return home


def make_resource(library: ResourceLibraryPage, *, live: bool = True, themes=(), **fields) -> ResourcePage:
    number = next(_counter)
    fields.setdefault("title", f"Resource {number}")
    fields.setdefault("slug", f"{slugify(fields['title'])[:60]}-{number}")
    fields.setdefault("resource_type", ResourcePage.ResourceType.GUIDANCE)
    fields.setdefault("summary", f"What resource {number} is and who it helps.")
    page = add_page(library, ResourcePage(**fields), live=False)
    if themes:
        page.themes.set(themes)
    revision = page.save_revision()
    if live:
        revision.publish()
        page.refresh_from_db()
    return page


def make_news(index: NewsIndexPage, *, live: bool = True, themes=(), **fields) -> NewsPage:
    number = next(_counter)
    fields.setdefault("title", f"News item {number}")
    fields.setdefault("slug", f"{slugify(fields['title'])[:60]}-{number}")
    fields.setdefault("summary", f"What changed in item {number}.")
    fields.setdefault("date", timezone.localdate())
    page = add_page(index, NewsPage(**fields), live=False)
    if themes:
        page.themes.set(themes)
    revision = page.save_revision()
    if live:
        revision.publish()
        page.refresh_from_db()
    return page


def make_topic(topics: TopicIndexPage, theme: Theme, *, live: bool = True, **fields) -> TopicPage:
    fields.setdefault("title", theme.name)
    fields.setdefault("slug", theme.slug)
    return add_page(topics, TopicPage(theme=theme, **fields), live=live)


def make_content_page(parent: Page, *, live: bool = True, **fields) -> ContentPage:
    number = next(_counter)
    fields.setdefault("title", f"Content page {number}")
    return add_page(parent, ContentPage(**fields), live=live)


def make_bulletin(index: BulletinIndexPage, *, live: bool = True, **fields) -> BulletinPage:
    number = next(_counter)
    fields.setdefault("title", f"E-bulletin issue {number}")
    fields.setdefault("slug", f"issue-{number}")
    return add_page(index, BulletinPage(**fields), live=live)


def add_amendment(procedures: ProceduresPage, *, date: datetime.date, chapter: str, change: str, publish=True):
    """Add a line to the procedures page's amendments log (and publish the page again)."""
    amendment = ProcedureAmendment(date=date, chapter=chapter, change=change)
    procedures.amendments.add(amendment)
    procedures.save()
    if publish:
        procedures.save_revision().publish()
    return amendment


def make_document(name: str, data: bytes, *, title: str | None = None, extracted_text: str = "", **fields):
    """A stored document with ``data`` as its file (no text extraction; pass ``extracted_text``)."""
    fields.setdefault("collection", Collection.get_first_root_node())
    document = HubDocument(title=title or name, extracted_text=extracted_text, **fields)
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    return document


# Reading rendered pages --------------------------------------------------------------------


def soup_of(response):
    from bs4 import BeautifulSoup

    return BeautifulSoup(response.content.decode(), "html.parser")


def main_text(soup) -> str:
    """The words inside ``<main>``, spaces normalised."""
    return " ".join(soup.find("main").get_text(" ").split())


def crumbs_of(soup) -> list[tuple[str, str | None]]:
    """The breadcrumbs as (label, link or None)."""
    nav = soup.find("nav", class_="govuk-breadcrumbs")
    if nav is None:
        return []
    crumbs = []
    for item in nav.find_all("li"):
        link = item.find("a")
        crumbs.append((item.get_text(strip=True), link["href"] if link else None))
    return crumbs
