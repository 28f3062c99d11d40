"""The statutory checklist of a year's report: what the guidance expects it to contain, what is
present, and whether the report may go forward to sign-off."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from django.db import transaction

from hub.core.audit import log_action, register_event
from hub.core.errors import DomainError
from hub.core.models import User
from hub.core.periods import FinancialYear
from hub.core.permissions import is_business_unit
from hub.core.reporting import ReportSection
from hub.reports.models import ChecklistItem, ChecklistReason, NarrativeBlock, ReportSignOff
from hub.reports.reporting import build_report

register_event("reports.checklist.reason_recorded", "Reason recorded for a missing item of the yearly report")


@dataclass(frozen=True)
class ChecklistStatus:
    """One item of the checklist for one year: whether the report has it, and if not, the reason
    recorded for going ahead without it."""

    item: ChecklistItem
    present: bool
    reason: ChecklistReason | None = None

    @property
    def blocks_sign_off(self) -> bool:
        return self.item.required and not self.present and self.reason is None


@dataclass(frozen=True)
class Checklist:
    year: FinancialYear
    items: list[ChecklistStatus]

    @property
    def may_proceed(self) -> bool:
        """Every required item is present or has a reason recorded."""
        return not any(status.blocks_sign_off for status in self.items)

    @property
    def blocking(self) -> list[ChecklistStatus]:
        return [status for status in self.items if status.blocks_sign_off]


def has_content(section: ReportSection) -> bool:
    return bool(section.figures or section.tables or section.charts or section.statements)


def checklist(year: FinancialYear, sections: list[ReportSection] | None = None) -> Checklist:
    """The checklist of ``year``'s report: each ``ChecklistItem`` with whether the report has it.

    An item judged by section is present when a section whose slug matches its pattern has
    figures, tables, charts or statements; an item judged by narrative when its chapter's text
    for the year is written. ``sections`` are the report's sections (``Report.sections``); they are
    gathered from the providers when not given. ``Checklist.may_proceed`` says whether sign-off
    may go ahead: every required item present, or with a reason recorded for the year.
    """
    if sections is None:
        sections = build_report(year).sections
    written = {
        block.chapter_id
        for block in NarrativeBlock.objects.filter(year=year.start_year, chapter__isnull=False)
        if block.is_written
    }
    reasons = {
        reason.item_id: reason
        for reason in ChecklistReason.objects.filter(year=year.start_year).select_related("recorded_by")
    }
    statuses = []
    for item in ChecklistItem.objects.select_related("chapter").order_by("order", "title"):
        if item.judged_by == ChecklistItem.Judged.NARRATIVE:
            present = item.chapter_id is not None and item.chapter_id in written
        else:
            pattern = item.section_pattern.strip()
            present = bool(pattern) and any(
                fnmatchcase(section.slug, pattern) and has_content(section) for section in sections
            )
        statuses.append(ChecklistStatus(item=item, present=present, reason=None if present else reasons.get(item.pk)))
    return Checklist(year=year, items=statuses)


def record_missing_reason(
    *, actor: User, item: ChecklistItem, year: FinancialYear, reason: str, request=None
) -> ChecklistReason:
    """Record (or replace) why ``year``'s report goes ahead without ``item``; audited.

    Raises ``DomainError`` for someone outside the business unit, an empty reason, and once sign-off
    of the year has started (the reasons are frozen with the text, decision 0013).
    """
    if not is_business_unit(actor):
        raise DomainError("Only the business unit can record why an item is missing")
    ReportSignOff.check_content_open(year)
    reason = reason.strip()
    if not reason:
        raise DomainError("Enter why the report goes ahead without this item", field="reason")
    with transaction.atomic():
        recorded, _ = ChecklistReason.objects.update_or_create(
            item=item, year=year.start_year, defaults={"reason": reason, "recorded_by": actor}
        )
        log_action(
            "reports.checklist.reason_recorded",
            actor=actor,
            obj=recorded,
            data={"year": year.label, "item": item.title, "reason": reason},
            request=request,
        )
    return recorded
