"""Importing benchmark values (England, the region, statistical neighbours) from a spreadsheet.

A file has one row per value with the columns ``code``, ``year``, ``source`` and ``value``::

    code,year,source,value
    CSC-03,2021-22,England,22.7
    CSC-03,2021/22,North East,24.1
    CSC-03,2021-22,neighbours,23.0

Every row is checked before anything is saved and every problem is reported with its row
number, so a file is imported whole or not at all. Importing the same file again changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from hub.core.audit import log_action, register_event
from hub.core.periods import FinancialYear
from hub.scorecards.models import Benchmark, Indicator

register_event("scorecards.benchmarks.imported", "Benchmark values imported")

COLUMNS = ("code", "year", "source", "value")
FIRST_ROW = 2  # the header is row 1, as a spreadsheet numbers it
# Benchmark.value holds 12 digits, 2 of them after the point.
MAX_BENCHMARK = Decimal(10) ** 10
_NUMBER_TEXT = re.compile(r"[-+]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)")


class UnreadableFile(Exception):
    """The file cannot be read as a benchmark spreadsheet; the message says why."""


@dataclass(frozen=True)
class RowProblem:
    row: int
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}"


@dataclass
class Result:
    """What an import did: counts of benchmarks created, updated and unchanged, or the problems
    that stopped it (when there are any, nothing was saved and the counts are 0)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class _Row:
    row: int
    indicator: Indicator
    year: int
    source: str
    value: Decimal


def _sources() -> dict[str, str]:
    """Every accepted spelling of a source, casefolded: its value (``region``) and its label (``North East``)."""
    names = {}
    for source in Benchmark.Source:
        names[source.value.casefold()] = source.value
        names[str(source.label).casefold()] = source.value
    return names


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_value(text: str) -> tuple[Decimal | None, str | None]:
    if not text:
        return None, "enter the value"
    if len(text) > 50 or not _NUMBER_TEXT.fullmatch(text):
        return None, f"the value must be a number, like 22.7, not {text[:50]!r}"
    value = Decimal(text.replace(",", ""))
    if value != value.quantize(Decimal("0.01")):
        return None, f"the value {text} has more than 2 decimal places"
    if abs(value) >= MAX_BENCHMARK:
        return None, f"the value {text} is too large"
    return value, None


def _check_rows(rows: Sequence[Mapping]) -> tuple[list[_Row], list[RowProblem]]:
    indicators = {indicator.code.casefold(): indicator for indicator in Indicator.objects.all()}
    sources = _sources()
    checked: list[_Row] = []
    problems: list[RowProblem] = []
    first_row_of: dict[tuple[int, int, str], int] = {}
    for number, raw in enumerate(rows, start=FIRST_ROW):
        cells = {str(key).strip().casefold(): _text(value) for key, value in raw.items() if key is not None}
        if not any(cells.get(column) for column in COLUMNS):
            continue  # a blank line
        row_problems = []
        code = cells.get("code", "")
        indicator = indicators.get(code.casefold()) if code else None
        if not code:
            row_problems.append("enter the indicator's code")
        elif indicator is None:
            row_problems.append(f"there is no indicator with the code {code!r}")
        year = None
        try:
            year = FinancialYear.parse(cells.get("year", "")).start_year
        except ValueError as error:
            row_problems.append(str(error))
        source_text = cells.get("source", "")
        source = sources.get(source_text.casefold())
        if source is None:
            row_problems.append(
                f"the source must be England, North East or Statistical neighbours, not {source_text!r}"
                if source_text
                else "enter the source: England, North East or Statistical neighbours"
            )
        value, value_problem = _parse_value(cells.get("value", ""))
        if value_problem:
            row_problems.append(value_problem)
        if not row_problems:
            key = (indicator.pk, year, source)
            if key in first_row_of:
                row_problems.append(
                    f"{indicator.code} {FinancialYear(year).label} {Benchmark.Source(source).label} "
                    f"is already on row {first_row_of[key]}; enter each value once"
                )
            else:
                first_row_of[key] = number
                checked.append(_Row(number, indicator, year, source, value))
        problems.extend(RowProblem(number, message) for message in row_problems)
    return checked, problems


def import_benchmarks(rows: Sequence[Mapping], *, actor=None) -> Result:
    """Check every row, then create or update each benchmark, all in one transaction.

    ``rows`` are mappings from column name (``code``, ``year``, ``source``, ``value``; any case)
    to the cell, the first being spreadsheet row 2. Any problem means nothing is saved and the
    result lists every problem. A value equal to the one stored is left alone (no new history).
    """
    if not rows:
        return Result(problems=[RowProblem(1, "the file has no rows of benchmarks")])
    columns = {str(key).strip().casefold() for key in rows[0] if key is not None}
    missing = [column for column in COLUMNS if column not in columns]
    if missing:
        return Result(problems=[RowProblem(1, f"the heading row must have the columns {', '.join(missing)}")])
    checked, problems = _check_rows(rows)
    if problems:
        return Result(problems=problems)
    if not checked:
        return Result(problems=[RowProblem(1, "the file has no rows of benchmarks")])
    result = Result()
    with transaction.atomic():
        existing = {
            (benchmark.indicator_id, benchmark.year, benchmark.source): benchmark
            for benchmark in Benchmark.objects.select_for_update().filter(
                indicator__in={row.indicator.pk for row in checked}
            )
        }
        for row in checked:
            benchmark = existing.get((row.indicator.pk, row.year, row.source))
            if benchmark is None:
                Benchmark.objects.create(indicator=row.indicator, year=row.year, source=row.source, value=row.value)
                result.created += 1
            elif benchmark.value != row.value:
                benchmark.value = row.value
                benchmark.save(update_fields=["value"])
                result.updated += 1
            else:
                result.unchanged += 1
        if result.created or result.updated:
            log_action(
                "scorecards.benchmarks.imported",
                actor=actor,
                data={"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            )
    return result


def read_rows(path: str | Path) -> list[dict]:
    """The rows of a CSV (UTF-8, Excel's "CSV UTF-8" included) or XLSX file, keyed by its heading row.

    Blank lines are kept as empty rows so that row numbers match the file. Raises
    ``UnreadableFile`` for other kinds of file or one that cannot be opened.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                return _csv_rows(handle.read())
        if suffix == ".xlsx":
            return _xlsx_rows(path.read_bytes())
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise UnreadableFile(f"{path.name} cannot be read: {error}") from None
    raise UnreadableFile(f"{path.name} is not a .csv or .xlsx file")


def _csv_rows(text: str) -> list[dict]:
    lines = list(csv.reader(io.StringIO(text)))
    if not lines:
        return []
    header, *body = lines
    return [dict(zip(header, line, strict=False)) for line in body]


def _xlsx_rows(data: bytes) -> list[dict]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of error for a damaged file
        raise UnreadableFile(f"the workbook cannot be opened ({error.__class__.__name__})") from None
    try:
        lines = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    if not lines:
        return []
    header, *body = lines
    return [dict(zip(header, line, strict=False)) for line in body]
