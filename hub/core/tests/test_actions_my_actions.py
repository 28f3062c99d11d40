"""/account/actions/: the actions a person owns, and for a SPOC the open actions of their agency."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from hub.core.models import Action
from hub.core.services import record_progress
from hub.core.tests.permission_matrix_actions import make_action
from hub.testing import assert_same_query_count

URL = reverse("core:my-actions")


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2022, 6, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


def test_owner_sees_their_actions_with_rag_tags_and_a_link_to_record_progress(personas, client_for):
    action = make_action(personas, title="Refresh the neglect toolkit", due_on=date(2022, 5, 1))

    page = client_for(personas.practitioner).get(URL).content.decode()

    assert action.reference in page
    assert "Refresh the neglect toolkit" in page
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in page
    assert reverse("core:action-progress", args=[action.uuid]) in page


def test_owner_does_not_see_actions_owned_by_someone_else(personas, client_for):
    make_action(personas, owner="manager", title="Someone else's action")

    page = client_for(personas.practitioner).get(URL).content.decode()

    assert "Someone else&#x27;s action" not in page
    assert "You have no actions" in page


def test_spoc_sees_open_actions_of_their_agency_but_not_closed_ones(personas, client_for):
    open_action = make_action(personas, title="Open action of agency A")
    closed = make_action(personas, title="Finished action of agency A")
    record_progress(
        actor=personas.business_unit, action=closed, note="Done", status=Action.Status.COMPLETED, evidence="Report"
    )

    page = client_for(personas.spoc_a).get(URL).content.decode()

    assert open_action.reference in page
    assert closed.reference not in page
    assert "for which you are the single point of contact" in page
    assert reverse("core:action-progress", args=[open_action.uuid]) in page


def test_spoc_of_another_agency_does_not_see_agency_a_actions(personas, client_for):
    action = make_action(personas)

    page = client_for(personas.spoc_b).get(URL).content.decode()

    assert action.reference not in page


def test_overdue_actions_come_first_then_open_then_closed(personas, client_for):
    later = make_action(personas, title="Due next year", due_on=date(2023, 6, 1))
    overdue = make_action(personas, title="Overdue action", due_on=date(2022, 5, 1))
    done = make_action(personas, title="Completed action", due_on=date(2022, 1, 1))
    record_progress(actor=personas.practitioner, action=done, note="Done", status="completed", evidence="Minutes")

    page = client_for(personas.practitioner).get(URL).content.decode()

    assert page.index(overdue.reference) < page.index(later.reference) < page.index(done.reference)


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign-in"))


def test_the_page_runs_the_same_number_of_queries_for_1_and_50_actions(personas, client_for):
    def make_rows(count):
        for number in range(count):
            make_action(personas, owner="spoc_a" if number % 2 else "practitioner", title=f"Listed action {number}")

    response = assert_same_query_count(client_for(personas.spoc_a), URL, make_rows)

    assert response.content.decode().count("Listed action") == 50
