"""Workflows of the partnership's groups: meetings, attendance, decisions, minutes and papers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hub.core.audit import log_action, register_event
from hub.core.errors import DomainError
from hub.core.models import Action, Agency, Theme, User
from hub.core.services import create_action
from hub.governance.models import Attendance, Decision, Group, Meeting, Minutes, Paper
from hub.governance.uploads import validate_paper_file

register_event("governance.meeting.scheduled", "Meeting scheduled")
register_event("governance.attendance.recorded", "Attendance recorded")
register_event("governance.decision.recorded", "Decision recorded")
register_event("governance.minutes.recorded", "Minutes written")
register_event("governance.minutes.approved", "Minutes approved")
register_event("governance.paper.added", "Paper added")


@dataclass(frozen=True)
class ActionRequest:
    """An action a decision raises: who owns it and by when."""

    title: str
    owner_agency: Agency
    due_on: date
    owner: User | None = None
    description: str = ""
    theme: Theme | None = None


def _validation_to_domain(exc: ValidationError) -> DomainError:
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.error_dict.items()))
        return DomainError(errors[0].messages[0], field=field)
    return DomainError(exc.messages[0])


def schedule_meeting(
    *,
    actor: User | None,
    group: Group,
    starts_at: datetime,
    ends_at: datetime,
    mode: str = Meeting.Mode.TEAMS,
    location: str = "",
    joining_link: str = "",
    title: str = "",
    request=None,
) -> Meeting:
    """Put a meeting of ``group`` in the calendar.

    Raises ``DomainError`` when the times are the wrong way round, the place or joining link the
    mode needs is missing, or the group is not active on the day.
    """
    meeting = Meeting(
        group=group,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        mode=mode,
        location=location.strip(),
        joining_link=joining_link.strip(),
    )
    try:
        meeting.full_clean()
    except ValidationError as exc:
        raise _validation_to_domain(exc)
    if not group.is_active_on(timezone.localdate(starts_at)):
        raise DomainError(f"{group.name} does not meet on that day: it is not active then", field="starts_at")
    with transaction.atomic():
        meeting.save()
        log_action(
            "governance.meeting.scheduled",
            actor=actor,
            obj=meeting,
            request=request,
            data={"group": group.slug, "starts_at": starts_at.isoformat(), "mode": mode},
        )
    return meeting


def record_attendance(
    *,
    actor: User | None,
    meeting: Meeting,
    person: User,
    status: str,
    agency: Agency | None = None,
    deputy_for: User | None = None,
    request=None,
) -> Attendance:
    """Record whether ``person`` came to ``meeting``; recording again replaces the earlier entry."""
    if status not in Attendance.Status.values:
        raise DomainError("Select whether the person attended", field="status")
    if status == Attendance.Status.DEPUTY and deputy_for is None:
        raise DomainError("Select the member this person stood in for", field="deputy_for")
    if meeting.status == Meeting.Status.CANCELLED:
        raise DomainError("The meeting was cancelled: there is no attendance to record")
    with transaction.atomic():
        attendance, created = Attendance.objects.update_or_create(
            meeting=meeting,
            person=person,
            defaults={
                "agency": agency if agency is not None else person.agency,
                "status": status,
                "deputy_for": deputy_for if status == Attendance.Status.DEPUTY else None,
            },
        )
        log_action(
            "governance.attendance.recorded",
            actor=actor,
            obj=meeting,
            request=request,
            data={"person": person.email, "status": status, "replaced": not created},
        )
    return attendance


def record_decision(
    *,
    actor: User | None,
    meeting: Meeting,
    text: str,
    decided_by: User | None = None,
    theme: Theme | None = None,
    actions: Iterable[ActionRequest] = (),
    request=None,
) -> tuple[Decision, list[Action]]:
    """Record what a group decided at ``meeting`` and raise the actions it called for.

    Each action goes on the shared tracker with the decision as its source. Everything is
    recorded together or not at all.
    """
    if not text.strip():
        raise DomainError("Enter what was decided", field="text")
    if meeting.status == Meeting.Status.CANCELLED:
        raise DomainError("The meeting was cancelled: it cannot have made decisions")
    with transaction.atomic():
        order = meeting.decisions.count() + 1
        decision = Decision.objects.create(
            meeting=meeting, order=order, text=text.strip(), decided_by=decided_by, theme=theme
        )
        raised = [
            create_action(
                actor=actor,
                title=request_.title,
                description=request_.description,
                owner_agency=request_.owner_agency,
                owner=request_.owner,
                due_on=request_.due_on,
                theme=request_.theme or theme,
                source=decision,
                source_label=decision.source_label,
                request=request,
            )
            for request_ in actions
        ]
        log_action(
            "governance.decision.recorded",
            actor=actor,
            obj=decision,
            request=request,
            data={"meeting": str(meeting.uuid), "actions": [action.reference for action in raised]},
        )
    return decision, raised


def record_minutes(*, actor: User | None, meeting: Meeting, text: str, request=None) -> Minutes:
    """Write or replace the draft minutes of ``meeting``. Approved minutes cannot be changed here."""
    if not text.strip():
        raise DomainError("Enter the minutes", field="text")
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
        if minutes is not None and minutes.is_approved:
            raise DomainError("These minutes have been approved and can no longer be changed")
        if minutes is None:
            minutes = Minutes(meeting=meeting)
        minutes.text = text.strip()
        minutes.save()
        log_action("governance.minutes.recorded", actor=actor, obj=minutes, request=request)
    return minutes


def approve_minutes(*, actor: User, minutes: Minutes, approved_at: datetime | None = None, request=None) -> Minutes:
    """Mark minutes as approved by the group, recording who confirmed them and when."""
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update(of=("self",)).select_related("meeting__group").get(pk=minutes.pk)
        if minutes.is_approved:
            raise DomainError("These minutes have already been approved")
        if not minutes.text.strip():
            raise DomainError("The minutes are empty: write them before approving them")
        minutes.approved_at = approved_at or timezone.now()
        minutes.approved_by = actor
        minutes.save(update_fields=["approved_at", "approved_by", "updated_at"])
        log_action(
            "governance.minutes.approved",
            actor=actor,
            obj=minutes,
            request=request,
            data={"meeting": str(minutes.meeting.uuid)},
        )
    return minutes


def add_paper(
    *,
    actor: User | None,
    meeting: Meeting,
    title: str,
    file,
    confidentiality_note: str = "",
    request=None,
) -> Paper:
    """Table a paper at ``meeting``.

    The file is checked by its content (PDF, Office Open XML or OpenDocument) and against
    ``settings.MAX_UPLOAD_SIZE``; a wrong type or size raises ``DomainError`` with a message for
    the person uploading it.
    """
    if not title.strip():
        raise DomainError("Enter the title of the paper", field="title")
    if file is None:
        raise DomainError("Select a file", field="file")
    try:
        kind = validate_paper_file(file)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="file")
    original_name = (getattr(file, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1][:255]
    with transaction.atomic():
        paper = Paper(
            meeting=meeting,
            title=title.strip(),
            original_filename=original_name,
            content_type=kind.content_type,
            size=file.size,
            confidentiality_note=confidentiality_note.strip(),
            uploaded_by=actor,
        )
        paper.file.save(original_name, file, save=False)
        paper.save()
        log_action(
            "governance.paper.added",
            actor=actor,
            obj=paper,
            request=request,
            data={"meeting": str(meeting.uuid), "type": kind.label, "size": paper.size},
        )
    return paper
