"""The Excel template for a performance return, and reading a completed one back.

A SPOC downloads a workbook pre-filled with their agency's indicators, enters the figures and
uploads it. ``read_return`` never saves anything: it returns the values it found, the row each
came from and every problem, so the upload page can show a report (row, indicator, problem) and
the service can save the whole return or nothing.

Decisions about what a SPOC may type in a number cell:

- numbers, of course; formulas are refused ("enter the number itself"), because the Hub stores
  figures, not a calculation it cannot check, and the value Excel last calculated may be stale
  or missing;
- text that is plainly a number is accepted: surrounding spaces are ignored and commas are
  accepted as thousands separators when they group digits in threes (``" 12 "``, ``"1,234"``,
  ``"1,234.5"``). Anything else (``"twelve"``, ``"12 children"``, ``"45%"``, ``"1,23"``) is a
  problem, not a guess;
- dates, times, TRUE/FALSE and Excel errors (``#DIV/0!``) are problems.

The Code column identifies each row: indicator names, units and previous values are there for
the reader of the sheet and are not read back. Columns are found by their headings, so a sheet
whose columns were moved is still read, but a missing, extra or renamed heading is a problem.

Hostile files: the upload is capped at ``MAX_UPLOAD_BYTES`` and, before openpyxl sees it, checked
by ``hub.core.spreadsheets.check_xlsx_container`` (a "zip bomb" is a few kilobytes that unpack
to gigabytes). openpyxl parses the XML through defusedxml, the workbook is opened read-only, and at most
``MAX_ROWS`` rows and ``MAX_COLUMNS`` columns are looked at.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO, NamedTuple

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from hub.core import spreadsheets
from hub.core.exports import FORMULA_PREFIXES, safe_cell
from hub.scorecards.validation import LineSpec, Problem, ValueInput, validate_values

TEMPLATE_VERSION = "1"

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 30
MAX_COMMENT_LENGTH = 2_000

RETURN_SHEET = "Return"
ABOUT_SHEET = "About"

CODE = "Code"
INDICATOR = "Indicator"
UNIT = "Unit"
NUMERATOR = "Numerator"
DENOMINATOR = "Denominator"
PREVIOUS_VALUE = "Previous value"
COMMENT = "Comment"
HEADERS = (CODE, INDICATOR, UNIT, NUMERATOR, DENOMINATOR, PREVIOUS_VALUE, COMMENT)

HEADER_ROW = 6
FIRST_LINE_ROW = HEADER_ROW + 1
# How far down the reader looks for the header row, in case rows were inserted above it.
HEADER_SEARCH_ROWS = 20
NOT_USED = "not used"

_ABOUT_VERSION = "Template version"
_ABOUT_AGENCY_CODE = "Agency code"
_ABOUT_AGENCY = "Agency"
_ABOUT_PERIOD_KEY = "Period key"
_ABOUT_PERIOD = "Period"

_WIDTHS = {CODE: 12, UNIT: 16, NUMERATOR: 14, DENOMINATOR: 14, PREVIOUS_VALUE: 16, COMMENT: 60}
_UNIT_FORMATS = {"count": "#,##0", "percentage": '0.0"%"', "rate": "0.0"}

_GREY = PatternFill("solid", fgColor="F3F2F1")
_DARK_GREY = PatternFill("solid", fgColor="B1B4B6")
_BORDER = Border(*(Side(style="thin", color="B1B4B6"),) * 4)
_UNLOCKED = Protection(locked=False)
_TOP_WRAPPED = Alignment(vertical="top", wrap_text=True)

# "1234", "1,234", "1,234.5", ".5", "-3": digits with optional thousands commas grouped in threes.
_NUMBER_TEXT = re.compile(r"[-+]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)")


@dataclass(frozen=True)
class TemplateSpec:
    agency_code: str
    agency_name: str
    period_key: str
    period_label: str
    deadline: date | None
    lines: Sequence[LineSpec]
    prefill: Mapping[str, ValueInput] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"{self.agency_name}, {self.period_label}"


@dataclass(frozen=True)
class ReadResult:
    """What an uploaded return holds: its values (in row order), each value's row, and every problem."""

    values: tuple[ValueInput, ...]
    rows: Mapping[str, int]
    problems: tuple[Problem, ...]


