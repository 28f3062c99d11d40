"""The chart of monthly restraint incidents: a statistical process control chart (XmR) drawn by the
scorecards' SPC analysis, so the same rules decide what counts as special-cause variation."""

from __future__ import annotations

from dataclasses import dataclass

from hub.core.periods import FinancialYear
from hub.restraint.figures import monthly
from hub.scorecards import charts as spc_charts
from hub.scorecards import spc

# Months of history before the chosen year's end that the chart shows.
CHART_MONTHS = 48


def _one_place(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


@dataclass(frozen=True)
class Chart:
    svg: str
    summary: str
    rows: list[tuple[str, int]]


def monthly_chart(incidents, year: FinancialYear, *, chart_id: str = "restraint-monthly") -> Chart | None:
    """Monthly incidents for up to four years to the end of ``year``, from the first month with data."""
    start = FinancialYear(year.start_year - CHART_MONTHS // 12 + 1).start
    rows = monthly(incidents, start, year.end)
    while rows and not rows[0].figures.incidents:
        rows = rows[1:]
    if len(rows) < 2:
        return None
    values = [row.figures.incidents for row in rows]
    labels = [row.label for row in rows]
    analysis = spc.analyse(values, labels=labels, direction=spc.Direction.DECREASE)
    title = "Number of restraint incidents each month"
    svg = spc_charts.render_svg(analysis, title=title, value_format=_one_place, chart_id=chart_id)
    summary = spc_charts.describe(analysis, name=title, value_format=_one_place)
    return Chart(svg=svg, summary=summary, rows=list(zip(labels, values, strict=True)))
