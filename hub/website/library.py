"""The resource library: listing and filtering, downloads and their counts, 7-minute briefing use.

Downloads are counted per resource per day (``ResourceDownloadDay``) and in total on the page
(``ResourcePage.download_count``); no personal data is kept. Counting is one ``UPDATE ... SET
count = count + 1``, so two people downloading at once both count, and the day's row is created
by whoever comes first (a second creator meets the unique constraint and updates instead).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, F, Prefetch, Q, Sum, Value, Window
from django.db.models.functions import Cast, Concat, Lower, Trim
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from wagtail.models import Page, PageViewRestriction

from hub.core.audit import log_action, register_event
from hub.core.errors import DomainError
from hub.core.models import Agency, Theme
from hub.core.periods import FinancialYear
from hub.core.permissions import is_business_unit
from hub.website.fragments import PopularResource, page_parts, popular_list, remember
from hub.website.models import (
    Audience,
    BriefingUse,
    ResourceDownloadDay,
    ResourceLibraryPage,
    ResourcePage,
    WebsiteSettings,
)
from hub.website.pages import LINK_FIELDS
from hub.website.search import exclude_hidden_sections, ranked_matches

PER_PAGE = 20
# A line of the library shows this many words of a resource's summary.
SUMMARY_WORDS = 45
BRIEFING_USE_RECORDED = "website.briefing_use.recorded"
register_event(BRIEFING_USE_RECORDED, "Recorded a team's use of a 7-minute briefing")


# Listing -----------------------------------------------------------------------------------------


def listed_resources(request: HttpRequest | None = None):
    """Live resources, without those in sections the request may not see (all private ones if no request)."""
    resources = ResourcePage.objects.live()
    if request is None:
        return resources.public()
    return exclude_hidden_sections(resources, request)


LIST_FIELDS = (
    "title",
    *LINK_FIELDS,
    "resource_type",
    "publication_date",
    "summary",
    "external_url",
    "document__title",
    "document__file",
    "document__file_size",
)


def _with_list_data(queryset):
    # A list shows each resource's title, dates, summary, themes and its file's kind and size:
    # only those columns are read, never the body or the file's text.
    themes = Prefetch("themes", queryset=Theme.objects.only("name", "slug"))
    return queryset.select_related("document").only(*LIST_FIELDS).prefetch_related(themes)


def _public_downloads():
    """Download days of live resources outside every private section: two queries' worth, joined."""
    private = Q()
    for path in PageViewRestriction.objects.values_list("page__path", flat=True):
        private |= Q(resource__path__startswith=path)
    days = ResourceDownloadDay.objects.filter(resource__live=True)
    return days.exclude(private) if private else days


def popular_resources(*, limit: int = 5, days: int = 365) -> list[ResourcePage]:
    """The public resources downloaded most over the last ``days`` days (today included), most first.

    Each resource carries ``recent_downloads``. Resources nobody downloaded in the period are
    left out, so the list may be shorter than ``limit``. Two queries whatever the numbers.
    """
    if limit <= 0:
        return []
    since = timezone.localdate() - timedelta(days=max(days, 1) - 1)
    totals = list(
        _public_downloads()
        .filter(day__gte=since)
        .values("resource")
        .annotate(total=Sum("count"))
        .filter(total__gt=0)
        .order_by("-total", "resource")[:limit]
    )
    pages = _with_list_data(ResourcePage.objects.filter(pk__in=[row["resource"] for row in totals])).in_bulk()
    popular = []
    for row in totals:
        page = pages[row["resource"]]
        page.recent_downloads = row["total"]
        popular.append(page)
    return popular


