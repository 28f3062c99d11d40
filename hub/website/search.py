"""Site search: one way to search pages, used by /search/ and by the resource library's text query.

Whatever someone types becomes a list of plain words before it reaches the search backend:
quotes, brackets, operators and SQL never reach it as syntax, so an odd query cannot fail.
Pages in a private section are left out for anyone its view restriction would refuse, so a
search never reveals the title of a page the person could not open.

Matched words are highlighted by splitting the text at each match, escaping every piece and
wrapping the matches in ``<mark>``: the text is never trusted as HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

from hub.website.pages import LINK_FIELDS

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
PER_PAGE = 20
GROUP_PREVIEW = 5
SNIPPET_LENGTH = 240

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# The query ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchQuery:
    text: str  # what we show back to the person: trimmed, at most MAX_QUERY_LENGTH characters
    terms: tuple[str, ...]  # the words searched for, lower case
    truncated: bool = False

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def backend_query(self) -> str:
        return " ".join(self.terms)


def normalise_query(raw: str | None) -> SearchQuery:
    """Turn what someone typed into words to search for. Never raises."""
    text = " ".join(_CONTROL.sub(" ", str(raw or "")).split())
    truncated = len(text) > MAX_QUERY_LENGTH
    if truncated:
        text = text[:MAX_QUERY_LENGTH].rstrip()
    terms: list[str] = []
    for match in _WORD.finditer(text):
        word = match.group().replace("’", "'").split("'")[0].lower()
        if word and word not in terms:
            terms.append(word)
    return SearchQuery(text=text, terms=tuple(terms[:MAX_TERMS]), truncated=truncated)


def search_queryset(queryset, query: SearchQuery | str):
    """Search ``queryset`` (pages) for every word of ``query``, most relevant first.

    ``queryset`` may be filtered on the model's ``FilterField`` columns beforehand. Returns the
    backend's results (sliceable and countable, so a ``Paginator`` can page them), or an empty
    queryset when the query has no words.
    """
    if isinstance(query, str):
        query = normalise_query(query)
    if not query:
        return queryset.none()
    return queryset.search(query.backend_query, operator="and", order_by_relevance=True)


def ranked_matches(queryset, query: SearchQuery | str) -> list[tuple[int, int]]:
    """Every page of ``queryset`` containing every word of ``query``, most relevant first.

    Returns ``(pk, content_type_id)`` pairs from one query against the full-text index the
    search backend keeps (``manage.py update_index`` rebuilds it): SQLite's FTS5 table or
    PostgreSQL's ``tsvector`` columns. The index is joined to ``queryset`` once, rather than
    scored page by page, so the cost follows the number of matches, not the size of the site.
    ``queryset`` may be filtered on anything. With another search backend the backend's own
    search is used.
    """
    if isinstance(query, str):
        query = normalise_query(query)
    if not query:
        return []
    entries = _index_entries(queryset, query)
    if entries is None:
        return list(search_queryset(queryset.order_by(), query).values_list("pk", "content_type_id"))
    return [(int(object_id), content_type_id) for object_id, content_type_id in entries]


def _index_vendor() -> str | None:
    from wagtail.search.backends import get_search_backend

    module = type(get_search_backend()).__module__
    for vendor in ("sqlite", "postgres"):
        if module.startswith(f"modelsearch.backends.database.{vendor}."):
            return vendor
    return None


def _index_entries(queryset, query: SearchQuery):
    """The ranked ``(object_id, content_type_id)`` rows of the database backend's index, or None."""
    from django.db.models import Exists, F, IntegerField, OuterRef, TextField
    from django.db.models.functions import Cast
    from modelsearch.utils import get_descendants_content_types_pks

    vendor = _index_vendor()
    if vendor is None:
        return None
    content_types = get_descendants_content_types_pks(queryset.model)
    if vendor == "sqlite":
        from modelsearch.backends.database.sqlite.query import BM25, Lexeme, MatchExpression, SearchQueryExpression
        from wagtail.search.models import SQLiteFTSIndexEntry

        # Each word quoted, so that none is read as an FTS5 operator.
        words = Lexeme(query.terms[0])
        for term in query.terms[1:]:
            words &= Lexeme(term)
        match = SearchQueryExpression(words)
        # bm25() is lower for better matches; weighted by the title norm, as the backend does.
        score = BM25() * (F("index_entry__title_norm") + 1)
        rows = (
            SQLiteFTSIndexEntry.objects.filter(MatchExpression(["title", "body"], match))
            .filter(index_entry__content_type_id__in=content_types)
            # Looked up by primary key for each match: cheaper than listing every visible page.
            .filter(Exists(queryset.order_by().filter(pk=Cast(OuterRef("index_entry__object_id"), IntegerField()))))
            .annotate(score=score)
            .order_by("score", "-index_entry__object_id")
            .values_list("index_entry__object_id", "index_entry__content_type_id")
        )
        return rows
    from django.contrib.postgres.search import SearchQuery as TextQuery
    from django.contrib.postgres.search import SearchRank
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    config = getattr(get_search_backend(), "config", None)
    visible = queryset.order_by().annotate(_object_id=Cast("pk", TextField())).values("_object_id")
    found = Q()
    for term in query.terms:
        # Each word in the title or the body, as the backend's own search matches them.
        word = TextQuery(term, search_type="plain", config=config)
        found &= Q(title=word) | Q(body=word)
    every_word = TextQuery(query.backend_query, search_type="plain", config=config)
    return (
        IndexEntry.objects.filter(found, content_type_id__in=content_types, object_id__in=visible)
        .annotate(score=SearchRank(F("title"), every_word) * F("title_norm") + SearchRank(F("body"), every_word))
        .order_by("-score", "-id")
        .values_list("object_id", "content_type_id")
    )


