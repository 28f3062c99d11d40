"""How the Section 11 pages answer each persona (see hub.testing.Route).

Beside the shared personas, ``group_member`` is a member of the group that receives the learning
work (``access.reads_learning``): they see each round's dashboard and nothing else here.
"""

from __future__ import annotations

from hub.testing import ANONYMOUS, Route

SIGN_IN = {ANONYMOUS: 302}
READERS = {**SIGN_IN, "business_unit": 200, "scrutineer": 200, "executive": 200}
BUSINESS_UNIT = {**SIGN_IN, "business_unit": 200, "*": 404}
SPOC_A = {**SIGN_IN, "spoc_a": 200, "*": 404}


def _round(personas):
    from hub.learning.tests.section11.factories import make_round, make_standards

    return make_round([personas.agency_a, personas.agency_b], year=2021, standards=make_standards(2))


def _year_kwargs(personas):
    return {"year": _round(personas).financial_year.slug}


def _assessment(personas, **fields):
    from hub.learning.tests.section11.factories import make_assessment

    return make_assessment(_round(personas), personas.agency_a, **fields)


def _draft_kwargs(personas):
    return {"uuid": _assessment(personas).uuid}


def _submitted_kwargs(personas):
    from hub.learning.section11.models import Section11Assessment
    from hub.learning.tests.section11.factories import all_rated

    return {"uuid": _assessment(personas, status=Section11Assessment.Status.SUBMITTED, ratings=all_rated(2)).uuid}


def _standard_kwargs(personas):
    return {"uuid": _assessment(personas).uuid, "number": 1}


def _evidence(personas):
    from django.core.files.base import ContentFile

    from hub.learning.section11.models import EvidenceFile

    rating = _assessment(personas).ratings.first()
    item = EvidenceFile(rating=rating, original_filename="policy.txt", content_type="text/plain", size=12)
    item.file.save("policy.txt", ContentFile(b"Our policy.\n"), save=True)
    return {"uuid": item.uuid}


def _challenge_kwargs(personas):
    from datetime import date

    from hub.learning.section11.models import ChallengeSession

    session = ChallengeSession.objects.create(
        round=_round(personas),
        agency=personas.agency_a,
        held_on=date(2022, 2, 9),
        attendees="Business manager",
        challenges="How do you know?",
        responses="Audits.",
        outcome="Agreed.",
    )
    return {"uuid": session.uuid}


ROUTES = [
    Route(
        "learning:section11-home",
        {**READERS, "spoc_a": 200, "spoc_b": 200, "group_member": 200, "*": 404},
    ),
    Route("learning:section11-round", {**READERS, "group_member": 200, "*": 404}, kwargs=_year_kwargs),
    Route(
        "learning:section11-round",
        {**SIGN_IN, "*": 404},
        kwargs=lambda personas: {"year": "not-a-year"},
    ),
    Route("learning:section11-round-open", BUSINESS_UNIT, kwargs=_year_kwargs),
    Route(
        "learning:section11-round-open",
        {**SIGN_IN, "business_unit": 302, "*": 404},
        kwargs=_year_kwargs,
        method="POST",
    ),
    Route("learning:section11-challenge-new", BUSINESS_UNIT, kwargs=_year_kwargs),
    Route(
        "learning:section11-challenge-new",
        {**SIGN_IN, "business_unit": 400, "*": 404},
        kwargs=_year_kwargs,
        method="POST",
    ),
    Route("learning:section11-assessment", {**READERS, "spoc_a": 200, "*": 404}, kwargs=_draft_kwargs),
    Route("learning:section11-standard", SPOC_A, kwargs=_standard_kwargs),
    Route(
        "learning:section11-standard",
        {**SIGN_IN, "spoc_a": 400, "*": 404},
        kwargs=_standard_kwargs,
        method="POST",
    ),
    Route("learning:section11-submit", SPOC_A, kwargs=_draft_kwargs),
    Route("learning:section11-submit", {**SIGN_IN, "spoc_a": 400, "*": 404}, kwargs=_draft_kwargs, method="POST"),
    Route("learning:section11-moderate", BUSINESS_UNIT, kwargs=_submitted_kwargs),
    Route(
        "learning:section11-moderate",
        {**SIGN_IN, "business_unit": 302, "*": 404},
        kwargs=_submitted_kwargs,
        method="POST",
    ),
    Route("learning:section11-return", BUSINESS_UNIT, kwargs=_submitted_kwargs),
    Route(
        "learning:section11-return",
        {**SIGN_IN, "business_unit": 400, "*": 404},
        kwargs=_submitted_kwargs,
        method="POST",
    ),
    Route("learning:section11-action", BUSINESS_UNIT, kwargs=_submitted_kwargs),
    Route(
        "learning:section11-action",
        {**SIGN_IN, "business_unit": 400, "*": 404},
        kwargs=_submitted_kwargs,
        method="POST",
    ),
    Route("learning:section11-evidence", {**READERS, "spoc_a": 200, "*": 404}, kwargs=_evidence),
    Route(
        "learning:section11-evidence-remove",
        {**SIGN_IN, "spoc_a": 302, "*": 404},
        kwargs=_evidence,
        method="POST",
    ),
    Route("learning:section11-challenge", {**READERS, "spoc_a": 200, "*": 404}, kwargs=_challenge_kwargs),
]