@dataclass
class LibraryFilters:
    """What the person chose on the library's filter form, after throwing away what makes no sense."""

    query: str = ""
    resource_type: str = ""
    audience: str = ""
    theme: Theme | None = None
    page_number: str = "1"
    ignored: list[str] = field(default_factory=list)
    query_truncated: bool = False

    @property
    def active(self) -> bool:
        return bool(self.query or self.resource_type or self.audience or self.theme)

    def querystring(self, **changes) -> str:
        """The filter part of the URL, for pagination and "remove this filter" links."""
        values = {
            "q": self.query,
            "type": self.resource_type,
            "audience": self.audience,
            "theme": self.theme.slug if self.theme else "",
        }
        values.update(changes)
        if str(values.get("page", "")) == "1":
            values["page"] = ""
        query = QueryDict(mutable=True)
        for key, value in values.items():
            if value:
                query[key] = str(value)
        return query.urlencode()


def read_filters(params: QueryDict) -> LibraryFilters:
    """Read the filter form from the query string; values that are not choices are ignored and named."""
    from hub.website.forms import ResourceFilterForm

    form = ResourceFilterForm(params)
    form.is_valid()
    data = form.cleaned_data
    filters = LibraryFilters(
        query=data.get("q") or "",
        resource_type=data.get("type") or "",
        audience=data.get("audience") or "",
        theme=data.get("theme"),
        page_number=params.get("page", "1"),
        query_truncated=form.query_truncated,
    )
    for name in form.errors:
        filters.ignored.append(form.IGNORED_MESSAGES.get(name, "We ignored a filter we did not recognise"))
    return filters


def filter_resources(queryset, filters: LibraryFilters):
    if filters.resource_type:
        queryset = queryset.filter(resource_type=filters.resource_type)
    if filters.audience:
        queryset = queryset.filter(**{ResourcePage.AUDIENCE_FIELDS[filters.audience]: True})
    if filters.theme is not None:
        # The search backends filter on the page's own columns, so the theme becomes a list of ids.
        tagged = ResourcePage.themes.through.objects.filter(theme=filters.theme).values("resourcepage_id")
        queryset = queryset.filter(pk__in=tagged)
    return queryset


@dataclass
class LibraryResults:
    filters: LibraryFilters
    page: PaginatorPage
    count: int
    popular: list[PopularResource]
    resources: list[ResourceLine] = field(default_factory=list)

    @property
    def form(self):
        """The filter form showing the filters in use (values we ignored are not shown)."""
        from hub.website.forms import ResourceFilterForm

        filters = self.filters
        return ResourceFilterForm(
            initial={
                "q": filters.query,
                "type": filters.resource_type,
                "audience": filters.audience,
                "theme": filters.theme.slug if filters.theme else "",
            }
        )

    @property
    def form_html(self) -> SafeString:
        """The filter form as HTML. Without words typed, the same for everyone who chose the same
        filters, so kept in the cache for the site version."""
        filters = self.filters
        if filters.query:
            return mark_safe(str(self.form))  # noqa: S308 - the form escapes what it shows
        chosen = (filters.resource_type, filters.audience, filters.theme.slug if filters.theme else "")
        return mark_safe(remember("library-filter-form", chosen, lambda: str(self.form)))  # noqa: S308 - as above

    @property
    def pagination(self) -> dict | None:
        return pagination_links(self.page, lambda number: "?" + self.filters.querystring(page=number))

    @property
    def chosen_filters(self) -> list[tuple[str, str]]:
        """Each filter in use, as (what it is, link to the list without it)."""
        filters = self.filters
        chosen = []
        if filters.query:
            chosen.append((f"Containing ‘{filters.query}’", filters.querystring(q="")))
        if filters.resource_type:
            label = ResourcePage.ResourceType(filters.resource_type).label
            chosen.append((label, filters.querystring(type="")))
        if filters.audience:
            chosen.append((f"For {Audience(filters.audience).label.lower()}", filters.querystring(audience="")))
        if filters.theme is not None:
            chosen.append((filters.theme.name, filters.querystring(theme="")))
        return [(label, f"?{query}" if query else "?") for label, query in chosen]