# Who may see what --------------------------------------------------------------------------------


def exclude_hidden_sections(queryset, request: HttpRequest):
    """Leave out pages under a view restriction that ``request`` does not pass.

    A restricted section someone may open (signed in, in the right group, or having given the
    section's password) stays in. The restrictions come from the cache (``hub.website.fragments``);
    checking a signed-in person's groups takes one query per group restriction, whatever the
    number of pages.
    """
    from hub.website.fragments import view_restrictions

    hidden = getattr(request, "_hub_hidden_sections", None)
    if hidden is None:
        hidden = Q()
        for restriction in view_restrictions():
            if not restriction.accept_request(request):
                hidden |= Q(path__startswith=restriction.page.path)
        # Worked out once per request: the library and search both ask.
        request._hub_hidden_sections = hidden
    return queryset.exclude(hidden) if hidden else queryset


# Results, grouped by kind of page ----------------------------------------------------------------


@dataclass(frozen=True)
class SearchGroup:
    key: str
    label: str
    models: tuple[str, ...]  # "app_label.modelname"; empty for "everything else"


GROUPS = (
    SearchGroup("resources", "Resources", ("website.resourcepage",)),
    SearchGroup("news", "What's New", ("website.newspage",)),
    SearchGroup("topics", "Topics", ("website.topicpage",)),
    SearchGroup("bulletins", "Bulletins", ("website.bulletinpage",)),
    SearchGroup("pages", "Pages", ()),
)
GROUPS_BY_KEY = {group.key: group for group in GROUPS}


@dataclass
class SearchHit:
    pk: int
    url: str
    title: SafeString
    snippet: SafeString
    kind: str
    date: object = None
    in_document: bool = False


@dataclass
class GroupResults:
    group: SearchGroup
    count: int
    hits: list[SearchHit] = field(default_factory=list)


