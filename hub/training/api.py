"""The training programme in the API: upcoming events, booking a place, cancelling a booking.

- ``GET /api/v1/events/`` and ``GET /api/v1/events/{uuid}`` are public, like the programme pages.
- ``POST /api/v1/events/{uuid}/bookings`` books the caller (a signed-in session with its CSRF
  token, or an API token) through ``services.book_place``.
- ``DELETE /api/v1/bookings/{uuid}`` cancels one of the caller's own bookings through
  ``services.cancel_booking``; anyone else's booking is 404.

Refusals use the API's error format (``hub.core.api``): a broken booking rule (booking closed,
already booked...) is 409 with its message; a missing or wrong field (the line manager's
e-mail address) is 422 with the field named in ``errors``.
"""

from __future__ import annotations

from datetime import date, datetime, time
from math import ceil
from uuid import UUID

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError

from hub.core.api import COMMON_ERRORS, ErrorOut
from hub.core.errors import DomainError
from hub.core.models import Theme
from hub.core.tokens import ApiCaller
from hub.training import services
from hub.training.models import Booking, Course, Event
from hub.training.views.booking import why_person_cannot_book
from hub.training.views.programme import programme_events

events_router = Router(tags=["Training"])
bookings_router = Router(tags=["Training"])

MAX_PAGE_SIZE = 100


# Schemas ----------------------------------------------------------------------------------------


class FieldErrorOut(Schema):
    location: str
    field: str
    message: str


class InvalidOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


class CourseRef(Schema):
    uuid: UUID
    slug: str
    title: str
    summary: str
    level: int = Field(..., description="The partnership's training level, 1 to 4.")
    delivery_mode: str = Field(..., description="in-person, live-online or e-learning.")
    duration_hours: float
    needs_manager_approval: bool
    themes: list[str] = Field(..., description="Slugs of the course's practice themes.")
    url: str


class SessionOut(Schema):
    title: str
    starts_at: datetime
    ends_at: datetime


class VenueOut(Schema):
    name: str
    address: str
    accessibility_notes: str


class EventOut(Schema):
    uuid: UUID
    url: str = Field(..., description="The event's page on the Hub.")
    status: str = Field(..., description="scheduled or cancelled.")
    course: CourseRef
    starts_at: datetime | None
    ends_at: datetime | None
    sessions: list[SessionOut]
    venue: VenueOut | None = Field(..., description="For courses delivered in person; null otherwise.")
    capacity: int
    places_left: int
    booking_open: bool = Field(
        ..., description="Whether the event takes bookings now (full events join the waiting list)."
    )
    booking_opens_at: datetime | None
    booking_closes_at: datetime | None


class EventPage(Schema):
    count: int = Field(..., description="Events matching the filters, on every page.")
    page: int
    pages: int
    next: str | None = Field(..., description="The next page's URL, or null on the last page.")
    previous: str | None
    results: list[EventOut]


class EventFilters(Schema):
    theme: str | None = Field(None, description="A practice theme's slug (see /api/v1/themes).")
    level: int | None = Field(None, ge=1, le=4, description="Training level, 1 to 4.")
    from_: date | None = Field(None, alias="from", description="Events starting on or after this date.")
    to: date | None = Field(None, description="Events starting on or before this date.")
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class BookingIn(Schema):
    manager_email: str = Field(
        "", max_length=254, description="Your line manager's e-mail address; needed when the course needs approval."
    )
    manager_name: str = Field("", max_length=200)


class BookingOut(Schema):
    uuid: UUID
    event: UUID
    status: str = Field(
        ...,
        description="confirmed, waitlisted or pending-approval after booking; cancelled after cancelling.",
    )
    status_label: str
    place_held: bool = Field(
        ..., description="For pending-approval bookings: whether a place is kept while the line manager decides."
    )
    late_cancellation: bool = Field(
        ..., description="After cancelling: whether the cancellation was late, so the course's charge applies."
    )


# Helpers ----------------------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ("query", field), "msg": message, "type": "value_error"}])


def _event_out(event: Event, now: datetime) -> dict:
    course = event.course
    return {
        "uuid": event.uuid,
        "url": _absolute(reverse("training:event", kwargs={"uuid": event.uuid})),
        "status": event.status,
        "course": {
            "uuid": course.uuid,
            "slug": course.slug,
            "title": course.title,
            "summary": course.summary,
            "level": course.level,
            "delivery_mode": course.delivery_mode,
            "duration_hours": float(course.duration_hours),
            "needs_manager_approval": course.needs_manager_approval,
            "themes": [theme.slug for theme in course.themes.all()],
            "url": _absolute(reverse("training:course", kwargs={"slug": course.slug})),
        },
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "sessions": [
            {"title": session.title, "starts_at": session.starts_at, "ends_at": session.ends_at}
            for session in event.sessions.all()
        ],
        "venue": {
            "name": event.venue_name,
            "address": event.venue_address,
            "accessibility_notes": event.accessibility_notes,
        }
        if course.delivery_mode == Course.DeliveryMode.IN_PERSON
        else None,
        "capacity": event.capacity,
        "places_left": event.places_left(now),
        "booking_open": event.booking_is_open(now),
        "booking_opens_at": event.booking_opens_at,
        "booking_closes_at": event.booking_closes_at,
    }


def _booking_out(booking: Booking) -> dict:
    return {
        "uuid": booking.uuid,
        "event": booking.event.uuid,
        "status": booking.status,
        "status_label": booking.get_status_display(),
        "place_held": booking.holds_place,
        "late_cancellation": booking.cancellation_chargeable,
    }


