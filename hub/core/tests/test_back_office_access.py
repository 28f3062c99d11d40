"""Who may reach the staff back office at /admin/, and what its menu offers the business unit."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PARTNERSHIP_LISTINGS = [
    "core_agency:index",
    "wagtailusers_users:index",
    "core_roleassignment:index",
    "core_role:index",
    "core_theme:index",
    "core_action:index",
    "core_auditentry:index",
]


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign-in"))


@pytest.mark.parametrize("persona", ["outsider", "practitioner", "manager", "spoc_a", "scrutineer", "executive"])
def test_people_without_the_business_unit_role_cannot_use_the_back_office(personas, client_for, persona):
    client = client_for(getattr(personas, persona))
    for url in ["/admin/", reverse("core_agency:index"), reverse("wagtailusers_users:index")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("core:sign-in")), url


def test_business_unit_sees_the_partnership_menu(personas, client_for):
    response = client_for(personas.business_unit).get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Partnership" in html
    for name in PARTNERSHIP_LISTINGS:
        assert reverse(name) in html, name


@pytest.mark.parametrize("name", PARTNERSHIP_LISTINGS)
def test_business_unit_can_open_each_listing(personas, client_for, name):
    response = client_for(personas.business_unit).get(reverse(name))
    assert response.status_code == 200
