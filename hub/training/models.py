"""The training programme: courses, dated events, bookings, waiting lists, charges and follow-up.

Capacity rule (see ``services.py`` for the locking that enforces it): an event's places are
taken by

- confirmed bookings and bookings whose attendance has been marked (attended, partly attended,
  no-show: the place was used, so a past event stays full);
- pending-approval bookings that **hold a place** (``holds_place``): a request made while a
  place was free keeps that place while the line manager decides, so approval cannot find the
  event full. A request made when the event was already full holds nothing: if approved it
  joins the waiting list (or takes a place that has since become free);
- live offers (an ``offered`` booking whose ``offer_expires_at`` is still in the future).

``Event.starts_at`` and ``Event.ends_at`` copy the first session's start and the last
session's end, because lists filter and sort events by date. Whoever changes an event's
sessions calls ``Event.sync_dates()`` (``services.set_event_sessions`` does).
"""

from __future__ import annotations

import secrets
import uuid
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from simple_history.models import HistoricalRecords
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.search import index

from hub.core.models import Agency
from hub.core.workdays import add_working_days


class Level(models.IntegerChoices):
    """The partnership's training levels (its guidance page says who needs which)."""

    ONE = 1, "Level 1: introductory, for everyone who works with children"
    TWO = 2, "Level 2: core, for people who work regularly with children and families"
    THREE = 3, "Level 3: advanced, for people who hold case responsibility"
    FOUR = 4, "Level 4: specialist, for safeguarding leads and managers"


@register_setting(icon="date")
class TrainingSettings(BaseGenericSetting):
    """The programme's rules, edited by the business unit in the back office."""

    cancellation_working_days = models.PositiveSmallIntegerField(
        default=3,
        help_text="Delegates may cancel free of charge until this many working days before the course starts.",
    )
    offer_hours = models.PositiveSmallIntegerField(
        default=48,
        validators=[MinValueValidator(1)],
        help_text="How long a person on the waiting list has to accept a place offered to them.",
    )
    no_show_block_count = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1)],
        help_text="Non-attendances within the period below that stop a person booking until the business unit "
        "lifts the block.",
    )
    no_show_block_months = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1)],
        help_text="The period, in months, non-attendances are counted over.",
    )
    impact_follow_up_days = models.PositiveSmallIntegerField(
        default=90,
        validators=[MinValueValidator(1)],
        help_text="Days after attending a course when the delegate is asked about its impact on their practice.",
    )
    # The training levels page (programme area): the standard description of levels 1 to 4 is
    # written into the page; the partnership adds its own words here.
    level_guidance = RichTextField(
        "introduction to the training levels",
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text="Shown at the top of the training levels page, above the description of each level.",
    )

    class Meta:
        verbose_name = "training settings"


