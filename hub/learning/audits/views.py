"""Audit pages under /learning/audits/: the programme, each audit, agency returns, moderation,
findings, the findings report and recurring themes.

Who sees what (``access`` and the helpers below): the business unit runs everything; members of
the learning groups, executives and the scrutineer read the programme, findings and reports; a
SPOC sees the audits their agency takes part in and completes its returns. Until moderation a
return is seen only by its own agency and the business unit.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from hub.core.errors import DomainError
from hub.core.periods import FinancialYear
from hub.core.permissions import can_read_across_partnership, is_business_unit, refuse
from hub.core.views.forms import form_page
from hub.learning.access import reads_learning, spoc_agencies
from hub.learning.audits import recurring, reporting, services
from hub.learning.audits.forms import (
    CaseForm,
    FindingActionForm,
    FindingForm,
    MeetingForm,
    ModerationForm,
    ReturnForm,
    StatusForm,
)
from hub.learning.audits.models import Audit, AuditCase, AuditProgramme, AuditReturn, Finding

REPORTED = {Audit.Status.REPORTING, Audit.Status.COMPLETED}


# Who may see what ------------------------------------------------------------------------------------


def _agency_ids(user) -> set[int]:
    return {agency.pk for agency in spoc_agencies(user)}


def visible_audits(user):
    """Audits a person may open: all for readers, those their agency takes part in for a SPOC."""
    if reads_learning(user):
        return Audit.objects.all()
    agencies = _agency_ids(user)
    if agencies:
        return Audit.objects.filter(agencies__in=agencies).distinct()
    return Audit.objects.none()


def can_see_return(user, audit_return: AuditReturn) -> bool:
    if is_business_unit(user):
        return True
    agencies = _agency_ids(user)
    if audit_return.agency_id in agencies:
        return True
    audit = audit_return.case.audit
    if audit.before_moderation:
        return False
    if can_read_across_partnership(user):
        return True
    return bool(agencies & set(audit.agencies.values_list("pk", flat=True)))


def can_edit_return(user, audit_return: AuditReturn) -> bool:
    return (
        audit_return.agency_id in _agency_ids(user)
        and audit_return.case.audit.status == Audit.Status.RETURNS
        and audit_return.status == AuditReturn.Status.DRAFT
    )


def can_see_findings(user, audit: Audit) -> bool:
    """Findings and the report: the business unit from moderation, everyone who sees the audit once reported."""
    if is_business_unit(user):
        return not audit.before_moderation
    return audit.status in REPORTED


def _audit_for(request, uuid) -> Audit:
    audit = (
        visible_audits(request.user)
        .select_related("programme", "template__grading_scheme", "lead")
        .filter(uuid=uuid)
        .first()
    )
    if audit is None:
        raise refuse(request, "audit")
    return audit


def _business_unit_audit(request, uuid, what: str) -> Audit:
    if not is_business_unit(request.user):
        raise refuse(request, what)
    return _audit_for(request, uuid)


def _crumbs(*extra):
    return [
        ("Home", "/"),
        ("Learning and improvement", reverse("learning:home")),
        ("Audits", reverse("learning:audits")),
        *extra,
    ]


def _audit_crumbs(audit: Audit, *extra):
    return _crumbs(
        (audit.programme.financial_year.label, audit.programme.get_absolute_url()),
        (audit.title, audit.get_absolute_url() if extra else None),
        *extra,
    )


# Programme -------------------------------------------------------------------------------------------


@login_required
def audits(request):
    user = request.user
    if not (reads_learning(user) or spoc_agencies(user)):
        raise refuse(request, "audits")
    audits_seen = visible_audits(user).select_related("programme")
    programmes = (
        AuditProgramme.objects.filter(audits__in=audits_seen).distinct()
        if not reads_learning(user)
        else AuditProgramme.objects.all()
    ).prefetch_related(Prefetch("audits", queryset=audits_seen.order_by("moderation_on", "title")))
    return TemplateResponse(
        request,
        "learning/audits/programmes.html",
        {
            "programmes": programmes,
            "business_unit": is_business_unit(user),
            "crumbs": _crumbs()[:-1] + [("Audits", None)],
        },
    )


def _programme_for(request, year_slug) -> AuditProgramme:
    try:
        year = FinancialYear.parse(year_slug)
    except ValueError:
        raise refuse(request, "audit programme")
    programme = AuditProgramme.objects.filter(year=year.start_year).first()
    if programme is None:
        raise refuse(request, "audit programme")
    return programme


@login_required
def programme(request, year_slug):
    user = request.user
    if not (reads_learning(user) or spoc_agencies(user)):
        raise refuse(request, "audit programme")
    programme = _programme_for(request, year_slug)
    items = (
        visible_audits(user)
        .filter(programme=programme)
        .select_related("lead")
        .prefetch_related("agencies", "themes")
        .annotate(case_count=Count("cases", distinct=True), finding_count=Count("findings", distinct=True))
        .order_by("moderation_on", "title")
    )
    return TemplateResponse(
        request,
        "learning/audits/programme.html",
        {
            "programme": programme,
            "audits": items,
            "business_unit": is_business_unit(user),
            "crumbs": _crumbs((programme.financial_year.label, None)),
        },
    )


@login_required
def programme_pdf(request, year_slug):
    if not reads_learning(request.user):
        raise refuse(request, "audit programme")
    programme = _programme_for(request, year_slug)
    response = HttpResponse(reporting.programme_pdf(programme), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="audit-programme-{programme.financial_year.slug}.pdf"'
    return response


@login_required
def programme_table(request, year_slug):
    if not is_business_unit(request.user):
        raise refuse(request, "table audit programme")
    programme = _programme_for(request, year_slug)
    meetings = list(reporting.group_meetings(programme.financial_year.start))
    return _table_page(
        request,
        meetings=meetings,
        table=lambda meeting: reporting.table_programme(
            actor=request.user, programme=programme, meeting=meeting, request=request
        ),
        back=programme.get_absolute_url(),
        what=f"The audit programme for {programme.financial_year.label}",
        crumbs=_crumbs((programme.financial_year.label, programme.get_absolute_url()), ("Add to a meeting", None)),
    )


def _table_page(request, *, meetings, table, back, what, crumbs):
    form = MeetingForm(request.POST if request.method == "POST" else None, meetings=meetings)
    if request.method == "POST" and form.is_valid():
        meeting = form.chosen()
        try:
            table(meeting)
        except DomainError as error:
            form.add_error("meeting", error.message)
        else:
            messages.success(request, f"{what} is now a paper for {meeting}.")
            return redirect(back)
    return form_page(
        request,
        "learning/audits/table.html",
        {"meetings": meetings, "back": back, "what": what, "crumbs": crumbs},
        form,
    )


# One audit -------------------------------------------------------------------------------------------


@login_required
def audit_detail(request, uuid):
    user = request.user
    audit = _audit_for(request, uuid)
    business_unit = is_business_unit(user)
    cases = list(
        audit.cases.select_related("owning_agency")
        .prefetch_related(
            Prefetch("returns", queryset=AuditReturn.objects.select_related("agency").order_by("agency__name")),
            "moderation__area_grades__area",
        )
        .order_by("reference")
    )
    for case in cases:
        case.visible_returns = [item for item in case.returns.all() if _sees_return_quickly(user, audit, item)]
    scheme = audit.template.grading_scheme
    findings = []
    if can_see_findings(user, audit):
        findings = list(audit.findings.select_related("category").prefetch_related("themes"))
    return TemplateResponse(
        request,
        "learning/audits/audit.html",
        {
            "audit": audit,
            "cases": cases,
            "findings": findings,
            "shows_findings": can_see_findings(user, audit),
            "grade_label": {grade.code: grade for grade in scheme.grades.all()},
            "business_unit": business_unit,
            "status_form": StatusForm(audit=audit) if business_unit else None,
            "crumbs": _audit_crumbs(audit),
        },
    )


def _sees_return_quickly(user, audit: Audit, audit_return: AuditReturn) -> bool:
    audit_return.case.audit = audit  # already loaded: avoid a query per return
    return can_see_return(user, audit_return)


@login_required
def audit_status(request, uuid):
    audit = _business_unit_audit(request, uuid, "change audit stage")
    form = StatusForm(request.POST if request.method == "POST" else None, audit=audit)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(actor=request.user, audit=audit, status=form.cleaned_data["status"], request=request)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(
                request, f"The audit is now at the stage: {Audit.Status(form.cleaned_data['status']).label}."
            )
            return redirect(audit)
    return form_page(
        request,
        "learning/audits/status.html",
        {"audit": audit, "crumbs": _audit_crumbs(audit, ("Change the stage", None))},
        form,
    )


@login_required
def case_add(request, uuid):
    audit = _business_unit_audit(request, uuid, "add audit case")
    form = CaseForm(request.POST if request.method == "POST" else None, audit=audit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.add_case(
                actor=request.user,
                audit=audit,
                reference=data["reference"],
                owning_agency=data["owning_agency"],
                agencies=list(data["agencies"]),
                context=data["context"],
                request=request,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, f"Case {case.reference} added, with a return for each agency.")
            return redirect(audit)
    return form_page(
        request,
        "learning/audits/case_add.html",
        {"audit": audit, "crumbs": _audit_crumbs(audit, ("Add a case", None))},
        form,
    )


@login_required
@require_POST
def case_remove(request, uuid):
    if not is_business_unit(request.user):
        raise refuse(request, "remove audit case")
    case = AuditCase.objects.select_related("audit").filter(uuid=uuid).first()
    if case is None:
        raise refuse(request, "audit case")
    try:
        services.remove_case(actor=request.user, case=case, request=request)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Case {case.reference} taken out of the audit.")
    return redirect(case.audit)


# Returns ---------------------------------------------------------------------------------------------


@login_required
def audit_returns(request):
    """A SPOC's audit returns, newest audit first; the business unit sees every open audit's."""
    user = request.user
    agencies = spoc_agencies(user)
    business_unit = is_business_unit(user)
    if not (agencies or business_unit):
        raise refuse(request, "audit returns")
    items = AuditReturn.objects.select_related("case__audit__programme", "agency").filter(
        case__audit__status__in=[Audit.Status.RETURNS, Audit.Status.MODERATION, Audit.Status.REPORTING]
    )
    if not business_unit:
        items = items.filter(agency__in=agencies)
    items = items.order_by("status", "case__audit__returns_due_on", "case__reference", "agency__name")
    return TemplateResponse(
        request,
        "learning/audits/returns.html",
        {"returns": items, "business_unit": business_unit, "crumbs": _crumbs(("Audit returns", None))},
    )


def _return_for(request, uuid) -> AuditReturn:
    audit_return = (
        AuditReturn.objects.select_related(
            "case__audit__programme", "case__audit__template__grading_scheme", "case__owning_agency", "agency"
        )
        .filter(uuid=uuid)
        .first()
    )
    if audit_return is None or not can_see_return(request.user, audit_return):
        raise refuse(request, "audit return")
    return audit_return


@login_required
def audit_return(request, uuid):
    audit_return = _return_for(request, uuid)
    audit = audit_return.case.audit
    questions = list(audit.template.questions.select_related("area", "grading_scheme"))
    editable = can_edit_return(request.user, audit_return)
    if request.method == "POST" and not editable:
        raise refuse(request, "change audit return")
    form = None
    if editable:
        form = ReturnForm(
            request.POST if request.method == "POST" else None,
            questions=questions,
            initial=dict(audit_return.answers),
        )
        if request.method == "POST" and form.is_valid():
            submit = "submit" in request.POST
            try:
                services.save_return(
                    actor=request.user,
                    audit_return=audit_return,
                    cleaned_data=form.cleaned_data,
                    submit=submit,
                    request=request,
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if submit:
                    messages.success(request, f"Your return on case {audit_return.case.reference} has been submitted.")
                    return redirect("learning:audit-returns")
                messages.success(request, "Your answers have been saved. You can come back and finish later.")
                return redirect(audit_return)
    answered = [(question, question.display_answer(audit_return.answers.get(question.key))) for question in questions]
    context = {
        "audit_return": audit_return,
        "audit": audit,
        "answered": answered,
        "editable": editable,
        "business_unit": is_business_unit(request.user),
        "can_reopen": is_business_unit(request.user)
        and audit.status == Audit.Status.RETURNS
        and audit_return.status == AuditReturn.Status.SUBMITTED,
        "crumbs": _audit_crumbs(
            audit,
            (f"Case {audit_return.case.reference}: {audit_return.agency.name}", None),
        ),
    }
    if form is not None:
        return form_page(request, "learning/audits/return.html", context, form)
    return TemplateResponse(request, "learning/audits/return.html", context)


@login_required
@require_POST
def audit_return_reopen(request, uuid):
    if not is_business_unit(request.user):
        raise refuse(request, "reopen audit return")
    audit_return = _return_for(request, uuid)
    try:
        services.reopen_return(actor=request.user, audit_return=audit_return, request=request)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The {audit_return.agency} return is a draft again; the agency can change it.")
    return redirect(audit_return)


# Moderation ------------------------------------------------------------------------------------------


@login_required
def case_moderation(request, uuid):
    if not is_business_unit(request.user):
        raise refuse(request, "moderate audit case")
    case = (
        AuditCase.objects.select_related("audit__programme", "audit__template__grading_scheme", "owning_agency")
        .filter(uuid=uuid)
        .first()
    )
    if case is None:
        raise refuse(request, "audit case")
    audit = case.audit
    existing = getattr(case, "moderation", None)
    initial = {}
    if existing is not None:
        initial = {
            "overall_grade": existing.overall_grade,
            "rationale": existing.rationale,
            "dissent": existing.dissent,
        }
        for row in existing.area_grades.all():
            initial |= {
                f"area-{row.area_id}-grade": row.grade,
                f"area-{row.area_id}-rationale": row.rationale,
                f"area-{row.area_id}-dissent": row.dissent,
            }
    form = ModerationForm(request.POST if request.method == "POST" else None, audit=audit, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_moderation(
                actor=request.user,
                case=case,
                overall_grade=data["overall_grade"],
                rationale=data["rationale"],
                dissent=data["dissent"],
                area_grades=form.area_grades(),
                request=request,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, f"The agreed grades for case {case.reference} have been recorded.")
            return redirect(audit)
    returns = [
        (item, [(q, q.display_answer(item.answers.get(q.key))) for q in audit.template.questions.all()])
        for item in case.returns.select_related("agency").order_by("agency__name")
    ]
    return form_page(
        request,
        "learning/audits/moderation.html",
        {
            "audit": audit,
            "case": case,
            "returns": returns,
            "crumbs": _audit_crumbs(audit, (f"Moderate case {case.reference}", None)),
        },
        form,
    )


# Findings --------------------------------------------------------------------------------------------


def _finding_for(request, uuid) -> Finding:
    finding = (
        Finding.objects.select_related("audit__programme", "category")
        .prefetch_related("themes")
        .filter(uuid=uuid, audit__in=visible_audits(request.user))
        .first()
    )
    if finding is None or not can_see_findings(request.user, finding.audit):
        raise refuse(request, "audit finding")
    return finding


@login_required
def finding_add(request, uuid):
    audit = _business_unit_audit(request, uuid, "record audit finding")
    return _finding_form(request, audit, None)


@login_required
def finding_edit(request, uuid):
    if not is_business_unit(request.user):
        raise refuse(request, "change audit finding")
    finding = _finding_for(request, uuid)
    return _finding_form(request, finding.audit, finding)


def _finding_form(request, audit: Audit, finding: Finding | None):
    initial = FindingForm.initial_for(finding) if finding else None
    form = FindingForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes = data.pop("themes")
        try:
            saved = services.save_finding(
                actor=request.user, audit=audit, finding=finding, themes=themes, request=request, **data
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, "Finding saved." if finding else "Finding recorded.")
            return redirect(saved)
    title = "Change the finding" if finding else "Record a finding"
    return form_page(
        request,
        "learning/audits/finding_form.html",
        {"audit": audit, "finding": finding, "title": title, "crumbs": _audit_crumbs(audit, (title, None))},
        form,
    )


@login_required
def finding_detail(request, uuid):
    finding = _finding_for(request, uuid)
    actions = services.actions_for_findings([finding.pk])
    return TemplateResponse(
        request,
        "learning/audits/finding.html",
        {
            "finding": finding,
            "audit": finding.audit,
            "actions": actions,
            "business_unit": is_business_unit(request.user),
            "crumbs": _audit_crumbs(finding.audit, ("Finding", None)),
        },
    )


@login_required
def finding_action(request, uuid):
    if not is_business_unit(request.user):
        raise refuse(request, "raise action from finding")
    finding = _finding_for(request, uuid)
    initial = {"title": finding.recommendation[:250], "theme": next((t.pk for t in finding.themes.all()), None)}
    form = FindingActionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = services.raise_action(
                actor=request.user,
                finding=finding,
                title=data["title"],
                description=data["description"],
                owner_agency=data["owner_agency"],
                owner=data["owner_email"],
                due_on=data["due_on"],
                theme=data["theme"],
                request=request,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, f"Action {action.reference} raised on the action tracker.")
            return redirect(finding)
    return form_page(
        request,
        "learning/audits/finding_action.html",
        {"finding": finding, "crumbs": _audit_crumbs(finding.audit, ("Raise an action", None))},
        form,
    )


# Findings report -------------------------------------------------------------------------------------


def _reported_audit(request, uuid) -> Audit:
    audit = _audit_for(request, uuid)
    if not can_see_findings(request.user, audit):
        raise refuse(request, "findings report")
    return audit


@login_required
def findings_report(request, uuid):
    audit = _reported_audit(request, uuid)
    return TemplateResponse(
        request,
        "learning/audits/report.html",
        reporting.findings_context(audit)
        | {"business_unit": is_business_unit(request.user), "crumbs": _audit_crumbs(audit, ("Findings report", None))},
    )


@login_required
def findings_report_pdf(request, uuid):
    audit = _reported_audit(request, uuid)
    response = HttpResponse(reporting.findings_pdf(audit), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{reporting.findings_filename(audit)}"'
    return response


@login_required
def findings_report_table(request, uuid):
    if not is_business_unit(request.user):
        raise refuse(request, "table findings report")
    audit = _reported_audit(request, uuid)
    meetings = list(reporting.group_meetings(audit.moderation_on or audit.programme.financial_year.start))
    return _table_page(
        request,
        meetings=meetings,
        table=lambda meeting: reporting.table_findings(
            actor=request.user, audit=audit, meeting=meeting, request=request
        ),
        back=reverse("learning:audit-report", args=[audit.uuid]),
        what=f"The findings report of {audit.title}",
        crumbs=_audit_crumbs(
            audit,
            ("Findings report", reverse("learning:audit-report", args=[audit.uuid])),
            ("Add to a meeting", None),
        ),
    )


# Recurring themes ------------------------------------------------------------------------------------


@login_required
def recurring_themes(request):
    if not reads_learning(request.user):
        raise refuse(request, "recurring themes")
    years = sorted(AuditProgramme.objects.values_list("year", flat=True).distinct())
    first, last = _year_param(request.GET.get("from"), years), _year_param(request.GET.get("to"), years)
    error = ""
    if first is not None and last is not None and first > last:
        error = "The first year must come before the last year"
        first = last = None
    analysis = recurring.analyse(first, last)
    return TemplateResponse(
        request,
        "learning/audits/recurring.html",
        {
            "analysis": analysis,
            "year_choices": [(FinancialYear(year).slug, FinancialYear(year).label) for year in years],
            "first": FinancialYear(first).slug if first is not None else "",
            "last": FinancialYear(last).slug if last is not None else "",
            "error": error,
            "crumbs": [
                ("Home", "/"),
                ("Learning and improvement", reverse("learning:home")),
                ("Recurring themes", None),
            ],
        },
        status=400 if error else 200,
    )


def _year_param(value: str | None, years: list[int]) -> int | None:
    if not value:
        return None
    try:
        year = FinancialYear.parse(value).start_year
    except ValueError:
        return None
    return year if year in years else None
