"""Every scrutiny page answers every persona as declared in permission_matrix.py."""

from __future__ import annotations

import traceback

import pytest
from django.test import Client
from django.urls import reverse

from hub.core.tests.test_permission_matrix import _problem, _request
from hub.learning.tests.scrutiny.permission_matrix import ROUTES
from hub.testing import ANONYMOUS, sign_in


def test_every_scrutiny_url_is_declared():
    from hub.learning.scrutiny.urls import urlpatterns

    declared = {route.name for route in ROUTES}
    assert {f"learning:{pattern.name}" for pattern in urlpatterns} <= declared


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: f"{route.name}-{route.method}")
def test_route_answers_each_persona_as_declared(route, personas):
    url = reverse(route.name, kwargs=route.kwargs(personas) if route.kwargs else {})
    url += f"?{route.query}" if route.query else ""
    problems = []
    for persona, user in {ANONYMOUS: None, **personas.all_signed_in()}.items():
        client = Client()
        if user is not None:
            sign_in(client, user)
        try:
            response = _request(client, route, url)
        except Exception as exc:
            problems.append(f"{persona}: raised {''.join(traceback.format_exception_only(exc)).strip()}")
            continue
        if problem := _problem(route, persona, response, reverse("core:sign-in")):
            problems.append(problem)
    assert not problems, f"{route.method} {url} ({route.name}):\n" + "\n".join(f"  {p}" for p in problems)
