"""The training report's figures: uptake, fill, attendance, evaluation, impact, demand and fees."""

from datetime import date
from decimal import Decimal

import pytest

from hub.core.models import Agency
from hub.core.periods import FinancialYear
from hub.core.registry import registry
from hub.core.reporting import ReportSection
from hub.testing import make_agency, make_user
from hub.training import reports
from hub.training.models import Booking, Charge, Evaluation, Event, ImpactRequest, ImpactResponse
from hub.training.tests.factories import (
    local_datetime,
    make_booking,
    make_course,
    make_course_waiting_list_entry,
    make_event,
)

pytestmark = pytest.mark.django_db

S = Booking.Status
YEAR = FinancialYear(2024)


@pytest.fixture
def programme(frozen_now):
    school = make_agency(name="Hilltop Primary", sector=Agency.Sector.EDUCATION)
    police = make_agency(name="Constabulary", sector=Agency.Sector.POLICE)
    neglect = make_course("Neglect toolkit", level=2, non_attendance_charge=Decimal("50"))
    leads = make_course("Safeguarding leads", level=4)
    june = make_event(neglect, starts_at=local_datetime(date(2024, 6, 4)), capacity=4)
    march = make_event(leads, starts_at=local_datetime(date(2025, 3, 3)), capacity=10)
    later = make_event(neglect, starts_at=local_datetime(date(2025, 5, 20)), capacity=5)  # next year
    attended = make_booking(june, make_user(agency=school), status=S.ATTENDED)
    make_booking(june, make_user(agency=school), status=S.PARTLY_ATTENDED)
    no_show = make_booking(june, make_user(agency=police), status=S.NO_SHOW)
    make_booking(june, make_user(agency=police), status=S.CANCELLED)
    make_booking(june, make_user(agency=police), status=S.WAITLISTED)
    make_booking(march, make_user(agency=police), status=S.CONFIRMED)
    make_booking(later, make_user(agency=police), status=S.CONFIRMED)
    make_course_waiting_list_entry(leads, make_user(agency=school))
    make_course_waiting_list_entry(leads, make_user(agency=police))
    Evaluation.objects.create(
        booking=attended,
        confidence_before=4,
        confidence_after=9,
        content_rating=5,
        trainer_rating=4,
        materials_rating=3,
        overall_rating=5,
        will_do_differently="Use the toolkit at every home visit.",
    )
    request = ImpactRequest.objects.create(
        booking=attended, due_on=date(2024, 9, 2), sent_at=local_datetime(date(2024, 9, 2))
    )
    ImpactResponse.objects.create(
        request=request, practice_change="I record daily life.", difference_for_children="Earlier help."
    )
    Charge.objects.create(booking=no_show, reason=Charge.Reason.NO_SHOW, amount=Decimal("50"), agency=police)
    return {"june": june, "march": march}


def figures_of(section: ReportSection) -> dict:
    return {figure.label: figure.value for figure in section.figures}


def test_fill_attendance_and_no_show_rates_count_the_years_events_only(programme):
    programme_section = reports.build(YEAR)[0]
    figures = figures_of(programme_section)
    assert figures["Courses run"] == 2
    assert figures["Places available"] == 14
    # June: attended, partly attended and the no-show took places; March: one confirmed.
    assert figures["Places taken"] == 4
    assert figures["Fill rate"] == Decimal("29")
    assert figures["People who attended"] == 2
    assert figures["Attendance rate"] == Decimal("67")
    assert figures["No-show rate"] == Decimal("33")
    assert figures["Training fees"] == Decimal("50.00")
    fill = programme_section.table("fill-course")
    assert fill.rows == [["Neglect toolkit", 2, 1, 4, 3, 75], ["Safeguarding leads", 4, 1, 10, 1, 10]]


def test_uptake_is_grouped_by_agency_sector_course_level_and_theme(programme):
    section = reports.build(YEAR)[0]
    by_agency = {row[0]: row for row in section.table("uptake-agency").rows}
    assert by_agency["Constabulary"][1:5] == [4, 2, 0, 1]
    assert by_agency["Hilltop Primary"][1:4] == [2, 2, 2]
    by_sector = {row[0] for row in section.table("uptake-sector").rows}
    assert by_sector == {"Education", "Police"}
    assert [row[0] for row in section.table("uptake-level").rows] == ["Level 2", "Level 4"]
    assert [row[0] for row in section.table("uptake-theme").rows] == ["No theme"]


def test_cancelled_events_are_not_counted_as_places_available(programme):
    programme["march"].status = Event.Status.CANCELLED
    programme["march"].cancelled_at = local_datetime(date(2025, 2, 1))
    programme["march"].save()
    figures = figures_of(reports.build(YEAR)[0])
    assert figures["Courses run"] == 1
    assert figures["Courses cancelled"] == 1
    assert figures["Places available"] == 4


def test_evaluation_section_uses_confidence_and_quality_averages(programme):
    evaluation = reports.build(YEAR)[1]
    figures = figures_of(evaluation)
    assert figures["Average confidence before (1 to 10)"] == Decimal("4.0")
    assert figures["Average confidence after (1 to 10)"] == Decimal("9.0")
    assert figures["Average confidence shift"] == Decimal("5.0")
    assert figures["Impact follow-ups answered"] == 1
    assert evaluation.table("quality-course").rows == [
        ["Neglect toolkit", 1, Decimal("5.0"), Decimal("4.0"), Decimal("3.0"), Decimal("5.0")]
    ]


def test_waiting_list_demand_is_shown_per_course_event_and_level(programme):
    demand = reports.build(YEAR)[2]
    assert demand.table("waiting-course").rows == [["Safeguarding leads", 2, 0, 2], ["Neglect toolkit", 0, 1, 1]]
    assert demand.table("waiting-event").rows == [["Neglect toolkit", "4 June 2024", 1]]
    assert demand.table("waiting-level").rows == [["Level 2", 0, 1, 1], ["Level 4", 2, 0, 2]]


def test_the_yearly_report_gets_the_training_sections_from_the_registry(programme):
    sections = registry.report_sections["training"]("2024-25")
    assert [section.slug for section in sections] == ["training.programme", "training.evaluation", "training.demand"]
    assert sections[0].as_dict()["figures"][0] == {"label": "Courses run", "value": 2, "unit": "", "previous": None}
