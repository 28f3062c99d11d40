"""People in the back office: Wagtail's user area adapted to the partnership's fields and roles."""

import csv
import io

import pytest
from django.urls import reverse

from hub.core import roles
from hub.core.models import User
from hub.testing import make_user

pytestmark = pytest.mark.django_db


def test_listing_shows_agency_job_title_and_roles(personas, client_for):
    make_user(
        "dana.lee@example.org", first_name="Dana", last_name="Lee", agency=personas.agency_a, job_title="Health visitor"
    )

    html = client_for(personas.business_unit).get(reverse("wagtailusers_users:index")).content.decode()

    assert "Dana Lee" in html and "Health visitor" in html
    assert "Single point of contact for Agency A" in html


def test_search_and_filters_find_people_by_name_agency_and_role(personas, client_for):
    make_user("dana.lee@example.org", first_name="Dana", last_name="Lee", agency=personas.agency_b)
    client = client_for(personas.business_unit)
    url = reverse("wagtailusers_users:index")

    by_name = client.get(url, {"q": "dana"}).content.decode()
    by_agency = client.get(url, {"agency": personas.agency_b.pk}).content.decode()
    spoc = personas.spoc_a.role_assignments.get().role
    by_role = client.get(url, {"role": spoc.pk}).content.decode()

    assert "dana.lee@example.org" in by_name and "practitioner@example.org" not in by_name
    assert "dana.lee@example.org" in by_agency and "practitioner@example.org" not in by_agency
    assert "spoc.a@example.org" in by_role and "spoc.b@example.org" in by_role
    assert "practitioner@example.org" not in by_role


def test_csv_export_lists_people_with_their_roles(personas, client_for):
    response = client_for(personas.business_unit).get(
        reverse("wagtailusers_users:index"), {"export": "csv", "agency": personas.agency_b.pk}
    )

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:6] == ["First name", "Last name", "E-mail address", "Agency", "Job title", "Roles"]
    emails_and_roles = sorted((row[2], row[5]) for row in rows[1:])
    assert emails_and_roles == [
        ("executive@example.org", "Executive"),
        ("panel@example.org", "Case review panel"),
        ("spoc.b@example.org", "Single point of contact for Agency B"),
    ]


def test_business_unit_adds_a_person_without_setting_their_password(personas, client_for):
    response = client_for(personas.business_unit).post(
        reverse("wagtailusers_users:add"),
        {
            "email": "Robin.Shaw@Example.org",
            "first_name": "Robin",
            "last_name": "Shaw",
            "agency": personas.agency_a.pk,
            "job_title": "School nurse",
        },
    )

    person = User.objects.get(email="robin.shaw@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailusers_users:edit", args=[person.pk])
    assert person.agency == personas.agency_a and person.job_title == "School nurse"
    assert not person.has_usable_password()
    assert not person.is_superuser and not person.groups.exists()


def test_adding_a_person_whose_address_is_taken_shows_an_error(personas, client_for):
    response = client_for(personas.business_unit).post(
        reverse("wagtailusers_users:add"),
        {"email": "PRACTITIONER@example.org", "first_name": "Copy", "last_name": "Cat"},
    )

    assert response.status_code == 200
    assert "Someone already has an account with this e-mail address" in response.content.decode()
    assert User.objects.filter(email="practitioner@example.org").count() == 1


def test_edit_page_lists_the_persons_roles_with_links_to_grant_and_remove(personas, client_for):
    html = (
        client_for(personas.business_unit)
        .get(reverse("wagtailusers_users:edit", args=[personas.spoc_a.pk]))
        .content.decode()
    )

    assignment = personas.spoc_a.role_assignments.get()
    assert "Single point of contact" in html and "Agency A" in html
    assert reverse("core_roleassignment:delete", args=[assignment.pk]) in html
    assert reverse("core_roleassignment:add") + f"?person={personas.spoc_a.uuid}" in html
    assert 'name="is_superuser"' not in html and 'name="password1"' not in html


def test_business_unit_deactivates_a_person(personas, client_for):
    person = personas.practitioner
    client_for(personas.business_unit).post(
        reverse("wagtailusers_users:edit", args=[person.pk]),
        {
            "email": person.email,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "agency": person.agency_id,
        },
    )

    person.refresh_from_db()
    assert not person.is_active


def test_business_unit_cannot_change_or_delete_a_superuser(personas, client_for):
    admin = User.objects.create_superuser(
        "root@example.org", "a long enough password", first_name="Ada", last_name="Root"
    )
    client = client_for(personas.business_unit)

    edit = client.post(
        reverse("wagtailusers_users:edit", args=[admin.pk]),
        {"email": "taken.over@example.org", "first_name": "Ada", "last_name": "Root", "is_active": "on"},
    )
    delete = client.post(reverse("wagtailusers_users:delete", args=[admin.pk]))

    admin.refresh_from_db()
    assert edit.status_code == 302 and delete.status_code == 302
    assert admin.email == "root@example.org"


def test_business_unit_cannot_delete_people(personas, client_for):
    response = client_for(personas.business_unit).post(
        reverse("wagtailusers_users:delete", args=[personas.outsider.pk])
    )

    assert response.status_code == 302
    assert User.objects.filter(pk=personas.outsider.pk).exists()


def test_the_business_unit_role_still_controls_access_after_a_person_is_edited(personas, client_for):
    officer = make_user("officer@example.org", roles_=(roles.BUSINESS_UNIT,))
    client_for(personas.business_unit).post(
        reverse("wagtailusers_users:edit", args=[officer.pk]),
        {"email": officer.email, "first_name": "Renamed", "last_name": "Officer", "is_active": "on"},
    )

    officer.refresh_from_db()
    assert officer.first_name == "Renamed"
    assert officer.has_perm("wagtailadmin.access_admin")
