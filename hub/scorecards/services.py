"""Workflows on returns: saving values, uploads, submission, approval and exceptions.

Every function takes ``actor=``, runs in one transaction with the return's row locked (two
people saving the same return at once cannot interleave), writes an audit entry and raises
``DomainError`` with a message for the person acting. E-mails go after commit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from hub.core import roles
from hub.core.audit import log_action, register_event
from hub.core.errors import DomainError
from hub.core.mail import business_unit_addresses, send_templated, spoc_addresses
from hub.core.models import Agency, User
from hub.core.permissions import is_business_unit
from hub.scorecards.models import (
    IndicatorVersion,
    ReportingPeriod,
    Return,
    ReturnUpload,
    ReturnValue,
    ScorecardSettings,
)
from hub.scorecards.validation import LineSpec, Problem, ValueInput, blocking, computed_value, validate_values
from hub.scorecards.workbook import TemplateSpec, read_return

register_event("scorecards.return.saved", "Performance return values saved")
register_event("scorecards.return.uploaded", "Performance return uploaded and confirmed")
register_event("scorecards.return.submitted", "Performance return submitted")
register_event("scorecards.return.approved", "Performance return approved")
register_event("scorecards.return.sent_back", "Performance return returned for changes")
register_event("scorecards.return.exception_opened", "Performance return opened after the deadline")


class ReturnProblems(DomainError):
    """The values cannot be accepted; ``problems`` lists each one with its row or field."""

    def __init__(self, message: str, problems: Sequence[Problem]):
        super().__init__(message)
        self.problems = list(problems)


@dataclass(frozen=True)
class Line:
    """One indicator a return must answer: its definition for the period and its check rules."""

    version: IndicatorVersion
    spec: LineSpec


# Reading ------------------------------------------------------------------------------------


def versions_in_force(year: int, *, with_themes: bool = True) -> list[IndicatorVersion]:
    """The definition of every active indicator for the financial year starting in ``year``."""
    versions = (
        IndicatorVersion.objects.filter(indicator__active=True, year__lte=year)
        .select_related("indicator", "agency")
        .prefetch_related("reporting_agencies", *(["themes"] if with_themes else []))
        .order_by("indicator__code", "-year")
    )
    latest: dict[int, IndicatorVersion] = {}
    for version in versions:
        latest.setdefault(version.indicator_id, version)
    return list(latest.values())


def _previous_values(agency: Agency, period: ReportingPeriod, indicator_ids: list[int]) -> dict[int, Decimal]:
    """The last approved value before ``period`` for each indicator, for the change check."""
    rows = (
        ReturnValue.objects.filter(
            indicator_id__in=indicator_ids,
            scorecard_return__agency=agency,
            scorecard_return__status=Return.Status.APPROVED,
            scorecard_return__period__start__lt=period.start,
            scorecard_return__period__frequency=period.frequency,
            value__isnull=False,
        )
        .order_by("indicator_id", "-scorecard_return__period__start")
        .values_list("indicator_id", "value")
    )
    previous: dict[int, Decimal] = {}
    for indicator_id, value in rows:
        previous.setdefault(indicator_id, value)
    return previous


def lines_for(agency: Agency, period: ReportingPeriod) -> list[Line]:
    """The indicators ``agency`` reports for ``period``, in code order."""
    versions = [
        version
        for version in versions_in_force(period.year, with_themes=False)
        if version.frequency == period.frequency and agency in version.reporters()
    ]
    previous = _previous_values(agency, period, [version.indicator_id for version in versions])
    lines = []
    for version in versions:
        spec = LineSpec(
            code=version.indicator.code,
            name=version.name,
            unit=version.unit_enum,
            uses_denominator=version.uses_denominator,
            rules=version.rule_specs(),
            previous_value=previous.get(version.indicator_id),
            numerator_label=version.numerator_definition,
            denominator_label=version.denominator_definition,
        )
        lines.append(Line(version=version, spec=spec))
    return lines


def current_inputs(scorecard_return: Return) -> list[ValueInput]:
    return [
        ValueInput(
            code=value.indicator.code, numerator=value.numerator, denominator=value.denominator, comment=value.comment
        )
        for value in scorecard_return.values.select_related("indicator")
    ]


def check_return(scorecard_return: Return, lines: list[Line] | None = None) -> list[Problem]:
    """Every problem with the values as they stand (missing values included)."""
    lines = lines if lines is not None else lines_for(scorecard_return.agency, scorecard_return.period)
    return validate_values([line.spec for line in lines], current_inputs(scorecard_return))


def template_spec(scorecard_return: Return, lines: list[Line] | None = None) -> TemplateSpec:
    lines = lines if lines is not None else lines_for(scorecard_return.agency, scorecard_return.period)
    return TemplateSpec(
        agency_code=scorecard_return.agency.short_code,
        agency_name=scorecard_return.agency.name,
        period_key=scorecard_return.period.key,
        period_label=scorecard_return.period.label,
        deadline=scorecard_return.period.deadline,
        lines=[line.spec for line in lines],
        prefill={value.code: value for value in current_inputs(scorecard_return)},
    )


# Permissions shared by views, the API and services -------------------------------------------


def is_spoc_for(user: User, agency: Agency) -> bool:
    return bool(user.is_authenticated and user.has_role(roles.SPOC, agency=agency))


def _require_spoc(actor: User, scorecard_return: Return) -> None:
    if not is_spoc_for(actor, scorecard_return.agency):
        raise DomainError(f"Only a single point of contact for {scorecard_return.agency} can change this return.")


def _require_editable(scorecard_return: Return, today: date | None = None) -> None:
    if not scorecard_return.is_editable_status:
        raise DomainError(
            f"This return is {scorecard_return.get_status_display().lower()}, so it cannot be changed. "
            "Ask the business unit to return it to you if something is wrong."
        )
    scorecard_settings = ScorecardSettings.load()
    if scorecard_return.is_locked(today, lock_after_days=scorecard_settings.lock_after_days):
        locks_on = scorecard_return.period.locks_on(scorecard_settings.lock_after_days)
        raise DomainError(
            f"Returns for {scorecard_return.period.label} closed on {locks_on:%-d %B %Y}. "
            "Ask the business unit to open an exception if you still need to send or change it."
        )


def _lock(scorecard_return: Return) -> Return:
    return Return.objects.select_for_update(of=("self",)).select_related("agency", "period").get(pk=scorecard_return.pk)


# Starting and saving ---------------------------------------------------------------------------


def start_return(*, actor: User, agency: Agency, period: ReportingPeriod) -> Return:
    """The agency's return for the period, created as a draft the first time it is opened."""
    if not (is_spoc_for(actor, agency) or is_business_unit(actor)):
        raise DomainError(f"Only a single point of contact for {agency} can start its return.")
    scorecard_return, _ = Return.objects.get_or_create(agency=agency, period=period)
    return scorecard_return


