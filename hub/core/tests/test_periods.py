"""Financial years run April to March by default, are named 2021/22 and split into quarters and months."""

from datetime import date

import pytest
import time_machine

from hub.core.models import PartnershipSettings
from hub.core.periods import FinancialYear, current_financial_year


@pytest.mark.parametrize("text", ["2021-22", "2021/22", "2021-2022", "2021/2022", " 2021-22 "])
def test_parse_accepts_the_ways_people_write_a_year(text):
    assert FinancialYear.parse(text) == FinancialYear(2021)


def test_parse_handles_the_turn_of_the_century():
    assert FinancialYear.parse("2099-00") == FinancialYear(2099)
    assert FinancialYear.parse("2099-00").label == "2099/00"


@pytest.mark.parametrize("text", ["2021-23", "2021-2023", "2021-21", "2021/20"])
def test_parse_refuses_years_that_do_not_follow_on(text):
    with pytest.raises(ValueError) as caught:
        FinancialYear.parse(text)
    assert str(caught.value) == f"{text!r} is not a year: the second part must follow the first (like 2021-22)"


@pytest.mark.parametrize("text", ["", "2021", "21-22", "twenty21-22", "2021-222", "2021_22", "2021-22x", None])
def test_parse_refuses_junk_with_a_clear_message(text):
    with pytest.raises(ValueError) as caught:
        FinancialYear.parse(text)
    assert str(caught.value) == f"Enter a year like 2021-22, not {text!r}"


def test_parse_keeps_a_custom_start_month():
    assert FinancialYear.parse("2021-22", start_month=9).start == date(2021, 9, 1)


def test_label_slug_and_text():
    year = FinancialYear(2021)
    assert year.label == "2021/22"
    assert year.slug == "2021-22"
    assert str(year) == "2021/22"
    assert FinancialYear(2009).label == "2009/10"


def test_a_calendar_year_partnership_labels_years_with_one_number():
    year = FinancialYear(2022, start_month=1)
    assert (year.label, year.slug) == ("2022", "2022")
    assert (year.start, year.end) == (date(2022, 1, 1), date(2022, 12, 31))


def test_a_year_runs_from_1_april_to_31_march():
    year = FinancialYear(2021)
    assert (year.start, year.end) == (date(2021, 4, 1), date(2022, 3, 31))
    assert date(2021, 4, 1) in year
    assert date(2022, 3, 31) in year
    assert date(2021, 3, 31) not in year
    assert date(2022, 4, 1) not in year


def test_a_year_ending_in_a_leap_february():
    year = FinancialYear(2023, start_month=3)
    assert year.end == date(2024, 2, 29)


def test_containing_around_the_year_end():
    assert FinancialYear.containing(date(2022, 3, 31)) == FinancialYear(2021)
    assert FinancialYear.containing(date(2022, 4, 1)) == FinancialYear(2022)
    assert FinancialYear.containing(date(2022, 1, 15)) == FinancialYear(2021)
    assert FinancialYear.containing(date(2021, 12, 31)) == FinancialYear(2021)


def test_containing_with_a_september_start():
    assert FinancialYear.containing(date(2022, 8, 31), start_month=9) == FinancialYear(2021, 9)
    assert FinancialYear.containing(date(2022, 9, 1), start_month=9) == FinancialYear(2022, 9)


def test_quarters_cover_the_year_without_gaps():
    quarters = FinancialYear(2021).quarters()
    assert [(q.label, q.start, q.end) for q in quarters] == [
        ("Q1 2021/22", date(2021, 4, 1), date(2021, 6, 30)),
        ("Q2 2021/22", date(2021, 7, 1), date(2021, 9, 30)),
        ("Q3 2021/22", date(2021, 10, 1), date(2021, 12, 31)),
        ("Q4 2021/22", date(2022, 1, 1), date(2022, 3, 31)),
    ]


def test_quarters_with_a_custom_start_cross_the_calendar_year():
    quarters = FinancialYear(2021, start_month=11).quarters()
    assert [(q.start, q.end) for q in quarters] == [
        (date(2021, 11, 1), date(2022, 1, 31)),
        (date(2022, 2, 1), date(2022, 4, 30)),
        (date(2022, 5, 1), date(2022, 7, 31)),
        (date(2022, 8, 1), date(2022, 10, 31)),
    ]


def test_months_run_april_to_march_with_their_last_days():
    months = FinancialYear(2023).months()
    assert len(months) == 12
    assert (months[0].label, months[0].start, months[0].end) == ("April 2023", date(2023, 4, 1), date(2023, 4, 30))
    assert (months[10].label, months[10].end) == ("February 2024", date(2024, 2, 29))
    assert (months[11].label, months[11].end) == ("March 2024", date(2024, 3, 31))
    for earlier, later in zip(months, months[1:], strict=False):
        assert (later.start - earlier.end).days == 1


def test_quarter_of_a_day():
    year = FinancialYear(2021)
    assert year.quarter_of(date(2022, 3, 31)).label == "Q4 2021/22"
    assert year.quarter_of(date(2021, 7, 1)).label == "Q2 2021/22"
    with pytest.raises(ValueError, match="2022-04-01 is not in 2021/22"):
        year.quarter_of(date(2022, 4, 1))


def test_next_and_previous_keep_the_start_month():
    year = FinancialYear(2021, start_month=9)
    assert year.next() == FinancialYear(2022, 9)
    assert year.previous() == FinancialYear(2020, 9)


def test_years_sort_in_time_order():
    assert sorted([FinancialYear(2022), FinancialYear(2020), FinancialYear(2021)]) == [
        FinancialYear(2020),
        FinancialYear(2021),
        FinancialYear(2022),
    ]


@pytest.mark.django_db
@time_machine.travel(date(2022, 4, 1), tick=False)
def test_current_financial_year_uses_the_partnership_start_month():
    assert current_financial_year() == FinancialYear(2022)
    settings = PartnershipSettings.load()
    settings.financial_year_start_month = 9
    settings.save()
    assert current_financial_year() == FinancialYear(2021, 9)
    assert current_financial_year(date(2022, 9, 1)) == FinancialYear(2022, 9)
