"""The training records in the back office: listings, inline sessions, and booking actions through the services."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hub.core.models import AuditEntry
from hub.testing import make_user
from hub.training.models import Booking, BookingBlock
from hub.training.tests.factories import (
    local_datetime,
    make_booking,
    make_course,
    make_course_waiting_list_entry,
    make_event,
)
from hub.training.viewsets import EventForm

pytestmark = pytest.mark.django_db

VIEWSETS = (
    "training_course",
    "training_event",
    "training_week",
    "training_booking",
    "training_course_waiting",
    "training_charge",
    "training_evaluation",
    "training_block",
)


@pytest.mark.parametrize("name", VIEWSETS)
def test_business_unit_lists_each_kind_of_training_record(client_for, personas, name):
    make_booking(make_event(make_course("Neglect toolkit")), make_user(agency=personas.agency_a))
    assert client_for(personas.business_unit).get(reverse(f"{name}:index")).status_code == 200


def test_bookings_cannot_be_added_or_edited_directly(client_for, personas):
    booking = make_booking(make_event(), make_user(agency=personas.agency_a))
    client = client_for(personas.business_unit)
    html = client.get(reverse("training_booking:index")).content.decode()
    assert reverse("training_booking_action", args=[booking.pk, "cancel"]) in html
    # The model permissions are narrowed to viewing: the edit page refuses even the business unit.
    assert client.get(reverse("training_booking:edit", args=[booking.pk])).status_code != 200
    client.post(reverse("training_booking:edit", args=[booking.pk]), {"priority": "9"})
    booking.refresh_from_db()
    assert booking.priority == 0


def test_the_event_form_edits_sessions_inline(client_for, personas):
    html = client_for(personas.business_unit).get(reverse("training_event:add")).content.decode()
    assert "sessions-TOTAL_FORMS" in html


def test_cancelling_from_the_back_office_goes_through_the_service_and_shows_in_the_audit_trail(client_for, personas):
    booking = make_booking(make_event(), make_user(agency=personas.agency_a))
    client = client_for(personas.business_unit)
    url = reverse("training_booking_action", args=[booking.pk, "cancel"])
    response = client.post(url, {"reason": "Asked by phone"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancelled_by == personas.business_unit
    assert AuditEntry.objects.filter(
        action__startswith="training.booking.cancel", actor=personas.business_unit
    ).exists()
    inspect = client.get(reverse("training_booking:inspect", args=[booking.pk])).content.decode()
    assert "Cancelled" in inspect


def test_moving_someone_on_the_waiting_list_needs_a_reason(client_for, personas):
    event = make_event(capacity=1)
    make_booking(event, make_user(agency=personas.agency_a))
    waiting = make_booking(event, make_user(agency=personas.agency_a), status=Booking.Status.WAITLISTED)
    client = client_for(personas.business_unit)
    url = reverse("training_booking_action", args=[waiting.pk, "reorder"])
    response = client.post(url, {"priority": "5", "reason": ""})
    assert response.status_code == 200
    assert "Enter the reason" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.priority == 0
    client.post(url, {"priority": "5", "reason": "Needed before a court date"})
    waiting.refresh_from_db()
    assert waiting.priority == 5
    assert AuditEntry.objects.filter(actor=personas.business_unit, action="training.waiting_list.reordered").exists()


def test_marking_attendance_before_the_course_shows_the_services_message(client_for, personas):
    booking = make_booking(make_event(), make_user(agency=personas.agency_a))
    url = reverse("training_booking_action", args=[booking.pk, "attendance"])
    response = client_for(personas.business_unit).post(url, {"status": Booking.Status.ATTENDED})
    assert response.status_code == 200
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_marking_attendance_after_the_course_records_it(client_for, personas):
    event = make_event(starts_at=local_datetime(timezone.localdate() - timedelta(days=2)))
    booking = make_booking(event, make_user(agency=personas.agency_a))
    url = reverse("training_booking_action", args=[booking.pk, "attendance"])
    assert client_for(personas.business_unit).post(url, {"status": Booking.Status.NO_SHOW}).status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.NO_SHOW


def test_lifting_a_block_records_the_reason(client_for, personas):
    block = BookingBlock.objects.create(person=make_user(agency=personas.agency_a), reason="Three no-shows")
    url = reverse("training_block_lift", args=[block.pk])
    client = client_for(personas.business_unit)
    assert "Enter the reason" in client.post(url, {"reason": ""}).content.decode()
    assert client.post(url, {"reason": "Manager explained the absences"}).status_code == 302
    block.refresh_from_db()
    assert block.lifted_by == personas.business_unit
    assert block.lift_reason == "Manager explained the absences"


def test_other_staff_cannot_use_the_booking_actions(client_for, personas):
    booking = make_booking(make_event(), make_user(agency=personas.agency_a))
    url = reverse("training_booking_action", args=[booking.pk, "cancel"])
    response = client_for(personas.practitioner).post(url, {"reason": "x"})
    assert response.status_code in (302, 403, 404)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def _edit_form_data(client, event) -> dict:
    """The event's edit form as the browser would post it back unchanged."""
    soup = BeautifulSoup(client.get(reverse("training_event:edit", args=[event.pk])).content, "html.parser")
    form = soup.select_one("form[method=post]")
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name = field["name"]
        if field.name == "textarea":
            data[name] = field.get_text()
        elif field.name == "select":
            chosen = [option["value"] for option in field.select("option[selected]")]
            if chosen:
                data[name] = chosen if field.has_attr("multiple") else chosen[0]
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, field.get("value", "on"))
        elif field.get("type") != "submit":
            data[name] = field.get("value", "")
    return data


