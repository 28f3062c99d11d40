"""The audit papers: an audit's findings report and the year's programme, as HTML and tagged PDF,
and tabling either at a meeting of the audit group through the governance paper service."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Count
from django.template.loader import render_to_string

from hub.core.audit import log_action, register_event
from hub.core.models import PartnershipSettings
from hub.learning.audits.models import Audit, AuditProgramme, CaseModeration, Finding
from hub.learning.audits.services import actions_for_findings
from hub.learning.common import LearningSettings

PDF_VARIANT = "pdf/ua-1"
CONFIDENTIALITY = "For members of the group; cases are known only by agency references. No names."

register_event("learning.audit.report_tabled", "An audit's findings report was added to a meeting's papers")
register_event("learning.audit.programme_tabled", "The audit programme was added to a meeting's papers")


def findings_context(audit: Audit) -> dict:
    """Everything the findings report shows: grades agreed, findings by category, actions raised."""
    scheme = audit.template.grading_scheme
    grades = list(scheme.grades.all())
    moderations = list(
        CaseModeration.objects.filter(case__audit=audit)
        .select_related("case")
        .prefetch_related("area_grades__area")
        .order_by("case__reference")
    )
    overall = Counter(moderation.overall_grade for moderation in moderations)
    grade_counts = [(grade, overall.get(grade.code, 0)) for grade in grades]
    findings = list(audit.findings.select_related("category").prefetch_related("themes"))
    actions = actions_for_findings([finding.pk for finding in findings])
    actions_by_finding: dict[int, list] = {}
    for action in actions:
        actions_by_finding.setdefault(action.source_object_id, []).append(action)
    categories = []
    for category in {finding.category_id: finding.category for finding in findings}.values():
        in_category = [finding for finding in findings if finding.category_id == category.pk]
        for finding in in_category:
            finding.raised_actions = actions_by_finding.get(finding.pk, [])
        categories.append(
            {
                "category": category,
                "strengths": [f for f in in_category if f.kind == Finding.Kind.STRENGTH],
                "developments": [f for f in in_category if f.kind == Finding.Kind.DEVELOPMENT],
            }
        )
    categories.sort(key=lambda item: (item["category"].position, item["category"].name))
    return {
        "audit": audit,
        "grades": {grade.code: grade for grade in grades},
        "grade_counts": grade_counts,
        "moderations": moderations,
        "dissent_count": sum(1 for moderation in moderations if moderation.dissent),
        "categories": categories,
        "strength_count": sum(1 for finding in findings if finding.kind == Finding.Kind.STRENGTH),
        "development_count": sum(1 for finding in findings if finding.kind == Finding.Kind.DEVELOPMENT),
        "learning_points": [finding for finding in findings if finding.learning_point],
        "actions": actions,
        "agencies": list(audit.agencies.order_by("name")),
        "case_count": audit.cases.count(),
    }


def _pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    context = context | {"partnership_name": PartnershipSettings.load().name}
    html = render_to_string(template, context)
    return HTML(string=html, base_url=settings.SITE_URL).write_pdf(pdf_variant=PDF_VARIANT)


def findings_pdf(audit: Audit) -> bytes:
    return _pdf("learning/audits/report_pdf.html", findings_context(audit))


def findings_filename(audit: Audit) -> str:
    return f"audit-findings-{audit.programme.financial_year.slug}-{str(audit.uuid)[:8]}.pdf"


def programme_context(programme: AuditProgramme) -> dict:
    audits = (
        programme.audits.select_related("lead")
        .prefetch_related("agencies")
        .annotate(case_count=Count("cases", distinct=True))
        .order_by("moderation_on", "title")
    )
    return {"programme": programme, "audits": audits}


def programme_pdf(programme: AuditProgramme) -> bytes:
    return _pdf("learning/audits/programme_pdf.html", programme_context(programme))


def group_meetings(since):
    """Meetings of the audit group from ``since`` on, soonest first (none when no group is set)."""
    from hub.governance.models import Meeting

    group_id = LearningSettings.load().audit_group_id
    if group_id is None:
        return Meeting.objects.none()
    return (
        Meeting.objects.filter(group_id=group_id, starts_at__date__gte=since)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("group")
        .order_by("starts_at")
    )


def table_findings(*, actor, audit: Audit, meeting, request=None):
    from hub.governance.services import add_paper

    paper = add_paper(
        actor=actor,
        meeting=meeting,
        title=f"Audit findings: {audit.title}",
        file=ContentFile(findings_pdf(audit), name=findings_filename(audit)),
        confidentiality_note=CONFIDENTIALITY,
        request=request,
    )
    log_action(
        "learning.audit.report_tabled",
        actor=actor,
        obj=audit,
        request=request,
        data={"meeting": str(meeting.uuid), "paper": str(paper.uuid)},
    )
    return paper


def table_programme(*, actor, programme: AuditProgramme, meeting, request=None):
    from hub.governance.services import add_paper

    paper = add_paper(
        actor=actor,
        meeting=meeting,
        title=f"Multi-agency audit programme {programme.financial_year.label}",
        file=ContentFile(programme_pdf(programme), name=f"audit-programme-{programme.financial_year.slug}.pdf"),
        confidentiality_note="",
        request=request,
    )
    log_action(
        "learning.audit.programme_tabled",
        actor=actor,
        obj=programme,
        request=request,
        data={"meeting": str(meeting.uuid), "paper": str(paper.uuid)},
    )
    return paper
