"""The cycle pages: the business unit plans, endorses, starts and reviews cycles; readers read them."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from hub.learning.tests.themes.factories import make_cycle, make_executive_meeting, make_improvement_theme
from hub.learning.themes.models import DeliveryCycle
from hub.testing import assert_same_query_count

pytestmark = pytest.mark.django_db
S = DeliveryCycle.Status


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2023, 3, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


def test_the_business_unit_plans_a_cycle(personas, client_for):
    theme = make_improvement_theme("Voice of the child")
    client = client_for(personas.business_unit)

    response = client.post(
        reverse("learning:cycle-create"),
        {"year": "2022", "number": "2", "focus": "Escalating disagreement", "focus_themes": [theme.pk]},
    )

    cycle = DeliveryCycle.objects.get()
    assert response["Location"] == cycle.get_absolute_url()
    assert (cycle.year, cycle.number, cycle.focus) == (2022, 2, "Escalating disagreement")
    page = client.get(cycle.get_absolute_url()).content.decode()
    assert "Cycle 2 of 2022/23 planned" in page
    assert '<h1 class="govuk-heading-l">Escalating disagreement</h1>' in page
    assert "The plan has not been written yet." in page


def test_planning_errors_are_shown_on_the_form(personas, client_for):
    make_cycle(year=2022, number=1)

    page = (
        client_for(personas.business_unit)
        .post(reverse("learning:cycle-create"), {"year": "2022", "number": "1", "focus": ""})
        .content.decode()
    )

    assert "There is a problem" in page
    assert "Enter the focus of the cycle" in page
    assert DeliveryCycle.objects.count() == 1
    page = (
        client_for(personas.business_unit)
        .post(reverse("learning:cycle-create"), {"year": "2022", "number": "1", "focus": "Again"})
        .content.decode()
    )
    assert '<a href="#id_number_0">Cycle 1 of 2022/23 already exists</a>' in page


def test_endorsement_through_the_form_names_the_meeting(personas, client_for):
    cycle = make_cycle(themes=[make_improvement_theme()])
    meeting = make_executive_meeting(date(2022, 9, 21))
    client = client_for(personas.business_unit)
    form = client.get(reverse("learning:cycle-endorse", args=[cycle.uuid])).content.decode()
    assert "Safeguarding Executive, 21 September 2022" in form

    response = client.post(
        reverse("learning:cycle-endorse", args=[cycle.uuid]),
        {"meeting": meeting.pk, "endorsed_on_day": "21", "endorsed_on_month": "9", "endorsed_on_year": "2022"},
    )

    assert response["Location"] == cycle.get_absolute_url()
    cycle.refresh_from_db()
    assert (cycle.status, cycle.endorsement_meeting) == (S.ENDORSED, meeting)
    page = client.get(cycle.get_absolute_url()).content.decode()
    assert "21 September 2022</time>" in page
    assert "Improvement plan endorsed by the Executive" in page


def test_a_bad_date_is_explained_and_nothing_changes(personas, client_for):
    cycle = make_cycle(themes=[make_improvement_theme()])

    page = (
        client_for(personas.business_unit)
        .post(
            reverse("learning:cycle-endorse", args=[cycle.uuid]),
            {"endorsed_on_day": "31", "endorsed_on_month": "2", "endorsed_on_year": "2023"},
        )
        .content.decode()
    )

    assert "The date the Executive endorsed the plan must be a real date" in page
    cycle.refresh_from_db()
    assert cycle.status == S.PLANNED


def test_review_before_endorsement_sends_the_person_back_with_a_message(personas, client_for):
    cycle = make_cycle()
    client = client_for(personas.business_unit)

    response = client.post(
        reverse("learning:cycle-review", args=[cycle.uuid]),
        {"impact_review": "x", "reviewed_on_day": "1", "reviewed_on_month": "2", "reviewed_on_year": "2023"},
        follow=True,
    )

    assert "The Executive has not yet endorsed the plan for Cycle 1 of 2022/23" in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.status == S.PLANNED


def test_start_and_review_through_the_forms(personas, client_for):
    cycle = make_cycle(status=S.ENDORSED)
    client = client_for(personas.business_unit)

    client.post(
        reverse("learning:cycle-start", args=[cycle.uuid]),
        {"started_on_day": "3", "started_on_month": "10", "started_on_year": "2022"},
    )
    client.post(
        reverse("learning:cycle-review", args=[cycle.uuid]),
        {
            "impact_review": "Health visitors now record the routines of babies.",
            "reviewed_on_day": "1",
            "reviewed_on_month": "2",
            "reviewed_on_year": "2023",
        },
    )

    cycle.refresh_from_db()
    assert (cycle.status, cycle.delivery_started_on, cycle.reviewed_on) == (
        S.REVIEWED,
        date(2022, 10, 3),
        date(2023, 2, 1),
    )
    page = client.get(cycle.get_absolute_url()).content.decode()
    assert "Health visitors now record the routines of babies." in page
    assert reverse("learning:cycle-review", args=[cycle.uuid]) not in page


def test_change_plan_form_saves_a_planned_cycle_and_refuses_an_endorsed_one(personas, client_for):
    theme = make_improvement_theme()
    cycle = make_cycle(themes=[theme])
    client = client_for(personas.business_unit)

    client.post(
        reverse("learning:cycle-edit", args=[cycle.uuid]),
        {"focus": "Sharper focus", "focus_themes": [theme.pk], "improvement_plan": "Plan"},
    )
    cycle.refresh_from_db()
    assert (cycle.focus, cycle.improvement_plan) == ("Sharper focus", "Plan")

    endorsed = make_cycle(number=2, status=S.ENDORSED)
    response = client.get(reverse("learning:cycle-edit", args=[endorsed.uuid]))
    assert response["Location"] == endorsed.get_absolute_url()


def test_readers_see_the_cycles_without_the_workflow_buttons(personas, client_for):
    cycle = make_cycle(themes=[make_improvement_theme("Harmful sexual behaviour")])

    listing = client_for(personas.scrutineer).get(reverse("learning:cycle-list")).content.decode()
    page = client_for(personas.scrutineer).get(cycle.get_absolute_url()).content.decode()

    assert "2022/23" in listing and "Focus of cycle 1" in listing and "Harmful sexual behaviour" in listing
    assert reverse("learning:cycle-create") not in listing
    assert reverse("learning:cycle-endorse", args=[cycle.uuid]) not in page


def test_the_cycle_list_costs_the_same_queries_for_1_and_50_cycles(personas, client_for):
    theme = make_improvement_theme()

    def make_rows(count):
        start = DeliveryCycle.objects.count()
        for index in range(start, start + count):
            make_cycle(year=2000 + index // 3, number=index % 3 + 1, themes=[theme])

    response = assert_same_query_count(client_for(personas.executive), reverse("learning:cycle-list"), make_rows)

    assert response.content.decode().count("Focus of cycle") == 50
