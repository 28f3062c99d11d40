"""/training/courses/<slug>/: everything about a course, its dates and the viewer's action on each."""

from datetime import timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from hub.core.formatting import hours_in_words
from hub.core.models import AuditEntry, Theme
from hub.testing import assert_same_query_count, make_user
from hub.training.models import Booking, Course, Event
from hub.training.tests.conftest import FROZEN_NOW
from hub.training.tests.factories import (
    local_datetime,
    make_booking,
    make_course,
    make_course_waiting_list_entry,
    make_event,
    training_settings,
)
from hub.training.views.programme import charges_in_words

pytestmark = pytest.mark.django_db


def day(days: int):
    return local_datetime(FROZEN_NOW.date() + timedelta(days=days))


def url(course) -> str:
    return reverse("training:course", kwargs={"slug": course.slug})


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def summary(soup) -> dict[str, str]:
    return {
        row.select_one("dt").get_text(" ", strip=True): row.select_one("dd").get_text(" ", strip=True)
        for row in soup.select(".govuk-summary-list__row")
    }


def date_rows(soup) -> list[str]:
    return [row.get_text(" ", strip=True) for row in soup.select("#dates + table tbody tr")]


@pytest.fixture
def course(db):
    neglect = Theme.objects.create(name="Neglect", slug="neglect")
    harm = Theme.objects.create(name="Cumulative harm and risk assessment", slug="cumulative-harm")
    earlier = make_course("Neglect awareness", level=1)
    trainer = make_user(first_name="Tara", last_name="Trainer")
    return make_course(
        "Neglect: assessing cumulative harm",
        slug="neglect-cumulative-harm",
        summary="How neglect builds up over time and how to evidence it.",
        learning_outcomes="Recognise the signs of neglect\n\nUse the neglect toolkit\n",
        level=3,
        audience="Practitioners who hold case responsibility",
        themes=[neglect, harm],
        delivery_mode=Course.DeliveryMode.IN_PERSON,
        duration_hours=Decimal("6.5"),
        prerequisite_course=earlier,
        trainers=[trainer],
        needs_manager_approval=True,
        late_cancellation_charge=Decimal("50"),
        non_attendance_charge=Decimal("90"),
        charge_schools_full_cost=True,
        full_cost=Decimal("120.50"),
    )


def test_the_course_page_describes_the_course(client, frozen_now, course):
    soup = soup_of(client.get(url(course)))

    assert soup.h1.get_text(strip=True) == "Neglect: assessing cumulative harm"
    assert [li.get_text() for li in soup.select("ul.govuk-list--bullet li")] == [
        "Recognise the signs of neglect",
        "Use the neglect toolkit",
    ]
    details = summary(soup)
    assert details["Level"].startswith("Level 3: advanced")
    assert details["Who it is for"] == "Practitioners who hold case responsibility"
    assert details["Practice themes"] == "Cumulative harm and risk assessment Neglect"
    assert details["How it is delivered"] == "In person"
    assert details["Length"] == "6.5 hours"
    assert details["Before you book"] == "You need to have attended the course below first. Neglect awareness"
    assert details["Line manager approval"].startswith("Needed.")
    assert details["Trainer"] == "Tara Trainer"
    assert soup.find("a", string="What the training levels mean")["href"] == reverse("training:levels") + "#level-3"
    assert soup.find("a", string="Neglect awareness")["href"] == reverse(
        "training:course", kwargs={"slug": course.prerequisite_course.slug}
    )


def test_the_charges_are_given_in_plain_words(client, frozen_now, course):
    html = client.get(url(course)).content.decode()

    assert "If you cancel less than 3 working days before the course starts, your agency is charged £50." in html
    assert "If you do not attend, your agency is charged £90." in html
    assert "Schools and colleges are charged the full cost of £120.50 instead" in html


def test_charges_follow_the_cancellation_period_in_the_settings(client, frozen_now, course):
    training_settings(cancellation_working_days=5)
    assert "less than 5 working days before" in client.get(url(course)).content.decode()


def test_a_free_course_without_charges_says_so():
    course = Course(title="Free", duration_hours=Decimal("3"))
    assert charges_in_words(course, 1) == [
        "There is no charge for a place on this course.",
        "You can cancel free of charge up to 1 working day before the course starts.",
        "Please cancel as early as you can so someone on the waiting list can have your place.",
    ]


@pytest.mark.parametrize(
    ("hours", "words"), [(Decimal("1.0"), "1 hour"), (Decimal("3.0"), "3 hours"), (Decimal("6.5"), "6.5 hours")]
)
def test_the_length_is_given_in_hours(hours, words):
    assert hours_in_words(hours) == words


def test_a_prerequisite_level_is_explained(client, frozen_now):
    course = make_course("Advanced", prerequisite_level=2)
    assert summary(soup_of(client.get(url(course))))["Before you book"] == (
        "You need to have attended a level 2 course or above first."
    )


def test_the_dates_show_venue_places_and_link_to_each_event(client, frozen_now, course):
    first = make_event(course, starts_at=day(10), capacity=10, venue_name="Council Offices")
    make_booking(first)
    second = make_event(course, starts_at=day(20), days=2)
    make_event(course, starts_at=day(-5))  # past: not listed

    response = client.get(url(course))
    soup = soup_of(response)

    rows = date_rows(soup)
    assert len(rows) == 2
    assert "Council Offices" in rows[0] and "9 places left" in rows[0]
    assert "2 sessions" in rows[1]
    html = response.content.decode()
    assert reverse("training:event", kwargs={"uuid": first.uuid}) in html
    assert reverse("training:event", kwargs={"uuid": second.uuid}) in html


