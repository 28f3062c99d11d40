"""/actions/new/: the business unit raises an action."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from hub.core.models import Action, AuditEntry, Theme

URL = reverse("core:action-create")


def _form(personas, **overrides) -> dict:
    data = {
        "title": "Refresh the neglect toolkit briefing",
        "description": "Bring the toolkit in line with the revised procedure.",
        "source_label": "Neglect audit, finding 2",
        "owner_agency": personas.agency_a.pk,
        "owner_email": "PRACTITIONER@example.org",
        "due_on_day": "31",
        "due_on_month": "3",
        "due_on_year": "2023",
        "theme": "",
    }
    data.update(overrides)
    return data


def test_business_unit_raises_an_action_and_it_is_audited(personas, client_for):
    theme = Theme.objects.create(name="Neglect", slug="neglect")

    response = client_for(personas.business_unit).post(URL, _form(personas, theme=theme.pk))

    action = Action.objects.get()
    assert response.status_code == 302
    assert response["Location"] == action.get_absolute_url()
    assert action.title == "Refresh the neglect toolkit briefing"
    assert action.owner == personas.practitioner
    assert action.owner_agency == personas.agency_a
    assert action.due_on == date(2023, 3, 31)
    assert action.theme == theme
    assert action.source_label == "Neglect audit, finding 2"
    assert action.created_by == personas.business_unit
    entry = AuditEntry.objects.get(action="core.action.created")
    assert entry.actor == personas.business_unit and entry.object_id == str(action.pk)


def test_the_owner_can_be_left_blank_until_the_agency_names_someone(personas, client_for):
    client_for(personas.business_unit).post(URL, _form(personas, owner_email=""))

    assert Action.objects.get().owner is None


def test_an_owner_from_another_agency_is_refused_with_a_clear_message(personas, client_for):
    response = client_for(personas.business_unit).post(URL, _form(personas, owner_email="spoc.b@example.org"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "The owner must work for Agency A" in page
    assert "works for Agency B" in page
    assert 'href="#id_owner_email"' in page
    assert not Action.objects.exists()


def test_an_owner_without_an_agency_is_refused(personas, client_for):
    response = client_for(personas.business_unit).post(URL, _form(personas, owner_email="scrutineer@example.org"))

    assert "does not belong to an agency" in response.content.decode()
    assert not Action.objects.exists()


def test_an_unknown_owner_address_is_refused(personas, client_for):
    response = client_for(personas.business_unit).post(URL, _form(personas, owner_email="nobody@example.org"))

    assert "There is no account with that e-mail address" in response.content.decode()
    assert not Action.objects.exists()


def test_missing_and_impossible_answers_get_gov_uk_messages(personas, client_for):
    response = client_for(personas.business_unit).post(
        URL, _form(personas, title="", owner_agency="", due_on_day="31", due_on_month="2", due_on_year="2023")
    )

    page = response.content.decode()
    assert "<title>Error: " in page
    assert "Enter what needs to be done" in page
    assert "Select the agency that owns the action" in page
    assert "The due date must be a real date" in page
    assert not Action.objects.exists()


def test_the_form_shows_the_due_date_as_three_boxes(personas, client_for):
    page = client_for(personas.business_unit).get(URL).content.decode()

    for part in ("due_on_day", "due_on_month", "due_on_year"):
        assert f'name="{part}"' in page


@pytest.mark.parametrize("persona", ["executive", "scrutineer", "spoc_a", "practitioner", "outsider"])
def test_others_get_page_not_found_and_nothing_is_created(personas, client_for, persona):
    client = client_for(getattr(personas, persona))

    assert client.get(URL).status_code == 404
    assert client.post(URL, _form(personas)).status_code == 404
    assert not Action.objects.exists()


def test_anonymous_visitor_is_sent_to_sign_in(client, personas):
    response = client.post(URL, _form(personas))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign-in"))
    assert not Action.objects.exists()
