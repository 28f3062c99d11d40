"""The Impact Forum follow-up: who is asked when, the e-mails, and the summaries of what came back.

Some time after a course (``TrainingSettings.impact_follow_up_days``, 90 days by default) each
delegate who attended is asked how the learning changed their practice and what difference it
made for children; their line manager, where the booking names one, gets a copy so that the
two can talk about it in supervision. ``services.send_due_impact_requests`` creates the
requests; this module says which bookings are due and builds the e-mails and the summaries.

A request is never sent twice (one ``ImpactRequest`` per booking, enforced by the database).
Follow-ups more than ``CATCH_UP_DAYS`` overdue are not sent at all: when the scheduled job has
not run for a while, or records of old courses are imported, asking about a course from long
ago would only be noise.

Figures belong to the financial year of the course (the event's first day), like charges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Avg, Count, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone

from hub.core.models import PartnershipSettings
from hub.core.periods import FinancialYear
from hub.training.models import (
    Booking,
    Event,
    ImpactRequest,
    ImpactResponse,
    SafeguardingWeek,
    TrainingSettings,
    WeekEvaluation,
)

CATCH_UP_DAYS = 60
ATTENDED = (Booking.Status.ATTENDED, Booking.Status.PARTLY_ATTENDED)


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# Scheduling --------------------------------------------------------------------------------


def follow_up_date(event: Event, days: int | None = None) -> date:
    """The day a delegate of ``event`` is asked about its impact: ``days`` after its last day."""
    if days is None:
        days = TrainingSettings.load().impact_follow_up_days
    return timezone.localdate(event.ends_at) + timedelta(days=days)


def bookings_due_follow_up(today: date, days: int | None = None) -> QuerySet[Booking]:
    """Attended bookings whose follow-up day has come (within the catch-up window) and who were not yet asked."""
    if days is None:
        days = TrainingSettings.load().impact_follow_up_days
    last_day_due = today - timedelta(days=days)
    earliest = last_day_due - timedelta(days=CATCH_UP_DAYS)
    return (
        Booking.objects.filter(
            status__in=ATTENDED,
            impact_request__isnull=True,
            event__ends_at__gte=_aware(earliest),
            event__ends_at__lt=_aware(last_day_due + timedelta(days=1)),
        )
        .select_related("event__course", "person")
        .order_by("event__ends_at", "id")
    )


# E-mails -----------------------------------------------------------------------------------


def respond_url(impact_request: ImpactRequest) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("training:impact-respond", kwargs={"uuid": impact_request.uuid})


def _send(template: str, *, subject: str, to: list[str], context: dict) -> None:
    body = render_to_string(f"training/impact/emails/{template}.txt", context)
    html = render_to_string(f"training/impact/emails/{template}.html", {**context, "subject": subject})
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    message.attach_alternative(html, "text/html")
    message.send()


def send_request_emails(impact_request_id: int) -> None:
    """E-mail the delegate the link to answer, and their line manager (where known) a copy.

    The manager's copy says what was asked and suggests talking about it; it has no link to
    answer, because only the delegate can answer.
    """
    impact_request = ImpactRequest.objects.select_related("booking__event__course", "booking__person").get(
        pk=impact_request_id
    )
    booking = impact_request.booking
    event = booking.event
    partnership = PartnershipSettings.load()
    context = {
        "person": booking.person,
        "course": event.course,
        "course_date": dateformat.format(timezone.localdate(event.starts_at), "j F Y"),
        "respond_url": respond_url(impact_request),
        "partnership_name": partnership.name,
        "contact_email": partnership.contact_email,
        "site_url": settings.SITE_URL.rstrip("/"),
        "manager_copied": bool(impact_request.manager_email),
    }
    _send(
        "request",
        subject=f"How has the course made a difference? {event.course.title}",
        to=[booking.person.email],
        context=context,
    )
    if impact_request.manager_email:
        _send(
            "manager_copy",
            subject=f"Copy: {booking.person.full_name} has been asked about the impact of {event.course.title}",
            to=[impact_request.manager_email],
            context=context,
        )


# Summaries ---------------------------------------------------------------------------------


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _one_decimal(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ImpactFigures:
    """Response rates and confidence for one course, one theme or the whole year."""

    label: str
    attended: int
    evaluations: int
    confidence_before: Decimal | None
    confidence_after: Decimal | None
    requests_sent: int
    responses: int
    key: str = ""

    @property
    def confidence_shift(self) -> Decimal | None:
        if self.confidence_before is None or self.confidence_after is None:
            return None
        return self.confidence_after - self.confidence_before

    @property
    def evaluation_rate(self) -> Decimal | None:
        return _rate(self.evaluations, self.attended)

    @property
    def response_rate(self) -> Decimal | None:
        return _rate(self.responses, self.requests_sent)


@dataclass(frozen=True)
class ThemeCount:
    name: str
    slug: str
    responses: int


@dataclass(frozen=True)
class Quote:
    uuid: str
    course: str
    practice_change: str
    difference_for_children: str


@dataclass(frozen=True)
class WeekFigures:
    title: str
    slug: str
    starts_on: date
    ends_on: date
    sessions: int
    attendees: int
    evaluations: int
    overall: Decimal | None
    relevance: Decimal | None
    organisation: Decimal | None

    @property
    def evaluation_rate(self) -> Decimal | None:
        return _rate(self.evaluations, self.attendees)


@dataclass(frozen=True)
class ImpactSummary:
    year: FinancialYear
    totals: ImpactFigures
    courses: list[ImpactFigures] = field(default_factory=list)
    themes: list[ImpactFigures] = field(default_factory=list)
    impact_themes: list[ThemeCount] = field(default_factory=list)
    chosen_quotes: list[Quote] = field(default_factory=list)
    weeks: list[WeekFigures] = field(default_factory=list)


_MEASURES = {
    "attended": Count("id"),
    "evaluations": Count("evaluation"),
    "before": Avg("evaluation__confidence_before"),
    "after": Avg("evaluation__confidence_after"),
    "requests_sent": Count("impact_request", filter=Q(impact_request__sent_at__isnull=False)),
    "responses": Count("impact_request__response"),
}


def attended_bookings(year: FinancialYear) -> QuerySet[Booking]:
    """Bookings of people who attended (fully or partly) a course whose first day is in ``year``."""
    return Booking.objects.filter(
        status__in=ATTENDED,
        event__starts_at__gte=_aware(year.start),
        event__starts_at__lt=_aware(year.end + timedelta(days=1)),
    )


def _figures(label: str, row: dict, key: str = "") -> ImpactFigures:
    # Each booking has at most one evaluation, one request and one response (one-to-one), so
    # these joins never count a booking twice within a group.
    return ImpactFigures(
        label=label,
        key=key,
        attended=row["attended"],
        evaluations=row["evaluations"],
        confidence_before=_one_decimal(row["before"]),
        confidence_after=_one_decimal(row["after"]),
        requests_sent=row["requests_sent"],
        responses=row["responses"],
    )


def responses_for(year: FinancialYear) -> QuerySet[ImpactResponse]:
    return ImpactResponse.objects.filter(request__booking__in=attended_bookings(year).values("pk"))


def week_figures(year: FinancialYear) -> list[WeekFigures]:
    """Each safeguarding week starting in ``year``: sessions, people who came, evaluations and ratings."""
    weeks = list(
        SafeguardingWeek.objects.filter(starts_on__gte=year.start, starts_on__lte=year.end)
        .annotate(
            session_count=Count("events", filter=~Q(events__status=Event.Status.CANCELLED), distinct=True),
            attendee_count=Count(
                "events__bookings__person", filter=Q(events__bookings__status__in=ATTENDED), distinct=True
            ),
        )
        .order_by("starts_on")
    )
    ratings = {
        row["week"]: row
        for row in WeekEvaluation.objects.filter(week__in=[week.pk for week in weeks])
        .values("week")
        .annotate(
            count=Count("id"),
            overall=Avg("overall_rating"),
            relevance=Avg("relevance_rating"),
            organisation=Avg("organisation_rating"),
        )
        .order_by()
    }
    result = []
    for week in weeks:
        row = ratings.get(week.pk, {})
        result.append(
            WeekFigures(
                title=week.title,
                slug=week.slug,
                starts_on=week.starts_on,
                ends_on=week.ends_on,
                sessions=week.session_count,
                attendees=week.attendee_count,
                evaluations=row.get("count", 0),
                overall=_one_decimal(row.get("overall")),
                relevance=_one_decimal(row.get("relevance")),
                organisation=_one_decimal(row.get("organisation")),
            )
        )
    return result


def impact_summary(year: FinancialYear | str) -> ImpactSummary:
    """Evaluation and impact figures for the courses of ``year``, for the summary page and the yearly report.

    Per course and per practice theme of the course: people who attended, evaluations,
    average confidence before and after (and the shift), follow-ups sent and answered. Then
    how often each theme was named as where the learning made a difference, the quotes the
    business unit chose for the report, and each safeguarding week's evaluation.
    """
    if isinstance(year, str):
        from hub.core.periods import current_financial_year

        year = FinancialYear.parse(year, current_financial_year().start_month)
    bookings = attended_bookings(year)
    totals = _figures(f"All courses in {year.label}", bookings.aggregate(**_MEASURES))
    courses = [
        _figures(row["event__course__title"], row, key=row["event__course__slug"])
        for row in bookings.values("event__course__title", "event__course__slug")
        .annotate(**_MEASURES)
        .order_by("event__course__title")
    ]
    themes = [
        _figures(row["event__course__themes__name"], row, key=row["event__course__themes__slug"])
        for row in bookings.filter(event__course__themes__isnull=False)
        .values("event__course__themes__name", "event__course__themes__slug")
        .annotate(**_MEASURES)
        .order_by("event__course__themes__name")
    ]
    responses = responses_for(year)
    impact_themes = [
        ThemeCount(name=row["impact_themes__name"], slug=row["impact_themes__slug"], responses=row["count"])
        for row in responses.filter(impact_themes__isnull=False)
        .values("impact_themes__name", "impact_themes__slug")
        .annotate(count=Count("id"))
        .order_by("-count", "impact_themes__name")
    ]
    chosen = [
        Quote(
            uuid=str(response.uuid),
            course=response.request.booking.event.course.title,
            practice_change=response.practice_change,
            difference_for_children=response.difference_for_children,
        )
        for response in responses.filter(chosen_for_report=True)
        .select_related("request__booking__event__course")
        .order_by("request__booking__event__course__title", "answered_at")
    ]
    return ImpactSummary(
        year=year,
        totals=totals,
        courses=courses,
        themes=themes,
        impact_themes=impact_themes,
        chosen_quotes=chosen,
        weeks=week_figures(year),
    )


# The scheduled job -------------------------------------------------------------------------


def run_follow_up_job(log) -> None:
    """``run_periodic`` job ``training.impact_follow_up``: send the follow-ups that are due."""
    from hub.training.services import send_due_impact_requests

    sent = send_due_impact_requests()
    log(f"{sent} impact follow-up{'' if sent == 1 else 's'} sent")
