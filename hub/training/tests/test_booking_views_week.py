"""Booking several sessions of a safeguarding week at once: /training/weeks/<slug>/book/."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from hub.training.models import Booking
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event, make_week

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(frozen_now):
    return make_week(
        "Safeguarding Week 2025", slug="week-2025", is_published=True, starts_on=frozen_now.date() + timedelta(days=32)
    )


def _session(week, title, day=0, hour=10, **fields):
    course = make_course(title, **{key: fields.pop(key) for key in list(fields) if key.startswith("needs_")})
    return make_event(
        course, week=week, starts_at=local_datetime(week.starts_on + timedelta(days=day), hour, 0), hours=1, **fields
    )


@pytest.fixture
def sessions(week):
    return {
        "voice": _session(week, "Voice of the child"),
        "neglect": _session(week, "Neglect toolkit", hour=14, capacity=1),
        "online": _session(week, "Online safety", day=1),
    }


def _url(week):
    return reverse("training:week-book", kwargs={"slug": week.slug})


def test_the_choose_page_lists_each_session_with_its_places(client_for, personas, week, sessions):
    make_booking(sessions["neglect"])
    page = client_for(personas.practitioner).get(_url(week)).content.decode()
    assert "Voice of the child: Monday 2 June, 10am to 11am (20 places left)" in page
    assert "Neglect toolkit: Monday 2 June, 2pm to 3pm (full: you join the waiting list)" in page
    assert "Online safety: Tuesday 3 June" in page


def test_choosing_sessions_shows_them_to_check_before_anything_is_booked(client_for, personas, week, sessions):
    make_booking(sessions["neglect"])
    response = client_for(personas.practitioner).post(
        _url(week), {"events": [sessions["voice"].uuid, sessions["neglect"].uuid]}
    )
    page = response.content.decode()
    assert "Check the sessions you chose" in page
    assert "Your place is booked" in page
    assert "Full: you join the waiting list" in page
    assert page.count('name="events"') == 2
    assert 'name="confirm" value="yes"' in page
    assert not Booking.objects.filter(person=personas.practitioner).exists()


def test_confirming_books_every_session_and_shows_one_result_row_for_each(
    client_for, personas, week, sessions, django_capture_on_commit_callbacks
):
    make_booking(sessions["neglect"])
    chosen = [sessions["voice"].uuid, sessions["neglect"].uuid, sessions["online"].uuid]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.practitioner).post(_url(week), {"events": chosen, "confirm": "yes"})
    page = response.content.decode()
    assert "Booking complete" in page
    assert "2 places confirmed, 1 on a waiting list" in page
    assert page.count('<tr class="govuk-table__row">') == 4  # the heading row and one per session
    mine = {b.event_id: b.status for b in Booking.objects.filter(person=personas.practitioner)}
    assert mine == {
        sessions["voice"].pk: Booking.Status.CONFIRMED,
        sessions["neglect"].pk: Booking.Status.WAITLISTED,
        sessions["online"].pk: Booking.Status.CONFIRMED,
    }
    assert "On the waiting list" in page
    assert sorted(m.subject for m in mail.outbox) == [
        "You are on the waiting list: Neglect toolkit",
        "Your place is booked: Online safety",
        "Your place is booked: Voice of the child",
    ]


def test_a_session_the_service_refuses_gets_its_reason_and_the_others_are_booked(client_for, personas, week, sessions):
    locked = _session(week, "Advanced practice", day=2)
    locked.course.prerequisite_course = make_course("Core practice")
    locked.course.save()
    response = client_for(personas.practitioner).post(
        _url(week), {"events": [sessions["voice"].uuid, locked.uuid], "confirm": "yes"}
    )
    page = response.content.decode()
    assert "1 place confirmed, 1 not booked" in page
    assert "Not booked" in page
    assert "You need to attend ‘Core practice’ before you can book this course" in page
    assert Booking.objects.filter(person=personas.practitioner).count() == 1


def test_choosing_nothing_asks_for_a_session(client_for, personas, week, sessions):
    response = client_for(personas.practitioner).post(_url(week), {})
    assert '<a href="#id_events_0">Select at least one session</a>' in response.content.decode()


def test_a_session_needing_approval_asks_for_the_line_manager_when_chosen(client_for, personas, week, sessions):
    approval = _session(week, "Conference chairing", day=3, needs_manager_approval=True)
    client = client_for(personas.practitioner)
    response = client.post(_url(week), {"events": [approval.uuid]})
    assert "Enter your line manager&#x27;s e-mail address" in response.content.decode()
    response = client.post(_url(week), {"events": [sessions["voice"].uuid]})
    assert "Check the sessions you chose" in response.content.decode()
    client.post(_url(week), {"events": [approval.uuid], "manager_email": "lead@example.org", "confirm": "yes"})
    booking = Booking.objects.get(event=approval)
    assert booking.status == Booking.Status.PENDING_APPROVAL
    assert booking.manager_email == "lead@example.org"


def test_sessions_already_booked_are_not_offered_again(client_for, personas, week, sessions):
    make_booking(sessions["voice"], personas.practitioner)
    client = client_for(personas.practitioner)
    page = client.get(_url(week)).content.decode()
    assert "Voice of the child" not in page
    response = client.post(_url(week), {"events": [sessions["voice"].uuid], "confirm": "yes"})
    assert "one you chose can no longer be booked" in response.content.decode()
    assert Booking.objects.filter(person=personas.practitioner).count() == 1


def test_someone_without_an_agency_is_told_why_they_cannot_book(client_for, personas, week, sessions):
    client = client_for(personas.business_unit)
    assert "Your account is not linked to an agency" in client.get(_url(week)).content.decode()
    client.post(_url(week), {"events": [sessions["voice"].uuid], "confirm": "yes"})
    assert not Booking.objects.exists()
