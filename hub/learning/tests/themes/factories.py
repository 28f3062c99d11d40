"""Builders for the improvement themes tests: themes, findings to link, cycles in each state."""

from __future__ import annotations

import itertools
from datetime import date

from hub.core.models import Theme
from hub.governance.models import Group, Meeting
from hub.learning.audits.models import Audit, AuditProgramme, AuditTemplate, Finding, FindingCategory
from hub.learning.common import GradingScheme
from hub.learning.themes.models import DeliveryCycle, ImprovementTheme
from hub.training.tests.factories import local_datetime

_counter = itertools.count(1)


def make_practice_theme(name: str = "Cumulative harm and risk assessment", slug: str = "cumulative-harm") -> Theme:
    return Theme.objects.get_or_create(slug=slug, defaults={"name": name, "is_improvement_theme": True})[0]


def make_improvement_theme(title: str | None = None, *, practice_theme: Theme | None = None, **fields):
    number = next(_counter)
    title = title or f"Improvement theme {number}"
    fields.setdefault("slug", f"improvement-{number}")
    fields.setdefault("summary", f"What {title} is about.")
    fields.setdefault("rationale", f"Why we chose {title}.")
    fields.setdefault("first_year", 2021)
    return ImprovementTheme.objects.create(
        title=title, practice_theme=practice_theme or make_practice_theme(), **fields
    )


def make_audit(title: str = "Cumulative harm audit", *, year: int = 2021) -> Audit:
    number = next(_counter)
    programme = AuditProgramme.objects.get_or_create(year=year)[0]
    scheme = GradingScheme.objects.get_or_create(name="Ofsted grades")[0]
    template = AuditTemplate.objects.create(name=f"Template {number}", grading_scheme=scheme)
    return Audit.objects.create(
        programme=programme,
        title=title,
        topic="Cumulative harm",
        key_lines_of_enquiry="Is harm to siblings considered?",
        scope="Ten children on a plan for neglect.",
        method="Agency returns and a moderation meeting.",
        template=template,
        status=Audit.Status.COMPLETED,
    )


def make_finding(summary: str = "Risks to siblings are often missed", *, audit: Audit | None = None, themes=()):
    category = FindingCategory.objects.get_or_create(slug="think-others", defaults={"name": "Think Others"})[0]
    finding = Finding.objects.create(
        audit=audit or make_audit(),
        kind=Finding.Kind.DEVELOPMENT,
        category=category,
        summary=summary,
        recommendation="Use the harm matrix for every child in the family.",
    )
    if themes:
        finding.themes.set(themes)
    return finding


def make_executive_meeting(day: date) -> Meeting:
    group = Group.objects.get_or_create(
        slug="executive", defaults={"name": "Safeguarding Executive", "purpose": "Leads.", "is_executive": True}
    )[0]
    return Meeting.objects.create(
        group=group, starts_at=local_datetime(day, 10), ends_at=local_datetime(day, 12), status=Meeting.Status.HELD
    )


def make_cycle(*, year: int = 2022, number: int = 1, status: str = DeliveryCycle.Status.PLANNED, themes=(), **fields):
    """A cycle written directly in ``status`` with the dates that state needs."""
    fields.setdefault("focus", f"Focus of cycle {number}")
    fields.setdefault("improvement_plan", "Work with health visitors; re-audit in February.")
    if status != DeliveryCycle.Status.PLANNED:
        fields.setdefault("endorsed_on", date(2022, 9, 15))
    if status in {DeliveryCycle.Status.IN_DELIVERY, DeliveryCycle.Status.REVIEWED}:
        fields.setdefault("delivery_started_on", date(2022, 10, 3))
    if status == DeliveryCycle.Status.REVIEWED:
        fields.setdefault("reviewed_on", date(2023, 2, 1))
        fields.setdefault("impact_review", "Better records of babies' daily lives.")
    cycle = DeliveryCycle.objects.create(year=year, number=number, status=status, **fields)
    if themes:
        cycle.focus_themes.set(themes)
    return cycle
