"""Pages for partner assurance reports (under /learning/assurance/).

Who sees what:

- a single point of contact (SPOC) sees their own agency's rows of the forward plan and its
  reports, writes and submits them, and responds to the meeting's questions;
- the business unit sees everything and records how the executive considered each report;
- executives and the independent scrutineer read everything;
- members of the groups that receive the learning work (``access.reads_learning``) read the
  forward plan and the submitted reports.

Everything else is answered with 404 (``refuse``), so a SPOC never learns another agency's draft exists.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hub.core.errors import DomainError
from hub.core.history import history_for
from hub.core.permissions import refuse
from hub.core.views.forms import form_page, raise_action_page, show_refusal
from hub.learning import access
from hub.learning.assurance import services
from hub.learning.assurance.forms import (
    ConsiderationForm,
    QuestionForm,
    ReportActionForm,
    ReportForm,
    ResponseForm,
    TableForm,
)
from hub.learning.assurance.models import AssurancePlanItem, AssuranceQuestion, AssuranceReport

SHARED_STATUSES = [AssuranceReport.Status.SUBMITTED, AssuranceReport.Status.CONSIDERED]


# Who may see what ------------------------------------------------------------------------------------


def _visible_plan(user):
    if access.reads_learning(user):
        return AssurancePlanItem.objects.all()
    agencies = access.spoc_agencies(user)
    if agencies:
        return AssurancePlanItem.objects.filter(agency__in=agencies)
    return AssurancePlanItem.objects.none()


def _visible_reports(user):
    """Everything for partnership readers; submitted reports for group members; a SPOC's own agency's."""
    if access.can_read_across_partnership(user):
        return AssuranceReport.objects.all()
    condition = Q(pk__in=[])
    agencies = access.spoc_agencies(user)
    if agencies:
        condition |= Q(agency__in=agencies)
    if access.reads_learning(user):
        condition |= Q(status__in=SHARED_STATUSES)
    return AssuranceReport.objects.filter(condition)


def _get_report_for_user(request, uuid) -> AssuranceReport:
    report = (
        _visible_reports(request.user)
        .select_related("agency", "plan_item__template", "plan_item__meeting__group", "submitted_by")
        .select_related("considered_meeting__group", "recorded_by")
        .filter(uuid=uuid)
        .first()
    )
    if report is None:
        raise refuse(request, "assurance report")
    return report


def _require_business_unit(request, what: str) -> None:
    if not access.is_business_unit(request.user):
        raise refuse(request, what)


def _crumbs(*extra):
    return [
        ("Home", "/"),
        ("Learning", reverse("learning:home")),
        ("Assurance reports", reverse("learning:assurance")),
        *extra,
    ]


def _report_crumbs(report, *extra):
    return _crumbs((f"{report.agency.name}: {report.plan_item.topic}", report.get_absolute_url()), *extra)


# The forward plan --------------------------------------------------------------------------------------


@login_required
def plan(request):
    user = request.user
    reader = access.reads_learning(user)
    own_agencies = access.spoc_agencies(user)
    if not (reader or own_agencies):
        raise refuse(request, "assurance forward plan")
    items = (
        _visible_plan(user)
        .select_related("agency", "meeting__group", "report")
        .order_by("-year", "due_on", "agency__name", "topic")
    )
    today = timezone.localdate()
    visible_reports = set(_visible_reports(user).filter(plan_item__in=items).values_list("pk", flat=True))
    years: OrderedDict = OrderedDict()
    for item in items:
        report = getattr(item, "report", None)
        shown = report if report is not None and report.pk in visible_reports else None
        # A draft another agency is writing shows only as not submitted.
        rows = years.setdefault(item.financial_year.label, [])
        rows.append(
            {
                "item": item,
                "report": shown,
                "status": shown.get_status_display() if shown is not None else "Not submitted",
                "status_code": shown.status if shown is not None else "not-submitted",
                "overdue": (report is None or report.is_draft) and item.due_on < today,
                "can_write": item.agency in own_agencies and (report is None or report.is_draft),
            }
        )
    return TemplateResponse(
        request,
        "learning/assurance/plan.html",
        {
            "years": years,
            "reader": reader,
            "business_unit": access.is_business_unit(user),
            "crumbs": _crumbs()[:-1] + [("Assurance reports", None)],
        },
    )


@login_required
@require_POST
def start(request, uuid):
    item = AssurancePlanItem.objects.select_related("agency").filter(uuid=uuid).first()
    if item is None or item.agency not in access.spoc_agencies(request.user):
        raise refuse(request, "start assurance report")
    report = services.start_report(actor=request.user, plan_item=item, request=request)
    if not report.is_draft:
        return redirect(report)
    return redirect("learning:assurance-report-edit", uuid=report.uuid)


# A report ------------------------------------------------------------------------------------------------


@login_required
def report_detail(request, uuid):
    report = _get_report_for_user(request, uuid)
    user = request.user
    sections = services.sections_for(report)
    business_unit = access.is_business_unit(user)
    own = services.is_spoc_for(user, report.agency)
    submitted = report.status in SHARED_STATUSES
    questions = list(report.questions.select_related("asked_by", "responded_by"))
    return TemplateResponse(
        request,
        "learning/assurance/report.html",
        {
            "report": report,
            "rows": [
                {"section": section, "answer": section.display_answer(report.answers.get(section.key))}
                for section in sections
            ],
            "self_assessment": report.self_assessment(sections),
            "missing": services.missing_sections(report, sections) if report.is_draft else [],
            "questions": questions,
            "actions": list(services.actions_from(report)) if submitted else [],
            "can_edit": own and report.is_draft,
            "can_respond": (own or business_unit) and submitted,
            "can_record": business_unit and submitted,
            "history": history_for(report),
            "crumbs": _crumbs((f"{report.agency.name}: {report.plan_item.topic}", None)),
        },
    )


@login_required
def report_edit(request, uuid):
    report = _get_report_for_user(request, uuid)
    if not services.is_spoc_for(request.user, report.agency):
        raise refuse(request, "edit assurance report")
    if not report.is_draft:
        messages.info(request, f"This report is {report.get_status_display().lower()}, so it cannot be changed.")
        return redirect(report)
    sections = services.sections_for(report)
    initial = {section.key: report.answers.get(section.key) for section in sections}
    form = ReportForm(request.POST if request.method == "POST" else None, sections=sections, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_draft(actor=request.user, report=report, cleaned_data=form.cleaned_data, request=request)
        except DomainError as error:
            if (response := show_refusal(request, error, form, report)) is not None:
                return response
        else:
            if request.POST.get("then") == "submit":
                return redirect("learning:assurance-report-submit", uuid=report.uuid)
            messages.success(request, "Draft saved. You can come back to it at any time before you submit.")
            return redirect(report)
    context = {"report": report, "crumbs": _report_crumbs(report, ("Write the report", None))}
    return form_page(request, "learning/assurance/report_edit.html", context, form)


@login_required
def report_submit(request, uuid):
    report = _get_report_for_user(request, uuid)
    if not services.is_spoc_for(request.user, report.agency):
        raise refuse(request, "submit assurance report")
    if not report.is_draft:
        messages.info(request, f"This report is {report.get_status_display().lower()} already.")
        return redirect(report)
    sections = services.sections_for(report)
    error = None
    if request.method == "POST":
        try:
            services.submit_report(actor=request.user, report=report, request=request)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, "Assurance report submitted. The business unit has been told.")
            return redirect(report)
    missing = services.missing_sections(report, sections)
    return TemplateResponse(
        request,
        "learning/assurance/report_submit.html",
        {
            "report": report,
            "missing": missing,
            "error": error,
            "answered": len(sections) - len(missing),
            "section_count": len(sections),
            "crumbs": _report_crumbs(report, ("Submit", None)),
        },
        status=400 if error else 200,
    )


@login_required
def report_pdf(request, uuid):
    report = _get_report_for_user(request, uuid)
    response = HttpResponse(services.report_pdf(report), content_type="application/pdf")
    filename = f"assurance-report-{report.agency.short_code}-{report.plan_item.financial_year.slug}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# The meeting's consideration --------------------------------------------------------------------------------


def _require_shared(request, report):
    if report.status not in SHARED_STATUSES:
        messages.info(request, "The report has not been submitted yet.")
        return redirect(report)
    return None


@login_required
def question_new(request, uuid):
    _require_business_unit(request, "record assurance question")
    report = _get_report_for_user(request, uuid)
    if (not_shared := _require_shared(request, report)) is not None:
        return not_shared
    initial = {}
    if report.plan_item.meeting_id:
        initial["asked_on"] = timezone.localtime(report.plan_item.meeting.starts_at).date()
    form = QuestionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_question(
                actor=request.user,
                report=report,
                question=data["question"],
                asked_on=data["asked_on"],
                asked_by_name=data["asked_by_name"],
                response=data["response"],
                request=request,
            )
        except DomainError as error:
            if (response := show_refusal(request, error, form, report)) is not None:
                return response
        else:
            messages.success(request, "Question recorded.")
            return redirect(f"{report.get_absolute_url()}#questions")
    context = {
        "report": report,
        "crumbs": _report_crumbs(report, ("Record a question", None)),
        "heading": "Record a question",
        "button": "Record the question",
    }
    return form_page(request, "learning/assurance/question.html", context, form)


@login_required
def question_respond(request, uuid):
    question = AssuranceQuestion.objects.select_related("report").filter(uuid=uuid).first()
    if question is None:
        raise refuse(request, "assurance question")
    report = _get_report_for_user(request, question.report.uuid)
    if not (access.is_business_unit(request.user) or services.is_spoc_for(request.user, report.agency)):
        raise refuse(request, "respond to assurance question")
    form = ResponseForm(request.POST if request.method == "POST" else None, initial={"response": question.response})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_response(
                actor=request.user, question=question, response=form.cleaned_data["response"], request=request
            )
        except DomainError as error:
            if (response := show_refusal(request, error, form, report)) is not None:
                return response
        else:
            messages.success(request, "Response recorded.")
            return redirect(f"{report.get_absolute_url()}#questions")
    context = {
        "report": report,
        "question": question,
        "crumbs": _report_crumbs(report, ("Respond", None)),
        "heading": "Record the agency's response",
        "button": "Save the response",
    }
    return form_page(request, "learning/assurance/respond.html", context, form)


def _held_executive_meetings():
    from hub.governance.models import Meeting

    return (
        Meeting.objects.filter(group__is_executive=True, starts_at__lte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("group")
        .order_by("-starts_at")
    )


@login_required
def consider(request, uuid):
    _require_business_unit(request, "record assurance consideration")
    report = _get_report_for_user(request, uuid)
    if (not_shared := _require_shared(request, report)) is not None:
        return not_shared
    meetings = _held_executive_meetings()
    initial = {"outcome": report.outcome, "outcome_notes": report.outcome_notes}
    meeting = report.considered_meeting or report.plan_item.meeting
    if meeting is not None:
        initial["meeting"] = meeting.uuid
    form = ConsiderationForm(request.POST if request.method == "POST" else None, meetings=meetings, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_consideration(
                actor=request.user,
                report=report,
                meeting=data["meeting"],
                outcome=data["outcome"],
                outcome_notes=data["outcome_notes"],
                request=request,
            )
        except DomainError as error:
            if (response := show_refusal(request, error, form, report)) is not None:
                return response
        else:
            messages.success(request, "The meeting's consideration is recorded.")
            return redirect(report)
    context = {
        "report": report,
        "crumbs": _report_crumbs(report, ("Record the consideration", None)),
        "heading": "Record the consideration",
        "button": "Save the consideration",
    }
    return form_page(request, "learning/assurance/consider.html", context, form)


@login_required
def report_action(request, uuid):
    _require_business_unit(request, "raise action from assurance report")
    report = _get_report_for_user(request, uuid)
    if (not_shared := _require_shared(request, report)) is not None:
        return not_shared
    form = ReportActionForm(
        request.POST if request.method == "POST" else None, initial={"owner_agency": report.agency_id}
    )
    context = {
        "report": report,
        "crumbs": _report_crumbs(report, ("Raise an action", None)),
        "heading": "Raise an action",
        "button": "Raise the action",
    }
    raise_action = partial(services.raise_action, actor=request.user, report=report, request=request)
    return raise_action_page(
        request, form, raise_action, back=report, template="learning/assurance/action.html", context=context
    )


@login_required
def report_table(request, uuid):
    _require_business_unit(request, "table assurance report")
    report = _get_report_for_user(request, uuid)
    if (not_shared := _require_shared(request, report)) is not None:
        return not_shared
    meetings = services.meetings_to_table_at(report)
    initial = {"meeting": report.plan_item.meeting.uuid} if report.plan_item.meeting_id else None
    form = TableForm(request.POST if request.method == "POST" else None, meetings=meetings, initial=initial)
    if request.method == "POST" and form.is_valid():
        meeting = form.cleaned_data["meeting"]
        try:
            services.table_at_meeting(actor=request.user, report=report, meeting=meeting, request=request)
        except DomainError as error:
            if (response := show_refusal(request, error, form, report)) is not None:
                return response
        else:
            messages.success(request, f"The report is now a paper of {meeting}.")
            return redirect(report)
    context = {
        "report": report,
        "has_meetings": meetings.exists(),
        "crumbs": _report_crumbs(report, ("Table at a meeting", None)),
        "heading": "Table the report at a meeting",
        "button": "Add to the meeting's papers",
    }
    return form_page(request, "learning/assurance/table.html", context, form)
