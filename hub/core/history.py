"""A record's change history, as people read it on the record's own page.

Two sources make one timeline, newest first:

- django-simple-history keeps a copy of the record after every save; consecutive copies give
  the before and after of each field that changed, and who changed it;
- the audit log (``AuditEntry``) names significant events in the partnership's words
  ("Progress recorded").

A record page adds ``history_for(obj)`` to its context as ``history`` and includes
``core/_history.html``. The view that shows the page is responsible for deciding who may see
the record; the history adds nothing a person allowed to see the record may not see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils import dateformat, timezone

from hub.core.audit import describe_event, entries_for
from hub.core.formatting import govuk_time

# Bookkeeping fields people do not need to see change.
HIDDEN_FIELDS = {"id", "uuid", "last_updated_at"}

_KIND_LABELS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: Any
    after: Any


def format_when(value: datetime) -> str:
    """GOV.UK style: "1 June 2022 at 10:05am", "2 June 2022 at midday"."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{dateformat.format(local, 'j F Y')} at {govuk_time(local)}"


@dataclass
class HistoryEvent:
    when: datetime
    who: str
    what: str
    changes: list[FieldChange] = field(default_factory=list)
    # Audit entries are written just after the save they describe: at the same instant, they are newer.
    is_audit_entry: bool = False

    @property
    def when_label(self) -> str:
        return format_when(self.when)


def _display(model_field: models.Field, value: Any, related: dict[tuple[type, Any], str]) -> Any:
    if value is None or value == "":
        return ""
    if model_field.is_relation:
        return related.get((model_field.related_model, value), "A record that no longer exists")
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return format_when(value)
    if isinstance(value, date):
        return dateformat.format(value, "j F Y")
    return value


def _field_history(obj: models.Model, limit: int) -> list[HistoryEvent]:
    manager = getattr(obj, "history", None)
    if manager is None:
        return []
    # One extra copy so the oldest shown change can be compared with the state before it.
    records = list(manager.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    model = type(obj)
    fields = {f.attname: f for f in model._meta.concrete_fields if f.name not in HIDDEN_FIELDS}

    pairs = []
    wanted: dict[type, set] = {}
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changed = []
        for attname, model_field in fields.items():
            after = getattr(record, attname, None)
            before = getattr(previous, attname, None) if previous is not None else None
            if record.history_type == "~" and previous is not None and before == after:
                continue
            if record.history_type == "+" and after in (None, ""):
                continue
            if record.history_type == "-":
                continue
            if record.history_type == "~" and previous is None:
                # The copy before this one is older than the limit shown: the change is unknown.
                continue
            changed.append((model_field, before if record.history_type == "~" else None, after))
            if model_field.is_relation:
                for value in (before, after):
                    if value is not None:
                        wanted.setdefault(model_field.related_model, set()).add(value)
        pairs.append((record, changed))

    # Related records named in the changes: one query per related model, however long the history.
    related: dict[tuple[type, Any], str] = {}
    for related_model, pks in wanted.items():
        for pk, instance in related_model._default_manager.in_bulk(pks).items():
            related[(related_model, pk)] = str(instance)

    events = []
    for record, changed in pairs:
        user = record.history_user
        events.append(
            HistoryEvent(
                when=record.history_date,
                who=str(user) if user is not None else "The system",
                what=_KIND_LABELS.get(record.history_type, "Changed"),
                changes=[
                    FieldChange(
                        label=str(model_field.verbose_name)[:1].upper() + str(model_field.verbose_name)[1:],
                        before=_display(model_field, before, related),
                        after=_display(model_field, after, related),
                    )
                    for model_field, before, after in changed
                ],
            )
        )
    return events


def history_for(obj: models.Model, *, limit: int = 100) -> list[HistoryEvent]:
    """The record's field changes and audit entries, newest first, at most ``limit`` of each.

    Runs a bounded number of queries: one for the history copies, one for the audit entries and
    one per related model named in the changes.
    """
    events = _field_history(obj, limit)
    for entry in entries_for(obj)[:limit]:
        events.append(
            HistoryEvent(
                when=entry.created_at,
                who=entry.actor_label or (str(entry.actor) if entry.actor_id else "The system"),
                what=describe_event(entry.action),
                is_audit_entry=True,
            )
        )
    events.sort(key=lambda event: (event.when, event.is_audit_entry), reverse=True)
    return events
