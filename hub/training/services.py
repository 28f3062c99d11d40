"""Booking workflows: book, wait, offer, approve, cancel, substitute, take the register, remind.

Capacity is never exceeded, whatever the concurrency. Every workflow that can take or free a
place runs in one transaction that first locks the event row
(``Event.objects.select_for_update()``) and only then reads how many places are left. On
PostgreSQL the row lock queues concurrent bookings for the same event one behind the other; on
SQLite every transaction is IMMEDIATE (hub/settings.py), so writers queue at BEGIN and the
``SELECT ... FOR UPDATE`` is not needed. The partial unique constraint on ``Booking`` (one
active booking per person per event) backs this up in the database. Locks are always taken
event first, then booking, so two workflows cannot wait on each other.

Availability rules are in ``models.py``: a place is taken by a confirmed (or attended)
booking, a pending-approval booking that holds a place, or a live offer.

Every function is keyword-only, records an audit entry with a dotted name and sends its
e-mails only after the transaction commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.core.audit import log_action, register_event
from hub.core.errors import DomainError
from hub.core.models import User, normalise_email
from hub.core.permissions import is_business_unit
from hub.training import notifications
from hub.training.caching import programme_changed
from hub.training.models import (
    Booking,
    BookingBlock,
    Certificate,
    Charge,
    Course,
    CourseWaitingListEntry,
    Evaluation,
    Event,
    EventSession,
    ImpactRequest,
    ImpactResponse,
    ReminderSent,
    SafeguardingWeek,
    TrainingSettings,
    WeekEvaluation,
)

register_event("training.booking.confirmed", "Place booked")
register_event("training.booking.waitlisted", "Joined the waiting list")
register_event("training.booking.approval_requested", "Line manager asked to approve the booking")
register_event("training.booking.approved", "Line manager approved the booking")
register_event("training.booking.approval_declined", "Line manager did not approve the booking")
register_event("training.booking.offered", "Place offered from the waiting list")
register_event("training.booking.offer_accepted", "Offered place accepted")
register_event("training.booking.offer_declined", "Offered place turned down")
register_event("training.booking.offer_expired", "Offered place not taken up in time")
register_event("training.booking.cancelled", "Booking cancelled")
register_event("training.booking.substituted", "Place passed to a colleague")
register_event("training.booking.attended", "Marked as attended")
register_event("training.booking.partly_attended", "Marked as partly attended")
register_event("training.booking.no_show", "Marked as not attending")
register_event("training.booking.reminder_sent", "Reminder sent")
register_event("training.waiting_list.reordered", "Place on the waiting list changed")
register_event("training.course_waiting_list.joined", "Joined the waiting list for any date")
register_event("training.course_waiting_list.left", "Left the waiting list for any date")
register_event("training.course_waiting_list.reordered", "Place on the course waiting list changed")
register_event("training.charge.created", "Charge recorded")
register_event("training.charge.waived", "Charge waived")
register_event("training.block.created", "Booking blocked after repeated non-attendance")
register_event("training.block.lifted", "Booking block lifted")
register_event("training.event.created", "Course date added")
register_event("training.event.sessions_changed", "Sessions changed")
register_event("training.event.capacity_changed", "Number of places changed")
register_event("training.event.cancelled", "Course date cancelled")

_ATTENDANCE_EVENTS = {
    Booking.Status.ATTENDED: "training.booking.attended",
    Booking.Status.PARTLY_ATTENDED: "training.booking.partly_attended",
    Booking.Status.NO_SHOW: "training.booking.no_show",
}


# Helpers -----------------------------------------------------------------------------------
def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _user(actor) -> User | None:
    return actor if getattr(actor, "pk", None) else None


def _after_commit(function, *args, **kwargs) -> None:
    transaction.on_commit(partial(function, *args, **kwargs))


def _lock_event(event: Event) -> Event:
    """Lock the event row for the rest of the transaction and return a fresh copy.

    Whatever the caller changes next (a booking, an offer, the places) shows on the public
    programme, so its cached pages are left behind.
    """
    programme_changed()
    return Event.objects.select_for_update(of=("self",)).select_related("course").get(pk=event.pk)


def _lock_booking(booking: Booking) -> tuple[Event, Booking]:
    """Lock the booking's event, then the booking (always in that order)."""
    event = _lock_event(booking.event)
    locked = Booking.objects.select_for_update(of=("self",)).select_related("person__agency").get(pk=booking.pk)
    locked.event = event
    return event, locked


def _settings() -> TrainingSettings:
    return TrainingSettings.load()


def _is_business_unit(actor) -> bool:
    return _user(actor) is not None and is_business_unit(actor)


def _who(person: User, actor) -> str:
    """``You`` when people act for themselves, otherwise the person's name."""
    return "You" if _user(actor) is not None and actor.pk == person.pk else person.full_name


def active_block(person: User) -> BookingBlock | None:
    return BookingBlock.objects.filter(person=person, lifted_at__isnull=True).first()


def _refuse_if_blocked(person: User, actor) -> None:
    # A block stops people booking for themselves; the business unit may still book for them.
    if _is_business_unit(actor):
        return
    if active_block(person) is not None:
        raise DomainError(
            "You cannot book training at the moment because you did not attend several courses you booked. "
            "Contact the business unit to ask for booking to be restored"
            if _who(person, actor) == "You"
            else f"{person.full_name} cannot be booked on training at the moment: the business unit must lift "
            "their booking block first"
        )


def unmet_prerequisite(course: Course, person: User) -> str | None:
    """Why ``person`` may not book ``course`` yet, or ``None`` when they meet its prerequisites.

    A prerequisite course must have been attended in full; a prerequisite level is met by
    attending in full any course at that level or above.
    """
    attended = Booking.objects.filter(person=person, status=Booking.Status.ATTENDED)
    if course.prerequisite_course_id and not attended.filter(event__course_id=course.prerequisite_course_id).exists():
        return f"You need to attend ‘{course.prerequisite_course.title}’ before you can book this course"
    if course.prerequisite_level and not attended.filter(event__course__level__gte=course.prerequisite_level).exists():
        return f"You need to attend a level {course.prerequisite_level} course before you can book this course"
    return None


def _refuse_if_prerequisites_unmet(course: Course, person: User, actor) -> None:
    problem = unmet_prerequisite(course, person)
    if problem is not None:
        if _who(person, actor) != "You":
            problem = problem.replace("You need", f"{person.full_name} needs", 1)
        raise DomainError(problem)


