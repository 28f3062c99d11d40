"""Returns sent whole through the API: checked like an upload, then saved all or nothing.

An agency's system sends every figure of a return in one request, as a SPOC sends a completed
workbook. The values are checked with the same rules as an upload (``validation.validate_values``
against ``services.lines_for``); if anything blocks, nothing is saved. Saving goes through
``services.save_values`` (and ``services.submit_return`` when asked), so the audit trail, the row
lock and the rules on who may change a return are the ones the pages use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from hub.core.errors import DomainError
from hub.core.models import Agency, User
from hub.scorecards import services
from hub.scorecards.models import ReportingPeriod, Return
from hub.scorecards.validation import Problem, ValueInput, blocking, validate_values


@dataclass(frozen=True)
class ReturnOutcome:
    """What a check or a save found: the return (None when a check finds none yet), the codes whose
    figures or comment changed (or would change) and every problem, blocking or not."""

    scorecard_return: Return | None
    changed: list[str]
    problems: list[Problem]


def _lines_or_refuse(agency: Agency, period: ReportingPeriod) -> list[services.Line]:
    lines = services.lines_for(agency, period)
    if not lines:
        raise DomainError(f"{agency.name} does not report any indicators for {period.label}", field="period")
    return lines


def _require_spoc(actor: User, agency: Agency) -> None:
    if not services.is_spoc_for(actor, agency):
        raise DomainError(f"Only a single point of contact for {agency.name} can send its return.")


def _changes(scorecard_return: Return | None, lines: list[services.Line], values: Sequence[ValueInput]) -> list[str]:
    """Codes whose figures or comment ``values`` would change, as ``services.save_values`` decides it."""
    current = {}
    if scorecard_return is not None and scorecard_return.pk:
        current = {value.code: value for value in services.current_inputs(scorecard_return)}
    uses_denominator = {line.spec.code: line.spec.uses_denominator for line in lines}
    changed = []
    for item in values:
        if item.code not in uses_denominator or item.code in changed:
            continue
        denominator = item.denominator if uses_denominator[item.code] else None
        after = (item.numerator, denominator, (item.comment or "").strip())
        before = current.get(item.code)
        if before is None:
            if after != (None, None, ""):
                changed.append(item.code)
        elif (before.numerator, before.denominator, before.comment) != after:
            changed.append(item.code)
    return changed


def check_return_values(
    *, actor: User, agency: Agency, period: ReportingPeriod, values: Sequence[ValueInput]
) -> ReturnOutcome:
    """A dry run: the problems ``values`` have as the agency's whole return and what they would change.

    Saves nothing and starts no return. Raises ``DomainError`` when the actor may not send the
    return or it can no longer be changed (submitted, approved or closed), as saving would.
    """
    _require_spoc(actor, agency)
    scorecard_return = Return.objects.filter(agency=agency, period=period).select_related("agency", "period").first()
    # A return nobody has started yet is checked as the draft it would become.
    services._require_editable(scorecard_return or Return(agency=agency, period=period))
    lines = _lines_or_refuse(agency, period)
    problems = validate_values([line.spec for line in lines], values)
    return ReturnOutcome(scorecard_return, _changes(scorecard_return, lines, values), problems)


def replace_return_values(
    *,
    actor: User,
    agency: Agency,
    period: ReportingPeriod,
    values: Sequence[ValueInput],
    submit: bool = False,
    request=None,
) -> ReturnOutcome:
    """Save ``values`` as the agency's whole return for ``period``, and submit it when ``submit``.

    Every value is checked first, with the return locked; any blocking problem raises
    ``services.ReturnProblems`` (listing every problem) and nothing is saved, not even a new draft.
    A submission refused by ``services.submit_return`` undoes the save too. Values equal to those
    already saved are left alone, so sending the same return twice changes nothing the second time.
    Raises ``DomainError`` when the return cannot be changed.
    """
    _require_spoc(actor, agency)
    with transaction.atomic():
        scorecard_return = services.start_return(actor=actor, agency=agency, period=period)
        locked = services._lock(scorecard_return)
        services._require_editable(locked)
        lines = _lines_or_refuse(agency, period)
        problems = validate_values([line.spec for line in lines], values)
        if blocking(problems):
            raise services.ReturnProblems(
                "The return was not saved: correct the problems listed, or explain the warnings in a comment.",
                problems,
            )
        changed, _ = services.save_values(actor=actor, scorecard_return=locked, values=values, request=request)
        if submit:
            locked = services.submit_return(actor=actor, scorecard_return=locked, request=request)
        else:
            locked.refresh_from_db(fields=["status", "updated_at"])
    return ReturnOutcome(locked, changed, problems)
