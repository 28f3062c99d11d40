"""Leaving the waiting list for any date of a course: /account/training/waiting-lists/<uuid>/leave/."""

import pytest
from django.urls import reverse

from hub.core.audit import entries_for
from hub.training.models import CourseWaitingListEntry
from hub.training.tests.factories import make_course, make_course_waiting_list_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(personas):
    return make_course_waiting_list_entry(make_course("Signs of Safety"), personas.practitioner)


def _url(entry):
    return reverse("training:course-wait-leave", kwargs={"uuid": entry.uuid})


def test_leaving_asks_first_then_withdraws_the_place(client_for, personas, entry):
    client = client_for(personas.practitioner)
    page = client.get(_url(entry)).content.decode()
    assert "Leave the waiting list for any date" in page
    entry.refresh_from_db()
    assert entry.status == CourseWaitingListEntry.Status.ACTIVE
    response = client.post(_url(entry))
    entry.refresh_from_db()
    assert entry.status == CourseWaitingListEntry.Status.WITHDRAWN
    assert entry.closed_at is not None
    assert [e.action for e in entries_for(entry.course)] == ["training.course_waiting_list.left"]
    assert "You have left the waiting list for Signs of Safety." in client.get(response["Location"]).content.decode()


def test_a_place_already_left_says_so(client_for, personas, entry):
    client = client_for(personas.practitioner)
    client.post(_url(entry))
    page = client.get(_url(entry)).content.decode()
    assert "You are no longer on this waiting list (left the waiting list" in page
    assert client.post(_url(entry)).status_code == 200
    assert len(entries_for(entry.course)) == 1
