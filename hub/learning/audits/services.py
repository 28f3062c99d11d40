"""The audit workflow: cases, agency returns, moderation, findings and the actions they raise.

Every function takes the acting person, changes records inside one transaction with the rows it
changes locked, writes the change to the audit log, and raises ``DomainError`` with a message for
the person when something cannot be done.
"""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hub.core.audit import log_action, register_event
from hub.core.errors import DomainError
from hub.core.mail import send_templated, spoc_addresses
from hub.core.models import Action, Agency, User
from hub.core.services import create_action
from hub.learning.audits.models import (
    AreaGrade,
    Audit,
    AuditCase,
    AuditReturn,
    CaseModeration,
    Finding,
)
from hub.learning.common import answers_from, missing_answers

register_event("learning.audit.status_changed", "An audit moved to another stage")
register_event("learning.audit.case_added", "A case was added to an audit")
register_event("learning.audit.case_removed", "A case was taken out of an audit")
register_event("learning.audit.return_saved", "An agency saved its audit return")
register_event("learning.audit.return_submitted", "An agency submitted its audit return")
register_event("learning.audit.return_reopened", "The business unit reopened an agency's audit return")
register_event("learning.audit.moderated", "The moderation meeting's grades for a case were recorded")
register_event("learning.finding.recorded", "An audit finding was recorded")
register_event("learning.finding.changed", "An audit finding was changed")
register_event("learning.finding.action_raised", "An action was raised from an audit finding")

# A reference is letters, digits and the separators agencies use; never a name with spaces.
REFERENCE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.-]{1,39}$")

# Stages an audit may move to from each stage; the business unit can also step back one stage.
NEXT_STATUSES = {
    Audit.Status.PLANNED: [Audit.Status.CASE_SELECTION, Audit.Status.CANCELLED],
    Audit.Status.CASE_SELECTION: [Audit.Status.RETURNS, Audit.Status.PLANNED, Audit.Status.CANCELLED],
    Audit.Status.RETURNS: [Audit.Status.MODERATION, Audit.Status.CASE_SELECTION, Audit.Status.CANCELLED],
    Audit.Status.MODERATION: [Audit.Status.REPORTING, Audit.Status.RETURNS],
    Audit.Status.REPORTING: [Audit.Status.COMPLETED, Audit.Status.MODERATION],
    Audit.Status.COMPLETED: [Audit.Status.REPORTING],
    Audit.Status.CANCELLED: [Audit.Status.PLANNED],
}


def _locked_audit(audit: Audit) -> Audit:
    return Audit.objects.select_for_update().get(pk=audit.pk)


# Stages ----------------------------------------------------------------------------------------------


def change_status(*, actor: User, audit: Audit, status: str, request=None) -> Audit:
    """Move the audit to ``status``, checking the stage allows it and what the new stage needs."""
    with transaction.atomic():
        audit = _locked_audit(audit)
        if status not in NEXT_STATUSES.get(audit.status, []):
            raise DomainError(
                f"An audit that is {audit.get_status_display().lower()} cannot move to "
                f"{Audit.Status(status).label.lower()}",
                field="status",
            )
        if status == Audit.Status.RETURNS and not audit.cases.exists():
            raise DomainError("Add at least one case before opening agency returns", field="status")
        if status == Audit.Status.MODERATION:
            waiting = AuditReturn.objects.filter(case__audit=audit).exclude(status=AuditReturn.Status.SUBMITTED)
            if waiting.exists():
                agencies = sorted({item.agency.name for item in waiting.select_related("agency")})
                raise DomainError(
                    "Every agency must submit its returns before moderation. Still to submit: " + ", ".join(agencies),
                    field="status",
                )
        if status == Audit.Status.COMPLETED:
            if not audit.summary.strip():
                raise DomainError("Write the audit's summary of learning before completing it", field="status")
            if not audit.findings.exists():
                raise DomainError("Record the audit's findings before completing it", field="status")
        before = audit.status
        audit.status = status
        audit.completed_on = timezone.localdate() if status == Audit.Status.COMPLETED else None
        audit._history_user = actor
        audit.save(update_fields=["status", "completed_on"])
        log_action(
            "learning.audit.status_changed",
            actor=actor,
            obj=audit,
            request=request,
            data={"from": before, "to": status},
        )
    if status == Audit.Status.RETURNS:
        transaction.on_commit(lambda: _tell_agencies_returns_open(audit.pk))
    return audit


def _audit_url(audit: Audit) -> str:
    return settings.SITE_URL.rstrip("/") + audit.get_absolute_url()


def _tell_agencies_returns_open(audit_id: int) -> None:
    audit = Audit.objects.select_related("programme").get(pk=audit_id)
    agencies = Agency.objects.filter(audit_returns__case__audit=audit).distinct()
    for agency in agencies:
        send_templated(
            "learning/audits/emails/returns_open",
            {
                "audit": audit,
                "agency": agency,
                "url": settings.SITE_URL.rstrip("/") + reverse("learning:audit-returns"),
            },
            spoc_addresses(agency),
        )


