"""/training/events/<uuid>/: sessions, venue, places, booking window, and who sees the joining link."""

from datetime import timedelta
from uuid import uuid4

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from hub.core import roles
from hub.testing import make_user
from hub.training.models import Booking, Course, Event, EventSession
from hub.training.tests.conftest import FROZEN_NOW
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event, make_week

pytestmark = pytest.mark.django_db

JOINING_LINK = "https://meet.example.org/join/room-42"
ELEARNING_LINK = "https://learn.example.org/course/neglect"


def day(days: int):
    return local_datetime(FROZEN_NOW.date() + timedelta(days=days))


def url(event) -> str:
    return reverse("training:event", kwargs={"uuid": event.uuid})


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def summary(soup) -> dict[str, str]:
    return {
        row.select_one("dt").get_text(" ", strip=True): row.select_one("dd").get_text(" ", strip=True)
        for row in soup.select(".govuk-summary-list__row")
    }


@pytest.fixture
def online_event(db):
    course = make_course("Online safety", delivery_mode=Course.DeliveryMode.LIVE_ONLINE)
    return make_event(course, starts_at=day(10), joining_link=JOINING_LINK, venue_name="", venue_address="")


def test_the_event_page_lists_each_session_of_a_multi_day_course(client, frozen_now):
    event = make_event(make_course("Two-day course"), starts_at=day(13), days=2, hours=6)
    first, second = event.sessions.all()
    EventSession.objects.filter(pk=first.pk).update(title="Day 1")

    soup = soup_of(client.get(url(event)))

    sessions = [li.get_text(" ", strip=True) for li in soup.select("ul.govuk-list--bullet li")]
    assert sessions == [
        f"Day 1: {first.starts_at.astimezone(FROZEN_NOW.tzinfo):%A %-d %B %Y}, 9:30am to 3:30pm",
        f"{second.starts_at.astimezone(FROZEN_NOW.tzinfo):%A %-d %B %Y}, 9:30am to 3:30pm",
    ]
    assert "This course has 2 sessions" in soup.get_text()


def test_an_in_person_event_shows_the_venue_address_and_access_notes(client, frozen_now):
    event = make_event(
        make_course("In person"),
        starts_at=day(10),
        venue_name="County Hall",
        venue_address="Main Street\nExampletown",
        accessibility_notes="Step-free access from the car park; hearing loop in room 2.",
    )

    text = soup_of(client.get(url(event))).get_text(" ", strip=True)

    assert "County Hall Main Street Exampletown" in text
    assert "Step-free access from the car park; hearing loop in room 2." in text


def test_places_booking_window_and_free_cancellation_deadline_are_shown(client, frozen_now):
    # Frozen on Thursday 1 May 2025; the course starts on Monday 2 June 2025.
    event = make_event(
        make_course(),
        starts_at=local_datetime(FROZEN_NOW.date().replace(month=6, day=2)),
        capacity=12,
        booking_opens_at=day(-5),
        booking_closes_at=local_datetime(FROZEN_NOW.date().replace(day=28), hour=17, minute=0),
    )
    make_booking(event)
    make_booking(event, status=Booking.Status.WAITLISTED)

    details = summary(soup_of(client.get(url(event))))

    assert details["Places"] == "11 places left of 12"
    assert details["Booking opens"] == "26 April 2025 at 9:30am"
    assert details["Booking closes"] == "28 May 2025 at 5pm"
    assert details["Cancel free of charge until"] == "Wednesday 28 May 2025"


def test_a_full_event_offers_the_waiting_list(client, frozen_now):
    event = make_event(make_course(), starts_at=day(10), capacity=1)
    make_booking(event)

    soup = soup_of(client.get(url(event)))

    assert summary(soup)["Places"] == "Full of 1. You can join the waiting list."
    link = soup.select_one(f'#booking a[href="{reverse("training:event-book", kwargs={"uuid": event.uuid})}"]')
    assert link.get_text(" ", strip=True).startswith("Join the waiting list")


def test_a_confirmed_delegate_sees_the_joining_link(client_for, personas, frozen_now, online_event):
    make_booking(online_event, personas.practitioner)

    soup = soup_of(client_for(personas.practitioner).get(url(online_event)))

    assert soup.select_one("#joining-link a")["href"] == JOINING_LINK
    assert "You are booked" in soup.select_one("#booking").get_text()