def _apply_values(
    scorecard_return: Return, lines: list[Line], values: Sequence[ValueInput], *, actor=None
) -> list[str]:
    """Write changed values; return the codes that changed. Unchanged values are not touched,
    so saving the same figures twice leaves no new history.

    New and changed values are written in bulk (with their history rows): a return of
    thousands of lines costs a handful of queries, not two per line.
    """
    by_code = {line.spec.code: line for line in lines}
    existing = {value.indicator_id: value for value in scorecard_return.values.all()}
    changed, to_create, to_update = [], [], []
    for item in values:
        line = by_code.get(item.code)
        if line is None:
            continue
        numerator = item.numerator
        denominator = item.denominator if line.spec.uses_denominator else None
        value = computed_value(line.spec, numerator, denominator)
        comment = (item.comment or "").strip()
        current = existing.get(line.version.indicator_id)
        if current is None:
            if numerator is None and denominator is None and not comment:
                continue
            to_create.append(
                ReturnValue(
                    scorecard_return=scorecard_return,
                    indicator=line.version.indicator,
                    numerator=numerator,
                    denominator=denominator,
                    value=value,
                    comment=comment,
                )
            )
            changed.append(item.code)
            continue
        if (current.numerator, current.denominator, current.comment) == (numerator, denominator, comment):
            continue
        current.numerator, current.denominator, current.value, current.comment = numerator, denominator, value, comment
        to_update.append(current)
        changed.append(item.code)
    user = actor if getattr(actor, "pk", None) else None
    if to_create:
        bulk_create_with_history(to_create, ReturnValue, batch_size=500, default_user=user)
    if to_update:
        bulk_update_with_history(
            to_update,
            ReturnValue,
            ["numerator", "denominator", "value", "comment"],
            batch_size=500,
            default_user=user,
        )
    return changed


