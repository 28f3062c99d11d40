"""Audit records for tests: a grading scheme, a template with areas and questions, audits and cases."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from hub.learning.audits.models import (
    Audit,
    AuditArea,
    AuditCase,
    AuditProgramme,
    AuditQuestion,
    AuditReturn,
    AuditTemplate,
    Finding,
    FindingCategory,
)
from hub.learning.common import Grade, GradingScheme, QuestionKind


def make_scheme(name: str = "Four grades") -> GradingScheme:
    scheme, created = GradingScheme.objects.get_or_create(name=name)
    if created:
        for position, (code, label, colour) in enumerate(
            (("good", "Good", "green"), ("ri", "Requires improvement", "yellow"), ("poor", "Inadequate", "red")),
            start=1,
        ):
            Grade.objects.create(scheme=scheme, position=position, code=code, label=label, colour=colour)
    return scheme


def make_template(name: str = "Case audit") -> AuditTemplate:
    scheme = make_scheme()
    template = AuditTemplate.objects.create(name=name, grading_scheme=scheme)
    assessment = AuditArea.objects.create(template=template, position=1, name="Assessment")
    AuditArea.objects.create(template=template, position=2, name="Voice of the child")
    AuditQuestion.objects.create(
        template=template, position=1, area=assessment, text="How was risk assessed?", kind=QuestionKind.LONG_TEXT
    )
    AuditQuestion.objects.create(template=template, position=2, text="Was the child seen?", kind=QuestionKind.YES_NO)
    AuditQuestion.objects.create(
        template=template, position=3, text="Grade your practice", kind=QuestionKind.GRADE, grading_scheme=scheme
    )
    AuditQuestion.objects.create(
        template=template, position=4, text="Anything else?", kind=QuestionKind.TEXT, required=False
    )
    return template


def make_audit(agencies, *, status=Audit.Status.RETURNS, year: int | None = None, title="Neglect audit", **fields):
    year = year or timezone.localdate().year - 1
    programme, _ = AuditProgramme.objects.get_or_create(year=year)
    template = fields.pop("template", None) or AuditTemplate.objects.first() or make_template()
    today = timezone.localdate()
    audit = Audit.objects.create(
        programme=programme,
        title=title,
        topic="Neglect",
        key_lines_of_enquiry="Is neglect recognised?\nIs the child heard?",
        scope="Five cases",
        method="Agency returns and moderation",
        template=template,
        status=status,
        case_selection_on=fields.pop("case_selection_on", today - timedelta(days=30)),
        returns_due_on=fields.pop("returns_due_on", today + timedelta(days=10)),
        moderation_on=fields.pop("moderation_on", today + timedelta(days=20)),
        **fields,
    )
    audit.agencies.set(agencies)
    return audit


def add_case(audit: Audit, reference: str, agencies, *, owner=None) -> AuditCase:
    case = AuditCase.objects.create(audit=audit, reference=reference, owning_agency=owner or agencies[0])
    case.agencies.set(agencies)
    for agency in agencies:
        AuditReturn.objects.create(case=case, agency=agency)
    return case


def category(slug: str = "system", name: str = "System", position: int = 1) -> FindingCategory:
    return FindingCategory.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})[0]


def make_finding(audit: Audit, *, kind=Finding.Kind.DEVELOPMENT, category_slug="system", themes=(), **fields):
    names = {"system": "System", "child-centred": "Child Centred", "working-together": "Working Together"}
    finding = Finding.objects.create(
        audit=audit,
        kind=kind,
        category=category(category_slug, names.get(category_slug, category_slug)),
        summary=fields.pop("summary", "Plans missed the siblings"),
        **fields,
    )
    finding.themes.set(themes)
    return finding


def complete_answers(template: AuditTemplate) -> dict:
    answers = {}
    for question in template.questions.all():
        if question.kind == QuestionKind.YES_NO:
            answers[question.key] = "yes"
        elif question.kind == QuestionKind.GRADE:
            answers[question.key] = "good"
        else:
            answers[question.key] = "Assessed at each strategy discussion"
    return answers


def last_year_start() -> date:
    return date(timezone.localdate().year - 1, 4, 1)
