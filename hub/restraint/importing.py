"""The home's monthly return of restraint incidents: the template, and reading a completed one.

``read_return`` never saves anything. It returns an ``IncidentRow`` per row and every problem
with its row and column, so the upload page can list them all; the service saves the whole
return or nothing (``services.apply_import``). A row is matched to an incident already recorded
by the home's incident number, so sending the same return twice changes nothing, and a
corrected return updates only the incidents that changed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from hub.core.exports import safe_cell
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
from hub.restraint.models import (
    REFERENCE_PATTERN,
    AgeBand,
    Injury,
    Location,
    ManagementReview,
    Reason,
    StaffInjury,
    Technique,
)

SHEET = "Incidents"
NUMBER = "Incident number"
DATE = "Date"
TIME = "Time"
YOUNG_PERSON = "Young person's reference"
AGE_BAND = "Age band"
LOCATION = "Location"
REASON = "Reason"
TECHNIQUES = "Techniques"
DURATION = "Duration (minutes)"
STAFF = "Staff involved"
INJURY = "Injury to young person"
STAFF_INJURY = "Injury to staff"
DEBRIEF = "Debrief held"
VIEW = "Young person's view"
CCTV = "CCTV exists"
REVIEW = "Management review"
REVIEW_DATE = "Management review date"
REVIEW_NOTES = "Management review notes"
HEADINGS = (
    NUMBER,
    DATE,
    TIME,
    YOUNG_PERSON,
    AGE_BAND,
    LOCATION,
    REASON,
    TECHNIQUES,
    DURATION,
    STAFF,
    INJURY,
    STAFF_INJURY,
    DEBRIEF,
    VIEW,
    CCTV,
    REVIEW,
    REVIEW_DATE,
    REVIEW_NOTES,
)
OPTIONAL = (VIEW, REVIEW_DATE, REVIEW_NOTES)
MAX_ROWS = 2_000
MAX_TEXT = 2_000

INJURY_CHOICES = {"None": Injury.NONE, "Level 1": Injury.LEVEL_1, "Level 2": Injury.LEVEL_2, "Level 3": Injury.LEVEL_3}
AGE_CHOICES = {choice.value: choice.value for choice in AgeBand}
STAFF_INJURY_CHOICES = {choice.label: choice.value for choice in StaffInjury}
REVIEW_CHOICES = {choice.label: choice.value for choice in ManagementReview}


@dataclass
class IncidentRow:
    row: int
    home_reference: str
    occurred_at: datetime
    young_person: str
    age_band: str
    location: Location
    reason: Reason
    techniques: list[Technique]
    duration_minutes: int
    staff_involved: int
    injury: int
    staff_injury: str
    debrief_held: bool
    young_person_view: str
    cctv_available: bool
    management_review: str
    management_review_on: date | None
    management_review_notes: str


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}" if self.row else "The file"
        return f"{where}{', ' + self.column if self.column else ''}: {self.message}"


@dataclass
class ReadResult:
    rows: list[IncidentRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _active(model) -> dict[str, object]:
    return {item.name: item for item in model.objects.filter(is_active=True).order_by("order", "name")}


def build_template() -> bytes:
    """An .xlsx return with the headings, drop-down lists and a sheet of instructions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(list(HEADINGS))
    bold = Font(bold=True)
    for index, heading in enumerate(HEADINGS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = max(14, min(len(heading) + 4, 40))
    sheet.freeze_panes = "A2"
    lists = workbook.create_sheet("Lists")
    columns = {
        AGE_BAND: list(AGE_CHOICES),
        LOCATION: list(_active(Location)),
        REASON: list(_active(Reason)),
        TECHNIQUES: list(_active(Technique)),
        INJURY: list(INJURY_CHOICES),
        STAFF_INJURY: list(STAFF_INJURY_CHOICES),
        DEBRIEF: ["Yes", "No"],
        CCTV: ["Yes", "No"],
        REVIEW: list(REVIEW_CHOICES),
    }
    for index, (heading, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(index)
        lists.cell(row=1, column=index, value=safe_cell(heading)).font = bold
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=index, value=safe_cell(value))
        lists.column_dimensions[letter].width = 30
        if heading == TECHNIQUES or not values:
            continue  # several techniques go in one cell, separated by semicolons
        target = get_column_letter(HEADINGS.index(heading) + 1)
        validation = DataValidation(
            type="list", formula1=f"=Lists!${letter}$2:${letter}${len(values) + 1}", allow_blank=True
        )
        validation.error = f"Choose one of the values on the Lists sheet for {heading}"
        sheet.add_data_validation(validation)
        validation.add(f"{target}2:{target}{MAX_ROWS + 1}")
    about = workbook.create_sheet("How to fill it in")
    for line in (
        "One row per use of restraint. Keep the headings on the Incidents sheet as they are.",
        "Incident number: the home's own number; a row with a number already sent updates that incident.",
        "Date as 14/03/2022 and time as 14:30 (24-hour clock).",
        "Young person's reference: the pseudonymous reference the home issued. Never a name.",
        "Techniques: one or more from the Lists sheet, separated by semicolons.",
        "Injury to young person: None, or Level 1 to Level 3 (Level 3 the most serious).",
        "Nothing is saved until you confirm the return after it has been checked.",
    ):
        about.append([line])
    about.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class _Reader:
    def __init__(self):
        self.result = ReadResult()
        self.locations = {name.casefold(): item for name, item in _active(Location).items()}
        self.reasons = {name.casefold(): item for name, item in _active(Reason).items()}
        self.techniques = {name.casefold(): item for name, item in _active(Technique).items()}
        self.numbers: dict[str, int] = {}
        self.now = timezone.now()

    def problem(self, row: int, column: str, message: str) -> None:
        self.result.problems.append(Problem(row, column, message))

    def value(self, row, column: str, parsed):
        value, message = parsed
        if message:
            self.problem(row.number, column, message)
        return value

    def lookup(self, row, column: str, table: dict, *, many: bool = False):
        cell: Cell = row[column]
        text, message = parse_text(cell, max_length=500, required=True)
        if message:
            self.problem(row.number, column, message)
            return None
        names = [part.strip() for part in text.split(";") if part.strip()] if many else [text.strip()]
        found = []
        for name in names:
            item = table.get(" ".join(name.split()).casefold())
            if item is None:
                self.problem(
                    row.number,
                    column,
                    f'"{name[:60]}" is not on the list: use one of {", ".join(str(i) for i in table.values())}',
                )
                return None
            found.append(item)
        return found if many else found[0]

    def reference(self, row, column: str, label: str) -> str | None:
        text, message = parse_text(row[column], max_length=40, required=True)
        if message:
            self.problem(row.number, column, message)
            return None
        if not REFERENCE_PATTERN.fullmatch(text) or (column == YOUNG_PERSON and len(text) > 20):
            self.problem(
                row.number,
                column,
                f'"{text[:40]}" is not a {label}: use letters, numbers, hyphens or slashes '
                "with no spaces (never a name)",
            )
            return None
        return text

    def read_row(self, row) -> None:
        problems_before = len(self.result.problems)
        number = self.reference(row, NUMBER, "valid incident number")
        if number is not None:
            if number in self.numbers:
                self.problem(
                    row.number, NUMBER, f"{number} is also on row {self.numbers[number]}: give each incident once"
                )
            else:
                self.numbers[number] = row.number
        day = self.value(row, DATE, parse_date(row[DATE]))
        moment = self.value(row, TIME, parse_time(row[TIME]))
        occurred_at = None
        if day and moment is not None:
            occurred_at = timezone.make_aware(datetime.combine(day, moment))
            if occurred_at > self.now:
                self.problem(row.number, DATE, "is in the future")
        young_person = self.reference(row, YOUNG_PERSON, "pseudonymous reference")
        age_band = self.value(row, AGE_BAND, parse_choice(row[AGE_BAND], AGE_CHOICES))
        location = self.lookup(row, LOCATION, self.locations)
        reason = self.lookup(row, REASON, self.reasons)
        techniques = self.lookup(row, TECHNIQUES, self.techniques, many=True)
        duration = self.value(row, DURATION, parse_integer(row[DURATION], minimum=1, maximum=600))
        staff = self.value(row, STAFF, parse_integer(row[STAFF], minimum=1, maximum=20))
        injury = self.value(row, INJURY, parse_choice(row[INJURY], INJURY_CHOICES))
        staff_injury = self.value(row, STAFF_INJURY, parse_choice(row[STAFF_INJURY], STAFF_INJURY_CHOICES))
        debrief = self.value(row, DEBRIEF, parse_yes_no(row[DEBRIEF]))
        view = self.value(row, VIEW, parse_text(row[VIEW], max_length=MAX_TEXT))
        cctv = self.value(row, CCTV, parse_yes_no(row[CCTV]))
        review = self.value(row, REVIEW, parse_choice(row[REVIEW], REVIEW_CHOICES))
        review_on = self.value(row, REVIEW_DATE, parse_date(row[REVIEW_DATE], required=False))
        notes = self.value(row, REVIEW_NOTES, parse_text(row[REVIEW_NOTES], max_length=MAX_TEXT))
        if review == ManagementReview.COMPLETED and row[REVIEW_DATE].is_blank:
            self.problem(row.number, REVIEW_DATE, "is empty; enter the date of the management review")
        if review_on and day and review_on < day:
            self.problem(row.number, REVIEW_DATE, "is before the incident")
        if len(self.result.problems) > problems_before:
            return
        self.result.rows.append(
            IncidentRow(
                row=row.number,
                home_reference=number,
                occurred_at=occurred_at,
                young_person=young_person,
                age_band=age_band,
                location=location,
                reason=reason,
                techniques=techniques,
                duration_minutes=duration,
                staff_involved=staff,
                injury=int(injury),
                staff_injury=staff_injury,
                debrief_held=debrief,
                young_person_view=view or "",
                cctv_available=cctv,
                management_review=review,
                management_review_on=review_on,
                management_review_notes=notes or "",
            )
        )


def read_return(content: bytes, *, filename: str) -> ReadResult:
    """Read an uploaded return. Nothing is saved; every problem is reported with its row and column."""
    try:
        table = read_table(
            content,
            filename=filename,
            headings=HEADINGS,
            required=[heading for heading in HEADINGS if heading not in OPTIONAL],
            sheet=SHEET if filename.lower().endswith(".xlsx") else None,
            max_rows=MAX_ROWS,
        )
    except SpreadsheetRefused as refused:
        return ReadResult(problems=[Problem(refused.row, "", refused.message)])
    if not table:
        return ReadResult(problems=[Problem(None, "", "The file has no incidents under the headings")])
    reader = _Reader()
    for row in table:
        reader.read_row(row)
    return reader.result
