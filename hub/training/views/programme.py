"""The public training programme: the filterable list, course and event pages, the level guidance
and safeguarding weeks. Anyone may read them; booking itself is in ``booking.py``.

Unpublished courses and weeks are seen only by the business unit (and a course's trainers), so
staff can check a page before publishing it; everyone else gets 404.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from datetime import datetime
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Count, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.views.decorators.http import require_GET

from hub.core.formatting import hours_in_words
from hub.core.permissions import is_business_unit, refuse
from hub.core.registry import ThemeItem
from hub.core.views.paging import pagination, querystring
from hub.training.caching import cached_programme_page
from hub.training.forms import ProgrammeFilterForm
from hub.training.models import (
    Booking,
    Course,
    CourseWaitingListEntry,
    Event,
    Level,
    SafeguardingWeek,
    TrainingSettings,
)

PAGE_SIZE = 20
# Dates listed under each course in the programme; the course page lists them all.
DATES_SHOWN = 3


# Who sees what ----------------------------------------------------------------------------------


def _is_course_trainer(user, course: Course) -> bool:
    return bool(user.is_authenticated and course.trainers.filter(pk=user.pk).exists())


def _get_course_for_user(request, slug: str) -> Course:
    course = (
        Course.objects.filter(slug=slug)
        .select_related("prerequisite_course")
        .prefetch_related("themes", "trainers")
        .first()
    )
    if course is None or not (
        course.is_published or is_business_unit(request.user) or _is_course_trainer(request.user, course)
    ):
        raise refuse(request, f"course {slug}")
    return course


def _get_event_for_user(request, uuid) -> Event:
    now = timezone.now()
    event = (
        Event.objects.filter(uuid=uuid)
        .with_places_left(now)
        .select_related("course", "week")
        .prefetch_related("sessions", "trainers", "course__trainers", "course__themes")
        .first()
    )
    if event is None or not (
        event.course.is_published
        or is_business_unit(request.user)
        or (request.user.is_authenticated and event.is_trainer(request.user))
        or _is_course_trainer(request.user, event.course)
    ):
        raise refuse(request, f"event {uuid}")
    return event


def _get_week_for_user(request, slug: str) -> SafeguardingWeek:
    week = SafeguardingWeek.objects.filter(slug=slug).prefetch_related("themes").first()
    if week is None or not (week.is_published or is_business_unit(request.user)):
        raise refuse(request, f"safeguarding week {slug}")
    return week


def can_see_joining_details(user, event: Event, booking: Booking | None) -> bool:
    """The joining link (and e-learning link) is for confirmed delegates, the event's trainers
    and the business unit only."""
    if booking is not None and booking.can_see_joining_link():
        return True
    return bool(is_business_unit(user) or (user.is_authenticated and event.is_trainer(user)))


# The viewer's own bookings ----------------------------------------------------------------------

# Statuses in which the viewer's booking decides what an event shows them instead of "Book".
VIEWER_STATUSES = (*Booking.ACTIVE_STATUSES, *Booking.ATTENDANCE_STATUSES)


def _viewer_bookings(user, events) -> dict[int, Booking]:
    """The viewer's current booking (if any) on each of ``events``, by event id, in one query."""
    if not user.is_authenticated:
        return {}
    bookings = Booking.objects.filter(person=user, event__in=[event.pk for event in events], status__in=VIEWER_STATUSES)
    return {booking.event_id: booking for booking in bookings}


class EventAction:
    """What an event offers the person looking at it (the template turns these into links)."""

    BOOK = "book"
    JOIN_WAITING_LIST = "join-waiting-list"
    NOT_OPEN_YET = "not-open-yet"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    BOOKED = "booked"
    WAITING = "waiting"
    OFFERED = "offered"
    PENDING_APPROVAL = "pending-approval"
    ATTENDED = "attended"


