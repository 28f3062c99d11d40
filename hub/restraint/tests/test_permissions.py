"""Every restraint page for the people who hold a restraint role: the home's staff (of this home
and of another), the reviewers; and refusals for everyone else, including the business unit,
the scrutineer and administrators, who get 404 like a stranger. Both roles need two-factor
sign-in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hub.core.models import AuditEntry
from hub.restraint.tests import permission_matrix
from hub.restraint.tests.factories import make_home, make_recorder, make_reviewer
from hub.testing import Personas, make_user, sign_in

# Expected status per route (by its position in permission_matrix.ROUTES) for each restraint persona.
STAFF = "staff"
OTHER_STAFF = "other_staff"
REVIEWER = "reviewer"
EXPECTED = {
    ("restraint:overview", "GET"): {STAFF: 200, OTHER_STAFF: 200, REVIEWER: 200},
    ("restraint:incidents", "GET"): {STAFF: 200, OTHER_STAFF: 200, REVIEWER: 200},
    ("restraint:incident-new", "GET"): {STAFF: 200, OTHER_STAFF: 200, REVIEWER: 404},
    ("restraint:incident-new", "POST"): {STAFF: 400, OTHER_STAFF: 400, REVIEWER: 404},
    ("restraint:incident", "GET"): {STAFF: 200, OTHER_STAFF: 404, REVIEWER: 200},
    ("restraint:incident-edit", "GET"): {STAFF: 200, OTHER_STAFF: 404, REVIEWER: 404},
    ("restraint:incident-edit", "POST"): {STAFF: 400, OTHER_STAFF: 404, REVIEWER: 404},
    ("restraint:import-upload", "GET"): {STAFF: 200, OTHER_STAFF: 200, REVIEWER: 404},
    ("restraint:import-upload", "POST"): {STAFF: 400, OTHER_STAFF: 400, REVIEWER: 404},
    ("restraint:import-template", "GET"): {STAFF: 200, OTHER_STAFF: 200, REVIEWER: 404},
    ("restraint:import", "GET"): {STAFF: 200, OTHER_STAFF: 404, REVIEWER: 404},
    ("restraint:import", "POST"): {STAFF: 302, OTHER_STAFF: 404, REVIEWER: 404},
    ("restraint:sessions", "GET"): {STAFF: 404, OTHER_STAFF: 404, REVIEWER: 200},
    ("restraint:session-new", "GET"): {STAFF: 404, OTHER_STAFF: 404, REVIEWER: 200},
    ("restraint:session-new", "POST"): {STAFF: 404, OTHER_STAFF: 404, REVIEWER: 400},
    ("restraint:session", "GET"): {STAFF: 404, OTHER_STAFF: 404, REVIEWER: 200},
    ("restraint:session-edit", "GET"): {STAFF: 404, OTHER_STAFF: 404, REVIEWER: 200},
    ("restraint:session-edit", "POST"): {STAFF: 404, OTHER_STAFF: 404, REVIEWER: 400},
    ("restraint:session-draw", "GET"): {STAFF: 404, OTHER_STAFF: 404, REVIEWER: 200},
    ("restraint:session-draw", "POST"): {STAFF: 404, OTHER_STAFF: 404, REVIEWER: 400},
    ("restraint:session-complete", "POST"): {STAFF: 404, OTHER_STAFF: 404, REVIEWER: 302},
    ("restraint:sample-verify", "GET"): {STAFF: 404, OTHER_STAFF: 404, REVIEWER: 200},
    ("restraint:review", "GET"): {STAFF: 404, OTHER_STAFF: 404, REVIEWER: 200},
    ("restraint:review", "POST"): {STAFF: 404, OTHER_STAFF: 404, REVIEWER: 400},
    ("restraint:review-action", "GET"): {STAFF: 404, OTHER_STAFF: 404, REVIEWER: 302},
    ("restraint:review-action", "POST"): {STAFF: 404, OTHER_STAFF: 404, REVIEWER: 302},
}


def test_every_route_is_declared_for_the_restraint_personas():
    declared = {(route.name, route.method) for route in permission_matrix.ROUTES}
    assert declared == set(EXPECTED)


@pytest.mark.parametrize("route", permission_matrix.ROUTES, ids=repr)
def test_each_route_answers_each_restraint_persona(db, route):
    personas = Personas()
    home = make_home()
    users = {
        STAFF: make_recorder(home),
        OTHER_STAFF: make_recorder(make_home("Another Home", "another"), "another.staff@example.org"),
        REVIEWER: make_reviewer(),
    }
    kwargs = route.kwargs(personas) if route.kwargs else {}
    url = reverse(route.name, kwargs=kwargs)
    for persona, user in users.items():
        client = sign_in(Client(), user)
        response = client.post(url, {}) if route.method == "POST" else client.get(url)
        expected = EXPECTED[(route.name, route.method)][persona]
        assert response.status_code == expected, f"{persona} {route.method} {url}: {response.status_code}"


def test_staff_without_the_role_are_refused_and_the_refusal_is_logged(db, client_for):
    home = make_home()
    from hub.restraint.tests.factories import make_incident

    incident = make_incident(home)
    superuser = make_user("admin@example.org", is_superuser=True, is_staff=True)
    for user in (Personas().business_unit, superuser):
        client = client_for(user)
        assert client.get(reverse("restraint:overview")).status_code == 404
        assert client.get(incident.get_absolute_url()).status_code == 404
    assert AuditEntry.objects.filter(action="core.permission.refused").count() >= 4


def test_both_roles_need_two_factor_sign_in(db, client):
    home = make_home()
    for user in (make_recorder(home), make_reviewer()):
        assert user.requires_two_factor
        client.force_login(user)
        response = client.get(reverse("restraint:overview"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("core:two-factor-setup"))
        client.logout()


def test_the_menu_shows_restraint_only_to_the_roles(db, client_for):
    home = make_home()
    assert "/restraint/" in client_for(make_recorder(home)).get(reverse("core:account")).content.decode()
    assert "/restraint/" not in client_for(Personas().business_unit).get(reverse("core:account")).content.decode()
