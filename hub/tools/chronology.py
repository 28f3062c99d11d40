"""The multi-agency chronology builder: the template, reading each agency's file, and the merge.

The lead professional sends each agency the template (.xlsx with an instructions sheet, or .csv),
each agency lists its events, and the lead uploads every file at once. Every file is read and
checked before anything is merged: a file that cannot be read at all gets one message, every
other problem is reported with its file, row and column, and when any file has a problem the
tool shows all of them and builds nothing. Nothing here touches the database or writes a file:
the rows live in memory for one request.

Dates can be exact, known to the month, known to the year or approximate. A date known only to
the month (or year) sorts at the start of its month (or year), ahead of exact dates there; an
approximate date sorts at the start of its month too, since its day cannot be relied on.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from hub.core.exports import XLSX_CONTENT_TYPE, safe_cell
from hub.core.spreadsheets import (
    Cell,
    SpreadsheetRefused,
    parse_choice,
    parse_date,
    parse_text,
    read_table,
)

__all__ = [
    "XLSX_CONTENT_TYPE",
    "Accuracy",
    "Chronology",
    "Event",
    "FileProblems",
    "build_chronology",
    "read_agency_file",
    "template_csv_rows",
    "template_xlsx",
]

# Columns of the template, in order.
DATE = "Date"
ACCURACY = "Date accuracy"
EVENT = "Event"
AGENCY = "Source agency"
SIGNIFICANCE = "Significance"
IMPACT = "Impact on the child"
HEADINGS = (DATE, ACCURACY, EVENT, AGENCY, SIGNIFICANCE, IMPACT)
REQUIRED = (DATE, EVENT, AGENCY)

MAX_FILES = 20
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS_PER_FILE = 2_000
MAX_EVENT_LENGTH = 2_000
MAX_AGENCY_LENGTH = 150
EARLIEST_DATE = date(1950, 1, 1)
DATA_SHEET = "Chronology"


class Accuracy:
    EXACT = "exact"
    MONTH = "month"
    YEAR = "year"
    APPROXIMATE = "approximate"

    LABELS = {
        EXACT: "Exact",
        MONTH: "Month (day not known)",
        YEAR: "Year (month not known)",
        APPROXIMATE: "Approximate",
    }
    # Less precise dates sort ahead of exact ones that fall on the same day.
    RANK = {YEAR: 0, MONTH: 1, APPROXIMATE: 2, EXACT: 3}


# What people may write in the "Date accuracy" column (matched ignoring case).
ACCURACY_CHOICES = {
    "Exact": Accuracy.EXACT,
    "Month (day not known)": Accuracy.MONTH,
    "Month": Accuracy.MONTH,
    "Year (month not known)": Accuracy.YEAR,
    "Year": Accuracy.YEAR,
    "Approximate": Accuracy.APPROXIMATE,
}
ACCURACY_SHOWN = ", ".join(Accuracy.LABELS.values())


class Significance:
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    LABELS = {HIGH: "High", MEDIUM: "Medium", LOW: "Low"}


SIGNIFICANCE_CHOICES = {label: value for value, label in Significance.LABELS.items()}


@dataclass(frozen=True)
class Event:
    """One row of one agency's file, checked."""

    day: date
    accuracy: str
    description: str
    agency: str
    significance: str = ""
    impact: str = ""
    source_file: str = ""
    row: int = 0

    @property
    def sort_date(self) -> date:
        if self.accuracy == Accuracy.YEAR:
            return date(self.day.year, 1, 1)
        if self.accuracy in (Accuracy.MONTH, Accuracy.APPROXIMATE):
            return self.day.replace(day=1)
        return self.day

    @property
    def date_text(self) -> str:
        if self.accuracy == Accuracy.YEAR:
            return f"{self.day.year} (year known)"
        if self.accuracy == Accuracy.MONTH:
            return f"{self.day:%B %Y} (month known)"
        if self.accuracy == Accuracy.APPROXIMATE:
            return f"About {self.day.day} {self.day:%B %Y} (approximate)"
        return f"{self.day.day} {self.day:%B %Y}"

    @property
    def is_significant(self) -> bool:
        return self.significance == Significance.HIGH

    @property
    def significance_label(self) -> str:
        return Significance.LABELS.get(self.significance, "Not given")

    @property
    def accuracy_label(self) -> str:
        return Accuracy.LABELS[self.accuracy]

    def as_data(self) -> list:
        return [
            self.day.isoformat(),
            self.accuracy,
            self.description,
            self.agency,
            self.significance,
            self.impact,
        ]

    @classmethod
    def from_data(cls, values: Sequence) -> Event:
        day, accuracy, description, agency, significance, impact = values
        if accuracy not in Accuracy.LABELS or (significance and significance not in Significance.LABELS):
            raise ValueError("not a chronology event")
        return cls(date.fromisoformat(day), accuracy, str(description), str(agency), significance, str(impact))


@dataclass
class FileProblems:
    """What is wrong with one uploaded file: a single reason it could not be read, or its rows' problems."""

    filename: str
    messages: list[str] = field(default_factory=list)
    event_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.messages


# Reading one file --------------------------------------------------------------------------------

