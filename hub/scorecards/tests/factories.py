"""Builders for scorecard tests: indicators with a definition, reporting periods and returns.

Each builder makes the least a test needs and takes keyword arguments for anything else, so a
test says only what matters to it::

    indicator = make_indicator("CSC-01", agency_a, unit="percentage", denominator_definition="Referrals")
    period = make_period()  # Q4 2022/23, due 30 April 2023
    scorecard_return = make_return(agency_a, period)
"""

from __future__ import annotations

from datetime import date

from hub.core.models import Agency
from hub.scorecards.models import Frequency, Indicator, IndicatorVersion, ReportingPeriod, Return


def make_indicator(
    code: str,
    agency: Agency,
    unit: str = "count",
    polarity: str = "higher",
    *,
    year: int = 2018,
    reporting_agencies: list[Agency] | tuple[Agency, ...] = (),
    themes=(),
    **version_fields,
) -> Indicator:
    """An active indicator with one definition in force from ``year`` (2018/19 by default).

    Percentages and rates get a denominator definition unless one is given. ``reporting_agencies``
    left empty means only ``agency``, the responsible agency, reports it.
    """
    indicator = Indicator.objects.create(code=code)
    version_fields.setdefault("name", f"Indicator {code}")
    version_fields.setdefault("definition", f"The definition of {code}.")
    version_fields.setdefault("numerator_definition", "Number of children")
    if unit != "count":
        version_fields.setdefault("denominator_definition", "Number of children in the cohort")
    version = IndicatorVersion.objects.create(
        indicator=indicator, year=year, unit=unit, polarity=polarity, agency=agency, **version_fields
    )
    if reporting_agencies:
        version.reporting_agencies.set(reporting_agencies)
    if themes:
        version.themes.set(themes)
    return indicator


def make_period(
    key: str = "2022-23-q4",
    start: date | None = None,
    end: date | None = None,
    deadline: date | None = None,
    *,
    frequency: str = Frequency.QUARTERLY,
    label: str | None = None,
) -> ReportingPeriod:
    """A reporting period; a quarterly key like ``2022-23-q4`` gives its dates and label when not passed.

    The deadline defaults to a month after the period ends.
    """
    if start is None or end is None or label is None:
        year_part, _, quarter_part = key.rpartition("-")
        first_year = int(year_part[:4])
        quarter = int(quarter_part[1:]) if quarter_part[:1] == "q" and quarter_part[1:].isdigit() else 1
        start_month = 4 + (quarter - 1) * 3
        default_start = date(first_year + (start_month - 1) // 12, (start_month - 1) % 12 + 1, 1)
        end_month_first = date(
            default_start.year + (default_start.month + 2) // 12, (default_start.month + 2) % 12 + 1, 1
        )
        default_end = date.fromordinal(end_month_first.toordinal() - 1)
        start = start or default_start
        end = end or default_end
        label = label or f"Q{quarter} {first_year}/{(first_year + 1) % 100:02d}"
    if deadline is None:
        deadline = date.fromordinal(end.toordinal() + 30)
    return ReportingPeriod.objects.create(
        key=key, label=label, frequency=frequency, start=start, end=end, deadline=deadline
    )


def make_return(agency: Agency, period: ReportingPeriod, status: str = Return.Status.DRAFT, **fields) -> Return:
    return Return.objects.create(agency=agency, period=period, status=status, **fields)
