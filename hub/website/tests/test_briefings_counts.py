"""Counting 7-minute briefing use per briefing and per year, for the page and the yearly report."""

from __future__ import annotations

import datetime

import pytest

from hub.core.errors import DomainError
from hub.core.periods import FinancialYear
from hub.core.registry import registry
from hub.website.library import (
    briefing_use_counts,
    briefing_use_summary,
    briefing_use_totals,
    record_briefing_use,
)
from hub.website.models import BriefingUse, ResourceDownloadDay, ResourcePage
from hub.website.tests.factories import build_site, make_resource

pytestmark = pytest.mark.django_db
BRIEFING = ResourcePage.ResourceType.SEVEN_MINUTE_BRIEFING
YEAR = FinancialYear(2023)


@pytest.fixture
def library():
    return build_site().library


def _use(briefing, agency, *, team="Duty team", staff=10, on=datetime.date(2023, 9, 1)):
    return BriefingUse.objects.create(briefing=briefing, agency=agency, team=team, staff_count=staff, used_on=on)


def test_counts_give_uses_distinct_teams_and_staff_per_briefing_most_used_first(library, personas):
    harm = make_resource(library, title="Cumulative harm", resource_type=BRIEFING)
    neglect = make_resource(library, title="Neglect", resource_type=BRIEFING)
    _use(harm, personas.agency_a, team="Duty team", staff=10)
    _use(harm, personas.agency_a, team="duty team ", staff=8)
    _use(harm, personas.agency_b, team="Duty team", staff=4)
    _use(neglect, personas.agency_a, team="School nurses", staff=3)

    counts = briefing_use_counts(YEAR)

    assert [(row.briefing.title, row.uses, row.teams, row.staff) for row in counts] == [
        ("Cumulative harm", 3, 2, 22),
        ("Neglect", 1, 1, 3),
    ]


def test_only_uses_within_the_financial_year_count(library, personas):
    harm = make_resource(library, title="Cumulative harm", resource_type=BRIEFING)
    _use(harm, personas.agency_a, on=datetime.date(2023, 3, 31))
    _use(harm, personas.agency_a, on=datetime.date(2023, 4, 1), staff=6)
    _use(harm, personas.agency_a, on=datetime.date(2024, 3, 31), staff=2)
    _use(harm, personas.agency_a, on=datetime.date(2024, 4, 1))

    assert [(row.uses, row.staff) for row in briefing_use_counts(YEAR)] == [(2, 8)]
    assert briefing_use_totals(YEAR) == {"uses": 2, "teams": 1, "staff": 8}
    assert briefing_use_totals(FinancialYear(2019)) == {"uses": 0, "teams": 0, "staff": 0}


def test_a_team_using_two_briefings_counts_once_in_the_years_total(library, personas):
    harm = make_resource(library, title="Cumulative harm", resource_type=BRIEFING)
    neglect = make_resource(library, title="Neglect", resource_type=BRIEFING)
    _use(harm, personas.agency_a, team="Duty team", staff=5)
    _use(neglect, personas.agency_a, team="Duty team", staff=5)

    assert briefing_use_totals(YEAR) == {"uses": 2, "teams": 1, "staff": 10}


def test_the_summary_for_the_page_covers_this_year_and_all_time(library, personas):
    harm = make_resource(library, title="Cumulative harm", resource_type=BRIEFING)
    _use(harm, personas.agency_a, on=datetime.date(2022, 5, 1))
    _use(harm, personas.agency_b, on=datetime.date(2023, 5, 1), staff=7)

    summary = briefing_use_summary(harm, today=datetime.date(2023, 6, 1))

    assert (summary.year, summary.uses, summary.teams, summary.staff, summary.all_time_uses) == (YEAR, 1, 1, 7, 2)
    assert [use.used_on for use in summary.recent] == [datetime.date(2023, 5, 1), datetime.date(2022, 5, 1)]


def test_recording_refuses_what_is_not_a_published_briefing_or_an_open_agency(library, personas):
    guidance = make_resource(library, title="Guidance")
    briefing = make_resource(library, title="Briefing", resource_type=BRIEFING)
    personas.agency_c.is_active = False
    personas.agency_c.save()
    answers = {"team": "Duty team", "staff_count": 3, "used_on": datetime.date(2023, 5, 1)}

    with pytest.raises(DomainError, match="published 7-minute briefing"):
        record_briefing_use(briefing=guidance, agency=personas.agency_a, **answers)
    with pytest.raises(DomainError) as closed:
        record_briefing_use(briefing=briefing, agency=personas.agency_c, **answers)
    assert closed.value.field == "agency"
    assert not BriefingUse.objects.exists()


def test_the_yearly_report_gets_the_briefing_and_download_sections(library, personas):
    harm = make_resource(library, title="Cumulative harm", resource_type=BRIEFING)
    _use(harm, personas.agency_a, staff=9)
    ResourceDownloadDay.objects.create(resource=harm, day=datetime.date(2023, 10, 2), count=4)
    ResourceDownloadDay.objects.create(resource=harm, day=datetime.date(2024, 4, 2), count=50)

    sections = registry.report_sections["website"](YEAR)

    briefings, downloads = sections
    assert briefings["title"] == "7-minute briefings"
    assert {figure["label"]: figure["value"] for figure in briefings["figures"]} == {
        "Briefings used": 1,
        "Times a team used a briefing": 1,
        "Teams that used a briefing": 1,
        "Staff reached": 9,
    }
    assert briefings["tables"][0]["rows"] == [["Cumulative harm", 1, 1, 9]]
    assert downloads["figures"] == [{"label": "Resources downloaded", "value": 4}]
    assert downloads["tables"][0]["rows"] == [["Cumulative harm", "7-minute briefing", 4]]
