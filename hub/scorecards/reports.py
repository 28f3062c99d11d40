"""The performance part of the yearly report: key figures, headline indicators, early help, ICON.

``report_sections(year)`` reads only approved values. Each headline indicator gives a table row
with the year's last value, the year before's, its variation and target assurance in words; a
headline count (referrals, notifications) also gives the year's total as a figure, beside the year
before's. ``headline_charts(year)`` draws each headline indicator's chart for pages that show them.
"""

from __future__ import annotations

from decimal import Decimal

from hub.core.periods import FinancialYear
from hub.core.reporting import Figure, ReportSection, Table
from hub.scorecards.analysis import build_series, recent_periods, target_status
from hub.scorecards.exceptions import chart_for
from hub.scorecards.models import Frequency, KeyFigureSet, ReportingPeriod, ScorecardSettings
from hub.scorecards.services import versions_in_force
from hub.scorecards.validation import Unit


def _year(year: FinancialYear | str) -> FinancialYear:
    return year if isinstance(year, FinancialYear) else FinancialYear.parse(year)


def _number(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "No value"
    if unit == Unit.COUNT:
        return f"{value:,.0f}" if value == value.to_integral() else f"{value:,.1f}"
    suffix = Unit(unit).suffix
    return f"{value:.1f}{suffix}" if suffix == "%" else f"{value:.1f} {suffix}"


def _last_period(year: FinancialYear) -> ReportingPeriod | None:
    return (
        ReportingPeriod.objects.filter(frequency=Frequency.QUARTERLY, start__gte=year.start, end__lte=year.end)
        .order_by("-start")
        .first()
    )


def key_figures_section(year: FinancialYear) -> ReportSection:
    figure_sets = {}
    for figure_set in (
        KeyFigureSet.objects.filter(as_at__lte=year.end).order_by("slug", "-as_at").prefetch_related("figures")
    ):
        figure_sets.setdefault(figure_set.slug, figure_set)
    tables = []
    for figure_set in figure_sets.values():
        rows = [
            [figure.group, figure.label, figure.value.normalize(), figure.unit, figure.source]
            for figure in figure_set.figures.all()
        ]
        tables.append(
            Table(
                caption=f"{figure_set.title}, {figure_set.as_at:%-d %B %Y}",
                headers=["Group", "Figure", "Value", "Unit", "Source"],
                rows=rows,
                slug=figure_set.slug,
            )
        )
    return ReportSection(
        title="Children and young people in the area",
        slug="scorecards-key-figures",
        tables=tables,
        narrative_slots=["What the population profile means for the partnership"],
    )


def headline_section(year: FinancialYear, *, charts: bool = False) -> tuple[ReportSection, dict[str, str]]:
    """The headline indicators' table, and with ``charts`` their SVG charts keyed by indicator code
    (drawing them is most of the work, so the yearly report, which prints the table, leaves them out)."""
    last = _last_period(year)
    rows, figures, chart_svgs = [], [], {}
    if last is not None:
        versions = [version for version in versions_in_force(year.start_year) if version.headline]
        periods = recent_periods(Frequency.QUARTERLY, up_to=last)
        for series in build_series(versions, periods):
            if series.agency is not None and len(series.version.reporters()) > 1:
                continue
            year_before = series.values[-5] if len(series.values) >= 5 else None
            rows.append(
                [
                    series.indicator.code,
                    series.version.name,
                    _number(series.latest_value, series.version.unit),
                    _number(year_before, series.version.unit),
                    series.analysis.variation.label,
                    target_status(series),
                ]
            )
            total = _year_total(series, year)
            if total is not None and series.version.unit == Unit.COUNT:
                figures.append(
                    Figure(
                        f"{series.version.name} in the year",
                        _whole(total),
                        previous=_whole(_year_total(series, year.previous())),
                    )
                )
            if charts:
                svg, _ = chart_for(series, chart_id=f"report-{series.indicator.code.lower()}")
                chart_svgs[series.indicator.code] = svg
    section = ReportSection(
        title="How the partnership is doing: headline indicators",
        slug="scorecards-headlines",
        figures=figures,
        tables=[
            Table(
                caption=f"Headline indicators at {last.label if last else year.label}",
                headers=["Code", "Indicator", "Latest", "A year before", "Variation", "Target"],
                rows=rows,
                slug="headlines",
            )
        ],
        narrative_slots=["What the headline indicators tell us", "Deep dives the Performance and Learning Group led"],
    )
    return section, chart_svgs


def _whole(value: Decimal | None) -> Decimal | int | None:
    return int(value) if value is not None and value == value.to_integral() else value


def _year_total(series, year: FinancialYear) -> Decimal | None:
    """The sum of a quarterly series' values in ``year``, or None unless all four quarters have one
    (a part-year total would read as a fall)."""
    values = [
        value
        for value, period in zip(series.values, series.periods, strict=True)
        if period.start >= year.start and period.end <= year.end
    ]
    if len(values) != 4 or any(value is None for value in values):
        return None
    return sum(values, Decimal(0))


def _yearly_total(indicator_id: int | None, year: FinancialYear) -> tuple[Decimal | None, Decimal | None]:
    """(total of the year's approved quarterly values, the target for the year's total) for a count indicator."""
    periods = list(
        ReportingPeriod.objects.filter(frequency=Frequency.QUARTERLY, start__gte=year.start, end__lte=year.end)
    )
    versions = [version for version in versions_in_force(year.start_year) if version.indicator_id == indicator_id]
    if not versions or not periods:
        return None, None
    version = versions[0]
    target = version.annual_target
    series = build_series(versions, periods, partnership=True)
    chosen = next((item for item in series if item.agency is None), series[0] if series else None)
    if chosen is None:
        return None, target
    present = [value for value in chosen.values if value is not None]
    return (sum(present, Decimal(0)) if present else None), target


def early_help_section(year: FinancialYear) -> ReportSection:
    achieved, target = _yearly_total(ScorecardSettings.load().supporting_families_indicator_id, year)
    figures = []
    if achieved is not None:
        figures.append(Figure("Supporting Families successful outcomes", int(achieved), "families"))
    if target is not None:
        figures.append(Figure("Government target", int(target), "families"))
    return ReportSection(
        title="Early help outcomes",
        slug="scorecards-early-help",
        figures=figures,
        narrative_slots=["Early help: what difference it made"],
    )


def icon_section(year: FinancialYear) -> ReportSection:
    last = _last_period(year)
    rows = []
    if last is not None:
        icon_id = ScorecardSettings.load().icon_indicator_id
        versions = [version for version in versions_in_force(year.start_year) if version.indicator_id == icon_id]
        for series in build_series(versions, [last]):
            rows.append([series.scope_label, _number(series.latest_value, series.version.unit)])
    return ReportSection(
        title="ICON: coverage of the five touchpoints",
        slug="scorecards-icon",
        tables=[
            Table(
                caption=f"ICON touchpoint coverage by agency, {last.label if last else year.label}",
                headers=["Agency", "Coverage"],
                rows=rows,
                slug="icon",
            )
        ],
        narrative_slots=["ICON programme: progress and next steps"],
    )


def report_sections(year: FinancialYear | str) -> list[ReportSection]:
    """The scorecards part of the yearly report (``registry.register_report_sections``)."""
    year = _year(year)
    headlines, _ = headline_section(year)
    return [key_figures_section(year), headlines, early_help_section(year), icon_section(year)]


def headline_charts(year: FinancialYear | str) -> dict[str, str]:
    """SVG charts of the headline indicators, keyed by indicator code, for the report's pages."""
    _, charts = headline_section(_year(year), charts=True)
    return charts
