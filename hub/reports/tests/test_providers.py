"""The core and governance parts of the yearly report, worked out from their records."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from hub.core import reports as core_reports
from hub.core.models import Agency, PartnershipSettings
from hub.core.periods import FinancialYear
from hub.core.registry import registry
from hub.governance import reports as governance_reports
from hub.governance.models import Attendance, BudgetYear, Contribution, DevelopmentSession, Meeting
from hub.governance.tests.factories import make_group, make_meeting
from hub.testing import make_agency, make_user

pytestmark = pytest.mark.django_db

YEAR = FinancialYear(2021)


def _figures(section) -> dict:
    return {figure.label: (figure.value, figure.previous) for figure in section.figures}


def _by_slug(sections) -> dict:
    return {section.slug: section for section in sections}


def test_core_and_governance_are_registered_as_providers():
    assert registry.report_sections["core"] is core_reports.report_sections
    assert registry.report_sections["governance"] is governance_reports.report_sections


def test_the_partners_section_lists_the_statutory_partners_apart_from_the_other_agencies():
    make_agency("County Council", short_code="cc", sector=Agency.Sector.LOCAL_AUTHORITY, is_statutory_partner=True)
    make_agency("Constabulary", short_code="pol", sector=Agency.Sector.POLICE, is_statutory_partner=True)
    make_agency("Youth Charity", short_code="yc", sector=Agency.Sector.VOLUNTARY)
    make_agency("Old Agency", short_code="old", is_active=False)
    partners = _by_slug(core_reports.report_sections(YEAR))["core.partners"]
    assert _figures(partners) == {
        "Statutory safeguarding partners": (2, None),
        "Relevant agencies working with the partners": (1, None),
    }
    assert partners.table("statutory-partners").rows == [
        ["Constabulary", "Police"],
        ["County Council", "Local authority"],
    ]
    assert partners.table("relevant-agencies").rows == [["Youth Charity", "Voluntary and community"]]


def test_the_vision_and_values_come_from_the_partnership_settings():
    settings = PartnershipSettings.load()
    settings.vision = "Children grow up safe and happy."
    settings.values = "Listening, learning, acting together"
    settings.save()
    vision = _by_slug(core_reports.report_sections("2021-22"))["core.vision"]
    assert vision.statements == ["Children grow up safe and happy.", "Our values: Listening, learning, acting together"]


def test_without_a_vision_there_is_no_vision_section():
    settings = PartnershipSettings.load()
    settings.vision = settings.values = ""
    settings.save()
    assert "core.vision" not in _by_slug(core_reports.report_sections(YEAR))


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10))


def _held(group, day, statuses):
    meeting = make_meeting(group, starts_at=_at(day), status=Meeting.Status.HELD)
    for status in statuses:
        Attendance.objects.create(meeting=meeting, person=make_user(), status=status)
    return meeting


def test_groups_show_the_meetings_held_in_the_year_and_their_attendance():
    present, apologies, absent, deputy = (
        Attendance.Status.PRESENT,
        Attendance.Status.APOLOGIES,
        Attendance.Status.ABSENT,
        Attendance.Status.DEPUTY,
    )
    executive = make_group("Executive", short_name="EXEC", is_executive=True)
    panel = make_group("Performance and Learning Group", short_name="PLG")
    make_group("Concluded Group", active_to=date(2020, 3, 31))
    _held(executive, date(2021, 5, 10), [present, present, apologies, deputy])
    _held(executive, date(2022, 3, 31), [present, absent])
    _held(panel, date(2021, 9, 1), [present, present])
    _held(panel, date(2020, 9, 1), [present, absent])  # the year before
    make_meeting(panel, starts_at=_at(date(2021, 11, 1)), status=Meeting.Status.CANCELLED)
    make_meeting(panel, starts_at=_at(date(2022, 4, 1)), status=Meeting.Status.HELD)  # the year after

    groups = _by_slug(governance_reports.report_sections(YEAR))["governance.groups"]

    assert _figures(groups) == {
        "Groups of the partnership": (2, None),
        "Meetings held": (3, 1),
        "Attendance at meetings": (75, 50),  # 6 of 8 present or deputy; 1 of 2 the year before
    }
    assert groups.table("groups").rows == [
        ["Executive", "EXEC", "Quarterly", 2, 67],
        ["Performance and Learning Group", "PLG", "Quarterly", 1, 100],
    ]


def test_the_budget_lists_the_contributions_with_the_total_and_the_year_before():
    council = make_agency("County Council", short_code="cc")
    budget = BudgetYear.objects.create(start_year=2021, notes="Health's share includes the four trusts.")
    Contribution.objects.create(
        budget_year=budget, agency=council, label="County Council", amount=Decimal("191604"), order=1
    )
    Contribution.objects.create(budget_year=budget, label="Training fees", amount=Decimal("5000.50"), order=2)
    before = BudgetYear.objects.create(start_year=2020)
    Contribution.objects.create(budget_year=before, label="County Council", amount=Decimal("180000"), order=1)

    section = _by_slug(governance_reports.report_sections(YEAR))["governance.budget"]

    assert _figures(section) == {"Total budget": (Decimal("196604.50"), 180000)}
    assert section.figures[0].unit == "£"
    assert section.table("contributions").rows == [
        ["County Council", "£191,604"],
        ["Training fees", "£5,000.50"],
        ["Total", "£196,604.50"],
    ]
    assert section.statements == [
        "Partners and other sources contributed £196,604.50 to the partnership in 2021/22.",
        "Health's share includes the four trusts.",
    ]


def test_a_year_without_a_budget_or_sessions_has_only_the_groups_section():
    assert [section.slug for section in governance_reports.report_sections(YEAR)] == ["governance.groups"]


def test_development_sessions_of_the_year_are_listed_with_the_year_before_count():
    DevelopmentSession.objects.create(held_on=date(2021, 4, 21), topic="Signs of Safety", attendees_count=46)
    DevelopmentSession.objects.create(
        held_on=date(2021, 10, 13), topic="Harmful sexual behaviour", outcomes="A pathway"
    )
    DevelopmentSession.objects.create(held_on=date(2021, 3, 1), topic="Last year's session", attendees_count=30)

    section = _by_slug(governance_reports.report_sections(YEAR))["governance.development-sessions"]

    assert _figures(section) == {"Development sessions held": (2, 1), "People attending": (46, None)}
    assert section.table("sessions").rows == [
        ["21 April 2021", "Signs of Safety", 46, ""],
        ["13 October 2021", "Harmful sexual behaviour", "", "A pathway"],
    ]
