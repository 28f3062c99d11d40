"""Every practitioner survey URL answers every persona as the permission matrix declares."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from hub.core.models import AuditEntry
from hub.governance.models import Group, Membership
from hub.learning.common import LearningSettings
from hub.learning.surveys.models import Survey
from hub.learning.surveys.urls import urlpatterns
from hub.learning.tests.surveys.factories import add_response, make_survey
from hub.learning.tests.surveys.permission_matrix import ROUTES
from hub.testing import ANONYMOUS, make_user, sign_in

pytestmark = pytest.mark.django_db


def test_every_survey_url_is_declared_in_the_matrix():
    names = {f"learning:{pattern.name}" for pattern in urlpatterns if isinstance(pattern, URLPattern)}
    declared = {route.name for route in ROUTES}
    assert names == declared
    assert all(pattern.name.startswith("survey-") for pattern in urlpatterns)


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: f"{route.name}-{route.method}-{route.query}")
def test_route_answers_each_persona_as_declared(route, personas):
    kwargs = route.kwargs(personas) if route.kwargs else {}
    url = reverse(route.name, kwargs=kwargs) + (f"?{route.query}" if route.query else "")
    problems = []
    for persona, user in {ANONYMOUS: None, **personas.all_signed_in()}.items():
        client = Client()
        if user is not None:
            sign_in(client, user)
        response = client.post(url, {}) if route.method == "POST" else client.get(url)
        expected = route.expected_for(persona)
        if response.status_code != expected:
            problems.append(f"{persona}: expected {expected}, got {response.status_code}")
        elif persona == ANONYMOUS and expected == 302:
            target = urlsplit(response["Location"]).path
            if target != reverse("core:sign-in"):
                problems.append(f"{persona}: redirected to {target}, not to the sign-in page")
    assert not problems, f"{route.method} {url}:\n" + "\n".join(problems)


def test_members_of_the_learning_groups_read_results_but_cannot_manage(personas, client):
    group = Group.objects.create(name="Performance and Learning Group", slug="plg", purpose="Audits and learning.")
    settings = LearningSettings.load()
    settings.audit_group = group
    settings.save()
    member = make_user("plg.member@example.org", agency=personas.agency_a)
    Membership.objects.create(group=group, person=member, started_on=date(2020, 1, 1))
    survey = make_survey()
    sign_in(client, member)

    assert client.get(reverse("learning:survey-results", args=[survey.uuid])).status_code == 200
    assert client.get(reverse("learning:survey-close", args=[survey.uuid])).status_code == 404
    assert client.get(reverse("learning:survey-export", args=[survey.uuid])).status_code == 404


def test_a_refused_person_changes_nothing_and_the_refusal_is_logged(personas, client):
    survey = make_survey()
    add_response(survey, {"scale": "3"})
    sign_in(client, personas.scrutineer)

    response = client.post(reverse("learning:survey-close", args=[survey.uuid]))

    assert response.status_code == 404
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    entry = AuditEntry.objects.get(action="core.permission.refused")
    assert entry.actor == personas.scrutineer


def test_readers_do_not_find_draft_surveys(personas, client):
    draft = make_survey("Survey for next year", status=Survey.Status.DRAFT)
    opened = make_survey("Survey for this year")
    sign_in(client, personas.executive)

    page = client.get(reverse("learning:survey-list")).content.decode()

    assert opened.title in page
    assert draft.title not in page
    assert client.get(reverse("learning:survey-results", args=[draft.uuid])).status_code == 404
