"""Pages for group members: their groups, meetings, papers and invitations; the budget; development sessions.

Every object is fetched through one helper per resource that answers 404 to people who may not
see it (and logs the refusal), so the existence of a group's meeting is not disclosed.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from hub.core import roles
from hub.core.errors import DomainError
from hub.core.formatting import govuk_time
from hub.core.models import Action
from hub.core.periods import FinancialYear
from hub.core.permissions import is_business_unit, refuse
from hub.core.uploads import sniff_document
from hub.core.views.actions import RAG_TAG_CLASSES
from hub.governance.forms import DecisionForm, PaperForm
from hub.governance.models import (
    BudgetYear,
    Decision,
    DevelopmentSession,
    Group,
    Meeting,
    Membership,
    Paper,
)
from hub.governance.services import ActionRequest, add_paper, record_decision

# Fetch helpers: one per resource ----------------------------------------------------------------


def _get_group_for_user(request, slug: str) -> Group:
    group = Group.objects.visible_to(request.user).select_related("chair").filter(slug=slug).first()
    if group is None:
        raise refuse(request, f"group {slug}")
    return group


def _get_meeting_for_user(request, slug: str, meeting_uuid) -> Meeting:
    meeting = (
        Meeting.objects.filter(group__in=Group.objects.visible_to(request.user), group__slug=slug, uuid=meeting_uuid)
        .select_related("group", "group__chair", "minutes__approved_by")
        .first()
    )
    if meeting is None:
        raise refuse(request, f"meeting {meeting_uuid}")
    return meeting


def _get_paper_for_user(request, slug: str, paper_uuid) -> Paper:
    paper = (
        Paper.objects.filter(
            meeting__group__in=Group.objects.visible_to(request.user), meeting__group__slug=slug, uuid=paper_uuid
        )
        .select_related("meeting__group")
        .first()
    )
    if paper is None:
        raise refuse(request, f"paper {paper_uuid}")
    return paper


def _get_budget_for_user(request, year: str) -> BudgetYear:
    if not (is_business_unit(request.user) or request.user.has_role(roles.EXECUTIVE)):
        raise refuse(request, "budget")
    try:
        financial_year = FinancialYear.parse(year)
    except ValueError:
        raise refuse(request, f"budget {year}")
    budget = (
        BudgetYear.objects.filter(start_year=financial_year.start_year)
        .prefetch_related("contributions__agency")
        .first()
    )
    if budget is None or financial_year.slug != year:
        raise refuse(request, f"budget {year}")
    return budget


def is_partnership_person(user) -> bool:
    """Someone who works with the partnership: holds a role or sits on a group."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.role_slugs() or Membership.objects.filter(person=user).exists())


def _crumbs(*entries) -> list[tuple[str, str | None]]:
    return [("Your account", reverse("core:account")), *entries]


def _meeting_crumbs(meeting, page: str) -> list[tuple[str, str | None]]:
    """Breadcrumbs of a page about one meeting: your groups, the group, the meeting, the page."""
    return _crumbs(
        ("Your groups", reverse("governance:my-groups")),
        (meeting.group.name, meeting.group.get_absolute_url()),
        (timezone.localtime(meeting.starts_at).strftime("%-d %B %Y"), meeting.get_absolute_url()),
        (page, None),
    )


def _next_meeting_subquery(now):
    upcoming = Meeting.objects.filter(group=OuterRef("pk")).upcoming(now).order_by("starts_at")
    return {
        "next_meeting_at": Subquery(upcoming.values("starts_at")[:1]),
        "next_meeting_uuid": Subquery(upcoming.values("uuid")[:1]),
    }


# Pages ------------------------------------------------------------------------------------------


@login_required
def my_groups(request):
    """The groups a person sits on (or oversees), each with its next meeting."""
    now = timezone.now()
    today = timezone.localdate(now)
    groups = list(Group.objects.visible_to(request.user, today).annotate(**_next_meeting_subquery(now)))
    own_roles = dict(Membership.objects.current(today).filter(person=request.user).values_list("group_id", "role"))
    for group in groups:
        role = own_roles.get(group.pk)
        group.your_role = Membership.Role(role).label if role else ("Executive" if group.is_executive else "")
    current = [group for group in groups if group.is_active_on(today)]
    concluded = [group for group in groups if not group.is_active_on(today)]
    can_see_budget = is_business_unit(request.user) or request.user.has_role(roles.EXECUTIVE)
    budgets = list(BudgetYear.objects.all()[:3]) if can_see_budget else []
    return render(
        request,
        "governance/my_groups.html",
        {
            "current_groups": current,
            "concluded_groups": concluded,
            "budgets": budgets,
            "show_development_sessions": is_partnership_person(request.user),
            "crumbs": _crumbs(("Your groups", None)),
        },
    )


