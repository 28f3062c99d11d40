"""The practitioner's own training at /account/training/: bookings, waiting-list places, offers,
requests waiting for a line manager, history; cancelling, passing a place to a colleague, the
calendar file; and the line manager's list of bookings waiting for their approval.

A person sees only their own bookings: every booking is fetched through
``_get_booking_for_user``, which answers 404 for anyone else's (and logs the refusal).
Every change calls a service in ``hub.training.services``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hub.core.errors import DomainError
from hub.core.formatting import govuk_time
from hub.core.permissions import refuse
from hub.training import notifications, services
from hub.training.forms import CancelBookingForm, SubstituteForm
from hub.training.models import Booking, Charge, CourseWaitingListEntry, TrainingSettings

# Tag colours for a booking's status (GOV.UK tag modifiers).
STATUS_TAGS = {
    Booking.Status.PENDING_APPROVAL: "govuk-tag--yellow",
    Booking.Status.CONFIRMED: "govuk-tag--green",
    Booking.Status.WAITLISTED: "govuk-tag--blue",
    Booking.Status.OFFERED: "govuk-tag--orange",
    Booking.Status.CANCELLED: "govuk-tag--grey",
    Booking.Status.DECLINED: "govuk-tag--red",
    Booking.Status.OFFER_DECLINED: "govuk-tag--grey",
    Booking.Status.EXPIRED: "govuk-tag--grey",
    Booking.Status.SUBSTITUTED: "govuk-tag--grey",
    Booking.Status.ATTENDED: "govuk-tag--green",
    Booking.Status.PARTLY_ATTENDED: "govuk-tag--turquoise",
    Booking.Status.NO_SHOW: "govuk-tag--red",
}

# Bookings whose calendar file is offered: a place, a request that may become one, or a
# cancellation (its file tells calendar programs to remove the entry).
CALENDAR_STATUSES = (*Booking.PLACE_STATUSES, Booking.Status.PENDING_APPROVAL, Booking.Status.CANCELLED)


# Fetch helpers: one per resource -------------------------------------------------------------------


def _booking_queryset() -> QuerySet[Booking]:
    return Booking.objects.select_related("event__course", "event__week", "person__agency")


def _get_booking_for_user(request, uuid) -> Booking:
    """The signed-in person's own booking, or 404."""
    booking = (
        _booking_queryset().filter(uuid=uuid, person=request.user).first() if request.user.is_authenticated else None
    )
    if booking is None:
        raise refuse(request, f"booking {uuid}")
    return booking


def _get_course_entry_for_user(request, uuid) -> CourseWaitingListEntry:
    """The signed-in person's own place on a course's waiting list (any date), or 404."""
    entry = (
        CourseWaitingListEntry.objects.select_related("course").filter(uuid=uuid, person=request.user).first()
        if request.user.is_authenticated
        else None
    )
    if entry is None:
        raise refuse(request, f"course waiting list entry {uuid}")
    return entry


def _get_approval_for_user(request, uuid) -> Booking:
    """A booking waiting for (or decided by) the signed-in line manager: addressed to their e-mail."""
    booking = (
        _booking_queryset().filter(uuid=uuid, manager_email__iexact=request.user.email).first()
        if request.user.is_authenticated and request.user.email
        else None
    )
    if booking is None:
        raise refuse(request, f"approval {uuid}")
    return booking


# Shared words and figures ----------------------------------------------------------------------------


def crumbs(*entries) -> list[tuple[str, str | None]]:
    return [("Your account", reverse("core:account")), ("Your training", reverse("training:my-training")), *entries]


def with_waiting_position(bookings: QuerySet[Booking]) -> QuerySet[Booking]:
    """Annotate ``waiting_position``: 1 for the next person to be offered a place on the event.

    Counts the people ahead in offer order (higher priority, then longer waiting) in the same
    query, so a list of any length costs one query.
    """
    ahead = (
        Booking.objects.filter(event=OuterRef("event"), status=Booking.Status.WAITLISTED)
        .filter(
            Q(priority__gt=OuterRef("priority"))
            | Q(priority=OuterRef("priority"), joined_at__lt=OuterRef("joined_at"))
            | Q(priority=OuterRef("priority"), joined_at=OuterRef("joined_at"), id__lt=OuterRef("id"))
        )
        .order_by()
        .values("event")
        .annotate(ahead=Count("id"))
        .values("ahead")
    )
    return bookings.annotate(
        waiting_position=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + Value(1)
    )


