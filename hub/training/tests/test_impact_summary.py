"""``impact_summary(year)``: evaluation and impact figures per course and theme, for the page and the yearly report."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from hub.core.models import Theme
from hub.core.periods import FinancialYear
from hub.testing import make_user
from hub.training.impact import impact_summary
from hub.training.models import Booking, Evaluation, ImpactRequest, ImpactResponse, WeekEvaluation
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event, make_week

pytestmark = pytest.mark.django_db


def evaluated(booking, before, after):
    Evaluation.objects.create(
        booking=booking,
        confidence_before=before,
        confidence_after=after,
        content_rating=4,
        trainer_rating=4,
        materials_rating=4,
        overall_rating=4,
        will_do_differently="Something.",
    )


def asked(booking, *, answer=None, themes=(), chosen=False):
    request = ImpactRequest.objects.create(booking=booking, due_on=date(2025, 1, 1), sent_at=timezone.now())
    if answer:
        response = ImpactResponse.objects.create(
            request=request, practice_change=answer, difference_for_children="Safer plans.", chosen_for_report=chosen
        )
        response.impact_themes.set(themes)
    return request


@pytest.fixture
def year_data(db):
    voice = Theme.objects.create(name="Voice of the child", slug="voice")
    harm = Theme.objects.create(name="Cumulative harm", slug="harm")
    neglect = Theme.objects.create(name="Neglect", slug="neglect")
    cumulative = make_course("Cumulative harm", themes=[voice, harm])
    dsl = make_course("Managers and DSLs", themes=[voice])
    first = make_event(cumulative, starts_at=local_datetime(date(2024, 6, 10)))
    second = make_event(dsl, starts_at=local_datetime(date(2024, 9, 3)))
    next_year = make_event(dsl, starts_at=local_datetime(date(2025, 4, 20)))

    a = make_booking(first, make_user(), status=Booking.Status.ATTENDED)
    b = make_booking(first, make_user(), status=Booking.Status.PARTLY_ATTENDED)
    make_booking(first, make_user(), status=Booking.Status.NO_SHOW)
    c = make_booking(second, make_user(), status=Booking.Status.ATTENDED)
    d = make_booking(next_year, make_user(), status=Booking.Status.ATTENDED)
    evaluated(a, 3, 8)
    evaluated(b, 5, 6)
    evaluated(c, 4, 9)
    evaluated(d, 1, 10)
    asked(a, answer="I map cumulative harm with families.", themes=[harm, neglect], chosen=True)
    asked(b)
    asked(c, answer="I ask children first.", themes=[harm])
    return {"voice": voice, "harm": harm}


def test_the_totals_cover_attendance_confidence_and_response_rate(year_data):
    totals = impact_summary(FinancialYear(2024)).totals
    assert (totals.attended, totals.evaluations) == (3, 3)
    assert totals.confidence_before == Decimal("4.0")
    assert totals.confidence_after == Decimal("7.7")
    assert totals.confidence_shift == Decimal("3.7")
    assert (totals.requests_sent, totals.responses, totals.response_rate) == (3, 2, Decimal("67"))


def test_each_course_has_its_own_figures(year_data):
    courses = {row.label: row for row in impact_summary("2024-25").courses}
    assert list(courses) == ["Cumulative harm", "Managers and DSLs"]
    harm = courses["Cumulative harm"]
    assert (harm.attended, harm.evaluations, harm.requests_sent, harm.responses) == (2, 2, 2, 1)
    assert (harm.confidence_before, harm.confidence_after) == (Decimal("4.0"), Decimal("7.0"))
    assert harm.response_rate == Decimal("50")
    dsl = courses["Managers and DSLs"]
    assert (dsl.attended, dsl.confidence_shift, dsl.response_rate) == (1, Decimal("5.0"), Decimal("100"))


def test_each_practice_theme_of_the_courses_has_figures(year_data):
    themes = {row.label: row for row in impact_summary("2024-25").themes}
    assert themes["Voice of the child"].attended == 3
    assert themes["Cumulative harm"].attended == 2
    assert themes["Voice of the child"].responses == 2


def test_themes_of_impact_are_counted_from_the_answers(year_data):
    counts = [(row.name, row.responses) for row in impact_summary("2024-25").impact_themes]
    assert counts == [("Cumulative harm", 2), ("Neglect", 1)]


def test_only_the_chosen_quotes_go_to_the_report(year_data):
    [quote] = impact_summary("2024-25").chosen_quotes
    assert quote.course == "Cumulative harm"
    assert quote.practice_change == "I map cumulative harm with families."


def test_safeguarding_weeks_of_the_year_are_summarised(db):
    week = make_week("Safeguarding week, autumn", starts_on=date(2024, 10, 14))
    people = [make_user() for _ in range(3)]
    for day in range(3):
        event = make_event(make_course(), starts_at=local_datetime(week.starts_on + timedelta(days=day)), week=week)
        for person in people[: day + 1]:
            make_booking(event, person, status=Booking.Status.ATTENDED)
    for person, rating in zip(people[:2], (5, 4), strict=True):
        WeekEvaluation.objects.create(
            week=week, person=person, overall_rating=rating, relevance_rating=3, organisation_rating=rating
        )
    [figures] = impact_summary("2024-25").weeks
    assert (figures.title, figures.sessions, figures.attendees, figures.evaluations) == (
        "Safeguarding week, autumn",
        3,
        3,
        2,
    )
    assert (figures.overall, figures.relevance, figures.organisation) == (
        Decimal("4.5"),
        Decimal("3.0"),
        Decimal("4.5"),
    )
    assert figures.evaluation_rate == Decimal("67")


def test_an_empty_year_has_no_rates(db):
    summary = impact_summary("2019-20")
    assert summary.totals.attended == 0
    assert summary.totals.response_rate is None
    assert summary.totals.confidence_shift is None
    assert summary.courses == [] and summary.weeks == []