@login_required
def group_detail(request, slug: str):
    group = _get_group_for_user(request, slug)
    now = timezone.now()
    members = (
        group.memberships.current(timezone.localdate(now))
        .select_related("person", "agency")
        .order_by("role", "person__last_name", "person__first_name")
    )
    meetings = group.meetings.order_by("starts_at")
    forward_plan = group.forward_plan.select_related("agency", "meeting").order_by("planned_month", "topic")
    return render(
        request,
        "governance/group_detail.html",
        {
            "group": group,
            "members": members,
            "upcoming_meetings": meetings.upcoming(now),
            "past_meetings": meetings.past(now).order_by("-starts_at"),
            "forward_plan": forward_plan,
            "can_manage": is_business_unit(request.user),
            "crumbs": _crumbs(("Your groups", reverse("governance:my-groups")), (group.name, None)),
        },
    )


def _actions_by_decision(decisions: list[Decision]) -> dict[int, list[Action]]:
    """The tracker actions each decision raised, in one query."""
    grouped: dict[int, list[Action]] = defaultdict(list)
    if not decisions:
        return grouped
    actions = Action.objects.from_sources(Decision, [d.pk for d in decisions]).select_related("owner_agency", "owner")
    for action in actions:
        grouped[action.source_object_id].append(action)
    return grouped


@login_required
def meeting_detail(request, slug: str, meeting_uuid):
    meeting = _get_meeting_for_user(request, slug, meeting_uuid)
    today = timezone.localdate()
    decisions = list(meeting.decisions.select_related("decided_by", "theme"))
    actions = _actions_by_decision(decisions)
    for decision in decisions:
        decision.raised_actions = actions.get(decision.pk, [])
        for action in decision.raised_actions:
            action.current_rag = action.rag(today)
            action.rag_class = RAG_TAG_CLASSES[action.current_rag]
    minutes = getattr(meeting, "minutes", None)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "group": meeting.group,
            "agenda": meeting.agenda_items.select_related("presenter", "paper").order_by("order", "id"),
            "papers": meeting.papers.order_by("title"),
            "attendance": meeting.attendance.select_related("person", "agency", "deputy_for").order_by(
                "status", "agency__name", "person__last_name"
            ),
            "minutes": minutes,
            "decisions": decisions,
            "can_manage": is_business_unit(request.user),
            "crumbs": _crumbs(
                ("Your groups", reverse("governance:my-groups")),
                (meeting.group.name, meeting.group.get_absolute_url()),
                (timezone.localtime(meeting.starts_at).strftime("%-d %B %Y"), None),
            ),
        },
    )


@login_required
def paper_download(request, slug: str, paper_uuid):
    paper = _get_paper_for_user(request, slug, paper_uuid)
    handle = paper.file.open("rb")
    content_type = paper.content_type
    if not content_type:
        kind = sniff_document(handle)
        content_type = kind.content_type if kind else "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=paper.download_name, content_type=content_type)


def _calendar_for(meeting: Meeting, request) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Safeguarding Partnership Hub//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    host = urlsplit(settings.SITE_URL).hostname or "hub.invalid"
    # The UID stays the same for the life of the meeting, so a calendar updates the entry it
    # already has (a new time or link) instead of adding a second one.
    event.add("uid", f"meeting-{meeting.uuid}@{host}")
    event.add("dtstamp", meeting.updated_at.astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", f"{meeting.group.name}: {meeting.display_title}" if meeting.title else meeting.display_title)
    location_parts = [meeting.location] if meeting.location else []
    if meeting.joining_link:
        location_parts.append(meeting.joining_link)
        event.add("url", meeting.joining_link)
    if location_parts:
        event.add("location", " – ".join(location_parts))
    lines = [f"{meeting.get_mode_display()}."]
    if meeting.joining_link:
        lines.append(f"Join online: {meeting.joining_link}")
    agenda = list(meeting.agenda_items.order_by("order", "id"))
    if agenda:
        lines.append("")
        lines.append("Agenda:")
        lines.extend(f"{item.order}. {item.title}" for item in agenda)
    lines.append("")
    lines.append(f"Papers and details: {request.build_absolute_uri(meeting.get_absolute_url())}")
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
    calendar.add_component(event)
    return calendar


@login_required
def meeting_ics(request, slug: str, meeting_uuid):
    meeting = _get_meeting_for_user(request, slug, meeting_uuid)
    response = HttpResponse(_calendar_for(meeting, request).to_ical(), content_type="text/calendar; charset=utf-8")
    stamp = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="{meeting.group.slug}-{stamp}.ics"'
    return response


@login_required
def paper_add(request, slug: str, meeting_uuid):
    """The business unit tables a paper at a meeting."""
    meeting = _get_meeting_for_user(request, slug, meeting_uuid)
    if not is_business_unit(request.user):
        raise refuse(request, "add paper")
    form = PaperForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            paper = add_paper(
                actor=request.user,
                meeting=meeting,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
                confidentiality_note=form.cleaned_data["confidentiality_note"],
                request=request,
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, f"‘{paper.title}’ has been added to the meeting's papers.")
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "governance/paper_add.html",
        {
            "form": form,
            "meeting": meeting,
            "crumbs": _meeting_crumbs(meeting, "Add a paper"),
        },
    )


