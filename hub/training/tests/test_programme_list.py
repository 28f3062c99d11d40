"""/training/: the public programme, its filters, pagination and bounded queries."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from hub.core.models import Theme
from hub.testing import assert_same_query_count
from hub.training.models import Booking, Course, Event
from hub.training.tests.conftest import FROZEN_NOW
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event, make_week

pytestmark = pytest.mark.django_db
URL = reverse("training:programme")


def day(days: int):
    return local_datetime(FROZEN_NOW.date() + timedelta(days=days))


def status_text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").select_one('[role="status"]').get_text(" ", strip=True)


def course_titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [heading.get_text(strip=True) for heading in soup.select("#courses h2")]


def test_anyone_sees_published_courses_with_upcoming_dates_soonest_first(client, frozen_now):
    later = make_course("Neglect: recognising and responding")
    make_event(later, starts_at=day(40))
    sooner = make_course("Voice of the child")
    make_event(sooner, starts_at=day(10))

    response = client.get(URL)

    assert response.status_code == 200
    assert course_titles(response) == ["Voice of the child", "Neglect: recognising and responding"]
    assert status_text(response) == "2 courses."


def test_unpublished_courses_past_dates_and_cancelled_dates_are_not_listed(client, frozen_now):
    make_event(make_course("Draft course", is_published=False), starts_at=day(10))
    make_event(make_course("Last year's course"), starts_at=day(-10))
    cancelled = make_event(make_course("Cancelled course"), starts_at=day(10))
    Event.objects.filter(pk=cancelled.pk).update(status=Event.Status.CANCELLED, cancelled_at=FROZEN_NOW)
    make_course("Course without dates")
    make_event(make_course("Running course"), starts_at=day(10))

    assert course_titles(client.get(URL)) == ["Running course"]


def test_each_course_shows_its_next_dates_with_places_left_and_links_to_them(client, frozen_now):
    course = make_course("Cumulative harm", level=3)
    first = make_event(course, starts_at=day(10), capacity=2)
    make_booking(first)
    full = make_event(course, starts_at=day(20), capacity=1)
    make_booking(full)
    make_event(course, starts_at=day(30), capacity=12)
    make_event(course, starts_at=day(40))
    make_event(course, starts_at=day(50))

    response = client.get(URL)
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")

    rows = [row.get_text(" ", strip=True) for row in soup.select("#courses tbody tr")]
    assert len(rows) == 3
    assert "1 place left" in rows[0]
    assert "Full (waiting list)" in rows[1]
    assert "12 places left" in rows[2]
    assert reverse("training:event", kwargs={"uuid": first.uuid}) in html
    assert "See 2 more dates" in html
    assert reverse("training:course", kwargs={"slug": course.slug}) in html
    assert "Level 3" in html


def test_a_multi_day_course_shows_its_first_and_last_day(client, frozen_now):
    make_event(make_course("Two-day course"), starts_at=day(13), days=2)

    text = BeautifulSoup(client.get(URL).content, "html.parser").select_one("#courses tbody").get_text(" ", strip=True)

    first, last = (FROZEN_NOW.date() + timedelta(days=13)), (FROZEN_NOW.date() + timedelta(days=14))
    assert f"{first:%-d %B %Y} to {last:%-d %B %Y}" in text


def test_filtering_by_theme_lists_only_courses_with_that_theme(client, frozen_now):
    neglect = Theme.objects.create(name="Neglect", slug="neglect")
    voice = Theme.objects.create(name="Voice of the child", slug="voice")
    make_event(make_course("Neglect course", themes=[neglect, voice]), starts_at=day(10))
    make_event(make_course("Voice course", themes=[voice]), starts_at=day(11))

    assert course_titles(client.get(URL, {"theme": "neglect"})) == ["Neglect course"]
    assert course_titles(client.get(URL, {"theme": "voice"})) == ["Neglect course", "Voice course"]


def test_filtering_by_level_and_delivery_mode(client, frozen_now):
    make_event(make_course("Level 1 online", level=1, delivery_mode=Course.DeliveryMode.LIVE_ONLINE), starts_at=day(5))
    make_event(make_course("Level 3 in person", level=3), starts_at=day(6))
    make_event(make_course("Level 3 online", level=3, delivery_mode=Course.DeliveryMode.LIVE_ONLINE), starts_at=day(7))

    assert course_titles(client.get(URL, {"level": "3"})) == ["Level 3 in person", "Level 3 online"]
    assert course_titles(client.get(URL, {"mode": "live-online"})) == ["Level 1 online", "Level 3 online"]
    assert course_titles(client.get(URL, {"level": "3", "mode": "live-online"})) == ["Level 3 online"]


def test_filtering_by_month_lists_courses_with_a_date_that_month_and_only_those_dates(client, frozen_now):
    # Frozen on 1 May 2025: June dates are 31 days or more ahead.
    course = make_course("Safer recruitment")
    may = make_event(course, starts_at=local_datetime(FROZEN_NOW.date().replace(day=20)))
    june = make_event(course, starts_at=local_datetime(FROZEN_NOW.date().replace(month=6, day=10)))
    make_event(make_course("May only"), starts_at=local_datetime(FROZEN_NOW.date().replace(day=21)))

    response = client.get(URL, {"month": "2025-06"})
    html = response.content.decode()

    assert course_titles(response) == ["Safer recruitment"]
    assert reverse("training:event", kwargs={"uuid": june.uuid}) in html
    assert reverse("training:event", kwargs={"uuid": may.uuid}) not in html


def test_filtering_by_availability_separates_dates_with_places_from_full_dates(client, frozen_now):
    open_course = make_course("Has places")
    make_event(open_course, starts_at=day(10), capacity=3)
    full_course = make_course("Fully booked")
    full = make_event(full_course, starts_at=day(11), capacity=1)
    make_booking(full)
    # A live offer holds a place too.
    offered = make_event(make_course("Offer pending"), starts_at=day(12), capacity=1)
    make_booking(offered, status=Booking.Status.OFFERED)

    assert course_titles(client.get(URL, {"availability": "places"})) == ["Has places"]
    assert course_titles(client.get(URL, {"availability": "waiting-list"})) == ["Fully booked", "Offer pending"]
    assert course_titles(client.get(URL, {"availability": ""})) == ["Has places", "Fully booked", "Offer pending"]


def test_the_filter_form_keeps_the_chosen_values_and_offers_to_clear_them(client, frozen_now):
    Theme.objects.create(name="Neglect", slug="neglect")

    response = client.get(URL, {"theme": "neglect", "level": "2", "month": "2025-07", "availability": "places"})
    soup = BeautifulSoup(response.content, "html.parser")

    assert soup.select_one('select[name="theme"] option[selected]')["value"] == "neglect"
    assert soup.select_one('select[name="level"] option[selected]')["value"] == "2"
    assert soup.select_one('select[name="month"] option[selected]').get_text() == "July 2025"
    assert soup.select_one('select[name="availability"] option[selected]')["value"] == "places"
    assert soup.find("a", string="Clear filters")["href"] == URL
    assert soup.select_one("form")["method"] == "get"


def test_the_month_filter_offers_this_month_and_the_next_eleven(client, frozen_now):
    soup = BeautifulSoup(client.get(URL).content, "html.parser")
    months = [option.get_text() for option in soup.select('select[name="month"] option')]
    assert months[0] == "Any month"
    assert months[1] == "May 2025"
    assert months[-1] == "April 2026"
    assert len(months) == 13


def test_a_filter_value_not_in_its_list_is_reported_and_ignored(client, frozen_now):
    make_event(make_course("Still listed"), starts_at=day(10))

    response = client.get(URL, {"month": "1999-01", "level": "9", "theme": "no-such-theme"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Select a month from the list" in html
    assert "Select a level from the list" in html
    assert "Select a practice theme from the list" in html
    assert course_titles(response) == ["Still listed"]


def test_no_matches_says_so_and_links_to_the_whole_programme(client, frozen_now):
    make_event(make_course("Level 2 course", level=2), starts_at=day(10))

    response = client.get(URL, {"level": "4"})

    assert "No courses with dates match the filters" in response.content.decode()
    assert status_text(response) == "0 courses match the filters."


def undated_titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [link.get_text(strip=True) for link in soup.select("#undated-courses a")]


def test_published_courses_without_dates_to_come_are_listed_after_the_dated_ones(client, frozen_now):
    make_event(make_course("Dated course"), starts_at=day(10))
    elearning = make_course(
        "Awareness e-learning", delivery_mode=Course.DeliveryMode.ELEARNING, elearning_url="https://learn.example.org/"
    )
    make_event(make_course("Ran last year"), starts_at=day(-300))
    make_course("Draft without dates", is_published=False)

    response = client.get(URL)

    assert course_titles(response) == ["Dated course"]
    assert undated_titles(response) == ["Awareness e-learning", "Ran last year"]
    assert reverse("training:course", kwargs={"slug": elearning.slug}) in response.content.decode()


def test_courses_without_dates_follow_the_course_filters_but_not_the_date_filters(client, frozen_now):
    make_course("Level 1 without dates", level=1)
    make_course("Level 4 without dates", level=4)

    assert undated_titles(client.get(URL, {"level": "4"})) == ["Level 4 without dates"]
    assert undated_titles(client.get(URL, {"month": "2025-06"})) == []
    assert undated_titles(client.get(URL, {"availability": "places"})) == []
    assert undated_titles(client.get(URL, {"month": "1999-01"})) == ["Level 1 without dates", "Level 4 without dates"]


def test_with_no_dates_at_all_the_programme_says_so(client, frozen_now):
    make_course("Waiting for dates")

    response = client.get(URL)

    assert "There are no course dates in the programme at the moment." in response.content.decode()
    assert undated_titles(response) == ["Waiting for dates"]


def test_courses_without_dates_are_on_the_last_page_only(client, frozen_now):
    for number in range(21):
        make_event(make_course(f"Course {number:02d}"), starts_at=day(10 + number))
    make_course("No dates")

    assert undated_titles(client.get(URL)) == []
    assert undated_titles(client.get(URL, {"page": "2"})) == ["No dates"]


def test_pages_of_twenty_courses_keep_the_filters_in_their_links(client, frozen_now):
    for number in range(25):
        make_event(make_course(f"Course {number:02d}", level=2), starts_at=day(10 + number))

    first = client.get(URL, {"level": "2"})
    second = client.get(URL, {"level": "2", "page": "2"})

    assert len(course_titles(first)) == 20
    assert course_titles(second) == [f"Course {number:02d}" for number in range(20, 25)]
    soup = BeautifulSoup(first.content, "html.parser")
    assert soup.select_one('a[rel="next"]')["href"] == "?level=2&page=2"
    assert status_text(first) == "25 courses match the filters, showing 1 to 20."
    assert "(page 2 of 2)" in second.content.decode()


def test_a_page_number_past_the_end_shows_the_last_page(client, frozen_now):
    make_event(make_course("Only course"), starts_at=day(10))
    assert course_titles(client.get(URL, {"page": "99"})) == ["Only course"]
    assert course_titles(client.get(URL, {"page": "not-a-number"})) == ["Only course"]


def test_published_safeguarding_weeks_still_to_come_are_linked(client, frozen_now):
    week = make_week("Safeguarding week 2025", is_published=True, starts_on=FROZEN_NOW.date() + timedelta(days=20))
    make_week("Draft week", is_published=False)
    make_week("Last year's week", is_published=True, starts_on=FROZEN_NOW.date() - timedelta(days=300))

    html = client.get(URL).content.decode()

    assert reverse("training:week", kwargs={"slug": week.slug}) in html
    assert "Draft week" not in html
    assert "Last year's week" not in html


def week_cards(response, list_id: str = "safeguarding-weeks") -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [item.get_text(" ", strip=True) for item in soup.select(f"#{list_id} > li")]


def test_a_safeguarding_week_is_one_card_and_its_sessions_are_not_listed_as_courses(client, frozen_now):
    week = make_week("Safeguarding week 2025", is_published=True, starts_on=FROZEN_NOW.date() + timedelta(days=32))
    for number in range(3):
        make_event(make_course(f"Week session {number}"), starts_at=day(32 + number), week=week)
    regular = make_course("Neglect toolkit")
    make_event(regular, starts_at=day(33), week=week)
    make_event(regular, starts_at=day(50))

    response = client.get(URL)

    assert week_cards(response) == ["Safeguarding week 2025 2 June to 6 June 2025 · 4 sessions"]
    card = BeautifulSoup(response.content, "html.parser").select_one("#safeguarding-weeks a")
    assert card["href"] == reverse("training:week", kwargs={"slug": week.slug})
    assert course_titles(response) == ["Neglect toolkit"]
    dates = BeautifulSoup(response.content, "html.parser").select("#courses tbody tr")
    assert len(dates) == 1 and "20 June 2025" in dates[0].get_text()  # the week's date is on the week's card
    assert undated_titles(response) == []
    assert status_text(response) == "1 course."


def test_sessions_of_a_draft_week_stay_listed_as_course_dates(client, frozen_now):
    draft = make_week("Draft week", is_published=False, starts_on=FROZEN_NOW.date() + timedelta(days=32))
    make_event(make_course("Session in a draft week"), starts_at=day(32), week=draft)

    response = client.get(URL)

    assert week_cards(response) == []
    assert course_titles(response) == ["Session in a draft week"]


def test_week_cards_follow_the_filters(client, frozen_now):
    week = make_week("Safeguarding week 2025", is_published=True, starts_on=FROZEN_NOW.date() + timedelta(days=32))
    make_event(make_course("Level 1 session", level=1), starts_at=day(32), week=week)
    make_event(make_course("Level 3 session", level=3), starts_at=day(33), week=week)
    make_week("Week still being planned", is_published=True, starts_on=FROZEN_NOW.date() + timedelta(days=90))

    assert week_cards(client.get(URL)) == [
        "Safeguarding week 2025 2 June to 6 June 2025 · 2 sessions",
        "Week still being planned 30 July to 3 August 2025 · Sessions to be announced",
    ]
    assert week_cards(client.get(URL, {"level": "3"})) == [
        "Safeguarding week 2025 2 June to 6 June 2025 · 2 sessions (1 matches the filters)"
    ]
    assert week_cards(client.get(URL, {"level": "4"})) == []
    assert week_cards(client.get(URL, {"month": "2025-07"})) == []


def test_sessions_of_an_earlier_week_are_not_courses_without_dates_but_their_week_is_linked(client, frozen_now):
    past = make_week("Safeguarding week 2024", is_published=True, starts_on=FROZEN_NOW.date() - timedelta(days=200))
    make_event(make_course("Last year's session", level=1), starts_at=day(-200), week=past)
    make_course("Course without dates", level=1)

    response = client.get(URL)

    assert undated_titles(response) == ["Course without dates"]
    assert week_cards(response) == []
    assert week_cards(response, "earlier-weeks") == ["Safeguarding week 2024 13 October to 17 October 2024 · 1 session"]
    assert reverse("training:week", kwargs={"slug": past.slug}) in response.content.decode()
    assert week_cards(client.get(URL, {"level": "2"}), "earlier-weeks") == []
    assert week_cards(client.get(URL, {"month": "2025-06"}), "earlier-weeks") == []


def test_the_programme_links_to_the_level_guidance(client, frozen_now):
    assert reverse("training:levels") in client.get(URL).content.decode()


def test_the_programme_takes_the_same_queries_for_1_and_50_courses(client, frozen_now):
    theme = Theme.objects.create(name="Neglect", slug="neglect")

    def add_courses(count):
        for _ in range(count):
            event = make_event(make_course(themes=[theme]), starts_at=day(10))
            make_booking(event)
            make_course(themes=[theme])  # without dates

    response = assert_same_query_count(client, URL + "?page=3", add_courses)
    assert len(course_titles(response)) == 10
    assert len(undated_titles(response)) == 50


def test_the_programme_takes_the_same_queries_for_1_and_50_dates_of_one_course(client, frozen_now):
    course = make_course("Busy course")

    def add_dates(count):
        for number in range(count):
            make_booking(make_event(course, starts_at=day(10 + number)))

    url = URL + "?availability=places&level=2"
    response = assert_same_query_count(client, url, add_dates)
    assert "See 47 more dates" in response.content.decode()
