"""A small scorecard for the workflow tests: agency A reports two indicators, agency B one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hub.scorecards.models import Indicator, IndicatorVersion, Polarity, ReportingPeriod, Return, ReturnValue


def add_indicator(code, agency, *, unit="count", polarity=Polarity.HIGHER, year=2018, **fields) -> Indicator:
    indicator = Indicator.objects.create(code=code)
    IndicatorVersion.objects.create(
        indicator=indicator,
        year=year,
        name=fields.pop("name", f"Indicator {code}"),
        definition=fields.pop("definition", f"What {code} counts."),
        numerator_definition=fields.pop("numerator_definition", "Children seen"),
        denominator_definition=fields.pop(
            "denominator_definition", "" if unit == "count" else "Children who should have been seen"
        ),
        unit=unit,
        polarity=polarity,
        agency=agency,
        **fields,
    )
    return indicator


def add_quarter(year: int, number: int) -> ReportingPeriod:
    start_month = 4 + (number - 1) * 3
    start_year = year if start_month <= 12 else year + 1
    start_month = start_month if start_month <= 12 else start_month - 12
    start = date(start_year, start_month, 1)
    end_month = start_month + 2
    end = date(start_year, end_month + 1, 1) if end_month < 12 else date(start_year + 1, 1, 1)
    end = date.fromordinal(end.toordinal() - 1)
    label = f"Q{number} {year}/{(year + 1) % 100:02d}"
    key = f"{year}-{(year + 1) % 100:02d}-q{number}"
    deadline = date.fromordinal(end.toordinal() + 42)
    return ReportingPeriod.objects.create(key=key, label=label, start=start, end=end, deadline=deadline)


def approve_values(agency, period, values: dict[Indicator, tuple]) -> Return:
    scorecard_return = Return.objects.create(agency=agency, period=period, status=Return.Status.APPROVED)
    for indicator, (numerator, denominator) in values.items():
        version = indicator.current_version()
        value = (
            numerator
            if version.unit == "count"
            else (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"))
        )
        ReturnValue.objects.create(
            scorecard_return=scorecard_return,
            indicator=indicator,
            numerator=numerator,
            denominator=denominator,
            value=value,
        )
    return scorecard_return


@pytest.fixture
def scorecard(personas):
    contacts = add_indicator("T-01", personas.agency_a, name="Contacts", polarity=Polarity.INFORMATION)
    visits = add_indicator(
        "T-02",
        personas.agency_a,
        unit="percentage",
        name="Visits on time",
        target=Decimal(90),
        change_factor=Decimal("1.5"),
    )
    arrests = add_indicator("T-03", personas.agency_b, name="Notifications to schools")
    previous = add_quarter(2022, 3)
    period = add_quarter(2022, 4)
    approve_values(personas.agency_a, previous, {contacts: (100, None), visits: (40, 50)})
    return {"contacts": contacts, "visits": visits, "arrests": arrests, "previous": previous, "period": period}
