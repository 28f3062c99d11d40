"""How the performance pages answer each persona (see hub.testing.Route).

Returns: the agency's SPOCs and the business unit; dashboards and indicators: partnership
readers and SPOCs (their own agency); exception reports: partnership readers only.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hub.testing import ANONYMOUS, Route

SIGN_IN = {ANONYMOUS: 302}
READERS = {**SIGN_IN, "business_unit": 200, "scrutineer": 200, "executive": 200}
REFUSED = {**SIGN_IN, "*": 404}


def _period():
    from hub.scorecards.models import ReportingPeriod

    today = timezone.localdate()
    end = today - timedelta(days=5)
    return ReportingPeriod.objects.create(
        key="matrix-q",
        label="Matrix quarter",
        start=end - timedelta(days=89),
        end=end,
        deadline=today + timedelta(days=20),
    )


def _indicator_of_a(personas):
    from hub.scorecards.tests.factories import make_indicator

    return make_indicator("MX-01", personas.agency_a)


def _draft(personas):
    from hub.scorecards.models import Return

    _indicator_of_a(personas)
    return Return.objects.create(agency=personas.agency_a, period=_period())


def _return_kwargs(personas):
    return {"uuid": _draft(personas).uuid}


def _upload_kwargs(personas):
    from hub.scorecards.models import ReturnUpload

    scorecard_return = _draft(personas)
    upload = ReturnUpload.objects.create(
        scorecard_return=scorecard_return, uploaded_by=personas.spoc_a, filename="a.xlsx", digest="x", content=b"x"
    )
    return {"uuid": scorecard_return.uuid, "upload": upload.uuid}


def _report(personas):
    from hub.scorecards.models import ExceptionEntry, ExceptionReport

    _indicator_of_a(personas)
    report = ExceptionReport.objects.create(period=_period())
    return report, ExceptionEntry.objects.create(
        report=report, kind=ExceptionEntry.Kind.MISSING, agency=personas.agency_a, finding="No return."
    )


def _report_kwargs(personas):
    return {"period_key": _report(personas)[0].period.key}


def _entry_kwargs(personas):
    return {"uuid": _report(personas)[1].uuid}


def _start_kwargs(personas):
    _indicator_of_a(personas)
    return {"agency_code": personas.agency_a.short_code, "period_key": _period().key}


def _enquiry(personas, *, findings=""):
    from hub.scorecards.models import LineOfEnquiry

    enquiry = LineOfEnquiry.objects.create(
        question="Why did missing episodes rise?",
        due_on=timezone.localdate() + timedelta(days=30),
        opened_by=personas.business_unit,
        findings=findings,
        status=LineOfEnquiry.Status.DEEP_DIVE if findings else LineOfEnquiry.Status.OPEN,
    )
    enquiry.indicators.set([_indicator_of_a(personas)])
    enquiry.agencies.set([personas.agency_a])
    return enquiry


def _enquiry_kwargs(personas):
    return {"uuid": _enquiry(personas).uuid}


def _deep_dive_kwargs(personas):
    return {"uuid": _enquiry(personas, findings="Placements out of area.").uuid}


def _answer_kwargs(personas):
    return {"uuid": _enquiry(personas).uuid, "agency_code": personas.agency_a.short_code}


ASKED = {**READERS, "spoc_a": 200, "*": 404}
BUSINESS_UNIT = {**SIGN_IN, "business_unit": 200, "*": 404}

ROUTES = [
    Route("scorecards:dashboard", {**READERS, "spoc_a": 200, "spoc_b": 200, "*": 404}),
    Route("scorecards:dashboard", {**READERS, "spoc_a": 200, "spoc_b": 200, "*": 404}, query="agency=aga&theme=x"),
    Route(
        "scorecards:indicator",
        {**READERS, "spoc_a": 200, "*": 404},
        kwargs=lambda personas: {"code": _indicator_of_a(personas).code},
    ),
    Route("scorecards:indicator", REFUSED, kwargs=lambda personas: {"code": "NOPE"}),
    Route("scorecards:returns", {**SIGN_IN, "spoc_a": 200, "spoc_b": 200, "business_unit": 200, "*": 404}),
    Route("scorecards:return-start", {**SIGN_IN, "spoc_a": 302, "*": 404}, kwargs=_start_kwargs, method="POST"),
    Route("scorecards:return", {**SIGN_IN, "spoc_a": 200, "business_unit": 200, "*": 404}, kwargs=_return_kwargs),
    Route(
        "scorecards:return",
        {**SIGN_IN, "spoc_a": 302, "*": 404},
        kwargs=_return_kwargs,
        method="POST",
    ),
    Route(
        "scorecards:return-template",
        {**SIGN_IN, "spoc_a": 200, "business_unit": 200, "*": 404},
        kwargs=_return_kwargs,
    ),
    Route("scorecards:return-upload", {**SIGN_IN, "spoc_a": 200, "*": 404}, kwargs=_return_kwargs),
    Route("scorecards:return-upload", {**SIGN_IN, "spoc_a": 400, "*": 404}, kwargs=_return_kwargs, method="POST"),
    Route("scorecards:return-upload-confirm", {**SIGN_IN, "spoc_a": 200, "*": 404}, kwargs=_upload_kwargs),
    Route("scorecards:return-submit", {**SIGN_IN, "spoc_a": 200, "*": 404}, kwargs=_return_kwargs),
    Route("scorecards:return-submit", {**SIGN_IN, "spoc_a": 302, "*": 404}, kwargs=_return_kwargs, method="POST"),
    Route(
        "scorecards:return-approve", {**SIGN_IN, "business_unit": 302, "*": 404}, kwargs=_return_kwargs, method="POST"
    ),
    Route("scorecards:return-send-back", {**SIGN_IN, "business_unit": 200, "*": 404}, kwargs=_return_kwargs),
    Route(
        "scorecards:return-send-back",
        {**SIGN_IN, "business_unit": 400, "*": 404},
        kwargs=_return_kwargs,
        method="POST",
    ),
    Route("scorecards:return-exception", {**SIGN_IN, "business_unit": 200, "*": 404}, kwargs=_return_kwargs),
    Route("scorecards:exception-reports", {**READERS, "*": 404}),
    Route("scorecards:exception-report", {**READERS, "*": 404}, kwargs=_report_kwargs),
    Route("scorecards:exception-report", REFUSED, kwargs=lambda personas: {"period_key": "none"}),
    Route("scorecards:exception-report-pdf", {**READERS, "*": 404}, kwargs=_report_kwargs),
    Route(
        "scorecards:exception-report-generate",
        {**SIGN_IN, "business_unit": 302, "*": 404},
        kwargs=_report_kwargs,
        method="POST",
    ),
    Route("scorecards:exception-report-table", BUSINESS_UNIT, kwargs=_report_kwargs),
    Route("scorecards:exception-entry", {**SIGN_IN, "business_unit": 200, "*": 404}, kwargs=_entry_kwargs),
    # Lines of enquiry and deep dives
    Route("scorecards:enquiries", {**READERS, "spoc_a": 200, "spoc_b": 200, "*": 404}),
    Route("scorecards:enquiry", ASKED, kwargs=_enquiry_kwargs),
    Route("scorecards:enquiry-open", BUSINESS_UNIT, kwargs=_entry_kwargs),
    Route("scorecards:enquiry-answer", {**SIGN_IN, "spoc_a": 200, "*": 404}, kwargs=_answer_kwargs),
    Route("scorecards:enquiry-answer", {**SIGN_IN, "spoc_a": 400, "*": 404}, kwargs=_answer_kwargs, method="POST"),
    Route("scorecards:enquiry-findings", BUSINESS_UNIT, kwargs=_enquiry_kwargs),
    Route("scorecards:enquiry-action", BUSINESS_UNIT, kwargs=_enquiry_kwargs),
    Route("scorecards:enquiry-close", {**SIGN_IN, "business_unit": 302, "*": 404}, kwargs=_enquiry_kwargs),
    Route("scorecards:enquiry-close", BUSINESS_UNIT, kwargs=_deep_dive_kwargs),
]
