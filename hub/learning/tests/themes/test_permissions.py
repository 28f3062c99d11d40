"""Every improvement themes and cycles URL answers every persona as ``permission_matrix.py`` declares.

The project-wide matrix test gathers ``hub/<app>/tests/permission_matrix*.py``; these routes are
checked here with the same rules until the learning app gathers its parts' declarations.
Members of the Improvement Delivery Group read, as executives do, without changing anything.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from hub.core.tests.test_permission_matrix import _problem, _request, url_patterns
from hub.learning.tests.themes.factories import make_cycle, make_improvement_theme
from hub.learning.tests.themes.permission_matrix import ROUTES
from hub.learning.themes.models import DeliveryCycle
from hub.testing import ANONYMOUS, sign_in

pytestmark = pytest.mark.django_db


def test_every_themes_url_is_declared():
    names = {
        p.name for p in url_patterns() if p.name and p.name.startswith(("learning:improvement-", "learning:cycle"))
    }
    assert names == {route.name for route in ROUTES}


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: f"{route.name}-{route.method}")
def test_route_answers_each_persona_as_declared(route, personas):
    url = reverse(route.name, kwargs=route.kwargs(personas) if route.kwargs else {})
    problems = []
    for persona, user in {ANONYMOUS: None, **personas.all_signed_in()}.items():
        client = Client()
        if user is not None:
            sign_in(client, user)
        problem = _problem(route, persona, _request(client, route, url), reverse("core:sign-in"))
        if problem:
            problems.append(problem)
    assert not problems, f"{route.method} {url}:\n" + "\n".join(problems)
    assert not DeliveryCycle.objects.exclude(status__in=["planned", "endorsed"]).exists()


def test_a_member_of_the_improvement_group_reads_but_cannot_change(personas, client_for):
    from hub.governance.models import Group, Membership
    from hub.learning.common import LearningSettings

    idg = Group.objects.create(name="Improvement Delivery Group", slug="idg", purpose="Improves practice.")
    settings = LearningSettings.load()
    settings.improvement_group = idg
    settings.save()
    Membership.objects.create(group=idg, person=personas.practitioner, started_on=date(2020, 1, 1))
    theme = make_improvement_theme()
    cycle = make_cycle(themes=[theme])
    client = client_for(personas.practitioner)

    assert client.get(theme.get_absolute_url()).status_code == 200
    assert client.get(cycle.get_absolute_url()).status_code == 200
    assert client.get(reverse("learning:cycle-edit", args=[cycle.uuid])).status_code == 404
    assert (
        client.post(reverse("learning:cycle-create"), {"year": "2022", "number": "2", "focus": "X"}).status_code == 404
    )
    assert DeliveryCycle.objects.count() == 1
