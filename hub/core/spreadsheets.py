"""Reading uploaded spreadsheets (.xlsx or .csv) whose columns are known, safely and with clear messages.

The writing side is ``hub.core.exports``. An import reads a file with ``read_table``, which
refuses a file that cannot be read at all with one ``SpreadsheetRefused`` (its message says what
is wrong and what to do), and otherwise returns the rows under the header row as ``Cell`` values
by column heading. The parsers (``parse_text``, ``parse_integer``, ``parse_date``...) turn one
cell into a value or the end of a sentence saying what is wrong ("must be a date, like
14/03/2022"), so the import can report every problem with its row and column and save nothing.

Hostile files: the upload is capped at ``max_bytes``; an .xlsx file is checked as a zip archive
before openpyxl sees it (entry count and unpacked size, so a "zip bomb" of a few kilobytes that
unpacks to gigabytes is refused), openpyxl parses XML through defusedxml, the workbook is opened
read-only and only ``max_rows`` rows and ``max_columns`` columns are looked at. A CSV file is
decoded as UTF-8 (with or without a byte order mark) or, failing that, Windows-1252, the two
encodings Excel writes; a file with NUL bytes is not text.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from hub.core.exports import FORMULA_PREFIXES

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 1_000
MAX_ROWS = 20_000
MAX_COLUMNS = 40
# How far down the reader looks for the header row, in case rows of instructions are above it.
HEADER_SEARCH_ROWS = 20

SAVE_AS_XLSX = "save it as an Excel Workbook (.xlsx) or download the template again"


class SpreadsheetRefused(Exception):
    """The file as a whole cannot be read; ``message`` is the one problem to report."""

    def __init__(self, message: str, *, row: int | None = None):
        super().__init__(message)
        self.message = message
        self.row = row


@dataclass(frozen=True)
class Cell:
    value: Any
    is_formula: bool = False
    is_error: bool = False

    @property
    def is_blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


BLANK = Cell(None)


@dataclass(frozen=True)
class Row:
    """One row under the header: its number in the file (as a spreadsheet shows it) and its cells by heading."""

    number: int
    cells: Mapping[str, Cell]

    def __getitem__(self, heading: str) -> Cell:
        return self.cells.get(heading, BLANK)


def read_bytes(data: bytes | BinaryIO, *, max_bytes: int = MAX_UPLOAD_BYTES) -> bytes:
    """The upload's content, refused when empty or bigger than ``max_bytes``."""
    if isinstance(data, bytes | bytearray | memoryview):
        content = bytes(data)
    else:
        if hasattr(data, "seek"):
            data.seek(0)
        content = data.read(max_bytes + 1)
    if not content:
        raise SpreadsheetRefused("The selected file is empty")
    if len(content) > max_bytes:
        raise SpreadsheetRefused(f"The selected file must be smaller than {max_bytes // (1024 * 1024)}MB")
    return content


def check_xlsx_container(content: bytes) -> None:
    """Refuse anything that is not an .xlsx file, before a spreadsheet library parses it."""
    if content.startswith(b"%PDF-"):
        raise SpreadsheetRefused(
            "The selected file is a PDF, not an Excel workbook: download the template and fill it in"
        )
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetRefused(f"The selected file is an older Excel file (.xls): {SAVE_AS_XLSX}")
    if not content.startswith(b"PK"):
        raise SpreadsheetRefused(f"The selected file is not an Excel workbook (.xlsx): {SAVE_AS_XLSX}")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            # Declared sizes can be trusted: zipfile stops decompressing at an entry's declared size.
            if len(entries) > MAX_ZIP_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
                raise SpreadsheetRefused(
                    "The selected file is too big once unpacked: download the template again and fill it in"
                )
            names = {entry.filename for entry in entries}
            is_opendocument = "mimetype" in names and b"opendocument" in archive.open("mimetype").read(100)
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError, EOFError):
        raise SpreadsheetRefused(f"The selected file is damaged or is not an Excel workbook (.xlsx): {SAVE_AS_XLSX}")
    if is_opendocument:
        raise SpreadsheetRefused(f"The selected file is an OpenDocument spreadsheet (.ods): {SAVE_AS_XLSX}")
    if "xl/workbook.xml" not in names:
        raise SpreadsheetRefused(f"The selected file is not an Excel workbook (.xlsx): {SAVE_AS_XLSX}")


