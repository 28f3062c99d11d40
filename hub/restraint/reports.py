"""The restraint part of the yearly report: the year's figures, the monthly chart and the scrutiny
summary. Aggregates only: no incident number or young person's reference appears."""

from __future__ import annotations

from collections import Counter

from hub.core.periods import FinancialYear
from hub.core.reporting import Chart, Figure, ReportSection, Table
from hub.restraint import charts, figures
from hub.restraint.models import CctvReview, Conclusion, Incident, Injury, ScrutinySession


def _year(year: FinancialYear | str) -> FinancialYear:
    return year if isinstance(year, FinancialYear) else FinancialYear.parse(year)


def _share(value: int | None) -> str:
    return "" if value is None else f"{value}%"


def report_sections(year: FinancialYear | str) -> list[ReportSection]:
    year = _year(year)
    incidents = Incident.objects.all()
    result = figures.figures_for(incidents, year.start, year.end)
    sessions = ScrutinySession.objects.filter(held_on__gte=year.start, held_on__lte=year.end)
    if not result.incidents and not sessions.exists():
        return []
    previous_year = FinancialYear(year.start_year - 1)
    previous = figures.figures_for(incidents, previous_year.start, previous_year.end)
    section_figures = [
        Figure("Incidents of restraint", result.incidents),
        Figure("Incidents that caused no injury", result.share_no_injury, "%"),
        Figure("Incidents that resulted in injury", result.injured),
        Figure("Injuries at level 1", result.share_of_injuries_at_level_1, "%"),
        Figure("Injuries at level 3, the most serious", result.level(Injury.LEVEL_3)),
        Figure("Young people restrained", result.young_people),
        Figure("Incidents per young person", result.per_young_person),
    ]
    quarters = Table(
        caption=f"Restraint by quarter, {year.label}",
        headers=["Quarter", "Incidents", "No injury", "Level 1", "Level 2", "Level 3"],
        rows=[
            [row.label, row.figures.incidents, row.figures.no_injury]
            + [row.figures.level(level) for level in (Injury.LEVEL_1, Injury.LEVEL_2, Injury.LEVEL_3)]
            for row in figures.quarterly(incidents, year)
        ],
        slug="quarters",
    )
    compared = Table(
        caption=f"{year.label} compared with {previous_year.label}",
        headers=["Figure", previous_year.label, year.label],
        rows=[
            ["Incidents", previous.incidents, result.incidents],
            ["Caused no injury", _share(previous.share_no_injury), _share(result.share_no_injury)],
            ["Resulted in injury", previous.injured, result.injured],
            ["Young people restrained", previous.young_people, result.young_people],
            ["Young people restrained more than once", previous.repeat_young_people, result.repeat_young_people],
        ],
        slug="year-on-year",
    )
    techniques = Table(
        caption=f"Techniques used, {year.label} (an incident may use more than one)",
        headers=["Technique", "Incidents"],
        rows=[[name, count] for name, count in result.techniques],
        slug="techniques",
    )
    section_charts = []
    chart = charts.monthly_chart(incidents, year, chart_id=f"report-restraint-{year.slug}")
    if chart is not None:
        section_charts.append(
            Chart(
                title="Restraint incidents each month",
                svg=chart.svg,
                summary=chart.summary,
                table=Table(
                    caption="Incidents each month",
                    headers=["Month", "Incidents"],
                    rows=[list(row) for row in chart.rows],
                ),
                slug="monthly",
            )
        )
    statements = [figures.statement(result, year.label)]
    scrutiny_rows, scrutiny_statement = _scrutiny(sessions, year)
    statements.append(scrutiny_statement)
    tables = [quarters, compared, techniques]
    if scrutiny_rows:
        tables.append(
            Table(
                caption=f"CCTV scrutiny conclusions, {year.label}",
                headers=["Question", "Yes", "Yes, with concerns", "No"],
                rows=scrutiny_rows,
                slug="scrutiny",
            )
        )
    return [
        ReportSection(
            title="Use of restraint",
            slug="restraint",
            figures=section_figures,
            tables=tables,
            narrative_slots=["restraint"],
            charts=section_charts,
            statements=statements,
        )
    ]


def _scrutiny(sessions, year: FinancialYear) -> tuple[list[list], str]:
    completed = sessions.filter(status=ScrutinySession.Status.COMPLETED)
    reviews = list(
        CctvReview.objects.filter(
            item__sample__session__in=completed, item__sample__superseded_by__isnull=True
        ).values_list("lawful", "necessary", "proportionate")
    )
    if not reviews:
        return [], f"No CCTV scrutiny sessions were completed in {year.label}."
    rows = []
    for index, question in enumerate(("Lawful", "Necessary", "Proportionate")):
        counts = Counter(review[index] for review in reviews)
        rows.append([question, counts[Conclusion.YES], counts[Conclusion.CONCERNS], counts[Conclusion.NO]])
    with_concerns = sum(1 for review in reviews if any(value != Conclusion.YES for value in review))
    sessions_held = completed.count()
    text = (
        f"{sessions_held} CCTV scrutiny session{'s' if sessions_held != 1 else ''} in {year.label} reviewed "
        f"{len(reviews)} randomly selected incident{'s' if len(reviews) != 1 else ''}; "
    )
    if with_concerns:
        text += (
            f"the reviewers found {len(reviews) - with_concerns} lawful, necessary and proportionate without concern, "
            f"and raised concerns about {with_concerns}, which were followed up with the home."
        )
    else:
        text += "the reviewers found every one lawful, necessary and proportionate."
    return rows, text
