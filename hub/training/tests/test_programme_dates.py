"""/training/dates/: the programme's dates month by month, with the programme's filters."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from hub.core.models import Theme
from hub.testing import assert_same_query_count
from hub.training.models import Event
from hub.training.tests.conftest import FROZEN_NOW
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event

pytestmark = pytest.mark.django_db
URL = reverse("training:dates")


def on(month: int, day: int):
    return local_datetime(FROZEN_NOW.date().replace(month=month, day=day))


def months(response) -> dict[str, list[str]]:
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        table.caption.get_text(strip=True): [row.get_text(" ", strip=True) for row in table.select("tbody tr")]
        for table in soup.select("table")
    }


def test_dates_are_listed_under_their_month_soonest_first(client, frozen_now):
    neglect = make_course("Neglect basics", level=2)
    make_event(neglect, starts_at=on(6, 10), capacity=1)
    make_booking(Event.objects.get(course=neglect))
    make_event(neglect, starts_at=on(5, 20))
    make_event(make_course("Voice of the child", level=3), starts_at=on(5, 12))
    make_event(make_course("Draft", is_published=False), starts_at=on(5, 13))
    make_event(make_course("Past"), starts_at=on(4, 10))

    listed = months(client.get(URL))

    assert list(listed) == ["May 2025", "June 2025"]
    assert [row.split(" 9:30am")[0] for row in listed["May 2025"]] == [
        "Monday 12 May 2025,",
        "Tuesday 20 May 2025,",
    ]
    assert "Voice of the child 3 In person 20 places left" in listed["May 2025"][0]
    assert "Neglect basics 2 In person Full (waiting list)" in listed["June 2025"][0]


def test_the_programmes_filters_apply_to_the_dates(client, frozen_now):
    theme = Theme.objects.create(name="Neglect", slug="neglect")
    make_event(make_course("Neglect basics", themes=[theme]), starts_at=on(5, 20))
    make_event(make_course("Neglect basics again", themes=[theme]), starts_at=on(6, 20))
    make_event(make_course("Other"), starts_at=on(6, 21))

    listed = months(client.get(URL, {"theme": "neglect", "month": "2025-06"}))

    assert list(listed) == ["June 2025"]
    assert len(listed["June 2025"]) == 1 and "Neglect basics again" in listed["June 2025"][0]


def test_the_list_of_courses_and_the_dates_link_to_each_other_keeping_the_filters(client, frozen_now):
    programme = BeautifulSoup(client.get(reverse("training:programme"), {"level": "2"}).content, "html.parser")
    dates = BeautifulSoup(client.get(URL, {"level": "2"}).content, "html.parser")

    assert programme.find("a", string="See these dates month by month")["href"] == URL + "?level=2"
    assert dates.find("a", string="See these courses")["href"] == reverse("training:programme") + "?level=2"


def test_no_matching_dates_says_so(client, frozen_now):
    assert "No dates match the filters." in client.get(URL, {"level": "4"}).content.decode()


def test_the_dates_take_the_same_queries_for_1_and_50_dates(client, frozen_now):
    def add_dates(count):
        for number in range(count):
            make_booking(make_event(make_course(), starts_at=FROZEN_NOW + timedelta(days=1 + number)))

    response = assert_same_query_count(client, URL, add_dates)
    assert sum(len(rows) for rows in months(response).values()) == 50
