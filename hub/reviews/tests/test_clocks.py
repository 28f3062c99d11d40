"""Statutory clocks: working days across weekends and bank holidays, rules versioned by date."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from hub.reviews import clocks
from hub.reviews.models import Clock, ClockRule, PracticeReview
from hub.reviews.tests.factories import make_notification, make_practice_review

pytestmark = pytest.mark.django_db


def _deadline(deadlines, clock):
    return next(deadline for deadline in deadlines if deadline.clock == clock)


def test_the_notification_clock_skips_the_easter_weekend():
    # Thursday 14 April 2022; Good Friday 15 and Easter Monday 18 April are bank holidays.
    notification = make_notification(became_aware_on=date(2022, 4, 14))
    deadlines = clocks.notification_deadlines(notification)
    assert _deadline(deadlines, Clock.NOTIFICATION).due_on == date(2022, 4, 25)
    # 15 working days: 19-22 April (4), 25-29 April (5), 3-6 May after the May Day holiday (4), 9-10 May (2).
    assert _deadline(deadlines, Clock.RAPID_REVIEW).due_on == date(2022, 5, 10)


def test_a_notification_on_friday_before_christmas_counts_past_both_bank_holidays():
    # Friday 23 December 2022; 26 and 27 December are bank holidays, then 28-30 December, 2-3 January...
    notification = make_notification(became_aware_on=date(2022, 12, 23))
    deadline = _deadline(clocks.notification_deadlines(notification), Clock.NOTIFICATION)
    # 28, 29, 30 December, then 2 January 2023 is a bank holiday, so 3 and 4 January.
    assert deadline.due_on == date(2023, 1, 4)


def test_states_due_overdue_met_and_missed():
    notification = make_notification(became_aware_on=date(2022, 4, 14))
    deadline = _deadline(clocks.notification_deadlines(notification), Clock.NOTIFICATION)
    assert deadline.state(date(2022, 4, 25)) == clocks.State.DUE
    assert deadline.state(date(2022, 4, 26)) == clocks.State.OVERDUE
    notification.notified_panel_on = date(2022, 4, 25)
    assert _deadline(clocks.notification_deadlines(notification), Clock.NOTIFICATION).state() == clocks.State.MET
    notification.notified_panel_on = date(2022, 4, 26)
    assert _deadline(clocks.notification_deadlines(notification), Clock.NOTIFICATION).state() == clocks.State.MISSED


def test_a_newer_rule_applies_only_to_clocks_that_start_after_it():
    ClockRule.objects.create(
        clock=Clock.NOTIFICATION,
        effective_from=date(2023, 12, 15),
        amount=3,
        unit=ClockRule.Unit.WORKING_DAYS,
        anchor="becoming aware",
        guidance="Imagined later guidance",
    )
    old = make_notification(became_aware_on=date(2023, 12, 14))
    new = make_notification(became_aware_on=date(2023, 12, 15))
    assert _deadline(clocks.notification_deadlines(old), Clock.NOTIFICATION).due_on == date(2023, 12, 21)
    # Friday 15 December + 3 working days: 18, 19, 20 December.
    assert _deadline(clocks.notification_deadlines(new), Clock.NOTIFICATION).due_on == date(2023, 12, 20)


def test_the_final_report_goes_seven_working_days_before_publication_and_stays_online_a_year():
    review = make_practice_review(decided_on=date(2022, 1, 10), publication_planned_on=date(2022, 6, 7))
    deadlines = clocks.practice_review_deadlines(review)
    # Six months from the decision.
    assert _deadline(deadlines, Clock.PRACTICE_REVIEW).due_on == date(2022, 7, 10)
    # Back from Tuesday 7 June 2022 past the Jubilee bank holidays (2 and 3 June): 6, 1, 31 May, 30, 27, 26, 25 May.
    assert _deadline(deadlines, Clock.FINAL_REPORT).due_on == date(2022, 5, 25)
    review.published_on = date(2022, 6, 7)
    assert clocks.kept_online_until(review) == date(2023, 6, 7)


def test_month_ends_are_kept_within_the_month():
    assert clocks.add_months(date(2022, 8, 31), 6) == date(2023, 2, 28)
    assert clocks.add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)


def test_serious_case_reviews_have_no_six_month_clock():
    review = make_practice_review(kind=PracticeReview.Kind.SERIOUS_CASE, decided_on=date(2017, 5, 1))
    assert clocks.practice_review_deadlines(review) == []


@time_machine.travel(date(2022, 4, 20), tick=False)
def test_the_dashboard_counts_each_state():
    make_notification(became_aware_on=date(2022, 4, 14))
    counts = clocks.summarise(clocks.all_deadlines())
    assert counts == {"due": 2, "overdue": 0, "met": 0, "missed": 0}
