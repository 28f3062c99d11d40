"""Granting and removing roles in the back office keeps people's groups in step and is audited."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from hub.core import roles
from hub.core.errors import DomainError
from hub.core.models import AuditEntry, Role, RoleAssignment
from hub.core.role_services import grant_role, revoke_role
from hub.testing import make_user

pytestmark = pytest.mark.django_db


def _assignment(user, slug, agency=None):
    return RoleAssignment.objects.get(user=user, role__slug=slug, agency=agency)


def test_business_unit_grants_the_business_unit_role_and_the_person_joins_its_group(personas, client_for):
    person = make_user("new.officer@example.org")
    role = Role.objects.get(slug=roles.BUSINESS_UNIT)
    client = client_for(personas.business_unit)

    form = client.get(reverse("core_roleassignment:add") + f"?person={person.uuid}")
    assert form.status_code == 200
    response = client.post(reverse("core_roleassignment:add"), {"user": person.pk, "role": role.pk, "agency": ""})

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailusers_users:edit", args=[person.pk])
    person.refresh_from_db()
    assert person.has_role(roles.BUSINESS_UNIT)
    assert person.groups.filter(pk=role.permission_group_id).exists()
    entry = AuditEntry.objects.get(action="core.role.granted", object_id=str(person.pk))
    assert entry.actor == personas.business_unit
    assert entry.data == {"role": roles.BUSINESS_UNIT, "agency": None}


def test_business_unit_removes_a_role_and_the_person_leaves_its_group(personas, client_for):
    person = make_user("leaving.officer@example.org", roles_=(roles.BUSINESS_UNIT,))
    role = Role.objects.get(slug=roles.BUSINESS_UNIT)
    assignment = _assignment(person, roles.BUSINESS_UNIT)
    client = client_for(personas.business_unit)

    confirm = client.get(reverse("core_roleassignment:delete", args=[assignment.pk]))
    assert confirm.status_code == 200
    assert "Remove the role Business unit from" in confirm.content.decode()
    response = client.post(reverse("core_roleassignment:delete", args=[assignment.pk]))

    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert not person.groups.filter(pk=role.permission_group_id).exists()
    entry = AuditEntry.objects.get(action="core.role.revoked", object_id=str(person.pk))
    assert entry.actor == personas.business_unit
    assert entry.data["role"] == roles.BUSINESS_UNIT


def test_a_spoc_role_without_an_agency_is_refused_with_a_clear_message(personas, client_for):
    person = make_user("would.be.spoc@example.org", agency=personas.agency_a)
    spoc = Role.objects.get(slug=roles.SPOC)

    response = client_for(personas.business_unit).post(
        reverse("core_roleassignment:add"), {"user": person.pk, "role": spoc.pk, "agency": ""}
    )

    assert response.status_code == 200
    assert "Select the agency this person is single point of contact for" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=person).exists()
    assert not AuditEntry.objects.filter(action="core.role.granted").exists()


def test_an_unscoped_role_given_an_agency_is_refused_with_a_clear_message(personas, client_for):
    person = make_user("would.be.trainer@example.org")
    trainer = Role.objects.get(slug=roles.TRAINER)

    response = client_for(personas.business_unit).post(
        reverse("core_roleassignment:add"), {"user": person.pk, "role": trainer.pk, "agency": personas.agency_a.pk}
    )

    assert response.status_code == 200
    assert "Trainer is not held for an agency: leave the agency empty" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=person).exists()


def test_a_spoc_role_with_an_agency_is_granted(personas, client_for):
    person = make_user("new.spoc@example.org", agency=personas.agency_b)
    spoc = Role.objects.get(slug=roles.SPOC)

    client_for(personas.business_unit).post(
        reverse("core_roleassignment:add"), {"user": person.pk, "role": spoc.pk, "agency": personas.agency_b.pk}
    )

    person.refresh_from_db()
    assert person.has_role(roles.SPOC, agency=personas.agency_b)
    assert AuditEntry.objects.get(action="core.role.granted").data == {"role": roles.SPOC, "agency": "agb"}


def test_granting_a_role_someone_already_holds_is_refused(personas, client_for):
    practitioner = Role.objects.get(slug=roles.PRACTITIONER)

    response = client_for(personas.business_unit).post(
        reverse("core_roleassignment:add"), {"user": personas.practitioner.pk, "role": practitioner.pk, "agency": ""}
    )

    assert response.status_code == 200
    assert "is already practitioner" in response.content.decode()
    assert RoleAssignment.objects.filter(user=personas.practitioner, role=practitioner).count() == 1


def test_role_assignments_cannot_be_edited_in_place(personas, client_for):
    assignment = _assignment(personas.practitioner, roles.PRACTITIONER)
    trainer = Role.objects.get(slug=roles.TRAINER)

    response = client_for(personas.business_unit).post(
        reverse("core_roleassignment:edit", args=[assignment.pk]),
        {"user": personas.practitioner.pk, "role": trainer.pk, "agency": ""},
    )

    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.role.slug == roles.PRACTITIONER


def test_the_last_member_of_the_business_unit_cannot_be_removed(personas, client_for):
    assignment = _assignment(personas.business_unit, roles.BUSINESS_UNIT)

    response = client_for(personas.business_unit).post(
        reverse("core_roleassignment:delete", args=[assignment.pk]), follow=True
    )

    assert "is the only active member of the business unit" in response.content.decode()
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert personas.business_unit.groups.filter(pk=assignment.role.permission_group_id).exists()


def test_grant_role_service_refuses_a_spoc_role_without_agency(personas):
    with pytest.raises(DomainError) as error:
        grant_role(actor=personas.business_unit, user=personas.outsider, role=Role.objects.get(slug=roles.SPOC))
    assert error.value.field == "agency"


def test_removing_one_of_two_agencies_of_a_role_keeps_the_person_in_its_group(personas):
    group = Group.objects.create(name="Agency returns")
    role = Role.objects.create(
        slug="returns-officer", name="Returns officer", agency_scoped=True, permission_group=group
    )
    person = make_user("two.agencies@example.org")
    grant_role(actor=personas.business_unit, user=person, role=role, agency=personas.agency_a)
    grant_role(actor=personas.business_unit, user=person, role=role, agency=personas.agency_b)

    revoke_role(actor=personas.business_unit, assignment=_assignment(person, "returns-officer", personas.agency_a))
    assert person.groups.filter(pk=group.pk).exists()

    revoke_role(actor=personas.business_unit, assignment=_assignment(person, "returns-officer", personas.agency_b))
    assert not person.groups.filter(pk=group.pk).exists()
