"""Typed sections of the yearly report, returned by each app's ``report_sections(year)``.

A section has headline figures, tables and named narrative slots (places where the business
unit writes its own text). ``as_dict()`` gives the plain-dict form some apps already return
(``key``, ``title``, ``figures``, ``tables``, ``narrative_slots``), so the yearly report can
read both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify


@dataclass(frozen=True)
class Figure:
    """A headline figure. ``previous`` is the same figure for the year before, when there is data
    for it (``None`` otherwise); the report prints it beside this year's value.

    ``key`` names the figure within its section for the narrative's figure tokens
    (``{{governance.budget.total-budget}}``); it defaults to the slug of the label.
    """

    label: str
    value: Any
    unit: str = ""
    previous: Any = None
    key: str = ""

    def __post_init__(self):
        if not self.key:
            object.__setattr__(self, "key", slugify(self.label))

    def as_dict(self) -> dict:
        return {"label": self.label, "value": self.value, "unit": self.unit, "previous": self.previous}


@dataclass(frozen=True)
class Table:
    caption: str
    headers: list[str]
    rows: list[list[Any]]
    slug: str = ""

    def as_dict(self) -> dict:
        return {"caption": self.caption, "headers": list(self.headers), "rows": [list(row) for row in self.rows]}


@dataclass(frozen=True)
class Chart:
    """A chart as inline SVG, with the text alternative every chart needs and its figures as a table."""

    title: str
    svg: str
    summary: str
    table: Table | None = None
    slug: str = ""

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "svg": self.svg,
            "summary": self.summary,
            "table": self.table.as_dict() if self.table else None,
        }


@dataclass(frozen=True)
class ReportSection:
    """``statements`` are sentences worked out from the data ("Of the 408 incidents ..."), which the
    report prints as they are; ``narrative_slots`` name the places for the business unit's own text."""

    title: str
    slug: str
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    narrative_slots: list[str] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)

    def table(self, slug: str) -> Table | None:
        return next((table for table in self.tables if table.slug == slug), None)

    def as_dict(self) -> dict:
        return {
            "key": self.slug,
            "title": self.title,
            "figures": [figure.as_dict() for figure in self.figures],
            "tables": [table.as_dict() for table in self.tables],
            "narrative_slots": list(self.narrative_slots),
            "charts": [chart.as_dict() for chart in self.charts],
            "statements": list(self.statements),
        }
