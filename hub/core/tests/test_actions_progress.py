"""/actions/<uuid>/progress/: owners, the owning agency's SPOC and the business unit record progress."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from hub.core.models import Action, ActionUpdate, AuditEntry
from hub.core.tests.permission_matrix_actions import make_action


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2022, 6, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


def _url(action) -> str:
    return reverse("core:action-progress", args=[action.uuid])


@pytest.mark.parametrize("persona", ["practitioner", "spoc_a", "business_unit"])
def test_owner_spoc_and_business_unit_record_progress(personas, client_for, persona):
    action = make_action(personas)
    person = getattr(personas, persona)

    response = client_for(person).post(
        _url(action),
        {"status": "in-progress", "note": "Draft shared with the group", "evidence": "", "impact_note": ""},
    )

    assert response.status_code == 302
    assert response["Location"] == action.get_absolute_url()
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS
    update = ActionUpdate.objects.get(action=action)
    assert (update.author, update.note, update.status_before, update.status_after) == (
        person,
        "Draft shared with the group",
        "not-started",
        "in-progress",
    )
    entry = AuditEntry.objects.get(action="core.action.progress_recorded")
    assert entry.actor == person
    assert entry.data == {"status_before": "not-started", "status_after": "in-progress"}


def test_completing_with_evidence_records_the_completion_date_and_impact(personas, client_for):
    action = make_action(personas)

    client_for(personas.practitioner).post(
        _url(action),
        {
            "status": "completed",
            "note": "Toolkit published",
            "evidence": "Toolkit version 3 on the website",
            "impact_note": "Audit shows wider use",
        },
    )

    action.refresh_from_db()
    assert action.status == Action.Status.COMPLETED
    assert action.completed_on == date(2022, 6, 1)
    assert action.evidence == "Toolkit version 3 on the website"
    assert action.impact_note == "Audit shows wider use"


def test_completing_without_evidence_shows_the_message_on_the_evidence_field(personas, client_for):
    action = make_action(personas)

    response = client_for(personas.practitioner).post(
        _url(action), {"status": "completed", "note": "Done", "evidence": "  ", "impact_note": ""}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert '<a href="#id_evidence">Enter the evidence that the action is complete</a>' in page
    assert 'id="id_evidence-error"' in page
    action.refresh_from_db()
    assert action.status == Action.Status.NOT_STARTED
    assert not ActionUpdate.objects.exists()


def test_a_missing_note_and_status_get_gov_uk_messages(personas, client_for):
    action = make_action(personas)

    page = client_for(personas.practitioner).post(_url(action), {"note": ""}).content.decode()

    assert "Select a status" in page
    assert "Enter what has happened since the last update" in page
    assert not ActionUpdate.objects.exists()


def test_the_form_starts_with_the_current_status_and_evidence(personas, client_for):
    action = make_action(personas)
    Action.objects.filter(pk=action.pk).update(evidence="Earlier evidence")

    page = client_for(personas.spoc_a).get(_url(action)).content.decode()

    assert 'value="not-started" checked' in page
    assert "Earlier evidence" in page


@pytest.mark.parametrize("persona", ["executive", "scrutineer", "spoc_b", "outsider", "manager"])
def test_others_get_page_not_found_and_nothing_changes(personas, client_for, persona):
    action = make_action(personas)
    client = client_for(getattr(personas, persona))

    assert client.get(_url(action)).status_code == 404
    response = client.post(_url(action), {"status": "completed", "note": "Closed", "evidence": "Said so"})

    assert response.status_code == 404
    action.refresh_from_db()
    assert action.status == Action.Status.NOT_STARTED
    assert not ActionUpdate.objects.exists()


def test_anonymous_visitor_is_sent_to_sign_in(client, personas):
    action = make_action(personas)

    response = client.post(_url(action), {"status": "completed", "note": "Closed", "evidence": "Said so"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign-in"))
    assert not ActionUpdate.objects.exists()