def _xlsx_rows(content: bytes, sheet: str | None, max_rows: int, max_columns: int) -> list[tuple[Cell, ...]]:
    check_xlsx_container(content)
    damaged = SpreadsheetRefused(f"The selected file is damaged or is not an Excel workbook (.xlsx): {SAVE_AS_XLSX}")
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False, keep_links=False)
    except Exception:
        # A damaged or hostile file can make openpyxl raise almost anything: the answer is the same.
        raise damaged
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise SpreadsheetRefused(f'The workbook has no sheet called "{sheet}": download the template again')
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        return [
            tuple(Cell(cell.value, cell.data_type == "f", cell.data_type == "e") for cell in row)
            for row in worksheet.iter_rows(min_row=1, max_row=max_rows + 1, max_col=max_columns)
        ]
    except SpreadsheetRefused:
        raise
    except Exception:
        # Read-only sheets are parsed as they are iterated, so damage can show up only now.
        raise damaged
    finally:
        workbook.close()


def decode_csv(content: bytes) -> str:
    if b"\x00" in content[:4096]:
        raise SpreadsheetRefused("The selected file is not a CSV file: save it as CSV (comma delimited)")
    if content.startswith((b"PK", b"%PDF-", b"\xd0\xcf\x11\xe0")):
        raise SpreadsheetRefused("The selected file is not a CSV file: upload the .csv file, or rename it .xlsx")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetRefused("The selected file is not readable text: save it as CSV UTF-8 (comma delimited)")


def _csv_rows(content: bytes, max_rows: int, max_columns: int) -> list[tuple[Cell, ...]]:
    text = decode_csv(content)
    rows = []
    try:
        for index, values in enumerate(csv.reader(io.StringIO(text, newline=""))):
            if index > max_rows:
                break
            rows.append(tuple(Cell(value) for value in values[:max_columns]))
    except csv.Error as error:
        raise SpreadsheetRefused(f"The selected file is not a readable CSV file ({error}): save it as CSV again")
    return rows


def file_kind(filename: str, content: bytes) -> str:
    """``"xlsx"`` or ``"csv"``, from the name and, where the name says neither, the content."""
    name = filename.lower()
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".xlsx") or content.startswith(b"PK"):
        return "xlsx"
    if name.endswith((".xls", ".ods", ".pdf", ".doc", ".docx")):
        raise SpreadsheetRefused(f"The selected file must be an Excel workbook (.xlsx) or a CSV file, not {name[-5:]}")
    return "csv"


def _heading(cell: Cell) -> str:
    return " ".join(str(cell.value).split()).casefold() if not cell.is_blank else ""


def read_table(
    data: bytes | BinaryIO,
    *,
    filename: str,
    headings: Sequence[str],
    required: Sequence[str] | None = None,
    sheet: str | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
) -> list[Row]:
    """The non-blank rows under the header row of an .xlsx or .csv file, with cells by heading.

    ``headings`` are every column the template has; ``required`` those that must be present
    (all of them when not given). Headings are matched ignoring case and extra spaces, so moved
    columns are still read; an unknown, repeated or missing heading refuses the file, naming it.
    """
    content = read_bytes(data, max_bytes=max_bytes)
    kind = file_kind(filename, content)
    # Enough rows for instructions above the headings, the most rows allowed, and one more to notice too many.
    limit = max_rows + HEADER_SEARCH_ROWS
    if kind == "csv":
        rows = _csv_rows(content, limit, max_columns)
    else:
        rows = _xlsx_rows(content, sheet, limit, max_columns)
    expected = {heading.casefold(): heading for heading in headings}
    required = tuple(headings if required is None else required)
    # The header row is the one, near the top, with the most known headings.
    header_index, best = None, 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = sum(1 for cell in row if _heading(cell) in expected)
        if found > best:
            header_index, best = index, found
    if header_index is None:
        raise SpreadsheetRefused(
            f"The column headings ({', '.join(headings)}) are missing: download the template and use its first sheet"
        )
    header_row = header_index + 1
    columns: dict[str, int] = {}
    problems = []
    for position, cell in enumerate(rows[header_index]):
        heading = _heading(cell)
        if not heading:
            continue
        letter = get_column_letter(position + 1)
        name = expected.get(heading)
        if name is None:
            problems.append(f'column {letter}, "{str(cell.value).strip()[:50]}", is not in the template: delete it')
        elif name in columns:
            problems.append(f'there are two "{name}" columns ({get_column_letter(columns[name] + 1)} and {letter})')
        else:
            columns[name] = position
    problems.extend(f'the "{heading}" column is missing' for heading in required if heading not in columns)
    if problems:
        raise SpreadsheetRefused(
            f"Row {header_row}: the column headings do not match the template: {'; '.join(problems)}",
            row=header_row,
        )
    if len(rows) - header_row > max_rows:
        raise SpreadsheetRefused(f"The selected file has more than {max_rows:,} rows: split it into smaller files")
    table = []
    for index, row in enumerate(rows[header_index + 1 :], start=header_row + 1):
        cells = {name: row[position] if position < len(row) else BLANK for name, position in columns.items()}
        if all(cell.is_blank for cell in cells.values()):
            continue
        table.append(Row(index, cells))
    return table