# Cases -----------------------------------------------------------------------------------------------


def add_case(
    *,
    actor: User,
    audit: Audit,
    reference: str,
    owning_agency: Agency,
    agencies: list[Agency],
    context: str = "",
    request=None,
) -> AuditCase:
    """Add a case known by its owning agency's pseudonymous reference, with a return per agency."""
    reference = (reference or "").strip()
    if not reference:
        raise DomainError("Enter the case reference the owning agency issued", field="reference")
    if not REFERENCE_PATTERN.match(reference):
        raise DomainError(
            "Enter the agency's case reference, like DCC-A-017: letters, numbers, hyphens, full stops, "
            "slashes or underscores, with no spaces and no names",
            field="reference",
        )
    if not agencies:
        raise DomainError("Select the agencies that complete a return on this case", field="agencies")
    with transaction.atomic():
        audit = _locked_audit(audit)
        if not audit.before_moderation:
            raise DomainError("Cases can be added only until moderation starts", field="reference")
        taking_part = set(audit.agencies.values_list("pk", flat=True))
        outside = [agency.name for agency in agencies if agency.pk not in taking_part]
        if owning_agency.pk not in taking_part:
            outside.insert(0, owning_agency.name)
        if outside:
            raise DomainError(
                "These agencies are not taking part in the audit: " + ", ".join(dict.fromkeys(outside)),
                field="agencies",
            )
        if audit.cases.filter(reference__iexact=reference).exists():
            raise DomainError(f"Case {reference} is already in this audit", field="reference")
        case = AuditCase(audit=audit, reference=reference, owning_agency=owning_agency, context=context.strip())
        case._history_user = actor
        case.save()
        case.agencies.set(agencies)
        AuditReturn.objects.bulk_create([AuditReturn(case=case, agency=agency) for agency in agencies])
        log_action(
            "learning.audit.case_added",
            actor=actor,
            obj=audit,
            request=request,
            data={"case": str(case.uuid), "agencies": sorted(agency.short_code for agency in agencies)},
        )
    return case


def remove_case(*, actor: User, case: AuditCase, request=None) -> None:
    with transaction.atomic():
        audit = _locked_audit(case.audit)
        if not audit.cases_removable:
            raise DomainError("A case can be taken out only while cases are being selected")
        log_action(
            "learning.audit.case_removed", actor=actor, obj=audit, request=request, data={"case": str(case.uuid)}
        )
        case.delete()


# Returns ---------------------------------------------------------------------------------------------


def save_return(
    *, actor: User, audit_return: AuditReturn, cleaned_data: dict, submit: bool = False, request=None
) -> AuditReturn:
    """Keep the agency's answers; with ``submit`` also check every required question is answered."""
    with transaction.atomic():
        audit_return = AuditReturn.objects.select_for_update().select_related("case__audit").get(pk=audit_return.pk)
        audit = audit_return.case.audit
        if audit.status != Audit.Status.RETURNS:
            raise DomainError("This audit is not taking returns: the business unit opens them when cases are chosen")
        if audit_return.status == AuditReturn.Status.SUBMITTED:
            raise DomainError("This return has been submitted. Ask the business unit to reopen it to change it")
        questions = list(audit.template.questions.select_related("grading_scheme").all())
        audit_return.answers = answers_from(questions, cleaned_data)
        if submit:
            missing = missing_answers(questions, audit_return.answers)
            if missing:
                raise DomainError(
                    "Answer every question before submitting. Not answered: "
                    + "; ".join(question.text for question in missing)
                )
            audit_return.status = AuditReturn.Status.SUBMITTED
            audit_return.submitted_at = timezone.now()
            audit_return.submitted_by = actor
        audit_return._history_user = actor
        audit_return.save()
        log_action(
            "learning.audit.return_submitted" if submit else "learning.audit.return_saved",
            actor=actor,
            obj=audit_return,
            request=request,
            data={"audit": str(audit.uuid), "agency": audit_return.agency.short_code},
        )
    return audit_return


def reopen_return(*, actor: User, audit_return: AuditReturn, request=None) -> AuditReturn:
    with transaction.atomic():
        audit_return = AuditReturn.objects.select_for_update().select_related("case__audit").get(pk=audit_return.pk)
        if audit_return.case.audit.status != Audit.Status.RETURNS:
            raise DomainError("Returns can be reopened only while the audit is taking returns")
        if audit_return.status != AuditReturn.Status.SUBMITTED:
            raise DomainError("This return is still a draft")
        audit_return.status = AuditReturn.Status.DRAFT
        audit_return.submitted_at = None
        audit_return._history_user = actor
        audit_return.save(update_fields=["status", "submitted_at", "updated_at"])
        log_action("learning.audit.return_reopened", actor=actor, obj=audit_return, request=request)
    return audit_return


