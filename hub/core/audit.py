"""The audit trail's small public API.

Every app records significant events with ``log_action("training.booking.cancelled", ...)``.
Field-level before/after history of domain records is kept by django-simple-history; these
entries name what happened in the partnership's own words.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from hub.core.models import AuditEntry

# Plain-English descriptions for history pages, registered by each app for its own events.
_DESCRIPTIONS: dict[str, str] = {}


def register_event(action: str, description: str) -> None:
    _DESCRIPTIONS[action] = description


def describe_event(action: str) -> str:
    return _DESCRIPTIONS.get(action, action)


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def log_action(
    action: str,
    *,
    actor=None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Write one immutable audit entry. ``action`` is a dotted name such as ``core.action.updated``."""
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    entry = AuditEntry(
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=(str(actor) if actor is not None and getattr(actor, "pk", None) else ""),
        data=data or {},
        ip_address=client_ip(request),
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:300]
    entry.save()
    return entry


def entries_for(obj: models.Model):
    """Audit entries about one record, newest first."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return AuditEntry.objects.filter(content_type=content_type, object_id=str(obj.pk)).select_related("actor")


register_event("core.user.signed_in", "Signed in")
register_event("core.user.sign_in_failed", "Sign-in failed")
register_event("core.user.signed_out", "Signed out")
register_event("core.user.locked_out", "Locked out after repeated failed sign-ins")
register_event("core.permission.refused", "Refused access")
