"""The practitioner survey's part of the yearly report: each survey of the year, with its headlines.

A section per survey that opened in the year: how many responded, the share answering yes or
agreeing for each yes-or-no and scale question, and who responded by sector (groups of fewer
than five counted together, as on the results page). Written answers never reach the report.
"""

from __future__ import annotations

from hub.core.periods import FinancialYear
from hub.core.reporting import Figure, ReportSection, Table
from hub.learning.surveys import services
from hub.learning.surveys.models import Survey


def _year(year: FinancialYear | str) -> FinancialYear:
    return year if isinstance(year, FinancialYear) else FinancialYear.parse(year)


def survey_section(survey: Survey, *, slug: str) -> ReportSection:
    results = services.survey_results(survey)
    figures = [Figure("Practitioners who responded", results.total)]
    rows = []
    for result in results.tallies:
        share = services.positive_share(result)
        if share is None:
            continue
        question = result.question
        figures.append(Figure(question.text, share, "%"))
        rows.append(
            [
                question.text,
                result.answered,
                f"{share}% {services.positive_label(question)}",
                "" if result.mean is None or question.kind != "scale" else result.mean,
            ]
        )
    tables = [
        Table(
            caption=f"{survey.title}: headline answers",
            headers=["Question", "Answered", "Result", "Mean (scale questions)"],
            rows=rows,
            slug=f"{slug}-headlines",
        ),
        Table(
            caption=f"{survey.title}: who responded, by sector",
            headers=["Sector", "Responses", "Percentage"],
            rows=[[group.label, group.count, f"{group.share}%"] for group in results.by_sector],
            slug=f"{slug}-sectors",
        ),
    ]
    return ReportSection(
        title=f"{survey.title} {survey.financial_year.label}",
        slug=slug,
        figures=figures,
        tables=tables,
        narrative_slots=["What practitioners told us", "What the partnership is doing in response"],
    )


def sections(year: FinancialYear | str) -> list[ReportSection]:
    year = _year(year)
    surveys = list(
        Survey.objects.filter(year=year.start_year).exclude(status=Survey.Status.DRAFT).order_by("opens_at", "id")
    )
    return [
        survey_section(survey, slug=f"learning-survey-{year.slug}" + (f"-{number}" if number > 1 else ""))
        for number, survey in enumerate(surveys, start=1)
    ]
