"""Groups, memberships, meetings, decisions, forward plans, budget and development sessions."""

from __future__ import annotations

import copy
import uuid
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from hub.core import roles
from hub.core.periods import FinancialYear
from hub.core.permissions import is_business_unit
from hub.governance.uploads import validate_paper_file

# Paths under /account/groups/ that are not group pages; no group may take these slugs.
RESERVED_SLUGS = frozenset({"budget", "development-sessions"})


class ClusterHistoricalRecords(HistoricalRecords):
    """History for models edited inline in the back office (``ParentalKey`` children).

    A historical row points at its parent with a plain foreign key: a ``ParentalKey`` would
    register the history table as another inline child of the parent.
    """

    def fields_included(self, model):
        fields = []
        for field in super().fields_included(model):
            if isinstance(field, ParentalKey):
                field = copy.copy(field)
                field.__class__ = models.ForeignKey
            fields.append(field)
        return fields


def _validate_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(f"{value!r} is used by another page: choose a different short address")


class GroupQuerySet(models.QuerySet):
    def active_on(self, day: date) -> GroupQuerySet:
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=day)).filter(
            Q(active_to__isnull=True) | Q(active_to__gte=day)
        )

    def visible_to(self, user, day: date | None = None) -> GroupQuerySet:
        """Groups whose meetings and papers ``user`` may see.

        Current members see their groups; people holding the executive role see the Executive;
        the business unit sees every group except restricted panels it does not sit on.
        """
        if not user.is_authenticated:
            return self.none()
        day = day or timezone.localdate()
        seen = Q(pk__in=Membership.objects.current(day).filter(person=user).values("group_id"))
        if user.has_role(roles.EXECUTIVE):
            seen |= Q(is_executive=True, is_restricted=False)
        if is_business_unit(user):
            seen |= Q(is_restricted=False)
        return self.filter(seen)


class Group(index.Indexed, models.Model):
    """A group of the partnership: the Executive, a sub-group or a panel."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        BIMONTHLY = "bimonthly", "Every two months"
        QUARTERLY = "quarterly", "Quarterly"
        THREE_TIMES_A_YEAR = "three-times-a-year", "Three times a year"
        SIX_MONTHLY = "six-monthly", "Every six months"
        AS_REQUIRED = "as-required", "As required"

    # Months between meetings, used when planning a year of meetings.
    FREQUENCY_MONTHS = {
        Frequency.MONTHLY: 1,
        Frequency.BIMONTHLY: 2,
        Frequency.QUARTERLY: 3,
        Frequency.THREE_TIMES_A_YEAR: 4,
        Frequency.SIX_MONTHLY: 6,
    }

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        validators=[_validate_not_reserved],
        help_text="The group's short address, for example performance-and-learning.",
    )
    short_name = models.CharField(max_length=20, blank=True, help_text="Initials people use, for example PLG.")
    purpose = models.TextField(help_text="One or two sentences saying what the group is for.")
    terms_of_reference = RichTextField(blank=True, help_text="The group's terms of reference as agreed.")
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="chaired_groups"
    )
    meeting_frequency = models.CharField(max_length=30, choices=Frequency.choices, default=Frequency.QUARTERLY)
    active_from = models.DateField(null=True, blank=True, help_text="Leave empty if the group has always met.")
    active_to = models.DateField(
        null=True, blank=True, help_text="The last day of a group that was concluded or replaced."
    )
    is_executive = models.BooleanField(
        "the partnership's executive",
        default=False,
        help_text="People holding the executive role see this group's meetings and papers.",
    )
    is_restricted = models.BooleanField(
        "restricted panel",
        default=False,
        help_text="Only current members see its meetings and papers (for example the child death overview panel).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = GroupQuerySet.as_manager()

    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.SearchField("short_name")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:group-detail", args=[self.slug])

    def clean(self):
        if self.active_from and self.active_to and self.active_to < self.active_from:
            raise ValidationError({"active_to": "The last day must be the same as or after the first day"})

    def is_visible_to(self, user, day: date | None = None) -> bool:
        return Group.objects.visible_to(user, day).filter(pk=self.pk).exists()

    def is_active_on(self, day: date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or day <= self.active_to
        )

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name


class MembershipQuerySet(models.QuerySet):
    def current(self, day: date | None = None) -> MembershipQuerySet:
        day = day or timezone.localdate()
        return self.filter(started_on__lte=day).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))


class Membership(models.Model):
    """A person's seat on a group for a period, with the agency they represented."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice-chair", "Vice-chair"
        MEMBER = "member", "Member"
        ADVISER = "adviser", "Adviser"
        SECRETARIAT = "secretariat", "Secretariat"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships")
    agency = models.ForeignKey(
        "core.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="group_memberships",
        help_text="The agency the person represented while a member.",
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True, help_text="Leave empty while the person is a member.")
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group__name", "role", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "person", "started_on"], name="governance_membership_unique_start")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} of {self.group}"

    def clean(self):
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "The end date must be the same as or after the start date"})

    def is_current(self, day: date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now: datetime | None = None) -> MeetingQuerySet:
        return self.filter(ends_at__gte=now or timezone.now()).exclude(status=Meeting.Status.CANCELLED)

    def past(self, now: datetime | None = None) -> MeetingQuerySet:
        return self.filter(ends_at__lt=now or timezone.now())