_BOOKING_ACTIONS = {
    Booking.Status.CONFIRMED: EventAction.BOOKED,
    Booking.Status.WAITLISTED: EventAction.WAITING,
    Booking.Status.OFFERED: EventAction.OFFERED,
    Booking.Status.PENDING_APPROVAL: EventAction.PENDING_APPROVAL,
    Booking.Status.ATTENDED: EventAction.ATTENDED,
    Booking.Status.PARTLY_ATTENDED: EventAction.ATTENDED,
    Booking.Status.NO_SHOW: EventAction.ATTENDED,
}


def event_action(event: Event, booking: Booking | None, now: datetime) -> str:
    """Book, join the waiting list, booking not open or closed, or the viewer's own booking."""
    if event.is_cancelled:
        return EventAction.CANCELLED
    if booking is not None and booking.status in _BOOKING_ACTIONS:
        return _BOOKING_ACTIONS[booking.status]
    if not event.booking_is_open(now):
        if event.booking_opens_at and now < event.booking_opens_at and not event.has_started(now):
            return EventAction.NOT_OPEN_YET
        return EventAction.CLOSED
    return EventAction.BOOK if event.places_left(now) > 0 else EventAction.JOIN_WAITING_LIST


def _event_rows(events, user, now) -> list[dict]:
    bookings = _viewer_bookings(user, events)
    return [
        {
            "event": event,
            "booking": bookings.get(event.pk),
            "action": event_action(event, bookings.get(event.pk), now),
            "places_left": event.places_left(now),
            "finished": event.ends_at is not None and event.ends_at <= now,
        }
        for event in events
    ]


# Words for the course page ----------------------------------------------------------------------


def _money(amount: Decimal) -> str:
    return f"£{amount:,.0f}" if amount == amount.to_integral_value() else f"£{amount:,.2f}"


def charges_in_words(course: Course, cancellation_working_days: int) -> list[str]:
    """The course's charging rule as sentences a delegate and their manager can act on."""
    days = f"{cancellation_working_days} working day{'s' if cancellation_working_days != 1 else ''}"
    sentences = ["There is no charge for a place on this course."]
    late, absent = course.late_cancellation_charge, course.non_attendance_charge
    if late:
        sentences.append(
            f"If you cancel less than {days} before the course starts, your agency is charged {_money(late)}."
        )
    else:
        sentences.append(f"You can cancel free of charge up to {days} before the course starts.")
    if absent:
        sentences.append(f"If you do not attend, your agency is charged {_money(absent)}.")
    if course.charge_schools_full_cost and course.full_cost is not None:
        sentences.append(
            f"Schools and colleges are charged the full cost of {_money(course.full_cost)} "
            "instead, for a late cancellation or if the delegate does not attend."
        )
    if not (late or absent or course.charge_schools_full_cost):
        sentences.append("Please cancel as early as you can so someone on the waiting list can have your place.")
    return sentences


def prerequisite_in_words(course: Course) -> str | None:
    level = course.prerequisite_level
    if course.prerequisite_course_id and level:
        return f"You need to have attended a level {level} course or above and the course below first."
    if level:
        return f"You need to have attended a level {level} course or above first."
    if course.prerequisite_course_id:
        return "You need to have attended the course below first."
    return None


# Pages ------------------------------------------------------------------------------------------


def programme_events(now: datetime) -> QuerySet[Event]:
    """Upcoming dates of published courses, each with its places counted in the same query."""
    return (
        Event.objects.upcoming(now).filter(course__is_published=True).with_places_left(now).order_by("starts_at", "id")
    )


def programme_crumbs(*entries) -> list[tuple[str, str | None]]:
    return [("Home", "/"), ("Training", reverse("training:programme")), *entries]


# A session of a published safeguarding week is listed under its week, not as a course date.
IN_PUBLISHED_WEEK = Q(week__isnull=False, week__is_published=True)


def _week_courses() -> QuerySet[Course]:
    """Courses run only as sessions of published safeguarding weeks (their weeks list them)."""
    in_week = Event.objects.filter(IN_PUBLISHED_WEEK).values("course_id")
    elsewhere = Event.objects.exclude(IN_PUBLISHED_WEEK).values("course_id")
    return Course.objects.filter(pk__in=in_week).exclude(pk__in=elsewhere)


