"""How the practitioner survey pages answer each persona (see hub.testing.Route).

Responding: anyone with the link, signed in or not. Results: the business unit, executives, the
independent scrutineer (and members of the learning groups, tested separately). Opening,
closing and the export: the business unit only. Everyone else 404; signed out, sign in first.
"""

from __future__ import annotations

from hub.testing import ANONYMOUS, Route

SIGN_IN = {ANONYMOUS: 302}
READERS = {**SIGN_IN, "business_unit": 200, "scrutineer": 200, "executive": 200, "*": 404}
BUSINESS_UNIT = {**SIGN_IN, "business_unit": 200, "*": 404}
EVERYONE = {ANONYMOUS: 200, "*": 200}


def _survey(personas, **fields):
    from hub.learning.tests.surveys.factories import add_response, make_survey

    survey = make_survey(**fields)
    for _ in range(5):
        add_response(survey, {"scale": "4", "yes-no": "yes"}, agency=personas.agency_a)
    return survey


def _uuid(personas):
    return {"uuid": _survey(personas).uuid}


def _draft_uuid(personas):
    from hub.learning.surveys.models import Survey

    return {"uuid": _survey(personas, status=Survey.Status.DRAFT).uuid}


def _token(personas):
    return {"token": _survey(personas).token}


def _closed_token(personas):
    from hub.learning.surveys.models import Survey

    return {"token": _survey(personas, status=Survey.Status.CLOSED).token}


ROUTES = [
    Route("learning:survey-list", READERS),
    Route("learning:survey-results", READERS, kwargs=_uuid),
    Route("learning:survey-results", READERS, kwargs=_uuid, query="group=agency:aga"),
    Route("learning:survey-results", BUSINESS_UNIT, kwargs=_draft_uuid),
    Route("learning:survey-export", BUSINESS_UNIT, kwargs=_uuid),
    Route("learning:survey-open", BUSINESS_UNIT, kwargs=_draft_uuid),
    Route("learning:survey-open", {**SIGN_IN, "business_unit": 302, "*": 404}, kwargs=_draft_uuid, method="POST"),
    Route("learning:survey-close", BUSINESS_UNIT, kwargs=_uuid),
    Route("learning:survey-close", {**SIGN_IN, "business_unit": 302, "*": 404}, kwargs=_uuid, method="POST"),
    Route("learning:survey-respond", EVERYONE, kwargs=_token),
    Route("learning:survey-respond", EVERYONE, kwargs=_closed_token),
    # An empty form: every persona gets the form back with its errors, and nothing is saved.
    Route("learning:survey-respond", {ANONYMOUS: 400, "*": 400}, kwargs=_token, method="POST"),
    Route("learning:survey-respond", {ANONYMOUS: 404, "*": 404}, kwargs=lambda personas: {"token": "no-such-link"}),
    Route("learning:survey-thanks", EVERYONE, kwargs=_token),
    Route("learning:survey-thanks", {ANONYMOUS: 404, "*": 404}, kwargs=lambda personas: {"token": "no-such-link"}),
]
