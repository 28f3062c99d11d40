"""Roles are data: the standard ones exist after migrate, and people ask about them with has_role()."""

import pytest
from django.contrib.auth.models import Group, Permission

from hub.core import roles
from hub.core.models import Role
from hub.testing import grant_role, make_agency, make_user

pytestmark = pytest.mark.django_db


def _snapshot():
    return sorted(
        (
            role.slug,
            role.name,
            role.permission_group_id,
            tuple(sorted(role.permission_group.permissions.values_list("pk", flat=True)))
            if role.permission_group_id
            else (),
        )
        for role in Role.objects.select_related("permission_group")
    )


def test_every_standard_role_exists_after_migrate():
    assert set(Role.objects.values_list("slug", flat=True)) >= {standard.slug for standard in roles.STANDARD_ROLES}


def test_ensure_standard_roles_is_idempotent():
    before = _snapshot()
    groups_before = Group.objects.count()
    roles.ensure_standard_roles()
    roles.ensure_standard_roles()
    assert _snapshot() == before
    assert Group.objects.count() == groups_before


def test_ensure_standard_roles_recreates_a_missing_role_and_keeps_staff_changes():
    Role.objects.filter(slug=roles.TRAINER).delete()
    Role.objects.filter(slug=roles.PRACTITIONER).update(name="Frontline practitioner", description="Edited by staff")
    roles.ensure_standard_roles()
    assert Role.objects.get(slug=roles.TRAINER).name == "Trainer"
    practitioner = Role.objects.get(slug=roles.PRACTITIONER)
    assert (practitioner.name, practitioner.description) == ("Frontline practitioner", "Edited by staff")


def test_ensure_standard_roles_gives_back_a_removed_standard_permission():
    group = Role.objects.get(slug=roles.BUSINESS_UNIT).permission_group
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    group.permissions.remove(access_admin)
    roles.ensure_standard_roles()
    assert group.permissions.filter(pk=access_admin.pk).exists()


def test_the_business_unit_role_opens_the_back_office():
    group = Role.objects.get(slug=roles.BUSINESS_UNIT).permission_group
    assert group is not None
    assert group.permissions.filter(content_type__app_label="wagtailadmin", codename="access_admin").exists()
    assert group.permissions.filter(content_type__app_label="core", codename="change_agency").exists()
    officer = make_user(roles_=(roles.BUSINESS_UNIT,))
    assert officer.has_perm("wagtailadmin.access_admin")
    assert officer.has_perm("core.change_action")


def test_other_standard_roles_do_not_open_the_back_office():
    for slug in (roles.PRACTITIONER, roles.SPOC, roles.SCRUTINEER, roles.REVIEWS_PANEL):
        person = make_user(roles_=((slug, make_agency()) if slug == roles.SPOC else slug,))
        assert not person.has_perm("wagtailadmin.access_admin"), slug


def test_two_factor_is_required_for_the_business_unit_and_restricted_roles_only():
    requiring = set(Role.objects.filter(requires_two_factor=True).values_list("slug", flat=True))
    assert requiring == {
        roles.BUSINESS_UNIT,
        roles.REVIEWS_PANEL,
        roles.REVIEWS_CHAIR,
        roles.CDOP_PANEL,
        roles.CDOP_CHAIR,
        roles.CDOP_EXPORTER,
        roles.RESTRAINT_RECORDER,
        roles.RESTRAINT_REVIEWER,
    }


@pytest.mark.parametrize(
    ("slug", "required"),
    [
        (roles.BUSINESS_UNIT, True),
        (roles.REVIEWS_PANEL, True),
        (roles.CDOP_PANEL, True),
        (roles.RESTRAINT_RECORDER, True),
        (roles.RESTRAINT_REVIEWER, True),
        (roles.PRACTITIONER, False),
        (roles.LINE_MANAGER, False),
        (roles.TRAINER, False),
        (roles.EXECUTIVE, False),
        (roles.SCRUTINEER, False),
    ],
)
def test_a_person_requires_two_factor_when_any_of_their_roles_does(slug, required):
    person = make_user(roles_=(roles.PRACTITIONER, slug) if slug != roles.PRACTITIONER else (slug,))
    assert person.requires_two_factor is required


def test_a_person_without_roles_does_not_require_two_factor_but_a_superuser_does():
    assert make_user().requires_two_factor is False
    assert make_user(is_superuser=True).requires_two_factor is True


def test_only_the_spoc_and_secure_home_roles_are_held_for_an_agency():
    scoped = set(Role.objects.filter(agency_scoped=True).values_list("slug", flat=True))
    assert scoped == {roles.SPOC, roles.RESTRAINT_RECORDER}


def test_has_role_with_and_without_an_agency():
    agency_a, agency_b = make_agency(), make_agency()
    spoc = make_user(agency=agency_a, roles_=((roles.SPOC, agency_a),))
    assert spoc.has_role(roles.SPOC)
    assert spoc.has_role(roles.SPOC, agency=agency_a)
    assert not spoc.has_role(roles.SPOC, agency=agency_b)
    assert not spoc.has_role(roles.BUSINESS_UNIT)


def test_an_unscoped_role_does_not_count_for_a_particular_agency():
    agency = make_agency()
    practitioner = make_user(agency=agency, roles_=(roles.PRACTITIONER,))
    assert practitioner.has_role(roles.PRACTITIONER)
    assert not practitioner.has_role(roles.PRACTITIONER, agency=agency)


def test_agencies_with_role_lists_each_agency_the_role_is_held_for():
    agency_a, agency_b, agency_c = make_agency(), make_agency(), make_agency()
    spoc = make_user(roles_=((roles.SPOC, agency_a), (roles.SPOC, agency_b), roles.PRACTITIONER))
    assert sorted(a.pk for a in spoc.agencies_with_role(roles.SPOC)) == sorted([agency_a.pk, agency_b.pk])
    assert agency_c not in spoc.agencies_with_role(roles.SPOC)
    assert spoc.agencies_with_role(roles.PRACTITIONER) == []
    assert spoc.role_slugs() == {roles.SPOC, roles.PRACTITIONER}


def test_role_questions_are_answered_from_one_query(django_assert_num_queries):
    agency = make_agency()
    person = make_user(roles_=((roles.SPOC, agency), roles.EXECUTIVE))
    person.__dict__.pop("_role_assignments_cache", None)
    with django_assert_num_queries(1):
        assert person.has_role(roles.EXECUTIVE)
        assert person.has_role(roles.SPOC, agency=agency)
        assert person.agencies_with_role(roles.SPOC) == [agency]
        assert person.requires_two_factor is False


def test_granting_a_role_is_seen_at_once():
    person = make_user()
    assert not person.has_role(roles.TRAINER)
    grant_role(person, roles.TRAINER)
    assert person.has_role(roles.TRAINER)


def test_anonymous_visitors_hold_no_roles():
    from django.contrib.auth.models import AnonymousUser

    from hub.core.permissions import can_read_across_partnership, is_business_unit

    visitor = AnonymousUser()
    assert not is_business_unit(visitor)
    assert not can_read_across_partnership(visitor)
