"""Improvement themes and the Improvement Delivery Group's cycles (under /learning/).

Who sees what:
- the business unit sees everything and moves cycles through their workflow (plan, endorsement,
  start of delivery, impact review); themes, activities and impact statements are edited in the
  back office;
- members of the Improvement Delivery Group, the audit group and the Executive's group, executives
  and the independent scrutineer read themes and cycles (``access.reads_learning``);
- everyone else gets 404; signed-out visitors are asked to sign in.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from hub.core.errors import DomainError
from hub.core.history import history_for
from hub.core.permissions import refuse, role_required
from hub.core.views.actions import can_view_action
from hub.learning import access
from hub.learning.audits.views import can_see_findings
from hub.learning.themes import services
from hub.learning.themes.forms import CycleForm, EndorseForm, ReviewForm, StartDeliveryForm
from hub.learning.themes.models import DeliveryCycle, ImprovementTheme
from hub.learning.themes.thread import indicator_url, thread_for, url_or_blank

reader_required = role_required(access.reads_learning, "improvement themes")
business_unit_required = role_required(access.is_business_unit, "improvement cycle workflow")


def _crumbs(*extra) -> list:
    return [("Home", "/"), ("Learning and improvement", reverse("learning:home")), *extra]


def _themes_crumb():
    return ("Improvement themes", reverse("learning:improvement-list"))


def _cycles_crumb():
    return ("Improvement cycles", reverse("learning:cycle-list"))


def _get_theme_for_user(request, slug) -> ImprovementTheme:
    theme = (
        ImprovementTheme.objects.select_related("practice_theme", "lead", "lead_agency").filter(slug=slug).first()
        if access.reads_learning(request.user)
        else None
    )
    if theme is None:
        raise refuse(request, "improvement theme")
    return theme


def _get_cycle_for_user(request, uuid, *, change: bool = False) -> DeliveryCycle:
    allowed = access.is_business_unit(request.user) if change else access.reads_learning(request.user)
    cycle = (
        DeliveryCycle.objects.select_related("endorsement_meeting__group").filter(uuid=uuid).first()
        if allowed
        else None
    )
    if cycle is None:
        raise refuse(request, "improvement cycle")
    return cycle


# Themes ---------------------------------------------------------------------------------------


@reader_required
@require_GET
def improvement_list(request):
    themes = (
        ImprovementTheme.objects.select_related("practice_theme", "lead", "lead_agency")
        .annotate(
            activity_count=Count("activities", distinct=True),
            completed_count=Count("activities", filter=Q(activities__status="completed"), distinct=True),
            statement_count=Count("impact_statements", distinct=True),
        )
        .order_by("position", "title")
    )
    return render(
        request,
        "learning/themes/list.html",
        {
            "themes": themes,
            "can_edit": access.is_business_unit(request.user),
            "crumbs": _crumbs(("Improvement themes", None)),
        },
    )


@reader_required
@require_GET
def improvement_theme(request, slug):
    theme = _get_theme_for_user(request, slug)
    thread = thread_for(theme)
    user = request.user
    action_rows = [
        {"row": row, "url": row.action.get_absolute_url() if can_view_action(user, row.action) else ""}
        for row in thread.actions
    ]
    indicators = [{"indicator": indicator, "url": indicator_url(indicator)} for indicator in thread.indicators]
    findings = [
        {
            "finding": finding,
            "url": url_or_blank(finding) if can_see_findings(user, finding.audit) else "",
            "audit_url": url_or_blank(finding.audit),
        }
        for finding in thread.findings
    ]
    statements = [
        {
            "row": row,
            "indicator_url": indicator_url(row.statement.indicator) if row.statement.indicator_id else "",
            "audit_url": url_or_blank(row.statement.audit) if row.statement.audit_id else "",
            "action_url": row.statement.action.get_absolute_url()
            if row.statement.action_id and can_view_action(user, row.statement.action)
            else "",
        }
        for row in thread.statements
    ]
    # Outputs already shown as the evidence of an impact statement are not listed twice.
    shown = {(output.kind, output.title, output.url) for row in thread.statements for output in row.outputs}
    other_outputs = [output for output in thread.outputs if (output.kind, output.title, output.url) not in shown]
    return render(
        request,
        "learning/themes/theme.html",
        {
            "theme": theme,
            "thread": thread,
            "findings": findings,
            "indicators": indicators,
            "action_rows": action_rows,
            "statements": statements,
            "outputs": other_outputs,
            "can_edit": access.is_business_unit(user),
            "history": history_for(theme),
            "crumbs": _crumbs(_themes_crumb(), (theme.title, None)),
        },
    )


# Cycles ---------------------------------------------------------------------------------------


@reader_required
@require_GET
def cycle_list(request):
    cycles = list(
        DeliveryCycle.objects.select_related("endorsement_meeting__group")
        .prefetch_related("focus_themes")
        .order_by("-year", "number")
    )
    years: dict[int, list[DeliveryCycle]] = {}
    for cycle in cycles:
        years.setdefault(cycle.year, []).append(cycle)
    return render(
        request,
        "learning/themes/cycles.html",
        {
            "years": [(cycles_of_year[0].financial_year, cycles_of_year) for cycles_of_year in years.values()],
            "can_edit": access.is_business_unit(request.user),
            "crumbs": _crumbs(("Improvement cycles", None)),
        },
    )


@reader_required
@require_GET
def cycle_detail(request, uuid):
    cycle = _get_cycle_for_user(request, uuid)
    meeting = cycle.endorsement_meeting
    return render(
        request,
        "learning/themes/cycle.html",
        {
            "cycle": cycle,
            "focus_themes": cycle.focus_themes.order_by("position", "title"),
            "meeting_url": url_or_blank(meeting) if meeting else "",
            "can_edit": access.is_business_unit(request.user),
            "history": history_for(cycle),
            "crumbs": _crumbs(_cycles_crumb(), (cycle.label, None)),
        },
    )


def _form_page(request, template: str, context: dict):
    return render(request, f"learning/themes/{template}", context)


@business_unit_required
def cycle_create(request):
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.plan_cycle(actor=request.user, request=request, **form.service_arguments())
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, f"{cycle.label} planned")
            return redirect(cycle.get_absolute_url())
    return _form_page(
        request,
        "cycle_form.html",
        {
            "form": form,
            "title": "Plan an improvement cycle",
            "button": "Plan the cycle",
            "cancel_url": reverse("learning:cycle-list"),
            "crumbs": _crumbs(_cycles_crumb(), ("Plan a cycle", None)),
        },
    )


@business_unit_required
def cycle_edit(request, uuid):
    cycle = _get_cycle_for_user(request, uuid, change=True)
    if not cycle.can_change_plan:
        messages.error(
            request, f"The plan for {cycle.label} was endorsed by the Executive and can no longer be changed"
        )
        return redirect(cycle.get_absolute_url())
    form = CycleForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_plan(actor=request.user, cycle=cycle, request=request, **form.service_arguments())
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, f"Plan for {cycle.label} saved")
            return redirect(cycle.get_absolute_url())
    return _form_page(
        request,
        "cycle_form.html",
        {
            "form": form,
            "cycle": cycle,
            "title": f"Change the plan for {cycle.label.lower()}",
            "button": "Save the plan",
            "cancel_url": cycle.get_absolute_url(),
            "crumbs": _crumbs(_cycles_crumb(), (cycle.label, cycle.get_absolute_url()), ("Change the plan", None)),
        },
    )


def _workflow_step(request, uuid, *, form_class, allowed, refused_message, act, title, button, done, intro=""):
    """One step of a cycle's workflow: a GET shows the confirmation form, a POST acts through ``act``."""
    cycle = _get_cycle_for_user(request, uuid, change=True)
    if not allowed(cycle):
        messages.error(request, refused_message(cycle))
        return redirect(cycle.get_absolute_url())
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            act(cycle, form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, done(cycle))
            return redirect(cycle.get_absolute_url())
    return _form_page(
        request,
        "cycle_step.html",
        {
            "form": form,
            "cycle": cycle,
            "title": title,
            "intro": intro,
            "button": button,
            "cancel_url": cycle.get_absolute_url(),
            "crumbs": _crumbs(_cycles_crumb(), (cycle.label, cycle.get_absolute_url()), (title, None)),
        },
    )


