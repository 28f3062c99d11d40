"""Every Section 11 page answers every persona as declared in permission_matrix.py.

The matrix is checked for the shared personas and for a learning group member; a route left out
of the matrix fails the first test.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from hub.learning.section11.urls import urlpatterns
from hub.learning.tests.section11.factories import learning_group_member
from hub.learning.tests.section11.permission_matrix import ROUTES
from hub.testing import ANONYMOUS, make_user, sign_in


def test_every_section11_url_is_in_the_matrix():
    declared = {route.name for route in ROUTES}
    names = {f"learning:{pattern.name}" for pattern in urlpatterns}
    assert names - declared == set()
    assert declared - names == set()


def _people(personas):
    member = learning_group_member(make_user("member@example.org", agency=personas.agency_c))
    return {ANONYMOUS: None, **personas.all_signed_in(), "group_member": member}


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: f"{route.name}-{route.method}-{route.query}")
def test_route_answers_each_persona_as_declared(route, personas):
    people = _people(personas)
    kwargs = route.kwargs(personas) if route.kwargs else {}
    url = reverse(route.name, kwargs=kwargs)
    problems = []
    # Those allowed to change something go last, so everyone else meets the record unchanged.
    order = sorted(people.items(), key=lambda item: route.method == "POST" and route.expected_for(item[0]) < 400)
    for persona, user in order:
        client = Client()
        if user is not None:
            sign_in(client, user)
        response = client.get(url) if route.method == "GET" else client.post(url, {})
        expected = route.expected_for(persona)
        if response.status_code != expected:
            problems.append(f"{persona}: expected {expected}, got {response.status_code}")
        elif persona == ANONYMOUS and expected == 302:
            target = urlsplit(response["Location"]).path
            if target != reverse("core:sign-in"):
                problems.append(f"{persona}: sent to {target}, not the sign-in page")
    assert not problems, f"{route.method} {url}:\n" + "\n".join(problems)
