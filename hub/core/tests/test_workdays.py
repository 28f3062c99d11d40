"""English working days: statutory clocks skip weekends and bank holidays in England (not Scotland)."""

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub.core.workdays import add_working_days, is_bank_holiday, is_working_day, working_days_between

# Bank holidays come from an offline table, so the property tests can range over many years.
dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
counts = st.integers(min_value=0, max_value=80)


def test_the_calendar_matches_the_published_english_bank_holidays_for_2021():
    # gov.uk/bank-holidays: Christmas Day and Boxing Day 2021 fell at the weekend, so Monday 27 and
    # Tuesday 28 December were the substitute days.
    english = holidays.country_holidays("GB", subdiv="ENG", years=2021)
    assert date(2021, 12, 27) in english
    assert date(2021, 12, 28) in english
    assert is_bank_holiday(date(2021, 12, 27))
    assert is_bank_holiday(date(2021, 12, 28))


def test_one_working_day_after_christmas_eve_2021_is_wednesday_29_december():
    assert add_working_days(date(2021, 12, 24), 1) == date(2021, 12, 29)


def test_a_clock_running_over_new_year_skips_the_substitute_new_years_day():
    # 1 January 2022 was a Saturday; Monday 3 January was the bank holiday in England.
    assert add_working_days(date(2021, 12, 24), 3) == date(2021, 12, 31)
    assert add_working_days(date(2021, 12, 24), 4) == date(2022, 1, 4)
    assert working_days_between(date(2021, 12, 24), date(2022, 1, 4)) == 4


def test_easter_skips_good_friday_and_easter_monday():
    # Easter 2022: Good Friday 15 April, Easter Monday 18 April.
    assert add_working_days(date(2022, 4, 14), 1) == date(2022, 4, 19)
    assert working_days_between(date(2022, 4, 14), date(2022, 4, 19)) == 1
    assert not is_working_day(date(2022, 4, 15))
    assert not is_working_day(date(2022, 4, 18))


def test_one_working_day_after_a_friday_is_the_monday():
    assert add_working_days(date(2022, 3, 4), 1) == date(2022, 3, 7)


def test_one_working_day_after_a_saturday_is_the_monday():
    assert add_working_days(date(2022, 3, 5), 1) == date(2022, 3, 7)


def test_a_rapid_review_due_fifteen_working_days_after_notification():
    # Notified on Wednesday 1 December 2021: three plain working weeks.
    assert add_working_days(date(2021, 12, 1), 15) == date(2021, 12, 22)
    # Notified on Monday 13 December 2021: the clock skips 27 and 28 December and 3 January, so the
    # review is due on Thursday 6 January 2022 rather than Monday 3 January.
    assert add_working_days(date(2021, 12, 13), 15) == date(2022, 1, 6)


def test_zero_working_days_is_the_start_date_even_at_a_weekend():
    assert add_working_days(date(2022, 3, 5), 0) == date(2022, 3, 5)
    assert working_days_between(date(2022, 3, 5), date(2022, 3, 5)) == 0


def test_negative_days_count_backwards_over_bank_holidays():
    assert add_working_days(date(2021, 12, 29), -1) == date(2021, 12, 24)
    assert add_working_days(date(2022, 4, 19), -1) == date(2022, 4, 14)
    assert add_working_days(date(2022, 3, 7), -1) == date(2022, 3, 4)


def test_working_days_between_is_negative_when_the_end_is_earlier():
    assert working_days_between(date(2022, 3, 11), date(2022, 3, 4)) == -5


def test_scottish_bank_holidays_are_working_days_in_england():
    # 2 January 2024 and St Andrew's Day (Wednesday 30 November 2022) are Scottish holidays only.
    assert date(2024, 1, 2) in holidays.country_holidays("GB", subdiv="SCT", years=2024)
    assert is_working_day(date(2024, 1, 2))
    assert is_working_day(date(2022, 11, 30))
    assert add_working_days(date(2024, 1, 1), 1) == date(2024, 1, 2)


def test_one_off_bank_holidays_are_included():
    # The Queen's state funeral, Monday 19 September 2022.
    assert not is_working_day(date(2022, 9, 19))
    assert add_working_days(date(2022, 9, 16), 1) == date(2022, 9, 20)


@pytest.mark.parametrize("day", [date(2022, 3, 5), date(2022, 3, 6)])
def test_weekends_are_not_working_days(day):
    assert not is_working_day(day)


# Properties. ``add_working_days(d, n)`` lands on the n-th working day after ``d`` (``d`` itself
# never counts, and for n > 0 the result is always a working day). ``working_days_between(a, b)``
# counts the working days in (a, b]. So counting forwards is an exact inverse from any start date,
# and the result of adding is always a working day. Counting backwards from a weekend or bank
# holiday is not: (e, d] would then hold one working day fewer than n, because ``d`` itself is not
# a working day. The backwards inverse therefore holds only from a working day.


@given(start=dates, n=counts)
def test_counting_the_days_added_gives_back_the_number_added(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


@given(start=dates, n=st.integers(min_value=1, max_value=80))
def test_adding_working_days_lands_on_a_working_day_after_the_start(start, n):
    end = add_working_days(start, n)
    assert end > start
    assert is_working_day(end)
    assert (end - start).days >= n
    # It is the first working day that completes the count: the day before holds one fewer.
    assert working_days_between(start, end - timedelta(days=1)) == n - 1


@given(start=dates, n=counts)
def test_counting_backwards_from_a_working_day_is_the_exact_inverse(start, n):
    while not is_working_day(start):
        start += timedelta(days=1)
    assert working_days_between(start, add_working_days(start, -n)) == -n


@given(first=dates, second=dates)
def test_working_days_between_is_antisymmetric(first, second):
    assert working_days_between(first, second) == -working_days_between(second, first)


@given(start=dates, end=dates)
def test_adding_the_count_between_two_days_reaches_the_later_working_day(start, end):
    if end < start:
        start, end = end, start
    while not is_working_day(end):
        end += timedelta(days=1)
    assert add_working_days(start, working_days_between(start, end)) == end
