"""GET /api/v1/events/ and /api/v1/events/{uuid}: the public programme for other systems."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.core.models import Theme
from hub.training.models import Booking, Course, Event
from hub.training.tests.conftest import FROZEN_NOW
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event

pytestmark = pytest.mark.django_db
EVENTS = "/api/v1/events/"
DATES_IN_ORDER = "The 'to' date must be the same as or after the 'from' date"


def day(days: int):
    return local_datetime(FROZEN_NOW.date() + timedelta(days=days))


def titles(body) -> list[str]:
    return [event["course"]["title"] for event in body["results"]]


def test_anyone_can_list_upcoming_events_of_published_courses_soonest_first(client, frozen_now):
    make_event(make_course("Later"), starts_at=day(20))
    make_event(make_course("Sooner"), starts_at=day(5))
    make_event(make_course("Draft", is_published=False), starts_at=day(6))
    make_event(make_course("Past"), starts_at=day(-3))
    cancelled = make_event(make_course("Cancelled"), starts_at=day(7))
    Event.objects.filter(pk=cancelled.pk).update(status=Event.Status.CANCELLED, cancelled_at=FROZEN_NOW)

    response = client.get(EVENTS)

    assert response.status_code == 200
    body = response.json()
    assert titles(body) == ["Sooner", "Later"]
    assert (body["count"], body["page"], body["pages"], body["next"], body["previous"]) == (2, 1, 1, None, None)


def test_an_event_describes_its_course_sessions_venue_and_places(client, frozen_now):
    theme = Theme.objects.create(name="Neglect", slug="neglect")
    course = make_course("Neglect basics", slug="neglect-basics", level=2, themes=[theme], needs_manager_approval=True)
    event = make_event(
        course,
        starts_at=day(10),
        days=2,
        capacity=10,
        venue_name="County Hall",
        accessibility_notes="Step-free",
        booking_closes_at=day(8),
    )
    make_booking(event)
    make_booking(event, status=Booking.Status.WAITLISTED)

    body = client.get(EVENTS).json()["results"][0]

    assert body["uuid"] == str(event.uuid)
    assert body["url"] == f"http://127.0.0.1:8000/training/events/{event.uuid}/"
    assert body["status"] == "scheduled"
    assert body["course"] == {
        "uuid": str(course.uuid),
        "slug": "neglect-basics",
        "title": "Neglect basics",
        "summary": course.summary,
        "level": 2,
        "delivery_mode": "in-person",
        "duration_hours": 3.0,
        "needs_manager_approval": True,
        "themes": ["neglect"],
        "url": "http://127.0.0.1:8000/training/courses/neglect-basics/",
    }
    assert len(body["sessions"]) == 2
    assert body["venue"] == {
        "name": "County Hall",
        "address": "1 Example Street\nExampletown\nEX1 1AA",
        "accessibility_notes": "Step-free",
    }
    assert (body["capacity"], body["places_left"], body["booking_open"]) == (10, 9, True)
    assert body["booking_opens_at"] is None
    assert body["booking_closes_at"].startswith(str(FROZEN_NOW.date() + timedelta(days=8)))


def test_online_events_have_no_venue_and_never_the_joining_link(client, frozen_now):
    course = make_course(delivery_mode=Course.DeliveryMode.LIVE_ONLINE)
    make_event(course, starts_at=day(10), joining_link="https://meet.example.org/secret-room")

    response = client.get(EVENTS)

    assert response.json()["results"][0]["venue"] is None
    assert b"secret-room" not in response.content


def test_events_can_be_filtered_by_theme_level_and_dates(client, frozen_now):
    neglect = Theme.objects.create(name="Neglect", slug="neglect")
    make_event(make_course("Neglect L2", level=2, themes=[neglect]), starts_at=day(5))
    make_event(make_course("Neglect L3", level=3, themes=[neglect]), starts_at=day(15))
    make_event(make_course("Other L3", level=3), starts_at=day(25))

    assert titles(client.get(EVENTS, {"theme": "neglect"}).json()) == ["Neglect L2", "Neglect L3"]
    assert titles(client.get(EVENTS, {"level": 3}).json()) == ["Neglect L3", "Other L3"]
    window = {"from": str(FROZEN_NOW.date() + timedelta(days=15)), "to": str(FROZEN_NOW.date() + timedelta(days=25))}
    assert titles(client.get(EVENTS, window).json()) == ["Neglect L3", "Other L3"]
    assert titles(client.get(EVENTS, {**window, "theme": "neglect", "level": 3}).json()) == ["Neglect L3"]


def test_pages_link_to_each_other_keeping_the_filters(client, frozen_now):
    for number in range(5):
        make_event(make_course(f"Course {number}", level=2), starts_at=day(5 + number))

    first = client.get(EVENTS, {"level": 2, "page_size": 2}).json()
    last = client.get(EVENTS, {"level": 2, "page_size": 2, "page": 3}).json()

    assert (first["count"], first["pages"]) == (5, 3)
    assert titles(first) == ["Course 0", "Course 1"]
    assert first["next"] == "http://127.0.0.1:8000/api/v1/events/?level=2&page_size=2&page=2"
    assert titles(last) == ["Course 4"]
    assert last["next"] is None
    assert last["previous"] == "http://127.0.0.1:8000/api/v1/events/?level=2&page_size=2&page=2"


def test_a_page_past_the_end_is_empty(client, frozen_now):
    make_event(make_course(), starts_at=day(5))
    body = client.get(EVENTS, {"page": 4}).json()
    assert (body["count"], body["results"]) == (1, [])


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"theme": "no-such-theme"}, "theme", "There is no practice theme with the slug 'no-such-theme'"),
        ({"level": 5}, "level", None),
        ({"from": "next tuesday"}, "from", None),
        (
            {"from": "2025-06-10", "to": "2025-06-01"},
            "to",
            "The 'to' date must be the same as or after the 'from' date",
        ),
        ({"page": 0}, "page", None),
        ({"page_size": 500}, "page_size", None),
    ],
)
def test_bad_filters_are_refused_with_422_naming_the_field(client, frozen_now, query, field, message):
    response = client.get(EVENTS, query)

    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "The request is not valid. Correct the fields listed in 'errors'."
    assert [(error["location"], error["field"]) for error in body["errors"]] == [("query", field)]
    if message:
        assert body["errors"][0]["message"] == message


def test_listing_events_takes_the_same_queries_for_1_and_50_events(client, frozen_now):
    theme = Theme.objects.create(name="Neglect", slug="neglect")

    def add_events(count):
        for _ in range(count):
            event = make_event(make_course(themes=[theme]), starts_at=day(5), days=2)
            make_booking(event)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            body = client.get(EVENTS, {"page_size": 100}).json()
        return len(captured.captured_queries), body

    add_events(1)
    few, _ = queries()
    add_events(49)
    many, body = queries()
    assert many == few
    assert len(body["results"]) == 50


def test_one_event_can_be_read_by_its_uuid_even_after_it_has_taken_place(client, frozen_now):
    event = make_event(make_course("Past course"), starts_at=day(-10), capacity=5)
    make_booking(event, status=Booking.Status.ATTENDED)

    response = client.get(f"{EVENTS}{event.uuid}")

    assert response.status_code == 200
    body = response.json()
    assert (body["uuid"], body["places_left"], body["booking_open"]) == (str(event.uuid), 4, False)


@pytest.mark.parametrize("published", [False, None])
def test_an_event_of_an_unpublished_course_or_an_unknown_event_is_404(client, frozen_now, published):
    uuid = make_event(make_course(is_published=False), starts_at=day(5)).uuid if published is False else uuid4()

    response = client.get(f"{EVENTS}{uuid}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_malformed_event_id_is_refused_with_422(client, db):
    response = client.get(f"{EVENTS}not-a-uuid")
    assert response.status_code == 422
    assert [(error["location"], error["field"]) for error in response.json()["errors"]] == [("path", "uuid")]
