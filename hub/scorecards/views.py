"""Pages for performance returns, dashboards, indicators and exception reports (under /performance/).

Who sees what:

- a SPOC sees and fills in their own agency's returns, and their agency's dashboard;
- the business unit sees every return, approves or returns them, opens exceptions after the
  deadline and writes the exception report's analysis;
- readers across the partnership (executive, independent scrutineer, members of the
  Performance and Learning Group and of the Executive) see dashboards, indicators and exception
  reports, never a return in progress.

Everything else is answered with 404 (``refuse``), so a SPOC never learns that another agency's
draft exists.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hub.core import roles
from hub.core.errors import DomainError
from hub.core.models import Agency, Theme
from hub.core.permissions import can_read_across_partnership, is_business_unit, refuse
from hub.scorecards import charts, services
from hub.scorecards.analysis import build_series, recent_periods, target_status
from hub.scorecards.exceptions import (
    chart_for,
    exception_report_pdf,
    meetings_to_table_at,
    report_context,
    table_at_meeting,
)
from hub.scorecards.forms import EntryAnalysisForm, ExceptionForm, SendBackForm, UploadForm, ValuesForm
from hub.scorecards.models import (
    ExceptionEntry,
    ExceptionReport,
    Frequency,
    Indicator,
    ReportingPeriod,
    Return,
    ReturnUpload,
    ScorecardSettings,
)
from hub.scorecards.validation import blocking, validate_values
from hub.scorecards.workbook import MAX_UPLOAD_BYTES, build_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Who may see what ------------------------------------------------------------------------------


def can_read_performance(user) -> bool:
    """Dashboards across every agency: partnership readers and members of the groups that receive them.

    The main menu asks on every page, so the answer is kept on the user object for the request.
    """
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_can_read_performance", None)
    if cached is None:
        cached = user._can_read_performance = _reads_performance(user)
    return cached


def _reads_performance(user) -> bool:
    if can_read_across_partnership(user):
        return True
    from hub.governance.models import Membership

    group = ScorecardSettings.load().performance_group_id
    memberships = Membership.objects.current().filter(person=user)
    if group:
        memberships = memberships.filter(Q(group__is_executive=True) | Q(group_id=group))
    else:
        memberships = memberships.filter(group__is_executive=True)
    return memberships.exists()


def spoc_agencies(user) -> list[Agency]:
    return user.agencies_with_role(roles.SPOC) if user.is_authenticated else []


def _get_return_for_user(request, uuid) -> Return:
    scorecard_return = (
        Return.objects.visible_to(request.user).select_related("agency", "period").filter(uuid=uuid).first()
    )
    if scorecard_return is None:
        raise refuse(request, "scorecard return")
    return scorecard_return


def _crumbs(*extra):
    return [("Home", "/"), ("Performance", reverse("scorecards:dashboard")), *extra]


# Returns ------------------------------------------------------------------------------------------


@login_required
def returns(request):
    """A SPOC's returns, or the business unit's completeness and timeliness grid."""
    user = request.user
    agencies = spoc_agencies(user)
    business_unit = is_business_unit(user)
    if not (agencies or business_unit):
        raise refuse(request, "scorecard returns")
    periods = list(ReportingPeriod.objects.filter(frequency=Frequency.QUARTERLY).order_by("-start")[:8])
    today = timezone.localdate()
    expected_by_period = services.expected_agencies_by_period(periods)
    if business_unit:
        shown_agencies = {agency for expected in expected_by_period.values() for agency in expected}
        agencies = sorted(shown_agencies, key=lambda agency: agency.name)
    existing = {
        (item.agency_id, item.period_id): item
        for item in Return.objects.filter(agency__in=agencies, period__in=periods).select_related("period")
    }
    rows = []
    for agency in agencies:
        cells = []
        for period in periods:
            item = existing.get((agency.pk, period.pk))
            cells.append(
                {"period": period, "return": item, "late": item.is_late() if item else today > period.deadline}
            )
        rows.append({"agency": agency, "cells": cells})
    completeness = []
    for index, period in enumerate(periods):
        expected = [row for row in rows if row["agency"] in expected_by_period[period.pk]] if business_unit else rows
        approved = sum(
            1
            for row in expected
            if row["cells"][index]["return"] and row["cells"][index]["return"].status == Return.Status.APPROVED
        )
        on_time = sum(
            1
            for row in expected
            if row["cells"][index]["return"]
            and row["cells"][index]["return"].submitted_at
            and not row["cells"][index]["late"]
        )
        completeness.append({"period": period, "expected": len(expected), "approved": approved, "on_time": on_time})
    return TemplateResponse(
        request,
        "scorecards/returns.html",
        {
            "rows": rows,
            "periods": periods,
            "completeness": completeness,
            "business_unit": business_unit,
            "today": today,
            "crumbs": _crumbs(("Returns", None)),
        },
    )


@login_required
@require_POST
def return_start(request, agency_code, period_key):
    agency = Agency.objects.filter(short_code=agency_code).first()
    period = ReportingPeriod.objects.filter(key=period_key).first()
    if agency is None or period is None or not services.is_spoc_for(request.user, agency):
        raise refuse(request, "start scorecard return")
    scorecard_return = services.start_return(actor=request.user, agency=agency, period=period)
    return redirect("scorecards:return", uuid=scorecard_return.uuid)


def _return_page_context(request, scorecard_return, form=None, problems=None):
    user = request.user
    lines = services.lines_for(scorecard_return.agency, scorecard_return.period)
    scorecard_settings = ScorecardSettings.load()
    locked = scorecard_return.is_locked(lock_after_days=scorecard_settings.lock_after_days)
    is_spoc = services.is_spoc_for(user, scorecard_return.agency)
    can_edit = is_spoc and scorecard_return.is_editable_status and not locked
    if problems is None:
        problems = services.check_return(scorecard_return, lines)
    if form is None and can_edit:
        initial = {}
        for value in services.current_inputs(scorecard_return):
            initial[f"{value.code}-numerator"] = "" if value.numerator is None else f"{value.numerator.normalize():f}"
            if value.denominator is not None:
                initial[f"{value.code}-denominator"] = f"{value.denominator.normalize():f}"
            initial[f"{value.code}-comment"] = value.comment
        form = ValuesForm(initial=initial, lines=lines)
    values = {value.indicator.code: value for value in scorecard_return.values.select_related("indicator")}
    problems_by_code = defaultdict(list)
    for problem in problems:
        problems_by_code[problem.code].append(problem)
    line_rows = [
        {"line": line, "value": values.get(line.spec.code), "problems": problems_by_code.get(line.spec.code, [])}
        for line in lines
    ]
    return {
        "return": scorecard_return,
        "lines": line_rows,
        "form": form,
        "problems": problems,
        "blocking": blocking(problems),
        "can_edit": can_edit,
        "is_spoc": is_spoc,
        "locked": locked,
        "locks_on": scorecard_return.period.locks_on(scorecard_settings.lock_after_days),
        "business_unit": is_business_unit(user),
        "crumbs": _crumbs(("Returns", reverse("scorecards:returns")), (str(scorecard_return), None)),
    }


@login_required
def return_detail(request, uuid):
    scorecard_return = _get_return_for_user(request, uuid)
    if request.method == "POST":
        context = _return_page_context(request, scorecard_return)
        if not context["can_edit"]:
            raise refuse(request, "edit scorecard return")
        form = ValuesForm(request.POST, lines=[row["line"] for row in context["lines"]])
        if form.is_valid():
            try:
                changed, problems = services.save_values(
                    actor=request.user,
                    scorecard_return=scorecard_return,
                    values=form.cleaned_data["values"],
                    request=request,
                )
            except DomainError as error:
                messages.error(request, error.message)
                return redirect("scorecards:return", uuid=uuid)
            if changed:
                messages.success(request, f"Saved {len(changed)} value{'s' if len(changed) != 1 else ''}.")
            else:
                messages.info(request, "Nothing had changed.")
            if request.POST.get("next") == "submit" and not blocking(problems):
                return redirect("scorecards:return-submit", uuid=uuid)
            return redirect("scorecards:return", uuid=uuid)
        context["form"] = form
        return TemplateResponse(request, "scorecards/return.html", context, status=400)
    return TemplateResponse(request, "scorecards/return.html", _return_page_context(request, scorecard_return))


@login_required
def return_template(request, uuid):
    scorecard_return = _get_return_for_user(request, uuid)
    content = build_template(services.template_spec(scorecard_return))
    response = HttpResponse(content, content_type=XLSX)
    filename = f"return-{scorecard_return.agency.short_code}-{scorecard_return.period.key}.xlsx".lower()
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def return_upload(request, uuid):
    scorecard_return = _get_return_for_user(request, uuid)
    if not services.is_spoc_for(request.user, scorecard_return.agency):
        raise refuse(request, "upload scorecard return")
    context = {
        "return": scorecard_return,
        "crumbs": _crumbs(
            ("Returns", reverse("scorecards:returns")),
            (str(scorecard_return), reverse("scorecards:return", args=[uuid])),
            ("Upload", None),
        ),
        "max_size": MAX_UPLOAD_BYTES,
    }
    form = UploadForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        if uploaded.size > MAX_UPLOAD_BYTES:
            form.add_error("file", f"The file must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
        else:
            try:
                upload, problems = services.check_upload(
                    actor=request.user, scorecard_return=scorecard_return, filename=uploaded.name, data=uploaded.read()
                )
            except DomainError as error:
                messages.error(request, error.message)
                return redirect("scorecards:return", uuid=uuid)
            if upload is None:
                context |= {"form": UploadForm(), "problems": problems, "filename": uploaded.name}
                return TemplateResponse(request, "scorecards/upload_report.html", context, status=400)
            return redirect("scorecards:return-upload-confirm", uuid=uuid, upload=upload.uuid)
    context["form"] = form
    return TemplateResponse(request, "scorecards/upload.html", context, status=400 if form.errors else 200)


@login_required
def return_upload_confirm(request, uuid, upload):
    scorecard_return = _get_return_for_user(request, uuid)
    item = get_object_or_404(ReturnUpload, uuid=upload, scorecard_return=scorecard_return, applied_at__isnull=True)
    if item.uploaded_by_id != request.user.pk:
        raise refuse(request, "confirm another person's upload")
    if request.method == "POST":
        try:
            changed = services.apply_upload(actor=request.user, upload=item, request=request)
        except services.ReturnProblems as error:
            messages.error(request, error.message)
            return redirect("scorecards:return-upload", uuid=uuid)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("scorecards:return", uuid=uuid)
        if changed:
            messages.success(
                request, f"Saved {len(changed)} value{'s' if len(changed) != 1 else ''} from {item.filename}."
            )
        else:
            messages.info(request, f"{item.filename} holds the same figures as the return, so nothing changed.")
        return redirect("scorecards:return", uuid=uuid)
    lines = services.lines_for(scorecard_return.agency, scorecard_return.period)
    values = services.upload_values(item)
    result_problems = validate_values([line.spec for line in lines], values)
    changed = set(services.changes_in_upload(item, lines))
    names = {line.spec.code: line.spec.name for line in lines}
    rows = [
        {"value": value, "name": names.get(value.code, value.code), "changed": value.code in changed}
        for value in values
    ]
    return TemplateResponse(
        request,
        "scorecards/upload_confirm.html",
        {
            "return": scorecard_return,
            "upload": item,
            "rows": rows,
            "changed_count": len(changed),
            "warnings": [problem for problem in result_problems if not problem.blocking],
            "crumbs": _crumbs(
                ("Returns", reverse("scorecards:returns")),
                (str(scorecard_return), reverse("scorecards:return", args=[uuid])),
                ("Check the upload", None),
            ),
        },
    )


@login_required
def return_submit(request, uuid):
    scorecard_return = _get_return_for_user(request, uuid)
    if not services.is_spoc_for(request.user, scorecard_return.agency):
        raise refuse(request, "submit scorecard return")
    if request.method == "POST":
        try:
            services.submit_return(actor=request.user, scorecard_return=scorecard_return, request=request)
        except services.ReturnProblems as error:
            messages.error(request, error.message)
            return redirect("scorecards:return", uuid=uuid)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("scorecards:return", uuid=uuid)
        messages.success(request, f"Return for {scorecard_return.period.label} submitted to the business unit.")
        return redirect("scorecards:returns")
    context = _return_page_context(request, scorecard_return)
    context["crumbs"] = _crumbs(
        ("Returns", reverse("scorecards:returns")),
        (str(scorecard_return), reverse("scorecards:return", args=[uuid])),
        ("Submit", None),
    )
    return TemplateResponse(request, "scorecards/return_submit.html", context)


@login_required
@require_POST
def return_approve(request, uuid):
    scorecard_return = _get_return_for_user(request, uuid)
    if not is_business_unit(request.user):
        raise refuse(request, "approve scorecard return")
    try:
        services.approve_return(actor=request.user, scorecard_return=scorecard_return, request=request)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("scorecards:return", uuid=uuid)
    messages.success(request, f"Return from {scorecard_return.agency} for {scorecard_return.period.label} approved.")
    return redirect("scorecards:returns")


def _business_unit_form_view(request, uuid, form_class, template, act, success):
    scorecard_return = _get_return_for_user(request, uuid)
    if not is_business_unit(request.user):
        raise refuse(request, template)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            updated = act(scorecard_return, form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, success(updated))
            return redirect("scorecards:return", uuid=uuid)
    return TemplateResponse(
        request,
        f"scorecards/{template}.html",
        {
            "return": scorecard_return,
            "form": form,
            "crumbs": _crumbs(
                ("Returns", reverse("scorecards:returns")),
                (str(scorecard_return), reverse("scorecards:return", args=[uuid])),
            ),
        },
        status=400 if form.errors else 200,
    )


@login_required
def return_send_back(request, uuid):
    return _business_unit_form_view(
        request,
        uuid,
        SendBackForm,
        "return_send_back",
        lambda item, data: services.send_back_return(
            actor=request.user, scorecard_return=item, reason=data["reason"], request=request
        ),
        lambda item: f"Return sent back to {item.agency} with your reasons.",
    )


@login_required
def return_exception(request, uuid):
    return _business_unit_form_view(
        request,
        uuid,
        ExceptionForm,
        "return_exception",
        lambda item, data: services.open_exception(
            actor=request.user, scorecard_return=item, until=data["until"], reason=data["reason"], request=request
        ),
        lambda item: f"{item.agency} can change its return until {item.open_until:%-d %B %Y}.",
    )


# Dashboards and indicators ------------------------------------------------------------------------


def _dashboard_scope(request):
    """(may read everything, the agencies a SPOC is limited to)."""
    user = request.user
    if can_read_performance(user):
        return True, []
    agencies = spoc_agencies(user)
    if agencies:
        return False, agencies
    raise refuse(request, "performance dashboard")


@login_required
def dashboard(request):
    reads_all, own_agencies = _dashboard_scope(request)
    agency = None
    theme = None
    agency_code = request.GET.get("agency", "")
    if agency_code:
        agency = Agency.objects.filter(short_code=agency_code).first()
    if not reads_all:
        agency = agency if agency in own_agencies else own_agencies[0]
    theme_slug = request.GET.get("theme", "")
    if theme_slug:
        theme = Theme.objects.filter(slug=theme_slug).first()
    latest = ReportingPeriod.objects.filter(frequency=Frequency.QUARTERLY, returns__status=Return.Status.APPROVED)
    latest = latest.order_by("-start").first()
    rows = []
    in_force = services.versions_in_force(latest.year if latest else timezone.localdate().year)
    if latest is not None:
        versions = [
            version
            for version in in_force
            if version.frequency == Frequency.QUARTERLY
            and (agency is None or agency in version.reporters())
            and (theme is None or theme in version.themes.all())
        ]
        periods = recent_periods(Frequency.QUARTERLY, up_to=latest)
        for series in build_series(versions, periods, agency=agency):
            rows.append(
                {
                    "series": series,
                    "variation_icon": charts.variation_icon(series.analysis.variation),
                    "assurance_icon": charts.assurance_icon(series.analysis.assurance)
                    if series.version.is_rated
                    else "",
                    "target_status": target_status(series),
                }
            )
        rows.sort(
            key=lambda row: (
                not row["series"].version.headline,
                row["series"].indicator.code,
                row["series"].scope_label,
            )
        )
    agencies = sorted(
        {agency_item for version in in_force for agency_item in version.reporters()},
        key=lambda item: item.name,
    )
    if not reads_all:
        agencies = [item for item in agencies if item in own_agencies]
    return TemplateResponse(
        request,
        "scorecards/dashboard.html",
        {
            "rows": rows,
            "latest": latest,
            "agency": agency,
            "theme": theme,
            "agencies": agencies,
            "themes": Theme.objects.order_by("name"),
            "reads_all": reads_all,
            "business_unit": is_business_unit(request.user),
            "spoc": bool(spoc_agencies(request.user)),
            "crumbs": [("Home", "/"), ("Performance", None)],
        },
    )


@login_required
def indicator_detail(request, code):
    reads_all, own_agencies = _dashboard_scope(request)
    indicator = (
        Indicator.objects.filter(code=code).prefetch_related("versions__reporting_agencies", "versions__themes").first()
    )
    if indicator is None:
        raise refuse(request, "indicator")
    version = indicator.current_version()
    if version is None:
        raise refuse(request, "indicator")
    if not reads_all and not any(agency in version.reporters() for agency in own_agencies):
        raise refuse(request, "indicator of another agency")
    periods = recent_periods(version.frequency)
    agency = None
    if not reads_all:
        agency = next(agency for agency in own_agencies if agency in version.reporters())
    all_series = build_series([version], periods, agency=agency)
    charts_shown = []
    for position, series in enumerate(all_series):
        svg, summary = chart_for(series, chart_id=f"chart-{position}")
        charts_shown.append({"series": series, "svg": svg, "summary": summary, "rows": series.table_rows()})
    benchmarks = list(indicator.benchmarks.order_by("-year", "source"))
    return TemplateResponse(
        request,
        "scorecards/indicator.html",
        {
            "indicator": indicator,
            "version": version,
            "charts": charts_shown,
            "benchmarks": benchmarks,
            "change_points": list(indicator.change_points.select_related("period", "agency")),
            "crumbs": _crumbs((f"{indicator.code} {version.name}", None)),
        },
    )


# Exception reports ----------------------------------------------------------------------------------


def _require_reader(request):
    if not can_read_performance(request.user):
        raise refuse(request, "exception report")


@login_required
def exception_reports(request):
    _require_reader(request)
    reports = ExceptionReport.objects.select_related("period").order_by("-period__start")
    periods = ReportingPeriod.objects.filter(exception_report__isnull=True, end__lte=timezone.localdate()).order_by(
        "-start"
    )[:4]
    return TemplateResponse(
        request,
        "scorecards/exception_reports.html",
        {
            "reports": reports,
            "periods_without": periods if is_business_unit(request.user) else [],
            "business_unit": is_business_unit(request.user),
            "crumbs": _crumbs(("Exception reports", None)),
        },
    )


@login_required
def exception_report(request, period_key):
    _require_reader(request)
    report = ExceptionReport.objects.select_related("period").filter(period__key=period_key).first()
    if report is None:
        raise refuse(request, "exception report")
    context = report_context(report) | {
        "business_unit": is_business_unit(request.user),
        "crumbs": _crumbs(("Exception reports", reverse("scorecards:exception-reports")), (report.period.label, None)),
    }
    return TemplateResponse(request, "scorecards/exception_report.html", context)


@login_required
def exception_report_download(request, period_key):
    _require_reader(request)
    report = ExceptionReport.objects.select_related("period").filter(period__key=period_key).first()
    if report is None:
        raise refuse(request, "exception report")
    response = HttpResponse(exception_report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="exception-report-{report.period.key}.pdf"'
    return response


@login_required
@require_POST
def exception_report_generate(request, period_key):
    if not is_business_unit(request.user):
        raise refuse(request, "generate exception report")
    period = ReportingPeriod.objects.filter(key=period_key).first()
    if period is None:
        raise refuse(request, "reporting period")
    # Drawing a chart per entry can take a while for a large dataset, so the work is queued.
    from hub.scorecards.tasks import generate_report

    result = generate_report.enqueue(period.pk, request.user.pk)
    if ExceptionReport.objects.filter(period=period).exists() and result.is_finished:
        messages.success(request, f"Exception report for {period.label} generated from the approved returns.")
        return redirect("scorecards:exception-report", period_key=period.key)
    messages.info(
        request, f"The exception report for {period.label} is being generated. It will be listed here shortly."
    )
    return redirect("scorecards:exception-reports")


@login_required
def exception_report_table(request, period_key):
    """The business unit adds the report's PDF to a meeting of the performance group."""
    if not is_business_unit(request.user):
        raise refuse(request, "table exception report")
    report = ExceptionReport.objects.select_related("period").filter(period__key=period_key).first()
    if report is None:
        raise refuse(request, "exception report")
    meetings = list(meetings_to_table_at(report))
    error = ""
    if request.method == "POST":
        chosen = next((meeting for meeting in meetings if str(meeting.uuid) == request.POST.get("meeting")), None)
        if chosen is None:
            error = "Select the meeting to add the report to"
        else:
            try:
                table_at_meeting(actor=request.user, report=report, meeting=chosen, request=request)
            except DomainError as failure:
                error = failure.message
            else:
                messages.success(request, f"The report is now a paper for {chosen}.")
                return redirect("scorecards:exception-report", period_key=period_key)
    return TemplateResponse(
        request,
        "scorecards/exception_report_table.html",
        {
            "report": report,
            "meetings": meetings,
            "error": error,
            "page_has_errors": bool(error),
            "crumbs": _crumbs(
                ("Exception reports", reverse("scorecards:exception-reports")),
                (report.period.label, reverse("scorecards:exception-report", args=[period_key])),
            ),
        },
        status=400 if error else 200,
    )