def save_values(
    *, actor: User, scorecard_return: Return, values: Sequence[ValueInput], request=None
) -> tuple[list[str], list[Problem]]:
    """Save the SPOC's figures as the draft stands; problems are reported, not refused, until submission.

    Returns the codes that changed and the problems the return now has.
    """
    _require_spoc(actor, scorecard_return)
    with transaction.atomic():
        locked = _lock(scorecard_return)
        _require_editable(locked)
        lines = lines_for(locked.agency, locked.period)
        changed = _apply_values(locked, lines, values, actor=actor)
        if changed:
            locked.save(update_fields=["updated_at"])
            log_action("scorecards.return.saved", actor=actor, obj=locked, request=request, data={"changed": changed})
        problems = check_return(locked, lines)
    return changed, problems


# Uploads -----------------------------------------------------------------------------------------


def check_upload(
    *, actor: User, scorecard_return: Return, filename: str, data: bytes
) -> tuple[ReturnUpload | None, list[Problem]]:
    """Read an uploaded workbook without saving any value.

    When nothing blocks, the file is kept as a ``ReturnUpload`` for the SPOC to confirm; with
    problems nothing is kept and the problems are returned for the validation report.
    """
    _require_spoc(actor, scorecard_return)
    _require_editable(scorecard_return)
    lines = lines_for(scorecard_return.agency, scorecard_return.period)
    result = read_return(data, template_spec(scorecard_return, lines))
    problems = list(result.problems)
    if blocking(problems):
        return None, problems
    upload = ReturnUpload.objects.create(
        scorecard_return=scorecard_return,
        uploaded_by=actor,
        filename=(filename or "return.xlsx")[:255],
        digest=hashlib.sha256(data).hexdigest(),
        content=data,
        values=[_value_to_json(value) for value in result.values],
    )
    return upload, problems


def _value_to_json(value: ValueInput) -> list:
    return [
        value.code,
        None if value.numerator is None else str(value.numerator),
        None if value.denominator is None else str(value.denominator),
        value.comment,
    ]


def upload_values(upload: ReturnUpload) -> list[ValueInput]:
    """The figures read from the file when it was checked (read again only for older uploads)."""
    if not upload.values:
        scorecard_return = upload.scorecard_return
        return list(read_return(bytes(upload.content), template_spec(scorecard_return)).values)
    return [
        ValueInput(
            code=code,
            numerator=None if numerator is None else Decimal(numerator),
            denominator=None if denominator is None else Decimal(denominator),
            comment=comment,
        )
        for code, numerator, denominator, comment in upload.values
    ]