# Moderation ------------------------------------------------------------------------------------------


def record_moderation(
    *,
    actor: User,
    case: AuditCase,
    overall_grade: str,
    rationale: str,
    dissent: str = "",
    area_grades: dict | None = None,
    request=None,
) -> CaseModeration:
    """Record the grades the moderation meeting agreed for ``case``.

    ``area_grades`` maps each ``AuditArea`` to ``(grade, rationale, dissent)``; every area of the
    template needs a grade. Grades are codes of the template's grading scheme.
    """
    area_grades = area_grades or {}
    with transaction.atomic():
        audit = _locked_audit(case.audit)
        if not audit.grading:
            raise DomainError("Grades are recorded at moderation: move the audit to moderation first")
        scheme = audit.template.grading_scheme
        codes = {grade.code for grade in scheme.grades.all()}
        if overall_grade not in codes:
            raise DomainError("Select the overall grade the meeting agreed", field="overall_grade")
        if not (rationale or "").strip():
            raise DomainError("Enter why the meeting agreed this grade", field="rationale")
        areas = list(audit.template.areas.all())
        for area in areas:
            grade = (area_grades.get(area) or ("", "", ""))[0]
            if grade not in codes:
                raise DomainError(f"Select the grade agreed for {area.name}", field=f"area-{area.pk}-grade")
        moderation, _ = CaseModeration.objects.select_for_update().get_or_create(
            case=case,
            defaults={"overall_grade": overall_grade, "rationale": rationale.strip(), "recorded_by": actor},
        )
        moderation.overall_grade = overall_grade
        moderation.rationale = rationale.strip()
        moderation.dissent = (dissent or "").strip()
        moderation.recorded_by = actor
        moderation._history_user = actor
        moderation.save()
        for area in areas:
            grade, area_rationale, area_dissent = area_grades[area]
            row = AreaGrade.objects.filter(moderation=moderation, area=area).first() or AreaGrade(
                moderation=moderation, area=area
            )
            row.grade = grade
            row.rationale = (area_rationale or "").strip()
            row.dissent = (area_dissent or "").strip()
            row._history_user = actor
            row.save()
        log_action(
            "learning.audit.moderated",
            actor=actor,
            obj=audit,
            request=request,
            data={"case": str(case.uuid), "overall": overall_grade, "dissent": bool(moderation.dissent)},
        )
    return moderation


# Findings --------------------------------------------------------------------------------------------

FINDING_FIELDS = ("kind", "category", "summary", "detail", "learning_point", "recommendation")


def save_finding(
    *, actor: User, audit: Audit, finding: Finding | None = None, themes=(), request=None, **fields
) -> Finding:
    """Record a new finding of ``audit`` or change ``finding``."""
    if not (fields.get("summary") or "").strip():
        raise DomainError("Enter the finding in one sentence", field="summary")
    with transaction.atomic():
        audit = _locked_audit(audit)
        if audit.status not in {Audit.Status.MODERATION, Audit.Status.REPORTING, Audit.Status.COMPLETED}:
            raise DomainError("Findings are recorded from moderation on")
        created = finding is None
        finding = finding or Finding(audit=audit, created_by=actor)
        for name in FINDING_FIELDS:
            if name in fields:
                value = fields[name]
                setattr(finding, name, value.strip() if isinstance(value, str) else value)
        finding._history_user = actor
        finding.save()
        finding.themes.set(themes)
        log_action(
            "learning.finding.recorded" if created else "learning.finding.changed",
            actor=actor,
            obj=finding,
            request=request,
            data={"audit": str(audit.uuid), "kind": finding.kind, "category": finding.category.slug},
        )
    return finding


def raise_action(
    *,
    actor: User,
    finding: Finding,
    title: str,
    owner_agency: Agency,
    due_on: date,
    description: str = "",
    owner: User | None = None,
    theme=None,
    request=None,
) -> Action:
    """Put the finding's recommendation on the shared tracker, with the finding as its source.

    The action's practice theme is the one chosen, or else the finding's first theme.
    """
    if due_on < timezone.localdate():
        raise DomainError("The due date must be today or in the future", field="due_on")
    theme = theme or finding.themes.order_by("name").first()
    action = create_action(
        actor=actor,
        title=title,
        description=description or finding.recommendation,
        owner_agency=owner_agency,
        owner=owner,
        due_on=due_on,
        theme=theme,
        source=finding,
        source_label=finding.source_label,
        request=request,
    )
    log_action(
        "learning.finding.action_raised",
        actor=actor,
        obj=finding,
        request=request,
        data={"action": action.reference},
    )
    return action


def actions_for_findings(finding_ids) -> list[Action]:
    """Actions raised from the given findings, with their owning agency."""
    return list(
        Action.objects.from_sources(Finding, list(finding_ids))
        .select_related("owner_agency")
        .order_by("due_on", "reference")
    )
