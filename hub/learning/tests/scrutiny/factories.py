"""Builders for scrutiny tests."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from hub.learning.scrutiny.models import Challenge, ScrutinyReview, ScrutinyStatement


def make_challenge(to_agency=None, *, status=Challenge.Status.OPEN, to_group="", **fields) -> Challenge:
    raised_on = fields.pop("raised_on", timezone.localdate() - timedelta(days=20))
    challenge = Challenge(
        to_agency=to_agency,
        to_group=to_group,
        raised_on=raised_on,
        summary=fields.pop("summary", "Outcome of referrals from schools"),
        challenge=fields.pop("challenge", "How are schools told the outcome of a referral?"),
        status=status,
        **fields,
    )
    if status != Challenge.Status.OPEN:
        challenge.response = challenge.response or "Within three working days."
        challenge.responded_on = challenge.responded_on or raised_on + timedelta(days=5)
    if status == Challenge.Status.CLOSED:
        challenge.closed_on = challenge.closed_on or raised_on + timedelta(days=10)
        challenge.closure_evidence = challenge.closure_evidence or "Audit in January."
    challenge.save()
    return challenge


def make_review(**fields) -> ScrutinyReview:
    fields.setdefault("title", "Designated Safeguarding Leads")
    fields.setdefault("year", 2021)
    fields.setdefault("purpose", "To seek assurance on Designated Safeguarding Leads.")
    return ScrutinyReview.objects.create(**fields)


def make_statement(year: int = 2021, *, signed: bool = False, **fields) -> ScrutinyStatement:
    fields.setdefault("text", "First paragraph.\n\nSecond paragraph.")
    if signed:
        fields.setdefault("signed_off_at", timezone.now())
    return ScrutinyStatement.objects.create(year=year, **fields)


def a_date(days_ago: int) -> date:
    return timezone.localdate() - timedelta(days=days_ago)