@dataclass
class SiteSearch:
    query: SearchQuery
    groups: list[GroupResults]  # every group with at least one result, in GROUPS order
    total: int
    selected: GroupResults | None = None  # when one group is chosen: its page of results
    page: PaginatorPage | None = None
    notes: list[str] = field(default_factory=list)


def _page_models() -> list[type[Page]]:
    from wagtail.models import get_page_models

    return list(get_page_models())


def _group_keys() -> dict[int, str]:
    """Content type id of each page model to the key of its group."""
    from django.contrib.contenttypes.models import ContentType

    models = ContentType.objects.get_for_models(*_page_models(), for_concrete_models=False)
    keys = {}
    for content_type in models.values():
        name = f"{content_type.app_label}.{content_type.model}"
        keys[content_type.pk] = next((g.key for g in GROUPS if name in g.models), "pages")
    return keys


def searchable_pages(request: HttpRequest):
    """Every live page the request may see, apart from the site's root pages."""
    return exclude_hidden_sections(Page.objects.live().filter(depth__gt=1), request)


# What a result shows (title, link, snippet, kind and date): only these fields are read.
HIT_FIELDS = (
    "title",
    *LINK_FIELDS,
    "search_description",
    "summary",
    "introduction",
    "body",
    "document",
    "resource_type",
    "publication_date",
    "date",
)


def _hit_lookups(model: type[Page]) -> dict[str, str]:
    """Each field of ``model`` a result shows (by attribute name) and how to read it from ``Page``.

    Fields of the page type's own table are read through its link to ``Page``, so the pages of
    every type come from one query.
    """
    link = model._meta.parents.get(Page)
    lookups = {}
    for model_field in model._meta.concrete_fields:
        if model_field.name not in HIT_FIELDS:
            continue
        if model_field.model is Page:
            lookups[model_field.attname] = model_field.name
        elif link is not None:
            lookups[model_field.attname] = f"{link.related_query_name()}__{model_field.name}"
    return lookups


def load_pages(matches: list[tuple[int, int]]) -> list[Page]:
    """The pages of ``matches`` (``(pk, content_type_id)`` pairs, as ``ranked_matches`` gives them)
    as their own page types, holding what a result shows, in the order given: one query.

    The pages hold only the fields a result shows (``HIT_FIELDS``); they are for showing, never saving.
    """
    from django.contrib.contenttypes.models import ContentType

    models = {
        content_type_id: ContentType.objects.get_for_id(content_type_id).model_class() or Page
        for content_type_id in {content_type_id for _, content_type_id in matches}
    }
    lookups = {content_type_id: _hit_lookups(model) for content_type_id, model in models.items()}
    columns = sorted({"pk", *(lookup for fields in lookups.values() for lookup in fields.values())})
    found = {}
    pages = Page.objects.filter(pk__in=[pk for pk, _ in matches]).order_by()
    for row in pages.values(*columns):
        model = models.get(row["content_type"])
        if model is None:
            continue
        values = {attname: row[lookup] for attname, lookup in lookups[row["content_type"]].items()}
        values.update({"id": row["pk"], model._meta.pk.attname: row["pk"]})
        # Built as the database would give it, with the fields a result does not show left unread.
        names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
        found[row["pk"]] = model.from_db(pages.db, names, [values[name] for name in names])
    return [found[pk] for pk, _ in matches if pk in found]