def changes_in_upload(upload: ReturnUpload, lines: list[Line] | None = None) -> list[str]:
    """Codes whose figures or comment the upload would change."""
    scorecard_return = upload.scorecard_return
    lines = lines if lines is not None else lines_for(scorecard_return.agency, scorecard_return.period)
    current = {value.code: value for value in current_inputs(scorecard_return)}
    uses_denominator = {line.spec.code: line.spec.uses_denominator for line in lines}
    changed = []
    for item in upload_values(upload):
        before = current.get(item.code)
        denominator = item.denominator if uses_denominator.get(item.code) else None
        after = (item.numerator, denominator, (item.comment or "").strip())
        if before is None or (before.numerator, before.denominator, before.comment) != after:
            changed.append(item.code)
    return changed


def apply_upload(*, actor: User, upload: ReturnUpload, request=None) -> list[str]:
    """Save a checked upload's values, all of them or none, and return the codes that changed.

    The figures read when the file was checked are checked again inside the transaction: the
    indicators or last period's values may have changed since the report was shown. Confirming
    the same file twice changes nothing the second time.
    """
    scorecard_return = upload.scorecard_return
    _require_spoc(actor, scorecard_return)
    with transaction.atomic():
        locked = _lock(scorecard_return)
        _require_editable(locked)
        lines = lines_for(locked.agency, locked.period)
        values = upload_values(upload)
        problems = blocking(validate_values([line.spec for line in lines], values))
        if problems:
            raise ReturnProblems(
                "The file can no longer be accepted: the return has changed since it was checked.", problems
            )
        changed = _apply_values(locked, lines, values, actor=actor)
        locked.last_upload_digest = upload.digest
        locked.save(update_fields=["last_upload_digest", "updated_at"])
        ReturnUpload.objects.filter(pk=upload.pk).update(applied_at=timezone.now())
        log_action(
            "scorecards.return.uploaded",
            actor=actor,
            obj=locked,
            request=request,
            data={"file": upload.filename, "digest": upload.digest, "changed": changed},
        )
    return changed


# Workflow ------------------------------------------------------------------------------------------


def submit_return(*, actor: User, scorecard_return: Return, request=None) -> Return:
    """The SPOC sends the return to the business unit; every value must be present and checked."""
    _require_spoc(actor, scorecard_return)
    with transaction.atomic():
        locked = _lock(scorecard_return)
        _require_editable(locked)
        problems = blocking(check_return(locked))
        if problems:
            raise ReturnProblems(
                "The return cannot be submitted yet: correct the problems below, or explain them in a comment.",
                problems,
            )
        locked.status = Return.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submitted_by = actor
        locked.returned_reason = ""
        locked.save()
        log_action("scorecards.return.submitted", actor=actor, obj=locked, request=request)
        transaction.on_commit(lambda: _tell_business_unit_of_submission(locked.pk))
    return locked


def approve_return(*, actor: User, scorecard_return: Return, request=None) -> Return:
    if not is_business_unit(actor):
        raise DomainError("Only the business unit can approve a return.")
    with transaction.atomic():
        locked = _lock(scorecard_return)
        if locked.status != Return.Status.SUBMITTED:
            raise DomainError(
                f"Only a submitted return can be approved; this one is {locked.get_status_display().lower()}."
            )
        locked.status = Return.Status.APPROVED
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.save()
        log_action("scorecards.return.approved", actor=actor, obj=locked, request=request)
        period_id = locked.period_id
        transaction.on_commit(lambda: _queue_report(period_id))
    return locked


def send_back_return(*, actor: User, scorecard_return: Return, reason: str, request=None) -> Return:
    """The business unit returns a submitted (or approved) return to the SPOC, saying why."""
    if not is_business_unit(actor):
        raise DomainError("Only the business unit can return a return for changes.")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter what the agency needs to change", field="reason")
    with transaction.atomic():
        locked = _lock(scorecard_return)
        if locked.status not in (Return.Status.SUBMITTED, Return.Status.APPROVED):
            raise DomainError("Only a submitted or approved return can be returned for changes.")
        locked.status = Return.Status.RETURNED
        locked.returned_reason = reason
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.save()
        log_action("scorecards.return.sent_back", actor=actor, obj=locked, request=request, data={"reason": reason})
        transaction.on_commit(lambda: _tell_spocs_of_return(locked.pk))
    return locked


