"""Builders for training tests. Other apps' and views' tests import these.

They write rows directly (no e-mail, no audit entries) so a test can start from any state;
tests of a workflow then call the service under test.
"""

from __future__ import annotations

import itertools
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from hub.core.models import User
from hub.testing import make_user
from hub.training.models import (
    Booking,
    Course,
    CourseWaitingListEntry,
    Event,
    EventSession,
    SafeguardingWeek,
    TrainingSettings,
)

_counter = itertools.count(1)


def make_course(title: str | None = None, *, themes=(), trainers=(), **fields) -> Course:
    number = next(_counter)
    title = title or f"Course {number}"
    fields.setdefault("slug", f"course-{number}")
    fields.setdefault("summary", f"What {title} covers.")
    fields.setdefault("duration_hours", Decimal("3.0"))
    fields.setdefault("is_published", True)
    course = Course.objects.create(title=title, **fields)
    if themes:
        course.themes.set(themes)
    if trainers:
        course.trainers.set(trainers)
    return course


def local_datetime(day, hour: int = 9, minute: int = 30) -> datetime:
    """An aware datetime at ``hour:minute`` local time on ``day``."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def make_event(
    course: Course | None = None,
    *,
    starts_at: datetime | None = None,
    days: int = 1,
    hours: float = 3,
    capacity: int = 20,
    trainers=(),
    **fields,
) -> Event:
    """An event with ``days`` sessions on consecutive days, each ``hours`` long.

    Starts 30 days from now at 9:30am unless ``starts_at`` is given.
    """
    course = course or make_course()
    if starts_at is None:
        starts_at = local_datetime(timezone.localdate() + timedelta(days=30))
    fields.setdefault("venue_name", "Partnership Training Room")
    fields.setdefault("venue_address", "1 Example Street\nExampletown\nEX1 1AA")
    event = Event.objects.create(course=course, capacity=capacity, **fields)
    for day in range(days):
        start = starts_at + timedelta(days=day)
        EventSession.objects.create(event=event, starts_at=start, ends_at=start + timedelta(hours=hours))
    event.sync_dates()
    if trainers:
        event.trainers.set(trainers)
    return event


def make_booking(
    event: Event | None = None, person: User | None = None, *, status: str = Booking.Status.CONFIRMED, **fields
) -> Booking:
    """A booking in any state, with the timestamps that state needs."""
    event = event or make_event()
    person = person or make_user()
    now = timezone.now()
    if status == Booking.Status.WAITLISTED:
        fields.setdefault("joined_at", now)
    if status == Booking.Status.OFFERED:
        fields.setdefault("joined_at", now)
        fields.setdefault("offered_at", now)
        fields.setdefault("offer_expires_at", now + timedelta(hours=48))
    if status == Booking.Status.CANCELLED:
        fields.setdefault("cancelled_at", now)
    if status in Booking.ATTENDANCE_STATUSES:
        fields.setdefault("attendance_marked_at", now)
    if status in Booking.PLACE_STATUSES:
        fields.setdefault("confirmed_at", now)
    return Booking.objects.create(event=event, person=person, status=status, **fields)


def make_course_waiting_list_entry(course: Course, person: User | None = None, **fields) -> CourseWaitingListEntry:
    return CourseWaitingListEntry.objects.create(course=course, person=person or make_user(), **fields)


def make_week(title: str | None = None, **fields) -> SafeguardingWeek:
    number = next(_counter)
    start = fields.pop("starts_on", timezone.localdate() + timedelta(days=60))
    return SafeguardingWeek.objects.create(
        title=title or f"Safeguarding week {number}",
        slug=fields.pop("slug", f"week-{number}"),
        starts_on=start,
        ends_on=fields.pop("ends_on", start + timedelta(days=4)),
        **fields,
    )


def training_settings(**values) -> TrainingSettings:
    """Change the programme's rules for a test."""
    current = TrainingSettings.load()
    for name, value in values.items():
        setattr(current, name, value)
    current.save()
    return current


def calendar_attachment(message):
    """The parsed .ics attached to an e-mail, or ``None``."""
    from icalendar import Calendar

    for attachment in message.attachments:
        filename, content, mimetype = attachment
        if mimetype.startswith("text/calendar"):
            return Calendar.from_ical(content)
    return None


def html_body(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")
