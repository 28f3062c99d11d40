"""The case reviews card on the account page: summaries an agency owes, and the panel's next deadlines.

An agency's people see only the case reference and due date of each summary asked of them.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from hub.reviews import access


def account_section(request) -> dict | None:
    from hub.reviews import clocks
    from hub.reviews.models import SummaryRequest

    user = request.user
    agencies = access.answering_agencies(user)
    is_panel = access.is_panel_member(user)
    items = []
    if agencies:
        owed = SummaryRequest.objects.filter(
            agency_id__in=agencies, completed_at__isnull=True, rapid_review__decision=""
        ).select_related("agency", "rapid_review__notification")
        for summary in owed:
            items.append(
                {
                    "label": f"Rapid review {summary.rapid_review.notification.reference}: summary from "
                    f"{summary.agency}",
                    "url": summary.get_absolute_url(),
                    "hint": f"Due {summary.due_on:%-d %B %Y}",
                }
            )
    if is_panel:
        today = timezone.localdate()
        for deadline in clocks.all_deadlines():
            if deadline.state(today) in (clocks.State.DUE, clocks.State.OVERDUE) and len(items) < 8:
                items.append(
                    {
                        "label": f"{deadline.reference}: {deadline.label.lower()}",
                        "url": deadline.url,
                        "hint": f"{deadline.state_label(today)}, {deadline.due_on:%-d %B %Y}",
                    }
                )
    if not items and not is_panel:
        return None
    return {
        "title": "Case reviews" if is_panel else "Rapid review summaries",
        "url": reverse("reviews:overview") if is_panel else "",
        "description": "Serious incident notifications, rapid reviews and practice reviews."
        if is_panel
        else "Summaries the case review panel has asked your agency for.",
        "items": items,
    }


def register(registry) -> None:
    if account_section not in registry.account_sections:
        registry.register_account_section(account_section)
