"""The Improvement Delivery Group's cycle: plan, endorsement by the Executive, delivery, impact review.

A cycle moves one way: planned → endorsed → in delivery → impact reviewed. The plan can change
only while the cycle is planned (the Executive endorses a particular plan); impact cannot be
reviewed before the Executive has endorsed the plan; delivery starts only once it is endorsed.
A review may follow endorsement directly, for a short cycle whose start was not recorded.

Every change is kept by django-simple-history (field before and after) and logged as a named
event (``learning.cycle.endorsed``...).
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.core.audit import log_action, register_event
from hub.core.errors import DomainError
from hub.core.models import User
from hub.learning.themes.models import DeliveryCycle, ImprovementTheme

register_event("learning.cycle.planned", "Improvement cycle planned")
register_event("learning.cycle.plan_changed", "Improvement plan changed")
register_event("learning.cycle.endorsed", "Improvement plan endorsed by the Executive")
register_event("learning.cycle.delivery_started", "Delivery of the improvement plan started")
register_event("learning.cycle.reviewed", "Impact of the cycle reviewed")

S = DeliveryCycle.Status


def _locked(cycle: DeliveryCycle) -> DeliveryCycle:
    return DeliveryCycle.objects.select_for_update().get(pk=cycle.pk)


def _check_plan(focus: str, improvement_plan: str) -> tuple[str, str]:
    focus = (focus or "").strip()
    if not focus:
        raise DomainError("Enter the focus of the cycle", field="focus")
    return focus, (improvement_plan or "").strip()


def _check_not_future(day: date, what: str, field: str) -> None:
    if day > timezone.localdate():
        raise DomainError(f"The date {what} must be today or in the past", field=field)


def plan_cycle(
    *,
    actor: User,
    year: int,
    number: int,
    focus: str,
    focus_themes: list[ImprovementTheme] | None = None,
    improvement_plan: str = "",
    request=None,
) -> DeliveryCycle:
    """Start a cycle for ``year`` (the financial year's first calendar year) with its chosen focus.

    Raises ``DomainError`` when the number is not 1 to 3 or the year already has that cycle.
    """
    if not 1 <= number <= DeliveryCycle.CYCLES_A_YEAR:
        raise DomainError("Select cycle 1, 2 or 3", field="number")
    focus, improvement_plan = _check_plan(focus, improvement_plan)
    label = DeliveryCycle(year=year, number=number).label
    try:
        with transaction.atomic():
            if DeliveryCycle.objects.filter(year=year, number=number).exists():
                raise DomainError(f"{label} already exists", field="number")
            cycle = DeliveryCycle(year=year, number=number, focus=focus, improvement_plan=improvement_plan)
            cycle._history_user = actor
            cycle.save()
            cycle.focus_themes.set(focus_themes or [])
            log_action(
                "learning.cycle.planned",
                actor=actor,
                obj=cycle,
                request=request,
                data={"focus": focus, "themes": [theme.slug for theme in focus_themes or []]},
            )
    except IntegrityError:
        # Two people planning the same cycle at once: the unique constraint decides.
        raise DomainError(f"{label} already exists", field="number") from None
    return cycle


def change_plan(
    *,
    actor: User,
    cycle: DeliveryCycle,
    focus: str,
    focus_themes: list[ImprovementTheme],
    improvement_plan: str,
    request=None,
) -> DeliveryCycle:
    """Change the focus, themes or plan of a cycle the Executive has not yet endorsed."""
    focus, improvement_plan = _check_plan(focus, improvement_plan)
    with transaction.atomic():
        cycle = _locked(cycle)
        if not cycle.can_change_plan:
            raise DomainError(f"The plan for {cycle.label} was endorsed by the Executive and can no longer be changed")
        before = {
            "focus": cycle.focus,
            "improvement_plan": cycle.improvement_plan,
            "themes": sorted(cycle.focus_themes.values_list("slug", flat=True)),
        }
        after = {
            "focus": focus,
            "improvement_plan": improvement_plan,
            "themes": sorted(theme.slug for theme in focus_themes),
        }
        changes = {
            name: {"before": before[name], "after": after[name]} for name in before if before[name] != after[name]
        }
        if not changes:
            return cycle
        cycle.focus, cycle.improvement_plan = focus, improvement_plan
        cycle._history_user = actor
        cycle.save()
        cycle.focus_themes.set(focus_themes)
        log_action("learning.cycle.plan_changed", actor=actor, obj=cycle, request=request, data={"changes": changes})
    return cycle


def endorse_cycle(
    *,
    actor: User,
    cycle: DeliveryCycle,
    endorsed_on: date,
    meeting=None,
    request=None,
) -> DeliveryCycle:
    """Record that the Executive endorsed the cycle's improvement plan, optionally at ``meeting``.

    The plan must be written and serve at least one improvement theme; the meeting must be one of
    the Executive's and held on the day of endorsement.
    """
    with transaction.atomic():
        cycle = _locked(cycle)
        if not cycle.can_endorse:
            raise DomainError(f"{cycle.label} has already been endorsed")
        if not cycle.improvement_plan.strip():
            raise DomainError("Write the improvement plan before it is endorsed", field="improvement_plan")
        if not cycle.focus_themes.exists():
            raise DomainError("Select the improvement themes the cycle serves before it is endorsed")
        _check_not_future(endorsed_on, "of endorsement", "endorsed_on")
        if meeting is not None:
            if not meeting.group.is_executive:
                raise DomainError("Select a meeting of the Executive", field="meeting")
            if timezone.localdate(meeting.starts_at) != endorsed_on:
                raise DomainError("The date of endorsement must be the date of the meeting", field="endorsed_on")
        cycle.status = S.ENDORSED
        cycle.endorsed_on = endorsed_on
        cycle.endorsement_meeting = meeting
        cycle._history_user = actor
        cycle.save()
        log_action(
            "learning.cycle.endorsed",
            actor=actor,
            obj=cycle,
            request=request,
            data={"endorsed_on": endorsed_on.isoformat(), "meeting": str(meeting) if meeting else ""},
        )
    return cycle


def start_delivery(*, actor: User, cycle: DeliveryCycle, started_on: date, request=None) -> DeliveryCycle:
    """Record that delivery of an endorsed plan has started."""
    with transaction.atomic():
        cycle = _locked(cycle)
        if cycle.status == S.PLANNED:
            raise DomainError("The Executive must endorse the plan before delivery starts")
        if not cycle.can_start_delivery:
            raise DomainError(f"Delivery of {cycle.label} has already started")
        _check_not_future(started_on, "delivery started", "started_on")
        if started_on < cycle.endorsed_on:
            raise DomainError("Delivery cannot start before the plan was endorsed", field="started_on")
        cycle.status = S.IN_DELIVERY
        cycle.delivery_started_on = started_on
        cycle._history_user = actor
        cycle.save()
        log_action(
            "learning.cycle.delivery_started",
            actor=actor,
            obj=cycle,
            request=request,
            data={"started_on": started_on.isoformat()},
        )
    return cycle


def review_impact(
    *, actor: User, cycle: DeliveryCycle, impact_review: str, reviewed_on: date, request=None
) -> DeliveryCycle:
    """Record the review of what difference the cycle made. Only after the Executive endorsed the plan."""
    impact_review = (impact_review or "").strip()
    with transaction.atomic():
        cycle = _locked(cycle)
        if cycle.status == S.PLANNED:
            raise DomainError("The impact of a cycle cannot be reviewed before the Executive endorses its plan")
        if not cycle.can_review:
            raise DomainError(f"The impact of {cycle.label} has already been reviewed")
        if not impact_review:
            raise DomainError("Enter what difference the cycle made", field="impact_review")
        _check_not_future(reviewed_on, "of the review", "reviewed_on")
        earliest = cycle.delivery_started_on or cycle.endorsed_on
        if reviewed_on < earliest:
            what = "delivery started" if cycle.delivery_started_on else "the plan was endorsed"
            raise DomainError(f"The review must be on or after the date {what}", field="reviewed_on")
        cycle.status = S.REVIEWED
        cycle.impact_review = impact_review
        cycle.reviewed_on = reviewed_on
        cycle._history_user = actor
        cycle.save()
        log_action(
            "learning.cycle.reviewed",
            actor=actor,
            obj=cycle,
            request=request,
            data={"reviewed_on": reviewed_on.isoformat()},
        )
    return cycle
