"""The audits' part of the yearly report: the year's audits and their learning, and recurring themes."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count

from hub.core.periods import FinancialYear
from hub.core.reporting import Figure, ReportSection, Table
from hub.learning.audits import recurring
from hub.learning.audits.models import Audit, CaseModeration, Finding


def sections(year: FinancialYear) -> list[ReportSection]:
    return [_audits_section(year), _recurring_section(year)]


def _audits_section(year: FinancialYear) -> ReportSection:
    audits = list(
        Audit.objects.filter(programme__year=year.start_year)
        .exclude(status=Audit.Status.CANCELLED)
        .select_related("template__grading_scheme")
        .annotate(case_count=Count("cases", distinct=True))
        .order_by("moderation_on", "title")
    )
    completed = [audit for audit in audits if audit.status == Audit.Status.COMPLETED]
    findings = list(
        Finding.objects.filter(audit__in=audits).select_related("audit", "category").order_by("audit", "pk")
    )
    kinds = Counter(finding.kind for finding in findings)
    moderations = CaseModeration.objects.filter(case__audit__in=audits).values_list("case__audit_id", "overall_grade")
    grades_by_audit: dict[int, Counter] = {}
    for audit_id, grade in moderations:
        grades_by_audit.setdefault(audit_id, Counter())[grade] += 1
    rows = []
    for audit in audits:
        scheme = audit.template.grading_scheme
        counts = grades_by_audit.get(audit.pk, Counter())
        grades = ", ".join(
            f"{grade.label} {counts[grade.code]}" for grade in scheme.grades.all() if counts.get(grade.code)
        )
        rows.append([audit.title, audit.topic, audit.case_count, grades or "Not moderated", audit.get_status_display()])
    learning = [
        [finding.audit.title, finding.category.name, finding.learning_point]
        for finding in findings
        if finding.learning_point
    ]
    return ReportSection(
        title="Practitioner-led multi-agency audits",
        slug="learning-audits",
        figures=[
            Figure("Audits in the programme", len(audits)),
            Figure("Audits completed", len(completed)),
            Figure("Cases audited", sum(audit.case_count for audit in audits)),
            Figure("Strengths found", kinds.get(Finding.Kind.STRENGTH, 0)),
            Figure("Areas for development found", kinds.get(Finding.Kind.DEVELOPMENT, 0)),
        ],
        tables=[
            Table(
                caption=f"Audits {year.label}",
                headers=["Audit", "Theme", "Cases", "Overall grades agreed", "Stage"],
                rows=rows,
                slug="audits",
            ),
            Table(
                caption="Learning points",
                headers=["Audit", "Category", "Learning point"],
                rows=learning,
                slug="learning",
            ),
        ],
        narrative_slots=["audit-overview"],
    )


def _recurring_section(year: FinancialYear) -> ReportSection:
    analysis = recurring.analyse(last_year=year.start_year, limit=10)
    this_year = recurring.analyse(year.start_year, year.start_year)
    category_rows = [[row["category"], row["kind"], row["total"]] for row in this_year.category_rows() if row["total"]]
    recurring_rows = [
        [
            f"{item.kind_label}: {item.category}, {item.theme}",
            item.audit_count,
            item.findings,
            ", ".join(item.year_labels),
            f"{item.open_actions} open, {item.completed_actions} completed",
        ]
        for item in analysis.recurring
    ]
    return ReportSection(
        title="Recurring themes and observations",
        slug="learning-recurring-themes",
        figures=[
            Figure("Findings this year", this_year.total),
            Figure("Themes found by more than one audit", len(analysis.recurring)),
        ],
        tables=[
            Table(
                caption=f"Findings by category, {year.label}",
                headers=["Category", "Kind", "Findings"],
                rows=category_rows,
                slug="categories",
            ),
            Table(
                caption=f"Recurring themes to {year.label}",
                headers=["Theme", "Audits", "Findings", "Years", "Actions"],
                rows=recurring_rows,
                slug="recurring",
            ),
        ],
        narrative_slots=["recurring-themes"],
    )