def library_results(request: HttpRequest, library: ResourceLibraryPage | None = None) -> LibraryResults:
    """Resources (of ``library``) matching the request's filters: newest first, or by relevance to words."""
    filters = read_filters(request.GET)
    resources = listed_resources(request)
    if library is not None:
        resources = resources.child_of(library)
    resources = filter_resources(resources, filters)
    if filters.query:
        # Ranked through the search index; only the page of results shown is read in full.
        paginator = Paginator([pk for pk, _ in ranked_matches(resources, filters.query)], PER_PAGE)
        page = paginator.get_page(filters.page_number)
    else:
        paginator, page = _page_with_count(resources.order_by("-publication_date", "-pk").values("pk"), filters)
    if filters.page_number not in ("", "1") and str(page.number) != filters.page_number:
        filters.ignored.append(f"There is no page {filters.page_number[:10]} of results, so we show page {page.number}")
    settings = WebsiteSettings.load(request_or_site=request)
    popular = popular_list(request, limit=settings.popular_downloads_count, days=settings.popular_downloads_days)
    lines = lines_for(list(page.object_list), request)
    return LibraryResults(filters=filters, page=page, count=paginator.count, popular=popular, resources=lines)


def _page_with_count(rows, filters: LibraryFilters) -> tuple[Paginator, PaginatorPage]:
    """The page the filters ask for of ``rows`` (an ordered ``values("pk")`` queryset), as a list of pks.

    ``COUNT(*) OVER ()`` gives the number of matching resources beside each row of the page, so a
    page costs one query instead of a count and a read. A page past the end (or a page number
    that is not one) has no rows to carry the count: the paginator counts and picks the page, as
    it always does.
    """
    paginator = Paginator(rows, PER_PAGE)
    try:
        number = int(filters.page_number)
    except (TypeError, ValueError):
        number = 0
    shown = []
    if number >= 1:
        start = (number - 1) * PER_PAGE
        shown = list(rows.annotate(listed_total=Window(Count("*")))[start : start + PER_PAGE])
    if shown:
        paginator.count = shown[0]["listed_total"]
        page = paginator.page(number)
    else:
        page = paginator.get_page(filters.page_number)
        shown = list(page.object_list)
    page.object_list = [row["pk"] for row in shown]
    return paginator, page


# What a line of the library shows, read as plain values: a page of results never loads pages.
LINE_FIELDS = (
    "pk",
    "title",
    "url_path",
    "resource_type",
    "publication_date",
    "summary",
    "external_url",
    "document_id",
    "document__file",
    "document__file_size",
)


@dataclass(frozen=True)
class ResourceLine:
    """A resource as its line in the library shows it."""

    pk: int
    title: str
    url: str
    type_label: str
    publication_date: datetime.date
    date_label: str  # "14 June 2024"
    file_description: str
    external_url: str
    summary: str  # the first SUMMARY_WORDS words
    theme_names: str

    @property
    def date_iso(self) -> str:
        return self.publication_date.isoformat()


def lines_for(pks: list[int], request: HttpRequest) -> list[ResourceLine]:
    """The lines of the resources ``pks``, in that order: kept ones from the cache, the rest read in one go."""

    def build(missing: list[int]) -> dict[int, ResourceLine]:
        rows = ResourcePage.objects.filter(pk__in=missing).values(*LINE_FIELDS)
        return {line.pk: line for line in resource_lines(list(rows), request)}

    return page_parts("library-line", pks, request, build)


def resource_lines(rows: list[dict], request: HttpRequest) -> list[ResourceLine]:
    """Lines for ``rows`` (``LINE_FIELDS`` values), with each resource's themes: one query."""
    from hub.website.models import HubDocument

    themes: dict[int, list[str]] = {}
    tagged = ResourcePage.themes.through.objects.filter(resourcepage_id__in=[row["pk"] for row in rows])
    for resource_id, name in tagged.order_by("theme__name").values_list("resourcepage_id", "theme__name"):
        themes.setdefault(resource_id, []).append(name)
    types = dict(ResourcePage.ResourceType.choices)
    # One unsaved page, moved to each resource's place in the tree in turn, works out each address
    # as Wagtail does for the page itself (resources do not change how their addresses are made).
    place = Page()
    lines = []
    for row in rows:
        place.url_path = row["url_path"]
        # The file's kind and size, as the document read from the database would give them.
        document = (
            HubDocument.from_db(
                HubDocument.objects.db,
                ["id", "file", "file_size"],
                [row["document_id"], row["document__file"], row["document__file_size"]],
            )
            if row["document_id"]
            else None
        )
        lines.append(
            ResourceLine(
                pk=row["pk"],
                title=row["title"],
                url=place.get_url(request) or "",
                type_label=str(types.get(row["resource_type"], row["resource_type"])),
                publication_date=row["publication_date"],
                date_label=dateformat.format(row["publication_date"], "j F Y"),
                file_description=document.description if document else "",
                external_url=row["external_url"],
                summary=Truncator(row["summary"]).words(SUMMARY_WORDS, truncate=" …"),
                theme_names=", ".join(themes.get(row["pk"], [])),
            )
        )
    return lines


