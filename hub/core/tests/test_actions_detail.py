"""/actions/<uuid>/: an action's summary, update log and history, for those who may see it."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from hub.core.models import AuditEntry, Theme
from hub.core.services import record_progress, update_action
from hub.core.tests.permission_matrix_actions import make_action
from hub.testing import assert_same_query_count


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2022, 6, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


def _url(action) -> str:
    return action.get_absolute_url()


def test_page_summarises_the_action(personas, client_for):
    theme = Theme.objects.create(name="Neglect", slug="neglect")
    action = make_action(
        personas, title="Refresh the toolkit", theme=theme, due_on=date(2022, 6, 10), source_label="Neglect audit"
    )

    page = client_for(personas.practitioner).get(_url(action)).content.decode()

    assert '<h1 class="govuk-heading-l">Refresh the toolkit</h1>' in page
    assert "Neglect audit" in page
    assert "Neglect" in page
    assert personas.practitioner.get_full_name() in page
    assert "10 June 2022" in page
    assert '<strong class="govuk-tag govuk-tag--orange">Due soon</strong>' in page
    assert "Not yet recorded" in page


def test_source_links_to_the_record_the_action_came_from(personas, client_for):
    source = make_action(personas, title="Parent action")
    action = make_action(personas, source=source, source_label="Raised from the parent action")

    page = client_for(personas.business_unit).get(_url(action)).content.decode()

    assert f'<a class="govuk-link" href="{source.get_absolute_url()}">Raised from the parent action</a>' in page


def test_update_log_and_history_are_shown_newest_first(personas, client_for):
    action = make_action(personas)
    record_progress(actor=personas.practitioner, action=action, note="Draft circulated", status="in-progress")
    update_action(actor=personas.business_unit, action=action, due_on=date(2030, 9, 30))

    page = client_for(personas.spoc_a).get(_url(action)).content.decode()

    assert "Draft circulated" in page
    assert "Status changed from not started to in progress." in page
    assert '<h2 class="govuk-heading-m" id="history-heading">History</h2>' in page
    assert "31 March 2030" in page and "30 September 2030" in page
    assert page.index("Action updated") < page.index("Progress recorded") < page.index("Action raised")


@pytest.mark.parametrize(
    ("persona", "progress", "change"),
    [
        ("practitioner", True, False),
        ("spoc_a", True, False),
        ("business_unit", True, True),
        ("executive", False, False),
        ("scrutineer", False, False),
    ],
)
def test_people_who_may_see_the_action_get_the_buttons_their_role_allows(
    personas, client_for, persona, progress, change
):
    action = make_action(personas)

    page = client_for(getattr(personas, persona)).get(_url(action)).content.decode()

    assert action.reference in page
    assert (reverse("core:action-progress", args=[action.uuid]) in page) is progress
    assert (reverse("core:action-edit", args=[action.uuid]) in page) is change


@pytest.mark.parametrize("persona", ["spoc_b", "outsider", "manager", "reviews_panel"])
def test_others_get_page_not_found_and_the_refusal_is_logged(personas, client_for, persona):
    action = make_action(personas)

    response = client_for(getattr(personas, persona)).get(_url(action))

    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="core.permission.refused", actor=getattr(personas, persona)).exists()


def test_a_spoc_sees_their_agency_action_even_when_it_has_no_owner(personas, client_for):
    action = make_action(personas, owner=None)

    assert client_for(personas.spoc_a).get(_url(action)).status_code == 200


def test_anonymous_visitor_is_sent_to_sign_in(client, personas):
    action = make_action(personas)

    response = client.get(_url(action))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign-in"))


def test_the_page_runs_the_same_number_of_queries_for_1_and_50_updates(personas, client_for):
    action = make_action(personas)

    def make_rows(count):
        for number in range(count):
            status = "in-progress" if number % 2 else "not-started"
            record_progress(actor=personas.practitioner, action=action, note=f"Listed update {number}", status=status)

    response = assert_same_query_count(client_for(personas.business_unit), _url(action), make_rows)

    assert response.content.decode().count("Listed update") == 50
