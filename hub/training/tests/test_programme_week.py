"""/training/weeks/<slug>/: a safeguarding week's sessions by day, booked together in one form."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from hub.core.models import Theme
from hub.testing import assert_same_query_count
from hub.training.models import Booking
from hub.training.tests.conftest import FROZEN_NOW
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event, make_week

pytestmark = pytest.mark.django_db


def url(week) -> str:
    return reverse("training:week", kwargs={"slug": week.slug})


@pytest.fixture
def week(db):
    theme = Theme.objects.create(name="Child exploitation", slug="exploitation")
    week = make_week(
        "Safeguarding week 2025",
        slug="safeguarding-week-2025",
        starts_on=FROZEN_NOW.date() + timedelta(days=32),  # Monday 2 June 2025
        is_published=True,
        summary="Twenty short sessions on the partnership's priorities.",
    )
    week.themes.set([theme])
    return week


def session(week, title, day_offset, hour, **fields):
    starts_at = local_datetime(week.starts_on + timedelta(days=day_offset), hour=hour, minute=0)
    return make_event(make_course(title), starts_at=starts_at, hours=1, week=week, **fields)


def test_the_week_lists_its_sessions_by_day_with_places_left(client, frozen_now, week):
    session(week, "County lines", 1, 14)
    session(week, "Online harms", 0, 10, capacity=5)
    session(week, "Missing from home", 0, 13)

    soup = BeautifulSoup(client.get(url(week)).content, "html.parser")

    assert [h2.get_text() for h2 in soup.select("h2[id^=day-]")] == ["Monday 2 June", "Tuesday 3 June"]
    monday = [row.get_text(" ", strip=True) for row in soup.select("h2#day-1 + table tbody tr")]
    assert monday[0].startswith("Online harms") and "10am to 11am" in monday[0] and "5 places left" in monday[0]
    assert monday[1].startswith("Missing from home")
    assert "Child exploitation" in soup.get_text()


def test_a_signed_in_practitioner_chooses_sessions_in_one_form_posted_to_the_week_booking(
    client_for, personas, frozen_now, week
):
    open_session = session(week, "County lines", 0, 10)
    full = session(week, "Online harms", 0, 13, capacity=1)
    make_booking(full)
    booked = session(week, "Missing from home", 1, 10)
    make_booking(booked, personas.practitioner)
    closed = session(week, "Closed", 1, 13, booking_closes_at=local_datetime(FROZEN_NOW.date()))

    soup = BeautifulSoup(client_for(personas.practitioner).get(url(week)).content, "html.parser")

    form = soup.select_one("form[method=post]")
    assert form["action"] == reverse("training:week-book", kwargs={"slug": week.slug})
    assert form.select_one("input[name=csrfmiddlewaretoken]")
    choices = [box["value"] for box in form.select("input[type=checkbox][name=events]")]
    assert choices == [str(open_session.uuid), str(full.uuid)]
    assert str(booked.uuid) not in choices and str(closed.uuid) not in choices
    assert "You are booked" in form.get_text()
    assert "Booking closed" in form.get_text()
    assert form.select_one("button[type=submit]").get_text() == "Book the sessions you chose"


def test_visitors_are_asked_to_sign_in_to_book(client, frozen_now, week):
    session(week, "County lines", 0, 10)

    soup = BeautifulSoup(client.get(url(week)).content, "html.parser")

    assert not soup.select("form[method=post]")
    assert soup.select_one("main").find("a", string="Sign in")["href"] == reverse("core:sign-in") + "?next=" + url(week)


def test_a_week_without_sessions_says_they_are_to_come(client, frozen_now, week):
    assert "The sessions for this week have not been announced yet." in client.get(url(week)).content.decode()


def test_sessions_of_unpublished_courses_are_left_out(client, frozen_now, week):
    session(week, "Public session", 0, 10)
    make_event(make_course("Draft session", is_published=False), starts_at=local_datetime(week.starts_on), week=week)

    html = client.get(url(week)).content.decode()

    assert "Public session" in html
    assert "Draft session" not in html


def test_an_unpublished_week_is_only_for_the_business_unit(client, client_for, personas, frozen_now):
    draft = make_week("Draft week", is_published=False)

    assert client.get(url(draft)).status_code == 404
    assert client_for(personas.practitioner).get(url(draft)).status_code == 404
    assert "This week is not published" in client_for(personas.business_unit).get(url(draft)).content.decode()


def test_the_week_takes_the_same_queries_for_1_and_50_sessions(client_for, personas, frozen_now, week):
    def add_sessions(count):
        for number in range(count):
            event = session(week, f"Session {number}", number % 5, 9 + number % 8)
            make_booking(event, personas.practitioner if number % 3 == 0 else None, status=Booking.Status.CONFIRMED)

    response = assert_same_query_count(client_for(personas.practitioner), url(week), add_sessions)
    assert len(BeautifulSoup(response.content, "html.parser").select("tbody tr")) == 50


def test_each_session_links_to_its_course_so_the_course_is_three_clicks_from_home(client, frozen_now, week):
    event = session(week, "County lines", 0, 10)

    soup = BeautifulSoup(client.get(url(week)).content, "html.parser")

    links = [link["href"] for link in soup.select("h2#day-1 + table tbody tr a")]
    assert links == [
        reverse("training:event", kwargs={"uuid": event.uuid}),
        reverse("training:course", kwargs={"slug": event.course.slug}),
    ]


def test_a_finished_weeks_sessions_say_finished_not_places_left(client, frozen_now, week, time_machine):
    session(week, "County lines", 0, 10, capacity=5)
    time_machine.move_to(frozen_now + timedelta(days=40), tick=False)

    row = BeautifulSoup(client.get(url(week)).content, "html.parser").select_one("h2#day-1 + table tbody tr")

    text = row.get_text(" ", strip=True)
    assert "Finished" in text
    assert "places left" not in text