# Downloads --------------------------------------------------------------------------------------


def record_download(*, resource: ResourcePage, day: datetime.date | None = None) -> None:
    """Count one download (or one click on an external link) of ``resource`` for ``day`` (today)."""
    day = day or timezone.localdate()
    with transaction.atomic():
        counted = ResourceDownloadDay.objects.filter(resource=resource, day=day).update(count=F("count") + 1)
        if not counted:
            try:
                with transaction.atomic():
                    ResourceDownloadDay.objects.create(resource=resource, day=day, count=1)
            except IntegrityError:
                # Someone else created the day's row between our update and our insert.
                ResourceDownloadDay.objects.filter(resource=resource, day=day).update(count=F("count") + 1)
        ResourcePage.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)


def downloads_in_year(year: FinancialYear) -> int:
    total = ResourceDownloadDay.objects.filter(day__range=(year.start, year.end)).aggregate(total=Sum("count"))
    return total["total"] or 0


def most_downloaded_in(year: FinancialYear, *, limit: int = 10) -> list[tuple[ResourcePage, int]]:
    """The resources downloaded most in ``year``, with their downloads, most first."""
    totals = list(
        ResourceDownloadDay.objects.filter(day__range=(year.start, year.end))
        .values("resource")
        .annotate(total=Sum("count"))
        .order_by("-total", "resource")[:limit]
    )
    pages = ResourcePage.objects.filter(pk__in=[row["resource"] for row in totals]).in_bulk()
    return [(pages[row["resource"]], row["total"]) for row in totals]


# 7-minute briefings -----------------------------------------------------------------------------


