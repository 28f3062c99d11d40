"""Puts the action tracker in the main menu and on the account page. Called once from CoreConfig.ready()."""

from __future__ import annotations

from django.urls import reverse
from django.utils import dateformat, timezone

from hub.core import roles
from hub.core.permissions import can_read_across_partnership
from hub.core.registry import NavigationItem, registry

ACCOUNT_SECTION_ITEMS = 5


def your_actions_section(request) -> dict | None:
    """The "Your actions" card: the first few open actions a person answers for, overdue first."""
    from hub.core.views.actions import OPEN_STATUSES, actions_for_person, tracker_order

    user = request.user
    if not user.is_authenticated:
        return None
    today = timezone.localdate()
    open_actions = actions_for_person(user).filter(status__in=OPEN_STATUSES)
    actions = list(tracker_order(open_actions, today)[:ACCOUNT_SECTION_ITEMS])
    if not actions and not user.agencies_with_role(roles.SPOC):
        return None
    items = []
    for action in actions:
        hint = f"{action.rag(today).label}, due {dateformat.format(action.due_on, 'j F Y')}"
        items.append({"label": f"{action.reference}: {action.title}", "url": action.get_absolute_url(), "hint": hint})
    return {
        "title": "Your actions",
        "url": reverse("core:my-actions"),
        "description": "Actions you own or answer for as your agency's single point of contact."
        if actions
        else "You have no open actions.",
        "items": items,
    }


def register() -> None:
    if not any(item.url_name == "core:action-list" for item in registry.navigation):
        registry.register_navigation(
            NavigationItem(label="Actions", url_name="core:action-list", visible=can_read_across_partnership, order=60)
        )
    if your_actions_section not in registry.account_sections:
        registry.register_account_section(your_actions_section)
