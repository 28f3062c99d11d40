"""What improvement themes add to shared pages: the learning home page."""

from __future__ import annotations

from django.urls import reverse

from hub.learning import access
from hub.learning.themes.models import DeliveryCycle, ImprovementTheme


def register(registry) -> None:
    """Nothing to register: improvement themes stay off the public topic pages, because their pages
    are for the partnership's groups and a public visitor following the link would meet sign-in."""


def home_card(request) -> dict | None:
    """The "Improvement themes" card of /learning/ for people who read the learning work."""
    if not access.reads_learning(request.user):
        return None
    items = [
        {"label": theme.title, "url": theme.get_absolute_url(), "hint": theme.get_status_display()}
        for theme in ImprovementTheme.objects.exclude(status=ImprovementTheme.Status.CLOSED).order_by(
            "position", "title"
        )
    ]
    current = DeliveryCycle.objects.exclude(status=DeliveryCycle.Status.REVIEWED).order_by("year", "number").first()
    items.append(
        {
            "label": "Improvement Delivery Group cycles",
            "url": reverse("learning:cycle-list"),
            "hint": f"{current.label}: {current.get_status_display().lower()}" if current else "",
        }
    )
    return {
        "title": "Improvement themes",
        "url": reverse("learning:improvement-list"),
        "description": "The partnership's practice improvement priorities: why each was chosen, what was done "
        "and what changed, and the Improvement Delivery Group's cycles.",
        "items": items,
    }
