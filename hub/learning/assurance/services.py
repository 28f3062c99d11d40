"""Workflows for partner assurance reports.

A single point of contact (SPOC) starts their agency's report for a plan item, saves drafts and
submits it once every required section is answered. The business unit records how the executive
considered it: the questions asked and the agency's responses, the outcome, and actions raised on
the shared tracker with the report as their source. Every function takes ``actor=``, runs in one
transaction with the report's row locked, writes an audit entry against the report and raises
``DomainError`` with a message for the person acting. E-mails go after commit.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from hub.core import roles
from hub.core.audit import log_action, register_event
from hub.core.errors import DomainError
from hub.core.models import Action, Agency, PartnershipSettings, Theme, User
from hub.core.permissions import is_business_unit
from hub.core.services import create_action
from hub.learning.assurance.models import (
    AssurancePlanItem,
    AssuranceQuestion,
    AssuranceReport,
    AssuranceSection,
)
from hub.learning.common import answers_from, missing_answers

register_event("learning.assurance.started", "Assurance report started")
register_event("learning.assurance.saved", "Assurance report draft saved")
register_event("learning.assurance.submitted", "Assurance report submitted")
register_event("learning.assurance.question_recorded", "Question from the meeting recorded")
register_event("learning.assurance.response_recorded", "Agency's response recorded")
register_event("learning.assurance.considered", "Consideration at the meeting recorded")
register_event("learning.assurance.action_raised", "Action raised from the assurance report")
register_event("learning.assurance.tabled", "Assurance report added to a meeting's papers")

PDF_VARIANT = "pdf/ua-1"


# Permissions shared by views and services ---------------------------------------------------------


def is_spoc_for(user: User, agency: Agency) -> bool:
    return bool(user.is_authenticated and user.has_role(roles.SPOC, agency=agency))


def _require_business_unit(actor: User, what: str) -> None:
    if not is_business_unit(actor):
        raise DomainError(f"Only the business unit can {what}.")


def _lock(report: AssuranceReport) -> AssuranceReport:
    return (
        AssuranceReport.objects.select_for_update(of=("self",))
        .select_related("agency", "plan_item__template")
        .get(pk=report.pk)
    )


def sections_for(report_or_item) -> list[AssuranceSection]:
    """The template's sections, with their grading schemes and grades fetched once."""
    item = report_or_item.plan_item if isinstance(report_or_item, AssuranceReport) else report_or_item
    return list(
        AssuranceSection.objects.filter(template_id=item.template_id)
        .select_related("grading_scheme")
        .prefetch_related("grading_scheme__grades")
    )


# The SPOC's workflow --------------------------------------------------------------------------------


def start_report(*, actor: User, plan_item: AssurancePlanItem, request=None) -> AssuranceReport:
    """The agency's report for ``plan_item``, created as a draft the first time it is opened."""
    if not is_spoc_for(actor, plan_item.agency):
        raise DomainError(f"Only a single point of contact for {plan_item.agency} can start its assurance report.")
    with transaction.atomic():
        report, created = AssuranceReport.objects.get_or_create(
            plan_item=plan_item, defaults={"agency": plan_item.agency}
        )
        if created:
            log_action("learning.assurance.started", actor=actor, obj=report, request=request)
    return report


def save_draft(*, actor: User, report: AssuranceReport, cleaned_data: dict, request=None) -> AssuranceReport:
    """Keep what the SPOC has written so far; nothing needs to be complete yet."""
    with transaction.atomic():
        locked = _lock(report)
        _require_editable(actor, locked)
        answers = answers_from(sections_for(locked), cleaned_data)
        if answers == locked.answers:
            return locked
        changed = sorted(
            key for key in set(answers) | set(locked.answers) if answers.get(key) != locked.answers.get(key)
        )
        locked.answers = answers
        locked._history_user = actor
        locked.save(update_fields=["answers", "updated_at"])
        log_action(
            "learning.assurance.saved", actor=actor, obj=locked, request=request, data={"sections_changed": changed}
        )
    return locked


def missing_sections(report: AssuranceReport, sections=None) -> list[AssuranceSection]:
    return missing_answers(sections if sections is not None else sections_for(report), report.answers)


def submit_report(*, actor: User, report: AssuranceReport, request=None) -> AssuranceReport:
    """Send the report to the business unit; every required section must be answered."""
    with transaction.atomic():
        locked = _lock(report)
        _require_editable(actor, locked)
        missing = missing_sections(locked)
        if missing:
            names = "; ".join(section.text for section in missing)
            raise DomainError(f"Answer every required section before submitting. Still to answer: {names}")
        locked.status = AssuranceReport.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submitted_by = actor
        locked._history_user = actor
        locked.save()
        log_action("learning.assurance.submitted", actor=actor, obj=locked, request=request)
        report_id = locked.pk
        transaction.on_commit(lambda: _tell_business_unit_of_submission(report_id))
    return locked


