"""``training_fees_total(year)``: the yearly report's budget line "training fees"."""

from datetime import date
from decimal import Decimal

import pytest

from hub.core.periods import FinancialYear
from hub.testing import make_user
from hub.training.charges import report_years, training_fees_total
from hub.training.models import Booking, Charge
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event

pytestmark = pytest.mark.django_db


def _charge(day: date, amount: str, *, waived: bool = False, reason=Charge.Reason.NO_SHOW) -> Charge:
    event = make_event(make_course(), starts_at=local_datetime(day))
    booking = make_booking(event, make_user(), status=Booking.Status.NO_SHOW)
    return Charge.objects.create(
        booking=booking, reason=reason, amount=Decimal(amount), waived=waived, waived_reason="Ill" if waived else ""
    )


def test_the_total_adds_the_years_charges_leaving_out_waived_ones():
    _charge(date(2021, 4, 1), "90.00")
    _charge(date(2021, 10, 12), "50.00", reason=Charge.Reason.LATE_CANCELLATION)
    _charge(date(2022, 3, 31), "45.50")
    _charge(date(2022, 1, 5), "90.00", waived=True)
    _charge(date(2021, 3, 31), "90.00")  # the year before
    _charge(date(2022, 4, 1), "90.00")  # the year after
    assert training_fees_total(FinancialYear(2021)) == Decimal("185.50")
    assert training_fees_total("2021-22") == Decimal("185.50")


def test_a_year_without_charges_totals_zero():
    assert training_fees_total(FinancialYear(2019)) == Decimal("0.00")


def test_report_years_run_from_the_first_course_to_the_current_year(frozen_now):
    make_event(make_course(), starts_at=local_datetime(date(2023, 2, 1)))
    assert [year.label for year in report_years()] == ["2025/26", "2024/25", "2023/24", "2022/23"]
