"""The independent scrutiny part of the yearly report: reviews, the challenge log and the scrutineer's statement."""

from __future__ import annotations

from hub.core.periods import FinancialYear
from hub.core.reporting import Figure, ReportSection, Table
from hub.learning.scrutiny.models import Challenge, ScrutinyPlanItem, ScrutinyReview, ScrutinyStatement


def sections(year: FinancialYear) -> list[ReportSection]:
    reviews = list(ScrutinyReview.objects.filter(year=year.start_year).order_by("title"))
    plan = list(ScrutinyPlanItem.objects.filter(year=year.start_year).order_by("planned_start", "topic"))
    raised = list(
        Challenge.objects.filter(raised_on__range=(year.start, year.end))
        .select_related("to_agency")
        .order_by("raised_on")
    )
    closed_in_year = Challenge.objects.filter(closed_on__range=(year.start, year.end)).count()
    statement = ScrutinyStatement.objects.filter(year=year.start_year, signed_off_at__isnull=False).first()
    if not (reviews or plan or raised or closed_in_year or statement):
        return []
    figures = [
        Figure("Scrutiny reviews", len(reviews)),
        Figure("Challenges raised", len(raised)),
        Figure("Challenges closed", closed_in_year),
        Figure("Challenges still open at the end of the year", sum(1 for item in raised if _open_at(item, year.end))),
    ]
    tables = []
    if plan:
        tables.append(
            Table(
                caption=f"Scrutiny plan {year.label}",
                headers=["What", "How", "Status"],
                rows=[[item.topic, item.method, item.get_status_display()] for item in plan],
                slug="scrutiny-plan",
            )
        )
    if reviews:
        tables.append(
            Table(
                caption=f"Scrutiny reviews {year.label}",
                headers=["Review", "Status", "Recommendations"],
                rows=[
                    [review.title, review.get_status_display(), len(review.recommendation_list)] for review in reviews
                ],
                slug="scrutiny-reviews",
            )
        )
    if raised:
        tables.append(
            Table(
                caption=f"Challenge log {year.label}",
                headers=["Raised", "Challenge", "To", "Status at the end of the year"],
                rows=[
                    [
                        item.raised_on.strftime("%-d %B %Y"),
                        item.summary,
                        item.addressed_to,
                        "Open" if _open_at(item, year.end) else "Closed",
                    ]
                    for item in raised
                ],
                slug="scrutiny-challenges",
            )
        )
    if statement is not None:
        tables.append(
            Table(
                caption=f"The independent scrutineer's statement {year.label}",
                headers=["Statement"],
                rows=[[paragraph] for paragraph in statement.paragraphs],
                slug="scrutiny-statement",
            )
        )
    return [
        ReportSection(
            title="Independent scrutiny",
            slug="learning-scrutiny",
            figures=figures,
            tables=tables,
            narrative_slots=["How independent scrutiny was used and what it found"],
        )
    ]


def _open_at(challenge: Challenge, day) -> bool:
    return challenge.closed_on is None or challenge.closed_on > day
