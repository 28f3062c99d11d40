"""Financial years, quarters and months.

The partnership's year runs from its start month (April by default) for twelve months and is
named like ``2021/22`` (``2021-22`` in URLs and commands).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_YEAR_PATTERN = re.compile(r"^(\d{4})[-/](\d{2}|\d{4})$")


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    return date(day.year + month_index // 12, month_index % 12 + 1, 1)


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # inclusive
    label: str

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, order=True)
class FinancialYear:
    start_year: int
    start_month: int = 4

    @classmethod
    def containing(cls, day: date, start_month: int = 4) -> FinancialYear:
        year = day.year if day.month >= start_month else day.year - 1
        return cls(year, start_month)

    @classmethod
    def parse(cls, text: str, start_month: int = 4) -> FinancialYear:
        """Read ``2021-22``, ``2021/22`` or ``2021-2022``; raise ``ValueError`` with a clear message."""
        match = _YEAR_PATTERN.match((text or "").strip())
        if not match:
            raise ValueError(f"Enter a year like 2021-22, not {text!r}")
        first = int(match.group(1))
        second = int(match.group(2))
        expected = (first + 1) % 100 if len(match.group(2)) == 2 else first + 1
        if second != expected:
            raise ValueError(f"{text!r} is not a year: the second part must follow the first (like 2021-22)")
        return cls(first, start_month)

    @property
    def start(self) -> date:
        return date(self.start_year, self.start_month, 1)

    @property
    def end(self) -> date:
        following = _add_months(self.start, 12)
        return date.fromordinal(following.toordinal() - 1)

    @property
    def label(self) -> str:
        if self.start_month == 1:
            return str(self.start_year)
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def slug(self) -> str:
        return self.label.replace("/", "-")

    def __str__(self) -> str:
        return self.label

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> FinancialYear:
        return FinancialYear(self.start_year + 1, self.start_month)

    def previous(self) -> FinancialYear:
        return FinancialYear(self.start_year - 1, self.start_month)

    def quarters(self) -> list[Period]:
        result = []
        for number in range(4):
            start = _add_months(self.start, number * 3)
            end = date.fromordinal(_add_months(start, 3).toordinal() - 1)
            result.append(Period(start, end, f"Q{number + 1} {self.label}"))
        return result

    def months(self) -> list[Period]:
        result = []
        for number in range(12):
            start = _add_months(self.start, number)
            end = date.fromordinal(_add_months(start, 1).toordinal() - 1)
            result.append(Period(start, end, start.strftime("%B %Y")))
        return result

    def quarter_of(self, day: date) -> Period:
        for quarter in self.quarters():
            if day in quarter:
                return quarter
        raise ValueError(f"{day} is not in {self.label}")


def current_financial_year(today: date | None = None) -> FinancialYear:
    from django.utils import timezone

    from hub.core.models import PartnershipSettings

    start_month = PartnershipSettings.load().financial_year_start_month
    return FinancialYear.containing(today or timezone.localdate(), start_month)