_MONTH_YEAR_FORMATS = ("%B %Y", "%b %Y", "%m/%Y", "%m-%Y", "%Y-%m")
_YEAR = re.compile(r"\d{4}")
_SHORT_MONTH_YEAR = re.compile(r"\d{1,2}[/-]\d{2}")


def _parse_event_date(cell: Cell, accuracy: str | None) -> tuple[date | None, str | None]:
    """A date cell; for dates known to the month or year, "March 2021" or "2021" is enough."""
    value = cell.value
    if not cell.is_formula and not cell.is_error and not cell.is_blank and accuracy in (Accuracy.MONTH, Accuracy.YEAR):
        if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
            value = str(int(value))
        if isinstance(value, str):
            text = " ".join(value.split())
            if _YEAR.fullmatch(text):
                return date(int(text), 1, 1), None
            if _SHORT_MONTH_YEAR.fullmatch(text):
                return None, f'has a two-digit year ("{text}"); write the year in full, like March 2021 or 03/2021'
            for pattern in _MONTH_YEAR_FORMATS:
                try:
                    return datetime.strptime(text, pattern).date(), None
                except ValueError:
                    continue
    return parse_date(cell)


def _check_row(row, filename: str, today: date) -> tuple[Event | None, list[str]]:
    problems: list[str] = []

    def problem(column: str, message: str) -> None:
        problems.append(f"Row {row.number}, {column}: {message}")

    accuracy, message = parse_choice(row[ACCURACY], ACCURACY_CHOICES, required=False)
    if message:
        problem(ACCURACY, message)
    accuracy = accuracy or Accuracy.EXACT
    day, message = _parse_event_date(row[DATE], accuracy)
    if message:
        problem(DATE, message)
    elif day > today:
        problem(DATE, f"is in the future ({day:%d/%m/%Y}); a chronology lists what has already happened")
    elif day < EARLIEST_DATE:
        problem(DATE, f"is before {EARLIEST_DATE.year} ({day:%d/%m/%Y}); check the year")
    description, message = parse_text(row[EVENT], max_length=MAX_EVENT_LENGTH, required=True)
    if message:
        problem(EVENT, "is empty; describe what happened" if message == "is empty" else message)
    agency, message = parse_text(row[AGENCY], max_length=MAX_AGENCY_LENGTH, required=True)
    if message:
        problem(AGENCY, "is empty; enter the agency that recorded the event" if message == "is empty" else message)
    significance, message = parse_choice(row[SIGNIFICANCE], SIGNIFICANCE_CHOICES, required=False)
    if message:
        problem(SIGNIFICANCE, message)
    impact, message = parse_text(row[IMPACT], max_length=MAX_EVENT_LENGTH)
    if message:
        problem(IMPACT, message)
    if problems:
        return None, problems
    return (
        Event(
            day=day,
            accuracy=accuracy,
            description=description,
            agency=agency,
            significance=significance or "",
            impact=impact or "",
            source_file=filename,
            row=row.number,
        ),
        [],
    )


def read_agency_file(content, *, filename: str, today: date | None = None) -> tuple[list[Event], FileProblems]:
    """The events of one agency's file, and what is wrong with it (nothing when it can be used).

    Never raises for a bad file: an unreadable one gets one message, the others a message per
    problem, each naming its row and column.
    """
    today = today or timezone.localdate()
    result = FileProblems(filename=filename)
    try:
        rows = read_table(
            content,
            filename=filename,
            headings=HEADINGS,
            required=REQUIRED,
            sheet=None,
            max_bytes=MAX_FILE_BYTES,
            max_rows=MAX_ROWS_PER_FILE,
        )
    except SpreadsheetRefused as refused:
        result.messages.append(refused.message)
        return [], result
    events: list[Event] = []
    for row in rows:
        event, problems = _check_row(row, filename, today)
        if event is not None:
            events.append(event)
        result.messages.extend(problems)
    if not rows:
        result.messages.append("The file has no events under the column headings: add at least one row")
    result.event_count = len(events)
    return events, result


# Merging ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    after: Event
    before: Event
    days: int

    @property
    def is_uncertain(self) -> bool:
        return self.after.accuracy != Accuracy.EXACT or self.before.accuracy != Accuracy.EXACT


@dataclass(frozen=True)
class Entry:
    """A row of the merged chronology: an event with its flags, or a gap between two events."""

    event: Event | None = None
    same_day_agencies: tuple[str, ...] = ()
    gap: Gap | None = None

    @property
    def is_gap(self) -> bool:
        return self.gap is not None


@dataclass
class Chronology:
    entries: list[Entry]
    gap_days: int
    agencies: list[str]

    @property
    def events(self) -> list[Event]:
        return [entry.event for entry in self.entries if entry.event is not None]

    @property
    def event_count(self) -> int:
        return len(self.events)

    @property
    def significant_count(self) -> int:
        return sum(1 for event in self.events if event.is_significant)

    @property
    def same_day_count(self) -> int:
        return sum(1 for entry in self.entries if entry.same_day_agencies)

    @property
    def gap_count(self) -> int:
        return sum(1 for entry in self.entries if entry.is_gap)

    @property
    def first(self) -> Event | None:
        events = self.events
        return events[0] if events else None

    @property
    def last(self) -> Event | None:
        events = self.events
        return events[-1] if events else None