class Meeting(ClusterableModel):
    """One meeting of a group, with its agenda, attendance and decisions."""

    class Mode(models.TextChoices):
        IN_PERSON = "in-person", "In person"
        TEAMS = "teams", "Microsoft Teams"
        HYBRID = "hybrid", "Hybrid (in person and Microsoft Teams)"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(
        max_length=200, blank=True, help_text="Leave empty for an ordinary meeting; for example 'Development day'."
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.TEAMS)
    location = models.CharField(max_length=300, blank=True, help_text="The room and building, for meetings in person.")
    joining_link = models.URLField(
        max_length=500, blank=True, help_text="The Microsoft Teams link, for meetings online or hybrid."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    panels = [
        FieldPanel("group"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        MultiFieldPanel(
            [FieldPanel("mode"), FieldPanel("location"), FieldPanel("joining_link")], heading="Where it takes place"
        ),
        FieldPanel("status"),
        InlinePanel("agenda_items", heading="Agenda", label="Agenda item"),
        InlinePanel("attendance", heading="Attendance", label="Attendance"),
        InlinePanel("decisions", heading="Decisions", label="Decision"),
    ]

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["group", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title or self.group.name}, {timezone.localtime(self.starts_at):%-d %B %Y}"

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The meeting must end after it starts"
        if self.mode in {self.Mode.IN_PERSON, self.Mode.HYBRID} and not self.location.strip():
            errors["location"] = "Enter where the meeting takes place"
        if self.mode in {self.Mode.TEAMS, self.Mode.HYBRID} and not self.joining_link.strip():
            errors["joining_link"] = "Enter the link to join the meeting online"
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting-detail", args=[self.group.slug, self.uuid])

    @property
    def display_title(self) -> str:
        return self.title or f"{self.group.name} meeting"

    @property
    def is_online(self) -> bool:
        return self.mode in {self.Mode.TEAMS, self.Mode.HYBRID}


def paper_upload_to(instance: Paper, filename: str) -> str:
    # Stored under a random name: the uploader's file name is kept only as data.
    extension = PurePath(filename).suffix.lower()
    return f"governance/papers/{uuid.uuid4().hex}{extension}"


class Paper(models.Model):
    """A document tabled at a meeting. Downloaded only through a permission-checked view."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=250)
    file = models.FileField(upload_to=paper_upload_to, max_length=200, validators=[validate_paper_file])
    original_filename = models.CharField(max_length=255, blank=True, editable=False)
    content_type = models.CharField(max_length=120, blank=True, editable=False)
    size = models.PositiveBigIntegerField(default=0, editable=False)
    confidentiality_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Who the paper may be shared with, for example 'Not for circulation beyond group members'.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:paper-download", args=[self.meeting.group.slug, self.uuid])

    @property
    def download_name(self) -> str:
        return self.original_filename or PurePath(self.file.name).name


class AgendaItem(models.Model):
    """One item on a meeting's agenda."""

    meeting = ParentalKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=1, help_text="Items are listed in this order.")
    title = models.CharField(max_length=250)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    paper = models.ForeignKey(
        Paper, on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items", help_text="Optional."
    )
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Time allowed, in minutes.")
    history = ClusterHistoricalRecords()

    panels = [
        FieldRowPanel([FieldPanel("order"), FieldPanel("duration_minutes")]),
        FieldPanel("title"),
        FieldPanel("presenter"),
        FieldPanel("paper"),
    ]

    class Meta:
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Minutes(models.Model):
    """The record of a meeting, approved by the group (usually at its next meeting)."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(help_text="Do not name children or include details that could identify them.")
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "minutes"

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class Attendance(models.Model):
    """Whether a person came to a meeting, and for which agency."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"
        DEPUTY = "deputy", "Attended as deputy"

    meeting = ParentalKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_attendance")
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PRESENT)
    deputy_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The member this person stood in for.",
    )
    history = ClusterHistoricalRecords()

    panels = [
        FieldRowPanel([FieldPanel("person"), FieldPanel("agency")]),
        FieldRowPanel([FieldPanel("status"), FieldPanel("deputy_for")]),
    ]

    class Meta:
        ordering = ["meeting", "agency__name", "person__last_name"]
        verbose_name_plural = "attendance"
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="governance_attendance_unique")]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


