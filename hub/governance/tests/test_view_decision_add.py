from datetime import date

import pytest
from django.urls import reverse

from hub.core.models import Action
from hub.governance.models import Meeting
from hub.governance.tests.factories import make_meeting

pytestmark = pytest.mark.django_db


def _url(meeting):
    return reverse("governance:decision-add", args=[meeting.group.slug, meeting.uuid])


def test_business_unit_records_a_decision_that_raises_an_action(client_for, personas, meeting):
    response = client_for(personas.business_unit).post(
        _url(meeting),
        {
            "text": "Launch the neglect toolkit",
            "action_title": "Train early help staff",
            "owner_agency": personas.agency_a.short_code,
            "due_on_day": "31",
            "due_on_month": "1",
            "due_on_year": "2030",
        },
    )
    decision = meeting.decisions.get()
    assert response.status_code == 302
    assert response["Location"] == decision.get_absolute_url()
    action = Action.objects.get()
    assert action.source == decision
    assert action.owner_agency == personas.agency_a
    assert action.due_on == date(2030, 1, 31)


def test_a_decision_without_an_action_raises_none(client_for, personas, meeting):
    client_for(personas.business_unit).post(_url(meeting), {"text": "Note the report"})
    assert meeting.decisions.get().text == "Note the report"
    assert not Action.objects.exists()


def test_an_action_without_agency_and_date_is_refused_with_messages(client_for, personas, meeting):
    response = client_for(personas.business_unit).post(_url(meeting), {"text": "Decide", "action_title": "Do it"})
    html = response.content.decode()
    assert "Select the agency that owns the action" in html
    assert "Enter the due date" in html
    assert not meeting.decisions.exists()


def test_a_cancelled_meeting_refuses_decisions_with_a_message(client_for, personas, group):
    cancelled = make_meeting(group, status=Meeting.Status.CANCELLED)
    response = client_for(personas.business_unit).post(_url(cancelled), {"text": "Decide"})
    assert "The meeting was cancelled" in response.content.decode()
    assert not cancelled.decisions.exists()


def test_members_who_are_not_business_unit_get_404(client_for, member, meeting):
    assert client_for(member).post(_url(meeting), {"text": "Decide"}).status_code == 404
    assert not meeting.decisions.exists()
