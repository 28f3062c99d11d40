from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from hub.governance.models import AgendaItem, Meeting
from hub.governance.tests.factories import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def summer_meeting(group):
    # 10am in London in July is 9am UTC.
    starts = timezone.make_aware(datetime(2030, 7, 16, 10, 0))
    meeting = make_meeting(group, starts_at=starts, mode=Meeting.Mode.HYBRID, location="County Hall, Durham")
    AgendaItem.objects.create(meeting=meeting, order=1, title="Welcome and apologies")
    AgendaItem.objects.create(meeting=meeting, order=2, title="Neglect strategy")
    return meeting


def _url(meeting):
    return reverse("governance:meeting-ics", args=[meeting.group.slug, meeting.uuid])


def _event(response):
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    return calendar, events[0]


def test_the_invitation_is_a_calendar_event_in_utc_with_the_agenda(client_for, member, summer_meeting):
    response = client_for(member).get(_url(summer_meeting))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    assert b"DTSTART:20300716T090000Z" in response.content
    calendar, event = _event(response)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert event.decoded("DTSTART") == datetime(2030, 7, 16, 9, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2030, 7, 16, 11, 0, tzinfo=UTC)
    assert str(event["SUMMARY"]) == "Neglect Group meeting"
    assert "County Hall, Durham" in str(event["LOCATION"])
    assert summer_meeting.joining_link in str(event["LOCATION"])
    description = str(event["DESCRIPTION"])
    assert "1. Welcome and apologies" in description and "2. Neglect strategy" in description
    assert str(event["STATUS"]) == "CONFIRMED"


def test_the_uid_stays_the_same_when_the_meeting_moves(client_for, member, summer_meeting):
    client = client_for(member)
    _, first = _event(client.get(_url(summer_meeting)))
    summer_meeting.starts_at = summer_meeting.starts_at.replace(hour=13)
    summer_meeting.ends_at = summer_meeting.ends_at.replace(hour=15)
    summer_meeting.save()
    _, second = _event(client.get(_url(summer_meeting)))
    assert str(first["UID"]) == str(second["UID"]) == f"meeting-{summer_meeting.uuid}@127.0.0.1"
    assert first.decoded("DTSTART") != second.decoded("DTSTART")


def test_a_cancelled_meeting_is_published_as_cancelled(client_for, member, summer_meeting):
    summer_meeting.status = Meeting.Status.CANCELLED
    summer_meeting.save()
    _, event = _event(client_for(member).get(_url(summer_meeting)))
    assert str(event["STATUS"]) == "CANCELLED"


def test_non_members_get_404(client_for, personas, summer_meeting):
    assert client_for(personas.outsider).get(_url(summer_meeting)).status_code == 404
    assert client_for(personas.executive).get(_url(summer_meeting)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, summer_meeting):
    assert client.get(_url(summer_meeting)).status_code == 302
