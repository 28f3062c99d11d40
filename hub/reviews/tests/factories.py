from __future__ import annotations

from datetime import date
from itertools import count

from hub.reviews.models import Notification, PracticeReview, RapidReview
from hub.testing import make_agency

_numbers = count(1)


def make_notification(agency=None, *, became_aware_on=date(2022, 4, 11), **fields) -> Notification:
    number = next(_numbers)
    notification = Notification.objects.create(
        reference=fields.pop("reference", f"TEST-RR-{number:04d}"),
        harm=Notification.Harm.SERIOUSLY_HARMED,
        incident_on=fields.pop("incident_on", became_aware_on),
        became_aware_on=became_aware_on,
        notifying_agency=agency or make_agency(),
        summary="A fictional incident.",
        **fields,
    )
    RapidReview.objects.create(notification=notification)
    return notification


def make_practice_review(**fields) -> PracticeReview:
    number = next(_numbers)
    return PracticeReview.objects.create(
        reference=fields.pop("reference", f"TEST-PR-{number:04d}"),
        kind=fields.pop("kind", PracticeReview.Kind.LOCAL),
        title=fields.pop("title", "Child T"),
        decided_on=fields.pop("decided_on", date(2022, 4, 11)),
        **fields,
    )
