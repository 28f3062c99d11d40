"""Section 11 in the yearly report: return rate and ratings by standard across agencies."""

from __future__ import annotations

from django.utils import timezone

from hub.core.periods import FinancialYear
from hub.core.reporting import Figure, ReportSection, Table
from hub.learning.section11 import services
from hub.learning.section11.models import Section11Round


def sections(year: FinancialYear) -> list[ReportSection]:
    round_ = Section11Round.objects.select_related("grading_scheme").filter(year=year.start_year).first()
    if round_ is None:
        return []
    board = services.dashboard(round_)
    labels = [grade.label for grade in board.grades]
    self_rows = [[str(count.standard), *count.self_counts, count.unrated] for count in board.counts]
    moderated_rows = [
        [str(count.standard), *count.moderated_counts, board.returned - sum(count.moderated_counts)]
        for count in board.counts
    ]
    agency_rows = [
        [
            row.agency.name,
            row.assessment.get_status_display() if row.assessment else "Not started",
            timezone.localdate(row.assessment.submitted_at).isoformat()
            if row.assessment and row.assessment.submitted_at
            else "",
        ]
        for row in board.rows
    ]
    sessions = round_.challenge_sessions.count()
    return [
        ReportSection(
            title="Section 11 self-assessment",
            slug="learning-section-11",
            figures=[
                Figure("Agencies asked to complete a self-assessment", board.expected),
                Figure("Self-assessments returned", board.returned),
                Figure("Return rate", board.return_rate, "%"),
                Figure("Returned by the due date", board.on_time),
                Figure("Self-assessments moderated", board.moderated),
                Figure("Challenge sessions held", sessions),
            ],
            tables=[
                Table(
                    caption=f"Agencies' own ratings by standard, {year.label} (number of agencies)",
                    headers=["Standard", *labels, "Not rated"],
                    rows=self_rows,
                    slug="self-ratings",
                ),
                Table(
                    caption=f"Moderated ratings by standard, {year.label} (number of agencies)",
                    headers=["Standard", *labels, "Not moderated"],
                    rows=moderated_rows,
                    slug="moderated-ratings",
                ),
                Table(
                    caption=f"Section 11 returns by agency, {year.label}",
                    headers=["Agency", "Status", "Submitted"],
                    rows=agency_rows,
                    slug="returns",
                ),
            ],
            narrative_slots=["What the Section 11 self-assessments tell us", "Challenge and assurance"],
        )
    ]