def _require_editable(actor: User, report: AssuranceReport) -> None:
    if not is_spoc_for(actor, report.agency):
        raise DomainError(f"Only a single point of contact for {report.agency} can change this report.")
    if report.status != AssuranceReport.Status.DRAFT:
        raise DomainError(
            f"This report is {report.get_status_display().lower()}, so it cannot be changed. "
            "Contact the business unit if something is wrong."
        )


# The meeting's consideration ---------------------------------------------------------------------------


def _require_submitted(report: AssuranceReport) -> None:
    if report.status == AssuranceReport.Status.DRAFT:
        raise DomainError("This report has not been submitted yet, so the meeting cannot consider it.")


def record_question(
    *,
    actor: User,
    report: AssuranceReport,
    question: str,
    asked_on: date,
    asked_by_name: str = "",
    asked_by: User | None = None,
    response: str = "",
    request=None,
) -> AssuranceQuestion:
    """Record a question members asked about the report, with the agency's response if it was given."""
    _require_business_unit(actor, "record the meeting's questions")
    question = (question or "").strip()
    response = (response or "").strip()
    if not question:
        raise DomainError("Enter the question that was asked", field="question")
    if asked_on > timezone.localdate():
        raise DomainError("The date the question was asked must be today or in the past", field="asked_on")
    with transaction.atomic():
        locked = _lock(report)
        _require_submitted(locked)
        item = AssuranceQuestion(
            report=locked,
            question=question,
            asked_by_name=(asked_by_name or "").strip(),
            asked_by=asked_by,
            asked_on=asked_on,
            recorded_by=actor,
        )
        if response:
            item.response = response
            item.responded_at = timezone.now()
            item.responded_by = actor
        item._history_user = actor
        item.save()
        log_action(
            "learning.assurance.question_recorded",
            actor=actor,
            obj=locked,
            request=request,
            data={"question": str(item.uuid), "with_response": bool(response)},
        )
    return item


def record_response(*, actor: User, question: AssuranceQuestion, response: str, request=None) -> AssuranceQuestion:
    """The agency's response to a question, recorded by its SPOC or by the business unit."""
    report = question.report
    if not (is_business_unit(actor) or is_spoc_for(actor, report.agency)):
        raise DomainError(f"Only a single point of contact for {report.agency} or the business unit can respond.")
    response = (response or "").strip()
    if not response:
        raise DomainError("Enter the agency's response", field="response")
    with transaction.atomic():
        locked = _lock(report)
        item = AssuranceQuestion.objects.select_for_update().get(pk=question.pk)
        changed = bool(item.response)
        if item.response == response:
            return item
        item.response = response
        item.responded_at = timezone.now()
        item.responded_by = actor
        item._history_user = actor
        item.save()
        log_action(
            "learning.assurance.response_recorded",
            actor=actor,
            obj=locked,
            request=request,
            data={"question": str(item.uuid), "changed": changed},
        )
    return item


def record_consideration(
    *,
    actor: User,
    report: AssuranceReport,
    meeting,
    outcome: str,
    outcome_notes: str,
    request=None,
) -> AssuranceReport:
    """Record that ``meeting`` considered the report, and what it concluded."""
    _require_business_unit(actor, "record the meeting's consideration")
    if outcome not in AssuranceReport.Outcome.values:
        raise DomainError("Select the outcome", field="outcome")
    outcome_notes = (outcome_notes or "").strip()
    if not outcome_notes:
        raise DomainError("Enter what the meeting concluded", field="outcome_notes")
    if meeting is None:
        raise DomainError("Select the meeting that considered the report", field="meeting")
    considered_on = timezone.localtime(meeting.starts_at).date()
    if considered_on > timezone.localdate():
        raise DomainError("Select a meeting that has taken place", field="meeting")
    with transaction.atomic():
        locked = _lock(report)
        _require_submitted(locked)
        before = locked.status
        locked.status = AssuranceReport.Status.CONSIDERED
        locked.considered_meeting = meeting
        locked.considered_on = considered_on
        locked.outcome = outcome
        locked.outcome_notes = outcome_notes
        locked.recorded_by = actor
        locked._history_user = actor
        locked.save()
        log_action(
            "learning.assurance.considered",
            actor=actor,
            obj=locked,
            request=request,
            data={"meeting": str(meeting.uuid), "outcome": outcome, "status_before": before},
        )
    return locked


