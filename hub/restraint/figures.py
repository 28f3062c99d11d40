"""The figures of restraint for a period: counts, injuries, techniques, repeat incidents, and the
sentence the yearly report uses ("Of the 408 incidents ... 71% caused no injury ...").

Everything here is worked out from the incidents in the database, never typed in. Nothing
returned names a young person: repeat incidents are counted, not listed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone

from hub.core.periods import FinancialYear
from hub.restraint.models import Injury, Technique


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def in_period(queryset, start: date, end: date):
    """Incidents from the start of ``start`` to the end of ``end`` (local time)."""
    return queryset.filter(occurred_at__gte=_aware(start), occurred_at__lt=_aware(end + timedelta(days=1)))


def percent(part: int, whole: int) -> int | None:
    """A whole-number percentage, rounded half up as people do (71.3 → 71, 95.7 → 96)."""
    if not whole:
        return None
    return int(part * 100 / whole + 0.5)


@dataclass
class Figures:
    incidents: int = 0
    young_people: int = 0
    by_level: dict[int, int] = field(default_factory=dict)
    techniques: list[tuple[str, int]] = field(default_factory=list)
    repeat_young_people: int = 0
    most_for_one_young_person: int = 0
    debriefs: int = 0
    reviewed: int = 0
    staff_injuries: int = 0

    @property
    def no_injury(self) -> int:
        return self.by_level.get(Injury.NONE, 0)

    @property
    def injured(self) -> int:
        return self.incidents - self.no_injury

    def level(self, level: int) -> int:
        return self.by_level.get(level, 0)

    @property
    def share_no_injury(self) -> int | None:
        return percent(self.no_injury, self.incidents)

    @property
    def share_of_injuries_at_level_1(self) -> int | None:
        return percent(self.level(Injury.LEVEL_1), self.injured)

    @property
    def per_young_person(self) -> float | None:
        return round(self.incidents / self.young_people, 1) if self.young_people else None

    @property
    def share_debriefed(self) -> int | None:
        return percent(self.debriefs, self.incidents)

    @property
    def share_reviewed(self) -> int | None:
        return percent(self.reviewed, self.incidents)


def figures_for(queryset, start: date, end: date) -> Figures:
    incidents = in_period(queryset, start, end)
    result = Figures()
    for row in incidents.values("injury").annotate(count=Count("pk")):
        result.by_level[row["injury"]] = row["count"]
    result.incidents = sum(result.by_level.values())
    if not result.incidents:
        return result
    per_person = Counter(dict(incidents.values_list("young_person").annotate(count=Count("pk")).order_by()))
    result.young_people = len(per_person)
    result.repeat_young_people = sum(1 for count in per_person.values() if count > 1)
    result.most_for_one_young_person = max(per_person.values())
    result.debriefs = incidents.filter(debrief_held=True).count()
    result.reviewed = incidents.filter(management_review="completed").count()
    result.staff_injuries = incidents.exclude(staff_injury="none").count()
    result.techniques = list(
        Technique.objects.filter(incidents__in=incidents)
        .annotate(count=Count("incidents"))
        .order_by("-count", "name")
        .values_list("name", "count")
    )
    return result


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def statement(result: Figures, period_label: str) -> str:
    """The year's figures in one paragraph, in the form the partnership's report uses."""
    if not result.incidents:
        return f"No incidents of restraint were recorded in {period_label}."
    text = (
        f"Of the {_plural(result.incidents, 'incident')} of restraint recorded in {period_label}, "
        f"{result.share_no_injury}% caused no injury at all"
    )
    if not result.injured:
        return text + "."
    levels = []
    if result.level(Injury.LEVEL_2):
        levels.append(f"{result.level(Injury.LEVEL_2):,} at level 2")
    level_3 = result.level(Injury.LEVEL_3)
    levels.append(
        f"{'only ' if level_3 == 1 else ''}{level_3:,} at level 3, the most serious"
        if level_3
        else "none at level 3, the most serious"
    )
    return (
        f"{text}; {result.injured:,} resulted in injury, of which {result.share_of_injuries_at_level_1}% "
        f"were at level 1, {' and '.join(levels)}."
    )


def months(start: date, end: date) -> list[date]:
    found, day = [], date(start.year, start.month, 1)
    while day <= end:
        found.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return found


def month_end(month: date) -> date:
    following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return following - timedelta(days=1)


@dataclass(frozen=True)
class PeriodRow:
    label: str
    start: date
    end: date
    figures: Figures


def monthly(queryset, start: date, end: date) -> list[PeriodRow]:
    """Figures for each month from ``start`` to ``end``, in few queries (one pass over the incidents)."""
    rows = {month: Figures() for month in months(start, end)}
    people: dict[date, Counter] = {month: Counter() for month in rows}
    incidents = in_period(queryset, start, end).values_list("occurred_at", "injury", "young_person")
    for occurred_at, injury, young_person in incidents:
        local = timezone.localtime(occurred_at).date()
        month = date(local.year, local.month, 1)
        figures = rows[month]
        figures.incidents += 1
        figures.by_level[injury] = figures.by_level.get(injury, 0) + 1
        people[month][young_person] += 1
    for month, figures in rows.items():
        counts = people[month]
        figures.young_people = len(counts)
        figures.repeat_young_people = sum(1 for count in counts.values() if count > 1)
        figures.most_for_one_young_person = max(counts.values(), default=0)
    return [PeriodRow(f"{month:%b %Y}", month, month_end(month), figures) for month, figures in rows.items()]


def quarterly(queryset, year: FinancialYear) -> list[PeriodRow]:
    rows = []
    for quarter in range(4):
        start = months(year.start, year.end)[quarter * 3]
        end = month_end(months(year.start, year.end)[quarter * 3 + 2])
        rows.append(PeriodRow(f"Q{quarter + 1} {year.label}", start, end, figures_for(queryset, start, end)))
    return rows
