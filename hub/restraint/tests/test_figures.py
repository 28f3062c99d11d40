"""The year's figures and the sentence the report uses, checked against the seed's numbers from the
demo data, and the demo itself."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from hub.core.periods import FinancialYear
from hub.restraint import demo, figures
from hub.restraint.models import Incident, ScrutinySession
from hub.restraint.tests.factories import make_home, make_incident

SEED_YEAR = FinancialYear(2021)


@pytest.fixture
def demo_home(db):
    home = make_home("Aycliffe Secure Centre", demo.HOME)
    demo.load(lambda line: None)
    return home


def test_the_demo_year_has_the_seeds_figures(demo_home):
    result = figures.figures_for(Incident.objects.all(), SEED_YEAR.start, SEED_YEAR.end)
    assert result.incidents == 408
    assert result.injured == 117
    assert result.share_no_injury == 71
    assert result.share_of_injuries_at_level_1 == 96
    assert result.level(3) == 1
    assert figures.statement(result, SEED_YEAR.label) == (
        "Of the 408 incidents of restraint recorded in 2021/22, 71% caused no injury at all; 117 resulted in "
        "injury, of which 96% were at level 1, 4 at level 2 and only 1 at level 3, the most serious."
    )


def test_the_demo_has_three_earlier_years_and_monthly_sessions(demo_home):
    for start_year in (2018, 2019, 2020):
        year = FinancialYear(start_year)
        assert 350 < figures.figures_for(Incident.objects.all(), year.start, year.end).incidents < 500
    sessions = ScrutinySession.objects.filter(held_on__gte=SEED_YEAR.start, held_on__lte=SEED_YEAR.end)
    assert sessions.count() == 12
    assert all(session.current_sample.items.count() >= 6 for session in sessions)
    assert ScrutinySession.objects.filter(status="planned").count() == 1


def test_loading_the_demo_again_writes_nothing(demo_home):
    incidents, sessions = Incident.objects.count(), ScrutinySession.objects.count()
    lines = []
    demo.load(lines.append)
    assert (Incident.objects.count(), ScrutinySession.objects.count()) == (incidents, sessions)
    assert "(0 new)" in lines[0]


def test_the_demo_draws_repeat_from_their_seeds(demo_home):
    from hub.restraint.services import verify_sample

    for session in ScrutinySession.objects.order_by("held_on")[:6]:
        check = verify_sample(session.current_sample)
        assert check.population_matches and check.selection_matches


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        ({0: 5}, "Of the 5 incidents of restraint recorded in 2022/23, 100% caused no injury at all."),
        (
            {0: 1, 1: 1},
            "Of the 2 incidents of restraint recorded in 2022/23, 50% caused no injury at all; 1 resulted in "
            "injury, of which 100% were at level 1, none at level 3, the most serious.",
        ),
        ({}, "No incidents of restraint were recorded in 2022/23."),
    ],
)
def test_the_statement_reads_well_for_small_years(levels, expected):
    result = figures.Figures(incidents=sum(levels.values()), by_level=levels)
    assert figures.statement(result, "2022/23") == expected


def test_percentages_round_half_up():
    assert figures.percent(291, 408) == 71
    assert figures.percent(112, 117) == 96
    assert figures.percent(1, 8) == 13
    assert figures.percent(1, 0) is None


def test_repeat_incidents_and_months_are_counted_per_young_person(db):
    home = make_home()
    for day, person in ((1, "YP-1"), (2, "YP-1"), (3, "YP-2"), (20, "YP-1")):
        make_incident(
            home, when=timezone.make_aware(datetime(2022, 4, day, 10, 0)), young_person=person, injury=day % 2
        )
    make_incident(home, when=timezone.make_aware(datetime(2022, 5, 2, 10, 0)), young_person="YP-3")
    year = FinancialYear(2022)
    result = figures.figures_for(Incident.objects.all(), year.start, year.end)
    assert (result.incidents, result.young_people, result.repeat_young_people, result.most_for_one_young_person) == (
        5,
        3,
        1,
        3,
    )
    assert result.per_young_person == 1.7
    april, may = figures.monthly(Incident.objects.all(), year.start, year.end)[:2]
    assert (april.figures.incidents, april.figures.young_people, april.figures.repeat_young_people) == (4, 2, 1)
    assert (may.label, may.figures.incidents) == ("May 2022", 1)