def record_briefing_use(
    *,
    briefing: ResourcePage,
    team: str,
    agency: Agency,
    staff_count: int,
    used_on: datetime.date,
    comment: str = "",
    actor=None,
) -> BriefingUse:
    """Record that a team used a 7-minute briefing. Anyone may, signed in or not."""
    if not briefing.is_briefing or not briefing.live:
        raise DomainError("You can only record the use of a published 7-minute briefing")
    if not agency.is_active:
        raise DomainError("Select your agency from the list", field="agency")
    if staff_count < 1:
        raise DomainError("Enter the number of staff, 1 or more", field="staff_count")
    if used_on > timezone.localdate():
        raise DomainError("The date you used the briefing must be today or in the past", field="used_on")
    with transaction.atomic():
        use = BriefingUse.objects.create(
            briefing=briefing,
            team=team.strip(),
            agency=agency,
            staff_count=staff_count,
            used_on=used_on,
            comment=comment.strip(),
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        log_action(
            BRIEFING_USE_RECORDED,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            obj=use,
            data={"briefing": briefing.slug, "agency": agency.short_code, "staff": staff_count},
        )
    return use


@dataclass(frozen=True)
class BriefingUseCount:
    briefing: ResourcePage
    uses: int
    teams: int
    staff: int


def _use_totals(queryset):
    # A team is its name (ignoring case) within its agency: two agencies' "Duty team" are two teams.
    return queryset.aggregate(
        uses=Count("pk"),
        teams=Count(Concat(Lower(Trim("team")), Value("|"), Cast("agency_id", CharField())), distinct=True),
        staff=Sum("staff_count"),
    )


def briefing_use_counts(year: FinancialYear) -> list[BriefingUseCount]:
    """Per briefing used in ``year``: how many times, by how many teams, reaching how many staff.

    Most used first. For the yearly report; one query for the counts and one for the pages.
    """
    rows = list(
        BriefingUse.objects.filter(used_on__range=(year.start, year.end))
        .values("briefing")
        .annotate(
            uses=Count("pk"),
            teams=Count(Concat(Lower(Trim("team")), Value("|"), Cast("agency_id", CharField())), distinct=True),
            staff=Sum("staff_count"),
        )
        .order_by("-uses", "-staff", "briefing")
    )
    briefings = ResourcePage.objects.filter(pk__in=[row["briefing"] for row in rows]).only("title", "slug").in_bulk()
    return [
        BriefingUseCount(briefing=briefings[row["briefing"]], uses=row["uses"], teams=row["teams"], staff=row["staff"])
        for row in rows
    ]


def briefing_use_totals(year: FinancialYear) -> dict[str, int]:
    """Every briefing together in ``year``: uses, distinct teams and staff reached."""
    totals = _use_totals(BriefingUse.objects.filter(used_on__range=(year.start, year.end)))
    return {"uses": totals["uses"], "teams": totals["teams"], "staff": totals["staff"] or 0}


@dataclass(frozen=True)
class BriefingUseSummary:
    year: FinancialYear
    uses: int
    teams: int
    staff: int
    all_time_uses: int
    recent: list[BriefingUse]


def briefing_use_summary(briefing: ResourcePage, *, today: datetime.date | None = None) -> BriefingUseSummary:
    """How a briefing has been used this financial year and in all, for the business unit."""
    year = FinancialYear.containing(today or timezone.localdate())
    uses = BriefingUse.objects.filter(briefing=briefing)
    this_year = _use_totals(uses.filter(used_on__range=(year.start, year.end)))
    recent = list(uses.select_related("agency")[:10])
    return BriefingUseSummary(
        year=year,
        uses=this_year["uses"],
        teams=this_year["teams"],
        staff=this_year["staff"] or 0,
        all_time_uses=uses.count(),
        recent=recent,
    )


# What the pages show ------------------------------------------------------------------------------


def is_website_staff(user) -> bool:
    """The business unit and editors: they see review dates and how briefings were used."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (is_business_unit(user) or user.has_perm("wagtailadmin.access_admin"))
    )


def library_page_context(library: ResourceLibraryPage, request: HttpRequest) -> dict:
    from hub.website.pages import breadcrumbs

    results = library_results(request, library)
    return {"crumbs": breadcrumbs(library, request), "library": results, "filter_form": results.form_html}


def resource_page_context(resource: ResourcePage, request: HttpRequest, *, briefing_form=None) -> dict:
    """What a resource page shows beyond its fields: breadcrumbs, the file, the briefing form."""
    from hub.website.forms import BriefingUseForm
    from hub.website.pages import breadcrumbs

    user = getattr(request, "user", None)
    context = {
        "crumbs": breadcrumbs(resource, request),
        "show_review_date": is_website_staff(user),
        "download_url": (
            reverse("website:resource-download", kwargs={"slug": resource.slug})
            if resource.document_id or resource.external_url
            else None
        ),
        "resource_themes": list(resource.themes.all()),
        "today": timezone.localdate(),
    }
    if resource.is_briefing:
        context["briefing_form"] = briefing_form or BriefingUseForm(user=user)
        context["briefing_form_url"] = reverse("website:briefing-use", kwargs={"slug": resource.slug})
        if is_business_unit(user):
            context["briefing_summary"] = briefing_use_summary(resource)
    return context


def pagination_links(page: PaginatorPage, url_for) -> dict | None:
    """What the GOV.UK pagination component needs; ``url_for(number)`` builds each page's link."""
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return None
    items = []
    for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append({"number": number, "url": url_for(number), "current": number == page.number})
    return {
        "previous": url_for(page.previous_page_number()) if page.has_previous() else None,
        "next": url_for(page.next_page_number()) if page.has_next() else None,
        "items": items,
    }