def raise_action(
    *,
    actor: User,
    report: AssuranceReport,
    title: str,
    description: str,
    owner_agency: Agency,
    due_on: date,
    theme: Theme | None = None,
    owner: User | None = None,
    request=None,
) -> Action:
    """Raise an action on the shared tracker from the report's consideration, linked back to the report."""
    _require_business_unit(actor, "raise an action from an assurance report")
    with transaction.atomic():
        locked = _lock(report)
        _require_submitted(locked)
        action = create_action(
            actor=actor,
            title=title or "",
            description=(description or "").strip(),
            owner_agency=owner_agency,
            due_on=due_on,
            theme=theme,
            owner=owner,
            source=locked,
            source_label=locked.source_label[:300],
            request=request,
        )
        log_action(
            "learning.assurance.action_raised",
            actor=actor,
            obj=locked,
            request=request,
            data={"action": action.reference, "owner_agency": owner_agency.short_code},
        )
    return action


def actions_from(report: AssuranceReport):
    return Action.objects.from_source(report).select_related("owner_agency")


# The PDF paper ----------------------------------------------------------------------------------------


def report_context(report: AssuranceReport) -> dict:
    sections = sections_for(report)
    return {
        "report": report,
        "rows": [
            {"section": section, "answer": section.display_answer(report.answers.get(section.key))}
            for section in sections
        ],
        "self_assessment": report.self_assessment(sections),
        "questions": list(report.questions.all()),
    }


def report_pdf(report: AssuranceReport) -> bytes:
    from weasyprint import HTML

    context = report_context(report) | {"partnership_name": PartnershipSettings.load().name}
    html = render_to_string("learning/assurance/report_pdf.html", context)
    return HTML(string=html, base_url=settings.SITE_URL).write_pdf(pdf_variant=PDF_VARIANT)


def meetings_to_table_at(report: AssuranceReport):
    """Executive meetings from the report's submission on, soonest first."""
    from hub.governance.models import Meeting

    since = timezone.localtime(report.submitted_at).date() if report.submitted_at else timezone.localdate()
    return (
        Meeting.objects.filter(group__is_executive=True, starts_at__date__gte=since)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("group")
        .order_by("starts_at")
    )


def table_at_meeting(*, actor: User, report: AssuranceReport, meeting, request=None):
    """Add the submitted report, as a PDF, to ``meeting``'s papers through the governance service."""
    from django.core.files.base import ContentFile

    from hub.governance.services import add_paper

    _require_business_unit(actor, "table an assurance report at a meeting")
    _require_submitted(report)
    pdf = ContentFile(
        report_pdf(report), name=f"assurance-report-{report.agency.short_code}-{report.plan_item.year}.pdf"
    )
    with transaction.atomic():
        paper = add_paper(
            actor=actor,
            meeting=meeting,
            title=f"Assurance report: {report.agency.name}, {report.plan_item.topic}"[:250],
            file=pdf,
            confidentiality_note="For members of the group; no information identifying children or families.",
            request=request,
        )
        log_action(
            "learning.assurance.tabled",
            actor=actor,
            obj=report,
            request=request,
            data={"meeting": str(meeting.uuid), "paper": str(paper.uuid)},
        )
    return paper


# E-mail --------------------------------------------------------------------------------------------------


def _absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url


def spoc_addresses(agency: Agency) -> list[str]:
    people = User.objects.filter(
        is_active=True, role_assignments__role__slug=roles.SPOC, role_assignments__agency=agency
    ).distinct()
    return sorted({person.email for person in people if person.email})


def business_unit_addresses() -> list[str]:
    people = User.objects.filter(is_active=True, role_assignments__role__slug=roles.BUSINESS_UNIT).distinct()
    return sorted({person.email for person in people if person.email})


def _send(template: str, context: dict, recipients: list[str]) -> None:
    if not recipients:
        return
    context = context | {"partnership": PartnershipSettings.load().name}
    subject = render_to_string(f"learning/assurance/emails/{template}_subject.txt", context).strip()
    body = render_to_string(f"learning/assurance/emails/{template}.txt", context)
    send_mail(subject, body, None, recipients)


def _tell_business_unit_of_submission(report_id: int) -> None:
    report = AssuranceReport.objects.select_related("agency", "plan_item", "submitted_by").get(pk=report_id)
    _send(
        "report_submitted",
        {"report": report, "url": _absolute(report.get_absolute_url())},
        business_unit_addresses(),
    )


def send_reminder(*, plan_item: AssurancePlanItem, overdue: bool) -> bool:
    """E-mail the agency's SPOCs that its report is due soon or overdue; False when nobody can be told."""
    recipients = spoc_addresses(plan_item.agency)
    if not recipients:
        return False
    _send(
        "report_overdue" if overdue else "report_due",
        {"item": plan_item, "agency": plan_item.agency, "url": _absolute(reverse("learning:assurance"))},
        recipients,
    )
    return True
