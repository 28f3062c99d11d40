"""Joining the waiting list for any date of a course: /training/courses/<slug>/wait/."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from hub.core.audit import entries_for
from hub.training.models import BookingBlock, CourseWaitingListEntry
from hub.training.tests.factories import make_booking, make_course, make_course_waiting_list_entry, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(frozen_now):
    course = make_course("Harmful sexual behaviour", slug="hsb")
    make_booking(make_event(course, starts_at=frozen_now + timedelta(days=20), capacity=1))
    return course


def _url(course):
    return reverse("training:course-wait", kwargs={"slug": course.slug})


def test_the_page_explains_how_places_are_offered(client_for, personas, course):
    page = client_for(personas.practitioner).get(_url(course)).content.decode()
    assert "Join the waiting list for any date" in page
    assert "we offer it to the people waiting, in the order they joined" in page
    assert "You then have 48 hours to accept it." in page


def test_joining_records_the_place_emails_the_person_and_lists_it_in_the_account(
    client_for, personas, course, django_capture_on_commit_callbacks
):
    client = client_for(personas.practitioner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(course))
    assert response["Location"] == reverse("training:my-training") + "#waiting"
    entry = CourseWaitingListEntry.objects.get(course=course, person=personas.practitioner)
    assert entry.status == CourseWaitingListEntry.Status.ACTIVE
    assert [e.action for e in entries_for(course)] == ["training.course_waiting_list.joined"]
    assert [m.subject for m in mail.outbox] == ["You are on the waiting list: Harmful sexual behaviour"]
    page = client.get(response["Location"]).content.decode()
    assert "You are on the waiting list for Harmful sexual behaviour." in page
    assert "Any date" in page


def test_someone_already_waiting_is_told_so(client_for, personas, course):
    make_course_waiting_list_entry(course, personas.practitioner)
    client = client_for(personas.practitioner)
    assert "You joined the waiting list for this course on" in client.get(_url(course)).content.decode()
    response = client.post(_url(course))
    assert "You are already on the waiting list for this course" in response.content.decode()
    assert CourseWaitingListEntry.objects.count() == 1


def test_a_date_with_places_left_is_offered_for_booking_instead(client_for, personas, course, frozen_now):
    open_event = make_event(course, starts_at=frozen_now + timedelta(days=30))
    client = client_for(personas.practitioner)
    page = client.get(_url(course)).content.decode()
    assert reverse("training:event-book", kwargs={"uuid": open_event.uuid}) in page
    response = client.post(_url(course))
    assert "book that date instead" in response.content.decode()
    assert not CourseWaitingListEntry.objects.exists()


def test_a_course_needing_approval_asks_for_the_line_managers_address(client_for, personas, frozen_now):
    course = make_course(needs_manager_approval=True)
    make_booking(make_event(course, starts_at=frozen_now + timedelta(days=20), capacity=1))
    client = client_for(personas.practitioner)
    response = client.post(_url(course), {"manager_email": ""})
    assert "Enter your line manager&#x27;s e-mail address" in response.content.decode()
    client.post(_url(course), {"manager_email": "lead@example.org"})
    assert CourseWaitingListEntry.objects.get().manager_email == "lead@example.org"


def test_a_blocked_person_cannot_join(client_for, personas, course):
    BookingBlock.objects.create(person=personas.practitioner, reason="Did not attend 3 courses in 12 months")
    client = client_for(personas.practitioner)
    assert "did not attend several courses" in client.get(_url(course)).content.decode()
    assert "There is a problem" in client.post(_url(course)).content.decode()
    assert not CourseWaitingListEntry.objects.exists()
