from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hub.governance.models import BudgetYear
from hub.governance.tests.factories import make_group, make_meeting, make_membership

pytestmark = pytest.mark.django_db
URL = reverse("governance:my-groups")


def test_a_member_sees_their_groups_with_the_next_meeting(client_for, member, group, meeting):
    response = client_for(member).get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Neglect Group" in html
    assert reverse("governance:meeting-detail", args=[group.slug, meeting.uuid]) in html
    assert "Member" in html


def test_an_outsider_is_told_they_have_no_groups(client_for, personas, group):
    html = client_for(personas.outsider).get(URL).content.decode()
    assert "You are not a member of any partnership group" in html
    assert "Neglect Group" not in html
    assert "Development sessions" not in html


def test_business_unit_sees_every_group_and_the_budget(client_for, personas, group):
    BudgetYear.objects.create(start_year=2021)
    concluded = make_group("Embedding Learning Group", active_to=timezone.localdate() - timedelta(days=30))
    html = client_for(personas.business_unit).get(URL).content.decode()
    assert "Neglect Group" in html
    assert "Groups that have concluded" in html and concluded.name in html
    assert reverse("governance:budget", args=["2021-22"]) in html


def test_executive_sees_the_executive_and_the_budget_but_not_other_groups(client_for, personas, group):
    make_group("Safeguarding Executive Group", is_executive=True)
    BudgetYear.objects.create(start_year=2021)
    html = client_for(personas.executive).get(URL).content.decode()
    assert "Safeguarding Executive Group" in html
    assert "Neglect Group" not in html
    assert "Budget 2021/22" in html


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign-in"))


def _queries_for(client, count, person):
    for number in range(count):
        group = make_group()
        make_membership(group, person)
        make_meeting(group, starts_at=timezone.now() + timedelta(days=number + 1))
    client.get(URL)  # fill the per-process caches (site, settings) so both sizes are measured alike
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_list_runs_the_same_number_of_queries_for_1_and_50_groups(client_for, personas):
    from hub.testing import make_user

    one, fifty = make_user(), make_user()
    client = client_for(one)
    small = _queries_for(client, 1, one)
    client = client_for(fifty)
    large = _queries_for(client, 50, fifty)
    assert small == large
