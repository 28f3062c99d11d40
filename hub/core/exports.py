"""CSV and Excel downloads that are safe to open in a spreadsheet.

Every app exports through these writers. A cell whose text starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return would be read by Excel or LibreOffice as a formula (formula or "CSV"
injection: a value typed into the Hub could run a formula on the machine of whoever opens the
export). Such text gets a leading apostrophe, which spreadsheets show as plain text. Numbers,
dates and booleans are not text and are written as themselves, so a negative number stays a
number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Excel's limit for a sheet title, and widths that keep long text readable without hiding columns.
_SHEET_TITLE_MAX = 31
_MIN_WIDTH = 8
_MAX_WIDTH = 60


def safe_cell(value: Any) -> Any:
    """Return ``value`` ready for a spreadsheet cell.

    Text starting with a formula character gets a leading apostrophe; ``None`` becomes an empty
    string; numbers, dates and booleans are returned unchanged. Anything else is turned into text
    first, then neutralised.
    """
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | date):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    safe_name = "".join(ch for ch in filename if ch.isalnum() or ch in "-_.") or "export"
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    # Exports carry partnership data: never keep them in shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


def file_response(filename: str, content: bytes, content_type: str) -> HttpResponse:
    """A download of ``content`` made elsewhere (a workbook template, a PDF), never cached."""
    return _attachment(HttpResponse(content, content_type=content_type), filename)


def _csv_text(value: Any) -> str:
    value = safe_cell(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """A CSV download, UTF-8 with a byte order mark so that Excel reads accents and symbols correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_text(header) for header in headers])
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


def _xlsx_value(value: Any) -> Any:
    value = safe_cell(value)
    if isinstance(value, str):
        # Control characters cannot be stored in a workbook; they carry no meaning in a report.
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, datetime) and timezone.is_aware(value):
        # Excel has no time zones: write the partnership's local time.
        return timezone.make_naive(timezone.localtime(value))
    return value


def _display_width(value: Any) -> int:
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 11
    longest_line = max((len(line) for line in str(value).splitlines()), default=0)
    return longest_line


def xlsx_response(
    filename: str, sheet_title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """An Excel workbook with one sheet: a bold header row, sized columns, real dates and numbers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "".join(ch for ch in sheet_title if ch not in "[]:*?/\\")[:_SHEET_TITLE_MAX] or "Export"
    bold = Font(bold=True)
    widths = [_display_width(header) for header in headers]
    sheet.append([safe_cell(header) for header in headers])
    for cell in sheet[1]:
        cell.font = bold
    sheet.freeze_panes = "A2"
    for row in rows:
        values = [_xlsx_value(value) for value in row]
        sheet.append(values)
        for index, value in enumerate(values):
            if index < len(widths):
                widths[index] = max(widths[index], _display_width(value))
            else:
                widths.append(_display_width(value))
        for cell, value in zip(sheet[sheet.max_row], values, strict=False):
            if isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(value, date):
                cell.number_format = "dd/mm/yyyy"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, filename)
