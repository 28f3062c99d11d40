"""The training programme's figures for a financial year: the business unit's reports page and
the training part of the yearly report (``report_sections(year)``, registered in ``apps.py``).

A year's courses are the events whose first day falls in it. Every table is aggregated in the
database (one grouped query each), so the number of queries does not grow with the number of
events or bookings.

- Places filled: confirmed bookings and bookings whose attendance has been marked (attended,
  partly attended, did not attend: a no-show still took the place). Fill rate is places filled
  over the capacity of the year's scheduled (not cancelled) events.
- Attendance rate: attended or partly attended over bookings whose attendance was marked;
  no-show rate: did not attend over the same.
- Waiting-list demand is now: people waiting for a course on any date and people on the
  waiting list of the year's events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from hub.core.models import Agency
from hub.core.periods import FinancialYear, current_financial_year
from hub.core.reporting import Figure, ReportSection, Table
from hub.training.charges import training_fees_total
from hub.training.impact import impact_summary
from hub.training.models import Booking, CourseWaitingListEntry, Evaluation, Event, Level

S = Booking.Status
FILLED = Booking.PLACE_STATUSES
ATTENDED = (S.ATTENDED, S.PARTLY_ATTENDED)


def _aware(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def parse_year(year: FinancialYear | str) -> FinancialYear:
    if isinstance(year, str):
        return FinancialYear.parse(year, current_financial_year().start_month)
    return year


def rate(part: int, whole: int) -> Decimal | None:
    """A whole-number percentage, or ``None`` when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _one_decimal(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def events_in(year: FinancialYear) -> QuerySet[Event]:
    return Event.objects.filter(starts_at__gte=_aware(year.start), starts_at__lt=_aware(year.end + timedelta(days=1)))


def bookings_in(year: FinancialYear) -> QuerySet[Booking]:
    return Booking.objects.filter(event__in=events_in(year).values("pk"))


_BOOKING_MEASURES = {
    "requests": Count("id"),
    "filled": Count("id", filter=Q(status__in=FILLED)),
    "attended": Count("id", filter=Q(status__in=ATTENDED)),
    "no_shows": Count("id", filter=Q(status=S.NO_SHOW)),
    "cancelled": Count("id", filter=Q(status=S.CANCELLED)),
    "waiting": Count("id", filter=Q(status=S.WAITLISTED)),
}


@dataclass(frozen=True)
class Uptake:
    """Bookings for one agency, sector, course, level or theme."""

    label: str
    requests: int
    filled: int
    attended: int
    no_shows: int
    cancelled: int
    waiting: int

    @property
    def marked(self) -> int:
        return self.attended + self.no_shows

    @property
    def attendance_rate(self) -> Decimal | None:
        return rate(self.attended, self.marked)

    @property
    def no_show_rate(self) -> Decimal | None:
        return rate(self.no_shows, self.marked)

    def row(self) -> list:
        return [
            self.label,
            self.requests,
            self.filled,
            self.attended,
            self.no_shows,
            self.cancelled,
            self.waiting,
            _percent(self.attendance_rate),
            _percent(self.no_show_rate),
        ]


UPTAKE_HEADERS = [
    "Booking requests",
    "Places taken",
    "Attended",
    "Did not attend",
    "Cancelled",
    "Waiting",
    "Attendance rate (%)",
    "No-show rate (%)",
]


def _percent(value: Decimal | None):
    return "" if value is None else int(value)


def _uptake(rows, label) -> list[Uptake]:
    return [
        Uptake(
            label=label(row),
            requests=row["requests"],
            filled=row["filled"],
            attended=row["attended"],
            no_shows=row["no_shows"],
            cancelled=row["cancelled"],
            waiting=row["waiting"],
        )
        for row in rows
    ]


SECTORS = dict(Agency.Sector.choices)
LEVELS = {value: f"Level {value}" for value in Level.values}

# Dimension slug -> (heading, grouping field, label from a row)
DIMENSIONS = {
    "agency": ("Agency", "person__agency__name", lambda value: value or "No agency"),
    "sector": ("Sector", "person__agency__sector", lambda value: SECTORS.get(value, "No agency")),
    "course": ("Course", "event__course__title", lambda value: value),
    "level": ("Level", "event__course__level", lambda value: LEVELS.get(value, str(value))),
    "theme": ("Theme", "event__course__themes__name", lambda value: value or "No theme"),
}


def uptake_by(year: FinancialYear, dimension: str) -> list[Uptake]:
    """Bookings for the year's events grouped by agency, sector, course, level or theme (one query)."""
    heading, field_name, label = DIMENSIONS[dimension]
    rows = bookings_in(year).values(field_name).annotate(**_BOOKING_MEASURES).order_by(field_name)
    return _uptake(rows, lambda row: label(row[field_name]))


@dataclass(frozen=True)
class Totals:
    events: int
    cancelled_events: int
    capacity: int
    uptake: Uptake

    @property
    def fill_rate(self) -> Decimal | None:
        return rate(self.uptake.filled, self.capacity)


def totals(year: FinancialYear) -> Totals:
    events = events_in(year).aggregate(
        events=Count("id", filter=Q(status=Event.Status.SCHEDULED)),
        cancelled=Count("id", filter=Q(status=Event.Status.CANCELLED)),
        capacity=Coalesce(Sum("capacity", filter=Q(status=Event.Status.SCHEDULED)), 0),
    )
    row = bookings_in(year).filter(event__status=Event.Status.SCHEDULED).aggregate(**_BOOKING_MEASURES)
    return Totals(
        events=events["events"],
        cancelled_events=events["cancelled"],
        capacity=events["capacity"],
        uptake=_uptake([row], lambda row: f"All courses in {year.label}")[0],
    )


@dataclass(frozen=True)
class CourseFill:
    title: str
    level: int
    events: int
    capacity: int
    filled: int

    @property
    def fill_rate(self) -> Decimal | None:
        return rate(self.filled, self.capacity)


def fill_by_course(year: FinancialYear) -> list[CourseFill]:
    """Each course's scheduled events in the year, their capacity and places filled (two queries)."""
    scheduled = events_in(year).filter(status=Event.Status.SCHEDULED)
    capacity = (
        scheduled.values("course_id", "course__title", "course__level")
        .annotate(events=Count("id"), capacity=Sum("capacity"))
        .order_by("course__title")
    )
    filled = dict(
        Booking.objects.filter(event__in=scheduled.values("pk"), status__in=FILLED)
        .values("event__course_id")
        .annotate(count=Count("id"))
        .order_by()
        .values_list("event__course_id", "count")
    )
    return [
        CourseFill(
            title=row["course__title"],
            level=row["course__level"],
            events=row["events"],
            capacity=row["capacity"],
            filled=filled.get(row["course_id"], 0),
        )
        for row in capacity
    ]


@dataclass(frozen=True)
class Demand:
    label: str
    course_waiting: int
    event_waiting: int

    @property
    def total(self) -> int:
        return self.course_waiting + self.event_waiting


def waiting_demand(year: FinancialYear) -> dict[str, list]:
    """People waiting now: per course (any date plus the year's events), per event and per level."""
    course_level = {
        row["course__title"]: (row["course__level"], row["count"])
        for row in CourseWaitingListEntry.objects.filter(status=CourseWaitingListEntry.Status.ACTIVE)
        .values("course__title", "course__level")
        .annotate(count=Count("id"))
        .order_by()
    }
    waiting = bookings_in(year).filter(status=S.WAITLISTED, event__status=Event.Status.SCHEDULED)
    per_event = list(
        waiting.values("event__uuid", "event__course__title", "event__course__level", "event__starts_at")
        .annotate(count=Count("id"))
        .order_by("-count", "event__starts_at")
    )
    event_level: dict[str, tuple[int, int]] = {}
    for row in per_event:
        level, count = event_level.get(row["event__course__title"], (row["event__course__level"], 0))
        event_level[row["event__course__title"]] = (level, count + row["count"])
    titles = sorted(set(course_level) | set(event_level))
    courses = [Demand(title, course_level.get(title, (0, 0))[1], event_level.get(title, (0, 0))[1]) for title in titles]
    levels: dict[int, list[int]] = {}
    for title in titles:
        level = (course_level.get(title) or event_level.get(title))[0]
        bucket = levels.setdefault(level, [0, 0])
        bucket[0] += course_level.get(title, (0, 0))[1]
        bucket[1] += event_level.get(title, (0, 0))[1]
    return {
        "courses": sorted(courses, key=lambda demand: (-demand.total, demand.label)),
        "events": [
            (
                row["event__course__title"],
                timezone.localdate(row["event__starts_at"]) if row["event__starts_at"] else None,
                row["count"],
            )
            for row in per_event
        ],
        "levels": [Demand(LEVELS.get(level, str(level)), *levels[level]) for level in sorted(levels)],
    }


@dataclass(frozen=True)
class Quality:
    label: str
    evaluations: int
    content: Decimal | None
    trainer: Decimal | None
    materials: Decimal | None
    overall: Decimal | None


def quality_by_course(year: FinancialYear) -> list[Quality]:
    """Average quality ratings (1 to 5) from the evaluations of the year's courses (one query)."""
    rows = (
        Evaluation.objects.filter(booking__in=bookings_in(year).values("pk"))
        .values("booking__event__course__title")
        .annotate(
            count=Count("id"),
            content=Avg("content_rating"),
            trainer=Avg("trainer_rating"),
            materials=Avg("materials_rating"),
            overall=Avg("overall_rating"),
        )
        .order_by("booking__event__course__title")
    )
    return [
        Quality(
            label=row["booking__event__course__title"],
            evaluations=row["count"],
            content=_one_decimal(row["content"]),
            trainer=_one_decimal(row["trainer"]),
            materials=_one_decimal(row["materials"]),
            overall=_one_decimal(row["overall"]),
        )
        for row in rows
    ]


def _blank(value):
    return "" if value is None else value


def _date_text(value) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def build(year: FinancialYear | str) -> list[ReportSection]:
    """Every figure and table for ``year``; the reports page and the yearly report show the same."""
    year = parse_year(year)
    total = totals(year)
    fills = fill_by_course(year)
    demand = waiting_demand(year)
    impact = impact_summary(year)
    quality = quality_by_course(year)
    fees = training_fees_total(year)
    uptake_tables = [
        Table(
            caption=f"Uptake by {heading.lower()}",
            headers=[heading, *UPTAKE_HEADERS],
            rows=[item.row() for item in uptake_by(year, dimension)],
            slug=f"uptake-{dimension}",
        )
        for dimension, (heading, _field, _label) in DIMENSIONS.items()
    ]
    programme = ReportSection(
        title="Training programme",
        slug="training.programme",
        figures=[
            Figure("Courses run", total.events),
            Figure("Courses cancelled", total.cancelled_events),
            Figure("Places available", total.capacity),
            Figure("Places taken", total.uptake.filled),
            Figure("Fill rate", _blank(total.fill_rate), "%"),
            Figure("People who attended", total.uptake.attended),
            Figure("Attendance rate", _blank(total.uptake.attendance_rate), "%"),
            Figure("No-show rate", _blank(total.uptake.no_show_rate), "%"),
            Figure("Training fees", fees, "£"),
        ],
        tables=[
            Table(
                caption="Fill rate by course",
                headers=["Course", "Level", "Courses run", "Places available", "Places taken", "Fill rate (%)"],
                rows=[
                    [fill.title, fill.level, fill.events, fill.capacity, fill.filled, _percent(fill.fill_rate)]
                    for fill in fills
                ],
                slug="fill-course",
            ),
            *uptake_tables,
        ],
        narrative_slots=["Highlights of the training year", "Who the training reached"],
    )
    totals_row = impact.totals
    evaluation = ReportSection(
        title="Training evaluation and impact",
        slug="training.evaluation",
        figures=[
            Figure("Evaluations received", totals_row.evaluations),
            Figure("Evaluation rate", _blank(totals_row.evaluation_rate), "%"),
            Figure("Average confidence before (1 to 10)", _blank(totals_row.confidence_before)),
            Figure("Average confidence after (1 to 10)", _blank(totals_row.confidence_after)),
            Figure("Average confidence shift", _blank(totals_row.confidence_shift)),
            Figure("Impact follow-ups sent", totals_row.requests_sent),
            Figure("Impact follow-ups answered", totals_row.responses),
            Figure("Impact response rate", _blank(totals_row.response_rate), "%"),
        ],
        tables=[
            Table(
                caption="Confidence by course",
                headers=[
                    "Course",
                    "Attended",
                    "Evaluations",
                    "Confidence before",
                    "Confidence after",
                    "Shift",
                    "Follow-ups sent",
                    "Follow-ups answered",
                ],
                rows=[
                    [
                        row.label,
                        row.attended,
                        row.evaluations,
                        _blank(row.confidence_before),
                        _blank(row.confidence_after),
                        _blank(row.confidence_shift),
                        row.requests_sent,
                        row.responses,
                    ]
                    for row in impact.courses
                ],
                slug="confidence-course",
            ),
            Table(
                caption="Quality ratings by course (1 to 5)",
                headers=["Course", "Evaluations", "Content", "Trainer", "Materials", "Overall"],
                rows=[
                    [
                        row.label,
                        row.evaluations,
                        _blank(row.content),
                        _blank(row.trainer),
                        _blank(row.materials),
                        _blank(row.overall),
                    ]
                    for row in quality
                ],
                slug="quality-course",
            ),
            Table(
                caption="Where delegates said the learning made a difference",
                headers=["Theme", "Responses"],
                rows=[[row.name, row.responses] for row in impact.impact_themes],
                slug="impact-themes",
            ),
        ],
        narrative_slots=["What delegates told us changed in their practice"],
    )
    waiting = ReportSection(
        title="Demand for training",
        slug="training.demand",
        figures=[
            Figure("People waiting for a course on any date", sum(item.course_waiting for item in demand["courses"])),
            Figure("People on an event's waiting list", sum(item.event_waiting for item in demand["courses"])),
        ],
        tables=[
            Table(
                caption="People waiting by course",
                headers=["Course", "Waiting for any date", "Waiting for a date", "Total"],
                rows=[[item.label, item.course_waiting, item.event_waiting, item.total] for item in demand["courses"]],
                slug="waiting-course",
            ),
            Table(
                caption="People waiting by event",
                headers=["Course", "Date", "Waiting"],
                rows=[[title, _date_text(day), count] for title, day, count in demand["events"]],
                slug="waiting-event",
            ),
            Table(
                caption="People waiting by level",
                headers=["Level", "Waiting for any date", "Waiting for a date", "Total"],
                rows=[[item.label, item.course_waiting, item.event_waiting, item.total] for item in demand["levels"]],
                slug="waiting-level",
            ),
        ],
        narrative_slots=["Where demand outstrips the places offered"],
    )
    return [programme, evaluation, waiting]


def report_sections(year: FinancialYear | str) -> list[ReportSection]:
    """The training part of the yearly report (``registry.register_report_sections``)."""
    return build(year)
