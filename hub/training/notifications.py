"""E-mails about bookings, with calendar (.ics) attachments and signed links.

Services call these through ``transaction.on_commit`` with primary keys, so each e-mail is
built from the committed state and nothing is sent for work that rolled back.

Signed links (``django.core.signing``) let a person answer without signing in:

- ``offer_url(booking)``: accept or turn down an offered place. The token names the booking
  and is valid for the offer period; the view still checks that the offer is live.
- ``approval_url(booking)``: the line manager approves or declines a booking. The token names
  the booking and the manager's address it was sent to.

Both links point at views named ``training:offer-respond`` and ``training:approval-respond``
taking one ``token`` argument; until those exist the e-mail links to the account area.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from hub.core.formatting import govuk_time
from hub.core.models import PartnershipSettings
from hub.training.models import Booking, BookingBlock, Charge, CourseWaitingListEntry, ReminderSent, TrainingSettings

OFFER_SALT = "hub.training.offer"
APPROVAL_SALT = "hub.training.approval"
# A manager may take a while to answer; the booking itself says whether an answer still counts.
APPROVAL_LINK_MAX_AGE = timedelta(days=60)
# The offer link outlives the offer by a little, so a late click explains that the offer expired.
OFFER_LINK_GRACE = timedelta(days=7)
ACCOUNT_TRAINING_PATH = "/account/training/"


# Links -------------------------------------------------------------------------------------
def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _url_or_account(name: str, **kwargs) -> str:
    try:
        return _absolute(reverse(name, kwargs=kwargs))
    except NoReverseMatch:
        return _absolute(ACCOUNT_TRAINING_PATH)


def account_training_url() -> str:
    try:
        return _absolute(reverse("training:my-training"))
    except NoReverseMatch:
        return _absolute(ACCOUNT_TRAINING_PATH)


def offer_token(booking: Booking) -> str:
    return signing.dumps({"b": str(booking.uuid)}, salt=OFFER_SALT, compress=True)


def read_offer_token(token: str) -> str:
    """The booking UUID an offer link names. Raises ``signing.BadSignature`` (or its subclass
    ``SignatureExpired``) for a link that was tampered with or is long past its offer."""
    max_age = timedelta(hours=TrainingSettings.load().offer_hours) + OFFER_LINK_GRACE
    return signing.loads(token, salt=OFFER_SALT, max_age=max_age)["b"]


def offer_url(booking: Booking) -> str:
    return _url_or_account("training:offer-respond", token=offer_token(booking))


def approval_token(booking: Booking) -> str:
    return signing.dumps({"b": str(booking.uuid), "m": booking.manager_email}, salt=APPROVAL_SALT, compress=True)


def read_approval_token(token: str) -> tuple[str, str]:
    """``(booking UUID, manager e-mail)`` from an approval link; raises ``signing.BadSignature``."""
    data = signing.loads(token, salt=APPROVAL_SALT, max_age=APPROVAL_LINK_MAX_AGE)
    return data["b"], data["m"]


def approval_url(booking: Booking) -> str:
    return _url_or_account("training:approval-respond", token=approval_token(booking))


# Formatting --------------------------------------------------------------------------------
def format_day(value: datetime) -> str:
    return dateformat.format(timezone.localtime(value), "l j F Y")


def format_when(value: datetime) -> str:
    """``2:30pm on Tuesday 3 June 2025``."""
    return f"{govuk_time(value)} on {format_day(value)}"


def session_lines(booking: Booking) -> list[str]:
    """One line per session: ``Tuesday 3 June 2025, 9:30am to 12:30pm``."""
    return [
        f"{format_day(session.starts_at)}, {govuk_time(session.starts_at)} to {govuk_time(session.ends_at)}"
        for session in booking.event.sessions.all()
    ]


# Calendar ----------------------------------------------------------------------------------
def booking_calendar(booking: Booking) -> bytes:
    """An .ics file with one VEVENT per session of the booked event.

    The joining link is included only for a booking that has a place.
    """
    event = booking.event
    course = event.course
    calendar = Calendar()
    calendar.add("prodid", "-//Safeguarding Partnership Hub//Training//EN")
    calendar.add("version", "2.0")
    withdrawn = event.is_cancelled or booking.status == Booking.Status.CANCELLED
    # CANCEL tells calendar programs to remove the entries an earlier invitation added.
    calendar.add("method", "CANCEL" if withdrawn else "PUBLISH")
    host = urlsplit(settings.SITE_URL).hostname or "hub.invalid"
    sessions = list(event.sessions.all())
    show_link = booking.can_see_joining_link() and bool(event.joining_link)
    for number, session in enumerate(sessions, start=1):
        item = CalendarEvent()
        # Stable per booking and session, so a re-sent invitation updates the entry already there.
        item.add("uid", f"training-{booking.uuid}-{session.pk}@{host}")
        item.add("dtstamp", timezone.now().astimezone(UTC))
        item.add("dtstart", session.starts_at.astimezone(UTC))
        item.add("dtend", session.ends_at.astimezone(UTC))
        summary = course.title if len(sessions) == 1 else f"{course.title} (session {number} of {len(sessions)})"
        item.add("summary", summary)
        description = [course.summary]
        if show_link:
            item.add("location", "Online")
            item.add("url", event.joining_link)
            description.append(f"Join online: {event.joining_link}")
        elif event.venue_name or event.venue_address:
            item.add("location", ", ".join(filter(None, [event.venue_name, " ".join(event.venue_address.split())])))
        if event.accessibility_notes:
            description.append(f"Access: {event.accessibility_notes}")
        description.append(f"Manage your booking: {account_training_url()}")
        item.add("description", "\n\n".join(description))
        item.add("status", "CANCELLED" if withdrawn else "CONFIRMED")
        calendar.add_component(item)
    return calendar.to_ical()


# Sending -----------------------------------------------------------------------------------
def _context(**extra) -> dict:
    partnership = PartnershipSettings.load()
    return {
        "partnership_name": partnership.name,
        "contact_email": partnership.contact_email,
        "site_url": settings.SITE_URL.rstrip("/"),
        "account_url": account_training_url(),
        **extra,
    }


def _booking_context(booking: Booking, **extra) -> dict:
    event = booking.event
    deadline = event.cancellation_deadline()
    return _context(
        booking=booking,
        event=event,
        course=event.course,
        person=booking.person,
        sessions=session_lines(booking),
        starts=format_when(event.starts_at) if event.starts_at else "",
        show_joining_link=booking.can_see_joining_link() and bool(event.joining_link),
        venue=", ".join(filter(None, [event.venue_name, *(line.strip() for line in event.venue_address.splitlines())])),
        cancellation_deadline=dateformat.format(deadline, "l j F Y") if deadline else "",
        **extra,
    )


def _send(
    template: str,
    *,
    subject: str,
    to: list[str],
    context: dict,
    cc: list[str] | None = None,
    ics: tuple[str, bytes] | None = None,
) -> None:
    body = render_to_string(f"training/emails/{template}.txt", context)
    html = render_to_string(f"training/emails/{template}.html", {**context, "subject": subject})
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, cc=cc or [])
    message.attach_alternative(html, "text/html")
    if ics is not None:
        filename, content = ics
        method = "CANCEL" if b"METHOD:CANCEL" in content else "PUBLISH"
        message.attach(filename, content, f"text/calendar; charset=utf-8; method={method}")
    message.send()


def _load(booking_id: int) -> Booking:
    return (
        Booking.objects.select_related("event__course", "person__agency")
        .prefetch_related("event__sessions")
        .get(pk=booking_id)
    )


def _ics_name(booking: Booking) -> str:
    stamp = timezone.localtime(booking.event.starts_at).strftime("%Y-%m-%d") if booking.event.starts_at else "course"
    return f"{booking.event.course.slug}-{stamp}.ics"


def booking_confirmed(booking_id: int, *, approved: bool = False, from_offer: bool = False) -> None:
    """Confirmation with the calendar attached (one entry per session)."""
    booking = _load(booking_id)
    _send(
        "booking_confirmed",
        subject=f"Your place is booked: {booking.event.course.title}",
        to=[booking.person.email],
        context=_booking_context(booking, approved=approved, from_offer=from_offer),
        ics=(_ics_name(booking), booking_calendar(booking)),
    )


def waitlisted(booking_id: int, *, approved: bool = False) -> None:
    booking = _load(booking_id)
    _send(
        "waitlisted",
        subject=f"You are on the waiting list: {booking.event.course.title}",
        to=[booking.person.email],
        context=_booking_context(booking, approved=approved),
    )


def course_waitlisted(entry_id: int) -> None:
    entry = CourseWaitingListEntry.objects.select_related("course", "person").get(pk=entry_id)
    _send(
        "course_waitlisted",
        subject=f"You are on the waiting list: {entry.course.title}",
        to=[entry.person.email],
        context=_context(entry=entry, course=entry.course, person=entry.person),
    )


def approval_requested(booking_id: int) -> None:
    """Ask the line manager, and tell the delegate the request has gone."""
    booking = _load(booking_id)
    context = _booking_context(booking, approval_url=approval_url(booking))
    _send(
        "approval_request",
        subject=f"Approve a training booking for {booking.person.full_name}: {booking.event.course.title}",
        to=[booking.manager_email],
        context=context,
    )
    _send(
        "approval_pending",
        subject=f"Waiting for your manager to approve: {booking.event.course.title}",
        to=[booking.person.email],
        context=context,
    )


def approval_declined(booking_id: int) -> None:
    booking = _load(booking_id)
    _send(
        "approval_declined",
        subject=f"Your manager did not approve your booking: {booking.event.course.title}",
        to=[booking.person.email],
        context=_booking_context(booking),
    )


def offer_made(booking_id: int) -> None:
    booking = _load(booking_id)
    _send(
        "offer",
        subject=f"A place is available for you: {booking.event.course.title}",
        to=[booking.person.email],
        context=_booking_context(
            booking, offer_url=offer_url(booking), offer_expires=format_when(booking.offer_expires_at)
        ),
    )


def offer_declined(booking_id: int) -> None:
    booking = _load(booking_id)
    _send(
        "offer_declined",
        subject=f"You turned down the place: {booking.event.course.title}",
        to=[booking.person.email],
        context=_booking_context(booking),
    )


def offer_expired(booking_id: int) -> None:
    booking = _load(booking_id)
    _send(
        "offer_expired",
        subject=f"The place offered to you has gone to someone else: {booking.event.course.title}",
        to=[booking.person.email],
        context=_booking_context(booking, still_waiting_for_course=booking.course_waiting_list_entry_id is not None),
    )


def booking_cancelled(booking_id: int) -> None:
    booking = _load(booking_id)
    charge = booking.charges.filter(reason=Charge.Reason.LATE_CANCELLATION, waived=False).first()
    _send(
        "cancelled",
        subject=f"Booking cancelled: {booking.event.course.title}",
        to=[booking.person.email],
        context=_booking_context(booking, charge=charge, charge_amount=_money(charge.amount) if charge else ""),
    )


def booking_substituted(old_booking_id: int, new_booking_id: int) -> None:
    """Tell the original delegate their place passed to a colleague; confirm the colleague's place."""
    old = _load(old_booking_id)
    new = _load(new_booking_id)
    _send(
        "substituted",
        subject=f"Your place has passed to {new.person.full_name}: {old.event.course.title}",
        to=[old.person.email],
        context=_booking_context(old, substitute=new.person),
    )
    _send(
        "booking_confirmed",
        subject=f"Your place is booked: {new.event.course.title}",
        to=[new.person.email],
        context=_booking_context(new, substitute_for=old.person),
        ics=(_ics_name(new), booking_calendar(new)),
    )