def _manager_details(course: Course, person: User, manager_email: str) -> str:
    manager_email = normalise_email(manager_email)
    if not course.needs_manager_approval:
        return manager_email
    if not manager_email:
        raise DomainError("Enter your line manager's e-mail address", field="manager_email")
    try:
        from django.core.validators import validate_email

        validate_email(manager_email)
    except ValidationError:
        raise DomainError(
            "Enter your line manager's e-mail address in the correct format, like name@example.org",
            field="manager_email",
        ) from None
    if manager_email == normalise_email(person.email):
        raise DomainError("Enter your line manager's e-mail address, not your own", field="manager_email")
    return manager_email


_ALREADY = {
    Booking.Status.CONFIRMED: "{who} already {have} a place on this course date",
    Booking.Status.WAITLISTED: "{who} {are} already on the waiting list for this course date",
    Booking.Status.PENDING_APPROVAL: "{who} already {have} a booking for this course date waiting for line manager "
    "approval",
    Booking.Status.OFFERED: "{who} {have} already been offered a place on this course date: accept it from the "
    "e-mail or the account page",
    Booking.Status.ATTENDED: "{who} {have} already attended this course date",
    Booking.Status.PARTLY_ATTENDED: "{who} {have} already attended this course date",
    Booking.Status.NO_SHOW: "{who} {have} already been booked on this course date",
}


def _refuse_if_already_booked(event: Event, person: User, actor) -> None:
    existing = (
        event.bookings.filter(person=person, status__in=(*Booking.ACTIVE_STATUSES, *Booking.ATTENDANCE_STATUSES))
        .values_list("status", flat=True)
        .first()
    )
    if existing is not None:
        who = _who(person, actor)
        you = who == "You"
        raise DomainError(_ALREADY[existing].format(who=who, have="have" if you else "has", are="are" if you else "is"))


def _refuse_if_not_bookable(event: Event, now: datetime) -> None:
    if event.is_cancelled:
        raise DomainError("This course date has been cancelled")
    if event.starts_at is None:
        raise DomainError("This course date has no sessions yet, so it cannot be booked")
    if event.starts_at <= now:
        raise DomainError("This course date has already started")
    if event.booking_opens_at and now < event.booking_opens_at:
        raise DomainError(f"Booking for this course date opens at {notifications.format_when(event.booking_opens_at)}")
    if event.booking_closes_at and now >= event.booking_closes_at:
        raise DomainError("Booking for this course date has closed")


def _fulfil_course_entry(person: User, course: Course, now: datetime) -> None:
    CourseWaitingListEntry.objects.filter(
        person=person, course=course, status=CourseWaitingListEntry.Status.ACTIVE
    ).update(status=CourseWaitingListEntry.Status.FULFILLED, closed_at=now)


def _create_charge(booking: Booking, reason: str, now: datetime, actor) -> Charge | None:
    """Record the course's charge for ``booking``; nothing when the course charges nothing.

    A waived charge for the same reason (after a corrected register) is reinstated.
    """
    amount = booking.event.course.charge_for(booking, reason)
    if amount <= Decimal("0"):
        return None
    charge, _ = Charge.objects.update_or_create(
        booking=booking,
        reason=reason,
        defaults={
            "amount": amount,
            "agency": booking.person.agency,
            "created_at": now,
            "waived": False,
            "waived_reason": "",
            "waived_by": None,
            "waived_at": None,
        },
    )
    log_action(
        "training.charge.created",
        actor=_user(actor),
        obj=booking,
        data={"reason": reason, "amount": str(amount), "agency": getattr(booking.person.agency, "short_code", "")},
    )
    return charge


# Booking -----------------------------------------------------------------------------------
def book_place(
    *,
    event: Event,
    person: User,
    actor,
    manager_email: str = "",
    manager_name: str = "",
    now: datetime | None = None,
    request=None,
) -> Booking:
    """Book ``person`` on ``event``: a confirmed place, the waiting list, or a request for approval.

    Where the course needs line-manager approval the booking waits for the manager; it holds a
    place while they decide if one was free when it was made. Raises ``DomainError`` when
    booking is closed, the event is cancelled, the person is blocked from booking, already
    booked, or has not met the course's prerequisites.
    """
    now = _now(now)
    with transaction.atomic():
        event = _lock_event(event)
        course = event.course
        _refuse_if_not_bookable(event, now)
        _refuse_if_blocked(person, actor)
        _refuse_if_already_booked(event, person, actor)
        _refuse_if_prerequisites_unmet(course, person, actor)
        manager_email = _manager_details(course, person, manager_email)
        has_place = event.places_left(now) > 0
        booking = Booking(
            event=event,
            person=person,
            booked_by=_user(actor) if _user(actor) and actor.pk != person.pk else None,
            manager_email=manager_email,
            manager_name=manager_name.strip(),
            created_at=now,
        )
        if course.needs_manager_approval:
            booking.status = Booking.Status.PENDING_APPROVAL
            booking.holds_place = has_place
            action = "training.booking.approval_requested"
        elif has_place:
            booking.status = Booking.Status.CONFIRMED
            booking.confirmed_at = now
            action = "training.booking.confirmed"
        else:
            booking.status = Booking.Status.WAITLISTED
            booking.joined_at = now
            action = "training.booking.waitlisted"
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError:
            # Only reachable if the lock was bypassed; the constraint keeps the rule anyway.
            raise DomainError("You already have a booking for this course date") from None
        if booking.status == Booking.Status.CONFIRMED:
            _fulfil_course_entry(person, course, now)
        log_action(
            action,
            actor=_user(actor),
            obj=booking,
            request=request,
            data={"event": str(event.uuid), "person": person.email, "holds_place": booking.holds_place},
        )
        if booking.status == Booking.Status.CONFIRMED:
            _after_commit(notifications.booking_confirmed, booking.pk)
        elif booking.status == Booking.Status.WAITLISTED:
            _after_commit(notifications.waitlisted, booking.pk)
        else:
            _after_commit(notifications.approval_requested, booking.pk)
    return booking


