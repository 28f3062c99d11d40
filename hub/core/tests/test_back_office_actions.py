"""Actions in the back office: read-only listing with RAG, filters, search and export; changes on the tracker."""

import csv
import io
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from hub.core.models import Action
from hub.core.services import create_action
from hub.testing import assert_same_query_count, make_user

pytestmark = pytest.mark.django_db

TODAY = date(2022, 6, 1)


def _action(personas, title, due_on, agency=None):
    return create_action(
        actor=personas.business_unit, title=title, owner_agency=agency or personas.agency_a, due_on=due_on
    )


@time_machine.travel(TODAY, tick=False)
def test_listing_shows_reference_owner_due_date_status_and_rag(personas, client_for):
    late = _action(personas, "Refresh the neglect toolkit", date(2022, 5, 1))
    _action(personas, "Audit strategy meetings", date(2022, 12, 1), personas.agency_b)

    html = client_for(personas.business_unit).get(reverse("core_action:index")).content.decode()

    assert late.reference in html and "Refresh the neglect toolkit" in html
    assert "Agency A" in html and "Not started" in html
    assert "Overdue" in html and "On track" in html


@time_machine.travel(TODAY, tick=False)
def test_filters_and_search_narrow_the_actions(personas, client_for):
    _action(personas, "Refresh the neglect toolkit", date(2022, 5, 1))
    _action(personas, "Audit strategy meetings", date(2022, 12, 1), personas.agency_b)
    client = client_for(personas.business_unit)
    url = reverse("core_action:index")

    overdue = client.get(url, {"overdue": "true"}).content.decode()
    agency_b = client.get(url, {"owner_agency": personas.agency_b.pk}).content.decode()
    searched = client.get(url, {"q": "toolkit"}).content.decode()
    due_later = client.get(url, {"due_on_from": "2022-11-01"}).content.decode()

    assert "Refresh the neglect toolkit" in overdue and "Audit strategy meetings" not in overdue
    assert "Audit strategy meetings" in agency_b and "Refresh the neglect toolkit" not in agency_b
    assert "Refresh the neglect toolkit" in searched and "Audit strategy meetings" not in searched
    assert "Audit strategy meetings" in due_later and "Refresh the neglect toolkit" not in due_later


@time_machine.travel(TODAY, tick=False)
def test_csv_export_includes_the_rag_and_neutralises_formulas(personas, client_for):
    action = _action(personas, "=cmd|' /C calc'!A0", date(2022, 5, 1))

    response = client_for(personas.business_unit).get(reverse("core_action:index"), {"export": "csv"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header = rows[0]
    row = dict(zip(header, rows[1], strict=True))
    assert row["Reference"] == action.reference
    assert row["Title"] == "'=cmd|' /C calc'!A0"
    assert row["RAG"] == "Overdue" and row["Status"] == "Not started" and row["Owner agency"] == "Agency A"


def test_actions_are_not_added_or_edited_in_the_back_office(personas, client_for):
    action = _action(personas, "Refresh the neglect toolkit", date(2030, 5, 1))
    client = client_for(personas.business_unit)

    listing = client.get(reverse("core_action:index")).content.decode()
    add = client.post(reverse("core_action:add"), {"title": "Sneaked in"})
    edit = client.post(reverse("core_action:edit", args=[action.pk]), {"title": "Changed"})

    assert reverse("core:action-create") in listing
    assert reverse("core:action-edit", args=[action.uuid]) in listing
    assert reverse("core_action:add") not in listing
    assert add.status_code == 302 and edit.status_code == 302
    action.refresh_from_db()
    assert action.title == "Refresh the neglect toolkit"
    assert not Action.objects.filter(title="Sneaked in").exists()


def test_inspect_page_shows_the_action_and_its_history(personas, client_for):
    action = _action(personas, "Refresh the neglect toolkit", date(2030, 5, 1))

    html = client_for(personas.business_unit).get(reverse("core_action:inspect", args=[action.pk])).content.decode()

    assert "Refresh the neglect toolkit" in html
    assert "Action raised" in html


@time_machine.travel(TODAY, tick=False)
def test_listing_runs_the_same_number_of_queries_for_one_and_fifty_actions(personas, client_for):
    owner = make_user("owner@example.org", agency=personas.agency_b)
    made = iter(range(50))

    def make_rows(count):
        for _ in range(count):
            number = next(made)
            create_action(
                actor=personas.business_unit,
                title=f"Action {number:02d}",
                owner_agency=personas.agency_b if number % 2 else personas.agency_a,
                owner=owner if number % 2 else None,
                due_on=date(2022, 5 + number % 3, 1),
            )

    response = assert_same_query_count(client_for(personas.business_unit), reverse("core_action:index"), make_rows)
    assert "Action 49" in response.content.decode()
