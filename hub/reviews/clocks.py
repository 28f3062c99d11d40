"""The statutory clocks of case reviews, worked out from the rules in force (``ClockRule``).

Each clock has an anchor date (the day the local authority became aware, the decision to review,
the publication date) and the date it was met, when it was. A clock counts in English working
days (weekends and bank holidays excluded, ``hub.core.workdays``), calendar days or months, as
its rule says; the rule used is the newest one in force on the anchor date.

A clock's state:
- **due**: not met yet and the deadline is today or later;
- **overdue**: not met and the deadline has passed;
- **met**: met on or before the deadline;
- **missed**: met, but after the deadline.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from hub.core.workdays import add_working_days, working_days_between
from hub.reviews.models import Clock, ClockRule, Notification, PracticeReview, RapidReview


class State:
    DUE = "due"
    OVERDUE = "overdue"
    MET = "met"
    MISSED = "missed"

    LABELS = {DUE: "Due", OVERDUE: "Overdue", MET: "Met", MISSED: "Missed"}
    TAGS = {DUE: "govuk-tag--blue", OVERDUE: "govuk-tag--red", MET: "govuk-tag--green", MISSED: "govuk-tag--orange"}


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, kept within the target month (31 January + 1 month = 28/29 February)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def apply_rule(rule: ClockRule, anchor: date) -> date:
    sign = 1 if rule.direction == ClockRule.Direction.AFTER else -1
    if rule.unit == ClockRule.Unit.WORKING_DAYS:
        return add_working_days(anchor, sign * rule.amount)
    if rule.unit == ClockRule.Unit.MONTHS:
        return add_months(anchor, sign * rule.amount)
    return anchor + timedelta(days=sign * rule.amount)


class RuleBook:
    """Every clock rule, read once; ``rule_for(clock, anchor)`` is the newest in force on ``anchor``."""

    def __init__(self, rules: Iterable[ClockRule] | None = None):
        self._rules: dict[str, list[ClockRule]] = defaultdict(list)
        for rule in ClockRule.objects.order_by("-effective_from") if rules is None else rules:
            self._rules[rule.clock].append(rule)
        for clock_rules in self._rules.values():
            clock_rules.sort(key=lambda rule: rule.effective_from, reverse=True)

    def rule_for(self, clock: str, anchor: date) -> ClockRule | None:
        for rule in self._rules.get(clock, []):
            if rule.effective_from <= anchor:
                return rule
        return None


@dataclass(frozen=True)
class Deadline:
    clock: str
    record: object
    reference: str
    anchor: date
    due_on: date
    met_on: date | None
    rule: ClockRule

    @property
    def label(self) -> str:
        return Clock(self.clock).label

    def state(self, today: date | None = None) -> str:
        today = today or timezone.localdate()
        if self.met_on is not None:
            return State.MET if self.met_on <= self.due_on else State.MISSED
        return State.OVERDUE if today > self.due_on else State.DUE

    def state_label(self, today: date | None = None) -> str:
        return State.LABELS[self.state(today)]

    def state_tag(self, today: date | None = None) -> str:
        return State.TAGS[self.state(today)]

    def working_days_left(self, today: date | None = None) -> int:
        """Working days from ``today`` to the deadline (negative once it has passed)."""
        return working_days_between(today or timezone.localdate(), self.due_on)

    @property
    def url(self) -> str:
        return self.record.get_absolute_url()


def _deadline(book: RuleBook, clock: str, record, reference: str, anchor: date | None, met_on) -> Deadline | None:
    if anchor is None:
        return None
    rule = book.rule_for(clock, anchor)
    if rule is None:
        return None
    return Deadline(clock, record, reference, anchor, apply_rule(rule, anchor), met_on, rule)


def notification_deadlines(notification: Notification, book: RuleBook | None = None) -> list[Deadline]:
    """The notification's clocks and its rapid review's, in the order they fall."""
    book = book or RuleBook()
    rapid_review = getattr(notification, "rapid_review", None) if _has_rapid_review(notification) else None
    found = [
        _deadline(
            book,
            Clock.NOTIFICATION,
            notification,
            notification.reference,
            notification.became_aware_on,
            notification.notified_panel_on,
        ),
        _deadline(
            book,
            Clock.RAPID_REVIEW,
            rapid_review or notification,
            notification.reference,
            notification.became_aware_on,
            rapid_review.submitted_to_panel_on if rapid_review else None,
        ),
    ]
    if rapid_review is not None and rapid_review.decided_on:
        found.append(
            _deadline(
                book,
                Clock.DECISION_NOTICE,
                rapid_review,
                notification.reference,
                rapid_review.decided_on,
                rapid_review.decision_notified_on,
            )
        )
    return [deadline for deadline in found if deadline is not None]


def _has_rapid_review(notification: Notification) -> bool:
    try:
        notification.rapid_review  # noqa: B018 - reading the reverse one-to-one raises when absent
    except RapidReview.DoesNotExist:
        return False
    return True


def practice_review_deadlines(review: PracticeReview, book: RuleBook | None = None) -> list[Deadline]:
    book = book or RuleBook()
    found = []
    if review.kind != PracticeReview.Kind.SERIOUS_CASE:
        found.append(
            _deadline(book, Clock.PRACTICE_REVIEW, review, review.reference, review.decided_on, review.final_report_on)
        )
    publication = review.published_on or review.publication_planned_on
    if review.kind != PracticeReview.Kind.SERIOUS_CASE or review.sent_to_panel_on:
        found.append(
            _deadline(book, Clock.FINAL_REPORT, review, review.reference, publication, review.sent_to_panel_on)
        )
    return [deadline for deadline in found if deadline is not None]


def kept_online_until(review: PracticeReview, book: RuleBook | None = None) -> date | None:
    """The earliest date a published report may be taken down."""
    if review.published_on is None:
        return None
    rule = (book or RuleBook()).rule_for(Clock.KEPT_ONLINE, review.published_on)
    return apply_rule(rule, review.published_on) if rule else None


def all_deadlines() -> list[Deadline]:
    """Every clock of every notification and practice review, soonest deadline first."""
    book = RuleBook()
    deadlines: list[Deadline] = []
    for notification in Notification.objects.select_related("rapid_review"):
        deadlines.extend(notification_deadlines(notification, book))
    for review in PracticeReview.objects.all():
        deadlines.extend(practice_review_deadlines(review, book))
    return sorted(deadlines, key=lambda deadline: (deadline.due_on, deadline.reference, deadline.clock))


def summarise(deadlines: Iterable[Deadline], today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    counts = dict.fromkeys(State.LABELS, 0)
    for deadline in deadlines:
        counts[deadline.state(today)] += 1
    return counts