def site_search(request: HttpRequest, raw_query: str | None, *, group: str = "", page_number: str = "1") -> SiteSearch:
    """Search every page the request may see.

    With no ``group``: a count per group and the first few results of each. With a ``group``
    key: that group's results, ``PER_PAGE`` to a page. The same few queries whatever the number
    of results: one for the matches, then the pages shown.
    """
    query = normalise_query(raw_query)
    notes = []
    if query.truncated:
        notes.append(f"Your search was too long, so we searched for the first {MAX_QUERY_LENGTH} characters")
    if not query:
        return SiteSearch(query=query, groups=[], total=0, notes=notes)
    keys = _group_keys()
    found: dict[str, list[tuple[int, int]]] = {}
    for pk, content_type_id in ranked_matches(searchable_pages(request), query):
        found.setdefault(keys.get(content_type_id, "pages"), []).append((pk, content_type_id))
    chosen = GROUPS_BY_KEY.get(group) if group else None
    if group and chosen is None:
        notes.append("We did not recognise that kind of result, so we show every kind")
    groups = [GroupResults(group=g, count=len(found[g.key])) for g in GROUPS if found.get(g.key)]
    result = SiteSearch(query=query, groups=groups, total=sum(entry.count for entry in groups), notes=notes)
    if chosen is not None:
        selected = GroupResults(group=chosen, count=len(found.get(chosen.key, [])))
        paginator = Paginator(found.get(chosen.key, []), PER_PAGE)
        page = paginator.get_page(page_number)
        selected.hits = build_hits(hit_sources(list(page.object_list), request), query)
        result.selected, result.page = selected, page
        return result
    previews = {entry.group.key: found[entry.group.key][:GROUP_PREVIEW] for entry in groups}
    shown = [match for matches in previews.values() for match in matches]
    hits = {hit.pk: hit for hit in build_hits(hit_sources(shown, request), query)}
    for entry in groups:
        entry.hits = [hits[pk] for pk, _ in previews[entry.group.key] if pk in hits]
    return result


# Highlighting and snippets -----------------------------------------------------------------------


def _pattern(terms: Iterable[str]) -> re.Pattern | None:
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words:
        return None
    # A word matches at its start, so "neglect" marks "neglected" as the search's stemming finds it.
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE)


def highlight(text: str, terms: Iterable[str]) -> SafeString:
    """Escape ``text`` and wrap each word matching one of ``terms`` in ``<mark>``."""
    text = str(text or "")
    pattern = _pattern(terms)
    if pattern is None:
        return mark_safe(escape(text))  # noqa: S308 - escaped just now
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece escaped above