@pytest.mark.parametrize(
    "status",
    [Booking.Status.WAITLISTED, Booking.Status.PENDING_APPROVAL, Booking.Status.OFFERED, Booking.Status.CANCELLED],
)
def test_people_without_a_confirmed_place_do_not_see_the_joining_link(
    client_for, personas, frozen_now, online_event, status
):
    make_booking(online_event, personas.practitioner, status=status)

    html = client_for(personas.practitioner).get(url(online_event)).content.decode()

    assert JOINING_LINK not in html
    assert "Delegates with a confirmed place get the joining link" in html


def test_other_people_and_visitors_do_not_see_the_joining_link(client, client_for, personas, frozen_now, online_event):
    make_booking(online_event, personas.practitioner)

    assert JOINING_LINK not in client.get(url(online_event)).content.decode()
    for person in (personas.outsider, personas.spoc_a, personas.manager, personas.executive, personas.scrutineer):
        assert JOINING_LINK not in client_for(person).get(url(online_event)).content.decode(), person.email


def test_the_events_trainer_and_the_business_unit_see_the_joining_link(client_for, personas, frozen_now, online_event):
    trainer = make_user(roles_=(roles.TRAINER,))
    online_event.trainers.set([trainer])
    course_trainer_only = make_user(roles_=(roles.TRAINER,))
    online_event.course.trainers.set([course_trainer_only])

    assert JOINING_LINK in client_for(trainer).get(url(online_event)).content.decode()
    assert JOINING_LINK in client_for(personas.business_unit).get(url(online_event)).content.decode()
    # The event names its own trainers, so the course's trainer does not deliver this date.
    assert JOINING_LINK not in client_for(course_trainer_only).get(url(online_event)).content.decode()


def test_the_e_learning_link_is_for_confirmed_delegates(client, client_for, personas, frozen_now):
    course = make_course(
        "Awareness e-learning", delivery_mode=Course.DeliveryMode.ELEARNING, elearning_url=ELEARNING_LINK
    )
    event = make_event(course, starts_at=day(10))
    make_booking(event, personas.practitioner)

    soup = soup_of(client_for(personas.practitioner).get(url(event)))
    assert soup.select_one("#elearning-link a")["href"] == ELEARNING_LINK
    assert ELEARNING_LINK not in client_for(personas.spoc_a).get(url(event)).content.decode()
    assert ELEARNING_LINK not in client.get(url(event)).content.decode()


def test_a_cancelled_event_says_so_and_offers_no_booking(client, frozen_now):
    event = make_event(make_course(), starts_at=day(10))
    Event.objects.filter(pk=event.pk).update(
        status=Event.Status.CANCELLED, cancelled_at=FROZEN_NOW, cancellation_reason="The trainer is unwell."
    )

    soup = soup_of(client.get(url(event)))

    assert "This date has been cancelled. The trainer is unwell." in soup.get_text(" ", strip=True)
    assert not soup.select(f'a[href="{reverse("training:event-book", kwargs={"uuid": event.uuid})}"]')


def test_a_past_event_says_it_has_taken_place(client, frozen_now):
    event = make_event(make_course(), starts_at=day(-10))
    soup = soup_of(client.get(url(event)))
    assert "This course has taken place." in soup.get_text()
    assert not soup.select("#booking")


def test_an_event_of_an_unpublished_course_is_not_found_except_for_staff(client, client_for, personas, frozen_now):
    event = make_event(make_course(is_published=False), starts_at=day(10))

    assert client.get(url(event)).status_code == 404
    assert client_for(personas.practitioner).get(url(event)).status_code == 404
    assert "This course is not published" in client_for(personas.business_unit).get(url(event)).content.decode()


def test_an_unknown_event_is_not_found(client, db):
    assert client.get(reverse("training:event", kwargs={"uuid": uuid4()})).status_code == 404


def test_a_session_of_a_published_safeguarding_week_links_to_the_week(client, frozen_now):
    week = make_week("Safeguarding week", is_published=True)
    event = make_event(make_course(), starts_at=day(10), week=week)
    assert reverse("training:week", kwargs={"slug": week.slug}) in client.get(url(event)).content.decode()


def test_the_event_page_links_back_to_the_course(client, frozen_now):
    event = make_event(make_course("Linked course"), starts_at=day(10))
    soup = soup_of(client.get(url(event)))
    crumbs = [a["href"] for a in soup.select(".govuk-breadcrumbs a")]
    assert crumbs == [
        "/",
        reverse("training:programme"),
        reverse("training:course", kwargs={"slug": event.course.slug}),
    ]
