"""Briefings and resources made in response to tracker actions, as the action page lists them."""

from __future__ import annotations

import datetime

import pytest

from hub.core.periods import FinancialYear
from hub.core.registry import registry
from hub.core.tests.permission_matrix_actions import make_action
from hub.website.models import BriefingUse, ResourceDownloadDay, ResourcePage
from hub.website.outputs import outputs_for_actions
from hub.website.tests.factories import build_site, make_resource

pytestmark = pytest.mark.django_db
BRIEFING = ResourcePage.ResourceType.SEVEN_MINUTE_BRIEFING


@pytest.fixture
def library():
    return build_site().library


def _use(briefing, agency, *, team="Duty team", staff=10, on=datetime.date(2021, 9, 1)):
    return BriefingUse.objects.create(briefing=briefing, agency=agency, team=team, staff_count=staff, used_on=on)


def _link(page, action):
    page.actions.add(action)
    page.save_revision().publish()
    page.refresh_from_db()


def test_a_linked_briefing_shows_how_often_teams_used_it(library, personas):
    action = make_action(personas, title="Brief practitioners on cumulative harm")
    briefing = make_resource(library, title="7-minute briefing: cumulative harm", resource_type=BRIEFING)
    _link(briefing, action)
    _use(briefing, personas.agency_a, team="Duty team", staff=10)
    _use(briefing, personas.agency_a, team="duty team ", staff=8)
    _use(briefing, personas.agency_b, team="Duty team", staff=4)

    [output] = outputs_for_actions([action.pk])

    assert output.action_id == action.pk
    assert output.kind == "7-minute briefing"
    assert output.title == "7-minute briefing: cumulative harm"
    assert output.url == briefing.url
    assert output.evidence == ["Used 3 times by 2 teams, reaching 22 staff"]


def test_with_a_year_only_that_years_use_counts(library, personas):
    action = make_action(personas)
    briefing = make_resource(library, resource_type=BRIEFING)
    _link(briefing, action)
    _use(briefing, personas.agency_a, on=datetime.date(2021, 5, 1), staff=1)
    _use(briefing, personas.agency_a, on=datetime.date(2022, 5, 1), staff=3)

    [in_2021] = outputs_for_actions([action.pk], year=FinancialYear(2021))
    [in_2023] = outputs_for_actions([action.pk], year=FinancialYear(2023))

    assert in_2021.evidence == ["Used 1 time in 2021/22 by 1 team, reaching 1 member of staff"]
    assert in_2023.evidence == ["No team recorded using it in 2023/24"]


def test_another_resource_shows_its_downloads(library, personas):
    action = make_action(personas)
    guidance = make_resource(library, title="Harm matrix", resource_type=ResourcePage.ResourceType.TOOL)
    _link(guidance, action)
    ResourcePage.objects.filter(pk=guidance.pk).update(download_count=40)
    ResourceDownloadDay.objects.create(resource=guidance, day=datetime.date(2021, 6, 1), count=12)
    ResourceDownloadDay.objects.create(resource=guidance, day=datetime.date(2022, 6, 1), count=28)

    [all_time] = outputs_for_actions([action.pk])
    [in_2021] = outputs_for_actions([action.pk], year=FinancialYear(2021))

    assert (all_time.kind, all_time.summary.split(".")[0]) == ("Resource", "Tool")
    assert all_time.evidence == ["Downloaded 40 times"]
    assert in_2021.evidence == ["Downloaded 12 times in 2021/22"]


def test_a_draft_resource_is_listed_without_a_link_and_unlinked_ones_are_left_out(library, personas):
    action = make_action(personas)
    draft = make_resource(library, title="Draft briefing", resource_type=BRIEFING, live=False)
    ResourcePage.actions.through.objects.get_or_create(resourcepage_id=draft.pk, action_id=action.pk)
    make_resource(library, title="Unlinked briefing", resource_type=BRIEFING)

    [output] = outputs_for_actions([action.pk])

    assert (output.title, output.url) == ("Draft briefing", "")
    assert output.evidence == ["No team has recorded using it yet"]
    assert outputs_for_actions([]) == []


def test_the_link_is_kept_in_the_pages_revision_so_editors_keep_it(library, personas):
    action = make_action(personas)
    briefing = make_resource(library, resource_type=BRIEFING)
    _link(briefing, action)

    latest = briefing.get_latest_revision_as_object()

    assert list(latest.actions.all()) == [action]


def test_the_provider_is_registered_and_asks_a_fixed_number_of_queries(library, personas, django_assert_num_queries):
    actions = [make_action(personas, title=f"Action {number}") for number in range(3)]
    for action in actions:
        briefing = make_resource(library, resource_type=BRIEFING)
        _link(briefing, action)
        _use(briefing, personas.agency_a)
    # Resolving page addresses looks the site up once; warm it as a request would have.
    outputs_for_actions([actions[0].pk])

    assert registry.action_outputs["website"] is outputs_for_actions
    with django_assert_num_queries(3):
        outputs = outputs_for_actions([action.pk for action in actions])
    assert len(outputs) == 3
