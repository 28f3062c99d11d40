"""Reading uploaded .xlsx and .csv tables: headings, hostile files and cell parsers."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time

import pytest
from openpyxl import Workbook

from hub.core import spreadsheets
from hub.core.spreadsheets import (
    Cell,
    SpreadsheetRefused,
    parse_choice,
    parse_date,
    parse_integer,
    parse_text,
    parse_time,
    parse_yes_no,
    read_table,
)

HEADINGS = ("Date", "Event", "Count")


def workbook_bytes(rows, *, title="Sheet") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_table_is_read_by_heading_with_instructions_above_and_columns_moved():
    content = workbook_bytes(
        [
            ["Fill in one row per event"],
            [],
            ["Count", " event ", "DATE"],
            [3, "Visit", datetime(2022, 3, 14)],
            [None, None, None],
            [1, "Call", "15/03/2022"],
        ]
    )
    rows = read_table(content, filename="events.xlsx", headings=HEADINGS)
    assert [row.number for row in rows] == [4, 6]
    assert rows[0]["Event"].value == "Visit"
    assert parse_date(rows[0]["Date"]) == (date(2022, 3, 14), None)
    assert parse_date(rows[1]["Date"]) == (date(2022, 3, 15), None)


def test_a_csv_table_in_windows_1252_is_read():
    content = "Date,Event,Count\r\n14/03/2022,Caf\xe9 visit,2\r\n".encode("cp1252")
    rows = read_table(content, filename="events.csv", headings=HEADINGS)
    assert rows[0]["Event"].value == "Café visit"
    assert parse_integer(rows[0]["Count"]) == (2, None)


def test_a_csv_with_a_byte_order_mark_is_read():
    content = "\ufeffDate,Event,Count\n14/03/2022,Visit,1\n".encode()
    assert read_table(content, filename="e.csv", headings=HEADINGS)[0]["Date"].value == "14/03/2022"


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "a.xlsx", "The selected file is empty"),
        (b"%PDF-1.7 rest", "a.xlsx", "is a PDF"),
        (b"\xd0\xcf\x11\xe0 rest", "a.xlsx", "older Excel file (.xls)"),
        (b"PK\x03\x04 broken", "a.xlsx", "damaged"),
        (b"Date,Ev\x00ent", "a.csv", "not a CSV file"),
        (b"anything", "a.ods", "must be an Excel workbook (.xlsx) or a CSV file"),
    ],
)
def test_files_that_are_not_tables_are_refused_with_a_reason(content, filename, message):
    with pytest.raises(SpreadsheetRefused) as refused:
        read_table(content, filename=filename, headings=HEADINGS)
    assert message in refused.value.message


def test_a_zip_bomb_is_refused_before_it_is_unpacked(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 10_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<a/>")
        archive.writestr("xl/big.xml", "0" * 50_000)
    with pytest.raises(SpreadsheetRefused, match="too big once unpacked"):
        read_table(buffer.getvalue(), filename="a.xlsx", headings=HEADINGS)


def test_a_file_bigger_than_the_limit_is_refused():
    with pytest.raises(SpreadsheetRefused, match="smaller than 1MB"):
        read_table(b"x" * (1024 * 1024 + 1), filename="a.csv", headings=HEADINGS, max_bytes=1024 * 1024)


def test_headings_that_do_not_match_are_named():
    content = b"Date,Event,Count,Notes,Event\n"
    with pytest.raises(SpreadsheetRefused) as refused:
        read_table(content, filename="a.csv", headings=HEADINGS)
    assert '"Notes", is not in the template' in refused.value.message
    assert 'two "Event" columns (B and E)' in refused.value.message
    assert refused.value.row == 1


def test_a_missing_required_column_is_named_and_an_optional_one_may_be_left_out():
    content = b"Date,Event\n14/03/2022,Visit\n"
    with pytest.raises(SpreadsheetRefused, match='the "Count" column is missing'):
        read_table(content, filename="a.csv", headings=HEADINGS)
    rows = read_table(content, filename="a.csv", headings=HEADINGS, required=("Date", "Event"))
    assert rows[0]["Count"].is_blank


def test_no_header_row_is_refused():
    with pytest.raises(SpreadsheetRefused, match="column headings"):
        read_table(b"a,b\n1,2\n", filename="a.csv", headings=HEADINGS)


def test_too_many_rows_are_refused():
    content = ("Date,Event,Count\n" + "14/03/2022,Visit,1\n" * 20).encode()
    with pytest.raises(SpreadsheetRefused, match="more than 10 rows"):
        read_table(content, filename="a.csv", headings=HEADINGS, max_rows=10)


def test_a_named_sheet_must_exist():
    with pytest.raises(SpreadsheetRefused, match='no sheet called "Events"'):
        read_table(workbook_bytes([list(HEADINGS)]), filename="a.xlsx", headings=HEADINGS, sheet="Events")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (Cell("14/03/2022"), (date(2022, 3, 14), None)),
        (Cell("2022-03-14"), (date(2022, 3, 14), None)),
        (Cell("14 March 2022"), (date(2022, 3, 14), None)),
        (Cell(datetime(2022, 3, 14, 9, 30)), (date(2022, 3, 14), None)),
        (Cell("14/03/22"), (None, 'has a two-digit year ("14/03/22"); write the year in full, like 14/03/2022')),
        (Cell("31/02/2022"), (None, 'must be a date, like 14/03/2022, not "31/02/2022"')),
        (Cell("=TODAY()", is_formula=True), (None, "is a formula; type the value itself")),
        (Cell(None), (None, "is empty; enter a date, like 14/03/2022")),
    ],
)
def test_dates(cell, expected):
    assert parse_date(cell) == expected


def test_integers_times_choices_and_text():
    assert parse_integer(Cell("1,234")) == (1234, None)
    assert parse_integer(Cell(4.0)) == (4, None)
    assert parse_integer(Cell(4.5))[1] == 'must be a whole number, like 12, not "4.5"'
    assert parse_integer(Cell("12 minutes"))[1].startswith("must be a whole number")
    assert parse_integer(Cell(0), minimum=1) == (None, "must be 1 or more")
    assert parse_integer(Cell(True))[1] == "must be a whole number"
    assert parse_time(Cell("14:30")) == (time(14, 30), None)
    assert parse_time(Cell("25:00"))[1].startswith("must be a time")
    assert parse_choice(Cell(" level  1 "), {"None": 0, "Level 1": 1}) == (1, None)
    assert parse_choice(Cell(2.0), {"1": 1, "2": 2}) == (2, None)
    assert parse_choice(Cell("maybe"), {"Yes": True, "No": False}) == (None, 'must be one of: Yes, No (not "maybe")')
    assert parse_yes_no(Cell(True)) == (True, None)
    assert parse_yes_no(Cell("no")) == (False, None)
    assert parse_text(Cell("'=SUM(A1)"), max_length=20) == ("=SUM(A1)", None)
    assert parse_text(Cell("x" * 30), max_length=20) == (None, "must be 20 characters or fewer (it has 30)")
    assert parse_text(Cell(" "), max_length=5, required=True) == ("", "is empty")


def test_exactly_the_most_rows_allowed_are_read_under_a_header_and_instructions():
    content = ("Fill in one row per event\n\nDate,Event,Count\n" + "14/03/2022,Visit,1\n" * 10).encode()
    assert len(read_table(content, filename="a.csv", headings=HEADINGS, max_rows=10)) == 10
