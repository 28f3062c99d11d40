"""The practitioner tools' part of the yearly report: how often each tool was used, month by month.

Only counts exist (``ToolUse``): the report can say how much the tools were used, never by whom
or for what. The section sits with the improvement themes the tools support (harmful sexual
behaviour, cumulative harm and chronologies, Signs of Safety).
"""

from __future__ import annotations

from hub.core.periods import FinancialYear
from hub.core.reporting import Figure, ReportSection, Table
from hub.tools.models import Tool, ToolUse


def _year(year: FinancialYear | str) -> FinancialYear:
    return year if isinstance(year, FinancialYear) else FinancialYear.parse(year)


def usage(year: FinancialYear) -> dict[tuple[str, object], int]:
    """Uses by (tool, first day of month) within the year."""
    rows = ToolUse.objects.filter(month__gte=year.start, month__lte=year.end).values_list("tool", "month", "count")
    return {(tool, month): count for tool, month, count in rows}


def report_sections(year: FinancialYear | str) -> list[ReportSection]:
    year = _year(year)
    counts = usage(year)
    months = year.months()
    totals = {tool: sum(counts.get((tool.value, month.start), 0) for month in months) for tool in Tool}
    previous = usage(year.previous())
    previous_total = sum(previous.values())
    figures = [Figure("Uses of the practitioner tools", sum(totals.values()))]
    figures.extend(Figure(f"{tool.label}: uses", totals[tool]) for tool in Tool)
    by_month = Table(
        caption=f"Uses of each practitioner tool by month, {year.label}",
        headers=["Month", *[tool.label for tool in Tool], "All tools"],
        rows=[
            [
                month.label,
                *[counts.get((tool.value, month.start), 0) for tool in Tool],
                sum(counts.get((tool.value, month.start), 0) for tool in Tool),
            ]
            for month in months
        ],
        slug="tools-uses-by-month",
    )
    by_tool = Table(
        caption=f"Uses of each practitioner tool, {year.previous().label} and {year.label}",
        headers=["Tool", year.previous().label, year.label],
        rows=[
            [tool.label, sum(c for (name, _), c in previous.items() if name == tool.value), totals[tool]]
            for tool in Tool
        ]
        + [["All tools", previous_total, sum(totals.values())]],
        slug="tools-uses-by-year",
    )
    return [
        ReportSection(
            title=f"Practitioner tools {year.label}",
            slug=f"tools-{year.slug}",
            figures=figures,
            tables=[by_month, by_tool],
            narrative_slots=["How practitioners used the tools", "What the partnership will change"],
        )
    ]
