"""/actions/<uuid>/edit/: the business unit changes an action's details."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from hub.core.models import AuditEntry
from hub.core.tests.permission_matrix_actions import make_action


def _url(action) -> str:
    return reverse("core:action-edit", args=[action.uuid])


def _form(action, **overrides) -> dict:
    data = {
        "title": action.title,
        "description": action.description,
        "source_label": action.source_label,
        "owner_agency": action.owner_agency_id,
        "owner_email": action.owner.email if action.owner else "",
        "due_on_day": str(action.due_on.day),
        "due_on_month": str(action.due_on.month),
        "due_on_year": str(action.due_on.year),
        "theme": action.theme_id or "",
    }
    data.update(overrides)
    return data


def test_the_form_starts_with_the_current_details(personas, client_for):
    action = make_action(personas, title="Update the threshold document")

    page = client_for(personas.business_unit).get(_url(action)).content.decode()

    assert 'value="Update the threshold document"' in page
    assert 'value="practitioner@example.org"' in page
    assert 'name="due_on_year" type="text" inputmode="numeric" value="2030"' in page


def test_business_unit_changes_the_due_date_and_owner_and_the_audit_entry_holds_before_and_after(personas, client_for):
    action = make_action(personas)

    response = client_for(personas.business_unit).post(
        _url(action), _form(action, owner_email="spoc.a@example.org", due_on_day="30", due_on_year="2031")
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.owner == personas.spoc_a
    assert action.due_on == date(2031, 3, 30)
    entry = AuditEntry.objects.get(action="core.action.updated")
    assert entry.actor == personas.business_unit
    assert entry.data == {
        "changes": {
            "owner": {"before": str(personas.practitioner), "after": str(personas.spoc_a)},
            "due_on": {"before": "2030-03-31", "after": "2031-03-30"},
        }
    }


def test_saving_without_changes_writes_no_audit_entry(personas, client_for):
    action = make_action(personas)

    client_for(personas.business_unit).post(_url(action), _form(action))

    assert not AuditEntry.objects.filter(action="core.action.updated").exists()


def test_moving_the_action_to_an_agency_the_owner_does_not_work_for_is_refused(personas, client_for):
    action = make_action(personas)

    response = client_for(personas.business_unit).post(_url(action), _form(action, owner_agency=personas.agency_b.pk))

    assert "The owner must work for Agency B" in response.content.decode()
    action.refresh_from_db()
    assert action.owner_agency == personas.agency_a


@pytest.mark.parametrize("persona", ["practitioner", "spoc_a", "executive", "scrutineer", "spoc_b", "outsider"])
def test_only_the_business_unit_may_change_an_action(personas, client_for, persona):
    action = make_action(personas)
    client = client_for(getattr(personas, persona))

    assert client.get(_url(action)).status_code == 404
    assert client.post(_url(action), _form(action, title="Changed")).status_code == 404
    action.refresh_from_db()
    assert action.title != "Changed"


def test_an_action_that_does_not_exist_is_not_found(personas, client_for):
    response = client_for(personas.business_unit).get(reverse("core:action-edit", args=[personas.agency_a.uuid]))
    assert response.status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(client, personas):
    action = make_action(personas)

    response = client.get(_url(action))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign-in"))
