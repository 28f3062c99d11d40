"""How assurance reports join the rest of the Hub: the account page card, the reminder job, the learning home card."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from hub.learning import access


def register(registry) -> None:
    from hub.learning.assurance import jobs, services  # noqa: F401  (services registers the audit events)

    if account_section not in registry.account_sections:
        registry.register_account_section(account_section)
    registry.register_periodic_job(
        "learning.assurance_reminders",
        jobs.send_reminders,
        description="Reminds SPOCs of assurance reports due soon and of overdue ones (each once).",
    )


def _due_items(agencies):
    from hub.learning.assurance.models import AssurancePlanItem, AssuranceReport

    return (
        AssurancePlanItem.objects.filter(agency__in=agencies)
        .exclude(report__status__in=[AssuranceReport.Status.SUBMITTED, AssuranceReport.Status.CONSIDERED])
        .select_related("agency", "report")
        .order_by("due_on")
    )


def account_section(request) -> dict | None:
    """SPOCs: the assurance reports their agency still has to submit, soonest first."""
    user = request.user
    if not user.is_authenticated:
        return None
    agencies = access.spoc_agencies(user)
    if not agencies:
        return None
    today = timezone.localdate()
    items = []
    for item in _due_items(agencies):
        report = getattr(item, "report", None)
        state = "draft saved" if report is not None else "not started"
        items.append(
            {
                "label": f"{item.agency.name}: {item.topic}",
                "url": report.get_absolute_url() if report is not None else reverse("learning:assurance"),
                "hint": f"due {item.due_on:%-d %B %Y}, {state}" + (" (overdue)" if item.due_on < today else ""),
            }
        )
    return {
        "title": "Assurance reports",
        "url": reverse("learning:assurance"),
        "description": "The assurance reports your agency writes for the executive."
        if items
        else "Your agency has no assurance report to write at the moment.",
        "items": items,
    }


def home_card(request) -> dict | None:
    user = request.user
    if not (access.reads_learning(user) or access.spoc_agencies(user)):
        return None
    items = []
    agencies = access.spoc_agencies(user)
    if agencies:
        for item in _due_items(agencies)[:5]:
            items.append(
                {
                    "label": f"{item.agency.name}: {item.topic}",
                    "url": reverse("learning:assurance"),
                    "hint": f"due {item.due_on:%-d %B %Y}",
                }
            )
    return {
        "title": "Assurance reports",
        "url": reverse("learning:assurance"),
        "description": "The forward plan of partner assurance reports to the executive, the reports and what the "
        "executive asked and concluded.",
        "items": items,
    }