class SafeguardingWeek(models.Model):
    """A themed week of many short sessions, booked in one flow and evaluated as a whole."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    summary = models.TextField(blank=True)
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="safeguarding_weeks")
    is_published = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="training_week_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The last day must be the same as or after the first day"})


class CourseQuerySet(models.QuerySet):
    def published(self) -> CourseQuerySet:
        return self.filter(is_published=True)


class Course(index.Indexed, models.Model):
    """A course in the programme. Its dated runs are ``Event`` rows."""

    class DeliveryMode(models.TextChoices):
        IN_PERSON = "in-person", "In person"
        LIVE_ONLINE = "live-online", "Live online"
        ELEARNING = "e-learning", "E-learning"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.TextField(help_text="One or two sentences saying what the course covers and who it is for.")
    learning_outcomes = models.TextField(blank=True, help_text="One learning outcome on each line.")
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.TWO)
    audience = models.TextField(blank=True, help_text="Who should attend, for example 'Practitioners in any agency'.")
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="courses")
    actions = models.ManyToManyField(
        "core.Action",
        blank=True,
        related_name="courses",
        help_text="Actions on the tracker this course responds to, for example a recommendation from an audit "
        "finding. The course's evaluations and impact follow-ups then show on those actions.",
    )
    delivery_mode = models.CharField(max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.IN_PERSON)
    elearning_url = models.URLField(
        "e-learning link", max_length=500, blank=True, help_text="For e-learning courses: where the course is taken."
    )
    duration_hours = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text="Learning time in hours, for example 3 for a half day, 6.5 for a full day or 1.25 for 75 minutes.",
    )
    prerequisite_course = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads_to",
        help_text="A course delegates must have attended first.",
    )
    prerequisite_level = models.PositiveSmallIntegerField(
        choices=Level.choices,
        null=True,
        blank=True,
        help_text="Delegates must have attended a course at this level or above first.",
    )
    trainers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="training_courses")
    needs_manager_approval = models.BooleanField(
        "needs line manager approval",
        default=False,
        help_text="Bookings wait for the delegate's line manager to approve them.",
    )
    late_cancellation_charge = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Charged to the delegate's agency for a late cancellation, in pounds. Leave empty for no charge.",
    )
    non_attendance_charge = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Charged to the delegate's agency when they do not attend, in pounds. Leave empty for no charge.",
    )
    charge_schools_full_cost = models.BooleanField(
        "schools pay the full cost",
        default=False,
        help_text="Delegates from schools and colleges are charged the full cost of the course instead.",
    )
    full_cost = models.DecimalField(
        "full cost per place",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    is_published = models.BooleanField(default=False, help_text="Published courses are shown in the programme.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = CourseQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("summary"),
        index.SearchField("learning_outcomes"),
        index.FilterField("is_published"),
    ]

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="training_course_level_1_to_4"),
            models.CheckConstraint(
                condition=Q(prerequisite_level__isnull=True) | Q(prerequisite_level__gte=1, prerequisite_level__lte=4),
                name="training_course_prerequisite_level_1_to_4",
            ),
            models.CheckConstraint(condition=Q(duration_hours__gt=0), name="training_course_duration_positive"),
            models.CheckConstraint(
                condition=(Q(late_cancellation_charge__isnull=True) | Q(late_cancellation_charge__gte=0))
                & (Q(non_attendance_charge__isnull=True) | Q(non_attendance_charge__gte=0))
                & (Q(full_cost__isnull=True) | Q(full_cost__gte=0)),
                name="training_course_charges_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(charge_schools_full_cost=False) | Q(full_cost__isnull=False),
                name="training_course_full_cost_when_schools_pay_it",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        if self.delivery_mode == self.DeliveryMode.ELEARNING and not self.elearning_url.strip():
            errors["elearning_url"] = "Enter the link to the e-learning course"
        if self.charge_schools_full_cost and self.full_cost is None:
            errors["full_cost"] = "Enter the full cost of a place, which schools and colleges are charged"
        if self.pk and self.prerequisite_course_id == self.pk:
            errors["prerequisite_course"] = "A course cannot be its own prerequisite"
        if errors:
            raise ValidationError(errors)

    @property
    def outcomes(self) -> list[str]:
        return [line.strip() for line in self.learning_outcomes.splitlines() if line.strip()]

    @property
    def is_elearning(self) -> bool:
        return self.delivery_mode == self.DeliveryMode.ELEARNING

    def charge_for(self, booking: Booking, reason: str) -> Decimal:
        """What the delegate's agency is charged for ``booking`` (a late cancellation or no-show).

        Schools and colleges pay the full cost where the course says so; otherwise the charge
        for the reason applies. No charge set means nothing is charged (``Decimal("0")``).
        """
        agency = booking.person.agency
        if self.charge_schools_full_cost and agency is not None and agency.sector == Agency.Sector.EDUCATION:
            return self.full_cost or Decimal("0")
        if reason == Charge.Reason.LATE_CANCELLATION:
            amount = self.late_cancellation_charge
        elif reason == Charge.Reason.NO_SHOW:
            amount = self.non_attendance_charge
        else:
            raise ValueError(f"Unknown charge reason {reason!r}")
        return amount if amount is not None else Decimal("0")


class EventQuerySet(models.QuerySet):
    def scheduled(self) -> EventQuerySet:
        return self.filter(status=Event.Status.SCHEDULED)

    def upcoming(self, now: datetime | None = None) -> EventQuerySet:
        return self.scheduled().filter(starts_at__gte=now or timezone.now())

    def past(self, now: datetime | None = None) -> EventQuerySet:
        return self.filter(ends_at__lt=now or timezone.now())

    def with_places_left(self, now: datetime | None = None) -> EventQuerySet:
        """Count each event's taken places in the same query, for lists.

        ``event.places_left()`` and ``event.places_taken()`` then answer without a query.
        """
        now = now or timezone.now()
        taken = Count("bookings", filter=Booking.holds_place_q(now, prefix="bookings__"))
        return self.annotate(annotated_places_taken=taken)


class Event(ClusterableModel):
    """A dated run of a course: one or more sessions, a venue or joining link, and places."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="events")
    week = models.ForeignKey(
        SafeguardingWeek,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        help_text="The safeguarding week this session is part of, if any.",
    )
    capacity = models.PositiveIntegerField(help_text="The number of places.")
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.TextField(blank=True)
    accessibility_notes = models.TextField(
        blank=True, help_text="Step-free access, hearing loop, parking, quiet room and similar."
    )
    joining_link = models.URLField(
        max_length=500, blank=True, help_text="For live online sessions. Shown only to confirmed delegates."
    )
    booking_opens_at = models.DateTimeField(null=True, blank=True, help_text="Leave empty to open booking now.")
    booking_closes_at = models.DateTimeField(
        null=True, blank=True, help_text="Leave empty to take bookings until the course starts."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(blank=True)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="training_events",
        help_text="Leave empty when the course's trainers deliver it.",
    )
    notes = models.TextField(blank=True, help_text="Notes for trainers and the business unit; not shown to delegates.")
    # Denormalised from the sessions (first start, last end) so lists can filter and sort by date.
    starts_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    ends_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["course", "starts_at"]), models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_event_capacity_positive"),
            models.CheckConstraint(
                condition=Q(booking_opens_at__isnull=True)
                | Q(booking_closes_at__isnull=True)
                | Q(booking_closes_at__gt=F("booking_opens_at")),
                name="training_event_booking_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="training_event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status="scheduled") | Q(cancelled_at__isnull=False),
                name="training_event_cancelled_has_time",
            ),
        ]

    def __str__(self) -> str:
        if self.starts_at:
            return f"{self.course.title}, {timezone.localtime(self.starts_at):%-d %B %Y}"
        return self.course.title

    def clean(self):
        if self.booking_opens_at and self.booking_closes_at and self.booking_closes_at <= self.booking_opens_at:
            raise ValidationError({"booking_closes_at": "Booking must close after it opens"})

    # Dates ---------------------------------------------------------------------------------
    def sync_dates(self, *, save: bool = True) -> None:
        """Copy the first session's start and the last session's end onto the event."""
        bounds = self.sessions.aggregate(first=models.Min("starts_at"), last=models.Max("ends_at"))
        self.starts_at, self.ends_at = bounds["first"], bounds["last"]
        if save:
            type(self).objects.filter(pk=self.pk).update(starts_at=self.starts_at, ends_at=self.ends_at)

    @property
    def start_date(self) -> date | None:
        return timezone.localdate(self.starts_at) if self.starts_at else None

    @property
    def is_multi_day(self) -> bool:
        return bool(
            self.starts_at and self.ends_at and timezone.localdate(self.starts_at) != timezone.localdate(self.ends_at)
        )

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_online(self) -> bool:
        return self.course.delivery_mode == Course.DeliveryMode.LIVE_ONLINE

    def has_started(self, now: datetime | None = None) -> bool:
        return bool(self.starts_at and self.starts_at <= (now or timezone.now()))

    def booking_is_open(self, now: datetime | None = None) -> bool:
        """Whether people may book now: scheduled, within the booking window, not yet started."""
        now = now or timezone.now()
        if self.status != self.Status.SCHEDULED or self.starts_at is None or self.starts_at <= now:
            return False
        if self.booking_opens_at and now < self.booking_opens_at:
            return False
        return not (self.booking_closes_at and now >= self.booking_closes_at)

    def cancellation_deadline(self, working_days: int | None = None) -> date | None:
        """The last day a delegate may cancel free of charge (``working_days`` before the start)."""
        if self.starts_at is None:
            return None
        if working_days is None:
            working_days = TrainingSettings.load().cancellation_working_days
        return add_working_days(self.start_date, -working_days)

    def is_late_cancellation(self, now: datetime | None = None, working_days: int | None = None) -> bool:
        deadline = self.cancellation_deadline(working_days)
        return deadline is not None and timezone.localdate(now or timezone.now()) > deadline

    # Places --------------------------------------------------------------------------------
    def places_taken(self, now: datetime | None = None) -> int:
        annotated = self.__dict__.get("annotated_places_taken")
        if annotated is not None:
            return annotated
        return self.bookings.filter(Booking.holds_place_q(now or timezone.now())).count()

    def places_left(self, now: datetime | None = None) -> int:
        """Free places: capacity less confirmed and used places, held approvals and live offers.

        Uses the ``with_places_left()`` annotation when the event came from such a query.
        Read it inside the service's lock before acting on it.
        """
        return max(self.capacity - self.places_taken(now), 0)

    def is_full(self, now: datetime | None = None) -> bool:
        return self.places_left(now) == 0

    def waiting_count(self) -> int:
        return self.bookings.filter(status=Booking.Status.WAITLISTED).count()

    def delivering_trainers(self):
        """The event's own trainers, or the course's when none are named for the event."""
        trainers = list(self.trainers.all())
        return trainers or list(self.course.trainers.all())

    def is_trainer(self, user) -> bool:
        if not user.is_authenticated:
            return False
        if self.trainers.exists():
            return self.trainers.filter(pk=user.pk).exists()
        return self.course.trainers.filter(pk=user.pk).exists()


