"""Recurring themes: what audits find again and again, across audits and years.

A finding recurs when findings of the same kind, category and practice theme come up in more
than one audit. ``analyse(first_year, last_year)`` reads every finding of the years in a handful
of queries and counts in Python, so ten years of audits (2,000 findings) take well under a second:

- ``by_category``: strengths and areas for development per category, per year (the trend);
- ``by_theme``: findings per practice theme, per year;
- ``recurring``: the (kind, category, theme) combinations found by the most audits, with the
  years they came up and the actions raised from them, open and completed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType

from hub.core.models import Action, Theme
from hub.core.periods import FinancialYear
from hub.learning.audits.models import Finding, FindingCategory

OPEN_STATUSES = {Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS}
NO_THEME = "No practice theme"


@dataclass
class Recurrence:
    kind: str
    category: str
    theme: str
    findings: int = 0
    audits: set = field(default_factory=set)
    years: set = field(default_factory=set)
    examples: list = field(default_factory=list)
    open_actions: int = 0
    completed_actions: int = 0

    @property
    def kind_label(self) -> str:
        return Finding.Kind(self.kind).label

    @property
    def audit_count(self) -> int:
        return len(self.audits)

    @property
    def year_labels(self) -> list[str]:
        return [FinancialYear(year).label for year in sorted(self.years)]


@dataclass
class Analysis:
    years: list[int]
    categories: list[str]
    total: int
    audits: int
    by_category: dict = field(default_factory=dict)  # category -> kind -> year -> count
    by_theme: dict = field(default_factory=dict)  # theme -> year -> count
    recurring: list[Recurrence] = field(default_factory=list)

    @property
    def year_labels(self) -> list[str]:
        return [FinancialYear(year).label for year in self.years]

    def category_rows(self) -> list[dict]:
        rows = []
        for category in self.categories:
            for kind, label in Finding.Kind.choices:
                counts = [self.by_category.get(category, {}).get(kind, {}).get(year, 0) for year in self.years]
                rows.append({"category": category, "kind": label, "counts": counts, "total": sum(counts)})
        return rows

    def theme_rows(self) -> list[dict]:
        rows = [
            {"theme": theme, "counts": [per_year.get(year, 0) for year in self.years], "total": sum(per_year.values())}
            for theme, per_year in self.by_theme.items()
        ]
        return sorted(rows, key=lambda row: (-row["total"], row["theme"]))


def analyse(first_year: int | None = None, last_year: int | None = None, *, limit: int = 15) -> Analysis:
    findings = Finding.objects.all()
    if first_year is not None:
        findings = findings.filter(audit__programme__year__gte=first_year)
    if last_year is not None:
        findings = findings.filter(audit__programme__year__lte=last_year)
    rows = list(
        findings.values_list("pk", "kind", "summary", "audit_id", "audit__programme__year", "category__name").order_by(
            "audit__programme__year", "pk"
        )
    )
    ids = [row[0] for row in rows]
    theme_names = dict(Theme.objects.values_list("pk", "name"))
    themes_of: dict[int, list[str]] = defaultdict(list)
    through = Finding.themes.through
    for chunk_start in range(0, len(ids), 5000):
        chunk = ids[chunk_start : chunk_start + 5000]
        for finding_id, theme_id in through.objects.filter(finding_id__in=chunk).values_list("finding_id", "theme_id"):
            themes_of[finding_id].append(theme_names[theme_id])
    actions_of: dict[int, list[str]] = defaultdict(list)
    content_type = ContentType.objects.get_for_model(Finding)
    for source_id, status in Action.objects.filter(source_content_type=content_type).values_list(
        "source_object_id", "status"
    ):
        actions_of[source_id].append(status)

    years = sorted({row[4] for row in rows})
    categories = list(FindingCategory.objects.values_list("name", flat=True))
    analysis = Analysis(years=years, categories=categories, total=len(rows), audits=len({row[3] for row in rows}))
    by_category: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    by_theme: dict = defaultdict(lambda: defaultdict(int))
    recurrences: dict[tuple, Recurrence] = {}
    for pk, kind, summary, audit_id, year, category in rows:
        by_category[category][kind][year] += 1
        for theme in themes_of.get(pk) or [NO_THEME]:
            by_theme[theme][year] += 1
            key = (kind, category, theme)
            recurrence = recurrences.get(key)
            if recurrence is None:
                recurrence = recurrences[key] = Recurrence(kind=kind, category=category, theme=theme)
            recurrence.findings += 1
            recurrence.audits.add(audit_id)
            recurrence.years.add(year)
            if len(recurrence.examples) < 3 and summary not in recurrence.examples:
                recurrence.examples.append(summary)
            for status in actions_of.get(pk, ()):
                if status in OPEN_STATUSES:
                    recurrence.open_actions += 1
                elif status == Action.Status.COMPLETED:
                    recurrence.completed_actions += 1
    analysis.by_category = {
        category: {kind: dict(years) for kind, years in kinds.items()} for category, kinds in by_category.items()
    }
    analysis.by_theme = {theme: dict(per_year) for theme, per_year in by_theme.items()}
    recurring = [item for item in recurrences.values() if item.audit_count > 1]
    recurring.sort(key=lambda item: (-item.audit_count, -item.findings, item.kind, item.category, item.theme))
    analysis.recurring = recurring[:limit]
    return analysis
