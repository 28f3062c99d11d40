"""Dashboards, indicator pages, exception reports, reminders and the yearly report's sections."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from hub.core.periods import FinancialYear
from hub.scorecards import jobs, reports
from hub.scorecards.analysis import build_series
from hub.scorecards.exceptions import generate_exception_report
from hub.scorecards.models import (
    ChangePoint,
    ExceptionEntry,
    KeyFigure,
    KeyFigureSet,
    Polarity,
    ReminderSent,
    Return,
    ReturnUpload,
    ScorecardSettings,
)
from hub.scorecards.services import versions_in_force
from hub.scorecards.tests.conftest import add_indicator, add_quarter, approve_values
from hub.testing import sign_in

# Missing episodes: steady around 100, then a spike in the latest quarter (a point beyond the
# upper process limit: concerning, because lower is better).
STEADY = [100, 104, 98, 101, 97, 103, 99, 102, 100, 98, 101, 99, 103, 97]
SPIKE = 160


@pytest.fixture
def history(personas):
    episodes = add_indicator("MIS-01", personas.agency_a, name="Missing episodes", polarity=Polarity.LOWER)
    shared = add_indicator("ICN-01", personas.agency_a, unit="percentage", name="ICON coverage", target=Decimal(95))
    shared.current_version().reporting_agencies.set([personas.agency_a, personas.agency_b])
    periods = []
    year, number = 2019, 1
    for _ in range(len(STEADY) + 1):
        periods.append(add_quarter(year, number))
        number += 1
        if number == 5:
            year, number = year + 1, 1
    for position, period in enumerate(periods):
        value = SPIKE if position == len(STEADY) else STEADY[position]
        approve_values(personas.agency_a, period, {episodes: (value, None), shared: (80 + position % 2, 100)})
        approve_values(personas.agency_b, period, {shared: (60, 100)})
    return {"episodes": episodes, "shared": shared, "periods": periods}


def test_a_spike_is_reported_as_concerning_special_cause(history):
    versions = versions_in_force(history["periods"][-1].year)
    series = build_series(versions, history["periods"])
    episodes = next(item for item in series if item.indicator.code == "MIS-01")
    latest = episodes.analysis.points[-1]
    assert latest.value == SPIKE
    assert latest.variation.is_concern
    assert episodes.direction_of_travel == "up"
    assert episodes.travel_is_better is False


def test_the_partnership_series_adds_numerators_and_denominators(history):
    versions = [version for version in versions_in_force(2022) if version.indicator.code == "ICN-01"]
    series = build_series(versions, history["periods"])
    partnership = next(item for item in series if item.agency is None)
    # Agency A 80 or 81 of 100, agency B 60 of 100: the partnership is 140 (or 141) of 200.
    assert partnership.values[0] == Decimal("70.0")
    assert partnership.values[1] == Decimal("70.5")
    assert {item.scope_label for item in series} == {"Agency A", "Agency B", "Partnership"}


def test_drafts_and_submitted_returns_never_move_a_chart(personas, history):
    period = add_quarter(2023, 1)
    scorecard_return = Return.objects.create(agency=personas.agency_a, period=period, status=Return.Status.SUBMITTED)
    scorecard_return.values.create(indicator=history["episodes"], numerator=999, value=999)
    series = build_series(versions_in_force(2023), [*history["periods"], period])
    episodes = next(item for item in series if item.indicator.code == "MIS-01")
    assert episodes.values[-1] is None


def test_a_recorded_change_point_starts_new_limits(personas, history):
    ChangePoint.objects.create(
        indicator=history["episodes"], period=history["periods"][7], reason="New recording system."
    )
    series = build_series(versions_in_force(2022), history["periods"])
    episodes = next(item for item in series if item.indicator.code == "MIS-01")
    assert len(episodes.analysis.segments) == 2
    assert episodes.analysis.segments[1].start == 7


def test_the_exception_report_lists_concerns_targets_and_missing_returns(personas, history):
    report = generate_exception_report(period=history["periods"][-1])
    entries = {
        (entry.kind, entry.indicator.code if entry.indicator else entry.agency.name) for entry in report.entries.all()
    }
    assert (ExceptionEntry.Kind.CONCERN, "MIS-01") in entries
    # 60% against a target of 95%: consistently failing, for agency B and the partnership.
    assert (ExceptionEntry.Kind.TARGET, "ICN-01") in entries
    concern = report.entries.get(kind=ExceptionEntry.Kind.CONCERN, indicator=history["episodes"])
    assert 'role="img"' in concern.chart_svg
    assert concern.chart_summary
    assert concern.table[-1]["value"] == SPIKE


def test_a_missing_return_is_an_exception(personas, history):
    period = add_quarter(2023, 1)
    approve_values(personas.agency_b, period, {history["shared"]: (60, 100)})
    report = generate_exception_report(period=period)
    missing = report.entries.filter(kind=ExceptionEntry.Kind.MISSING)
    assert [entry.agency for entry in missing] == [personas.agency_a]


def test_regenerating_keeps_the_business_units_analysis(personas, history):
    report = generate_exception_report(period=history["periods"][-1])
    entry = report.entries.get(kind=ExceptionEntry.Kind.CONCERN)
    entry.analysis = "Linked to two children placed out of area."
    entry.save()
    report = generate_exception_report(period=history["periods"][-1])
    assert report.entries.get(kind=ExceptionEntry.Kind.CONCERN).analysis == "Linked to two children placed out of area."


@pytest.mark.parametrize("persona", ["business_unit", "executive", "scrutineer"])
def test_partnership_readers_see_dashboards_and_reports(client, personas, history, persona):
    generate_exception_report(period=history["periods"][-1])
    sign_in(client, getattr(personas, persona))
    dashboard = client.get(reverse("scorecards:dashboard"))
    assert dashboard.status_code == 200
    assert "MIS-01 Missing episodes" in dashboard.content.decode()
    assert "Special cause variation" in dashboard.content.decode()
    key = history["periods"][-1].key
    assert client.get(reverse("scorecards:exception-report", args=[key])).status_code == 200
    assert client.get(reverse("scorecards:indicator", args=["MIS-01"])).status_code == 200


def test_a_spoc_sees_their_own_agency_only(client, personas, history):
    sign_in(client, personas.spoc_b)
    page = client.get(reverse("scorecards:dashboard") + "?agency=aga").content.decode()
    assert "MIS-01" not in page
    assert "ICN-01" in page
    assert client.get(reverse("scorecards:indicator", args=["MIS-01"])).status_code == 404
    assert client.get(reverse("scorecards:exception-reports")).status_code == 404


def test_members_of_the_performance_group_see_the_dashboard(client, personas, history):
    from hub.governance.models import Group, Membership

    group = Group.objects.create(name="Performance and Learning Group", slug="plg", short_name="PLG", purpose="x")
    settings = ScorecardSettings.load()
    settings.performance_group = group
    settings.save()
    sign_in(client, personas.practitioner)
    assert client.get(reverse("scorecards:dashboard")).status_code == 404
    Membership.objects.create(group=group, person=personas.practitioner, started_on=date(2020, 1, 1))
    assert client.get(reverse("scorecards:dashboard")).status_code == 200


@pytest.mark.parametrize("persona", ["practitioner", "manager", "outsider"])
def test_others_are_refused(client, personas, history, persona):
    generate_exception_report(period=history["periods"][-1])
    sign_in(client, getattr(personas, persona))
    key = history["periods"][-1].key
    for url in (
        reverse("scorecards:dashboard"),
        reverse("scorecards:indicator", args=["MIS-01"]),
        reverse("scorecards:exception-reports"),
        reverse("scorecards:exception-report", args=[key]),
        reverse("scorecards:exception-report-pdf", args=[key]),
    ):
        assert client.get(url).status_code == 404, url


def test_the_report_downloads_as_a_pdf(client, personas, history):
    generate_exception_report(period=history["periods"][-1])
    sign_in(client, personas.executive)
    response = client.get(reverse("scorecards:exception-report-pdf", args=[history["periods"][-1].key]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_only_the_business_unit_generates_and_writes_analysis(client, personas, history):
    key = history["periods"][-1].key
    sign_in(client, personas.executive)
    assert client.post(reverse("scorecards:exception-report-generate", args=[key])).status_code == 404
    sign_in(client, personas.business_unit)
    assert client.post(reverse("scorecards:exception-report-generate", args=[key])).status_code == 302
    entry = ExceptionEntry.objects.filter(kind=ExceptionEntry.Kind.CONCERN).get()
    response = client.post(reverse("scorecards:exception-entry", args=[entry.uuid]), {"analysis": "Two placements."})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.analysis == "Two placements."
    sign_in(client, personas.executive)
    assert client.get(reverse("scorecards:exception-entry", args=[entry.uuid])).status_code == 404


def test_dashboard_queries_do_not_grow_with_the_number_of_indicators(
    client, personas, history, django_assert_max_num_queries
):
    sign_in(client, personas.business_unit)
    client.get(reverse("scorecards:dashboard"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("scorecards:dashboard"))
    for number in range(10):
        indicator = add_indicator(f"EXTRA-{number}", personas.agency_a, name=f"Extra {number}")
        approve = history["periods"][-1].returns.get(agency=personas.agency_a)
        approve.values.create(indicator=indicator, numerator=number, value=number)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("scorecards:dashboard"))
    assert len(many.captured_queries) == len(few.captured_queries)


# Reminders ------------------------------------------------------------------------------------


def test_reminders_go_once_before_the_deadline_and_once_when_overdue(personas, scorecard, time_machine):
    period = scorecard["period"]  # Q4 2022/23, due 12 May 2023
    time_machine.move_to(datetime(2023, 5, 8, 9, 0, tzinfo=UTC), tick=False)
    assert jobs.send_reminders(log=lambda line: None) == 2
    assert sorted(message.to[0] for message in mail.outbox) == [personas.spoc_a.email, personas.spoc_b.email]
    assert "due 12 May 2023" in mail.outbox[0].subject
    assert jobs.send_reminders(log=lambda line: None) == 0

    Return.objects.create(agency=personas.agency_b, period=period, status=Return.Status.SUBMITTED)
    mail.outbox.clear()
    time_machine.move_to(datetime(2023, 5, 15, 9, 0, tzinfo=UTC), tick=False)
    assert jobs.send_reminders(log=lambda line: None) == 1
    assert mail.outbox[0].to == [personas.spoc_a.email]
    assert mail.outbox[0].subject.startswith("Overdue:")
    assert ReminderSent.objects.count() == 3


def test_unconfirmed_uploads_are_deleted_after_a_week(personas, scorecard, time_machine):
    time_machine.move_to(datetime(2023, 4, 20, 9, 0, tzinfo=UTC), tick=False)
    scorecard_return = Return.objects.create(agency=personas.agency_a, period=scorecard["period"])
    ReturnUpload.objects.create(scorecard_return=scorecard_return, filename="a.xlsx", digest="x", content=b"x")
    assert jobs.clear_unconfirmed_uploads(log=lambda line: None) == 0
    time_machine.move_to(datetime(2023, 4, 28, 9, 0, tzinfo=UTC), tick=False)
    assert jobs.clear_unconfirmed_uploads(log=lambda line: None) == 1


# The yearly report ----------------------------------------------------------------------------------


def test_report_sections_give_key_figures_headlines_and_programme_targets(personas, history):
    history["episodes"].versions.update(headline=True)
    figure_set = KeyFigureSet.objects.create(slug="population", title="Children in the area", as_at=date(2022, 3, 31))
    KeyFigure.objects.create(figure_set=figure_set, group="Population", label="Children under 18", value=101979)
    settings = ScorecardSettings.load()
    settings.icon_indicator = history["shared"]
    settings.save()
    sections = {section.slug: section for section in reports.report_sections(FinancialYear(2022))}
    assert sections["scorecards-key-figures"].tables[0].rows[0][2] == Decimal(101979)
    headlines = sections["scorecards-headlines"].table("headlines").rows
    assert [row[0] for row in headlines] == ["MIS-01"]
    assert headlines[0][2] == "160"
    icon = sections["scorecards-icon"].table("icon").rows
    assert ["Agency B", "60.0%"] in icon
    assert "MIS-01" in reports.headline_charts("2022-23")


def test_a_years_total_needs_a_value_for_each_of_its_four_quarters():
    from types import SimpleNamespace

    quarters = [
        SimpleNamespace(start=start, end=end)
        for start, end in [
            (date(2021, 1, 1), date(2021, 3, 31)),
            (date(2021, 4, 1), date(2021, 6, 30)),
            (date(2021, 7, 1), date(2021, 9, 30)),
            (date(2021, 10, 1), date(2021, 12, 31)),
            (date(2022, 1, 1), date(2022, 3, 31)),
        ]
    ]
    series = SimpleNamespace(periods=quarters, values=[Decimal(9), Decimal(34), Decimal(37), Decimal(39), Decimal(42)])
    assert reports._year_total(series, FinancialYear(2021)) == 152
    assert reports._year_total(series, FinancialYear(2020)) is None  # one quarter of it only
    series.values[2] = None
    assert reports._year_total(series, FinancialYear(2021)) is None


# Tabling the report at a meeting -------------------------------------------------------------------


@pytest.fixture
def plg_meeting(personas, history):
    from hub.governance.models import Group
    from hub.governance.tests.factories import make_meeting

    group = Group.objects.create(name="Performance and Learning Group", slug="plg", short_name="PLG", purpose="x")
    settings = ScorecardSettings.load()
    settings.performance_group = group
    settings.save()
    return make_meeting(group, starts_at=datetime(2023, 2, 15, 10, 0, tzinfo=UTC))


def test_the_business_unit_adds_the_report_to_a_meeting_as_a_paper(client, personas, history, plg_meeting):
    from hub.governance.models import Paper

    key = history["periods"][-1].key
    generate_exception_report(period=history["periods"][-1])
    sign_in(client, personas.business_unit)
    url = reverse("scorecards:exception-report-table", args=[key])
    page = client.get(url).content.decode()
    assert str(plg_meeting.uuid) in page
    response = client.post(url, {})
    assert response.status_code == 400
    assert "Select the meeting to add the report to" in response.content.decode()
    response = client.post(url, {"meeting": str(plg_meeting.uuid)})
    assert response.status_code == 302
    paper = Paper.objects.get(meeting=plg_meeting)
    assert paper.title == f"Performance exception report, {history['periods'][-1].label}"
    assert paper.content_type == "application/pdf"
    assert paper.file.read(5) == b"%PDF-"


def test_group_readers_cannot_add_papers(client, personas, history, plg_meeting):
    key = history["periods"][-1].key
    generate_exception_report(period=history["periods"][-1])
    sign_in(client, personas.executive)
    url = reverse("scorecards:exception-report-table", args=[key])
    assert client.get(url).status_code == 404
    assert client.post(url, {"meeting": str(plg_meeting.uuid)}).status_code == 404


def test_early_help_outcomes_add_the_years_quarters_against_the_annual_target(personas):
    outcomes = add_indicator("EH-SF", personas.agency_a, name="Supporting Families outcomes")
    outcomes.versions.update(annual_target=761, target=190)
    quarters = [add_quarter(2021, number) for number in (1, 2, 3, 4)]
    for quarter, value in zip(quarters, (230, 245, 251, 269), strict=True):
        approve_values(personas.agency_a, quarter, {outcomes: (value, None)})
    settings = ScorecardSettings.load()
    settings.supporting_families_indicator = outcomes
    settings.save()
    section = next(item for item in reports.report_sections("2021-22") if item.slug == "scorecards-early-help")
    assert [(figure.label, figure.value) for figure in section.figures] == [
        ("Supporting Families successful outcomes", 995),
        ("Government target", 761),
    ]
