from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.core.models import AuditEntry
from hub.governance.models import ForwardPlanItem, Membership
from hub.governance.tests.factories import make_group, make_meeting, make_membership
from hub.testing import make_user

pytestmark = pytest.mark.django_db


def _url(group):
    return reverse("governance:group-detail", args=[group.slug])


def test_a_member_sees_purpose_members_meetings_and_forward_plan(client_for, member, group, personas):
    group.terms_of_reference = "<p>Oversee the neglect strategy.</p>"
    group.save()
    former = make_user(first_name="Fran", last_name="Former")
    make_membership(group, former, started_on=date(2019, 1, 1), ended_on=date(2020, 1, 1))
    upcoming = make_meeting(group)
    past = make_meeting(group, starts_at=timezone.now() - timedelta(days=40))
    ForwardPlanItem.objects.create(
        group=group,
        planned_month=date(2030, 1, 1),
        topic="Assurance report from Agency A",
        item_type=ForwardPlanItem.ItemType.ASSURANCE_REPORT,
        agency=personas.agency_a,
    )
    html = client_for(member).get(_url(group)).content.decode()
    assert group.purpose in html
    assert "Oversee the neglect strategy." in html
    assert "Mina Member" in html
    assert "Fran Former" not in html
    assert str(upcoming.uuid) in html and str(past.uuid) in html
    assert html.index(str(upcoming.uuid)) < html.index(str(past.uuid))
    assert "Assurance report from Agency A" in html and "January 2030" in html


def test_non_members_get_404_and_the_refusal_is_logged(client_for, personas, group):
    for person in (personas.outsider, personas.practitioner, personas.spoc_a, personas.executive, personas.scrutineer):
        assert client_for(person).get(_url(group)).status_code == 404
    assert AuditEntry.objects.filter(action="core.permission.refused").count() == 5


def test_a_former_member_gets_404(client_for, group):
    former = make_user()
    make_membership(group, former, started_on=date(2019, 1, 1), ended_on=timezone.localdate() - timedelta(days=1))
    assert client_for(former).get(_url(group)).status_code == 404


def test_business_unit_sees_the_group(client_for, personas, group):
    assert client_for(personas.business_unit).get(_url(group)).status_code == 200


def test_restricted_panel_is_hidden_from_business_unit_staff_who_are_not_members(client_for, personas):
    panel = make_group("Child Death Overview Panel", is_restricted=True)
    assert client_for(personas.business_unit).get(_url(panel)).status_code == 404
    make_membership(panel, personas.business_unit, role=Membership.Role.SECRETARIAT)
    assert client_for(personas.business_unit).get(_url(panel)).status_code == 200


def test_executive_role_holders_see_the_executive(client_for, personas):
    executive = make_group("Safeguarding Executive Group", is_executive=True)
    assert client_for(personas.executive).get(_url(executive)).status_code == 200
    assert client_for(personas.practitioner).get(_url(executive)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, group):
    response = client.get(_url(group))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign-in"))


def test_the_page_runs_the_same_number_of_queries_for_1_and_50_members_and_meetings(client_for, group):
    from hub.testing import assert_same_query_count

    viewer = make_user()
    make_membership(group, viewer)

    def make_rows(count):
        for _ in range(count):
            make_membership(group, make_user())
            make_meeting(group)
            ForwardPlanItem.objects.create(group=group, topic="Assurance report", planned_month=date(2022, 10, 1))

    assert_same_query_count(client_for(viewer), _url(group), make_rows)
