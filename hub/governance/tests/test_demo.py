from decimal import Decimal

import pytest

from hub.core.models import Action, AuditEntry
from hub.governance import demo
from hub.governance.models import (
    AgendaItem,
    Attendance,
    BudgetYear,
    Contribution,
    Decision,
    DevelopmentSession,
    ForwardPlanItem,
    Group,
    Meeting,
    Membership,
    Minutes,
    Paper,
)
from hub.governance.tests.factories import make_demo_prerequisites

pytestmark = pytest.mark.django_db

COUNTED = (
    Group,
    Membership,
    Meeting,
    AgendaItem,
    Attendance,
    Minutes,
    Paper,
    Decision,
    ForwardPlanItem,
    BudgetYear,
    Contribution,
    DevelopmentSession,
    Action,
    AuditEntry,
)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def loaded():
    make_demo_prerequisites()
    lines = []
    demo.load(lines.append)
    return lines


def test_budget_for_2021_22_totals_347060_as_published(loaded):
    budget = BudgetYear.objects.get(start_year=2021)
    rows = [(row.label, row.amount) for row in budget.contributions.all()]
    assert rows == [
        ("Durham County Council", Decimal("191604")),
        ("Clinical Commissioning Groups (ICB)", Decimal("105135")),
        ("Durham Constabulary", Decimal("39285")),
        ("CDDFT – admin costs for CDOP", Decimal("6036")),
        ("Training fees", Decimal("5000")),
    ]
    assert budget.total() == Decimal("347060")
    assert "£347,060" in loaded[0]


def test_running_the_loader_twice_changes_nothing(loaded):
    before = _counts()
    demo.load(lambda line: None)
    assert _counts() == before


def test_old_groups_end_and_new_groups_start_in_september_2022(loaded):
    plg = Group.objects.get(slug="performance-and-learning")
    elg = Group.objects.get(slug="embedding-learning")
    assert str(plg.active_from) == "2022-09-01"
    assert str(elg.active_to) == "2022-08-31"
    assert not elg.meetings.filter(starts_at__date__gt=elg.active_to).exists()
    assert not plg.meetings.filter(starts_at__date__lt=plg.active_from).exists()
    beth = {m.group.slug for m in Membership.objects.filter(person__email="beth.lloyd@demo.example.org")}
    assert {"performance-and-learning", "improvement-delivery"} <= beth


def test_meetings_cover_both_years_at_each_groups_frequency(loaded):
    executive = Group.objects.get(slug="executive")
    assert executive.meetings.count() == 8
    assert Group.objects.get(slug="improvement-delivery").meetings.count() == 7
    assert Meeting.objects.filter(mode=Meeting.Mode.HYBRID).exists()
    assert Meeting.objects.filter(status=Meeting.Status.CANCELLED).count() == len(demo.CANCELLED)


def test_decisions_raise_tracker_actions_owned_by_demo_agencies(loaded):
    decision = Decision.objects.get(text__startswith="Conclude the Embedding Learning Group")
    actions = Action.objects.filter(source_object_id=decision.pk, source_content_type__model="decision")
    assert actions.count() == 2
    assert {action.owner_agency.short_code for action in actions} == {"dcc"}
    assert all(action.status == Action.Status.COMPLETED for action in actions)
    assert actions.first().source_label.startswith("Decision of Safeguarding Executive Group, ")


def test_development_sessions_hold_the_two_sessions_of_2021(loaded):
    sessions = list(DevelopmentSession.objects.order_by("held_on"))
    assert [s.topic for s in sessions] == [
        "Signs of Safety Practice Framework",
        "Development day: harmful sexual behaviour",
    ]
    assert len(sessions[0].question_list) == 2
    assert sessions[1].held_on.month == 10


def test_the_loader_says_what_is_missing_without_cores_demo(db):
    with pytest.raises(demo.DemoPrerequisiteMissing, match="Load core's demo first"):
        demo.load(lambda line: None)
