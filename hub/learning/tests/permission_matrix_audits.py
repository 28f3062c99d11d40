"""How the audit pages answer each persona (see hub.testing.Route).

The audit takes part agencies A and C; SPOC B's agency is not in it. Until moderation an agency
return is seen only by its own agency's SPOCs and the business unit. Programme, findings and
recurring themes are for partnership readers (and members of the learning groups, tested
separately); a SPOC sees the audits their agency takes part in.
"""

from __future__ import annotations

from hub.testing import ANONYMOUS, Route

SIGN_IN = {ANONYMOUS: 302}
BUSINESS_UNIT = {**SIGN_IN, "business_unit": 200, "*": 404}
READERS = {**SIGN_IN, "business_unit": 200, "scrutineer": 200, "executive": 200, "*": 404}
READERS_AND_TAKING_PART = {**READERS, "spoc_a": 200}
READERS_AND_SPOCS = {**READERS_AND_TAKING_PART, "spoc_b": 200}


def _audit(personas, status="returns"):
    from hub.learning.tests.audits.factories import add_case, make_audit

    audit = make_audit([personas.agency_a, personas.agency_c], status=status)
    add_case(audit, "A-001", [personas.agency_a, personas.agency_c])
    return audit


def _audit_kwargs(status):
    return lambda personas: {"uuid": _audit(personas, status).uuid}


def _year(personas):
    audit = _audit(personas)
    return {"year_slug": audit.programme.financial_year.slug}


def _return_of_a(personas):
    from hub.learning.audits.models import AuditReturn

    audit = _audit(personas)
    return {"uuid": AuditReturn.objects.get(case__audit=audit, agency=personas.agency_a).uuid}


def _case(status):
    def kwargs(personas):
        return {"uuid": _audit(personas, status).cases.get().uuid}

    return kwargs


def _finding(personas):
    from hub.learning.tests.audits.factories import make_finding

    return {"uuid": make_finding(_audit(personas, "completed")).uuid}


ROUTES = [
    Route("learning:audits", READERS_AND_SPOCS),
    Route("learning:audit-programme", READERS_AND_SPOCS, kwargs=_year),
    Route("learning:audit-programme-pdf", READERS, kwargs=_year),
    Route("learning:audit-programme-table", BUSINESS_UNIT, kwargs=_year),
    Route("learning:audit", READERS_AND_TAKING_PART, kwargs=_audit_kwargs("returns")),
    Route("learning:audit-status", BUSINESS_UNIT, kwargs=_audit_kwargs("returns")),
    Route(
        "learning:audit-status", {**BUSINESS_UNIT, "business_unit": 400}, kwargs=_audit_kwargs("returns"), method="POST"
    ),
    Route("learning:audit-case-add", BUSINESS_UNIT, kwargs=_audit_kwargs("returns")),
    Route(
        "learning:audit-case-add",
        {**BUSINESS_UNIT, "business_unit": 400},
        kwargs=_audit_kwargs("returns"),
        method="POST",
    ),
    Route("learning:audit-finding-add", BUSINESS_UNIT, kwargs=_audit_kwargs("moderation")),
    Route("learning:audit-report", READERS_AND_TAKING_PART, kwargs=_audit_kwargs("completed")),
    Route("learning:audit-report-pdf", READERS_AND_TAKING_PART, kwargs=_audit_kwargs("completed")),
    Route("learning:audit-report-table", BUSINESS_UNIT, kwargs=_audit_kwargs("completed")),
    Route("learning:audit-returns", {**SIGN_IN, "business_unit": 200, "spoc_a": 200, "spoc_b": 200, "*": 404}),
    Route("learning:audit-return", {**SIGN_IN, "business_unit": 200, "spoc_a": 200, "*": 404}, kwargs=_return_of_a),
    Route("learning:audit-return", {**SIGN_IN, "spoc_a": 302, "*": 404}, kwargs=_return_of_a, method="POST"),
    Route(
        "learning:audit-return-reopen", {**SIGN_IN, "business_unit": 302, "*": 404}, kwargs=_return_of_a, method="POST"
    ),
    Route(
        "learning:audit-case-remove",
        {**SIGN_IN, "business_unit": 302, "*": 404},
        kwargs=_case("returns"),
        method="POST",
    ),
    Route("learning:audit-case-moderation", BUSINESS_UNIT, kwargs=_case("moderation")),
    Route("learning:finding", READERS_AND_TAKING_PART, kwargs=_finding),
    Route("learning:finding-edit", BUSINESS_UNIT, kwargs=_finding),
    Route("learning:finding-action", BUSINESS_UNIT, kwargs=_finding),
    Route("learning:recurring-themes", READERS),
]
