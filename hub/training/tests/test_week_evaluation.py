"""Safeguarding week evaluation: one per person, for people who attended at least one session."""

from datetime import timedelta

import pytest
from django.urls import reverse

from hub.core.audit import entries_for
from hub.core.errors import DomainError
from hub.testing import make_user
from hub.training.models import Booking, WeekEvaluation
from hub.training.services import submit_week_evaluation
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event, make_week

pytestmark = pytest.mark.django_db

ANSWERS = {
    "overall_rating": "5",
    "relevance_rating": "4",
    "organisation_rating": "3",
    "most_useful": "The session on the harm matrix.",
    "comments": "",
}


@pytest.fixture
def week(frozen_now):
    week = make_week(
        "Safeguarding week spring 2025", slug="spring-2025", starts_on=frozen_now.date() - timedelta(days=14)
    )
    for day in range(3):
        make_event(make_course(), starts_at=local_datetime(week.starts_on + timedelta(days=day)), week=week, hours=1)
    return week


def _attend(week, person, status=Booking.Status.ATTENDED):
    return make_booking(week.events.first(), person, status=status)


def _url(week) -> str:
    return reverse("training:week-evaluate", kwargs={"slug": week.slug})


def test_someone_who_attended_a_session_evaluates_the_week(client_for, personas, week, frozen_now):
    _attend(week, personas.practitioner)
    client = client_for(personas.practitioner)
    html = client.get(_url(week)).content.decode()
    assert "Evaluate Safeguarding week spring 2025" in html
    assert html.count('name="overall_rating" type="radio"') == 5
    response = client.post(_url(week), ANSWERS, follow=True)
    evaluation = WeekEvaluation.objects.get(week=week, person=personas.practitioner)
    assert (evaluation.overall_rating, evaluation.relevance_rating, evaluation.organisation_rating) == (5, 4, 3)
    assert evaluation.most_useful == "The session on the harm matrix."
    assert evaluation.submitted_at == frozen_now
    assert "Thank you. Your evaluation of Safeguarding week spring 2025 has been sent" in response.content.decode()
    [entry] = entries_for(week)
    assert (entry.action, entry.actor) == ("training.week.evaluated", personas.practitioner)


def test_a_missing_rating_gets_an_error(client_for, personas, week):
    _attend(week, personas.practitioner)
    response = client_for(personas.practitioner).post(_url(week), {**ANSWERS, "relevance_rating": ""})
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Select how relevant the week was to your work" in html
    assert not WeekEvaluation.objects.exists()


def test_the_week_is_evaluated_once(client_for, personas, week):
    _attend(week, personas.practitioner)
    client = client_for(personas.practitioner)
    client.post(_url(week), ANSWERS)
    response = client.post(_url(week), {**ANSWERS, "overall_rating": "1"})
    assert "You have evaluated Safeguarding week spring 2025" in response.content.decode()
    assert WeekEvaluation.objects.get().overall_rating == 5
    with pytest.raises(DomainError, match="already evaluated"):
        submit_week_evaluation(
            week=week, actor=personas.practitioner, overall_rating=2, relevance_rating=2, organisation_rating=2
        )


@pytest.mark.parametrize("status", [Booking.Status.CONFIRMED, Booking.Status.NO_SHOW, Booking.Status.CANCELLED])
def test_people_who_did_not_attend_get_404(client_for, personas, week, status):
    _attend(week, personas.practitioner, status=status)
    client = client_for(personas.practitioner)
    assert client.get(_url(week)).status_code == 404
    assert client.post(_url(week), ANSWERS).status_code == 404
    assert not WeekEvaluation.objects.exists()


def test_attending_a_course_outside_the_week_does_not_count(client_for, week, frozen_now):
    person = make_user()
    make_booking(make_event(starts_at=frozen_now - timedelta(days=3)), person, status=Booking.Status.ATTENDED)
    assert client_for(person).get(_url(week)).status_code == 404


def test_an_unknown_week_is_not_found(client_for, personas):
    assert (
        client_for(personas.practitioner).get(reverse("training:week-evaluate", kwargs={"slug": "nope"})).status_code
        == 404
    )


def test_partly_attending_one_session_is_enough(week):
    person = make_user()
    _attend(week, person, status=Booking.Status.PARTLY_ATTENDED)
    evaluation = submit_week_evaluation(
        week=week, actor=person, overall_rating=4, relevance_rating=4, organisation_rating=4
    )
    assert evaluation.person == person


def test_ratings_out_of_range_are_refused(week):
    person = make_user()
    _attend(week, person)
    with pytest.raises(DomainError, match="Select a rating from 1 to 5") as error:
        submit_week_evaluation(week=week, actor=person, overall_rating=4, relevance_rating=0, organisation_rating=4)
    assert error.value.field == "relevance_rating"
