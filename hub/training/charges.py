"""Charges for late cancellations and non-attendance, compiled for invoicing agencies.

A charge belongs to the period of the course it is for (the event's first day), not to the
day it was recorded: an agency's invoice for a quarter lists the courses its staff missed in
that quarter, and a late cancellation made in late March for an April course is invoiced with
April. Waived charges stay in the report (marked as waived) but never count towards a total.

``training_fees_total(year)`` is the figure for the budget line "training fees" in the yearly
report (``reports.py`` calls it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from hub.core.periods import FinancialYear, current_financial_year
from hub.training.models import Charge, Event

ZERO = Decimal("0.00")


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def charges_between(start: date, end: date) -> QuerySet[Charge]:
    """Charges for courses whose first day is from ``start`` to ``end`` (both inclusive)."""
    return Charge.objects.filter(
        booking__event__starts_at__gte=_aware(start), booking__event__starts_at__lt=_aware(end + timedelta(days=1))
    )


def charges_for(year: FinancialYear, *, period=None, agency=None) -> QuerySet[Charge]:
    """The charges of ``year`` (or of one quarter or month ``period`` in it), optionally for one agency.

    Ordered for the report: agency, then course date, then delegate.
    """
    start, end = (period.start, period.end) if period is not None else (year.start, year.end)
    charges = charges_between(start, end).select_related(
        "agency", "booking__person", "booking__event__course", "waived_by"
    )
    if agency is not None:
        charges = charges.filter(agency=agency)
    return charges.order_by("agency__name", "booking__event__starts_at", "booking__person__last_name", "id")


@dataclass(frozen=True)
class AgencyTotal:
    agency_name: str
    agency_short_code: str
    charges: int
    waived: int
    total: Decimal
    waived_total: Decimal


def agency_totals(charges: QuerySet[Charge]) -> list[AgencyTotal]:
    """One row per agency: how many charges, how many waived, the amount to invoice and the amount waived."""
    rows = (
        charges.order_by()
        .values("agency__name", "agency__short_code")
        .annotate(
            count=Count("id"),
            waived_count=Count("id", filter=Q(waived=True)),
            total=Coalesce(Sum("amount", filter=Q(waived=False)), ZERO),
            waived_total=Coalesce(Sum("amount", filter=Q(waived=True)), ZERO),
        )
        .order_by("agency__name")
    )
    return [
        AgencyTotal(
            agency_name=row["agency__name"] or "No agency recorded",
            agency_short_code=row["agency__short_code"] or "",
            charges=row["count"],
            waived=row["waived_count"],
            total=row["total"],
            waived_total=row["waived_total"],
        )
        for row in rows
    ]


def total_to_invoice(charges: QuerySet[Charge]) -> Decimal:
    return charges.filter(waived=False).aggregate(total=Coalesce(Sum("amount"), ZERO))["total"]


def training_fees_total(year: FinancialYear | str) -> Decimal:
    """The charges invoiced for the courses of ``year`` (waived charges left out): the budget's "training fees"."""
    if isinstance(year, str):
        year = FinancialYear.parse(year, current_financial_year().start_month)
    return total_to_invoice(charges_between(year.start, year.end))


def report_years(today: date | None = None) -> list[FinancialYear]:
    """The financial years the report can show, newest first: from the first event to the current year."""
    current = current_financial_year(today)
    first = Event.objects.aggregate(first=Min("starts_at"))["first"]
    oldest = FinancialYear.containing(timezone.localdate(first), current.start_month) if first else current
    oldest = min(oldest, current)
    years = []
    year = current
    while year >= oldest:
        years.append(year)
        year = year.previous()
    return years


EXPORT_HEADERS = [
    "Agency",
    "Delegate",
    "Delegate e-mail",
    "Course",
    "Course date",
    "Reason",
    "Amount (£)",
    "Waived",
    "Reason for waiving",
    "Recorded on",
]


def export_rows(charges: QuerySet[Charge]):
    """The report's rows for a spreadsheet: text stays text, amounts are numbers, dates are dates."""
    for charge in charges.iterator(chunk_size=500):
        booking = charge.booking
        event = booking.event
        yield [
            charge.agency.name if charge.agency_id else "No agency recorded",
            booking.person.full_name,
            booking.person.email,
            event.course.title,
            timezone.localdate(event.starts_at) if event.starts_at else None,
            charge.get_reason_display(),
            charge.amount,
            charge.waived,
            charge.waived_reason,
            timezone.localdate(charge.created_at),
        ]
