"""The assurance part of the yearly report: reports planned and received, and how agencies assessed themselves."""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from hub.core.periods import FinancialYear
from hub.core.reporting import Figure, ReportSection, Table
from hub.learning.assurance.models import AssurancePlanItem, AssuranceReport, AssuranceSection

RECEIVED = {AssuranceReport.Status.SUBMITTED, AssuranceReport.Status.CONSIDERED}


def _sections_by_template(template_ids) -> dict[int, list[AssuranceSection]]:
    by_template = defaultdict(list)
    sections = (
        AssuranceSection.objects.filter(template_id__in=template_ids)
        .select_related("grading_scheme")
        .prefetch_related("grading_scheme__grades")
    )
    for section in sections:
        by_template[section.template_id].append(section)
    return by_template


def sections(year: FinancialYear) -> list[ReportSection]:
    items = list(
        AssurancePlanItem.objects.filter(year=year.start_year)
        .select_related("agency", "report__considered_meeting__group")
        .order_by("agency__name", "due_on", "topic")
    )
    if not items:
        return []
    by_template = _sections_by_template({item.template_id for item in items})
    rows = []
    received = considered = on_time = 0
    grades: dict[str, int] = defaultdict(int)
    for item in items:
        report = getattr(item, "report", None)
        is_received = report is not None and report.status in RECEIVED
        assessment = None
        if is_received:
            received += 1
            submitted_on = timezone.localtime(report.submitted_at).date() if report.submitted_at else None
            on_time += bool(submitted_on and submitted_on <= item.due_on)
            assessment = report.self_assessment(by_template[item.template_id])
            if assessment:
                grades[assessment[0]] += 1
        if report is not None and report.status == AssuranceReport.Status.CONSIDERED:
            considered += 1
        rows.append(
            [
                item.agency.name,
                item.topic,
                item.due_on.strftime("%-d %B %Y"),
                report.get_status_display() if is_received else "Not received",
                assessment[0] if assessment else "",
                report.get_outcome_display() if report is not None and report.outcome else "",
            ]
        )
    figures = [
        Figure("Assurance reports planned", len(items)),
        Figure("Assurance reports received", received),
        Figure("Received by the due date", on_time),
        Figure("Considered by the executive", considered),
    ]
    tables = [
        Table(
            caption=f"Partner assurance reports {year.label}",
            headers=["Agency", "Topic", "Due", "Status", "Self-assessment", "Executive's conclusion"],
            rows=rows,
            slug="assurance-reports",
        )
    ]
    if grades:
        tables.append(
            Table(
                caption=f"Agencies' self-assessment {year.label}",
                headers=["Self-assessment", "Reports"],
                rows=[[label, count] for label, count in sorted(grades.items())],
                slug="assurance-self-assessment",
            )
        )
    return [
        ReportSection(
            title="Assurance from partner agencies",
            slug="learning-assurance",
            figures=figures,
            tables=tables,
            narrative_slots=["What partner agencies' assurance told the executive"],
        )
    ]
