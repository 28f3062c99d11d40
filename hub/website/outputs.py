"""Briefings and resources made in response to tracker actions, with how much they were used.

Registered in ``apps.py`` as the website's ``action_outputs`` provider: the action page and the
improvement themes list the resources linked to an action (``ResourcePage.actions``) without
importing this app. A 7-minute briefing's evidence is its recorded use by teams (times used,
teams, staff reached); any other resource's is its downloads. With a year, only that financial
year's use and downloads count.

A resource that is not live is still listed, without a link, so the business unit sees work in
progress. Four queries whatever the number of actions or resources.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import CharField, Count, Sum, Value
from django.db.models.functions import Cast, Concat, Lower, Trim

from hub.core.periods import FinancialYear
from hub.core.registry import ActionOutput
from hub.website.models import BriefingUse, ResourceDownloadDay, ResourcePage

BRIEFING = "7-minute briefing"
RESOURCE = "Resource"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def briefing_evidence(figures: dict | None, *, year: FinancialYear | None = None) -> list[str]:
    when = f" in {year.label}" if year else ""
    if not figures or not figures["uses"]:
        return [f"No team recorded using it{when}" if year else "No team has recorded using it yet"]
    return [
        f"Used {_plural(figures['uses'], 'time', 'times')}{when} by {_plural(figures['teams'], 'team', 'teams')}, "
        f"reaching {_plural(figures['staff'] or 0, 'member of staff', 'staff')}"
    ]


def download_evidence(downloads: int, *, year: FinancialYear | None = None) -> list[str]:
    when = f" in {year.label}" if year else ""
    if not downloads:
        return [f"Not downloaded{when}" if year else "Not downloaded yet"]
    return [f"Downloaded {_plural(downloads, 'time', 'times')}{when}"]


def outputs_for_actions(action_ids: Iterable[int], *, year: FinancialYear | None = None) -> list[ActionOutput]:
    """One ``ActionOutput`` per (action, resource) link for ``action_ids``."""
    ids = list(action_ids)
    if not ids:
        return []
    links = list(
        ResourcePage.actions.through.objects.filter(action_id__in=ids).values_list("action_id", "resourcepage_id")
    )
    if not links:
        return []
    page_ids = {page_id for _, page_id in links}
    pages = {
        page.pk: page
        for page in ResourcePage.objects.filter(pk__in=page_ids).only(
            "title", "summary", "resource_type", "live", "url_path", "path", "depth", "download_count"
        )
    }
    uses = BriefingUse.objects.filter(briefing__in=page_ids)
    downloads = ResourceDownloadDay.objects.filter(resource__in=page_ids)
    if year:
        uses = uses.filter(used_on__range=(year.start, year.end))
        downloads = downloads.filter(day__range=(year.start, year.end))
    use_figures = {
        row["briefing"]: row
        for row in uses.values("briefing")
        .annotate(
            uses=Count("pk"),
            # A team is its name (ignoring case) within its agency, as the briefing counts elsewhere.
            teams=Count(Concat(Lower(Trim("team")), Value("|"), Cast("agency_id", CharField())), distinct=True),
            staff=Sum("staff_count"),
        )
        .order_by()
    }
    download_totals: dict[int, int] = {}
    if year:
        download_totals = {
            row["resource"]: row["total"]
            for row in downloads.values("resource").annotate(total=Sum("count")).order_by()
        }
    outputs = []
    for action_id, page_id in links:
        page = pages[page_id]
        if page.is_briefing:
            kind, evidence = BRIEFING, briefing_evidence(use_figures.get(page_id), year=year)
            summary = page.summary
        else:
            total = download_totals.get(page_id, 0) if year else page.download_count
            kind, evidence = RESOURCE, download_evidence(total, year=year)
            summary = f"{page.get_resource_type_display()}. {page.summary}"
        outputs.append(
            ActionOutput(
                action_id=action_id,
                kind=kind,
                title=page.title,
                url=(page.get_url() or "") if page.live else "",
                summary=summary,
                evidence=evidence,
            )
        )
    return outputs