def programme_weeks(form: ProgrammeFilterForm, now: datetime, *, past: bool) -> list[SafeguardingWeek]:
    """Published safeguarding weeks for the programme, each with ``session_count`` and ``matching_count``.

    Weeks still to come (or under way) are listed; with ``past``, weeks that have ended and had
    sessions, so their sessions' course pages stay within reach. When filters are set, only weeks
    with a session that matches them are listed (``matching_count`` says how many).
    """
    today = timezone.localdate(now)
    sessions = Q(events__status=Event.Status.SCHEDULED, events__course__is_published=True)
    weeks = SafeguardingWeek.objects.filter(is_published=True).annotate(session_count=Count("events", filter=sessions))
    if past:
        weeks = weeks.filter(ends_on__lt=today, session_count__gt=0).order_by("-starts_on")
        matching = Event.objects.filter(status=Event.Status.SCHEDULED)
    else:
        weeks = weeks.filter(ends_on__gte=today).order_by("starts_on")
        matching = form.filter_events(programme_events(now))
    matching = matching.filter(IN_PUBLISHED_WEEK, course__in=form.filter_courses(Course.objects.published()))
    weeks = list(weeks)
    if not form.is_filtered:
        for week in weeks:
            week.matching_count = week.session_count
        return weeks
    counts = Counter(matching.values_list("week_id", flat=True))
    for week in weeks:
        week.matching_count = counts[week.pk]
    return [week for week in weeks if week.matching_count]


@cached_programme_page
@require_GET
def programme(request):
    now = timezone.now()
    form = ProgrammeFilterForm(request.GET, today=timezone.localdate(now))
    events = form.filter_events(programme_events(now)).exclude(IN_PUBLISHED_WEEK)
    first_date = events.filter(course=OuterRef("pk")).order_by("starts_at").values("starts_at")[:1]
    courses = (
        form.filter_courses(Course.objects.published())
        .filter(pk__in=events.values("course_id"))
        .annotate(next_starts_at=Subquery(first_date))
        .prefetch_related("themes", Prefetch("events", queryset=events, to_attr="matching_events"))
        .order_by("next_starts_at", "title")
    )
    page = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for course in page.object_list:
        shown = course.matching_events[:DATES_SHOWN]
        rows.append(
            {
                "course": course,
                "dates": [{"event": event, "places_left": event.places_left(now)} for event in shown],
                "more_dates": len(course.matching_events) - len(shown),
            }
        )
    # Safeguarding weeks are a group of their own, above the courses.
    weeks = programme_weeks(form, now, past=False)
    # Published courses with no dates to come still have a page (and a waiting list for any date),
    # so they are listed after the last dated course, unless the filters ask for dates. Courses
    # run only in safeguarding weeks are left to their weeks: earlier weeks are listed instead.
    undated, past_weeks = [], []
    if page.number == page.paginator.num_pages and not form.filters_dates:
        undated = list(
            form.filter_courses(Course.objects.published())
            .exclude(pk__in=programme_events(now).values("course_id"))
            .exclude(pk__in=_week_courses().values("pk"))
            .order_by("title")
        )
        past_weeks = programme_weeks(form, now, past=True)
    return render(
        request,
        "training/programme/programme.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "pagination": pagination(page, request.GET),
            "filters": querystring(request.GET, page=None),
            "weeks": weeks,
            "undated": undated,
            "past_weeks": past_weeks,
            "crumbs": [("Home", "/"), ("Training", None)],
        },
    )


DATES_PAGE_SIZE = 50


@cached_programme_page
@require_GET
def programme_dates(request):
    """The same programme as a list of dates, month by month, with the same filters."""
    now = timezone.now()
    form = ProgrammeFilterForm(request.GET, today=timezone.localdate(now))
    courses = form.filter_courses(Course.objects.published())
    events = form.filter_events(programme_events(now)).filter(course__in=courses.values("pk")).select_related("course")
    page = Paginator(events, DATES_PAGE_SIZE).get_page(request.GET.get("page"))
    months: OrderedDict = OrderedDict()
    for event in page.object_list:
        month = timezone.localdate(event.starts_at).replace(day=1)
        months.setdefault(month, []).append({"event": event, "places_left": event.places_left(now)})
    return render(
        request,
        "training/programme/dates.html",
        {
            "form": form,
            "page": page,
            "months": list(months.items()),
            "pagination": pagination(page, request.GET),
            "filters": querystring(request.GET, page=None),
            "crumbs": programme_crumbs(("Dates month by month", None)),
        },
    )