class Decision(models.Model):
    """A decision a group made at a meeting. It can raise actions on the shared tracker."""

    meeting = ParentalKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    order = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(help_text="What was decided, in plain words.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who made or announced the decision, usually the chair.",
    )
    theme = models.ForeignKey("core.Theme", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    history = ClusterHistoricalRecords()

    panels = [FieldPanel("order"), FieldPanel("text"), FieldRowPanel([FieldPanel("decided_by"), FieldPanel("theme")])]

    class Meta:
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return self.source_label

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#decision-{self.pk}"

    @property
    def source_label(self) -> str:
        """How actions raised by this decision name their source."""
        return f"Decision of {self.meeting.group.name}, {timezone.localtime(self.meeting.starts_at):%-d %B %Y}"


class ForwardPlanItem(models.Model):
    """Something a group plans to receive or consider: an assurance report, an audit, a review's learning."""

    class ItemType(models.TextChoices):
        ASSURANCE_REPORT = "assurance-report", "Assurance report"
        PERFORMANCE = "performance", "Performance report"
        AUDIT = "audit", "Multi-agency audit"
        REVIEW_LEARNING = "review-learning", "Learning from a review"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        RECEIVED = "received", "Received"
        DEFERRED = "deferred", "Deferred"
        WITHDRAWN = "withdrawn", "Withdrawn"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="forward_plan")
    planned_month = models.DateField(help_text="The month the item is due; the first day of the month is stored.")
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forward_plan_items",
        help_text="The meeting that takes the item, once known.",
    )
    topic = models.CharField(max_length=250)
    item_type = models.CharField(max_length=30, choices=ItemType.choices, default=ItemType.OTHER)
    agency = models.ForeignKey(
        "core.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The agency responsible for bringing the item.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group__name", "planned_month", "topic"]
        verbose_name = "forward plan item"

    def __str__(self) -> str:
        return f"{self.topic} ({self.planned_month:%B %Y})"

    def clean(self):
        # A month, not a day: keep one canonical date so ordering and filtering by month agree.
        if self.planned_month:
            self.planned_month = self.planned_month.replace(day=1)
        if self.meeting_id and self.group_id and self.meeting.group_id != self.group_id:
            raise ValidationError({"meeting": "Select a meeting of the same group"})


class BudgetYear(ClusterableModel):
    """The partnership's budget for one financial year: the partners' contributions."""

    start_year = models.PositiveSmallIntegerField(
        unique=True, help_text="The calendar year the financial year starts in, for example 2021 for 2021/22."
    )
    notes = models.TextField(blank=True, help_text="Anything readers should know, for example how NHS trusts pay.")
    history = HistoricalRecords()

    panels = [FieldPanel("start_year"), FieldPanel("notes"), InlinePanel("contributions", label="Contribution")]

    class Meta:
        ordering = ["-start_year"]

    def __str__(self) -> str:
        return f"Budget {self.label}"

    def clean(self):
        if self.start_year is not None and not 2000 <= self.start_year <= 2100:
            raise ValidationError({"start_year": "Enter a year between 2000 and 2100"})

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.start_year)

    @property
    def label(self) -> str:
        return self.financial_year.label

    @property
    def slug(self) -> str:
        return self.financial_year.slug

    def get_absolute_url(self) -> str:
        return reverse("governance:budget", args=[self.slug])

    def total(self) -> Decimal:
        """Sum of the contributions (uses prefetched rows when present)."""
        return sum((row.amount for row in self.contributions.all()), Decimal("0"))


class Contribution(models.Model):
    """One line of a year's budget: a partner's contribution or another source of income."""

    budget_year = ParentalKey(BudgetYear, on_delete=models.CASCADE, related_name="contributions")
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    label = models.CharField(
        max_length=200, help_text="As shown in the budget table, for example 'Durham Constabulary'."
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2, help_text="In pounds.")
    order = models.PositiveSmallIntegerField(default=1)
    history = ClusterHistoricalRecords()

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("agency")]),
        FieldRowPanel([FieldPanel("amount"), FieldPanel("order")]),
    ]

    class Meta:
        ordering = ["budget_year", "order", "id"]

    def __str__(self) -> str:
        return f"{self.label}: £{self.amount:,.2f}"

    def clean(self):
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": "The amount must be £0 or more"})


class DevelopmentSession(models.Model):
    """A partnership development session, held about twice a year with the relevant agencies."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    held_on = models.DateField("date")
    topic = models.CharField(max_length=250)
    questions = models.TextField(blank=True, help_text="The questions the session explored, one a line.")
    outcomes = models.TextField(blank=True, help_text="What the partnership agreed or learned.")
    attendees_count = models.PositiveIntegerField("number of people attending", null=True, blank=True)
    theme = models.ForeignKey("core.Theme", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on"]
        constraints = [models.UniqueConstraint(fields=["held_on", "topic"], name="governance_session_unique")]

    def __str__(self) -> str:
        return f"{self.topic} ({self.held_on:%B %Y})"

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]
