from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.core.models import Action
from hub.core.registry import registry
from hub.core.services import create_action
from hub.governance.services import ActionRequest, record_decision
from hub.governance.tests.factories import make_group, make_meeting

pytestmark = pytest.mark.django_db


def test_the_account_page_lists_the_next_meetings_of_your_groups(client_for, member, group):
    soon = make_meeting(group, starts_at=timezone.now() + timedelta(days=3))
    html = client_for(member).get(reverse("core:account")).content.decode()
    assert "Your groups" in html
    assert reverse("governance:my-groups") in html
    assert soon.get_absolute_url() in html


def test_the_account_page_has_no_groups_card_for_people_without_groups(client_for, personas, group):
    make_meeting(group)
    html = client_for(personas.outsider).get(reverse("core:account")).content.decode()
    assert reverse("governance:my-groups") not in html


def test_the_group_filter_keeps_actions_raised_by_that_groups_decisions(personas, group, meeting):
    other_meeting = make_meeting(make_group())
    _, (ours,) = record_decision(
        actor=None,
        meeting=meeting,
        text="Ours",
        actions=[ActionRequest("Ours", owner_agency=personas.agency_a, due_on=date(2030, 1, 1))],
    )
    record_decision(
        actor=None,
        meeting=other_meeting,
        text="Theirs",
        actions=[ActionRequest("Theirs", owner_agency=personas.agency_a, due_on=date(2030, 1, 1))],
    )
    create_action(actor=None, title="Unrelated", owner_agency=personas.agency_a, due_on=date(2030, 1, 1))
    group_filter = registry.action_filters["group"]
    assert (group.slug, group.name) in list(group_filter.choices())
    assert list(group_filter.apply(Action.objects.all(), group.slug)) == [ours]


def test_the_tracker_filters_by_group_for_the_business_unit(client_for, personas, group, meeting):
    record_decision(
        actor=None,
        meeting=meeting,
        text="Ours",
        actions=[
            ActionRequest("Action from the neglect group", owner_agency=personas.agency_a, due_on=date(2030, 1, 1))
        ],
    )
    create_action(actor=None, title="Action from elsewhere", owner_agency=personas.agency_a, due_on=date(2030, 1, 1))
    html = client_for(personas.business_unit).get(reverse("core:action-list"), {"group": group.slug}).content.decode()
    assert "Action from the neglect group" in html
    assert "Action from elsewhere" not in html
