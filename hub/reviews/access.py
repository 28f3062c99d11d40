"""Who sees case reviews, and the log of who did.

- Members of the case review panel (role "Case review panel") and its chair see notifications,
  rapid reviews and practice reviews, and change them. Both roles need two-factor sign-in, and
  this module checks the session was verified with a second factor, whatever the middleware did.
- The chair also reads each record's access log ("who viewed this record").
- Members of the child death overview panel (role "Child death overview panel") see child death
  records, and only they do: a case review panel member does not, nor a CDOP member the case
  reviews. Exporting completed reviews for the national database needs the further role "Child
  death data exporter" (a permission of its own), and gives a password-protected archive.
- An agency asked for a rapid review summary sees that request only, through the people who
  answer for the agency (its single points of contact, or a panel member from the agency); they
  see the case reference and the questions, never the review.

Everyone else, including business-unit staff, the scrutineer and administrators without a role,
gets 404, logged: the module never tells them a record exists. Every view, change and export
is written to ``AccessEntry``.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hub.core import roles
from hub.core.audit import client_ip
from hub.core.permissions import refuse


def _verified(user) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def is_panel_member(user) -> bool:
    return bool(
        user.is_authenticated
        and (user.has_role(roles.REVIEWS_PANEL) or user.has_role(roles.REVIEWS_CHAIR))
        and _verified(user)
    )


def is_chair(user) -> bool:
    return bool(user.is_authenticated and user.has_role(roles.REVIEWS_CHAIR) and _verified(user))


def is_cdop_member(user) -> bool:
    """Members of the child death overview panel; the only people who see child death records."""
    return bool(
        user.is_authenticated
        and (user.has_role(roles.CDOP_PANEL) or user.has_role(roles.CDOP_CHAIR))
        and _verified(user)
    )


def is_cdop_chair(user) -> bool:
    return bool(user.is_authenticated and user.has_role(roles.CDOP_CHAIR) and _verified(user))


def can_export_deaths(user) -> bool:
    """Exports need their own permission on top of panel membership."""
    return is_cdop_member(user) and user.has_perm("reviews.export_childdeath")


def require_cdop(request, what: str) -> None:
    if not is_cdop_member(request.user):
        raise refuse(request, what)


def answering_agencies(user) -> list[int]:
    """Ids of the agencies ``user`` answers summary requests for."""
    if not user.is_authenticated:
        return []
    ids = {agency.pk for agency in user.agencies_with_role(roles.SPOC)}
    if user.agency_id and is_panel_member(user):
        ids.add(user.agency_id)
    return sorted(ids)


def require_panel(request, what: str) -> None:
    if not is_panel_member(request.user):
        raise refuse(request, what)


def require_chair(request, what: str) -> None:
    if not is_chair(request.user):
        raise refuse(request, what)


def record(request, kind: str, obj, *, detail: str = "") -> None:
    """Write who did ``kind`` (viewed, changed...) to ``obj``, from which address."""
    record_many(request, kind, [obj], detail=detail)


def record_many(request, kind: str, objects, *, detail: str = "") -> None:
    """One entry per record (one for each record shown in a list), chained to the entries before."""
    from hub.reviews.models import AccessEntry

    objects = list(objects)
    if not objects:
        return
    user = request.user if request.user.is_authenticated else None
    now = timezone.now()
    entries = [
        AccessEntry(
            at=now,
            user=user,
            user_label=str(user) if user else "Signed-out visitor",
            kind=kind,
            record_type=type(obj)._meta.model_name,
            record_id=obj.pk,
            record_label=_label(obj),
            path=request.path[:300],
            ip_address=client_ip(request),
            detail=detail[:300],
        )
        for obj in objects
    ]
    with transaction.atomic():
        previous = _lock_chain()
        for entry in entries:
            entry.digest = _digest(previous, entry)
            previous = entry.digest
        AccessEntry.objects.bulk_create(entries)


def _lock_chain() -> str:
    """Take the chain's lock (the module settings row) and return the newest entry's digest.

    Writers queue on the lock, so two requests never chain onto the same entry.
    """
    from hub.reviews.models import AccessEntry, ReviewSettings

    settings_row = ReviewSettings.load()
    ReviewSettings.objects.select_for_update().filter(pk=settings_row.pk).order_by("pk").first()
    return AccessEntry.objects.order_by("-id").values_list("digest", flat=True).first() or ""


def _digest(previous: str, entry) -> str:
    # Keyed, so that someone who can write to the database cannot forge a consistent chain.
    key = hashlib.sha256(f"access-log|{settings.FIELD_ENCRYPTION_KEY}".encode()).digest()
    return hmac.new(key, f"{previous}|{entry.content()}".encode(), hashlib.sha256).hexdigest()


def verify_chain() -> int | None:
    """The id of the first entry whose digest does not follow from the one before, or None when intact."""
    from hub.reviews.models import AccessEntry

    previous = ""
    for entry in AccessEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.digest != _digest(previous, entry):
            return entry.pk
        previous = entry.digest
    return None


def reseal_chain() -> int:
    """Recompute every digest after the retention job removed entries; returns how many changed.

    Only the Hub, holding the key, can do this; the job that calls it logs that it did.
    """
    from hub.reviews.models import AccessEntry

    changed = []
    with transaction.atomic():
        previous = ""
        _lock_chain()
        for entry in AccessEntry.objects.order_by("id").iterator(chunk_size=2000):
            digest = _digest(previous, entry)
            if entry.digest != digest:
                entry.digest = digest
                changed.append(entry)
            previous = digest
        AccessEntry.objects.bulk_update(changed, ["digest"], batch_size=1000)
    return len(changed)


def _label(obj) -> str:
    reference = getattr(obj, "reference", None)
    if reference is None and hasattr(obj, "notification"):
        reference = obj.notification.reference
    return str(reference or obj)[:120]


def entries_for(obj):
    from hub.reviews.models import AccessEntry

    return AccessEntry.objects.filter(record_type=type(obj)._meta.model_name, record_id=obj.pk).select_related("user")