@cached_programme_page
@require_GET
def course_detail(request, slug):
    course = _get_course_for_user(request, slug)
    now = timezone.now()
    events = list(
        course.events.upcoming(now).with_places_left(now).prefetch_related("sessions").order_by("starts_at", "id")
    )
    on_course_waiting_list = (
        request.user.is_authenticated
        and CourseWaitingListEntry.objects.filter(
            course=course, person=request.user, status=CourseWaitingListEntry.Status.ACTIVE
        ).exists()
    )
    settings = TrainingSettings.load()
    return render(
        request,
        "training/programme/course.html",
        {
            "course": course,
            "level": Level(course.level),
            "themes": list(course.themes.all()),
            "trainers": list(course.trainers.all()),
            "duration": hours_in_words(course.duration_hours),
            "charges": charges_in_words(course, settings.cancellation_working_days),
            "prerequisite": prerequisite_in_words(course),
            "rows": _event_rows(events, request.user, now),
            "on_course_waiting_list": on_course_waiting_list,
            "crumbs": programme_crumbs((course.title, None)),
        },
    )


@cached_programme_page
@require_GET
def event_detail(request, uuid):
    event = _get_event_for_user(request, uuid)
    course = event.course
    now = timezone.now()
    booking = _viewer_bookings(request.user, [event]).get(event.pk)
    settings = TrainingSettings.load()
    return render(
        request,
        "training/programme/event.html",
        {
            "event": event,
            "course": course,
            "sessions": list(event.sessions.all()),
            "trainers": event.delivering_trainers(),
            "booking": booking,
            "action": event_action(event, booking, now),
            "places_left": event.places_left(now),
            "has_finished": bool(event.ends_at and event.ends_at < now),
            "show_joining_details": can_see_joining_details(request.user, event, booking),
            "cancellation_deadline": event.cancellation_deadline(settings.cancellation_working_days),
            "charges": charges_in_words(course, settings.cancellation_working_days),
            "crumbs": programme_crumbs(
                (course.title, reverse("training:course", kwargs={"slug": course.slug})),
                (dateformat.format(timezone.localtime(event.starts_at), "j F Y") if event.starts_at else "Dates", None),
            ),
        },
    )


# The partnership's levels, in its own words. Editors can add an introduction in the back office
# (Settings, Training settings).
LEVEL_GUIDANCE = [
    {
        "level": Level.ONE,
        "name": "Introductory",
        "who": "Everyone who works or volunteers with children, young people or their families, even "
        "occasionally: receptionists, drivers, caretakers, sports coaches, volunteers and councillors.",
        "covers": [
            "what abuse and neglect are and the signs to look out for",
            "what to do if you are worried about a child, and who to tell",
            "how to respond if a child tells you something",
            "the partnership's procedures and where to find them",
        ],
        "refresh": "Every three years.",
    },
    {
        "level": Level.TWO,
        "name": "Core",
        "who": "People who work regularly with children and families and may contribute to an assessment: "
        "teachers and teaching assistants, nurses, GPs, early years and youth workers, housing officers.",
        "covers": [
            "early help and when to ask for a statutory assessment",
            "recording and sharing information safely",
            "working with other agencies and understanding their roles",
            "the voice and lived experience of the child",
        ],
        "refresh": "Every three years, sooner if your role changes.",
    },
    {
        "level": Level.THREE,
        "name": "Advanced",
        "who": "People who hold case responsibility or take part in child protection work: social workers, "
        "health visitors, school nurses, police officers in child protection roles, designated "
        "safeguarding leads.",
        "covers": [
            "assessing risk, including cumulative harm",
            "child protection conferences, core groups and plans",
            "analysis and professional challenge",
            "learning from local and national reviews",
        ],
        "refresh": "Every two years.",
    },
    {
        "level": Level.FOUR,
        "name": "Specialist",
        "who": "Safeguarding leads, named and designated professionals, team managers and anyone who "
        "supervises or leads safeguarding practice.",
        "covers": [
            "management oversight and decision making",
            "supervision that keeps the child in focus",
            "leading learning from reviews and audits",
            "holding partner agencies to account",
        ],
        "refresh": "Every two years, and whenever you take on a leadership role.",
    },
]


