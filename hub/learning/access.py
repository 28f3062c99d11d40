"""Who may see which part of the learning work. Views refuse with 404 through ``core.permissions``.

- The business unit runs everything and sees everything.
- The independent scrutineer and executives read everything here (never identifiable case data,
  which the learning app does not hold).
- Members of the audit group (PLG), the improvement group (IDG) and the executive see the audit
  programme, findings reports, recurring themes and improvement themes.
- A SPOC sees their own agency's audit returns, Section 11 and assurance reports.
"""

from __future__ import annotations

from django.db.models import Q

from hub.core import roles
from hub.core.permissions import can_read_across_partnership, is_business_unit, is_scrutineer

__all__ = [
    "can_read_across_partnership",
    "is_business_unit",
    "is_scrutineer",
    "reads_learning",
    "sees_learning_menu",
    "spoc_agencies",
]


def spoc_agencies(user) -> list:
    return user.agencies_with_role(roles.SPOC) if user.is_authenticated else []


def reads_learning(user) -> bool:
    """Programme, findings reports, recurring and improvement themes: readers and group members.

    Kept on the user object for the request, because the main menu asks on every page.
    """
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_reads_learning", None)
    if cached is None:
        cached = user._reads_learning = _reads_learning(user)
    return cached


def _reads_learning(user) -> bool:
    if can_read_across_partnership(user):
        return True
    from hub.governance.models import Membership
    from hub.learning.common import LearningSettings

    settings = LearningSettings.load()
    groups = [pk for pk in (settings.audit_group_id, settings.improvement_group_id) if pk]
    return (
        Membership.objects.current()
        .filter(person=user)
        .filter(Q(group__is_executive=True) | Q(group_id__in=groups))
        .exists()
    )


def sees_learning_menu(user) -> bool:
    return reads_learning(user) or bool(spoc_agencies(user))