def join_course_waiting_list(
    *,
    course: Course,
    person: User,
    actor,
    manager_email: str = "",
    manager_name: str = "",
    now: datetime | None = None,
    request=None,
) -> CourseWaitingListEntry:
    """Put ``person`` on the waiting list for any date of ``course``.

    They are offered a place when a new date is added or a place frees up on a date nobody is
    waiting for. Refused when a date with free places is open for booking (book that instead).
    """
    now = _now(now)
    _refuse_if_blocked(person, actor)
    _refuse_if_prerequisites_unmet(course, person, actor)
    manager_email = _manager_details(course, person, manager_email)
    for event in Event.objects.upcoming(now).filter(course=course).with_places_left(now):
        if event.booking_is_open(now) and event.places_left(now) > 0:
            raise DomainError(
                f"There are places left on {notifications.format_day(event.starts_at)}: book that date instead"
            )
    with transaction.atomic():
        try:
            with transaction.atomic():
                entry = CourseWaitingListEntry.objects.create(
                    course=course,
                    person=person,
                    joined_at=now,
                    manager_email=manager_email,
                    manager_name=manager_name.strip(),
                )
        except IntegrityError:
            raise DomainError(
                f"{_who(person, actor)} {'are' if _who(person, actor) == 'You' else 'is'} already on the waiting "
                "list for this course"
            ) from None
        log_action(
            "training.course_waiting_list.joined",
            actor=_user(actor),
            obj=course,
            request=request,
            data={"person": person.email, "entry": str(entry.uuid)},
        )
        _after_commit(notifications.course_waitlisted, entry.pk)
    return entry


def leave_course_waiting_list(
    *, entry: CourseWaitingListEntry, actor, now: datetime | None = None, request=None
) -> CourseWaitingListEntry:
    """Take someone off the waiting list for any date of a course."""
    now = _now(now)
    with transaction.atomic():
        entry = CourseWaitingListEntry.objects.select_for_update(of=("self",)).select_related("course").get(pk=entry.pk)
        if entry.status != CourseWaitingListEntry.Status.ACTIVE:
            raise DomainError("You are no longer on the waiting list for this course")
        entry.status = CourseWaitingListEntry.Status.WITHDRAWN
        entry.closed_at = now
        entry.save(update_fields=["status", "closed_at"])
        log_action(
            "training.course_waiting_list.left",
            actor=_user(actor),
            obj=entry.course,
            request=request,
            data={"person": entry.person.email, "entry": str(entry.uuid)},
        )
    return entry


# Approval ----------------------------------------------------------------------------------
def approve_booking(*, booking: Booking, actor, now: datetime | None = None, request=None) -> Booking:
    """The line manager approves: a place if one is held or free, otherwise the waiting list."""
    now = _now(now)
    with transaction.atomic():
        event, booking = _lock_booking(booking)
        if booking.status != Booking.Status.PENDING_APPROVAL:
            raise DomainError("This booking is no longer waiting for approval")
        if event.is_cancelled:
            raise DomainError("This course date has been cancelled")
        if event.has_started(now):
            raise DomainError("This course date has already started")
        # A held place counts in places_left's "taken", so it is checked separately.
        confirm = booking.holds_place or event.places_left(now) > 0
        booking.holds_place = False
        booking.approver = _user(actor)
        booking.approval_decided_at = now
        if confirm:
            booking.status = Booking.Status.CONFIRMED
            booking.confirmed_at = now
        else:
            booking.status = Booking.Status.WAITLISTED
            booking.joined_at = now
        booking.save()
        log_action(
            "training.booking.approved",
            actor=_user(actor),
            obj=booking,
            request=request,
            data={"manager_email": booking.manager_email},
        )
        if confirm:
            _fulfil_course_entry(booking.person, event.course, now)
            log_action("training.booking.confirmed", actor=_user(actor), obj=booking, request=request)
            _after_commit(notifications.booking_confirmed, booking.pk, approved=True)
        else:
            log_action("training.booking.waitlisted", actor=_user(actor), obj=booking, request=request)
            _after_commit(notifications.waitlisted, booking.pk, approved=True)
    return booking


def decline_booking_approval(
    *, booking: Booking, actor, reason: str, now: datetime | None = None, request=None
) -> Booking:
    """The line manager does not approve; a place the request held goes to the waiting list."""
    now = _now(now)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter why you are not approving this booking", field="reason")
    with transaction.atomic():
        event, booking = _lock_booking(booking)
        if booking.status != Booking.Status.PENDING_APPROVAL:
            raise DomainError("This booking is no longer waiting for approval")
        freed = booking.holds_place
        booking.status = Booking.Status.DECLINED
        booking.holds_place = False
        booking.approver = _user(actor)
        booking.approval_decided_at = now
        booking.approval_note = reason
        booking.save()
        if booking.course_waiting_list_entry_id:
            # The manager said no to this course: the person stops waiting for other dates too.
            CourseWaitingListEntry.objects.filter(
                pk=booking.course_waiting_list_entry_id, status=CourseWaitingListEntry.Status.ACTIVE
            ).update(status=CourseWaitingListEntry.Status.WITHDRAWN, closed_at=now)
        log_action(
            "training.booking.approval_declined",
            actor=_user(actor),
            obj=booking,
            request=request,
            data={"manager_email": booking.manager_email, "reason": reason},
        )
        _after_commit(notifications.approval_declined, booking.pk)
        if freed:
            offer_next_place(event=event, now=now)
    return booking


# Waiting list and offers -------------------------------------------------------------------
def _expire_stale_offers(event: Event, now: datetime) -> list[Booking]:
    """Mark offers on the (locked) event that ran out as expired."""
    stale = list(
        event.bookings.select_for_update(of=("self",)).filter(status=Booking.Status.OFFERED, offer_expires_at__lte=now)
    )
    for booking in stale:
        booking.status = Booking.Status.EXPIRED
        booking.save(update_fields=["status", "updated_at"])
        log_action(
            "training.booking.offer_expired",
            actor=None,
            obj=booking,
            data={"offered_at": booking.offered_at.isoformat(), "expired_at": booking.offer_expires_at.isoformat()},
        )
        _after_commit(notifications.offer_expired, booking.pk)
    return stale


def _blocked_people():
    return BookingBlock.objects.filter(lifted_at__isnull=True).values("person_id")


def offer_next_place(*, event: Event, now: datetime | None = None) -> list[Booking]:
    """Offer every free place on ``event`` to the next people waiting.

    The event's own waiting list comes first (highest priority, then longest waiting); when it
    is empty, people waiting for any date of the course are offered places. An offer holds the
    place for the ``offer_hours`` setting (never past the start). Offers that ran out are
    expired first. People blocked from booking are passed over. Returns the offers made.
    """
    now = _now(now)
    offers: list[Booking] = []
    with transaction.atomic():
        event = _lock_event(event)
        _expire_stale_offers(event, now)
        if event.is_cancelled or event.starts_at is None or event.starts_at <= now:
            return offers
        expires_at = min(now + timedelta(hours=_settings().offer_hours), event.starts_at)
        free = event.places_left(now)
        while free > 0:
            booking = (
                event.bookings.waiting()
                .exclude(person_id__in=_blocked_people())
                .select_for_update(of=("self",))
                .first()
            )
            if booking is None:
                booking = _offer_to_course_waiter(event, now, expires_at)
                if booking is None:
                    break
            else:
                booking.status = Booking.Status.OFFERED
                booking.offered_at = now
                booking.offer_expires_at = expires_at
                booking.save(update_fields=["status", "offered_at", "offer_expires_at", "updated_at"])
            log_action(
                "training.booking.offered",
                actor=None,
                obj=booking,
                data={
                    "event": str(event.uuid),
                    "person": booking.person.email,
                    "expires_at": expires_at.isoformat(),
                    "from_course_waiting_list": booking.course_waiting_list_entry_id is not None,
                },
            )
            _after_commit(notifications.offer_made, booking.pk)
            offers.append(booking)
            free -= 1
    return offers


