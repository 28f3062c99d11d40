"""Checking the values an agency sends in its performance return.

Pure Python, no database: the services hand in the indicators an agency owns (``LineSpec``) and
the values it sent (``ValueInput``) and get back a list of ``Problem``s to show before anything
is saved. The same checks run on a return typed into the Hub and on an uploaded workbook.

Errors must be corrected. Warnings (an unusual change from the previous period, or any rule the
partnership set up as a warning) may stand if the SPOC explains them: a warning on a value that
has a comment is *resolved* and no longer blocks the return.

What is checked, for each indicator:

- a numerator is entered (an explicit ``REQUIRED`` rule sets how serious a missing value is: a
  ``WARNING`` lets a SPOC leave the line blank when the comment says why, for example "data not
  available this quarter"); a denominator is entered when the line uses one;
- no negative numbers, nothing absurdly large, and a denominator only where the line uses one;
- whole numbers for count numerators and for every denominator (``WHOLE_NUMBER`` rule adds the
  check to other numerators);
- a denominator of 0 only with a numerator of 0;
- the numerator is not more than the denominator (``NUMERATOR_NOT_ABOVE_DENOMINATOR``; always
  checked on percentages, which cannot go over 100%);
- ``RANGE``: the computed value lies between ``minimum`` and ``maximum``;
- ``CHANGE_FACTOR``: the computed value has not risen or fallen more than ``factor`` times since
  the previous period (a warning unless the rule says otherwise).

Also: a value for an indicator the agency does not own, and two values for one indicator.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

ONE_DECIMAL_PLACE = Decimal("0.1")

# Larger than any count a partnership reports; also keeps the arithmetic below exact.
MAX_VALUE = Decimal(10) ** 12


class Unit(StrEnum):
    COUNT = "count"
    PERCENTAGE = "percentage"
    RATE = "rate"  # per 10,000 children, the usual measure in children's social care statistics

    @property
    def multiplier(self) -> int:
        return {Unit.COUNT: 1, Unit.PERCENTAGE: 100, Unit.RATE: 10_000}[self]

    @property
    def suffix(self) -> str:
        """What follows a value of this unit: ``""``, ``"%"`` or ``"per 10,000 children"``."""
        return {Unit.COUNT: "", Unit.PERCENTAGE: "%", Unit.RATE: "per 10,000 children"}[self]

    @property
    def label(self) -> str:
        return {Unit.COUNT: "Count", Unit.PERCENTAGE: "Percentage", Unit.RATE: "Rate per 10,000 children"}[self]


class Importance(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class RuleKind(StrEnum):
    RANGE = "range"
    NUMERATOR_NOT_ABOVE_DENOMINATOR = "numerator_not_above_denominator"
    CHANGE_FACTOR = "change_factor"
    WHOLE_NUMBER = "whole_number"
    REQUIRED = "required"


@dataclass(frozen=True)
class RuleSpec:
    """One check on an indicator's value.

    ``importance`` left out means the usual one for the kind: a warning for ``CHANGE_FACTOR``
    (a big change needs explaining, not correcting), an error for everything else.
    """

    kind: RuleKind
    importance: Importance | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    factor: Decimal | None = None

    def __post_init__(self):
        if self.importance is None:
            default = Importance.WARNING if self.kind == RuleKind.CHANGE_FACTOR else Importance.ERROR
            object.__setattr__(self, "importance", default)


@dataclass(frozen=True)
class LineSpec:
    """An indicator on an agency's return, with its rules and last period's value."""

    code: str
    name: str
    unit: Unit
    uses_denominator: bool
    rules: tuple[RuleSpec, ...] = ()
    previous_value: Decimal | None = None
    numerator_label: str = "Numerator"
    denominator_label: str = "Denominator"


@dataclass(frozen=True)
class ValueInput:
    code: str
    numerator: Decimal | None
    denominator: Decimal | None
    comment: str = ""


@dataclass(frozen=True)
class Problem:
    """Something wrong with a return, a line of it or a field of a line.

    ``field`` is ``"numerator"``, ``"denominator"``, ``"comment"`` or ``""`` (the whole line, or
    the whole file when ``code`` is also empty). ``row`` is the spreadsheet row, when the values
    came from a workbook.
    """

    code: str
    message: str
    importance: Importance = Importance.ERROR
    field: str = ""
    row: int | None = None
    resolved: bool = False

    @property
    def blocking(self) -> bool:
        return self.importance == Importance.ERROR or not self.resolved


def blocking(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that stop a return being saved: errors, and warnings nobody has explained."""
    return [problem for problem in problems if problem.blocking]


