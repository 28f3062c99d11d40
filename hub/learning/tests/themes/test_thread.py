"""The learning thread, end to end: a finding's recommendation becomes an action, the action is
answered by a course and a 7-minute briefing, and the course's impact responses show on the
improvement theme's page and in the yearly report's "Achievements against our priorities"."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from hub.core.periods import FinancialYear
from hub.core.services import create_action
from hub.learning.tests.themes.factories import make_finding, make_improvement_theme, make_practice_theme
from hub.learning.themes.models import ImpactStatement
from hub.learning.themes.reports import sections
from hub.training.models import Booking, Evaluation, ImpactRequest, ImpactResponse
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event
from hub.website.models import BriefingUse, ResourcePage
from hub.website.tests.factories import build_site, make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2022, 3, 20, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


def test_a_findings_recommendation_is_traced_to_its_course_briefing_and_impact(personas, client_for):
    practice_theme = make_practice_theme("Management understanding", "management-decision-making")
    # The finding that started it; its audit is tagged with a different theme, so only the source links it.
    finding = make_finding("Dissenting views are not recorded")
    theme = make_improvement_theme(
        "Management understanding and decision making", practice_theme=practice_theme, slug="management"
    )
    theme.findings.add(finding)

    action = create_action(
        actor=personas.business_unit,
        title="Write standards for reflective discussion",
        owner_agency=personas.agency_a,
        due_on=date(2022, 1, 31),
        source=finding,
        source_label=finding.summary,
    )

    course = make_course("Reflective supervision for managers", slug="reflective-supervision")
    course.actions.add(action)
    briefing = make_resource(
        build_site().library,
        title="7-minute briefing: reflective supervision",
        resource_type=ResourcePage.ResourceType.SEVEN_MINUTE_BRIEFING,
    )
    briefing.actions.add(action)
    briefing.save_revision().publish()
    BriefingUse.objects.create(
        briefing=briefing, agency=personas.agency_a, team="North locality", staff_count=9, used_on=date(2021, 11, 2)
    )

    event = make_event(course, starts_at=local_datetime(date(2021, 7, 5)))
    for number in range(3):
        booking = make_booking(event, status=Booking.Status.ATTENDED)
        Evaluation.objects.create(
            booking=booking,
            confidence_before=4,
            confidence_after=8,
            content_rating=5,
            trainer_rating=5,
            materials_rating=5,
            overall_rating=5,
            will_do_differently="Record dissent.",
        )
        request = ImpactRequest.objects.create(
            booking=booking, due_on=date(2021, 10, 5), sent_at=timezone.now() - timedelta(days=100)
        )
        if number < 2:
            ImpactResponse.objects.create(
                request=request,
                practice_change="I now write down when a colleague disagrees and why.",
                difference_for_children="Decisions are explained to families.",
                chosen_for_report=number == 0,
            )
    ImpactStatement.objects.create(
        theme=theme,
        statement="Managers record dissent in supervision.",
        year=2021,
        evidence_kind=ImpactStatement.EvidenceKind.TRAINING,
        action=action,
    )

    page = client_for(personas.executive).get(theme.get_absolute_url()).content.decode()

    why, done, changed = page.split('id="why"')[1], page.split('id="done"')[1], page.split('id="changed"')[1]
    assert "Dissenting views are not recorded" in why.split('id="done"')[0]
    done = done.split('id="changed"')[0]
    assert f"{action.reference}: Write standards for reflective discussion" in done
    assert "Recommendation of the finding “Dissenting views are not recorded”" in done
    assert '<a class="govuk-link" href="/training/courses/reflective-supervision/">Reflective supervision' in done
    assert "7-minute briefing: reflective supervision</a>" in done
    assert "Managers record dissent in supervision." in changed
    assert "2 impact follow-ups answered of 3 sent (67%)" in changed
    assert "average confidence rose from 4.0 to 8.0 out of 10" in changed
    assert "In a practitioner&#x27;s words: “I now write down when a colleague disagrees and why.”" in changed
    assert "Used 1 time by 1 team, reaching 9 staff" in changed
    # Shown once, as the statement's evidence, not again in a list of other outputs.
    assert changed.count("2 impact follow-ups answered of 3 sent (67%)") == 1
    assert "Reach and impact of other courses and briefings" not in changed

    [section] = sections(FinancialYear(2021))
    assert section.title == "Achievements against our priorities"
    activity = section.table("management-activity")
    assert [
        f"Action {action.reference}: Write standards for reflective discussion",
        "Not started",
        "Due January 2022",
    ] in (activity.rows)
    impact = section.table("management-impact")
    [[statement, evidence]] = impact.rows
    assert statement == "Managers record dissent in supervision."
    assert "Course Reflective supervision for managers: 3 people attended in 2021/22" in evidence
    assert "2 impact follow-ups answered of 3 sent (67%)" in evidence
    outputs = section.table("management-outputs")
    assert outputs.rows[1][:2] == ["Course", "Reflective supervision for managers"]
    assert "2 impact follow-ups answered of 3 sent (67%)" in outputs.rows[1][2]
    assert outputs.rows[0][:2] == ["7-minute briefing", "7-minute briefing: reflective supervision"]
    assert outputs.rows[0][2] == "Used 1 time in 2021/22 by 1 team, reaching 9 staff"

    # A year with no runs of the course reports none of these figures.
    [later] = sections(FinancialYear(2022))
    assert "Nobody attended in 2022/23" in later.table("management-outputs").rows[1][2]
