"""Builders for Section 11 tests: a four-point scheme, standards, a round and assessments.

Each builder makes the least a test needs::

    scheme = make_scheme()
    standards = make_standards(3)
    round_ = make_round([agency_a, agency_b], standards=standards)
    assessment = make_assessment(round_, agency_a)
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hub.learning.common import Grade, GradingScheme
from hub.learning.section11.models import (
    Section11Assessment,
    Section11Round,
    Section11Standard,
    StandardRating,
)

GRADES = (
    ("fully-met", "Fully met", "green"),
    ("mostly-met", "Mostly met", "turquoise"),
    ("partly-met", "Partly met", "yellow"),
    ("not-met", "Not met", "red"),
)


def make_scheme(name: str = "Section 11 four point") -> GradingScheme:
    scheme, created = GradingScheme.objects.get_or_create(name=name)
    if created:
        for position, (code, label, colour) in enumerate(GRADES, 1):
            Grade.objects.create(scheme=scheme, position=position, code=code, label=label, colour=colour)
    return scheme


def make_standards(count: int = 3) -> list[Section11Standard]:
    titles = (
        "Senior management commitment",
        "Statement of responsibilities",
        "Line of accountability",
        "Service development",
        "Training",
        "Safer recruitment",
        "Inter-agency working",
        "Information sharing",
    )
    return [
        Section11Standard.objects.get_or_create(
            number=number, defaults={"title": titles[number - 1], "position": number}
        )[0]
        for number in range(1, count + 1)
    ]


def make_round(
    agencies, *, year: int | None = None, standards=None, status=Section11Round.Status.OPEN, due_on=None, opens_on=None
) -> Section11Round:
    today = timezone.localdate()
    round_ = Section11Round.objects.create(
        year=year or today.year,
        opens_on=opens_on or today - timedelta(days=30),
        due_on=due_on or today + timedelta(days=30),
        status=status,
        grading_scheme=make_scheme(),
    )
    round_.standards.set(standards if standards is not None else make_standards())
    round_.agencies.set(agencies)
    return round_


def make_assessment(
    round_, agency, *, status=Section11Assessment.Status.DRAFT, ratings: dict | None = None, **fields
) -> Section11Assessment:
    """An assessment with a rating row per standard of the round; ``ratings`` maps a standard number
    to ``(self_rating, evidence)`` or ``(self_rating, evidence, moderated_rating)``."""
    assessment = Section11Assessment.objects.create(round=round_, agency=agency, status=status, **fields)
    ratings = ratings or {}
    for standard in round_.standards.all():
        values = ratings.get(standard.number, ("", ""))
        StandardRating.objects.create(
            assessment=assessment,
            standard=standard,
            self_rating=values[0],
            evidence=values[1],
            moderated_rating=values[2] if len(values) > 2 else "",
        )
    return assessment


def all_rated(count: int = 3, rating: str = "mostly-met") -> dict:
    return {number: (rating, f"Evidence for standard {number}.") for number in range(1, count + 1)}


def pdf_upload(name: str = "policy.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", content_type="application/pdf"
    )


def html_upload(name: str = "policy.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"<html><script>alert(1)</script></html>", content_type="application/pdf")


def learning_group_member(person, started_on: date = date(2020, 1, 1)):
    """Make ``person`` a member of the group that receives the audit programme, so they read learning."""
    from hub.governance.models import Group, Membership
    from hub.learning.common import LearningSettings

    group, _ = Group.objects.get_or_create(
        name="Performance and Learning Group", defaults={"slug": "plg", "short_name": "PLG", "purpose": "Learning."}
    )
    settings = LearningSettings.load()
    settings.audit_group = group
    settings.save()
    Membership.objects.create(group=group, person=person, started_on=started_on)
    person.__dict__.pop("_reads_learning", None)
    return person


__all__ = [
    "all_rated",
    "html_upload",
    "learning_group_member",
    "make_assessment",
    "make_round",
    "make_scheme",
    "make_standards",
    "pdf_upload",
]
