"""The governance part of the yearly report: the groups and how well they were attended, the budget,
and the development sessions.

Registered in ``GovernanceConfig.ready()`` with ``registry.register_report_sections``. Each count is
one grouped query, so the cost does not grow with the number of meetings.

- A year's meetings are those held (not scheduled or cancelled) whose start falls in it.
- Attendance rate: people present or attending as a deputy over everyone whose attendance was
  recorded at those meetings (apologies and absence count against it).
- Every headline figure carries the year before's value where there is data for that year.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from hub.core.periods import FinancialYear
from hub.core.reporting import Figure, ReportSection, Table
from hub.governance.models import Attendance, BudgetYear, Contribution, DevelopmentSession, Group, Meeting

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.DEPUTY)


def _year(year: FinancialYear | str) -> FinancialYear:
    return year if isinstance(year, FinancialYear) else FinancialYear.parse(year)


def _aware(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _rate(part: int, whole: int) -> int | None:
    if not whole:
        return None
    return int((Decimal(part * 100) / Decimal(whole)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _held_in(year: FinancialYear) -> Q:
    """Held meetings of the year, as a filter on ``Meeting`` reached through ``prefix``."""
    return Q(
        status=Meeting.Status.HELD,
        starts_at__gte=_aware(year.start),
        starts_at__lt=_aware(year.end + timedelta(days=1)),
    )


def _prefixed(condition: Q, prefix: str) -> Q:
    return Q(**{f"{prefix}{key}": value for key, value in condition.children})


def meeting_totals(year: FinancialYear) -> tuple[int, int | None]:
    """(meetings held, attendance rate %) across every group for the year."""
    meetings = Meeting.objects.filter(_held_in(year)).count()
    attendance = Attendance.objects.filter(_prefixed(_held_in(year), "meeting__")).aggregate(
        recorded=Count("id"), attended=Count("id", filter=Q(status__in=ATTENDED))
    )
    return meetings, _rate(attendance["attended"], attendance["recorded"])


def groups_section(year: FinancialYear) -> ReportSection:
    held = _prefixed(_held_in(year), "meetings__")
    groups = (
        Group.objects.filter(Q(active_from__isnull=True) | Q(active_from__lte=year.end))
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=year.start))
        .annotate(held=Count("meetings", filter=held, distinct=True))
        .order_by("-is_executive", "name")
    )
    attendance = {
        row["meeting__group_id"]: row
        for row in Attendance.objects.filter(_prefixed(_held_in(year), "meeting__"))
        .values("meeting__group_id")
        .annotate(recorded=Count("id"), attended=Count("id", filter=Q(status__in=ATTENDED)))
        .order_by()
    }
    rows = []
    for group in groups:
        counts = attendance.get(group.pk, {"recorded": 0, "attended": 0})
        rate = _rate(counts["attended"], counts["recorded"])
        rows.append(
            [
                group.name,
                group.short_name,
                group.get_meeting_frequency_display(),
                group.held,
                "" if rate is None else rate,
            ]
        )
    meetings, rate = meeting_totals(year)
    previous_meetings, previous_rate = meeting_totals(year.previous())
    has_previous = bool(previous_meetings)
    return ReportSection(
        title="Partnership structure: the groups and their meetings",
        slug="governance.groups",
        figures=[
            Figure("Groups of the partnership", len(rows)),
            Figure("Meetings held", meetings, previous=previous_meetings if has_previous else None),
            Figure("Attendance at meetings", rate, "%", previous=previous_rate if has_previous else None),
        ],
        tables=[
            Table(
                caption=f"Groups and their meetings, {year.label}",
                headers=["Group", "Short name", "Meets", "Meetings held", "Attendance (%)"],
                rows=rows,
                slug="groups",
            )
        ],
        narrative_slots=["How the groups work together"],
    )


def _budget_total(start_year: int) -> Decimal | None:
    return Contribution.objects.filter(budget_year__start_year=start_year).aggregate(total=Sum("amount"))["total"]


def _whole(amount: Decimal) -> int | Decimal:
    return int(amount) if amount == amount.to_integral() else amount


def _pounds(amount: Decimal) -> str:
    return f"£{amount:,.0f}" if amount == amount.to_integral() else f"£{amount:,.2f}"


def budget_section(year: FinancialYear) -> ReportSection | None:
    budget = BudgetYear.objects.filter(start_year=year.start_year).prefetch_related("contributions").first()
    if budget is None:
        return None
    contributions = list(budget.contributions.all())
    total = sum((row.amount for row in contributions), Decimal("0"))
    previous = _budget_total(year.start_year - 1)
    rows = [[row.label, _pounds(row.amount)] for row in contributions]
    rows.append(["Total", _pounds(total)])
    statements = [f"Partners and other sources contributed {_pounds(total)} to the partnership in {year.label}."]
    if budget.notes.strip():
        statements.append(budget.notes.strip())
    return ReportSection(
        title="Budget and contributions",
        slug="governance.budget",
        figures=[Figure("Total budget", _whole(total), "£", previous=None if previous is None else _whole(previous))],
        tables=[
            Table(
                caption=f"Contributions to the partnership, {year.label}",
                headers=["Contributor", "Amount"],
                rows=rows,
                slug="contributions",
            )
        ],
        statements=statements,
        narrative_slots=["How the budget was spent"],
    )


def development_sessions_section(year: FinancialYear) -> ReportSection | None:
    sessions = list(
        DevelopmentSession.objects.filter(held_on__gte=year.start, held_on__lte=year.end).order_by("held_on")
    )
    if not sessions:
        return None
    previous_year = year.previous()
    previous = DevelopmentSession.objects.filter(held_on__gte=previous_year.start, held_on__lte=previous_year.end)
    previous_count = previous.count()
    people = sum(session.attendees_count or 0 for session in sessions)
    return ReportSection(
        title="Partnership development sessions",
        slug="governance.development-sessions",
        figures=[
            Figure("Development sessions held", len(sessions), previous=previous_count or None),
            Figure("People attending", people),
        ],
        tables=[
            Table(
                caption=f"Development sessions, {year.label}",
                headers=["Date", "Topic", "People attending", "What the partnership agreed or learned"],
                rows=[
                    [
                        f"{session.held_on:%-d %B %Y}",
                        session.topic,
                        "" if session.attendees_count is None else session.attendees_count,
                        session.outcomes,
                    ]
                    for session in sessions
                ],
                slug="sessions",
            )
        ],
        narrative_slots=["What the development sessions changed"],
    )


def report_sections(year: FinancialYear | str) -> list[ReportSection]:
    """The governance part of the yearly report (``registry.register_report_sections``)."""
    year = _year(year)
    sections = [groups_section(year), budget_section(year), development_sessions_section(year)]
    return [section for section in sections if section is not None]