@cached_programme_page
@require_GET
def levels(request):
    settings = TrainingSettings.load()
    return render(
        request,
        "training/programme/levels.html",
        {
            "levels": LEVEL_GUIDANCE,
            "introduction": settings.level_guidance,
            "crumbs": programme_crumbs(("Training levels", None)),
        },
    )


@cached_programme_page
@require_GET
def week_detail(request, slug):
    week = _get_week_for_user(request, slug)
    now = timezone.now()
    events = (
        week.events.filter(status=Event.Status.SCHEDULED)
        .filter(Q() if is_business_unit(request.user) else Q(course__is_published=True))
        .with_places_left(now)
        .select_related("course")
        .order_by("starts_at", "id")
    )
    rows = _event_rows(list(events), request.user, now)
    days: OrderedDict = OrderedDict()
    for row in rows:
        day = timezone.localdate(row["event"].starts_at) if row["event"].starts_at else None
        days.setdefault(day, []).append(row)
    bookable = [row for row in rows if row["action"] in (EventAction.BOOK, EventAction.JOIN_WAITING_LIST)]
    return render(
        request,
        "training/programme/week.html",
        {
            "week": week,
            "days": list(days.items()),
            "themes": list(week.themes.all()),
            "can_book_any": bool(bookable),
            "crumbs": programme_crumbs((week.title, None)),
        },
    )


# What the programme offers other parts of the Hub (registered in apps.py) ----------------------


def _next_dates(courses: QuerySet[Course], now: datetime) -> QuerySet[Course]:
    return courses.filter(pk__in=programme_events(now).values("course_id")).annotate(
        next_starts_at=Min(
            "events__starts_at", filter=Q(events__status=Event.Status.SCHEDULED, events__starts_at__gte=now)
        )
    )


def _day(moment: datetime) -> str:
    return dateformat.format(timezone.localtime(moment), "j F Y")


def _course_item(course: Course) -> ThemeItem:
    return ThemeItem(
        kind="Course",
        title=course.title,
        url=reverse("training:course", kwargs={"slug": course.slug}),
        summary=course.summary,
        date=timezone.localdate(course.next_starts_at) if course.next_starts_at else None,
    )


def courses_for_theme(theme) -> list[ThemeItem]:
    """Published courses with upcoming dates tagged with ``theme``, soonest first (topic pages)."""
    now = timezone.now()
    courses = _next_dates(Course.objects.published().filter(themes=theme), now).order_by("next_starts_at", "title")
    return [_course_item(course) for course in courses]


def course_choices() -> list[tuple[str, str]]:
    """Upcoming published courses an editor can pick for a bulletin or page, keyed by uuid."""
    now = timezone.now()
    courses = _next_dates(Course.objects.published(), now).order_by("title")
    return [
        (
            str(course.uuid),
            f"{course.title} (next date {dateformat.format(timezone.localtime(course.next_starts_at), 'j F Y')})",
        )
        for course in courses
    ]


def resolve_courses(keys: list[str]) -> dict[str, ThemeItem]:
    """Picked courses by uuid key; keys that are not valid, not published or gone are left out."""
    import uuid as uuid_module

    wanted = []
    for key in keys:
        try:
            wanted.append(uuid_module.UUID(key))
        except (ValueError, AttributeError, TypeError):
            continue
    now = timezone.now()
    courses = (
        Course.objects.published()
        .filter(uuid__in=wanted)
        .annotate(
            next_starts_at=Min(
                "events__starts_at", filter=Q(events__status=Event.Status.SCHEDULED, events__starts_at__gte=now)
            )
        )
    )
    return {str(course.uuid): _course_item(course) for course in courses}