def _text(value: Any) -> Any:
    value = safe_cell(value)
    if isinstance(value, str):
        # Control characters cannot be stored in a workbook; they carry no meaning in a return.
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _date_text(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _indicator_text(line: LineSpec) -> str:
    """The indicator's name, and what to count for it when the definitions say more than "Numerator"."""
    parts = [line.name]
    definitions = [("Numerator", line.numerator_label)]
    if line.uses_denominator:
        definitions.append(("Denominator", line.denominator_label))
    for heading, label in definitions:
        label = (label or "").strip()
        if label and label != heading:
            parts.append(f"{heading}: {label}")
    return "\n".join(parts)


def build_template(spec: TemplateSpec) -> bytes:
    """The return template for one agency and period, as the bytes of an .xlsx file.

    Only the numerator, denominator and comment cells can be edited: the sheet is protected
    without a password, to guide the SPOC rather than to secure anything.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = RETURN_SHEET
    _write_introduction(sheet, spec)
    _write_header(sheet)
    for row, line in enumerate(spec.lines, start=FIRST_LINE_ROW):
        _write_line(sheet, row, line, spec.prefill.get(line.code))
    _add_validation(sheet, spec.lines)
    name_width = max((len(line.name) for line in spec.lines), default=0) + 2
    widths = {**_WIDTHS, INDICATOR: min(max(name_width, 30), 60)}
    for index, header in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths[header]
    # Code and indicator stay in view while scrolling across; the header while scrolling down.
    sheet.freeze_panes = f"C{FIRST_LINE_ROW}"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    _write_about(workbook, spec)
    workbook.properties.title = _text(f"Performance return: {spec.title}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_introduction(sheet, spec: TemplateSpec) -> None:
    sheet["A1"] = _text(f"Performance return: {spec.title}")
    sheet["A1"].font = Font(bold=True, size=14)
    if spec.deadline:
        sheet["A2"] = _text(f"Send this return by {_date_text(spec.deadline)}.")
    else:
        sheet["A2"] = "There is no deadline for this return."
    sheet["A2"].font = Font(bold=True)
    sheet["A3"] = (
        "Enter the numerator for every indicator, and the denominator where there is one. "
        "Enter numbers only: no formulas, words or units."
    )
    sheet["A4"] = (
        "Explain any unusual change or missing figure in the Comment column. "
        "Do not change the codes, the column headings or the sheet names, then upload this file to the Hub."
    )


def _write_header(sheet) -> None:
    for column, header in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=header)
        cell.font = Font(bold=True)
        cell.fill = _GREY
        cell.border = _BORDER
        cell.alignment = _TOP_WRAPPED


def _write_line(sheet, row: int, line: LineSpec, prefill: ValueInput | None) -> None:
    values = [
        _text(line.code),
        _text(_indicator_text(line)),
        _text(line.unit.label),
        prefill.numerator if prefill else None,
        (prefill.denominator if prefill else None) if line.uses_denominator else NOT_USED,
        line.previous_value,
        _text(prefill.comment) if prefill and prefill.comment else None,
    ]
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.border = _BORDER
        cell.alignment = _TOP_WRAPPED
    for column in (1, 2, 3, 6):
        sheet.cell(row=row, column=column).fill = _GREY
    sheet.cell(row=row, column=6).number_format = _UNIT_FORMATS[line.unit.value]
    for column in (4, 5, 7):
        sheet.cell(row=row, column=column).protection = _UNLOCKED
    if not line.uses_denominator:
        cell = sheet.cell(row=row, column=5)
        cell.fill = _DARK_GREY
        cell.font = Font(italic=True)
        cell.protection = Protection(locked=True)


def _column_ranges(column: str, rows: list[int]) -> str:
    """``"E7:E9 E12"``: the cells of ``column`` in ``rows``, consecutive rows joined into one range.

    Ranges rather than one entry per cell: a data validation over thousands of single cells is
    slow to build and to open.
    """
    ranges = []
    for row in rows:
        if ranges and ranges[-1][1] == row - 1:
            ranges[-1][1] = row
        else:
            ranges.append([row, row])
    return " ".join(f"{column}{first}:{column}{last}" if last > first else f"{column}{first}" for first, last in ranges)


def _add_validation(sheet, lines: Sequence[LineSpec]) -> None:
    if not lines:
        return
    rows = list(range(FIRST_LINE_ROW, FIRST_LINE_ROW + len(lines)))
    denominator_rows = [row for row, line in zip(rows, lines, strict=True) if line.uses_denominator]
    numbers = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Enter a number",
        error="Enter a number that is 0 or more, without words or units.",
        sqref=" ".join(filter(None, [_column_ranges("D", rows), _column_ranges("E", denominator_rows)])),
    )
    comments = DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1=str(MAX_COMMENT_LENGTH),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Comment too long",
        error=f"A comment must be {MAX_COMMENT_LENGTH:,} characters or fewer.",
        sqref=_column_ranges("G", rows),
    )
    sheet.add_data_validation(numbers)
    sheet.add_data_validation(comments)


def _write_about(workbook: Workbook, spec: TemplateSpec) -> None:
    about = workbook.create_sheet(ABOUT_SHEET)
    rows = [
        (_ABOUT_VERSION, TEMPLATE_VERSION),
        (_ABOUT_AGENCY_CODE, spec.agency_code),
        (_ABOUT_AGENCY, spec.agency_name),
        (_ABOUT_PERIOD_KEY, spec.period_key),
        (_ABOUT_PERIOD, spec.period_label),
    ]
    for key, value in rows:
        about.append([_text(key), _text(value)])
    about.sheet_state = "hidden"
    about.protection.sheet = True


# Reading ------------------------------------------------------------------------------------


class _Refused(Exception):
    """The file as a whole cannot be read as this return; carries the one problem to report."""

    def __init__(self, message: str, *, row: int | None = None):
        super().__init__(message)
        self.problem = Problem(code="", message=message, row=row)


class _Cell(NamedTuple):
    value: Any
    data_type: str

    @property
    def is_formula(self) -> bool:
        return self.data_type == "f"

    @property
    def is_blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


def read_return(data: bytes | BinaryIO, spec: TemplateSpec) -> ReadResult:
    """Read an uploaded return against the template for ``spec``. Nothing is saved.

    Every problem carries the spreadsheet row it is on. A file that cannot be read as this
    return at all (not a workbook, too big, another agency's template) gives one problem and
    no values. The checks of ``validate_values`` run on what was read, and their problems are
    included.
    """
    try:
        content = _read_bytes(data)
        _check_container(content)
        sheet_rows, about = _load(content, spec)
        _check_about(about, spec)
        header_row, columns = _find_columns(sheet_rows)
    except _Refused as refused:
        return ReadResult(values=(), rows={}, problems=(refused.problem,))
    return _Reader(spec, columns).read(sheet_rows, header_row)


def _not_template(spec: TemplateSpec) -> _Refused:
    return _Refused(f"This is not the return template for {spec.title}: download the template again")


def _read_bytes(data: bytes | BinaryIO) -> bytes:
    try:
        return spreadsheets.read_bytes(data, max_bytes=MAX_UPLOAD_BYTES)
    except spreadsheets.SpreadsheetRefused as refused:
        raise _Refused(refused.message)


_SAVE_AS_XLSX = spreadsheets.SAVE_AS_XLSX


def _check_container(content: bytes) -> None:
    """Refuse anything that is not an .xlsx file, before a spreadsheet library parses it."""
    try:
        spreadsheets.check_xlsx_container(content)
    except spreadsheets.SpreadsheetRefused as refused:
        raise _Refused(refused.message)


def _load(content: bytes, spec: TemplateSpec) -> tuple[list[tuple[_Cell, ...]], dict[str, str]]:
    """The first rows of the Return sheet as cells, and the About sheet as a dictionary."""
    damaged = _Refused(f"The selected file is damaged or is not an Excel workbook (.xlsx): {_SAVE_AS_XLSX}")
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False, keep_links=False)
    except Exception:
        # A damaged or hostile file can make openpyxl raise almost anything (zip, XML, key,
        # value and type errors): whatever it is, the answer to the SPOC is the same.
        raise damaged
    try:
        if RETURN_SHEET not in workbook.sheetnames or ABOUT_SHEET not in workbook.sheetnames:
            raise _not_template(spec)
        about = {}
        for key, value in workbook[ABOUT_SHEET].iter_rows(min_row=1, max_row=10, max_col=2, values_only=True):
            if key is not None:
                about[str(key).strip()] = "" if value is None else str(value).strip()
        rows = [
            tuple(_Cell(cell.value, cell.data_type) for cell in row)
            for row in workbook[RETURN_SHEET].iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS)
        ]
    except _Refused:
        raise
    except Exception:
        # Read-only sheets are parsed as they are iterated, so damage can show up only now.
        raise damaged
    finally:
        workbook.close()
    return rows, about


def _check_about(about: dict[str, str], spec: TemplateSpec) -> None:
    if not about or about.get(_ABOUT_VERSION) != TEMPLATE_VERSION:
        raise _not_template(spec)
    agency_code, period_key = about.get(_ABOUT_AGENCY_CODE), about.get(_ABOUT_PERIOD_KEY)
    if (agency_code, period_key) == (spec.agency_code, spec.period_key):
        return
    # Text from the file goes into the message: keep it short.
    agency = (about.get(_ABOUT_AGENCY) or agency_code or "another agency")[:100]
    period = (about.get(_ABOUT_PERIOD) or period_key or "another period")[:100]
    if agency_code == spec.agency_code:
        agency = spec.agency_name
    if period_key == spec.period_key:
        period = spec.period_label
    raise _Refused(
        f"This file is the return template for {agency}, {period}, not for {spec.title}: "
        f"download the template for {spec.title} and enter the figures in it"
    )


def _heading(cell: _Cell) -> str:
    return " ".join(str(cell.value).split()).casefold() if not cell.is_blank else ""


def _find_columns(rows: list[tuple[_Cell, ...]]) -> tuple[int, dict[str, int]]:
    """The header row's number and the position of each column, or a refusal naming what is wrong."""
    expected = {header.casefold(): header for header in HEADERS}
    header_index = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if row and _heading(row[0]) == CODE.casefold():
            header_index = index
            break
    if header_index is None:
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            if any(_heading(cell) in expected for cell in row):
                header_index = index
                break
    if header_index is None:
        raise _Refused(f"The column headings ({', '.join(HEADERS)}) are missing: download the template again")
    header_row = header_index + 1
    headings = [_heading(cell) for cell in rows[header_index]]
    columns: dict[str, int] = {}
    renamed: set[str] = set()
    problems = []
    for position, heading in enumerate(headings):
        if not heading:
            continue
        letter = get_column_letter(position + 1)
        name = expected.get(heading)
        shown = str(rows[header_index][position].value).strip()[:50]
        if name is None:
            template_name = HEADERS[position] if position < len(HEADERS) else None
            if template_name and template_name.casefold() not in headings:
                renamed.add(template_name)
                problems.append(f'column {letter} is headed "{shown}" instead of "{template_name}"')
            else:
                problems.append(f'column {letter}, "{shown}", is not in the template: delete it')
        elif name in columns:
            problems.append(f'there are two "{name}" columns ({get_column_letter(columns[name] + 1)} and {letter})')
        else:
            columns[name] = position
    for header in HEADERS:
        if header not in columns and header not in renamed:
            problems.append(f'the "{header}" column is missing')
    if problems:
        raise _Refused(
            f"Row {header_row}: the column headings do not match the template: {'; '.join(problems)}. "
            "Put the headings back as they were, or download the template again",
            row=header_row,
        )
    return header_row, columns


class _Reader:
    """Turns the rows under the header into values, collecting a problem for every bad cell."""

    def __init__(self, spec: TemplateSpec, columns: dict[str, int]):
        self.spec = spec
        self.columns = columns
        self.lines = {line.code: line for line in spec.lines}
        self.lines_by_folded_code = {line.code.casefold(): line for line in spec.lines}
        self.values: list[ValueInput] = []
        self.rows: dict[str, int] = {}
        self.problems: list[Problem] = []
        # (code, field) of cells already reported, so validation does not also say "enter the ...".
        self.unreadable: set[tuple[str, str]] = set()

    def cell(self, row: tuple[_Cell, ...], header: str) -> _Cell:
        position = self.columns[header]
        return row[position] if position < len(row) else _Cell(None, "n")

    def problem(self, row: int, message: str, *, code: str = "", field: str = "") -> None:
        self.problems.append(Problem(code=code, message=f"Row {row}: {message}", field=field, row=row))

    def read(self, sheet_rows: list[tuple[_Cell, ...]], header_row: int) -> ReadResult:
        file_problems = []
        if len(sheet_rows) > MAX_ROWS and not all(cell.is_blank for cell in sheet_rows[MAX_ROWS]):
            file_problems.append(
                Problem(
                    code="",
                    message=f"The Return sheet has more than {MAX_ROWS:,} rows: delete the rows you added",
                    row=MAX_ROWS + 1,
                )
            )
        for row_number, row in enumerate(sheet_rows[header_row:MAX_ROWS], start=header_row + 1):
            self.read_row(row_number, row)
        missing = []
        for line in self.spec.lines:
            if line.code not in self.rows:
                missing.append(
                    Problem(
                        code=line.code,
                        message=f"{line.name} ({line.code}) is missing from the file: "
                        "put its row back or download the template again",
                    )
                )
        present = [line for line in self.spec.lines if line.code in self.rows]
        checked = [
            problem
            for problem in validate_values(present, self.values, rows=self.rows)
            if (problem.code, problem.field) not in self.unreadable
        ]
        # Problems in row order, whichever check found them; sorted() is stable, so the order
        # within a row is the order of the checks.
        by_row = sorted(self.problems + checked, key=lambda problem: problem.row or 0)
        return ReadResult(
            values=tuple(self.values),
            rows=dict(self.rows),
            problems=tuple(file_problems + by_row + missing),
        )

    def read_row(self, row_number: int, row: tuple[_Cell, ...]) -> None:
        cells = {header: self.cell(row, header) for header in HEADERS}
        if all(cell.is_blank for cell in cells.values()):
            return
        code_cell = cells[CODE]
        if code_cell.is_formula:
            self.problem(row_number, "the code is a formula; put back the code from the template")
            return
        if code_cell.is_blank:
            self.problem(row_number, "the code is missing; put back the code from the template or delete the row")
            return
        code = _code_text(code_cell.value)
        line = self.lines.get(code) or self.lines_by_folded_code.get(code.casefold())
        if line is None:
            shown = code[:50]
            self.problem(
                row_number,
                f'there is no indicator with the code "{shown}" on the return for {self.spec.agency_name}; '
                "check the code or delete the row",
                code=shown,
            )
            return
        if line.code in self.rows:
            self.problem(
                row_number,
                f"{line.name} ({line.code}) is also on row {self.rows[line.code]}; delete one of the rows",
                code=line.code,
            )
            return
        self.rows[line.code] = row_number
        numerator = self.number(row_number, line, "numerator", cells[NUMERATOR])
        denominator_cell = cells[DENOMINATOR]
        if not line.uses_denominator and _heading(denominator_cell) == NOT_USED:
            denominator = None
        else:
            denominator = self.number(row_number, line, "denominator", denominator_cell)
        comment = self.comment(row_number, line, cells[COMMENT])
        self.values.append(ValueInput(code=line.code, numerator=numerator, denominator=denominator, comment=comment))

    def number(self, row_number: int, line: LineSpec, field: str, cell: _Cell) -> Decimal | None:
        if cell.is_blank and not cell.is_formula:
            return None
        number, problem = _parse_number(cell)
        if problem:
            self.problem(row_number, f"the {field} {problem}", code=line.code, field=field)
            self.unreadable.add((line.code, field))
        return number

    def comment(self, row_number: int, line: LineSpec, cell: _Cell) -> str:
        if cell.is_formula:
            message = "the comment is a formula; type the comment itself"
            self.problem(row_number, message, code=line.code, field="comment")
            return ""
        if cell.is_blank:
            return ""
        value = cell.value
        if isinstance(value, datetime | date | time):
            text = value.isoformat()
        elif isinstance(value, float) and value.is_integer():
            text = str(int(value))
        else:
            text = str(value)
        text = text.strip()
        # The template writes a comment that starts like a formula with an apostrophe in front
        # (see safe_cell); take it off again so that the comment is saved as it was typed.
        if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
            text = text[1:]
        if len(text) > MAX_COMMENT_LENGTH:
            self.problem(
                row_number,
                f"the comment must be {MAX_COMMENT_LENGTH:,} characters or fewer (it has {len(text):,})",
                code=line.code,
                field="comment",
            )
        return text


def _code_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_number(cell: _Cell) -> tuple[Decimal | None, str | None]:
    """A number cell's value, or the end of a sentence saying what is wrong with it."""
    value = cell.value
    if cell.is_formula:
        return None, "is a formula; enter the number itself"
    if cell.data_type == "e":
        return None, f"shows an error ({str(value)[:20]}); enter the number itself"
    if isinstance(value, bool):
        return None, f"is {'TRUE' if value else 'FALSE'}; enter a number"
    if isinstance(value, datetime | date | time | timedelta):
        return None, "looks like a date or time; enter a number, and check the cell is not formatted as a date"
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            return None, "must be a number"
        return number, None
    text = str(value).strip()
    if len(text) <= 50 and _NUMBER_TEXT.fullmatch(text):
        return Decimal(text.replace(",", "")), None
    shown = text[:50] + ("…" if len(text) > 50 else "")
    return None, f'must be a number, like 12 or 4.5, not "{shown}"'
