"""/actions/export.csv and /actions/export.xlsx: exactly the filtered rows, every page, formula-safe."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hub.core.models import AuditEntry
from hub.core.tests.permission_matrix_actions import make_action
from hub.core.views.actions import EXPORT_HEADERS

CSV_URL = reverse("core:action-export-csv")
XLSX_URL = reverse("core:action-export-xlsx")


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2022, 6, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


def _csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx_rows(response) -> list[tuple]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_csv_holds_every_filtered_action_across_pages_and_nothing_else(personas, client_for):
    wanted = [make_action(personas, title=f"Safer sleep action {number}") for number in range(55)]
    make_action(personas, owner="spoc_b", owner_agency=personas.agency_b, title="Safer sleep in agency B")
    make_action(personas, title="Unrelated")

    rows = _csv_rows(client_for(personas.business_unit).get(CSV_URL, {"q": "safer sleep", "agency": "aga"}))

    assert rows[0] == EXPORT_HEADERS
    assert sorted(row[0] for row in rows[1:]) == sorted(action.reference for action in wanted)


def test_csv_row_shows_the_action_in_full(personas, client_for):
    action = make_action(personas, title="Refresh the neglect toolkit", source_label="PLG meeting, 12 May 2022")

    row = _csv_rows(client_for(personas.business_unit).get(CSV_URL))[1]

    record = dict(zip(EXPORT_HEADERS, row, strict=True))
    assert record["Reference"] == action.reference
    assert record["Title"] == "Refresh the neglect toolkit"
    assert record["Source"] == "PLG meeting, 12 May 2022"
    assert record["Owning agency"] == "Agency A"
    assert record["Owner"] == personas.practitioner.get_full_name()
    assert record["Owner e-mail"] == "practitioner@example.org"
    assert record["Due date"] == "2030-03-31"
    assert record["Status"] == "Not started"
    assert record["RAG"] == "On track"


def test_text_typed_as_a_formula_is_neutralised_in_both_formats(personas, client_for):
    make_action(
        personas, title='=HYPERLINK("http://example.org","Click")', description="+1 then -2", source_label="@me"
    )
    client = client_for(personas.business_unit)

    csv_row = _csv_rows(client.get(CSV_URL))[1]
    xlsx_row = _xlsx_rows(client.get(XLSX_URL))[1]

    for row in (csv_row, xlsx_row):
        assert row[1] == '\'=HYPERLINK("http://example.org","Click")'
        assert row[2] == "'+1 then -2"
        assert row[3] == "'@me"


def test_xlsx_keeps_dates_as_dates(personas, client_for):
    make_action(personas, due_on=date(2022, 9, 30))

    header, row = _xlsx_rows(client_for(personas.business_unit).get(XLSX_URL))

    assert list(header) == EXPORT_HEADERS
    assert row[EXPORT_HEADERS.index("Due date")] == datetime(2022, 9, 30)
    assert row[EXPORT_HEADERS.index("Last progress update")] == datetime(2022, 6, 1, 12, 0)


def test_xlsx_holds_exactly_the_filtered_rows(personas, client_for):
    overdue = make_action(personas, due_on=date(2022, 5, 1))
    make_action(personas, due_on=date(2023, 5, 1))

    rows = _xlsx_rows(client_for(personas.business_unit).get(XLSX_URL, {"rag": "red"}))

    assert [row[0] for row in rows[1:]] == [overdue.reference]


@pytest.mark.parametrize("persona", ["executive", "scrutineer"])
def test_read_only_readers_can_export(personas, client_for, persona):
    action = make_action(personas)

    rows = _csv_rows(client_for(getattr(personas, persona)).get(CSV_URL))

    assert rows[1][0] == action.reference


def test_each_export_is_written_to_the_audit_log(personas, client_for):
    make_action(personas)

    client_for(personas.business_unit).get(XLSX_URL, {"rag": "green", "page": "2"})

    entry = AuditEntry.objects.get(action="core.action.exported")
    assert entry.actor == personas.business_unit
    assert entry.data == {"format": "xlsx", "rows": 1, "filters": {"rag": "green"}}


@pytest.mark.parametrize("persona", ["outsider", "practitioner", "spoc_a", "spoc_b"])
@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_others_get_page_not_found(personas, client_for, persona, url):
    make_action(personas)

    response = client_for(getattr(personas, persona)).get(url)

    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="core.action.exported").exists()


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(CSV_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign-in"))