class EventSession(models.Model):
    """One dated session of an event (a two-day course has two)."""

    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=100, blank=True, help_text="Optional, for example 'Day 1'.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="training_session_ends_after_start")
        ]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at)
        return self.title or f"{start:%-d %B %Y}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The session must end after it starts"})

    @property
    def hours(self) -> Decimal:
        return Decimal((self.ends_at - self.starts_at).total_seconds() / 3600).quantize(Decimal("0.1"))


class BookingQuerySet(models.QuerySet):
    def active(self) -> BookingQuerySet:
        return self.filter(status__in=Booking.ACTIVE_STATUSES)

    def holding_place(self, now: datetime | None = None) -> BookingQuerySet:
        return self.filter(Booking.holds_place_q(now or timezone.now()))

    def waiting(self) -> BookingQuerySet:
        """The event-level waiting list in offer order: highest priority, then longest waiting."""
        return self.filter(status=Booking.Status.WAITLISTED).order_by("-priority", "joined_at", "id")

    def live_offers(self, now: datetime | None = None) -> BookingQuerySet:
        return self.filter(status=Booking.Status.OFFERED, offer_expires_at__gt=now or timezone.now())

    def for_person(self, person) -> BookingQuerySet:
        return self.filter(person=person)


class Booking(models.Model):
    """A person's place (or wish for a place) on an event, through its whole life.

    State machine (``services.py`` makes every move; nothing else changes ``status``)::

        book ─┬─> confirmed ───────────────┬─> attended / partly-attended / no-show
              ├─> waitlisted ─> offered ─┬─> confirmed (accept)
              │                          ├─> offer-declined (decline)
              │                          └─> expired (not answered in time)
              └─> pending-approval ─┬─> confirmed or waitlisted (approved)
                                    └─> declined (manager declined)
        pending-approval, confirmed, waitlisted, offered ─> cancelled
        confirmed ─> substituted (a colleague from the same agency takes the place)
    """

    class Status(models.TextChoices):
        PENDING_APPROVAL = "pending-approval", "Waiting for manager approval"
        CONFIRMED = "confirmed", "Booked"
        WAITLISTED = "waitlisted", "On the waiting list"
        OFFERED = "offered", "Place offered"
        CANCELLED = "cancelled", "Cancelled"
        DECLINED = "declined", "Not approved by manager"
        OFFER_DECLINED = "offer-declined", "Offered place turned down"
        EXPIRED = "expired", "Offer expired"
        SUBSTITUTED = "substituted", "Passed to a colleague"
        ATTENDED = "attended", "Attended"
        PARTLY_ATTENDED = "partly-attended", "Partly attended"
        NO_SHOW = "no-show", "Did not attend"

    # A person has at most one booking in these states per event (database constraint below).
    ACTIVE_STATUSES = (Status.PENDING_APPROVAL, Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED)
    ATTENDANCE_STATUSES = (Status.ATTENDED, Status.PARTLY_ATTENDED, Status.NO_SHOW)
    # States in which the booking uses one of the event's places outright.
    PLACE_STATUSES = (Status.CONFIRMED, *ATTENDANCE_STATUSES)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_bookings")
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who made the booking, when not the delegate.",
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    holds_place = models.BooleanField(
        default=False, help_text="A pending-approval booking made while a place was free keeps that place."
    )
    # Waiting list: higher priority is offered first; equal priority in the order people joined.
    priority = models.IntegerField(default=0)
    joined_at = models.DateTimeField("joined the waiting list", null=True, blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    course_waiting_list_entry = models.ForeignKey(
        "CourseWaitingListEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
        help_text="Set when the place was offered to someone waiting for any date of the course.",
    )
    # Line-manager approval.
    manager_email = models.EmailField("line manager's e-mail address", blank=True)
    manager_name = models.CharField("line manager's name", max_length=200, blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approval_decided_at = models.DateTimeField(null=True, blank=True)
    approval_note = models.TextField(blank=True, help_text="The manager's reason when they decline.")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Cancellation.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancellation_reason = models.TextField(blank=True)
    cancellation_chargeable = models.BooleanField(default=False)
    substituted_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="substitute",
        help_text="The colleague's booking this one took over.",
    )
    # Register.
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["event", "status"]),
            models.Index(fields=["person", "status"]),
            models.Index(fields=["status", "offer_expires_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "event"],
                condition=Q(status__in=["pending-approval", "confirmed", "waitlisted", "offered"]),
                name="training_booking_one_active_per_person_event",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "pending-approval",
                        "confirmed",
                        "waitlisted",
                        "offered",
                        "cancelled",
                        "declined",
                        "offer-declined",
                        "expired",
                        "substituted",
                        "attended",
                        "partly-attended",
                        "no-show",
                    ]
                ),
                name="training_booking_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False, offered_at__isnull=False),
                name="training_booking_offer_has_expiry",
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(joined_at__isnull=False),
                name="training_booking_waiting_has_joined_at",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancelled_at__isnull=False),
                name="training_booking_cancelled_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["attended", "partly-attended", "no-show"])
                | Q(attendance_marked_at__isnull=False),
                name="training_booking_attendance_has_time",
            ),
            models.CheckConstraint(
                condition=Q(holds_place=False) | Q(status="pending-approval"),
                name="training_booking_only_pending_holds_place",
            ),
            models.CheckConstraint(
                condition=Q(cancellation_chargeable=False) | Q(status="cancelled"),
                name="training_booking_chargeable_only_when_cancelled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.event}"

    @staticmethod
    def holds_place_q(now: datetime, *, prefix: str = "") -> Q:
        """The bookings that take one of an event's places at ``now``."""
        return (
            Q(**{f"{prefix}status__in": Booking.PLACE_STATUSES})
            | Q(**{f"{prefix}status": Booking.Status.PENDING_APPROVAL, f"{prefix}holds_place": True})
            | Q(**{f"{prefix}status": Booking.Status.OFFERED, f"{prefix}offer_expires_at__gt": now})
        )

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def has_attended(self) -> bool:
        return self.status in {self.Status.ATTENDED, self.Status.PARTLY_ATTENDED}

    def offer_is_live(self, now: datetime | None = None) -> bool:
        return (
            self.status == self.Status.OFFERED
            and self.offer_expires_at is not None
            and self.offer_expires_at > (now or timezone.now())
        )

    def can_see_joining_link(self) -> bool:
        """Only confirmed delegates (and those who came) see the online joining link."""
        return self.status in self.PLACE_STATUSES


class CourseWaitingListEntry(models.Model):
    """Someone who wants a place on a course on any date; offered places as they come up."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Waiting"
        FULFILLED = "fulfilled", "Place booked"
        WITHDRAWN = "withdrawn", "Left the waiting list"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="waiting_list_entries")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_course_waiting_list_entries"
    )
    priority = models.IntegerField(default=0, help_text="Higher priority is offered places first.")
    joined_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    manager_email = models.EmailField("line manager's e-mail address", blank=True)
    manager_name = models.CharField("line manager's name", max_length=200, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, help_text="When the person got a place or left.")

    class Meta:
        ordering = ["-priority", "joined_at", "id"]
        verbose_name_plural = "course waiting list entries"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "course"],
                condition=Q(status="active"),
                name="training_course_waiting_one_active_per_person",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "fulfilled", "withdrawn"]),
                name="training_course_waiting_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} waiting for {self.course}"


class Charge(models.Model):
    """A charge to a delegate's agency for a late cancellation or non-attendance."""

    class Reason(models.TextChoices):
        LATE_CANCELLATION = "late-cancellation", "Late cancellation"
        NO_SHOW = "no-show", "Non-attendance"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="charges")
    reason = models.CharField(max_length=30, choices=Reason.choices)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_charges",
        help_text="The delegate's agency when the charge arose.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    waived = models.BooleanField(default=False)
    waived_reason = models.TextField(blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    waived_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "reason"], name="training_charge_one_per_booking_reason"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="training_charge_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(waived=False) | ~Q(waived_reason=""), name="training_charge_waiver_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.amount} {self.get_reason_display().lower()}: {self.booking}"