def no_show_recorded(booking_id: int) -> None:
    """After a no-show, the delegate and (where known) their line manager are told."""
    booking = _load(booking_id)
    charge = booking.charges.filter(reason=Charge.Reason.NO_SHOW, waived=False).first()
    _send(
        "no_show",
        subject=f"You did not attend: {booking.event.course.title}",
        to=[booking.person.email],
        cc=[booking.manager_email] if booking.manager_email else None,
        context=_booking_context(booking, charge=charge, charge_amount=_money(charge.amount) if charge else ""),
    )


def booking_blocked(block_id: int) -> None:
    block = BookingBlock.objects.select_related("person").get(pk=block_id)
    _send(
        "blocked",
        subject="You cannot book training at the moment",
        to=[block.person.email],
        context=_context(block=block, person=block.person),
    )


def block_lifted(block_id: int) -> None:
    block = BookingBlock.objects.select_related("person").get(pk=block_id)
    _send(
        "block_lifted",
        subject="You can book training again",
        to=[block.person.email],
        context=_context(block=block, person=block.person),
    )


REMINDER_SUBJECTS = {
    ReminderSent.Kind.FOURTEEN_DAYS: "Course details: {title}",
    ReminderSent.Kind.FIVE_DAYS: "Joining instructions: {title}",
    ReminderSent.Kind.DAY_BEFORE: "Your course is tomorrow: {title}",
}


def reminder(booking_id: int, kind: str) -> None:
    booking = _load(booking_id)
    _send(
        "reminder",
        subject=REMINDER_SUBJECTS[kind].format(title=booking.event.course.title),
        to=[booking.person.email],
        context=_booking_context(
            booking,
            kind=kind,
            is_fourteen_days=kind == ReminderSent.Kind.FOURTEEN_DAYS,
            is_five_days=kind == ReminderSent.Kind.FIVE_DAYS,
            is_day_before=kind == ReminderSent.Kind.DAY_BEFORE,
        ),
    )


def event_cancelled(booking_id: int) -> None:
    booking = _load(booking_id)
    _send(
        "event_cancelled",
        subject=f"Course cancelled: {booking.event.course.title}",
        to=[booking.person.email],
        context=_booking_context(booking),
        ics=(_ics_name(booking), booking_calendar(booking)),
    )


def _money(amount: Decimal) -> str:
    return f"£{amount:,.2f}".replace(".00", "")
