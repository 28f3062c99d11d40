"""Workflows on the shared action tracker. Views and other apps call these, never the models directly."""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from hub.core.audit import log_action, register_event
from hub.core.errors import DomainError
from hub.core.models import Action, ActionUpdate, Agency, Theme, User

register_event("core.action.created", "Action raised")
register_event("core.action.updated", "Action updated")
register_event("core.action.progress_recorded", "Progress recorded")


def _next_reference() -> str:
    # Called inside the creating transaction: on SQLite IMMEDIATE transactions serialise writers,
    # on PostgreSQL the unique constraint on reference turns a rare race into a retry below.
    last = Action.objects.order_by("-id").values_list("reference", flat=True).first()
    number = int(last.split("-")[1]) + 1 if last else 1
    return f"A-{number:05d}"


def create_action(
    *,
    actor: User | None,
    title: str,
    owner_agency: Agency,
    due_on: date,
    description: str = "",
    owner: User | None = None,
    theme: Theme | None = None,
    source: models.Model | None = None,
    source_label: str = "",
    request=None,
) -> Action:
    """Raise an action on the tracker, optionally linked to the record it came from.

    ``source`` is any record (a meeting decision, an audit finding...); ``source_label`` is how
    people see it ("Decision of the Executive, 12 May 2022"). Raises ``DomainError`` when the
    owner does not work for the owning agency.
    """
    if owner is not None and owner.agency_id and owner.agency_id != owner_agency.pk:
        raise DomainError(f"{owner} does not work for {owner_agency}", field="owner")
    if not title.strip():
        raise DomainError("Enter what the action is", field="title")
    for attempt in range(3):
        try:
            with transaction.atomic():
                action = Action(
                    reference=_next_reference(),
                    title=title.strip(),
                    description=description,
                    owner_agency=owner_agency,
                    owner=owner,
                    due_on=due_on,
                    theme=theme,
                    created_by=actor,
                    source_label=source_label or (str(source) if source is not None else ""),
                )
                if source is not None:
                    action.source_content_type = ContentType.objects.get_for_model(source)
                    action.source_object_id = source.pk
                action._history_user = actor  # who made the change, also outside a web request
                action.save()
                log_action(
                    "core.action.created",
                    actor=actor,
                    obj=action,
                    request=request,
                    data={"owner_agency": owner_agency.short_code, "due_on": due_on.isoformat()},
                )
                return action
        except Exception as exc:  # a duplicate reference from a concurrent insert
            from django.db import IntegrityError

            if not isinstance(exc, IntegrityError) or attempt == 2:
                raise
    raise AssertionError("unreachable")


def record_progress(
    *,
    actor: User,
    action: Action,
    note: str,
    status: str,
    evidence: str | None = None,
    impact_note: str | None = None,
    request=None,
) -> ActionUpdate:
    """Add a progress update, moving the action to ``status``.

    Completing an action needs evidence of completion (given now or already recorded).
    """
    if status not in Action.Status.values:
        raise DomainError("Select a status", field="status")
    if not note.strip():
        raise DomainError("Enter what has happened since the last update", field="note")
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        before = action.status
        if evidence is not None:
            action.evidence = evidence
        if impact_note is not None:
            action.impact_note = impact_note
        if status == Action.Status.COMPLETED and not action.evidence.strip():
            raise DomainError("Enter the evidence that the action is complete", field="evidence")
        action.status = status
        if status == Action.Status.COMPLETED and before != Action.Status.COMPLETED:
            action.completed_on = timezone.localdate()
        elif status != Action.Status.COMPLETED:
            action.completed_on = None
        action.last_updated_at = timezone.now()
        action._history_user = actor
        action.save()
        update = ActionUpdate.objects.create(
            action=action, author=actor, note=note.strip(), status_before=before, status_after=status
        )
        log_action(
            "core.action.progress_recorded",
            actor=actor,
            obj=action,
            request=request,
            data={"status_before": before, "status_after": status},
        )
    return update


# Fields of an action the business unit may change with ``update_action``. Status, evidence and
# impact move only through ``record_progress``, so every change of status has an update note.
EDITABLE_ACTION_FIELDS = ("title", "description", "owner_agency", "owner", "due_on", "theme", "source_label")


def _audit_value(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def update_action(*, actor: User, action: Action, request=None, **changes) -> Action:
    """Change the details of an action (not its progress) and record what changed.

    ``changes`` names fields from ``EDITABLE_ACTION_FIELDS``. The audit entry
    ``core.action.updated`` holds the before and after of each field that changed; nothing is
    written when nothing changed. Raises ``DomainError`` when the owner does not work for the
    owning agency or the title is blank.
    """
    unknown = set(changes) - set(EDITABLE_ACTION_FIELDS)
    if unknown:
        raise TypeError(f"update_action cannot change {', '.join(sorted(unknown))}")
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip()
        if not changes["title"]:
            raise DomainError("Enter what the action is", field="title")
    with transaction.atomic():
        action = (
            Action.objects.select_for_update(of=("self",))
            .select_related("owner_agency", "owner", "theme")
            .get(pk=action.pk)
        )
        owner_agency = changes.get("owner_agency", action.owner_agency)
        owner = changes.get("owner", action.owner)
        if owner is not None and owner.agency_id and owner.agency_id != owner_agency.pk:
            raise DomainError(f"{owner} does not work for {owner_agency}", field="owner")
        diff = {}
        for name, value in changes.items():
            before = getattr(action, name)
            if before != value:
                diff[name] = {"before": _audit_value(before), "after": _audit_value(value)}
                setattr(action, name, value)
        if not diff:
            return action
        # last_updated_at is left alone: it measures progress, which editing the details is not.
        action._history_user = actor
        action.save()
        log_action("core.action.updated", actor=actor, obj=action, request=request, data={"changes": diff})
    return action