@login_required
def exception_entry_analysis(request, uuid):
    if not is_business_unit(request.user):
        raise refuse(request, "exception analysis")
    entry = get_object_or_404(ExceptionEntry.objects.select_related("report__period", "indicator", "agency"), uuid=uuid)
    form = EntryAnalysisForm(request.POST if request.method == "POST" else None, initial={"analysis": entry.analysis})
    if request.method == "POST" and form.is_valid():
        entry.analysis = form.cleaned_data["analysis"].strip()
        entry.save(update_fields=["analysis"])
        messages.success(request, "Analysis saved.")
        return redirect(reverse("scorecards:exception-report", args=[entry.report.period.key]) + f"#entry-{entry.uuid}")
    return TemplateResponse(
        request,
        "scorecards/exception_entry.html",
        {
            "entry": entry,
            "form": form,
            "crumbs": _crumbs(
                ("Exception reports", reverse("scorecards:exception-reports")),
                (entry.report.period.label, reverse("scorecards:exception-report", args=[entry.report.period.key])),
            ),
        },
        status=400 if form.errors else 200,
    )


# The account page -----------------------------------------------------------------------------------


def performance_section(request) -> dict | None:
    user = request.user
    if not user.is_authenticated:
        return None
    agencies = spoc_agencies(user)
    reader = can_read_performance(user)
    if not (agencies or reader):
        return None
    items = []
    if agencies:
        today = timezone.localdate()
        open_periods = list(
            ReportingPeriod.objects.filter(end__lt=today, deadline__gte=today - timedelta(days=60)).order_by("deadline")
        )
        existing = {
            (item.agency_id, item.period_id): item
            for item in Return.objects.filter(agency__in=agencies, period__in=open_periods)
        }
        expected_by_period = services.expected_agencies_by_period(open_periods)
        for period in open_periods:
            for agency in agencies:
                if agency not in expected_by_period[period.pk]:
                    continue
                item = existing.get((agency.pk, period.pk))
                if item and not item.is_editable_status:
                    continue
                state = item.get_status_display() if item else "Not started"
                items.append(
                    {
                        "label": f"{agency.short_code.upper()} return for {period.label}",
                        "url": reverse("scorecards:return", args=[item.uuid])
                        if item
                        else reverse("scorecards:returns"),
                        "hint": f"{state}, due {period.deadline:%-d %B %Y}",
                    }
                )
    return {
        "title": "Performance",
        "url": reverse("scorecards:dashboard") if reader else reverse("scorecards:returns"),
        "description": "Your agency's performance returns and scorecard."
        if agencies and not reader
        else "Scorecard dashboards, indicators and exception reports.",
        "items": items,
    }
