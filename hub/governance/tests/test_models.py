from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hub.governance.models import BudgetYear, Contribution, Decision, ForwardPlanItem, Group, Meeting, Membership
from hub.governance.tests.factories import make_group, make_meeting, make_membership
from hub.testing import make_user

pytestmark = pytest.mark.django_db


def test_current_members_see_their_group_and_former_members_do_not(personas, group):
    today = timezone.localdate()
    current = make_user()
    former = make_user()
    make_membership(group, current)
    make_membership(group, former, started_on=date(2019, 1, 1), ended_on=today - timedelta(days=1))
    assert list(Group.objects.visible_to(current)) == [group]
    assert list(Group.objects.visible_to(former)) == []
    assert not group.is_visible_to(personas.outsider)


def test_business_unit_sees_every_group_except_restricted_panels_it_does_not_sit_on(personas, group):
    panel = make_group("Child Death Overview Panel", is_restricted=True)
    assert list(Group.objects.visible_to(personas.business_unit)) == [group]
    make_membership(panel, personas.business_unit, role=Membership.Role.SECRETARIAT)
    assert set(Group.objects.visible_to(personas.business_unit)) == {group, panel}


def test_executive_role_holders_see_the_executive_only(personas, group):
    executive = make_group("Safeguarding Executive Group", is_executive=True)
    assert list(Group.objects.visible_to(personas.executive)) == [executive]


def test_a_group_cannot_take_a_reserved_address():
    group = Group(name="Budget", slug="budget", purpose="x")
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "slug" in error.value.message_dict


def test_a_meeting_on_teams_needs_a_joining_link_and_must_end_after_it_starts(group):
    starts = timezone.now()
    meeting = Meeting(group=group, starts_at=starts, ends_at=starts, mode=Meeting.Mode.HYBRID)
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert error.value.message_dict == {
        "ends_at": ["The meeting must end after it starts"],
        "location": ["Enter where the meeting takes place"],
        "joining_link": ["Enter the link to join the meeting online"],
    }


def test_membership_is_current_between_its_dates(group):
    membership = Membership(group=group, started_on=date(2021, 4, 1), ended_on=date(2022, 8, 31))
    assert membership.is_current(date(2022, 8, 31))
    assert not membership.is_current(date(2022, 9, 1))
    assert not membership.is_current(date(2021, 3, 31))


def test_forward_plan_months_are_stored_as_the_first_of_the_month(group):
    item = ForwardPlanItem(group=group, planned_month=date(2022, 10, 17), topic="Assurance report")
    item.full_clean()
    assert item.planned_month == date(2022, 10, 1)


def test_forward_plan_item_refuses_another_groups_meeting(group):
    other_meeting = make_meeting(make_group())
    item = ForwardPlanItem(group=group, planned_month=date(2022, 10, 1), topic="Audit", meeting=other_meeting)
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert error.value.message_dict["meeting"] == ["Select a meeting of the same group"]


def test_budget_year_is_named_and_addressed_by_its_financial_year():
    budget = BudgetYear.objects.create(start_year=2021)
    Contribution.objects.create(budget_year=budget, label="A", amount=100, order=1)
    Contribution.objects.create(budget_year=budget, label="B", amount="50.50", order=2)
    assert budget.label == "2021/22"
    assert budget.get_absolute_url() == "/account/groups/budget/2021-22/"
    assert str(budget.total()) == "150.50"


def test_decision_source_label_names_the_group_and_the_day(group):
    meeting = make_meeting(group, starts_at=timezone.make_aware(datetime(2022, 7, 20, 14, 0)))
    decision = Decision.objects.create(meeting=meeting, text="Agree the new structure")
    assert decision.source_label == "Decision of Neglect Group, 20 July 2022"
    assert decision.get_absolute_url().endswith(f"#decision-{decision.pk}")


def test_changes_to_groups_are_kept_in_history(group):
    group.purpose = "A new purpose"
    group.save()
    assert [h.purpose for h in group.history.order_by("history_date")][-1] == "A new purpose"
    assert group.history.count() == 2
