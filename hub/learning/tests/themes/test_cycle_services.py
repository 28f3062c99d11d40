"""The Improvement Delivery Group's cycle moves one way: planned, endorsed, in delivery, reviewed."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from hub.core.audit import entries_for
from hub.core.errors import DomainError
from hub.learning.tests.themes.factories import make_cycle, make_executive_meeting, make_improvement_theme
from hub.learning.themes import services
from hub.learning.themes.models import DeliveryCycle

pytestmark = pytest.mark.django_db
S = DeliveryCycle.Status


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2023, 3, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


def _events(cycle) -> list[str]:
    return [entry.action for entry in entries_for(cycle)]


def test_planning_a_cycle_records_its_focus_themes_and_plan(personas):
    theme = make_improvement_theme("Voice of the child")

    cycle = services.plan_cycle(
        actor=personas.business_unit, year=2022, number=1, focus="  Hearing babies  ", focus_themes=[theme]
    )

    cycle.refresh_from_db()
    assert (cycle.label, cycle.focus, cycle.status) == ("Cycle 1 of 2022/23", "Hearing babies", S.PLANNED)
    assert list(cycle.focus_themes.all()) == [theme]
    assert _events(cycle) == ["learning.cycle.planned"]
    assert cycle.history.first().history_user == personas.business_unit


@pytest.mark.parametrize(
    ("number", "message"), [(4, "Select cycle 1, 2 or 3"), (1, "Cycle 1 of 2022/23 already exists")]
)
def test_a_cycle_number_must_be_one_to_three_and_unused(personas, number, message):
    make_cycle(year=2022, number=1)

    with pytest.raises(DomainError, match=message):
        services.plan_cycle(actor=personas.business_unit, year=2022, number=number, focus="Something")
    assert DeliveryCycle.objects.count() == 1


def test_the_plan_changes_only_before_endorsement_and_each_change_is_logged(personas):
    theme = make_improvement_theme()
    cycle = make_cycle(themes=[theme])

    services.change_plan(
        actor=personas.business_unit, cycle=cycle, focus="New focus", focus_themes=[theme], improvement_plan="Plan B"
    )
    cycle.refresh_from_db()
    assert (cycle.focus, cycle.improvement_plan) == ("New focus", "Plan B")
    [entry] = entries_for(cycle)
    assert entry.action == "learning.cycle.plan_changed"
    assert entry.data["changes"]["focus"] == {"before": "Focus of cycle 1", "after": "New focus"}

    endorsed = make_cycle(number=2, status=S.ENDORSED, themes=[theme])
    with pytest.raises(DomainError, match="endorsed by the Executive and can no longer be changed"):
        services.change_plan(
            actor=personas.business_unit, cycle=endorsed, focus="X", focus_themes=[theme], improvement_plan="Y"
        )


def test_endorsement_at_an_executive_meeting_moves_the_cycle_on(personas):
    cycle = make_cycle(themes=[make_improvement_theme()])
    meeting = make_executive_meeting(date(2022, 9, 21))

    services.endorse_cycle(actor=personas.business_unit, cycle=cycle, endorsed_on=date(2022, 9, 21), meeting=meeting)

    cycle.refresh_from_db()
    assert (cycle.status, cycle.endorsed_on, cycle.endorsement_meeting) == (S.ENDORSED, date(2022, 9, 21), meeting)
    assert _events(cycle) == ["learning.cycle.endorsed"]


@pytest.mark.parametrize(
    ("plan", "with_theme", "day", "message"),
    [
        ("", True, date(2022, 9, 21), "Write the improvement plan before it is endorsed"),
        ("A plan", False, date(2022, 9, 21), "Select the improvement themes the cycle serves"),
        ("A plan", True, date(2023, 3, 2), "The date of endorsement must be today or in the past"),
        ("A plan", True, date(2022, 9, 20), "The date of endorsement must be the date of the meeting"),
    ],
)
def test_endorsement_needs_a_written_plan_themes_and_the_right_date(personas, plan, with_theme, day, message):
    cycle = make_cycle(improvement_plan=plan, themes=[make_improvement_theme()] if with_theme else [])
    meeting = make_executive_meeting(date(2022, 9, 21))

    with pytest.raises(DomainError, match=message):
        services.endorse_cycle(actor=personas.business_unit, cycle=cycle, endorsed_on=day, meeting=meeting)
    cycle.refresh_from_db()
    assert cycle.status == S.PLANNED
    assert _events(cycle) == []


def test_endorsement_must_be_at_a_meeting_of_the_executive(personas):
    cycle = make_cycle(themes=[make_improvement_theme()])
    meeting = make_executive_meeting(date(2022, 9, 21))
    meeting.group.is_executive = False
    meeting.group.save()

    with pytest.raises(DomainError, match="Select a meeting of the Executive"):
        services.endorse_cycle(
            actor=personas.business_unit, cycle=cycle, endorsed_on=date(2022, 9, 21), meeting=meeting
        )


def test_impact_cannot_be_reviewed_before_the_executive_endorses_the_plan(personas):
    cycle = make_cycle(themes=[make_improvement_theme()])

    with pytest.raises(DomainError, match="cannot be reviewed before the Executive endorses its plan"):
        services.review_impact(
            actor=personas.business_unit, cycle=cycle, impact_review="It worked", reviewed_on=date(2023, 1, 5)
        )
    with pytest.raises(DomainError, match="must endorse the plan before delivery starts"):
        services.start_delivery(actor=personas.business_unit, cycle=cycle, started_on=date(2023, 1, 5))
    cycle.refresh_from_db()
    assert (cycle.status, cycle.reviewed_on, cycle.impact_review) == (S.PLANNED, None, "")


def test_delivery_then_review_completes_the_cycle(personas):
    cycle = make_cycle(status=S.ENDORSED)

    services.start_delivery(actor=personas.business_unit, cycle=cycle, started_on=date(2022, 10, 3))
    with pytest.raises(DomainError, match="on or after the date delivery started"):
        services.review_impact(
            actor=personas.business_unit, cycle=cycle, impact_review="Too early", reviewed_on=date(2022, 10, 1)
        )
    services.review_impact(
        actor=personas.business_unit, cycle=cycle, impact_review=" Records improved. ", reviewed_on=date(2023, 2, 1)
    )

    cycle.refresh_from_db()
    assert (cycle.status, cycle.delivery_started_on, cycle.reviewed_on) == (
        S.REVIEWED,
        date(2022, 10, 3),
        date(2023, 2, 1),
    )
    assert cycle.impact_review == "Records improved."
    assert _events(cycle) == ["learning.cycle.reviewed", "learning.cycle.delivery_started"]
    with pytest.raises(DomainError, match="has already been reviewed"):
        services.review_impact(
            actor=personas.business_unit, cycle=cycle, impact_review="Again", reviewed_on=date(2023, 2, 2)
        )


def test_delivery_cannot_start_before_endorsement_date_or_twice(personas):
    cycle = make_cycle(status=S.ENDORSED)

    with pytest.raises(DomainError, match="cannot start before the plan was endorsed"):
        services.start_delivery(actor=personas.business_unit, cycle=cycle, started_on=date(2022, 9, 1))
    services.start_delivery(actor=personas.business_unit, cycle=cycle, started_on=date(2022, 9, 15))
    with pytest.raises(DomainError, match="has already started"):
        services.start_delivery(actor=personas.business_unit, cycle=cycle, started_on=date(2022, 9, 16))