def test_the_course_page_never_shows_a_joining_link(client_for, personas, frozen_now):
    course = make_course(delivery_mode=Course.DeliveryMode.LIVE_ONLINE)
    event = make_event(course, starts_at=day(10), joining_link="https://meet.example.org/secret-room")
    make_booking(event, personas.practitioner)

    html = client_for(personas.practitioner).get(url(course)).content.decode()

    assert "secret-room" not in html
    assert "Online" in html


def test_anyone_signed_out_is_offered_book_and_join_the_waiting_list_links(client, frozen_now, course):
    open_event = make_event(course, starts_at=day(10), capacity=2)
    full = make_event(course, starts_at=day(11), capacity=1)
    make_booking(full)

    soup = soup_of(client.get(url(course)))

    book = soup.select_one(f'a[href="{reverse("training:event-book", kwargs={"uuid": open_event.uuid})}"]')
    assert book.get_text(" ", strip=True).startswith("Book")
    wait = soup.select_one(f'a[href="{reverse("training:event-book", kwargs={"uuid": full.uuid})}"]')
    assert wait.get_text(" ", strip=True).startswith("Join the waiting list")
    assert "Full" in date_rows(soup)[1]


def test_dates_not_yet_open_or_closed_for_booking_say_so(client, frozen_now, course):
    make_event(course, starts_at=day(30), booking_opens_at=day(10))
    make_event(course, starts_at=day(31), booking_closes_at=day(-1))

    rows = date_rows(soup_of(client.get(url(course))))

    assert f"Booking opens {(FROZEN_NOW.date() + timedelta(days=10)):%-d %B %Y} at 9:30am" in rows[0]
    assert "Booking closed" in rows[1]
    assert "training/events" not in "".join(rows)


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (Booking.Status.CONFIRMED, "You are booked"),
        (Booking.Status.WAITLISTED, "You are on the waiting list"),
        (Booking.Status.PENDING_APPROVAL, "Waiting for your manager's approval"),
        (Booking.Status.OFFERED, "Place offered to you"),
    ],
)
def test_a_practitioner_sees_their_own_booking_instead_of_book(client_for, personas, frozen_now, course, status, words):
    event = make_event(course, starts_at=day(10))
    make_booking(event, personas.practitioner, status=status)

    soup = soup_of(client_for(personas.practitioner).get(url(course)))

    assert words in date_rows(soup)[0]
    assert not soup.select(f'a[href="{reverse("training:event-book", kwargs={"uuid": event.uuid})}"]')


def test_someone_elses_booking_does_not_change_what_a_practitioner_sees(client_for, personas, frozen_now, course):
    event = make_event(course, starts_at=day(10))
    make_booking(event, personas.spoc_a)
    make_booking(event, personas.practitioner, status=Booking.Status.CANCELLED)

    soup = soup_of(client_for(personas.practitioner).get(url(course)))

    assert soup.select(f'a[href="{reverse("training:event-book", kwargs={"uuid": event.uuid})}"]')
    assert "You are booked" not in date_rows(soup)[0]


def test_people_can_join_the_waiting_list_for_any_date(client, frozen_now, course):
    soup = soup_of(client.get(url(course)))
    link = soup.select_one(f'a[href="{reverse("training:course-wait", kwargs={"slug": course.slug})}"]')
    assert link.get_text(strip=True) == "Join the waiting list for any date"
    assert "There are no dates for this course at the moment." in soup.get_text()


def test_someone_already_waiting_for_any_date_is_told_so(client_for, personas, frozen_now, course):
    make_course_waiting_list_entry(course, personas.practitioner)

    html = client_for(personas.practitioner).get(url(course)).content.decode()

    assert "You are on the waiting list for any date of this course." in html
    assert reverse("training:course-wait", kwargs={"slug": course.slug}) not in html


def test_an_unpublished_course_is_not_found_for_the_public_and_logged(client, client_for, personas, frozen_now):
    draft = make_course("Draft course", is_published=False)

    assert client.get(url(draft)).status_code == 404
    assert client_for(personas.practitioner).get(url(draft)).status_code == 404
    assert AuditEntry.objects.filter(action="core.permission.refused", data__what=f"course {draft.slug}").exists()


def test_the_business_unit_and_the_courses_trainer_can_check_an_unpublished_course(client_for, personas, frozen_now):
    trainer = make_user()
    draft = make_course("Draft course", is_published=False, trainers=[trainer])

    for person in (personas.business_unit, trainer):
        html = client_for(person).get(url(draft)).content.decode()
        assert "This course is not published" in html
        assert "Join the waiting list for any date" not in html


def test_an_unknown_course_is_not_found(client, db):
    assert client.get(reverse("training:course", kwargs={"slug": "no-such-course"})).status_code == 404


def test_a_cancelled_date_is_not_listed(client, frozen_now, course):
    cancelled = make_event(course, starts_at=day(10))
    Event.objects.filter(pk=cancelled.pk).update(status=Event.Status.CANCELLED, cancelled_at=FROZEN_NOW)
    assert date_rows(soup_of(client.get(url(course)))) == []


def test_the_course_page_takes_the_same_queries_for_1_and_50_dates(client_for, personas, frozen_now, course):
    def add_dates(count):
        for number in range(count):
            event = make_event(course, starts_at=day(10 + number), days=2)
            make_booking(event, personas.practitioner if number % 2 else None)

    response = assert_same_query_count(client_for(personas.practitioner), url(course), add_dates)
    assert len(date_rows(soup_of(response))) == 50