def _with_details(events):
    return events.select_related("course").prefetch_related("sessions", "course__themes")


def _get_event(uuid: UUID, now: datetime) -> Event:
    """An event of a published course, whatever its date or status; 404 otherwise."""
    event = _with_details(Event.objects.filter(uuid=uuid, course__is_published=True).with_places_left(now)).first()
    if event is None:
        raise Http404
    return event


def _get_booking_for_user(request, uuid: UUID) -> Booking:
    """One of the caller's own bookings; anyone else's is 404, so its existence is not disclosed."""
    caller: ApiCaller = request.auth
    booking = Booking.objects.filter(uuid=uuid, person=caller.user).select_related("event").first()
    if booking is None:
        raise Http404
    return booking


def _page_url(request, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return _absolute(request.path) + "?" + query.urlencode()


# Endpoints --------------------------------------------------------------------------------------


@events_router.get(
    "",
    response={200: EventPage, 422: InvalidOut},
    auth=None,
    url_name="training-events",
    summary="The training programme",
)
def list_events(request, filters: Query[EventFilters]):
    """Upcoming dates of published courses, soonest first, with the places left on each.

    Public: no token needed. Filter by practice theme, level and start date; page through with
    ``page`` and ``page_size`` (at most 100).
    """
    now = timezone.now()
    events = programme_events(now)
    if filters.theme:
        theme = Theme.objects.filter(slug=filters.theme).first()
        if theme is None:
            raise _invalid("theme", f"There is no practice theme with the slug '{filters.theme}'")
        events = events.filter(course__in=Course.objects.filter(themes=theme).values("pk"))
    if filters.level:
        events = events.filter(course__level=filters.level)
    if filters.from_ and filters.to and filters.to < filters.from_:
        raise _invalid("to", "The 'to' date must be the same as or after the 'from' date")
    tz = timezone.get_current_timezone()
    if filters.from_:
        events = events.filter(starts_at__gte=timezone.make_aware(datetime.combine(filters.from_, time.min), tz))
    if filters.to:
        events = events.filter(starts_at__lte=timezone.make_aware(datetime.combine(filters.to, time.max), tz))
    count = events.count()
    pages = max(ceil(count / filters.page_size), 1)
    start = (filters.page - 1) * filters.page_size
    results = list(_with_details(events)[start : start + filters.page_size])
    return {
        "count": count,
        "page": filters.page,
        "pages": pages,
        "next": _page_url(request, filters.page + 1) if filters.page < pages else None,
        "previous": _page_url(request, min(filters.page - 1, pages)) if filters.page > 1 else None,
        "results": [_event_out(event, now) for event in results],
    }


@events_router.get(
    "{uuid}",
    response={200: EventOut, 404: ErrorOut},
    auth=None,
    url_name="training-event",
    summary="One training event",
)
def get_event(request, uuid: UUID):
    """One date of a published course, past or future, scheduled or cancelled. Public.

    The online joining link is never included: delegates get it by e-mail and on the event page.
    """
    now = timezone.now()
    return _event_out(_get_event(uuid, now), now)


@events_router.post(
    "{uuid}/bookings",
    response={201: BookingOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: InvalidOut, **COMMON_ERRORS},
    url_name="training-event-book",
    summary="Book a place",
)
def book_event(request, uuid: UUID, payload: BookingIn | None = None):
    """Book the caller on the event.

    Answers 201 with the booking's status: ``confirmed`` (a place), ``waitlisted`` (the event is
    full) or ``pending-approval`` (the course needs the line manager's approval, asked for by
    e-mail). A booking rule that stops the booking (booking closed, already booked, prerequisites
    not met, booking blocked) is 409; a missing or wrong line manager's e-mail address is 422.
    """
    caller: ApiCaller = request.auth
    now = timezone.now()
    event = _get_event(uuid, now)
    payload = payload or BookingIn()
    # Who may book at all (an agency, no booking block) is decided where the booking pages decide it.
    refusal = why_person_cannot_book(caller.user)
    if refusal:
        return Status(403, {"detail": refusal})
    try:
        booking = services.book_place(
            event=event,
            person=caller.user,
            actor=caller.user,
            manager_email=payload.manager_email,
            manager_name=payload.manager_name,
            request=request,
        )
    except DomainError as error:
        if error.field:
            raise
        return Status(409, {"detail": error.message})
    return Status(201, _booking_out(booking))


@bookings_router.delete(
    "{uuid}",
    response={200: BookingOut, 404: ErrorOut, 409: ErrorOut, **COMMON_ERRORS},
    url_name="training-booking-cancel",
    summary="Cancel a booking",
)
def cancel_booking(request, uuid: UUID):
    """Cancel one of the caller's own bookings, places on a waiting list or requests for approval.

    A cancellation later than the partnership's deadline is recorded as late
    (``late_cancellation``) and the course's charge applies. Other people's bookings are 404; a
    booking that can no longer be cancelled (already cancelled, or the course has started) is 409.
    """
    booking = _get_booking_for_user(request, uuid)
    try:
        booking = services.cancel_booking(booking=booking, actor=request.auth.user, request=request)
    except DomainError as error:
        return Status(409, {"detail": error.message})
    return Status(200, _booking_out(booking))


_registered = False


def register(add_router) -> None:
    """Mount the routers (once) under ``/api/v1/events/`` and ``/api/v1/bookings/``."""
    global _registered
    if _registered:
        return
    add_router("/events/", events_router)
    add_router("/bookings/", bookings_router)
    _registered = True
