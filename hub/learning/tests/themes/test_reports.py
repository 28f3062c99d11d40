"""The yearly report's "Achievements against our priorities"."""

from __future__ import annotations

from datetime import date

import pytest

from hub.core.periods import FinancialYear
from hub.learning.reports import report_sections
from hub.learning.tests.themes.factories import make_cycle, make_improvement_theme
from hub.learning.themes.models import ImpactStatement, ImprovementActivity, ImprovementTheme
from hub.learning.themes.reports import sections

pytestmark = pytest.mark.django_db
YEAR = FinancialYear(2021)


def test_each_theme_reports_the_years_activity_and_difference():
    theme = make_improvement_theme("Harmful sexual behaviour", slug="hsb")
    ImprovementActivity.objects.create(
        theme=theme,
        title="Communications plan",
        status="completed",
        starts_on=date(2021, 9, 6),
        ends_on=date(2021, 11, 26),
    )
    ImprovementActivity.objects.create(
        theme=theme, title="Last year's work", starts_on=date(2019, 4, 1), ends_on=date(2020, 3, 1)
    )
    ImpactStatement.objects.create(
        theme=theme, statement="Referrals rose to 152.", year=2021, evidence_kind="other", evidence="Pathway counts."
    )
    ImpactStatement.objects.create(theme=theme, statement="Older news.", year=2020, evidence_kind="other", evidence="x")
    make_improvement_theme("Proposed", status=ImprovementTheme.Status.PROPOSED)
    make_improvement_theme("Later", first_year=2022)

    [section] = sections(YEAR)

    assert section.title == "Achievements against our priorities"
    assert [(f.label, f.value) for f in section.figures] == [
        ("Practice improvement themes", 1),
        ("Activities completed", 1),
        ("Impact statements", 1),
        ("Improvement Delivery Group cycles", 0),
    ]
    assert section.table("hsb-activity").rows == [
        ["Communications plan", "Completed", "September 2021 to November 2021"]
    ]
    assert section.table("hsb-impact").rows == [["Referrals rose to 152.", "Other evidence. Pathway counts."]]
    assert "Harmful sexual behaviour: what made the difference" in section.narrative_slots
    assert section in report_sections(YEAR)


def test_the_years_cycles_are_listed():
    theme = make_improvement_theme("Voice of the child")
    make_cycle(year=2022, number=1, status="reviewed", themes=[theme], focus="Hearing babies")
    make_cycle(year=2022, number=2, focus="Escalation")
    make_cycle(year=2021, number=3)

    [section] = sections(FinancialYear(2022))

    assert section.table("delivery-cycles").rows == [
        ["Cycle 1", "Hearing babies", "Voice of the child", "Impact reviewed", "15 September 2022", "1 February 2023"],
        ["Cycle 2", "Escalation", "", "Planned", "Not yet", "Not yet"],
    ]


def test_a_year_with_nothing_has_no_section():
    assert sections(FinancialYear(2015)) == []
