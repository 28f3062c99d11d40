"""Booking journeys: book a place (or a waiting-list place), wait for any date of a course, book
several sessions of a safeguarding week, answer an offered place, and the line manager's answer
to a request for approval.

Every change is a POST behind a GET page that says what will happen, and calls a service in
``hub.training.services``; a ``DomainError`` from the service is shown in the error summary.
Offer and approval links from e-mails carry a signed token (``notifications.offer_url`` and
``notifications.approval_url``); a link that was altered or is too old gets a page that says
so, never an error.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hub.core.errors import DomainError
from hub.core.formatting import govuk_time
from hub.core.models import User
from hub.core.permissions import is_business_unit
from hub.training import notifications, services
from hub.training.forms import ApprovalDecisionForm, BookPlaceForm, WeekBookingForm
from hub.training.models import Booking, Course, CourseWaitingListEntry, Event, TrainingSettings
from hub.training.views.account import (
    _get_approval_for_user,
    _get_booking_for_user,
    crumbs,
    when_in_words,
)
from hub.training.views.programme import (
    _get_course_for_user,
    _get_event_for_user,
    _get_week_for_user,
    charges_in_words,
    programme_crumbs,
)

# Statuses of an existing booking that stop a person booking the same date again.
HELD_STATUSES = (*Booking.ACTIVE_STATUSES, *Booking.ATTENDANCE_STATUSES)


# Words ------------------------------------------------------------------------------------------------


def _day(value) -> str:
    return dateformat.format(value, "l j F Y")


def _last_manager_email(person) -> str:
    """The line manager's address the person gave last time, to save typing it again."""
    booking = (
        Booking.objects.filter(person=person).exclude(manager_email="").order_by("-created_at").only("manager_email")
    ).first()
    if booking is not None:
        return booking.manager_email
    entry = (
        CourseWaitingListEntry.objects.filter(person=person)
        .exclude(manager_email="")
        .order_by("-joined_at")
        .only("manager_email")
        .first()
    )
    return entry.manager_email if entry is not None else ""


def why_not_bookable(event: Event, now: datetime) -> str | None:
    """Why nobody can book ``event`` now, in the booking service's own words, or ``None``."""
    try:
        services._refuse_if_not_bookable(event, now)
    except DomainError as exc:
        return f"{exc.message}."
    return None


def why_person_cannot_book(person, course: Course | None = None) -> str | None:
    """Why ``person`` may not book (``course``) at all: no agency, a booking block, prerequisites."""
    if person.agency_id is None:
        return (
            "Only people who work for an agency in the partnership can book training. Your account is not linked "
            "to an agency: contact the business unit to add yours."
        )
    if services.active_block(person) is not None:
        return (
            "You cannot book training at the moment because you did not attend several courses you booked. "
            "Contact the business unit to ask for booking to be restored."
        )
    problem = services.unmet_prerequisite(course, person) if course is not None else None
    return f"{problem}." if problem else None


def _existing_booking(event: Event, person) -> Booking | None:
    return event.bookings.filter(person=person, status__in=HELD_STATUSES).first()


def _outcome(event: Event, places_left: int) -> str:
    """What booking will do: ``confirmed``, ``waitlisted`` or ``approval`` (with or without a place)."""
    if event.course.needs_manager_approval:
        return "approval" if places_left > 0 else "approval-full"
    return "confirmed" if places_left > 0 else "waitlisted"


