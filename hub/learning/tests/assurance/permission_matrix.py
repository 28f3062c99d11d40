"""How the assurance pages answer each persona (see hub.testing.Route).

The forward plan: partnership readers and SPOCs (their own agency's rows). A report: its agency's
SPOCs, the business unit, executives and the scrutineer (group members too, once submitted).
Writing and submitting: the agency's SPOCs only. The meeting's consideration: the business unit.
"""

from __future__ import annotations

from django.utils import timezone

from hub.testing import ANONYMOUS, Route

SIGN_IN = {ANONYMOUS: 302}
READERS = {**SIGN_IN, "business_unit": 200, "scrutineer": 200, "executive": 200}
BUSINESS_UNIT = {**SIGN_IN, "business_unit": 200, "*": 404}


def _draft(personas):
    from hub.learning.tests.assurance.factories import make_report

    return make_report(personas.agency_a)


def _submitted(personas):
    from hub.learning.assurance.models import AssuranceReport
    from hub.learning.tests.assurance.factories import make_report

    return make_report(personas.agency_a, status=AssuranceReport.Status.SUBMITTED)


def _draft_kwargs(personas):
    return {"uuid": _draft(personas).uuid}


def _submitted_kwargs(personas):
    return {"uuid": _submitted(personas).uuid}


def _item_kwargs(personas):
    from hub.learning.tests.assurance.factories import make_plan_item

    return {"uuid": make_plan_item(personas.agency_a).uuid}


def _question_kwargs(personas):
    from hub.learning.assurance.models import AssuranceQuestion

    question = AssuranceQuestion.objects.create(
        report=_submitted(personas), question="How do you know?", asked_on=timezone.localdate()
    )
    return {"uuid": question.uuid}


ROUTES = [
    Route("learning:assurance", {**READERS, "spoc_a": 200, "spoc_b": 200, "*": 404}),
    Route("learning:assurance-start", {**SIGN_IN, "spoc_a": 302, "*": 404}, kwargs=_item_kwargs, method="POST"),
    Route("learning:assurance-report", {**READERS, "spoc_a": 200, "*": 404}, kwargs=_draft_kwargs),
    Route("learning:assurance-report", {**READERS, "spoc_a": 200, "*": 404}, kwargs=_submitted_kwargs),
    Route("learning:assurance-report-edit", {**SIGN_IN, "spoc_a": 200, "*": 404}, kwargs=_draft_kwargs),
    Route("learning:assurance-report-edit", {**SIGN_IN, "spoc_a": 302, "*": 404}, kwargs=_draft_kwargs, method="POST"),
    Route("learning:assurance-report-submit", {**SIGN_IN, "spoc_a": 200, "*": 404}, kwargs=_draft_kwargs),
    Route(
        "learning:assurance-report-submit", {**SIGN_IN, "spoc_a": 400, "*": 404}, kwargs=_draft_kwargs, method="POST"
    ),
    Route("learning:assurance-report-pdf", {**READERS, "spoc_a": 200, "*": 404}, kwargs=_submitted_kwargs),
    Route("learning:assurance-question-new", BUSINESS_UNIT, kwargs=_submitted_kwargs),
    Route(
        "learning:assurance-question-new",
        {**SIGN_IN, "business_unit": 400, "*": 404},
        kwargs=_submitted_kwargs,
        method="POST",
    ),
    Route(
        "learning:assurance-question-respond",
        {**SIGN_IN, "business_unit": 200, "spoc_a": 200, "*": 404},
        kwargs=_question_kwargs,
    ),
    Route(
        "learning:assurance-question-respond",
        {**SIGN_IN, "business_unit": 400, "spoc_a": 400, "*": 404},
        kwargs=_question_kwargs,
        method="POST",
    ),
    Route("learning:assurance-report-consider", BUSINESS_UNIT, kwargs=_submitted_kwargs),
    Route(
        "learning:assurance-report-consider",
        {**SIGN_IN, "business_unit": 400, "*": 404},
        kwargs=_submitted_kwargs,
        method="POST",
    ),
    Route("learning:assurance-report-action", BUSINESS_UNIT, kwargs=_submitted_kwargs),
    Route("learning:assurance-report-table", BUSINESS_UNIT, kwargs=_submitted_kwargs),
]