def computed_value(line: LineSpec, numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """The value shown on the scorecard.

    A count is its numerator. A percentage or rate is numerator / denominator x 100 or 10,000,
    rounded half up to one decimal place; it has no value without a denominator or with a
    denominator of 0.
    """
    if numerator is None:
        return None
    if line.unit == Unit.COUNT:
        return numerator
    if denominator is None or denominator == 0:
        return None
    # Enough digits that rounding happens once, at the end, whatever the size of the numbers.
    with localcontext() as context:
        context.prec = 60
        return (numerator * line.unit.multiplier / denominator).quantize(ONE_DECIMAL_PLACE, rounding=ROUND_HALF_UP)


def format_number(value: Decimal) -> str:
    """``1234`` → ``"1,234"``, ``Decimal("12.50")`` → ``"12.5"``: a number as a person would write it."""
    if not value.is_finite():
        return str(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def format_value(line: LineSpec, value: Decimal) -> str:
    """A computed value with its unit: ``"12"``, ``"45.2%"``, ``"123.4 per 10,000 children"``."""
    suffix = line.unit.suffix
    if not suffix:
        return format_number(value)
    return f"{format_number(value)}{suffix}" if suffix == "%" else f"{format_number(value)} {suffix}"


def _lower_first(label: str) -> str:
    # "Numerator" reads "the numerator" mid-sentence; "CP plans ended" keeps its capitals.
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _rules(line: LineSpec, kind: RuleKind) -> list[RuleSpec]:
    return [rule for rule in line.rules if rule.kind == kind]


class _LineChecker:
    """Collects the problems with one line's value."""

    def __init__(self, line: LineSpec, value: ValueInput | None, row: int | None):
        self.line = line
        self.value = value
        self.row = row
        self.explained = bool(value and value.comment.strip())
        self.problems: list[Problem] = []

    def add(self, message: str, *, field: str = "", importance: Importance = Importance.ERROR) -> None:
        self.problems.append(
            Problem(
                code=self.line.code,
                message=f"{self.line.name}: {message}",
                importance=importance,
                field=field,
                row=self.row,
                resolved=importance == Importance.WARNING and self.explained,
            )
        )

    def missing(self, field: str) -> str:
        """What to ask for: "enter the numerator (children seen)", or "enter the number of children seen"."""
        label = (self.line.numerator_label if field == "numerator" else self.line.denominator_label).strip()
        if not label or label.casefold() == field:
            return f"enter the {field}"
        if label.casefold().startswith("number of "):
            return f"enter the {_lower_first(label)}"
        return f"enter the {field} ({_lower_first(label)})"

    def check(self) -> list[Problem]:
        numerator = self.value.numerator if self.value else None
        denominator = self.value.denominator if self.value else None
        if not self.line.uses_denominator and denominator is not None:
            self.add(
                f"this indicator has no denominator; remove the denominator ({format_number(denominator)})",
                field="denominator",
            )
            denominator = None
        if not self.check_present(numerator, denominator):
            return self.problems
        numerator_ok = self.check_number("numerator", numerator, whole=self.numerator_must_be_whole())
        denominator_ok = self.check_number("denominator", denominator, whole=True)
        if not (numerator_ok and denominator_ok):
            return self.problems
        if self.line.uses_denominator and not self.check_against_denominator(numerator, denominator):
            return self.problems
        value = computed_value(self.line, numerator, denominator)
        if value is not None:
            self.check_range(value)
            self.check_change(value)
        return self.problems

    def check_present(self, numerator: Decimal | None, denominator: Decimal | None) -> bool:
        required = _rules(self.line, RuleKind.REQUIRED)
        importance = required[0].importance if required else Importance.ERROR
        if numerator is None and denominator is None and importance == Importance.WARNING:
            self.add(
                f"{self.missing('numerator')}, or explain in the comment why there is no value",
                field="numerator",
                importance=Importance.WARNING,
            )
            return False
        if numerator is None:
            self.add(self.missing("numerator"), field="numerator")
        if self.line.uses_denominator and denominator is None:
            self.add(self.missing("denominator"), field="denominator")
        return numerator is not None

    def numerator_must_be_whole(self) -> bool:
        return self.line.unit == Unit.COUNT or bool(_rules(self.line, RuleKind.WHOLE_NUMBER))

    def check_number(self, field: str, number: Decimal | None, *, whole: bool) -> bool:
        if number is None:
            return True
        if not number.is_finite():
            self.add(f"the {field} must be a number", field=field)
        elif number < 0:
            self.add(f"the {field} must be 0 or more (it is {format_number(number)})", field=field)
        elif number >= MAX_VALUE:
            self.add(f"the {field} must be less than {format_number(MAX_VALUE)}", field=field)
        elif whole and number != number.to_integral_value():
            self.add(f"the {field} must be a whole number (it is {format_number(number)})", field=field)
        elif number != number.quantize(Decimal("0.01")):
            # Figures are stored to two decimal places; more would be rounded silently.
            self.add(f"the {field} must have no more than 2 decimal places (it is {number:f})", field=field)
        else:
            return True
        return False

    def check_against_denominator(self, numerator: Decimal, denominator: Decimal | None) -> bool:
        if denominator is None:
            return False
        if denominator == 0 and numerator > 0:
            self.add(
                f"the denominator is 0 but the numerator is {format_number(numerator)}; "
                "the denominator can only be 0 when the numerator is 0",
                field="denominator",
            )
            return False
        rules = _rules(self.line, RuleKind.NUMERATOR_NOT_ABOVE_DENOMINATOR)
        if not rules and self.line.unit == Unit.PERCENTAGE:
            rules = [RuleSpec(RuleKind.NUMERATOR_NOT_ABOVE_DENOMINATOR)]
        for rule in rules:
            if numerator > denominator:
                self.add(
                    f"the numerator ({format_number(numerator)}) is more than "
                    f"the denominator ({format_number(denominator)})",
                    field="numerator",
                    importance=rule.importance,
                )
                if rule.importance == Importance.ERROR:
                    return False
        return True

    def check_range(self, value: Decimal) -> None:
        for rule in _rules(self.line, RuleKind.RANGE):
            shown = format_value(self.line, value)
            if rule.minimum is not None and value < rule.minimum:
                limit = format_value(self.line, rule.minimum)
                self.add(f"the value ({shown}) is below the minimum of {limit}", importance=rule.importance)
            elif rule.maximum is not None and value > rule.maximum:
                limit = format_value(self.line, rule.maximum)
                self.add(f"the value ({shown}) is above the maximum of {limit}", importance=rule.importance)

    def check_change(self, value: Decimal) -> None:
        previous = self.line.previous_value
        if previous is None:
            return
        for rule in _rules(self.line, RuleKind.CHANGE_FACTOR):
            if rule.factor is None:
                continue
            if previous == 0:
                # Any rise from nothing is unusual enough to explain.
                changed = value > 0
            else:
                changed = value > previous * rule.factor or value < previous / rule.factor
            if not changed:
                continue
            direction = "risen" if value > previous else "fallen"
            self.add(
                f"the value has {direction} from {format_value(self.line, previous)} to "
                f"{format_value(self.line, value)}, a change of more than {format_number(rule.factor)} times; "
                "it needs a comment explaining the change",
                importance=rule.importance,
            )


def validate_values(
    lines: Sequence[LineSpec], values: Sequence[ValueInput], *, rows: Mapping[str, int] | None = None
) -> list[Problem]:
    """Every problem with ``values`` as the return for ``lines``, in the order of ``lines``.

    ``rows`` maps an indicator code to the spreadsheet row its value came from, to say where each
    problem is. Problems with values for other indicators, or second values for one indicator,
    come last.
    """
    rows = rows or {}
    lines_by_code = {line.code: line for line in lines}
    first_values: dict[str, ValueInput] = {}
    extra_problems: list[Problem] = []
    for value in values:
        line = lines_by_code.get(value.code)
        if line is None:
            extra_problems.append(
                Problem(
                    code=value.code,
                    message=f"There is no indicator with the code {value.code!r} on this return",
                    row=rows.get(value.code),
                )
            )
        elif value.code in first_values:
            extra_problems.append(
                Problem(
                    code=value.code,
                    message=f"{line.name}: there is more than one value for this indicator; enter it once",
                    row=rows.get(value.code),
                )
            )
        else:
            first_values[value.code] = value
    problems: list[Problem] = []
    for line in lines:
        problems.extend(_LineChecker(line, first_values.get(line.code), rows.get(line.code)).check())
    return problems + extra_problems