def with_course_waiting_position(entries: QuerySet[CourseWaitingListEntry]) -> QuerySet[CourseWaitingListEntry]:
    """As ``with_waiting_position``, for people waiting for any date of a course."""
    ahead = (
        CourseWaitingListEntry.objects.filter(course=OuterRef("course"), status=CourseWaitingListEntry.Status.ACTIVE)
        .filter(
            Q(priority__gt=OuterRef("priority"))
            | Q(priority=OuterRef("priority"), joined_at__lt=OuterRef("joined_at"))
            | Q(priority=OuterRef("priority"), joined_at=OuterRef("joined_at"), id__lt=OuterRef("id"))
        )
        .order_by()
        .values("course")
        .annotate(ahead=Count("id"))
        .values("ahead")
    )
    return entries.annotate(
        waiting_position=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + Value(1)
    )


def waiting_position(booking: Booking) -> int | None:
    if booking.status != Booking.Status.WAITLISTED:
        return None
    return with_waiting_position(Booking.objects.filter(pk=booking.pk)).values_list("waiting_position", flat=True)[0]


def money(amount) -> str:
    return notifications._money(amount) if amount is not None else ""


def url_if_exists(name: str, **kwargs) -> str | None:
    """A link to a page another area provides, or ``None`` while that page does not exist."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def when_in_words(event) -> str:
    """``Tuesday 3 June 2025, 9:30am to 12:30pm`` or, over several days, ``3 June to 4 June 2025``."""
    if event.starts_at is None:
        return "Dates to be confirmed"
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at) if event.ends_at else None
    if end is None:
        return f"{dateformat.format(start, 'l j F Y')}, {govuk_time(start)}"
    if start.date() == end.date():
        return f"{dateformat.format(start, 'l j F Y')}, {govuk_time(start)} to {govuk_time(end)}"
    return f"{dateformat.format(start, 'j F')} to {dateformat.format(end, 'j F Y')}"


def where_in_words(booking: Booking) -> str:
    """Where the delegate goes: the venue, "Online" (the link is shown separately) or the e-learning."""
    event = booking.event
    mode = event.course.delivery_mode
    if mode == event.course.DeliveryMode.LIVE_ONLINE:
        return "Online"
    if mode == event.course.DeliveryMode.ELEARNING:
        return "E-learning"
    return event.venue_name or "Venue to be confirmed"


def late_cancellation_terms(booking: Booking, now: datetime | None = None) -> dict:
    """Whether cancelling ``booking`` now would be late, the deadline and what it would cost."""
    settings = TrainingSettings.load()
    event = booking.event
    deadline = event.cancellation_deadline(settings.cancellation_working_days)
    late = booking.status == Booking.Status.CONFIRMED and event.is_late_cancellation(
        now, settings.cancellation_working_days
    )
    amount = event.course.charge_for(booking, Charge.Reason.LATE_CANCELLATION) if late else None
    return {
        "deadline": deadline,
        "working_days": settings.cancellation_working_days,
        "late": late,
        "charge": amount if amount else None,
        "charge_text": money(amount) if amount else "",
    }


def can_cancel(booking: Booking, now: datetime) -> bool:
    if booking.status not in Booking.ACTIVE_STATUSES:
        return False
    return not (booking.status in Booking.PLACE_STATUSES and booking.event.has_started(now))


def can_substitute(booking: Booking, now: datetime) -> bool:
    return booking.status == Booking.Status.CONFIRMED and not booking.event.has_started(now)


def show_joining_link(booking: Booking) -> bool:
    return booking.can_see_joining_link() and bool(booking.event.joining_link)


# The account page ------------------------------------------------------------------------------------

HISTORY_STATUSES = (
    *Booking.ATTENDANCE_STATUSES,
    Booking.Status.CANCELLED,
    Booking.Status.DECLINED,
    Booking.Status.OFFER_DECLINED,
    Booking.Status.EXPIRED,
    Booking.Status.SUBSTITUTED,
)


def _rows_for(person, now: datetime) -> dict[str, list[Booking]]:
    """The person's bookings in one query, sorted into the account page's sections."""
    bookings = with_waiting_position(
        _booking_queryset()
        .filter(person=person)
        .select_related("evaluation", "certificate")
        .prefetch_related(Prefetch("charges", queryset=Charge.objects.filter(waived=False), to_attr="live_charges"))
        .order_by("event__starts_at", "id")
    )
    rows: dict[str, list[Booking]] = {"offers": [], "approvals": [], "upcoming": [], "waiting": [], "history": []}
    for booking in bookings:
        event = booking.event
        booking.tag_class = STATUS_TAGS.get(booking.status, "govuk-tag--grey")
        booking.when = when_in_words(event)
        booking.where = where_in_words(booking)
        booking.show_joining_link = show_joining_link(booking)
        booking.can_cancel = can_cancel(booking, now)
        booking.can_substitute = can_substitute(booking, now)
        finished = event.ends_at is not None and event.ends_at < now
        if booking.status == Booking.Status.OFFERED and booking.offer_is_live(now):
            rows["offers"].append(booking)
        elif booking.status == Booking.Status.PENDING_APPROVAL and not finished:
            rows["approvals"].append(booking)
        elif booking.status == Booking.Status.WAITLISTED and not event.has_started(now):
            rows["waiting"].append(booking)
        elif booking.status == Booking.Status.CONFIRMED and not finished:
            rows["upcoming"].append(booking)
        else:
            booking.evaluate_url = None
            booking.certificate_url = None
            if booking.has_attended and not hasattr(booking, "evaluation"):
                booking.evaluate_url = url_if_exists("training:evaluate", uuid=booking.uuid)
            if getattr(booking, "certificate", None) is not None:
                booking.certificate_url = url_if_exists("training:certificate", uuid=booking.uuid)
            rows["history"].append(booking)
    rows["history"].reverse()  # most recent first
    return rows


def _course_entries(person) -> list[CourseWaitingListEntry]:
    return list(
        with_course_waiting_position(
            CourseWaitingListEntry.objects.filter(person=person, status=CourseWaitingListEntry.Status.ACTIVE)
            .select_related("course")
            .order_by("joined_at", "id")
        )
    )


def pending_approvals_for(user) -> QuerySet[Booking]:
    """Bookings waiting for ``user`` to approve them as line manager (addressed to their e-mail)."""
    return Booking.objects.filter(status=Booking.Status.PENDING_APPROVAL, manager_email__iexact=user.email)


@login_required
@require_http_methods(["GET"])
def my_training(request):
    now = timezone.now()
    user = request.user
    rows = _rows_for(user, now)
    return render(
        request,
        "training/account/my_training.html",
        {
            **rows,
            "course_entries": _course_entries(user),
            "booking_block": services.active_block(user),
            "approvals_to_decide": pending_approvals_for(user).count(),
            "crumbs": [("Your account", reverse("core:account")), ("Your training", None)],
        },
    )


@login_required
@require_http_methods(["GET"])
def booking_detail(request, uuid):
    """One booking and what happened to it: the page a booking, an answer or a change leads to."""
    booking = _get_booking_for_user(request, uuid)
    now = timezone.now()
    event = booking.event
    sessions = list(event.sessions.all())
    charges = list(booking.charges.filter(waived=False))
    return render(
        request,
        "training/account/booking_detail.html",
        {
            "booking": booking,
            "event": event,
            "course": event.course,
            "sessions": sessions,
            "tag_class": STATUS_TAGS.get(booking.status, "govuk-tag--grey"),
            "position": waiting_position(booking),
            "offer_live": booking.offer_is_live(now),
            "show_joining_link": show_joining_link(booking) and not (event.ends_at and event.ends_at < now),
            "show_elearning_link": booking.can_see_joining_link()
            and event.course.is_elearning
            and bool(event.course.elearning_url),
            "where": where_in_words(booking),
            "terms": late_cancellation_terms(booking, now),
            "show_deadline": booking.status in (Booking.Status.CONFIRMED, Booking.Status.PENDING_APPROVAL)
            and not event.has_started(now),
            "can_cancel": can_cancel(booking, now),
            "can_substitute": can_substitute(booking, now),
            "has_calendar": booking.status in CALENDAR_STATUSES,
            "charges": charges,
            "substitute": Booking.objects.filter(substituted_from=booking).select_related("person").first()
            if booking.status == Booking.Status.SUBSTITUTED
            else None,
            "crumbs": crumbs((event.course.title, None)),
        },
    )


@login_required
@require_http_methods(["GET"])
def booking_ics(request, uuid):
    """The booking as a calendar file (one entry per session) for Outlook and other calendars."""
    booking = _get_booking_for_user(request, uuid)
    if booking.status not in CALENDAR_STATUSES or booking.event.starts_at is None:
        raise refuse(request, f"calendar for booking {uuid}")
    response = HttpResponse(notifications.booking_calendar(booking), content_type="text/calendar; charset=utf-8")
    stamp = timezone.localtime(booking.event.starts_at).strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="{booking.event.course.slug}-{stamp}.ics"'
    return response


_CANCEL_WORDS = {
    Booking.Status.CONFIRMED: ("Cancel your place", "Cancel my place"),
    Booking.Status.PENDING_APPROVAL: ("Cancel your booking request", "Cancel my request"),
    Booking.Status.WAITLISTED: ("Leave the waiting list", "Leave the waiting list"),
    Booking.Status.OFFERED: ("Turn down the place and leave the waiting list", "Leave the waiting list"),
}


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def booking_cancel(request, uuid):
    """Cancel a place, a request for approval, a place on the waiting list or an offer.

    The confirmation says whether it is a late cancellation and what the agency is charged.
    """
    booking = _get_booking_for_user(request, uuid)
    now = timezone.now()
    form = CancelBookingForm(request.POST if request.method == "POST" else None)
    allowed = can_cancel(booking, now)
    if request.method == "POST" and allowed and form.is_valid():
        previous = booking.status
        try:
            booking = services.cancel_booking(
                booking=booking, actor=request.user, reason=form.cleaned_data["reason"], request=request
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _cancelled_message(booking, previous))
            return redirect("training:my-training")
    heading, button = _CANCEL_WORDS.get(booking.status, ("Cancel your booking", "Cancel my booking"))
    return render(
        request,
        "training/account/cancel.html",
        {
            "booking": booking,
            "event": booking.event,
            "when": when_in_words(booking.event),
            "form": form,
            "allowed": allowed,
            "terms": late_cancellation_terms(booking, now),
            "heading": heading,
            "button": button,
            "crumbs": crumbs(
                (booking.event.course.title, reverse("training:booking-detail", kwargs={"uuid": booking.uuid})),
                (heading, None),
            ),
        },
    )


def _cancelled_message(booking: Booking, previous: str) -> str:
    title = booking.event.course.title
    if previous == Booking.Status.WAITLISTED:
        return f"You have left the waiting list for {title}."
    if previous == Booking.Status.OFFERED:
        return f"You have turned down the place on {title} and left its waiting list."
    if previous == Booking.Status.PENDING_APPROVAL:
        return f"Your request to book {title} has been cancelled."
    charge = booking.charges.filter(reason=Charge.Reason.LATE_CANCELLATION, waived=False).first()
    if charge is not None:
        return (
            f"Your place on {title} has been cancelled. This was a late cancellation: "
            f"your agency will be charged {money(charge.amount)}."
        )
    if booking.cancellation_chargeable:
        return f"Your place on {title} has been cancelled. This was a late cancellation."
    return f"Your place on {title} has been cancelled. There is no charge."


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def booking_substitute(request, uuid):
    """Pass a confirmed place to a colleague from the same agency."""
    booking = _get_booking_for_user(request, uuid)
    now = timezone.now()
    allowed = can_substitute(booking, now)
    form = SubstituteForm(request.POST if request.method == "POST" else None, booking=booking)
    if request.method == "POST" and allowed and form.is_valid():
        try:
            replacement = services.substitute_delegate(
                booking=booking, new_person=form.colleague, actor=request.user, request=request
            )
        except DomainError as exc:
            exc.add_to_form(form, field_names={"new_person": "email"})
        else:
            messages.success(
                request,
                f"Your place on {booking.event.course.title} has passed to {replacement.person.full_name}. "
                "We have e-mailed you both.",
            )
            return redirect("training:my-training")
    return render(
        request,
        "training/account/substitute.html",
        {
            "booking": booking,
            "event": booking.event,
            "when": when_in_words(booking.event),
            "form": form,
            "allowed": allowed,
            "crumbs": crumbs(
                (booking.event.course.title, reverse("training:booking-detail", kwargs={"uuid": booking.uuid})),
                ("Pass your place to a colleague", None),
            ),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def course_wait_leave(request, uuid):
    """Leave the waiting list for any date of a course."""
    entry = _get_course_entry_for_user(request, uuid)
    error = None
    active = entry.status == CourseWaitingListEntry.Status.ACTIVE
    if request.method == "POST" and active:
        try:
            services.leave_course_waiting_list(entry=entry, actor=request.user, request=request)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, f"You have left the waiting list for {entry.course.title}.")
            return redirect("training:my-training")
    return render(
        request,
        "training/account/course_wait_leave.html",
        {
            "entry": entry,
            "course": entry.course,
            "active": active,
            "error": error,
            "page_has_errors": bool(error),
            "crumbs": crumbs(("Leave the waiting list", None)),
        },
    )


# Line managers ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def approvals(request):
    """Bookings addressed to the signed-in line manager: waiting for a decision, and recent decisions."""
    since = timezone.now() - timedelta(days=90)
    base = _booking_queryset().filter(manager_email__iexact=request.user.email)
    pending = list(base.filter(status=Booking.Status.PENDING_APPROVAL).order_by("event__starts_at", "created_at"))
    decided = list(
        base.filter(approval_decided_at__gte=since)
        .exclude(status=Booking.Status.PENDING_APPROVAL)
        .select_related("approver")
        .order_by("-approval_decided_at")
    )
    for booking in [*pending, *decided]:
        booking.when = when_in_words(booking.event)
        booking.tag_class = STATUS_TAGS.get(booking.status, "govuk-tag--grey")
    return render(
        request,
        "training/account/approvals.html",
        {
            "pending": pending,
            "decided": decided,
            "crumbs": crumbs(("Bookings to approve", None)),
        },
    )


# The "Your training" card on the account page (registered in apps.py) --------------------------------


def your_training_section(request) -> dict | None:
    """Next bookings, places on waiting lists, and things to do: offers, approvals, evaluations."""
    user = request.user
    if not user.is_authenticated:
        return None
    now = timezone.now()
    mine = Booking.objects.filter(person=user).select_related("event__course")
    upcoming = list(
        mine.filter(
            status__in=(Booking.Status.CONFIRMED, Booking.Status.PENDING_APPROVAL), event__ends_at__gte=now
        ).order_by("event__starts_at")[:3]
    )
    offers = list(mine.live_offers(now).order_by("offer_expires_at"))
    waiting = mine.filter(status=Booking.Status.WAITLISTED, event__starts_at__gt=now).count()
    waiting += CourseWaitingListEntry.objects.filter(person=user, status=CourseWaitingListEntry.Status.ACTIVE).count()
    to_approve = pending_approvals_for(user).count()
    to_evaluate = mine.filter(
        status__in=(Booking.Status.ATTENDED, Booking.Status.PARTLY_ATTENDED), evaluation__isnull=True
    ).count()
    items = []
    for booking in offers:
        items.append(
            {
                "label": f"Reply to the place offered on {booking.event.course.title}",
                "url": reverse("training:booking-offer", kwargs={"uuid": booking.uuid}),
                "hint": f"by {notifications.format_when(booking.offer_expires_at)}",
            }
        )
    if to_approve:
        items.append(
            {
                "label": f"{to_approve} booking{'s' if to_approve != 1 else ''} waiting for your approval",
                "url": reverse("training:approvals"),
            }
        )
    if to_evaluate:
        items.append(
            {
                "label": f"{to_evaluate} course{'s' if to_evaluate != 1 else ''} to evaluate",
                "url": reverse("training:my-training") + "#history",
            }
        )
    for booking in upcoming:
        items.append(
            {
                "label": f"{booking.event.course.title}: {when_in_words(booking.event)}",
                "url": reverse("training:booking-detail", kwargs={"uuid": booking.uuid}),
                "hint": booking.get_status_display(),
            }
        )
    if waiting:
        items.append(
            {
                "label": f"On {waiting} waiting list{'s' if waiting != 1 else ''}",
                "url": reverse("training:my-training") + "#waiting",
            }
        )
    return {
        "title": "Your training",
        "url": reverse("training:my-training"),
        "description": "Your bookings, waiting lists and things to do."
        if items
        else "You have no training booked. Find a course in the training programme.",
        "items": items,
    }