def _offer_to_course_waiter(event: Event, now: datetime, expires_at: datetime) -> Booking | None:
    # Anyone with a booking of any kind on this date is passed over: they booked it, cancelled
    # it, turned it down or let an offer for it lapse.
    entry = (
        CourseWaitingListEntry.objects.filter(course=event.course, status=CourseWaitingListEntry.Status.ACTIVE)
        .exclude(person_id__in=event.bookings.values("person_id"))
        .exclude(person_id__in=_blocked_people())
        .select_for_update(of=("self",))
        .order_by("-priority", "joined_at", "id")
        .first()
    )
    if entry is None:
        return None
    return Booking.objects.create(
        event=event,
        person=entry.person,
        status=Booking.Status.OFFERED,
        joined_at=entry.joined_at,
        priority=entry.priority,
        offered_at=now,
        offer_expires_at=expires_at,
        course_waiting_list_entry=entry,
        manager_email=entry.manager_email,
        manager_name=entry.manager_name,
        created_at=now,
    )


def accept_offer(*, booking: Booking, actor, now: datetime | None = None, request=None) -> Booking:
    """Take up an offered place.

    Someone who waited for any date of a course that needs approval now asks their line
    manager; the place stays held for them meanwhile.
    """
    now = _now(now)
    with transaction.atomic():
        event, booking = _lock_booking(booking)
        if booking.status != Booking.Status.OFFERED:
            raise DomainError("This place is no longer on offer to you")
        if not booking.offer_is_live(now):
            raise DomainError(
                f"The offer of this place ran out at {notifications.format_when(booking.offer_expires_at)}"
            )
        needs_approval = (
            event.course.needs_manager_approval
            and booking.course_waiting_list_entry_id is not None
            and booking.approval_decided_at is None
        )
        log_action("training.booking.offer_accepted", actor=_user(actor), obj=booking, request=request)
        if needs_approval:
            booking.status = Booking.Status.PENDING_APPROVAL
            booking.holds_place = True
            booking.save()
            log_action(
                "training.booking.approval_requested",
                actor=_user(actor),
                obj=booking,
                request=request,
                data={"holds_place": True},
            )
            _after_commit(notifications.approval_requested, booking.pk)
        else:
            booking.status = Booking.Status.CONFIRMED
            booking.confirmed_at = now
            booking.save()
            _fulfil_course_entry(booking.person, event.course, now)
            log_action("training.booking.confirmed", actor=_user(actor), obj=booking, request=request)
            _after_commit(notifications.booking_confirmed, booking.pk, from_offer=True)
    return booking


def decline_offer(*, booking: Booking, actor, now: datetime | None = None, request=None) -> Booking:
    """Turn down an offered place; it is offered to the next person waiting."""
    now = _now(now)
    with transaction.atomic():
        event, booking = _lock_booking(booking)
        if booking.status != Booking.Status.OFFERED:
            raise DomainError("This place is no longer on offer to you")
        booking.status = Booking.Status.OFFER_DECLINED
        booking.save(update_fields=["status", "updated_at"])
        log_action("training.booking.offer_declined", actor=_user(actor), obj=booking, request=request)
        _after_commit(notifications.offer_declined, booking.pk)
        offer_next_place(event=event, now=now)
    return booking