@login_required
def decision_add(request, slug: str, meeting_uuid):
    """The business unit records a decision of a meeting and the action it raises."""
    meeting = _get_meeting_for_user(request, slug, meeting_uuid)
    if not is_business_unit(request.user):
        raise refuse(request, "record decision")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions = []
        if data["action_title"]:
            actions.append(
                ActionRequest(data["action_title"], owner_agency=data["owner_agency"], due_on=data["due_on"])
            )
        try:
            decision, raised = record_decision(
                actor=request.user,
                meeting=meeting,
                text=data["text"],
                decided_by=meeting.group.chair,
                theme=data["theme"],
                actions=actions,
                request=request,
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            raised_text = f" and action {raised[0].reference} raised" if raised else ""
            messages.success(request, f"Decision {decision.order} recorded{raised_text}.")
            return redirect(decision.get_absolute_url())
    return render(
        request,
        "governance/decision_add.html",
        {
            "form": form,
            "meeting": meeting,
            "crumbs": _meeting_crumbs(meeting, "Record a decision"),
        },
    )


@login_required
def budget(request, year: str):
    budget_year = _get_budget_for_user(request, year)
    return render(
        request,
        "governance/budget.html",
        {
            "budget": budget_year,
            "contributions": list(budget_year.contributions.all()),
            "total": budget_year.total(),
            "crumbs": _crumbs(("Your groups", reverse("governance:my-groups")), (f"Budget {budget_year.label}", None)),
        },
    )


@login_required
def development_sessions(request):
    if not is_partnership_person(request.user):
        raise refuse(request, "development sessions")
    sessions = DevelopmentSession.objects.select_related("theme").order_by("-held_on")
    return render(
        request,
        "governance/development_sessions.html",
        {
            "sessions": sessions,
            "crumbs": _crumbs(("Your groups", reverse("governance:my-groups")), ("Development sessions", None)),
        },
    )


# Account page and tracker integration ----------------------------------------------------------


def your_groups_section(request) -> dict | None:
    """The "Your groups" card on the account page: the next meeting of each group a person sees."""
    user = request.user
    if not user.is_authenticated:
        return None
    now = timezone.now()
    meetings = list(
        Meeting.objects.filter(group__in=Group.objects.visible_to(user))
        .upcoming(now)
        .filter(starts_at__lte=now + timedelta(days=120))
        .select_related("group")
        .order_by("starts_at")[:5]
    )
    has_groups = bool(meetings) or Group.objects.visible_to(user).exists()
    if not has_groups:
        return None
    items = [
        {
            "label": f"{meeting.group.name}: {timezone.localtime(meeting.starts_at):%-d %B %Y}, "
            f"{govuk_time(meeting.starts_at)}",
            "url": meeting.get_absolute_url(),
            "hint": meeting.get_mode_display(),
        }
        for meeting in meetings
    ]
    return {
        "title": "Your groups",
        "url": reverse("governance:my-groups"),
        "description": "Your groups' next meetings." if items else "None of your groups has a meeting planned.",
        "items": items,
    }


def group_filter_choices():
    return Group.objects.order_by("name").values_list("slug", "name")


def filter_actions_by_group(queryset, slug: str):
    """Actions raised by decisions made at meetings of the group with ``slug``."""
    decisions = Decision.objects.filter(meeting__group__slug=slug).values("pk")
    return queryset.from_sources(Decision, decisions)