def test_raising_the_places_in_the_back_office_offers_them_to_the_waiting_list_at_once(
    client_for, personas, frozen_now, django_capture_on_commit_callbacks
):
    event = make_event(make_course("Neglect toolkit"), capacity=2)
    make_booking(event, make_user(agency=personas.agency_a))
    make_booking(event, make_user(agency=personas.agency_a))
    first = make_booking(event, status=Booking.Status.WAITLISTED, joined_at=frozen_now - timedelta(days=2))
    second = make_booking(event, status=Booking.Status.WAITLISTED, joined_at=frozen_now - timedelta(days=1))
    client = client_for(personas.business_unit)
    data = _edit_form_data(client, event)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("training_event:edit", args=[event.pk]), {**data, "capacity": "3"})

    assert response.status_code == 302
    event.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert event.capacity == 3
    assert event.sessions.count() == 1
    assert first.status == Booking.Status.OFFERED
    assert second.status == Booking.Status.WAITLISTED
    assert [message.to for message in mail.outbox] == [[first.person.email]]
    entry = AuditEntry.objects.get(action="training.event.capacity_changed")
    assert entry.actor == personas.business_unit
    assert (entry.data["capacity_before"], entry.data["capacity_after"]) == (2, 3)


def test_lowering_the_places_below_those_taken_is_refused_on_the_form(client_for, personas, frozen_now):
    event = make_event(capacity=4, venue_name="Room 1")
    make_booking(event, make_user(agency=personas.agency_a))
    make_booking(event, make_user(agency=personas.agency_a))
    make_booking(event, status=Booking.Status.OFFERED)
    client = client_for(personas.business_unit)
    data = _edit_form_data(client, event)

    response = client.post(
        reverse("training_event:edit", args=[event.pk]), {**data, "capacity": "2", "venue_name": "Room 2"}
    )

    assert response.status_code == 200
    assert (
        "The number of places must be 3 or more, because 3 places are taken: 2 booked and 1 offered to someone "
        "on the waiting list" in response.content.decode()
    )
    event.refresh_from_db()
    assert (event.capacity, event.venue_name) == (4, "Room 1")
    assert not AuditEntry.objects.filter(action="training.event.capacity_changed").exists()


def test_a_booking_made_while_the_form_was_open_is_counted_under_the_lock(
    client_for, personas, frozen_now, monkeypatch
):
    event = make_event(capacity=3, venue_name="Room 1")
    make_booking(event, make_user(agency=personas.agency_a))
    client = client_for(personas.business_unit)
    data = _edit_form_data(client, event)
    make_booking(event)
    make_booking(event)
    # As if the two bookings landed between the form's early check and the save.
    monkeypatch.setattr(EventForm, "clean_capacity", lambda form: form.cleaned_data["capacity"])

    response = client.post(
        reverse("training_event:edit", args=[event.pk]), {**data, "capacity": "1", "venue_name": "Room 2"}
    )

    assert response.status_code == 200
    assert "The number of places must be 3 or more" in response.content.decode()
    event.refresh_from_db()
    assert (event.capacity, event.venue_name) == (3, "Room 1")


def test_a_date_added_in_the_back_office_is_offered_to_people_waiting_for_any_date(
    client_for, personas, frozen_now, django_capture_on_commit_callbacks
):
    template = make_event(make_course("Template course"), capacity=5, venue_name="Room 1")
    course = make_course("Neglect toolkit")
    waiting = make_course_waiting_list_entry(course, make_user(agency=personas.agency_a))
    client = client_for(personas.business_unit)
    data = _edit_form_data(client, template)
    # A new event: the template's session rows become new rows.
    data = {
        name: "" if name.startswith("sessions-") and name.endswith("-id") else value for name, value in data.items()
    }
    data.update({"course": str(course.pk), "capacity": "1", "venue_name": "Room 2", "sessions-INITIAL_FORMS": "0"})
    data.pop("sessions-0-event", None)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("training_event:add"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    event = course.events.get()
    assert event.sessions.count() == 1
    assert event.starts_at is not None
    offer = Booking.objects.get(event=event, person=waiting.person)
    assert offer.status == Booking.Status.OFFERED
    assert [message.to for message in mail.outbox] == [[waiting.person.email]]
    entry = AuditEntry.objects.get(action="training.event.created")
    assert entry.actor == personas.business_unit
    assert entry.data["course"] == course.slug