def expire_offers(*, now: datetime | None = None) -> int:
    """Expire every offer that ran out and offer those places to the next people. Returns the
    number of offers expired. Run by the scheduled command; safe to run at any time."""
    now = _now(now)
    event_ids = (
        Booking.objects.filter(status=Booking.Status.OFFERED, offer_expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    expired = 0
    for event in Event.objects.filter(pk__in=list(event_ids)):
        with transaction.atomic():
            locked = _lock_event(event)
            expired += len(_expire_stale_offers(locked, now))
            offer_next_place(event=locked, now=now)
    return expired


def reorder_waiting_list(*, booking: Booking, priority: int, reason: str, actor, request=None) -> Booking:
    """The business unit moves someone on an event's waiting list, giving a recorded reason.

    Higher priority is offered first; people with equal priority are offered places in the
    order they joined.
    """
    if not _is_business_unit(actor):
        raise DomainError("Only the business unit can change the order of the waiting list")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter why you are changing this person's place on the waiting list", field="reason")
    with transaction.atomic():
        _, booking = _lock_booking(booking)
        if booking.status != Booking.Status.WAITLISTED:
            raise DomainError("This person is no longer on the waiting list")
        before = booking.priority
        booking.priority = priority
        booking.save(update_fields=["priority", "updated_at"])
        log_action(
            "training.waiting_list.reordered",
            actor=_user(actor),
            obj=booking,
            request=request,
            data={"priority_before": before, "priority_after": priority, "reason": reason},
        )
    return booking


def reorder_course_waiting_list(
    *, entry: CourseWaitingListEntry, priority: int, reason: str, actor, request=None
) -> CourseWaitingListEntry:
    """As ``reorder_waiting_list``, for someone waiting for any date of a course."""
    if not _is_business_unit(actor):
        raise DomainError("Only the business unit can change the order of the waiting list")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter why you are changing this person's place on the waiting list", field="reason")
    with transaction.atomic():
        entry = (
            CourseWaitingListEntry.objects.select_for_update(of=("self",))
            .select_related("course", "person")
            .get(pk=entry.pk)
        )
        if entry.status != CourseWaitingListEntry.Status.ACTIVE:
            raise DomainError("This person is no longer on the waiting list")
        before = entry.priority
        entry.priority = priority
        entry.save(update_fields=["priority"])
        log_action(
            "training.course_waiting_list.reordered",
            actor=_user(actor),
            obj=entry.course,
            request=request,
            data={
                "person": entry.person.email,
                "priority_before": before,
                "priority_after": priority,
                "reason": reason,
            },
        )
    return entry


# Cancellation and substitution -------------------------------------------------------------
def cancel_booking(*, booking: Booking, actor, now: datetime | None = None, reason: str = "", request=None) -> Booking:
    """Cancel a booking, a request for approval, a place on the waiting list or an offer.

    A place cancelled later than ``cancellation_working_days`` working days before the start
    (English bank holidays excluded) is chargeable under the course's rule and a ``Charge`` is
    recorded. A freed place is offered to the next person waiting.
    """
    now = _now(now)
    with transaction.atomic():
        event, booking = _lock_booking(booking)
        if booking.status not in Booking.ACTIVE_STATUSES:
            raise DomainError("This booking has already been cancelled or closed")
        if event.has_started(now) and booking.status in Booking.PLACE_STATUSES:
            raise DomainError(
                "The course has started, so the booking can no longer be cancelled: the register records "
                "whether you attended"
            )
        frees_place = booking.status == Booking.Status.CONFIRMED or booking.holds_place or booking.offer_is_live(now)
        late = booking.status == Booking.Status.CONFIRMED and event.is_late_cancellation(
            now, _settings().cancellation_working_days
        )
        previous = booking.status
        booking.status = Booking.Status.CANCELLED
        booking.holds_place = False
        booking.cancelled_at = now
        booking.cancelled_by = _user(actor)
        booking.cancellation_reason = (reason or "").strip()
        booking.cancellation_chargeable = late
        booking.save()
        charge = _create_charge(booking, Charge.Reason.LATE_CANCELLATION, now, actor) if late else None
        log_action(
            "training.booking.cancelled",
            actor=_user(actor),
            obj=booking,
            request=request,
            data={
                "previous_status": previous,
                "late": late,
                "deadline": str(event.cancellation_deadline(_settings().cancellation_working_days) or ""),
                "charge": str(charge.amount) if charge else None,
            },
        )
        _after_commit(notifications.booking_cancelled, booking.pk)
        if frees_place:
            offer_next_place(event=event, now=now)
    return booking


def substitute_delegate(
    *, booking: Booking, new_person: User, actor, now: datetime | None = None, request=None
) -> Booking:
    """Pass a confirmed place to a colleague from the same agency. Returns the colleague's booking."""
    now = _now(now)
    with transaction.atomic():
        event, booking = _lock_booking(booking)
        person = booking.person
        if booking.status != Booking.Status.CONFIRMED:
            raise DomainError("Only a confirmed place can be passed to a colleague")
        if event.has_started(now):
            raise DomainError("The course has started, so the place can no longer be passed to a colleague")
        if new_person.pk == person.pk:
            raise DomainError("Choose a colleague, not the person already booked", field="new_person")
        if person.agency_id is None or new_person.agency_id != person.agency_id:
            agency = person.agency.name if person.agency_id else "the same agency"
            raise DomainError(f"Choose a colleague from {agency}", field="new_person")
        if not new_person.is_active:
            raise DomainError(f"{new_person.full_name}'s account is closed", field="new_person")
        _refuse_if_blocked(new_person, actor if _is_business_unit(actor) else None)
        _refuse_if_already_booked(event, new_person, None)
        _refuse_if_prerequisites_unmet(event.course, new_person, None)
        booking.status = Booking.Status.SUBSTITUTED
        booking.save(update_fields=["status", "updated_at"])
        replacement = Booking.objects.create(
            event=event,
            person=new_person,
            booked_by=_user(actor),
            status=Booking.Status.CONFIRMED,
            confirmed_at=now,
            substituted_from=booking,
            created_at=now,
        )
        log_action(
            "training.booking.substituted",
            actor=_user(actor),
            obj=booking,
            request=request,
            data={"from": person.email, "to": new_person.email, "new_booking": str(replacement.uuid)},
        )
        log_action(
            "training.booking.confirmed",
            actor=_user(actor),
            obj=replacement,
            request=request,
            data={"substitute_for": person.email},
        )
        _after_commit(notifications.booking_substituted, booking.pk, replacement.pk)
    return replacement


# Register ----------------------------------------------------------------------------------
def mark_attendance(*, booking: Booking, status: str, actor, now: datetime | None = None, request=None) -> Booking:
    """Record on the register whether a delegate attended, partly attended or did not come.

    A no-show is charged under the course's rule; repeated no-shows (``no_show_block_count``
    within ``no_show_block_months``) block the person from booking until the business unit
    lifts the block. Marking again corrects the register (a corrected no-show's charge is
    waived).
    """
    now = _now(now)
    if status not in Booking.ATTENDANCE_STATUSES:
        raise DomainError("Select whether the delegate attended, partly attended or did not attend", field="status")
    with transaction.atomic():
        event, booking = _lock_booking(booking)
        if booking.status not in Booking.PLACE_STATUSES:
            raise DomainError("Only delegates with a place can be marked on the register")
        if not event.has_started(now):
            raise DomainError("The register can be taken once the course has started")
        previous = booking.status
        if previous == status:
            return booking
        booking.status = status
        booking.attendance_marked_at = now
        booking.attendance_marked_by = _user(actor)
        booking.save()
        log_action(
            _ATTENDANCE_EVENTS[status],
            actor=_user(actor),
            obj=booking,
            request=request,
            data={"previous_status": previous},
        )
        if previous == Booking.Status.NO_SHOW:
            for charge in booking.charges.filter(reason=Charge.Reason.NO_SHOW, waived=False):
                _waive(charge, actor=actor, reason="The register was corrected: the delegate attended", now=now)
        if status == Booking.Status.NO_SHOW:
            _create_charge(booking, Charge.Reason.NO_SHOW, now, actor)
            _after_commit(notifications.no_show_recorded, booking.pk)
            _block_after_repeated_no_shows(booking.person, now)
    return booking


def _block_after_repeated_no_shows(person: User, now: datetime) -> BookingBlock | None:
    rules = _settings()
    since = now - relativedelta(months=rules.no_show_block_months)
    count = Booking.objects.filter(person=person, status=Booking.Status.NO_SHOW, event__starts_at__gte=since).count()
    if count < rules.no_show_block_count or active_block(person) is not None:
        return None
    block = BookingBlock.objects.create(
        person=person,
        created_at=now,
        reason=f"Did not attend {count} courses in {rules.no_show_block_months} months",
    )
    log_action("training.block.created", actor=None, obj=block, data={"person": person.email, "no_shows": count})
    _after_commit(notifications.booking_blocked, block.pk)
    return block


def lift_block(*, block: BookingBlock, actor, reason: str, now: datetime | None = None, request=None) -> BookingBlock:
    """The business unit lets a blocked person book again, giving a recorded reason."""
    now = _now(now)
    if not _is_business_unit(actor):
        raise DomainError("Only the business unit can lift a booking block")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter why you are lifting the booking block", field="reason")
    with transaction.atomic():
        block = BookingBlock.objects.select_for_update(of=("self",)).select_related("person").get(pk=block.pk)
        if block.lifted_at is not None:
            raise DomainError("This booking block has already been lifted")
        block.lifted_at = now
        block.lifted_by = _user(actor)
        block.lift_reason = reason
        block.save()
        log_action(
            "training.block.lifted",
            actor=_user(actor),
            obj=block,
            request=request,
            data={"person": block.person.email, "reason": reason},
        )
        _after_commit(notifications.block_lifted, block.pk)
    return block


def _waive(charge: Charge, *, actor, reason: str, now: datetime) -> Charge:
    charge.waived = True
    charge.waived_reason = reason
    charge.waived_by = _user(actor)
    charge.waived_at = now
    charge.save()
    log_action("training.charge.waived", actor=_user(actor), obj=charge.booking, data={"reason": reason})
    return charge


def waive_charge(*, charge: Charge, actor, reason: str, now: datetime | None = None, request=None) -> Charge:
    """The business unit waives a charge (for example illness), giving a recorded reason."""
    now = _now(now)
    if not _is_business_unit(actor):
        raise DomainError("Only the business unit can waive a charge")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter why you are waiving this charge", field="reason")
    with transaction.atomic():
        charge = Charge.objects.select_for_update(of=("self",)).select_related("booking").get(pk=charge.pk)
        if charge.waived:
            raise DomainError("This charge has already been waived")
        return _waive(charge, actor=actor, reason=reason, now=now)


# Reminders ---------------------------------------------------------------------------------
def reminder_due(event: Event, now: datetime) -> str | None:
    """Which reminder a confirmed delegate of ``event`` should have by ``now``, if any.

    Two weeks before (the details), five days before (joining instructions) and the day before.
    Only the latest due is sent: someone who books three days ahead gets the joining
    instructions, not a "two weeks to go" message.
    """
    if event.starts_at is None or event.starts_at <= now:
        return None
    days_left = (event.start_date - timezone.localdate(now)).days
    if days_left <= 1:
        return ReminderSent.Kind.DAY_BEFORE
    if days_left <= 5:
        return ReminderSent.Kind.FIVE_DAYS
    if days_left <= 14:
        return ReminderSent.Kind.FOURTEEN_DAYS
    return None


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Send every reminder that is due and not yet sent. Returns how many were sent.

    ``ReminderSent`` is unique per booking and kind and is written in the same transaction
    that schedules the e-mail, so two runs at once (or a rerun) never send one twice.
    """
    now = _now(now)
    bookings = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        event__status=Event.Status.SCHEDULED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + timedelta(days=15),
    ).select_related("event")
    sent = 0
    for booking in bookings:
        kind = reminder_due(booking.event, now)
        if kind is None:
            continue
        with transaction.atomic():
            _, created = ReminderSent.objects.get_or_create(booking=booking, kind=kind, defaults={"sent_at": now})
            if created:
                log_action("training.booking.reminder_sent", actor=None, obj=booking, data={"kind": kind})
                _after_commit(notifications.reminder, booking.pk, kind)
                sent += 1
    return sent


# Events ------------------------------------------------------------------------------------
def _validate_sessions(sessions: Sequence[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    if not sessions:
        raise DomainError("Add at least one session", field="sessions")
    ordered = sorted(sessions)
    for starts_at, ends_at in ordered:
        if ends_at <= starts_at:
            raise DomainError("Each session must end after it starts", field="sessions")
    for (_, previous_end), (next_start, _) in zip(ordered, ordered[1:], strict=False):
        if next_start < previous_end:
            raise DomainError("Sessions must not overlap", field="sessions")
    return ordered


def create_event(
    *,
    course: Course,
    sessions: Sequence[tuple[datetime, datetime]],
    capacity: int,
    actor,
    now: datetime | None = None,
    request=None,
    **details,
) -> Event:
    """Add a date for ``course`` and offer its places first to people waiting for any date.

    ``details`` are other ``Event`` fields (venue, joining link, booking window, week...).
    """
    now = _now(now)
    ordered = _validate_sessions(sessions)
    if capacity is None or capacity < 1:
        raise DomainError("Enter the number of places, 1 or more", field="capacity")
    event = Event(course=course, capacity=capacity, **details)
    try:
        event.full_clean(exclude=["course"])
    except ValidationError as exc:
        field, errors = next(iter(exc.message_dict.items()))
        raise DomainError(errors[0], field=field) from None
    with transaction.atomic():
        event.save()
        for starts_at, ends_at in ordered:
            EventSession.objects.create(event=event, starts_at=starts_at, ends_at=ends_at)
        event.sync_dates()
        event_created(event=event, actor=actor, now=now, request=request)
    return event


def event_created(*, event: Event, actor, now: datetime | None = None, request=None) -> list[Booking]:
    """Record a new event (saved with its sessions) and offer its places to people waiting for any date."""
    log_action(
        "training.event.created",
        actor=_user(actor),
        obj=event,
        request=request,
        data={"course": event.course.slug, "capacity": event.capacity, "starts_at": event.starts_at.isoformat()},
    )
    return offer_next_place(event=event, now=_now(now))


def set_event_sessions(*, event: Event, sessions: Sequence[tuple[datetime, datetime]], actor, request=None) -> Event:
    """Replace an event's sessions and keep its denormalised start and end in step."""
    ordered = _validate_sessions(sessions)
    with transaction.atomic():
        event = _lock_event(event)
        event.sessions.all().delete()
        for starts_at, ends_at in ordered:
            EventSession.objects.create(event=event, starts_at=starts_at, ends_at=ends_at)
        event.sync_dates()
        log_action(
            "training.event.sessions_changed",
            actor=_user(actor),
            obj=event,
            request=request,
            data={"sessions": [[s.isoformat(), e.isoformat()] for s, e in ordered]},
        )
    return event


def _places_taken_in_words(event: Event, now: datetime) -> str:
    """What takes the (locked) event's places, for a message: ``3 booked and 1 offered ...``."""
    bookings = event.bookings.all()
    parts = [
        (bookings.filter(status__in=Booking.PLACE_STATUSES).count(), "booked"),
        (
            bookings.filter(status=Booking.Status.PENDING_APPROVAL, holds_place=True).count(),
            "held while a line manager decides",
        ),
        (bookings.live_offers(now).count(), "offered to someone on the waiting list"),
    ]
    words = [f"{count} {what}" for count, what in parts if count]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def capacity_refusal(event: Event, capacity: int, now: datetime | None = None) -> str | None:
    """Why ``event`` cannot have ``capacity`` places, or ``None`` when it can.

    Forms call this to show the problem early; ``change_capacity`` calls it again under the lock.
    """
    now = _now(now)
    taken = event.places_taken(now)
    if capacity >= taken:
        return None
    return (
        f"The number of places must be {taken} or more, because {taken} "
        f"place{'s are' if taken != 1 else ' is'} taken: {_places_taken_in_words(event, now)}"
    )


def change_capacity(*, event: Event, capacity: int, actor, now: datetime | None = None, request=None) -> list[Booking]:
    """Set the number of places on ``event``; places added are offered to people waiting at once.

    Refused when ``capacity`` is fewer than the places already taken (confirmed or used
    places, pending approvals that hold a place and live offers): nobody loses a place they
    have been given. The places are counted under the event's row lock, so a booking made at the
    same moment cannot slip past the check. Returns the offers made.
    """
    now = _now(now)
    if capacity is None or capacity < 1:
        raise DomainError("Enter the number of places, 1 or more", field="capacity")
    with transaction.atomic():
        event = _lock_event(event)
        refusal = capacity_refusal(event, capacity, now)
        if refusal is not None:
            raise DomainError(refusal, field="capacity")
        taken = event.places_taken(now)
        previous = event.capacity
        if capacity == previous:
            return []
        event.capacity = capacity
        event.save(update_fields=["capacity", "updated_at"])
        offers = offer_next_place(event=event, now=now) if capacity > previous else []
        log_action(
            "training.event.capacity_changed",
            actor=_user(actor),
            obj=event,
            request=request,
            data={
                "capacity_before": previous,
                "capacity_after": capacity,
                "places_taken": taken,
                "offers_made": [str(booking.uuid) for booking in offers],
            },
        )
    return offers


def cancel_event(*, event: Event, actor, reason: str, now: datetime | None = None, request=None) -> Event:
    """The partnership cancels a course date: every active booking is cancelled free of charge."""
    now = _now(now)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter why the course date is cancelled", field="reason")
    with transaction.atomic():
        event = _lock_event(event)
        if event.is_cancelled:
            raise DomainError("This course date has already been cancelled")
        event.status = Event.Status.CANCELLED
        event.cancelled_at = now
        event.cancellation_reason = reason
        event.save(update_fields=["status", "cancelled_at", "cancellation_reason", "updated_at"])
        affected = list(event.bookings.active().select_for_update(of=("self",)))
        for booking in affected:
            booking.status = Booking.Status.CANCELLED
            booking.holds_place = False
            booking.cancelled_at = now
            booking.cancelled_by = _user(actor)
            booking.cancellation_reason = reason
            booking.save()
            _after_commit(notifications.event_cancelled, booking.pk)
        log_action(
            "training.event.cancelled",
            actor=_user(actor),
            obj=event,
            request=request,
            data={"reason": reason, "bookings_cancelled": len(affected)},
        )
    return event


# Evaluation, certificates and impact ---------------------------------------------------------
# (register, charges, evaluation, certificates and impact area) Evaluations after attendance,
# certificates once evaluated, the Impact Forum follow-up and safeguarding week evaluations.

register_event("training.evaluation.submitted", "Course evaluated")
register_event("training.certificate.issued", "Certificate issued")
register_event("training.impact.requested", "Asked about the impact of the course")
register_event("training.impact.answered", "Impact of the course reported")
register_event("training.impact.quote_chosen", "Impact response chosen for the yearly report")
register_event("training.impact.quote_removed", "Impact response taken out of the yearly report")
register_event("training.week.evaluated", "Safeguarding week evaluated")


def _refuse_unless_delegate(booking: Booking, actor) -> None:
    if _user(actor) is None or actor.pk != booking.person_id:
        raise DomainError("Only the delegate can do this for their own booking")


def _check_scale(value, low: int, high: int, field: str, message: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise DomainError(message, field=field)


def submit_evaluation(
    *,
    booking: Booking,
    actor,
    confidence_before: int,
    confidence_after: int,
    content_rating: int,
    trainer_rating: int,
    materials_rating: int,
    overall_rating: int,
    will_do_differently: str,
    comments: str = "",
    now: datetime | None = None,
    request=None,
) -> Evaluation:
    """The delegate evaluates a course they attended; a full attendance then gets its certificate.

    Only after the register shows the delegate attended (fully or partly), only by the delegate,
    once per booking. The certificate is released for full attendance only: leaving early
    is not completing the course (the policy of the partnerships in reference/domain.md).
    """
    now = _now(now)
    _refuse_unless_delegate(booking, actor)
    _check_scale(confidence_before, 1, 10, "confidence_before", "Select a number from 1 to 10")
    _check_scale(confidence_after, 1, 10, "confidence_after", "Select a number from 1 to 10")
    _check_scale(content_rating, 1, 5, "content_rating", "Select a rating from 1 to 5")
    _check_scale(trainer_rating, 1, 5, "trainer_rating", "Select a rating from 1 to 5")
    _check_scale(materials_rating, 1, 5, "materials_rating", "Select a rating from 1 to 5")
    _check_scale(overall_rating, 1, 5, "overall_rating", "Select a rating from 1 to 5")
    will_do_differently = (will_do_differently or "").strip()
    if not will_do_differently:
        raise DomainError("Enter what you will do differently in your work", field="will_do_differently")
    with transaction.atomic():
        booking = Booking.objects.select_for_update(of=("self",)).select_related("event__course").get(pk=booking.pk)
        if not booking.has_attended:
            raise DomainError("You can evaluate a course once the register shows you attended it")
        if Evaluation.objects.filter(booking=booking).exists():
            raise DomainError("You have already evaluated this course")
        evaluation = Evaluation.objects.create(
            booking=booking,
            confidence_before=confidence_before,
            confidence_after=confidence_after,
            content_rating=content_rating,
            trainer_rating=trainer_rating,
            materials_rating=materials_rating,
            overall_rating=overall_rating,
            will_do_differently=will_do_differently,
            comments=(comments or "").strip(),
            submitted_at=now,
        )
        log_action(
            "training.evaluation.submitted",
            actor=_user(actor),
            obj=booking,
            request=request,
            data={"confidence_shift": evaluation.confidence_shift, "overall_rating": overall_rating},
        )
        if booking.status == Booking.Status.ATTENDED:
            issue_certificate(booking=booking, actor=actor, now=now, request=request)
    return evaluation


def issue_certificate(*, booking: Booking, actor=None, now: datetime | None = None, request=None) -> Certificate:
    """The certificate of a delegate who attended the whole course and evaluated it (issued once)."""
    now = _now(now)
    with transaction.atomic():
        booking = Booking.objects.select_for_update(of=("self",)).get(pk=booking.pk)
        existing = Certificate.objects.filter(booking=booking).first()
        if existing is not None:
            return existing
        if booking.status != Booking.Status.ATTENDED:
            raise DomainError("A certificate is issued only to delegates who attended the whole course")
        if not Evaluation.objects.filter(booking=booking).exists():
            raise DomainError("The certificate is released once the course has been evaluated")
        for attempt in range(3):
            try:
                # A savepoint, so a clash of verification codes (vanishingly rare) can retry.
                with transaction.atomic():
                    certificate = Certificate.objects.create(booking=booking, issued_at=now)
                break
            except IntegrityError:
                if attempt == 2:
                    raise
        log_action(
            "training.certificate.issued",
            actor=_user(actor),
            obj=booking,
            request=request,
            data={"verification_code": certificate.verification_code},
        )
    return certificate


def send_due_impact_requests(*, now: datetime | None = None) -> int:
    """Ask each delegate whose follow-up day has come how the course changed their practice.

    Creates one ``ImpactRequest`` per attended booking (never two: the database allows one per
    booking) and e-mails the delegate, and their line manager where the booking names one,
    after commit. Returns how many requests were sent. Run by the scheduled job.
    """
    from hub.training import impact

    now = _now(now)
    today = timezone.localdate(now)
    days = _settings().impact_follow_up_days
    sent = 0
    # Read the list first: each request is then created in its own short transaction.
    for booking in list(impact.bookings_due_follow_up(today, days)):
        try:
            with transaction.atomic():
                impact_request = ImpactRequest.objects.create(
                    booking=booking,
                    due_on=impact.follow_up_date(booking.event, days),
                    sent_at=now,
                    manager_email=booking.manager_email,
                )
                log_action(
                    "training.impact.requested",
                    obj=booking,
                    data={"due_on": impact_request.due_on.isoformat(), "manager_copied": bool(booking.manager_email)},
                )
                _after_commit(impact.send_request_emails, impact_request.pk)
        except IntegrityError:
            continue  # another run asked this delegate a moment ago
        sent += 1
    return sent


def submit_impact_response(
    *,
    impact_request: ImpactRequest,
    actor,
    practice_change: str,
    difference_for_children: str,
    impact_themes: Sequence = (),
    now: datetime | None = None,
    request=None,
) -> ImpactResponse:
    """The delegate says how the course changed their practice and what difference it made for children."""
    now = _now(now)
    _refuse_unless_delegate(impact_request.booking, actor)
    practice_change = (practice_change or "").strip()
    difference_for_children = (difference_for_children or "").strip()
    if not practice_change:
        raise DomainError("Enter how the course has changed your practice", field="practice_change")
    if not difference_for_children:
        raise DomainError(
            "Enter what difference it has made for children and families", field="difference_for_children"
        )
    with transaction.atomic():
        impact_request = ImpactRequest.objects.select_for_update().get(pk=impact_request.pk)
        if impact_request.sent_at is None:
            raise DomainError("You have not been asked about this course yet")
        if ImpactResponse.objects.filter(request=impact_request).exists():
            raise DomainError("You have already told us about the impact of this course")
        response = ImpactResponse.objects.create(
            request=impact_request,
            answered_at=now,
            practice_change=practice_change,
            difference_for_children=difference_for_children,
        )
        response.impact_themes.set(impact_themes)
        log_action(
            "training.impact.answered",
            actor=_user(actor),
            obj=impact_request.booking,
            request=request,
            data={"themes": sorted(theme.slug for theme in impact_themes)},
        )
    return response


def choose_quote_for_report(*, response: ImpactResponse, chosen: bool, actor, request=None) -> ImpactResponse:
    """The business unit chooses an impact response to quote in the yearly report, or takes it out."""
    if not _is_business_unit(actor):
        raise DomainError("Only the business unit can choose quotes for the report")
    with transaction.atomic():
        response = ImpactResponse.objects.select_for_update().get(pk=response.pk)
        if response.chosen_for_report == chosen:
            return response
        response.chosen_for_report = chosen
        response.save(update_fields=["chosen_for_report"])
        log_action(
            "training.impact.quote_chosen" if chosen else "training.impact.quote_removed",
            actor=_user(actor),
            obj=response,
            request=request,
            data={"response": str(response.uuid)},
        )
    return response


def attended_week(week: SafeguardingWeek, person: User) -> bool:
    """Whether ``person`` attended (fully or partly) at least one session of ``week``."""
    return Booking.objects.filter(
        person=person,
        event__week=week,
        status__in=(Booking.Status.ATTENDED, Booking.Status.PARTLY_ATTENDED),
    ).exists()


def submit_week_evaluation(
    *,
    week: SafeguardingWeek,
    actor,
    overall_rating: int,
    relevance_rating: int,
    organisation_rating: int,
    most_useful: str = "",
    comments: str = "",
    now: datetime | None = None,
    request=None,
) -> WeekEvaluation:
    """Someone who attended at least one session evaluates the safeguarding week as a whole (once)."""
    now = _now(now)
    person = _user(actor)
    if person is None or not attended_week(week, person):
        raise DomainError("You can evaluate the week once the register shows you attended one of its sessions")
    _check_scale(overall_rating, 1, 5, "overall_rating", "Select a rating from 1 to 5")
    _check_scale(relevance_rating, 1, 5, "relevance_rating", "Select a rating from 1 to 5")
    _check_scale(organisation_rating, 1, 5, "organisation_rating", "Select a rating from 1 to 5")
    try:
        with transaction.atomic():
            evaluation = WeekEvaluation.objects.create(
                week=week,
                person=person,
                overall_rating=overall_rating,
                relevance_rating=relevance_rating,
                organisation_rating=organisation_rating,
                most_useful=(most_useful or "").strip(),
                comments=(comments or "").strip(),
                submitted_at=now,
            )
            log_action(
                "training.week.evaluated",
                actor=person,
                obj=week,
                request=request,
                data={"overall_rating": overall_rating},
            )
    except IntegrityError:
        raise DomainError("You have already evaluated this safeguarding week") from None
    return evaluation


# End of evaluation, certificates and impact --------------------------------------------------
