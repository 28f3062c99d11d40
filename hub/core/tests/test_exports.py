"""The shared CSV and Excel writers keep formulas out of exports and keep numbers and dates typed."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from hub.core.exports import csv_response, safe_cell, xlsx_response

DANGEROUS = ["=1+1", "+44 191 383 3000", "-2+3", "@SUM(A1:A2)", "\t=cmd", "\r=cmd"]
HEADERS = ["Text", "Number", "Negative", "Date", "Decimal"]


def _rows():
    return [[text, 7, -12, date(2022, 3, 31), Decimal("3.5")] for text in DANGEROUS]


def _read_csv(response) -> list[list[str]]:
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf"), "CSV must open with a UTF-8 byte order mark for Excel"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _read_xlsx(response):
    return load_workbook(io.BytesIO(response.content)).active


@pytest.mark.parametrize("text", DANGEROUS)
def test_safe_cell_puts_an_apostrophe_before_text_a_spreadsheet_would_run_as_a_formula(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Neglect audit", "A-00001", "3 - 4 children", "e-mail", ""])
def test_safe_cell_leaves_ordinary_text_alone(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", [0, 42, -5, -0.5, Decimal("-1.25"), date(2022, 4, 1), True])
def test_safe_cell_keeps_numbers_dates_and_booleans_as_they_are(value):
    assert safe_cell(value) == value
    assert type(safe_cell(value)) is type(value)


def test_safe_cell_turns_none_into_an_empty_cell_and_objects_into_safe_text():
    class Named:
        def __str__(self):
            return '=HYPERLINK("http://example.org")'

    assert safe_cell(None) == ""
    assert safe_cell(Named()) == '\'=HYPERLINK("http://example.org")'


def test_csv_neutralises_formulas_and_keeps_numbers_and_dates_readable():
    response = csv_response("actions.csv", HEADERS, _rows())

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="actions.csv"'
    rows = _read_csv(response)
    assert rows[0] == HEADERS
    assert [row[0] for row in rows[1:]] == ["'" + text for text in DANGEROUS]
    assert rows[1][1:] == ["7", "-12", "2022-03-31", "3.5"]


def test_csv_keeps_accents_and_symbols_intact():
    rows = _read_csv(csv_response("x.csv", ["Name"], [["Zoë’s team – £5"]]))
    assert rows[1] == ["Zoë’s team – £5"]


def test_xlsx_neutralises_formulas_in_every_text_cell():
    sheet = _read_xlsx(xlsx_response("actions.xlsx", "Actions", HEADERS, _rows()))

    texts = [sheet.cell(row=index, column=1).value for index in range(2, len(DANGEROUS) + 2)]
    # The workbook is XML: a carriage return comes back as a line feed unless the writer escaped
    # it (openpyxl does when lxml is installed), so line endings are compared as line feeds.
    assert [text.replace("\r", "\n") for text in texts] == ["'" + text.replace("\r", "\n") for text in DANGEROUS]
    for index in range(2, len(DANGEROUS) + 2):
        assert sheet.cell(row=index, column=1).data_type == "s"


def test_xlsx_keeps_numbers_negative_numbers_and_dates_typed():
    sheet = _read_xlsx(xlsx_response("actions.xlsx", "Actions", HEADERS, _rows()))

    number, negative, when, decimal = (sheet.cell(row=2, column=column) for column in range(2, 6))
    assert number.value == 7 and number.data_type == "n"
    assert negative.value == -12 and negative.data_type == "n"
    assert decimal.value == 3.5 and decimal.data_type == "n"
    assert isinstance(when.value, datetime) and when.value.date() == date(2022, 3, 31)
    assert when.number_format == "dd/mm/yyyy"


def test_xlsx_has_a_bold_header_row_sized_columns_and_the_sheet_title():
    response = xlsx_response(
        "actions.xlsx", "Actions: 2021/22", HEADERS, [["A much longer piece of text", 1, -1, date(2022, 1, 1), 1]]
    )

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = _read_xlsx(response)
    assert sheet.title == "Actions 202122"
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["B"].width


def test_xlsx_drops_control_characters_a_workbook_cannot_hold_instead_of_failing():
    sheet = _read_xlsx(xlsx_response("x.xlsx", "X", ["Note"], [["Line\x00one\x07"]]))
    assert sheet["A2"].value == "Lineone"


def test_export_file_names_are_reduced_to_safe_characters():
    response = csv_response('actions "2022"\r\n.csv', ["A"], [])
    assert response["Content-Disposition"] == 'attachment; filename="actions2022.csv"'
    assert response["Cache-Control"] == "private, no-store"
