"""How the yearly report prints figures and table cells: thousands separated, units in place."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


def _number(value) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal):
        return f"{value.normalize():,f}" if value == value.to_integral() else f"{value:,f}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)


@register.filter
def is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


@register.filter
def report_value(value, unit: str = "") -> str:
    """``389``, ``£347,060``, ``85%`` or ``12 families``; "No data" when there is no value."""
    if value is None or value == "":
        return "No data"
    text = _number(value)
    if not unit:
        return text
    if unit == "£":
        return f"£{text}"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}"


@register.filter
def report_cell(value) -> str:
    if value is None:
        return ""
    return _number(value)


@register.filter
def headers_with_alignment(table) -> list[tuple[str, bool]]:
    """Each column header with whether the column holds numbers (so the header aligns with them)."""
    result = []
    for index, header in enumerate(table.headers):
        cells = [row[index] for row in table.rows if index < len(row) and row[index] not in (None, "")]
        result.append((header, index > 0 and bool(cells) and all(is_number(cell) for cell in cells)))
    return result


@register.filter
def has_previous(figures) -> bool:
    """Whether any figure carries the year before's value, so the report adds a column for it."""
    return any(figure.previous is not None for figure in figures)


@register.simple_tag
def narrative(text: str, figures: dict, staff: bool = False):
    """The business unit's ``text`` as paragraphs, with its figure tokens printed from ``figures``."""
    from hub.reports.narrative import render

    return render(text, figures, staff=bool(staff))