# Parsers: each returns (value, None) or (None, "what is wrong") to follow "Row 7, Date ". --------


def _shown(value: Any) -> str:
    text = str(value).strip()
    return text[:50] + ("…" if len(text) > 50 else "")


def _not_plain(cell: Cell) -> str | None:
    if cell.is_formula:
        return "is a formula; type the value itself"
    if cell.is_error:
        return f"shows an error ({_shown(cell.value)[:20]}); type the value itself"
    return None


def parse_text(cell: Cell, *, max_length: int, required: bool = False) -> tuple[str | None, str | None]:
    problem = _not_plain(cell)
    if problem:
        return None, problem
    if cell.is_blank:
        return ("", "is empty") if required else ("", None)
    value = cell.value
    if isinstance(value, datetime | date):
        value = value.strftime("%d/%m/%Y")
    text = str(value).strip()
    # The template writes text that looks like a formula with a leading apostrophe; take it off.
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        text = text[1:]
    if len(text) > max_length:
        return None, f"must be {max_length:,} characters or fewer (it has {len(text):,})"
    return text, None


_WHOLE_NUMBER = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+|[-+]?\d+")


def parse_integer(
    cell: Cell, *, minimum: int | None = None, maximum: int | None = None, required: bool = True
) -> tuple[int | None, str | None]:
    problem = _not_plain(cell)
    if problem:
        return None, problem
    if cell.is_blank:
        return None, ("is empty; enter a whole number" if required else None)
    value = cell.value
    if isinstance(value, bool | datetime | date | time | timedelta):
        return None, "must be a whole number"
    number: Decimal | None = None
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = None
    elif _WHOLE_NUMBER.fullmatch(str(value).strip()):
        number = Decimal(str(value).strip().replace(",", ""))
    if number is None or not number.is_finite() or number != number.to_integral_value():
        return None, f'must be a whole number, like 12, not "{_shown(value)}"'
    result = int(number)
    if minimum is not None and result < minimum:
        return None, f"must be {minimum} or more"
    if maximum is not None and result > maximum:
        return None, f"must be {maximum:,} or less"
    return result, None


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y")
_TWO_DIGIT_YEAR = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2}")


def parse_date(cell: Cell, *, required: bool = True) -> tuple[date | None, str | None]:
    """A date cell, or text written as 14/03/2022, 2022-03-14 or 14 March 2022 (UK order, never US)."""
    problem = _not_plain(cell)
    if problem:
        return None, problem
    if cell.is_blank:
        return None, ("is empty; enter a date, like 14/03/2022" if required else None)
    value = cell.value
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    text = " ".join(str(value).split())
    if _TWO_DIGIT_YEAR.fullmatch(text):
        return None, f'has a two-digit year ("{_shown(text)}"); write the year in full, like 14/03/2022'
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date(), None
        except ValueError:
            continue
    return None, f'must be a date, like 14/03/2022, not "{_shown(value)}"'


_TIME_TEXT = re.compile(r"(\d{1,2})[:.](\d{2})")


def parse_time(cell: Cell, *, required: bool = True) -> tuple[time | None, str | None]:
    """A time cell, or text written as 14:30 (24-hour clock)."""
    problem = _not_plain(cell)
    if problem:
        return None, problem
    if cell.is_blank:
        return None, ("is empty; enter a time, like 14:30" if required else None)
    value = cell.value
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0), None
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0), None
    match = _TIME_TEXT.fullmatch(str(value).strip())
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return time(int(match[1]), int(match[2])), None
    return None, f'must be a time on the 24-hour clock, like 14:30, not "{_shown(value)}"'


def parse_choice(cell: Cell, choices: Mapping[str, Any], *, required: bool = True) -> tuple[Any | None, str | None]:
    """One of ``choices`` (label → value), matched ignoring case and extra spaces."""
    problem = _not_plain(cell)
    if problem:
        return None, problem
    labels = ", ".join(choices)
    if cell.is_blank:
        return None, (f"is empty; choose one of: {labels}" if required else None)
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    key = " ".join(str(value).split()).casefold()
    for label, choice in choices.items():
        if label.casefold() == key:
            return choice, None
    return None, f'must be one of: {labels} (not "{_shown(value)}")'


YES_NO = {"Yes": True, "No": False}


def parse_yes_no(cell: Cell, *, required: bool = True) -> tuple[bool | None, str | None]:
    if isinstance(cell.value, bool) and not cell.is_formula:
        return cell.value, None
    return parse_choice(cell, YES_NO, required=required)