def _sort_key(event: Event) -> tuple:
    return (event.sort_date, Accuracy.RANK[event.accuracy], event.agency.casefold(), event.source_file, event.row)


def build_chronology(events: Iterable[Event], *, gap_days: int) -> Chronology:
    """Every agency's events in one timeline, oldest first.

    An exact-dated event is flagged when another agency recorded an exact-dated event on the same
    day; a gap row is put between two events further apart than ``gap_days`` days.
    """
    ordered = sorted(events, key=_sort_key)
    by_day: dict[date, set[str]] = {}
    for event in ordered:
        if event.accuracy == Accuracy.EXACT:
            by_day.setdefault(event.day, set()).add(event.agency)
    entries: list[Entry] = []
    previous: Event | None = None
    for event in ordered:
        if previous is not None:
            days = (event.sort_date - previous.sort_date).days
            if gap_days and days > gap_days:
                entries.append(Entry(gap=Gap(after=previous, before=event, days=days)))
        others: tuple[str, ...] = ()
        if event.accuracy == Accuracy.EXACT:
            others = tuple(sorted((by_day[event.day] - {event.agency}), key=str.casefold))
        entries.append(Entry(event=event, same_day_agencies=others))
        previous = event
    agencies = sorted({event.agency for event in ordered}, key=str.casefold)
    return Chronology(entries=entries, gap_days=gap_days, agencies=agencies)


# Writing -----------------------------------------------------------------------------------------

INSTRUCTIONS = (
    "How to fill in this chronology",
    "",
    "Use the 'Chronology' sheet. Write one event a row, under the headings. Do not change the headings.",
    "Do not write the child's or family members' names: use your agency's case reference "
    "and roles (mother, sibling aged 6).",
    "",
    "Date: the day it happened, like 14/03/2022. Write the year in full.",
    f"Date accuracy: one of {ACCURACY_SHOWN}. Leave empty for an exact date.",
    "  For 'Month (day not known)' you may write the date as March 2022; for 'Year (month not known)', as 2022.",
    "Event: what happened, who was involved (by role) and what your agency did.",
    "Source agency: your agency and team.",
    "Significance: High, Medium or Low. High marks a significant event, highlighted in the merged chronology.",
    "Impact on the child: what the event meant for the child, as far as you know.",
    "",
    "Send the file back to the lead professional. The chronology builder does not keep your file.",
)

EXAMPLE_ROW = (
    "14/03/2022",
    "Exact",
    "Example (delete this row): home visit by health visitor; mother reported the baby had not been seen by the GP.",
    "Health visiting, North team",
    "Medium",
    "Missed health check; no concern seen for the baby on the day.",
)


def template_xlsx() -> bytes:
    """The template workbook: the chronology sheet with its headings and lists, and an instructions sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    sheet.append(list(HEADINGS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append([safe_cell(value) for value in EXAMPLE_ROW])
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEF", (14, 24, 60, 30, 14, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2, max_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    accuracy_list = DataValidation(
        type="list", formula1='"' + ",".join(Accuracy.LABELS.values()) + '"', allow_blank=True
    )
    significance_list = DataValidation(
        type="list", formula1='"' + ",".join(Significance.LABELS.values()) + '"', allow_blank=True
    )
    sheet.add_data_validation(accuracy_list)
    sheet.add_data_validation(significance_list)
    accuracy_list.add(f"B2:B{MAX_ROWS_PER_FILE + 1}")
    significance_list.add(f"E2:E{MAX_ROWS_PER_FILE + 1}")
    instructions = workbook.create_sheet("Instructions")
    for line in INSTRUCTIONS:
        instructions.append([safe_cell(line)])
    instructions["A1"].font = Font(bold=True, size=14)
    instructions.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv_rows() -> tuple[Sequence[str], list[Sequence[str]]]:
    return HEADINGS, [EXAMPLE_ROW]


def export_rows(chronology: Chronology) -> tuple[list[str], list[list]]:
    """The merged chronology as spreadsheet rows: gaps as rows of their own, flags in words."""
    headers = [
        "Date",
        "Date accuracy",
        "Source agency",
        "Event",
        "Significance",
        "Impact on the child",
        "Same day as",
    ]
    rows: list[list] = []
    for entry in chronology.entries:
        if entry.gap is not None:
            rows.append(["", "", "", gap_text(entry.gap), "", "", ""])
            continue
        event = entry.event
        rows.append(
            [
                event.date_text if event.accuracy != Accuracy.EXACT else event.day,
                event.accuracy_label,
                event.agency,
                event.description,
                "Significant event" if event.is_significant else event.significance_label,
                event.impact,
                ", ".join(entry.same_day_agencies),
            ]
        )
    return headers, rows


def gap_text(gap: Gap) -> str:
    text = f"Gap: {gap.days} days with no recorded events, between {gap.after.date_text} and {gap.before.date_text}"
    if gap.is_uncertain:
        text += " (at least one of these dates is not exact)"
    return text
