"""The core records in the staff back office: the "Partnership" menu of the Wagtail admin.

Permission policies come first: Wagtail needs them registered before any view asks for one.
They narrow what the business unit's model permissions would otherwise allow, for everyone:

- the audit log is read only, superusers included;
- actions are raised and updated on the tracker pages, which go through hub.core.services;
- agencies, themes, roles and people are never deleted here but marked inactive, so their
  history and everything that refers to them stays;
- a role assignment is granted or removed, never edited in place.
"""

from __future__ import annotations

from wagtail import hooks
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from hub.core.models import Action, Agency, AuditEntry, Role, RoleAssignment, Theme, User


class RestrictedPolicy(ModelPermissionPolicy):
    """Model permissions, less the actions named in ``refused`` (refused even to superusers)."""

    def __init__(self, model, *, refused: set[str], superuser_may: set[str] = frozenset()):
        super().__init__(model)
        self.refused = refused
        self.superuser_may = superuser_may

    def user_has_permission(self, user, action):
        if action in self.refused and not (action in self.superuser_may and user.is_active and user.is_superuser):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(AuditEntry, RestrictedPolicy(AuditEntry, refused={"add", "change", "delete"}))
register_permission_policy(Action, RestrictedPolicy(Action, refused={"add", "change", "delete"}))
register_permission_policy(Agency, RestrictedPolicy(Agency, refused={"delete"}))
register_permission_policy(Theme, RestrictedPolicy(Theme, refused={"delete"}))
register_permission_policy(Role, RestrictedPolicy(Role, refused={"delete"}))
register_permission_policy(RoleAssignment, RestrictedPolicy(RoleAssignment, refused={"change"}))
# Deleting a person would take their history with them; superusers may still do it to honour an
# erasure request.
register_permission_policy(User, RestrictedPolicy(User, refused={"delete"}, superuser_may={"delete"}))


@hooks.register("register_admin_viewset")
def register_partnership_viewsets():
    from hub.core.viewsets import PartnershipViewSetGroup

    return PartnershipViewSetGroup()
