"""How the independent scrutiny pages answer each persona (see hub.testing.Route).

Readers (the business unit, the scrutineer, executives, group members) see the plan, reviews,
challenge log and statements; the scrutineer and the business unit keep them; a SPOC sees the
challenges to their agency and records its response; only the scrutineer signs off the statement.
"""

from __future__ import annotations

from hub.testing import ANONYMOUS, Route

SIGN_IN = {ANONYMOUS: 302}
READERS = {**SIGN_IN, "business_unit": 200, "scrutineer": 200, "executive": 200}
KEEPERS = {**SIGN_IN, "business_unit": 200, "scrutineer": 200, "*": 404}
KEEPERS_POST = {**SIGN_IN, "business_unit": 400, "scrutineer": 400, "*": 404}


def _challenge_kwargs(personas, **fields):
    from hub.learning.tests.scrutiny.factories import make_challenge

    return {"uuid": make_challenge(personas.agency_a, **fields).uuid}


def _responded_kwargs(personas):
    return _challenge_kwargs(personas, status="responded")


def _review_kwargs(personas):
    from hub.learning.tests.scrutiny.factories import make_review

    return {"uuid": make_review().uuid}


def _plan_kwargs(personas):
    from hub.learning.scrutiny.models import ScrutinyPlanItem

    item = ScrutinyPlanItem.objects.create(year=2022, topic="Harmful sexual behaviour", method="Panel review")
    return {"uuid": item.uuid}


def _statement_kwargs(personas):
    from hub.learning.tests.scrutiny.factories import make_statement

    return {"year": make_statement(2021).financial_year.slug}


ROUTES = [
    Route("learning:scrutiny", {**READERS, "*": 404}),
    Route("learning:scrutiny-challenges", {**READERS, "spoc_a": 200, "spoc_b": 200, "*": 404}),
    Route("learning:scrutiny-challenges", {**READERS, "spoc_a": 200, "spoc_b": 200, "*": 404}, query="status=open"),
    Route("learning:scrutiny-challenge-new", KEEPERS),
    Route("learning:scrutiny-challenge-new", KEEPERS_POST, method="POST"),
    Route("learning:scrutiny-challenge", {**READERS, "spoc_a": 200, "*": 404}, kwargs=_challenge_kwargs),
    Route("learning:scrutiny-challenge-edit", KEEPERS, kwargs=_challenge_kwargs),
    Route("learning:scrutiny-challenge-edit", KEEPERS_POST, kwargs=_challenge_kwargs, method="POST"),
    Route("learning:scrutiny-challenge-respond", {**KEEPERS, "spoc_a": 200}, kwargs=_challenge_kwargs),
    Route(
        "learning:scrutiny-challenge-respond", {**KEEPERS_POST, "spoc_a": 400}, kwargs=_challenge_kwargs, method="POST"
    ),
    Route("learning:scrutiny-challenge-close", KEEPERS, kwargs=_responded_kwargs),
    Route("learning:scrutiny-challenge-close", KEEPERS_POST, kwargs=_responded_kwargs, method="POST"),
    Route("learning:scrutiny-review", {**READERS, "*": 404}, kwargs=_review_kwargs),
    Route("learning:scrutiny-review-new", KEEPERS),
    Route("learning:scrutiny-review-new", KEEPERS_POST, method="POST"),
    Route("learning:scrutiny-review-edit", KEEPERS, kwargs=_review_kwargs),
    Route("learning:scrutiny-review-action", KEEPERS, kwargs=_review_kwargs),
    Route("learning:scrutiny-plan-new", KEEPERS),
    Route("learning:scrutiny-plan-edit", KEEPERS, kwargs=_plan_kwargs),
    Route("learning:scrutiny-statement", {**READERS, "*": 404}, kwargs=_statement_kwargs),
    Route("learning:scrutiny-statement", KEEPERS, kwargs=lambda personas: {"year": "2022-23"}),
    Route("learning:scrutiny-statement", {**SIGN_IN, "*": 404}, kwargs=lambda personas: {"year": "not-a-year"}),
    Route("learning:scrutiny-statement-edit", KEEPERS, kwargs=_statement_kwargs),
    Route("learning:scrutiny-statement-edit", KEEPERS_POST, kwargs=_statement_kwargs, method="POST"),
    Route("learning:scrutiny-statement-sign-off", {**SIGN_IN, "scrutineer": 200, "*": 404}, kwargs=_statement_kwargs),
    Route(
        "learning:scrutiny-statement-sign-off",
        {**SIGN_IN, "scrutineer": 302, "*": 404},
        kwargs=_statement_kwargs,
        method="POST",
    ),
]
