"""What the business unit's group may do in Wagtail, and the roles, themes and settings areas."""

import pytest
from django.urls import reverse
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from hub.core import roles
from hub.core.models import PartnershipSettings, Role, Theme

pytestmark = pytest.mark.django_db


def test_business_unit_group_may_edit_every_page_document_and_image():
    group = Role.objects.get(slug=roles.BUSINESS_UNIT).permission_group
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()

    page_rights = set(
        GroupPagePermission.objects.filter(group=group, page=root_page).values_list("permission__codename", flat=True)
    )
    collection_rights = set(
        GroupCollectionPermission.objects.filter(group=group, collection=root_collection).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= page_rights
    assert {"add_document", "change_document", "choose_document", "add_image", "choose_image"} <= collection_rights


def test_granting_tree_permissions_twice_changes_nothing():
    group = Role.objects.get(slug=roles.BUSINESS_UNIT).permission_group
    before = (GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count())

    roles.ensure_standard_roles()

    assert (GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count()) == before
    assert GroupPagePermission.objects.filter(group=group).count() == len(roles.PAGE_PERMISSIONS)


def test_business_unit_opens_pages_documents_images_and_partnership_settings(personas, client_for):
    client = client_for(personas.business_unit)

    for url in [
        reverse("wagtailadmin_explore_root"),
        reverse("wagtaildocs:index"),
        reverse("wagtailimages:index"),
    ]:
        assert client.get(url).status_code == 200, url
    settings_page = client.get(reverse("wagtailsettings:edit", args=["core", "partnershipsettings"]), follow=True)
    assert settings_page.status_code == 200


def test_partnership_settings_appear_under_settings_and_save(personas, client_for):
    client = client_for(personas.business_unit)
    home = client.get("/admin/").content.decode()
    assert reverse("wagtailsettings:edit", args=["core", "partnershipsettings"]) in home

    settings_url = client.get(reverse("wagtailsettings:edit", args=["core", "partnershipsettings"]))["Location"]
    response = client.post(
        settings_url,
        {
            "name": "Durham Safeguarding Children Partnership",
            "short_name": "DSCP",
            "financial_year_start_month": 4,
            "emergency_text": "If a child is in immediate danger, call 999.",
        },
    )

    assert response.status_code == 302
    assert PartnershipSettings.load().short_name == "DSCP"


def test_a_roles_code_name_is_set_when_added_and_fixed_afterwards(personas, client_for):
    client = client_for(personas.business_unit)
    client.post(
        reverse("core_role:add"),
        {"name": "Designated safeguarding lead", "slug": "dsl", "description": "Leads safeguarding in a school."},
    )
    role = Role.objects.get(slug="dsl")

    form = client.get(reverse("core_role:edit", args=[role.pk])).content.decode()
    client.post(reverse("core_role:edit", args=[role.pk]), {"name": "School safeguarding lead", "slug": "changed"})

    role.refresh_from_db()
    assert 'name="slug"' not in form
    assert role.slug == "dsl" and role.name == "School safeguarding lead"


def test_a_role_held_by_people_cannot_switch_to_being_held_for_an_agency(personas, client_for):
    practitioner = Role.objects.get(slug=roles.PRACTITIONER)

    response = client_for(personas.business_unit).post(
        reverse("core_role:edit", args=[practitioner.pk]), {"name": "Practitioner", "agency_scoped": "on"}
    )

    assert "Remove the 1 role assignment before changing whether this role is held for an agency" in (
        response.content.decode()
    )
    practitioner.refresh_from_db()
    assert not practitioner.agency_scoped


def test_business_unit_adds_a_theme_and_finds_it(personas, client_for):
    client = client_for(personas.business_unit)
    client.post(
        reverse("core_theme:add"),
        {
            "name": "Harmful sexual behaviour",
            "slug": "harmful-sexual-behaviour",
            "is_improvement_theme": "on",
            "is_active": "on",
        },
    )

    theme = Theme.objects.get(slug="harmful-sexual-behaviour")
    assert theme.is_improvement_theme
    html = client.get(reverse("core_theme:index"), {"q": "sexual", "is_improvement_theme": "true"}).content.decode()
    assert "Harmful sexual behaviour" in html
