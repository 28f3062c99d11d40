"""Builders for assurance tests: a template with a RAG question, plan items, reports and an executive meeting."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from hub.governance.tests.factories import make_group, make_meeting
from hub.learning.assurance.models import AssurancePlanItem, AssuranceReport, AssuranceSection, AssuranceTemplate
from hub.learning.common import Grade, GradingScheme, QuestionKind


def make_template(name: str = "Assurance and impact") -> AssuranceTemplate:
    """Improvement outcomes, impact (both required), a required RAG grade and an optional note."""
    scheme, _ = GradingScheme.objects.get_or_create(name="RAG for tests")
    for position, (code, label, colour) in enumerate(
        (("green", "Green", "green"), ("amber", "Amber", "yellow"), ("red", "Red", "red")), start=1
    ):
        Grade.objects.get_or_create(
            scheme=scheme, code=code, defaults={"position": position, "label": label, "colour": colour}
        )
    template = AssuranceTemplate.objects.create(name=name)
    AssuranceSection.objects.create(template=template, position=1, text="Improvement outcomes")
    AssuranceSection.objects.create(template=template, position=2, text="Impact")
    AssuranceSection.objects.create(
        template=template, position=3, text="Self-assessed RAG rating", kind=QuestionKind.GRADE, grading_scheme=scheme
    )
    AssuranceSection.objects.create(template=template, position=4, text="Anything else", required=False)
    return template


def sections(template: AssuranceTemplate) -> dict[str, AssuranceSection]:
    return {section.text: section for section in template.sections.all()}


def make_plan_item(agency, *, template=None, topic="Voice of the child", due_on=None, year=2022, **fields):
    return AssurancePlanItem.objects.create(
        agency=agency,
        template=template or make_template(f"Template for {topic} {agency.short_code}"),
        topic=topic,
        year=year,
        due_on=due_on or timezone.localdate() + timedelta(days=30),
        **fields,
    )


def complete_answers(template: AssuranceTemplate) -> dict:
    by_text = sections(template)
    return {
        by_text["Improvement outcomes"].key: "Return home conversations offered to every child.",
        by_text["Impact"].key: "Children say they are listened to.",
        by_text["Self-assessed RAG rating"].key: "amber",
    }


def make_report(agency, *, status=AssuranceReport.Status.DRAFT, answers=None, **item_fields) -> AssuranceReport:
    item = make_plan_item(agency, **item_fields)
    report = AssuranceReport.objects.create(plan_item=item, agency=agency, status=status)
    if answers is None and status != AssuranceReport.Status.DRAFT:
        answers = complete_answers(item.template)
    if answers:
        report.answers = answers
    if status != AssuranceReport.Status.DRAFT:
        report.submitted_at = timezone.now()
    report.save()
    return report


def make_executive_meeting(*, days_ago: int = 3, group=None):
    group = group or make_group("Safeguarding Executive Group", slug="executive", is_executive=True)
    return make_meeting(group, starts_at=timezone.now() - timedelta(days=days_ago))


def any_date() -> date:
    return timezone.localdate() - timedelta(days=1)