def snippet(text: str, terms: Iterable[str], *, length: int = SNIPPET_LENGTH) -> tuple[str, bool]:
    """A passage of ``text`` around the first matching word, and whether a word matched."""
    text = " ".join(str(text or "").split())
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    if len(text) <= length:
        return text, match is not None
    if match is None:
        cut = text[:length].rsplit(" ", 1)[0]
        return f"{cut}…", False
    start = max(0, match.start() - length // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > match.end() else end
    passage = text[start:end]
    return f"{'…' if start else ''}{passage}{'…' if end < len(text) else ''}", True


def _stream_text(value) -> str:
    """The words in a StreamField's stored data (rich text tags removed)."""
    parts: list[str] = []

    def walk(node):
        if isinstance(node, str):
            parts.append(strip_tags(node))
        elif isinstance(node, dict):
            for key, item in node.items():
                if key not in ("type", "id", "page", "url"):
                    walk(item)
        elif isinstance(node, list | tuple):
            for item in node:
                walk(item)

    raw = getattr(value, "raw_data", value)
    walk(list(raw) if raw is not None else [])
    return " ".join(" ".join(parts).split())


def _texts(page: Page) -> tuple[str, ...]:
    """The page's own texts a snippet may come from, best first (its file's text comes last, apart)."""
    texts: list[str] = []
    for name in ("summary", "introduction", "search_description"):
        value = getattr(page, name, "")
        if value:  # plain text fields: shown as typed (and escaped when marked)
            texts.append(str(value))
    body = getattr(page, "body", None)
    if body:
        texts.append(_stream_text(body) if hasattr(body, "raw_data") else strip_tags(str(body)))
    return tuple(text for text in texts if text)


@dataclass(frozen=True)
class HitSource:
    """What a result shows of a page whatever was searched for, before the words are marked."""

    pk: int
    url: str
    title: str
    kind: str
    date: object
    texts: tuple[str, ...]  # the page's own texts, best first
    document_id: int | None  # its file, whose text is read only when the page's own texts do not match


def hit_sources(matches: list[tuple[int, int]], request: HttpRequest) -> list[HitSource]:
    """What each of ``matches`` (``(pk, content_type_id)`` pairs) shows, in their order.

    Kept in the cache under the site version (``fragments.page_parts``); the pages not kept are
    read in one query (``load_pages``).
    """
    from hub.website.fragments import page_parts

    def build(missing: list[int]) -> dict[int, HitSource]:
        wanted = set(missing)
        pages = load_pages([match for match in matches if match[0] in wanted])
        return {
            page.pk: HitSource(
                pk=page.pk,
                url=page.get_url(request) or "",
                title=page.title,
                kind=_kind_label(page),
                date=getattr(page, "publication_date", None) or getattr(page, "date", None),
                texts=_texts(page),
                document_id=getattr(page, "document_id", None),
            )
            for page in pages
        }

    return page_parts("search-hit", [pk for pk, _ in matches], request, build)


def build_hits(sources: list[HitSource], query: SearchQuery) -> list[SearchHit]:
    """Titles and snippets with the query's words marked.

    A snippet comes from the first of the page's own texts holding a searched word, else from the
    text of its file (one query for every file needed), else from the page's first text unmarked.
    """
    from hub.website.models import HubDocument

    passages: dict[int, str] = {}
    for source in sources:
        for text in source.texts:
            passage, found = snippet(text, query.terms)
            if found:
                passages[source.pk] = passage
                break
    unmatched = [source.document_id for source in sources if source.pk not in passages and source.document_id]
    documents = dict(
        HubDocument.objects.filter(pk__in=unmatched).values_list("pk", "extracted_text") if unmatched else []
    )
    hits = []
    for source in sources:
        chosen, in_document = passages.get(source.pk), False
        if chosen is None and source.document_id in documents:
            passage, found = snippet(documents[source.document_id], query.terms)
            if found:
                chosen, in_document = passage, True
        if chosen is None:
            chosen = snippet(source.texts[0], ())[0] if source.texts else ""
        hits.append(
            SearchHit(
                pk=source.pk,
                url=source.url,
                title=highlight(source.title, query.terms),
                snippet=highlight(chosen, query.terms),
                kind=source.kind,
                date=source.date,
                in_document=in_document,
            )
        )
    return hits


def _kind_label(page: Page) -> str:
    display = getattr(page, "get_resource_type_display", None)
    if display:
        return display()
    name = str(page.specific_class._meta.verbose_name if page.specific_class else "page")
    return name[:1].upper() + name[1:]


# Keeping the index in step -----------------------------------------------------------------------


def reindex_resources(resources) -> None:
    """Update the index entries of ``resources`` (their file's text and themes are part of them)."""
    from wagtail.search.index import insert_or_update_object

    for resource in resources:
        insert_or_update_object(resource)


def _document_saved(sender, instance, **kwargs) -> None:
    # A replaced file brings new text: the resources offering it must be found by the new words.
    from hub.website.models import ResourcePage

    reindex_resources(ResourcePage.objects.filter(document=instance))


def _theme_saved(sender, instance, **kwargs) -> None:
    from hub.website.models import ResourcePage

    reindex_resources(ResourcePage.objects.filter(themes=instance))


def connect_signals() -> None:
    """Re-index resources when their file or one of their themes changes.

    Wagtail indexes a page when it is published, but a resource's entry also holds the text of
    its file and the names of its themes, which change without the page being saved.
    """
    from django.db.models.signals import post_save

    from hub.core.models import Theme
    from hub.website.models import HubDocument

    post_save.connect(_document_saved, sender=HubDocument, dispatch_uid="hub.website.search.document_saved")
    post_save.connect(_theme_saved, sender=Theme, dispatch_uid="hub.website.search.theme_saved")