def open_exception(*, actor: User, scorecard_return: Return, until: date, reason: str, request=None) -> Return:
    """Let an agency send or change its return after the period has locked, until ``until``."""
    if not is_business_unit(actor):
        raise DomainError("Only the business unit can open a return after its deadline.")
    if until < timezone.localdate():
        raise DomainError("The date the exception ends must be today or in the future", field="until")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter why the return is being opened", field="reason")
    with transaction.atomic():
        locked = _lock(scorecard_return)
        locked.open_until = until
        if locked.status == Return.Status.APPROVED:
            locked.status = Return.Status.RETURNED
            locked.returned_reason = reason
        locked.save()
        log_action(
            "scorecards.return.exception_opened",
            actor=actor,
            obj=locked,
            request=request,
            data={"until": until.isoformat(), "reason": reason},
        )
    return locked


# After-commit work -----------------------------------------------------------------------------------


def _return_url(scorecard_return: Return) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("scorecards:return", args=[scorecard_return.uuid])


def _send(template: str, context: dict, recipients: list[str]) -> None:
    send_templated(f"scorecards/emails/{template}", context, recipients)


def _tell_business_unit_of_submission(return_id: int) -> None:
    scorecard_return = Return.objects.select_related("agency", "period", "submitted_by").get(pk=return_id)
    _send(
        "return_submitted",
        {"return": scorecard_return, "url": _return_url(scorecard_return)},
        business_unit_addresses(),
    )


def _tell_spocs_of_return(return_id: int) -> None:
    scorecard_return = Return.objects.select_related("agency", "period").get(pk=return_id)
    _send(
        "return_sent_back",
        {"return": scorecard_return, "url": _return_url(scorecard_return)},
        spoc_addresses(scorecard_return.agency),
    )


def expected_agencies(period: ReportingPeriod) -> list[Agency]:
    """Agencies that report at least one indicator in ``period``."""
    return expected_agencies_by_period([period])[period.pk]


def expected_agencies_by_period(periods) -> dict[int, list[Agency]]:
    """``expected_agencies`` for several periods, reading the definitions once per year and frequency."""
    by_kind: dict[tuple[int, str], list[Agency]] = {}
    result = {}
    for period in periods:
        kind = (period.year, period.frequency)
        if kind not in by_kind:
            agencies: dict[int, Agency] = {}
            for version in versions_in_force(period.year, with_themes=False):
                if version.frequency == period.frequency:
                    agencies.update((agency.pk, agency) for agency in version.reporters())
            by_kind[kind] = sorted(agencies.values(), key=lambda agency: agency.name)
        result[period.pk] = by_kind[kind]
    return result


def _queue_report(period_id: int) -> None:
    from hub.scorecards.tasks import generate_report_when_complete

    generate_report_when_complete.enqueue(period_id)


def report_when_period_complete(period_id: int) -> bool:
    """Generate the period's exception report once every expected return is approved."""
    from hub.scorecards.exceptions import generate_exception_report

    period = ReportingPeriod.objects.get(pk=period_id)
    expected = {agency.pk for agency in expected_agencies(period)}
    approved = set(
        Return.objects.filter(period=period, status=Return.Status.APPROVED).values_list("agency_id", flat=True)
    )
    if expected and expected <= approved:
        generate_exception_report(period=period, actor=None)
        return True
    return False


def send_reminder(*, agency: Agency, period: ReportingPeriod, overdue: bool) -> None:
    from hub.core.models import PartnershipSettings

    url = settings.SITE_URL.rstrip("/") + reverse("scorecards:returns")
    _send(
        "return_overdue" if overdue else "return_due",
        {"agency": agency, "period": period, "url": url, "partnership": PartnershipSettings.load().name},
        spoc_addresses(agency),
    )
