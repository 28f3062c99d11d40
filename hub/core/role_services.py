"""Granting and removing roles. The back office and the demo loader call these, never the models directly.

A role may carry a Django group (``Role.permission_group``) holding back-office permissions; the
Wagtail admin decides what a person may do from their groups, so these services keep a person's
groups in step with the roles they hold.
"""

from __future__ import annotations

from django.db import transaction

from hub.core import roles
from hub.core.audit import log_action, register_event
from hub.core.errors import DomainError
from hub.core.models import Agency, Role, RoleAssignment, User

register_event("core.role.granted", "Role granted")
register_event("core.role.revoked", "Role removed")


def check_role_scope(role: Role, agency: Agency | None) -> None:
    """Raise ``DomainError`` unless ``agency`` suits the role: required when agency scoped, else empty."""
    if role.agency_scoped and agency is None:
        raise DomainError(f"Select the agency this person is {role.name.lower()} for", field="agency")
    if not role.agency_scoped and agency is not None:
        raise DomainError(f"{role.name} is not held for an agency: leave the agency empty", field="agency")


def grant_role(
    *, actor: User | None, user: User, role: Role, agency: Agency | None = None, request=None
) -> RoleAssignment:
    """Give ``user`` the ``role`` (for ``agency`` when the role is agency scoped).

    Adds the person to the role's permission group, if it has one, and writes a
    ``core.role.granted`` audit entry. Raises ``DomainError`` when the agency does not suit the
    role or the person already holds it.
    """
    check_role_scope(role, agency)
    with transaction.atomic():
        already = RoleAssignment.objects.filter(user=user, role=role, agency=agency).exists()
        if already:
            where = f" for {agency}" if agency is not None else ""
            raise DomainError(f"{user} is already {role.name.lower()}{where}", field="role")
        assignment = RoleAssignment.objects.create(user=user, role=role, agency=agency)
        if role.permission_group_id:
            user.groups.add(role.permission_group_id)
        log_action(
            "core.role.granted",
            actor=actor,
            obj=user,
            request=request,
            data={"role": role.slug, "agency": agency.short_code if agency else None},
        )
    user.forget_cached_roles()
    return assignment


def revoke_role(*, actor: User | None, assignment: RoleAssignment, request=None) -> None:
    """Take a role away from a person.

    The person leaves the role's permission group unless another role they still hold uses the
    same group. The last active member of the business unit cannot be removed: nobody would be
    left to run the back office. Writes a ``core.role.revoked`` audit entry.
    """
    with transaction.atomic():
        assignment = (
            RoleAssignment.objects.select_for_update(of=("self",))
            .select_related("role", "agency", "user")
            .get(pk=assignment.pk)
        )
        role, user, agency = assignment.role, assignment.user, assignment.agency
        if role.slug == roles.BUSINESS_UNIT:
            others = RoleAssignment.objects.filter(role=role, user__is_active=True).exclude(user=user).exists()
            if not others:
                raise DomainError(
                    f"{user} is the only active member of the business unit. Give someone else the role first"
                )
        assignment.delete()
        group_id = role.permission_group_id
        if group_id and not RoleAssignment.objects.filter(user=user, role__permission_group_id=group_id).exists():
            user.groups.remove(group_id)
        log_action(
            "core.role.revoked",
            actor=actor,
            obj=user,
            request=request,
            data={"role": role.slug, "agency": agency.short_code if agency else None},
        )
    user.forget_cached_roles()
