"""Gathering the yearly report's sections from every app, and putting them in the outline's order.

The contract for an app that contributes to the report
-----------------------------------------------------
1. Write ``report_sections(year)`` in the app's ``reports.py``. ``year`` is a
   ``hub.core.periods.FinancialYear`` (a provider may also accept the text form ``"2021-22"``).
2. Return a list of ``hub.core.reporting.ReportSection``: ``title``; ``slug`` (unique across the
   Hub, prefixed with the app's label, for example ``governance.budget``); ``figures`` (headline
   ``Figure`` rows, with ``previous`` holding the year before's value where there is data);
   ``tables`` (``Table``: caption, column headers, rows); ``charts`` (``Chart``: inline SVG, a text
   summary and a ``Table`` of the same figures); ``statements`` (sentences worked out from the
   data, printed as they are); ``narrative_slots`` (named places for the business unit's text).
   Return an empty list, or leave a section out, when the year has no data for it: a section is
   never filled with made-up figures.
3. Register it in the app's ``AppConfig.ready()``:
   ``registry.register_report_sections("<app label>", reports.report_sections)``.
4. Add the section's slug to a chapter of the outline (``OutlineChapter``, in the back office)
   if it should not land in "Other sections" at the end of the report.

The report never imports another app's models: it knows the apps only through the registry.
Sections given as plain dicts (``key`` or ``slug``, ``title``, ``figures``, ``tables``,
``charts``, ``statements``, ``narrative_slots``, the shape of ``ReportSection.as_dict()``) are
turned into ``ReportSection`` objects here, so older providers keep working.

A provider that raises does not break the report: the failure is logged with its traceback
and the report carries an error section in its place, which staff see as an error box.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from django.apps import apps

from hub.core.periods import FinancialYear
from hub.core.registry import registry
from hub.core.reporting import Chart, Figure, ReportSection, Table

logger = logging.getLogger(__name__)

OTHER_SECTIONS_SLUG = "other-sections"
OTHER_SECTIONS_TITLE = "Other sections"


@dataclass(frozen=True)
class GatheredSection:
    """A section as the report prints it: what the provider gave and which app gave it.

    ``failed`` marks the error section left where a provider raised; ``narratives`` holds the
    business unit's text for the section's narrative slots, as (slot name, text) pairs.
    """

    section: ReportSection
    app_label: str
    failed: bool = False
    narratives: tuple[tuple[str, str], ...] = ()

    @property
    def slug(self) -> str:
        return self.section.slug


@dataclass
class Chapter:
    title: str
    slug: str
    intro: str = ""
    has_narrative: bool = False
    sections: list[GatheredSection] = field(default_factory=list)
    narrative: str = ""


def _app_name(app_label: str) -> str:
    try:
        return str(apps.get_app_config(app_label).verbose_name)
    except LookupError:
        return app_label


def _table(value: Any) -> Table:
    if isinstance(value, Table):
        return value
    return Table(
        caption=str(value.get("caption", "")),
        headers=[str(header) for header in value.get("headers", [])],
        rows=[list(row) for row in value.get("rows", [])],
        slug=str(value.get("slug", "")),
    )


def _figure(value: Any) -> Figure:
    if isinstance(value, Figure):
        return value
    return Figure(
        label=str(value["label"]),
        value=value.get("value"),
        unit=str(value.get("unit", "") or ""),
        previous=value.get("previous"),
        key=str(value.get("key", "") or ""),
    )


def _chart(value: Any) -> Chart:
    if isinstance(value, Chart):
        return value
    table = value.get("table")
    return Chart(
        title=str(value["title"]),
        svg=str(value["svg"]),
        summary=str(value["summary"]),
        table=_table(table) if table else None,
        slug=str(value.get("slug", "")),
    )


def normalise(value: Any) -> ReportSection:
    """A ``ReportSection`` from a provider's typed section or its plain-dict form.

    Raises ``TypeError`` or ``KeyError`` for anything else, which the caller treats as a failure.
    """
    if isinstance(value, ReportSection):
        return value
    if not isinstance(value, dict):
        raise TypeError(f"A report section must be a ReportSection or a dict, not {type(value).__name__}")
    slug = value.get("slug") or value.get("key")
    if not slug or not value.get("title"):
        raise KeyError("A report section needs a title and a slug (or key)")
    return ReportSection(
        title=str(value["title"]),
        slug=str(slug),
        figures=[_figure(item) for item in value.get("figures", [])],
        tables=[_table(item) for item in value.get("tables", [])],
        narrative_slots=[str(item) for item in value.get("narrative_slots", [])],
        charts=[_chart(item) for item in value.get("charts", [])],
        statements=[str(item) for item in value.get("statements", [])],
    )


def failed_section(app_label: str) -> GatheredSection:
    name = _app_name(app_label)
    return GatheredSection(
        section=ReportSection(title=f"{name}: section not available", slug=f"{app_label}.unavailable"),
        app_label=app_label,
        failed=True,
    )


def gather_sections(
    year: FinancialYear, providers: dict | None = None, progress: Callable[[int, int], None] | None = None
) -> list[GatheredSection]:
    """Every registered provider's sections for ``year``, in the order the providers registered.

    ``providers`` (app label to provider) defaults to the registry's; tests pass their own.
    ``progress``, if given, is called before each provider with its number (from 1) and the number
    of providers, for a page that shows how far the report has got.
    """
    gathered: list[GatheredSection] = []
    chosen = registry.report_sections if providers is None else providers
    for number, (app_label, provider) in enumerate(chosen.items(), start=1):
        if progress is not None:
            progress(number, len(chosen))
        try:
            sections = [normalise(value) for value in provider(year) or []]
        except Exception:
            logger.exception("The %s section provider failed for the yearly report %s", app_label, year.label)
            gathered.append(failed_section(app_label))
            continue
        gathered.extend(GatheredSection(section=section, app_label=app_label) for section in sections)
    return gathered


def arrange(
    chapters: Iterable, gathered: list[GatheredSection], narratives: dict[str, str] | None = None
) -> list[Chapter]:
    """Put ``gathered`` sections into ``chapters`` (``OutlineChapter`` rows, in order).

    Each chapter takes the sections its patterns match, in the order of its patterns; a section
    goes to the first chapter that claims it. Sections nobody claims, and the error sections of
    failed providers, go to "Other sections" at the end. ``narratives`` maps a chapter's slug to
    the business unit's text for it, kept only for chapters with narrative text. A chapter left
    with no sections and no narrative text is left out.
    """
    narratives = narratives or {}
    unclaimed = list(gathered)
    arranged: list[Chapter] = []
    for outline in chapters:
        chapter = Chapter(
            title=outline.title,
            slug=outline.slug,
            intro=outline.intro,
            has_narrative=outline.has_narrative,
            narrative=narratives.get(outline.slug, "").strip() if outline.has_narrative else "",
        )
        for pattern in outline.patterns:
            matching = [item for item in unclaimed if not item.failed and fnmatchcase(item.slug, pattern)]
            chapter.sections.extend(matching)
            taken = {id(item) for item in matching}
            unclaimed = [item for item in unclaimed if id(item) not in taken]
        arranged.append(chapter)
    if unclaimed:
        arranged.append(Chapter(title=OTHER_SECTIONS_TITLE, slug=OTHER_SECTIONS_SLUG, sections=unclaimed))
    return [chapter for chapter in arranged if chapter.sections or chapter.narrative]
