"""The action tracker: a person's own actions, the partnership-wide tracker, and each action's page.

Who sees what:
- the owner of an action and the SPOC of the owning agency see it and record progress;
- the business unit sees every action, raises and changes them, and records progress;
- executives and the independent scrutineer read the whole tracker but change nothing;
- everyone else gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from hub.core import roles
from hub.core.audit import log_action, register_event
from hub.core.errors import DomainError
from hub.core.exports import csv_response, xlsx_response
from hub.core.forms.actions import OPEN_STATUSES, ActionFilterForm, ActionForm, ProgressForm
from hub.core.history import history_for
from hub.core.models import Action
from hub.core.permissions import (
    business_unit_required,
    can_read_across_partnership,
    is_business_unit,
    refuse,
    role_required,
)
from hub.core.registry import registry
from hub.core.services import create_action, record_progress, update_action
from hub.core.views.paging import pagination, querystring

register_event("core.action.exported", "Action tracker exported")

PAGE_SIZE = 50

RAG_TAG_CLASSES = {
    Action.Rag.RED: "govuk-tag--red",
    Action.Rag.AMBER: "govuk-tag--orange",
    Action.Rag.GREEN: "govuk-tag--green",
    Action.Rag.COMPLETE: "govuk-tag--blue",
    Action.Rag.CANCELLED: "govuk-tag--grey",
}


# Permissions --------------------------------------------------------------------------------


def _is_owner_or_spoc(user, action: Action) -> bool:
    return action.owner_id == user.pk or user.has_role(roles.SPOC, agency=action.owner_agency)


def can_view_action(user, action: Action) -> bool:
    return bool(user.is_authenticated and (_is_owner_or_spoc(user, action) or can_read_across_partnership(user)))


def can_record_progress(user, action: Action) -> bool:
    return bool(user.is_authenticated and (_is_owner_or_spoc(user, action) or is_business_unit(user)))


def can_change_action(user, action: Action | None = None) -> bool:
    return is_business_unit(user)


_CHECKS = {"view": can_view_action, "progress": can_record_progress, "change": can_change_action}


def _get_action_for_user(request, uuid, *, purpose: str = "view") -> Action:
    """The action with ``uuid`` if the signed-in person may ``view``, record ``progress`` on or ``change`` it.

    Anything else, including an action that does not exist, is answered with 404.
    """
    action = (
        Action.objects.select_related("owner_agency", "owner", "theme", "source_content_type").filter(uuid=uuid).first()
    )
    if action is None or not _CHECKS[purpose](request.user, action):
        raise refuse(request, f"action {purpose}")
    return action


# Shared helpers -----------------------------------------------------------------------------


def _base_queryset() -> QuerySet[Action]:
    return Action.objects.select_related("owner_agency", "owner", "theme")


def tracker_order(queryset: QuerySet[Action], today) -> QuerySet[Action]:
    """Overdue actions first, then other open ones, then closed ones; soonest due first in each."""
    return queryset.annotate(
        tracker_group=Case(
            When(status__in=OPEN_STATUSES, due_on__lt=today, then=Value(0)),
            When(status__in=OPEN_STATUSES, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("tracker_group", "due_on", "reference")


def _rows(actions, user, today) -> list[dict]:
    return [
        {
            "action": action,
            "rag": (rag := action.rag(today)),
            "rag_class": RAG_TAG_CLASSES[rag],
            "can_progress": can_record_progress(user, action),
        }
        for action in actions
    ]


# Service arguments collected by differently named form fields.
_FORM_FIELDS = {"owner": "owner_email"}


# Your actions -------------------------------------------------------------------------------


def actions_for_person(user) -> QuerySet[Action]:
    """Actions a person answers for: those they own, and the open actions of agencies they are SPOC for."""
    condition = Q(owner=user)
    spoc_agencies = [agency.pk for agency in user.agencies_with_role(roles.SPOC)]
    if spoc_agencies:
        condition |= Q(owner_agency__in=spoc_agencies, status__in=OPEN_STATUSES)
    return _base_queryset().filter(condition)


@login_required
@require_GET
def my_actions(request):
    today = timezone.localdate()
    actions = tracker_order(actions_for_person(request.user), today)
    return render(
        request,
        "core/actions/my_actions.html",
        {
            "rows": _rows(actions, request.user, today),
            "spoc_agencies": request.user.agencies_with_role(roles.SPOC),
            "crumbs": [("Your account", reverse("core:account")), ("Your actions", None)],
        },
    )


# The whole tracker --------------------------------------------------------------------------

tracker_reader_required = role_required(can_read_across_partnership, "action tracker")


def _filtered(request) -> tuple[ActionFilterForm, QuerySet[Action], object]:
    today = timezone.localdate()
    form = ActionFilterForm(request.GET)
    return form, tracker_order(form.filter(_base_queryset(), today=today), today), today


@tracker_reader_required
@require_GET
def action_list(request):
    form, actions, today = _filtered(request)
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = querystring(request.GET, page=None)
    return render(
        request,
        "core/actions/list.html",
        {
            "form": form,
            "page": page,
            "rows": _rows(page.object_list, request.user, today),
            "pagination": pagination(page, request.GET),
            "filters": filters,
            "can_create": can_change_action(request.user),
            "crumbs": [("Your account", reverse("core:account")), ("Action tracker", None)],
        },
    )


EXPORT_HEADERS = [
    "Reference",
    "Title",
    "Description",
    "Source",
    "Owning agency",
    "Owner",
    "Owner e-mail",
    "Practice theme",
    "Due date",
    "Status",
    "RAG",
    "Completed on",
    "Evidence of completion",
    "Impact",
    "Last progress update",
]


def _export_rows(actions, today):
    for action in actions.iterator(chunk_size=500):
        yield [
            action.reference,
            action.title,
            action.description,
            action.source_label,
            action.owner_agency.name,
            action.owner.get_full_name() if action.owner_id else "",
            action.owner.email if action.owner_id else "",
            action.theme.name if action.theme_id else "",
            action.due_on,
            action.get_status_display(),
            action.rag(today).label,
            action.completed_on,
            action.evidence,
            action.impact_note,
            action.last_updated_at,
        ]


def _export(request, kind: str):
    form, actions, today = _filtered(request)
    filename = f"actions-{today.isoformat()}.{kind}"
    rows = list(_export_rows(actions, today))
    log_action(
        "core.action.exported",
        request=request,
        data={"format": kind, "rows": len(rows), "filters": {k: v for k, v in request.GET.items() if k != "page"}},
    )
    if kind == "csv":
        return csv_response(filename, EXPORT_HEADERS, rows)
    return xlsx_response(filename, "Actions", EXPORT_HEADERS, rows)


@tracker_reader_required
@require_GET
def action_export_csv(request):
    return _export(request, "csv")


@tracker_reader_required
@require_GET
def action_export_xlsx(request):
    return _export(request, "xlsx")


# Raising and changing actions ---------------------------------------------------------------


@business_unit_required
def action_create(request):
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action = create_action(actor=request.user, request=request, **form.service_arguments())
        except DomainError as error:
            error.add_to_form(form, field_names=_FORM_FIELDS)
        else:
            messages.success(request, f"Action {action.reference} raised")
            return redirect(action.get_absolute_url())
    return render(
        request,
        "core/actions/form.html",
        {
            "form": form,
            "title": "Raise an action",
            "button": "Raise action",
            "crumbs": [("Action tracker", reverse("core:action-list")), ("Raise an action", None)],
        },
    )


@business_unit_required
def action_edit(request, uuid):
    action = _get_action_for_user(request, uuid, purpose="change")
    form = ActionForm(request.POST or None, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            update_action(actor=request.user, action=action, request=request, **form.service_arguments())
        except DomainError as error:
            error.add_to_form(form, field_names=_FORM_FIELDS)
        else:
            messages.success(request, f"Action {action.reference} updated")
            return redirect(action.get_absolute_url())
    return render(
        request,
        "core/actions/form.html",
        {
            "form": form,
            "action": action,
            "title": f"Change action {action.reference}",
            "button": "Save changes",
            "crumbs": [
                ("Action tracker", reverse("core:action-list")),
                (action.reference, action.get_absolute_url()),
                ("Change", None),
            ],
        },
    )


# One action ---------------------------------------------------------------------------------


def _crumbs_for(user, action: Action, *last) -> list:
    if can_read_across_partnership(user):
        crumbs = [("Action tracker", reverse("core:action-list"))]
    else:
        crumbs = [("Your actions", reverse("core:my-actions"))]
    if last:
        return [*crumbs, (action.reference, action.get_absolute_url()), *last]
    return [*crumbs, (action.reference, None)]


def _source_url(action: Action) -> str | None:
    if not action.source_content_type_id or not action.source_object_id:
        return None
    source = action.source
    get_url = getattr(source, "get_absolute_url", None)
    return get_url() if callable(get_url) else None


@login_required
@require_GET
def action_detail(request, uuid):
    action = _get_action_for_user(request, uuid)
    rag = action.rag()
    return render(
        request,
        "core/actions/detail.html",
        {
            "action": action,
            "rag": rag,
            "rag_class": RAG_TAG_CLASSES[rag],
            "source_url": _source_url(action),
            "outputs": registry.outputs_for_actions([action.pk]).get(action.pk, []),
            "updates": action.updates.select_related("author"),
            "history": history_for(action),
            "can_progress": can_record_progress(request.user, action),
            "can_change": can_change_action(request.user, action),
            "crumbs": _crumbs_for(request.user, action),
        },
    )


@login_required
def action_progress(request, uuid):
    action = _get_action_for_user(request, uuid, purpose="progress")
    form = ProgressForm(request.POST or None, action=action)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_progress(
                actor=request.user,
                action=action,
                request=request,
                status=data["status"],
                note=data["note"],
                evidence=data["evidence"],
                impact_note=data["impact_note"],
            )
        except DomainError as error:
            error.add_to_form(form, field_names=_FORM_FIELDS)
        else:
            messages.success(request, f"Progress on {action.reference} recorded")
            return redirect(action.get_absolute_url())
    return render(
        request,
        "core/actions/progress.html",
        {"form": form, "action": action, "crumbs": _crumbs_for(request.user, action, ("Record progress", None))},
    )
