"""The learning part of the yearly report: each part contributes its sections for the year.

``report_sections(year)`` returns ``core.reporting.ReportSection`` objects in the order of the
report: audits, recurring themes, improvement themes, Section 11, the survey, assurance and
independent scrutiny.
"""

from __future__ import annotations

from importlib import import_module

from hub.core.periods import FinancialYear
from hub.learning.apps import AREAS


def report_sections(year: FinancialYear | str) -> list:
    year = year if isinstance(year, FinancialYear) else FinancialYear.parse(year)
    sections = []
    for area in AREAS:
        sections.extend(import_module(f"hub.learning.{area}.reports").sections(year))
    return sections
