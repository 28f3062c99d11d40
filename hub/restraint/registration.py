"""The restraint module's card on the account page: what the home's staff and reviewers have to do."""

from __future__ import annotations

from django.urls import reverse

from hub.restraint import access


def account_section(request) -> dict | None:
    from hub.restraint.models import Incident, ManagementReview, ScrutinySession

    user = request.user
    homes = access.recorder_homes(user)
    is_reviewer = access.is_reviewer(user)
    if not homes and not is_reviewer:
        return None
    items = []
    if homes:
        pending = Incident.objects.filter(home__in=homes, management_review=ManagementReview.PENDING).count()
        if pending:
            items.append(
                {
                    "label": f"{pending} incident{'s' if pending != 1 else ''} waiting for a management review",
                    "url": reverse("restraint:incidents"),
                    "hint": "",
                }
            )
        items.append({"label": "Record a use of restraint", "url": reverse("restraint:incident-new"), "hint": ""})
        items.append({"label": "Send the monthly return", "url": reverse("restraint:import-upload"), "hint": ""})
    if is_reviewer:
        for session in ScrutinySession.objects.filter(status=ScrutinySession.Status.PLANNED).order_by("held_on")[:3]:
            items.append({"label": str(session), "url": session.get_absolute_url(), "hint": "Planned"})
    return {
        "title": "Restraint",
        "url": reverse("restraint:overview"),
        "description": "The secure home's use of restraint and its CCTV scrutiny.",
        "items": items,
    }


def register(registry) -> None:
    if account_section not in registry.account_sections:
        registry.register_account_section(account_section)