def _refusal(cycle: DeliveryCycle) -> str:
    if cycle.status == DeliveryCycle.Status.PLANNED:
        return f"The Executive has not yet endorsed the plan for {cycle.label}"
    return f"{cycle.label} is {cycle.get_status_display().lower()}: that step has already been taken"


@business_unit_required
def cycle_endorse(request, uuid):
    return _workflow_step(
        request,
        uuid,
        form_class=EndorseForm,
        allowed=lambda cycle: cycle.can_endorse,
        refused_message=_refusal,
        act=lambda cycle, data: services.endorse_cycle(
            actor=request.user, cycle=cycle, endorsed_on=data["endorsed_on"], meeting=data["meeting"], request=request
        ),
        title="Record the Executive's endorsement",
        intro="Once the Executive has endorsed the plan it can no longer be changed.",
        button="Record the endorsement",
        done=lambda cycle: f"Endorsement of {cycle.label} recorded",
    )


@business_unit_required
def cycle_start(request, uuid):
    return _workflow_step(
        request,
        uuid,
        form_class=StartDeliveryForm,
        allowed=lambda cycle: cycle.can_start_delivery,
        refused_message=_refusal,
        act=lambda cycle, data: services.start_delivery(
            actor=request.user, cycle=cycle, started_on=data["started_on"], request=request
        ),
        title="Record the start of delivery",
        button="Record the start of delivery",
        done=lambda cycle: f"Start of delivery of {cycle.label} recorded",
    )


@business_unit_required
def cycle_review(request, uuid):
    return _workflow_step(
        request,
        uuid,
        form_class=ReviewForm,
        allowed=lambda cycle: cycle.can_review,
        refused_message=_refusal,
        act=lambda cycle, data: services.review_impact(
            actor=request.user,
            cycle=cycle,
            impact_review=data["impact_review"],
            reviewed_on=data["reviewed_on"],
            request=request,
        ),
        title="Record the review of impact",
        button="Record the review",
        done=lambda cycle: f"Review of the impact of {cycle.label} recorded",
    )
