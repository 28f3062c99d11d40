"""Reading one agency's chronology file: every kind of bad file gets a clear message, never an exception."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import Workbook

from hub.tools.chronology import Accuracy, read_agency_file
from hub.tools.tests.files import csv_bytes, xlsx_bytes, zip_bomb

TODAY = date(2023, 3, 31)


def read(content: bytes, name: str = "police.xlsx"):
    return read_agency_file(content, filename=name, today=TODAY)


def test_a_good_workbook_gives_its_events():
    events, problems = read(
        xlsx_bytes(
            [
                (
                    datetime(2021, 3, 14),
                    "Exact",
                    "Police attended a domestic incident",
                    "Police",
                    "High",
                    "Child present",
                ),
                ("March 2020", "Month (day not known)", "School noted poor attendance", "School", "Medium", ""),
                (2019, "Year", "Family moved into the area", "Council", "", ""),
            ]
        )
    )
    assert problems.ok
    assert [(event.day, event.accuracy) for event in events] == [
        (date(2021, 3, 14), Accuracy.EXACT),
        (date(2020, 3, 1), Accuracy.MONTH),
        (date(2019, 1, 1), Accuracy.YEAR),
    ]
    assert events[0].is_significant
    assert events[1].date_text == "March 2020 (month known)"
    assert events[2].date_text == "2019 (year known)"


def test_a_csv_in_windows_1252_is_read():
    content = csv_bytes(
        [("14/03/2021", "", "Visit to the café with the child", "Health", "Low", "")], encoding="cp1252"
    )
    events, problems = read(content, "health.csv")
    assert problems.ok
    assert events[0].description == "Visit to the café with the child"
    assert events[0].accuracy == Accuracy.EXACT


def test_a_csv_with_a_byte_order_mark_is_read():
    events, problems = read(csv_bytes([("2021-03-14", "Exact", "Seen at clinic", "Health", "", "")]), "health.csv")
    assert problems.ok and events[0].day == date(2021, 3, 14)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.xlsx", b"", "The selected file is empty"),
        ("report.xlsx", b"%PDF-1.7\n%binary", "is a PDF, not an Excel workbook"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "must be an Excel workbook (.xlsx) or a CSV"),
        ("bomb.xlsx", None, "too big once unpacked"),
        ("damaged.xlsx", b"PK\x03\x04 this is not really a zip", "damaged or is not an Excel workbook"),
        ("binary.csv", b"\x00\x01\x02 not text", "is not a CSV file"),
        ("big.csv", b"a" * (3 * 1024 * 1024), "must be smaller than 2MB"),
    ],
)
def test_a_file_that_cannot_be_read_gets_one_clear_message(name, content, message):
    events, problems = read(zip_bomb() if content is None else content, name)
    assert events == []
    assert len(problems.messages) == 1
    assert message in problems.messages[0]


def test_wrong_headings_are_named():
    content = xlsx_bytes([("14/03/2021", "Something")], headings=("Date", "Event", "Agency name", "Notes"))
    _, problems = read(content)
    assert len(problems.messages) == 1
    message = problems.messages[0]
    assert "Row 1: the column headings do not match the template" in message
    assert '"Agency name", is not in the template' in message
    assert 'the "Source agency" column is missing' in message


def test_a_file_with_headings_but_no_events_says_so():
    _, problems = read(xlsx_bytes([]))
    assert problems.messages == ["The file has no events under the column headings: add at least one row"]


def test_each_bad_row_gets_its_own_message_with_the_column():
    content = xlsx_bytes(
        [
            ("last Tuesday", "Exact", "Home visit", "Health", "", ""),
            (datetime(2024, 1, 5), "Exact", "Planned review", "Council", "", ""),
            ("14/03/21", "", "Strategy meeting", "Police", "", ""),
            (datetime(2021, 1, 5), "Sometime", "", "", "Very high", ""),
            (datetime(1920, 1, 5), "Exact", "Old record", "Council", "", ""),
            (datetime(2021, 2, 1), "Exact", "A good row", "Council", "Low", ""),
        ]
    )
    events, problems = read(content)
    assert [event.description for event in events] == ["A good row"]
    messages = problems.messages
    assert 'Row 2, Date: must be a date, like 14/03/2022, not "last Tuesday"' in messages
    assert any(m.startswith("Row 3, Date: is in the future (05/01/2024)") for m in messages)
    assert any(m.startswith('Row 4, Date: has a two-digit year ("14/03/21")') for m in messages)
    assert any(m.startswith("Row 5, Date accuracy: must be one of: Exact,") for m in messages)
    assert "Row 5, Event: is empty; describe what happened" in messages
    assert "Row 5, Source agency: is empty; enter the agency that recorded the event" in messages
    assert 'Row 5, Significance: must be one of: High, Medium, Low (not "Very high")' in messages
    assert any(m.startswith("Row 6, Date: is before 1950") for m in messages)


def test_formulas_are_refused_with_their_row():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Date", "Date accuracy", "Event", "Source agency", "Significance", "Impact on the child"])
    sheet.append(["=TODAY()", "Exact", '=HYPERLINK("http://example.org")', "Police", "", ""])
    import io

    buffer = io.BytesIO()
    workbook.save(buffer)
    _, problems = read(buffer.getvalue())
    assert "Row 2, Date: is a formula; type the value itself" in problems.messages
    assert "Row 2, Event: is a formula; type the value itself" in problems.messages


def test_a_two_digit_year_for_a_month_is_refused():
    _, problems = read(xlsx_bytes([("03/21", "Month", "Moved school", "School", "", "")]))
    assert any("two-digit year" in message for message in problems.messages)