class BookingBlock(models.Model):
    """Stops a person booking for themselves (after repeated non-attendance) until lifted."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_blocks")
    reason = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lift_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(lifted_at__isnull=True), name="training_block_one_active_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"Booking block on {self.person}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class ReminderSent(models.Model):
    """One reminder sent for one booking; the unique pair means it is never sent twice."""

    class Kind(models.TextChoices):
        FOURTEEN_DAYS = "14-day", "Two weeks before"
        FIVE_DAYS = "5-day", "Five days before (joining instructions)"
        DAY_BEFORE = "day-before", "The day before"

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="reminders_sent")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "kind"], name="training_reminder_once_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder for {self.booking}"


def _rating(low: int, high: int) -> list:
    return [MinValueValidator(low), MaxValueValidator(high)]


class Evaluation(models.Model):
    """A delegate's evaluation of a course they attended."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="evaluation")
    confidence_before = models.PositiveSmallIntegerField(
        validators=_rating(1, 10), help_text="1 (not at all confident) to 10 (very confident)"
    )
    confidence_after = models.PositiveSmallIntegerField(validators=_rating(1, 10))
    content_rating = models.PositiveSmallIntegerField("content", validators=_rating(1, 5))
    trainer_rating = models.PositiveSmallIntegerField("trainer", validators=_rating(1, 5))
    materials_rating = models.PositiveSmallIntegerField("materials", validators=_rating(1, 5))
    overall_rating = models.PositiveSmallIntegerField("overall", validators=_rating(1, 5))
    will_do_differently = models.TextField("what you will do differently")
    comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence_before__gte=1, confidence_before__lte=10)
                & Q(confidence_after__gte=1, confidence_after__lte=10),
                name="training_evaluation_confidence_1_to_10",
            ),
            models.CheckConstraint(
                condition=Q(content_rating__gte=1, content_rating__lte=5)
                & Q(trainer_rating__gte=1, trainer_rating__lte=5)
                & Q(materials_rating__gte=1, materials_rating__lte=5)
                & Q(overall_rating__gte=1, overall_rating__lte=5),
                name="training_evaluation_ratings_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Evaluation of {self.booking}"

    @property
    def confidence_shift(self) -> int:
        return self.confidence_after - self.confidence_before


# Certificate verification codes avoid letters and digits that are easily confused (0/O, 1/I/L).
VERIFICATION_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
VERIFICATION_CODE_LENGTH = 12


def new_verification_code() -> str:
    return "".join(secrets.choice(VERIFICATION_ALPHABET) for _ in range(VERIFICATION_CODE_LENGTH))


class Certificate(models.Model):
    """A certificate of attendance, released once the delegate has evaluated the course."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="certificate")
    verification_code = models.CharField(max_length=20, unique=True, default=new_verification_code, editable=False)
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"Certificate {self.verification_code}"


class ImpactRequest(models.Model):
    """The follow-up asking a delegate, some months after the course, what changed in practice."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="impact_request")
    due_on = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    manager_email = models.EmailField("line manager copied", blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"Impact follow-up for {self.booking}"

    @property
    def is_answered(self) -> bool:
        return hasattr(self, "response")


class ImpactResponse(models.Model):
    """How the learning changed a delegate's practice and what difference it made to children."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.OneToOneField(ImpactRequest, on_delete=models.CASCADE, related_name="response")
    answered_at = models.DateTimeField(default=timezone.now)
    practice_change = models.TextField("how your practice has changed")
    difference_for_children = models.TextField("the difference it has made for children and families")
    impact_themes = models.ManyToManyField("core.Theme", blank=True, related_name="training_impact_responses")
    chosen_for_report = models.BooleanField(
        default=False, help_text="Quote this response in the yearly report (chosen by the business unit)."
    )

    class Meta:
        ordering = ["-answered_at", "-id"]

    def __str__(self) -> str:
        return f"Impact response for {self.request.booking}"


class WeekEvaluation(models.Model):
    """A person's evaluation of a safeguarding week as a whole."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    week = models.ForeignKey(SafeguardingWeek, on_delete=models.CASCADE, related_name="evaluations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="week_evaluations")
    overall_rating = models.PositiveSmallIntegerField("overall", validators=_rating(1, 5))
    relevance_rating = models.PositiveSmallIntegerField("relevance to your work", validators=_rating(1, 5))
    organisation_rating = models.PositiveSmallIntegerField("organisation of the week", validators=_rating(1, 5))
    most_useful = models.TextField("what was most useful", blank=True)
    comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["week", "person"], name="training_week_evaluation_once_per_person"),
            models.CheckConstraint(
                condition=Q(overall_rating__gte=1, overall_rating__lte=5)
                & Q(relevance_rating__gte=1, relevance_rating__lte=5)
                & Q(organisation_rating__gte=1, organisation_rating__lte=5),
                name="training_week_evaluation_ratings_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}'s evaluation of {self.week}"
