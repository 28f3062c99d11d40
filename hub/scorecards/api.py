"""Performance scorecards in the API: the indicators in force, and agencies sending their returns.

- ``GET /api/v1/indicators/`` lists every active indicator as defined for the current financial
  year. Any caller may read it (definitions are not secret), with a token or a signed-in session.
- ``POST /api/v1/returns/`` sends the figures of the calling agency token's return for one period,
  checked with the same rules as an uploaded workbook (``api_services``). ``dry_run`` checks and
  says what would change without saving; otherwise the return is saved whole or not at all, and
  ``submit`` sends it to the business unit too.

Refusals use the API's error format (``hub.core.api``): 403 when the caller cannot send a return
(no agency token, or its creator is not the agency's single point of contact); 409 when the return
can no longer be changed; 422 for a malformed field, an unknown period, or figures with blocking
problems (listed in ``problems``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated

from ninja import Field, Router, Schema, Status
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from hub.core.api import COMMON_ERRORS, ErrorOut
from hub.core.errors import DomainError
from hub.core.periods import FinancialYear, current_financial_year
from hub.core.tokens import ApiCaller
from hub.scorecards import api_services, services
from hub.scorecards.models import IndicatorVersion, ReportingPeriod, Return
from hub.scorecards.validation import MAX_VALUE, Problem, ValueInput

indicators_router = Router(tags=["Performance"])
returns_router = Router(tags=["Performance"])

MAX_COMMENT_LENGTH = 2_000
MAX_VALUES = 500
_NUMBER_TEXT = re.compile(r"[-+]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)")


# Schemas ----------------------------------------------------------------------------------------


class IndicatorOut(Schema):
    code: str
    name: str
    definition: str
    numerator_definition: str
    denominator_definition: str = Field(..., description="Empty for counts, which have no denominator.")
    unit: str = Field(..., description="count, percentage or rate (per 10,000 children).")
    unit_label: str
    polarity: str = Field(..., description="higher, lower, range (within target_low to target_high) or information.")
    polarity_label: str
    frequency: str = Field(..., description="monthly or quarterly: how often it is reported.")
    responsible_agency: str = Field(..., description="The code of the agency responsible for the indicator.")
    reporting_agencies: list[str] = Field(..., description="Codes of the agencies that send a value each period.")
    themes: list[str] = Field(..., description="Slugs of its practice themes (see /api/v1/themes).")
    target: Decimal | None
    target_low: Decimal | None
    target_high: Decimal | None
    data_source: str
    headline: bool
    in_force_from: str = Field(..., description="The financial year this definition applies from, like 2021/22.")


def _number(value, info):
    """A figure sent as a JSON number or as text ("12", "1,234", "4.5"); empty or null means none."""
    field = info.field_name
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise PydanticCustomError("number", f"Enter the {field} as a number, like 12 or 4.5, not true or false")
    if isinstance(value, int | float | Decimal):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
        if len(text) > 50 or not _NUMBER_TEXT.fullmatch(text):
            shown = text[:50] + ("…" if len(text) > 50 else "")
            raise PydanticCustomError("number", f'Enter the {field} as a number, like 12 or 4.5, not "{shown}"')
        text = text.replace(",", "")
    else:
        raise PydanticCustomError("number", f"Enter the {field} as a number, like 12 or 4.5")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise PydanticCustomError("number", f"Enter the {field} as a number, like 12 or 4.5")
    # Figures are stored to 2 decimal places; more would be rounded silently and never match again.
    if number.as_tuple().exponent < -2 and number != number.quantize(Decimal("0.01")):
        raise PydanticCustomError("number", f"Enter the {field} with no more than 2 decimal places")
    if abs(number) >= MAX_VALUE:
        raise PydanticCustomError("number", f"Enter a {field} less than 1,000,000,000,000")
    return number


Figure = Annotated[Decimal | str | None, BeforeValidator(_number)]


class ValueIn(Schema):
    code: str = Field(..., max_length=20, description="The indicator's code, as in /api/v1/indicators/.")
    numerator: Figure = Field(None, description='A number, or text like "12" or "4.5"; null or "" for none.')
    denominator: Figure = Field(None, description="Only for percentages and rates; leave out for counts.")
    comment: str = Field(
        "", max_length=MAX_COMMENT_LENGTH, description="Explains a warning, or why a figure is missing."
    )


class ReturnIn(Schema):
    period: str = Field(..., max_length=20, description="The reporting period's key, like 2022-23-q4.")
    values: list[ValueIn] = Field(
        ..., max_length=MAX_VALUES, description="A value for every indicator the agency reports in the period."
    )
    dry_run: bool = Field(False, description="Check the values and say what would change, saving nothing.")
    submit: bool = Field(False, description="After saving, submit the return to the business unit.")


class ProblemOut(Schema):
    code: str = Field(..., description="The indicator's code; empty for a problem with the whole return.")
    field: str = Field(..., description="numerator, denominator, comment, or empty for the whole value.")
    message: str
    importance: str = Field(..., description="error (must be corrected) or warning (may be explained).")
    blocking: bool = Field(..., description="Whether it stops the return being saved; false for explained warnings.")


class ReturnOut(Schema):
    agency: str = Field(..., description="The code of the token's agency.")
    period: str
    status: str | None = Field(
        ..., description="draft, submitted, returned or approved; null on a dry run before the return is started."
    )
    dry_run: bool
    saved: bool
    submitted: bool
    changed: list[str] = Field(
        ..., description="Codes whose figures or comment changed (on a dry run: would change); empty on a repeat."
    )
    problems: list[ProblemOut] = Field(..., description="Every problem, blocking or not.")


class FieldErrorOut(Schema):
    location: str
    field: str
    message: str


class RejectedOut(Schema):
    detail: str
    errors: list[FieldErrorOut] = Field([], description="Fields of the request that are not valid.")
    problems: list[ProblemOut] = Field([], description="Problems with the figures, when they stopped the save.")


# Helpers ----------------------------------------------------------------------------------------


def _indicator_out(version: IndicatorVersion) -> dict:
    return {
        "code": version.indicator.code,
        "name": version.name,
        "definition": version.definition,
        "numerator_definition": version.numerator_definition,
        "denominator_definition": version.denominator_definition,
        "unit": version.unit,
        "unit_label": version.unit_enum.label,
        "polarity": version.polarity,
        "polarity_label": version.get_polarity_display(),
        "frequency": version.frequency,
        "responsible_agency": version.agency.short_code,
        "reporting_agencies": sorted(agency.short_code for agency in version.reporters()),
        "themes": sorted(theme.slug for theme in version.themes.all()),
        "target": version.target,
        "target_low": version.target_low,
        "target_high": version.target_high,
        "data_source": version.data_source,
        "headline": version.headline,
        "in_force_from": FinancialYear(version.year).label,
    }


def _problem_out(problem: Problem) -> dict:
    return {
        "code": problem.code,
        "field": problem.field,
        "message": problem.message,
        "importance": str(problem.importance),
        "blocking": problem.blocking,
    }


def _why_caller_cannot_send(caller: ApiCaller) -> str | None:
    if caller.agency is None:
        return (
            "Sending a return needs an agency token: it says which agency the return is for. "
            "Its single point of contact can create one under API tokens in their account."
        )
    if not services.is_spoc_for(caller.user, caller.agency):
        return (
            f"Only a single point of contact for {caller.agency.name} can send its return, and the person "
            "who created this token is not one. Ask the agency's single point of contact for a token."
        )
    return None


def _get_period(key: str) -> ReportingPeriod:
    period = ReportingPeriod.objects.filter(key=key.strip().lower()).first()
    if period is None:
        raise DomainError(f"There is no reporting period {key!r}; send a key like 2022-23-q4", field="period")
    return period


# Endpoints --------------------------------------------------------------------------------------


@indicators_router.get(
    "",
    response={200: list[IndicatorOut], **COMMON_ERRORS},
    url_name="scorecards-indicators",
    summary="Performance indicators",
)
def list_indicators(request):
    """Every active indicator, as defined for the current financial year, by code.

    Targets are decimal numbers sent as text ("12.50") so that they keep their exact value.
    """
    year = current_financial_year().start_year
    return [_indicator_out(version) for version in services.versions_in_force(year)]


@returns_router.post(
    "",
    response={200: ReturnOut, 403: ErrorOut, 409: ErrorOut, 422: RejectedOut, **COMMON_ERRORS},
    url_name="scorecards-returns",
    summary="Send a performance return",
)
def send_return(request, payload: ReturnIn):
    """Send the agency's figures for one period: every indicator it reports, in one request.

    The agency is the agency token's. The figures are checked with the same rules as an uploaded
    workbook. With ``dry_run`` the answer lists the problems and the codes that would change, and
    nothing is saved. Otherwise any blocking problem (an error, or a warning with no comment) is 422
    with every problem listed and nothing saved; with none the figures are saved (200, with the
    codes that changed: sending the same figures again changes nothing), and submitted to the
    business unit when ``submit`` is true. A submitted, approved or closed return is 409.
    """
    caller: ApiCaller = request.auth
    refusal = _why_caller_cannot_send(caller)
    if refusal:
        return Status(403, {"detail": refusal})
    agency = caller.agency
    period = _get_period(payload.period)
    values = [
        ValueInput(code=item.code.strip(), numerator=item.numerator, denominator=item.denominator, comment=item.comment)
        for item in payload.values
    ]
    try:
        if payload.dry_run:
            outcome = api_services.check_return_values(actor=caller.user, agency=agency, period=period, values=values)
        else:
            outcome = api_services.replace_return_values(
                actor=caller.user,
                agency=agency,
                period=period,
                values=values,
                submit=payload.submit,
                request=request,
            )
    except services.ReturnProblems as error:
        return Status(422, {"detail": error.message, "problems": [_problem_out(p) for p in error.problems]})
    except DomainError as error:
        if error.field:
            raise
        return Status(409, {"detail": error.message})
    scorecard_return = outcome.scorecard_return
    status = scorecard_return.status if scorecard_return is not None else None
    return Status(
        200,
        {
            "agency": agency.short_code,
            "period": period.key,
            "status": status,
            "dry_run": payload.dry_run,
            "saved": not payload.dry_run,
            "submitted": status == Return.Status.SUBMITTED and payload.submit and not payload.dry_run,
            "changed": outcome.changed,
            "problems": [_problem_out(problem) for problem in outcome.problems],
        },
    )


_registered = False


def register(add_router) -> None:
    """Mount the routers (once) under ``/api/v1/indicators/`` and ``/api/v1/returns/``."""
    global _registered
    if _registered:
        return
    add_router("/indicators/", indicators_router)
    add_router("/returns/", returns_router)
    _registered = True