# Book a place ---------------------------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def event_book(request, uuid):
    """Book a place on a course date, or join its waiting list when it is full.

    The GET page shows the date, the charges and the cancellation deadline and says exactly what
    booking will do; the POST calls ``book_place`` and goes to the booking's own page.
    """
    event = _get_event_for_user(request, uuid)
    course = event.course
    person = request.user
    now = timezone.now()
    settings = TrainingSettings.load()
    existing = _existing_booking(event, person)
    closed = why_not_bookable(event, now)
    refused = why_person_cannot_book(person, course)
    can_book = existing is None and closed is None and refused is None
    form = BookPlaceForm(
        request.POST if request.method == "POST" else None,
        person=person,
        needs_approval=course.needs_manager_approval,
        initial_manager_email=_last_manager_email(person) if course.needs_manager_approval else "",
    )
    if request.method == "POST":
        if not can_book:
            form.is_valid()
            form.add_error(None, (closed or refused or "You already have a booking for this course date.").rstrip("."))
        elif form.is_valid():
            try:
                booking = services.book_place(
                    event=event, person=person, actor=person, request=request, **form.manager_details()
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return redirect("training:booking-detail", uuid=booking.uuid)
    places_left = event.places_left(now)
    return render(
        request,
        "training/booking/book.html",
        {
            "event": event,
            "course": course,
            "sessions": list(event.sessions.all()),
            "when": when_in_words(event),
            "places_left": places_left,
            "outcome": _outcome(event, places_left),
            "charges": charges_in_words(course, settings.cancellation_working_days),
            "cancellation_deadline": event.cancellation_deadline(settings.cancellation_working_days),
            "working_days": settings.cancellation_working_days,
            "offer_hours": settings.offer_hours,
            "existing": existing,
            "closed": closed,
            "refused": refused,
            "can_book": can_book,
            "form": form,
            "crumbs": programme_crumbs(
                (course.title, reverse("training:course", kwargs={"slug": course.slug})),
                (
                    dateformat.format(timezone.localtime(event.starts_at), "j F Y") if event.starts_at else "Dates",
                    reverse("training:event", kwargs={"uuid": event.uuid}),
                ),
                ("Book", None),
            ),
        },
    )


# Waiting list for any date of a course -----------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def course_wait(request, slug):
    """Join the waiting list for any date of a course: offered the next place that comes up."""
    course = _get_course_for_user(request, slug)
    person = request.user
    now = timezone.now()
    existing = CourseWaitingListEntry.objects.filter(
        course=course, person=person, status=CourseWaitingListEntry.Status.ACTIVE
    ).first()
    open_dates = [
        event
        for event in Event.objects.upcoming(now).filter(course=course).with_places_left(now).order_by("starts_at")
        if event.booking_is_open(now) and event.places_left(now) > 0
    ]
    refused = why_person_cannot_book(person, course)
    can_join = existing is None and refused is None and not open_dates
    form = BookPlaceForm(
        request.POST if request.method == "POST" else None,
        person=person,
        needs_approval=course.needs_manager_approval,
        initial_manager_email=_last_manager_email(person) if course.needs_manager_approval else "",
    )
    if request.method == "POST":
        if not can_join:
            form.is_valid()
            if refused:
                form.add_error(None, refused.rstrip("."))
            elif existing:
                form.add_error(None, "You are already on the waiting list for this course")
            else:
                form.add_error(None, "There are places left on a date of this course: book that date instead")
        elif form.is_valid():
            try:
                services.join_course_waiting_list(
                    course=course, person=person, actor=person, request=request, **form.manager_details()
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(
                    request,
                    f"You are on the waiting list for {course.title}. We will e-mail you when a place comes up.",
                )
                return redirect(reverse("training:my-training") + "#waiting")
    settings = TrainingSettings.load()
    return render(
        request,
        "training/booking/course_wait.html",
        {
            "course": course,
            "existing": existing,
            "open_dates": open_dates,
            "refused": refused,
            "can_join": can_join,
            "form": form,
            "offer_hours": settings.offer_hours,
            "charges": charges_in_words(course, settings.cancellation_working_days),
            "crumbs": programme_crumbs(
                (course.title, reverse("training:course", kwargs={"slug": course.slug})),
                ("Join the waiting list", None),
            ),
        },
    )


# Safeguarding week: several sessions in one booking ----------------------------------------------------


def _week_sessions(request, week, person, now: datetime) -> list[Event]:
    """Sessions of the week the person can still choose: open for booking and not booked already."""
    events = (
        week.events.filter(status=Event.Status.SCHEDULED)
        .filter(Q() if is_business_unit(person) else Q(course__is_published=True))
        .with_places_left(now)
        .select_related("course")
        .order_by("starts_at", "id")
    )
    booked = set(
        Booking.objects.filter(person=person, event__week=week, status__in=HELD_STATUSES).values_list(
            "event_id", flat=True
        )
    )
    return [event for event in events if event.booking_is_open(now) and event.pk not in booked]


def _session_label(event: Event, now: datetime) -> str:
    start = timezone.localtime(event.starts_at)
    places = event.places_left(now)
    availability = (
        "full: you join the waiting list" if places == 0 else f"{places} place{'s' if places != 1 else ''} left"
    )
    approval = ", needs your line manager's approval" if event.course.needs_manager_approval else ""
    return (
        f"{event.course.title}: {dateformat.format(start, 'l j F')}, {govuk_time(event.starts_at)} to "
        f"{govuk_time(event.ends_at)} ({availability}{approval})"
    )


_RESULT_WORDS = {
    Booking.Status.CONFIRMED: "Booked",
    Booking.Status.WAITLISTED: "On the waiting list",
    Booking.Status.PENDING_APPROVAL: "Waiting for your line manager's approval",
}


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _week_summary(results: list[dict]) -> str:
    """``2 places confirmed, 1 on a waiting list`` for the result page's panel."""
    statuses = [row["booking"].status for row in results if "booking" in row]
    parts = []
    confirmed = statuses.count(Booking.Status.CONFIRMED)
    waiting = statuses.count(Booking.Status.WAITLISTED)
    approval = statuses.count(Booking.Status.PENDING_APPROVAL)
    refused = len(results) - len(statuses)
    if confirmed:
        parts.append(_count(confirmed, "place confirmed", "places confirmed"))
    if waiting:
        parts.append(_count(waiting, "on a waiting list", "on waiting lists"))
    if approval:
        parts.append(f"{approval} waiting for your line manager's approval")
    if refused:
        parts.append(f"{refused} not booked")
    return ", ".join(parts)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def week_book(request, slug):
    """Choose sessions of a safeguarding week, check them, then book them all at once.

    Three steps on one URL: choose (GET, or a POST that fails validation), check (a valid POST
    without ``confirm``; the week's own page posts its checkboxes here) and the result (a valid
    POST with ``confirm``), which has one row per session saying what happened.
    """
    week = _get_week_for_user(request, slug)
    person = request.user
    now = timezone.now()
    sessions = _week_sessions(request, week, person, now)
    labels = {str(event.uuid): _session_label(event, now) for event in sessions}
    data = request.POST if request.method == "POST" else None
    initial = {"events": [key for key in request.GET.getlist("events") if key in labels]}
    form = WeekBookingForm(
        data,
        initial=initial,
        person=person,
        events=sessions,
        labels=labels,
        initial_manager_email=_last_manager_email(person),
    )
    # Prerequisites differ between sessions: the result row of a session says if one is not met.
    refused = why_person_cannot_book(person)
    settings = TrainingSettings.load()
    context = {
        "week": week,
        "form": form,
        "sessions": sessions,
        "refused": refused,
        "crumbs": programme_crumbs(
            (week.title, reverse("training:week", kwargs={"slug": week.slug})), ("Book sessions", None)
        ),
    }
    if request.method == "POST" and refused is None and form.is_valid():
        chosen = form.chosen_events()
        if request.POST.get("confirm") != "yes":
            rows = []
            for event in chosen:
                places = event.places_left(now)
                rows.append(
                    {
                        "event": event,
                        "when": when_in_words(event),
                        "outcome": _outcome(event, places),
                        "deadline": event.cancellation_deadline(settings.cancellation_working_days),
                        "charges": charges_in_words(event.course, settings.cancellation_working_days)[1:],
                    }
                )
            return render(
                request,
                "training/booking/week_check.html",
                {**context, "rows": rows, "working_days": settings.cancellation_working_days},
            )
        results = []
        for event in chosen:
            row = {"event": event, "when": when_in_words(event)}
            try:
                booking = services.book_place(
                    event=event, person=person, actor=person, request=request, **form.manager_details()
                )
            except DomainError as exc:
                row.update(problem=exc.message)
            else:
                row.update(
                    booking=booking,
                    outcome=_RESULT_WORDS.get(booking.status, booking.get_status_display()),
                    tag_class={
                        Booking.Status.CONFIRMED: "govuk-tag--green",
                        Booking.Status.WAITLISTED: "govuk-tag--blue",
                    }.get(booking.status, "govuk-tag--yellow"),
                )
            results.append(row)
        return render(
            request,
            "training/booking/week_done.html",
            {
                **context,
                "results": results,
                "booked": sum(1 for row in results if "booking" in row),
                "summary": _week_summary(results),
                "crumbs": programme_crumbs(
                    (week.title, reverse("training:week", kwargs={"slug": week.slug})), ("Sessions booked", None)
                ),
            },
        )
    return render(request, "training/booking/week_book.html", context)


# Offers of a place from the waiting list ---------------------------------------------------------------


def _link_problem(request, kind: str, *, expired: bool):
    return render(request, "training/booking/link_problem.html", {"kind": kind, "expired": expired})


def _offer_context(booking: Booking, now: datetime) -> dict:
    event = booking.event
    return {
        "booking": booking,
        "event": event,
        "course": event.course,
        "when": when_in_words(event),
        "offer_live": booking.offer_is_live(now),
        "offer_expires": notifications.format_when(booking.offer_expires_at) if booking.offer_expires_at else "",
        "needs_approval": event.course.needs_manager_approval
        and booking.course_waiting_list_entry_id is not None
        and booking.approval_decided_at is None,
        "charges": charges_in_words(event.course, TrainingSettings.load().cancellation_working_days),
        "cancellation_deadline": event.cancellation_deadline(),
    }


def _answer_offer(request, booking: Booking, *, actor) -> tuple[Booking | None, str | None]:
    """Accept or decline from the posted ``decision``; returns the booking or the problem."""
    decision = request.POST.get("decision")
    try:
        if decision == "accept":
            return services.accept_offer(booking=booking, actor=actor, request=request), None
        if decision == "decline":
            return services.decline_offer(booking=booking, actor=actor, request=request), None
    except DomainError as exc:
        return None, exc.message
    return None, "Choose whether to accept or turn down the place"


def _offer_answered_message(booking: Booking) -> str:
    title = booking.event.course.title
    if booking.status == Booking.Status.CONFIRMED:
        return f"You have accepted the place on {title}. We have e-mailed you the details and a calendar invitation."
    if booking.status == Booking.Status.PENDING_APPROVAL:
        return (
            f"You have accepted the place on {title}. We have asked your line manager to approve it; "
            "the place is kept for you meanwhile."
        )
    return f"You have turned down the place on {title}. It will be offered to the next person waiting."


@never_cache
@require_http_methods(["GET", "POST"])
def offer_respond(request, token):
    """The link in the offer e-mail: accept or turn down the place, without having to sign in."""
    try:
        booking_uuid = notifications.read_offer_token(token)
    except signing.SignatureExpired:
        return _link_problem(request, "offer", expired=True)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return _link_problem(request, "offer", expired=False)
    booking = Booking.objects.select_related("event__course", "person").filter(uuid=booking_uuid).first()
    if booking is None:
        return _link_problem(request, "offer", expired=False)
    error = None
    if request.method == "POST":
        # The link itself shows who it was sent to; the person answers as themselves.
        answered, error = _answer_offer(request, booking, actor=booking.person)
        if answered is not None:
            messages.success(request, _offer_answered_message(answered))
            return redirect("training:offer-respond", token=token)
        booking.refresh_from_db()
    return render(
        request,
        "training/booking/offer.html",
        {
            **_offer_context(booking, timezone.now()),
            "error": error,
            "page_has_errors": bool(error),
            "via_link": True,
            "crumbs": None,
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def booking_offer(request, uuid):
    """Accept or turn down an offered place from /account/training/."""
    booking = _get_booking_for_user(request, uuid)
    error = None
    if request.method == "POST":
        answered, error = _answer_offer(request, booking, actor=request.user)
        if answered is not None:
            messages.success(request, _offer_answered_message(answered))
            return redirect("training:booking-detail", uuid=booking.uuid)
        booking.refresh_from_db()
    return render(
        request,
        "training/booking/offer.html",
        {
            **_offer_context(booking, timezone.now()),
            "error": error,
            "page_has_errors": bool(error),
            "via_link": False,
            "crumbs": crumbs((booking.event.course.title, None)),
        },
    )


# Line-manager approval ---------------------------------------------------------------------------------


def _approval_context(booking: Booking, form) -> dict:
    event = booking.event
    return {
        "booking": booking,
        "event": event,
        "course": event.course,
        "person": booking.person,
        "when": when_in_words(event),
        "form": form,
        "pending": booking.status == Booking.Status.PENDING_APPROVAL,
        "charges": charges_in_words(event.course, TrainingSettings.load().cancellation_working_days),
    }


def _decide(request, booking: Booking, form: ApprovalDecisionForm, *, actor) -> Booking | None:
    """Approve or decline from a valid form; a service's refusal goes on the form."""
    try:
        if form.cleaned_data["decision"] == ApprovalDecisionForm.APPROVE:
            return services.approve_booking(booking=booking, actor=actor, request=request)
        return services.decline_booking_approval(
            booking=booking, actor=actor, reason=form.cleaned_data["reason"], request=request
        )
    except DomainError as exc:
        exc.add_to_form(form)
    return None


def _decision_message(booking: Booking) -> str:
    name = booking.person.full_name
    title = booking.event.course.title
    if booking.status == Booking.Status.CONFIRMED:
        return f"You approved the booking. {name} has a place on {title} and we have e-mailed them."
    if booking.status == Booking.Status.WAITLISTED:
        return (
            f"You approved the booking. {title} is full on that date, so {name} is on the waiting list; "
            "we have e-mailed them."
        )
    return f"You did not approve the booking. We have told {name} why."


def _manager_account(email: str):
    return User.objects.filter(email__iexact=email, is_active=True).first() if email else None


@never_cache
@require_http_methods(["GET", "POST"])
def approval_respond(request, token):
    """The link in the approval e-mail: the line manager approves or declines, without signing in."""
    try:
        booking_uuid, manager_email = notifications.read_approval_token(token)
    except signing.SignatureExpired:
        return _link_problem(request, "approval", expired=True)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return _link_problem(request, "approval", expired=False)
    booking = (
        Booking.objects.select_related("event__course", "person__agency", "approver")
        .filter(uuid=booking_uuid, manager_email__iexact=manager_email)
        .first()
    )
    if booking is None:
        return _link_problem(request, "approval", expired=False)
    form = ApprovalDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # The link was sent to the manager's address: their account, if they have one, is the actor.
        decided = _decide(request, booking, form, actor=_manager_account(booking.manager_email))
        if decided is not None:
            messages.success(request, _decision_message(decided))
            return redirect("training:approval-respond", token=token)
        booking.refresh_from_db()
    return render(
        request,
        "training/booking/approval.html",
        {**_approval_context(booking, form), "via_link": True, "crumbs": None},
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def approval_detail(request, uuid):
    """A signed-in line manager decides a booking addressed to their e-mail address."""
    booking = _get_approval_for_user(request, uuid)
    form = ApprovalDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        decided = _decide(request, booking, form, actor=request.user)
        if decided is not None:
            messages.success(request, _decision_message(decided))
            return redirect("training:approvals")
        booking.refresh_from_db()
    return render(
        request,
        "training/booking/approval.html",
        {
            **_approval_context(booking, form),
            "via_link": False,
            "crumbs": crumbs(("Bookings to approve", reverse("training:approvals")), (booking.person.full_name, None)),
        },
    )
