"""Case reviews: serious incident notifications, rapid reviews and practice reviews, with their clocks.

A serious incident notification records when the local authority became aware of the incident
(the anchor of every statutory clock) and when the incident happened. Its rapid review asks each
involved agency for a summary, meets, decides what happens next and records the national panel's
response. A decision for a local child safeguarding practice review or a learning review opens a
``PracticeReview`` with its milestones, monitoring, recommendations (raised on the shared action
tracker) and learning events. Serious case reviews from before 2018 are held in the same place.

No child's name is stored: cases carry a pseudonymous reference, and free-text fields warn
against identifying details. Records that two panel members may edit at once carry a ``version``
that every save checks (``services.save_versioned``), so nobody silently overwrites another.
Every view, change and export is written to ``AccessEntry``, which the panel chair reads.
"""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from hub.core.models import Agency

NO_IDENTIFYING_DETAILS = (
    "Do not write names, dates of birth, addresses or anything else that could identify a child or their family."
)
REFERENCE_PATTERN = re.compile(r"[A-Z0-9][A-Z0-9/-]{2,29}")


def validate_case_reference(value: str) -> None:
    if not REFERENCE_PATTERN.fullmatch(value or ""):
        raise ValidationError(
            "Enter the case reference in capital letters, numbers, hyphens or slashes, 3 to 30 characters "
            "(for example DSCP-RR-2021-03), never a name"
        )


@register_setting(icon="lock")
class ReviewSettings(BaseGenericSetting):
    """How the case reviews module behaves, edited by the business unit under Settings."""

    warn_days_before = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="Working days before a statutory deadline when the panel is e-mailed a reminder.",
    )
    small_number_threshold = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="In the yearly report, counts below this number are shown as 'fewer than N' so no child can be "
        "identified.",
    )
    summary_due_working_days = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(15)],
        help_text="Working days an agency is given to send its summary for a rapid review.",
    )

    class Meta:
        verbose_name = "Case review settings"


class Clock(models.TextChoices):
    NOTIFICATION = "notification", "Notify the national panel"
    RAPID_REVIEW = "rapid-review", "Complete the rapid review"
    DECISION_NOTICE = "decision-notice", "Tell the panel, Ofsted and DfE of the decision"
    PRACTICE_REVIEW = "practice-review", "Complete the local practice review"
    FINAL_REPORT = "final-report", "Send the final report to the panel and the Secretary of State"
    KEPT_ONLINE = "kept-online", "Keep the published report online"


class ClockRule(models.Model):
    """One statutory or expected deadline as the guidance in force from ``effective_from`` sets it.

    Rules are versioned by the date of the guidance: a clock uses the newest rule in force on its
    anchor date, so a review started under older guidance keeps its old deadline. Facts the
    partnership has not confirmed are marked ``confirmed = False`` and shown as such.
    """

    class Unit(models.TextChoices):
        WORKING_DAYS = "working-days", "working days"
        CALENDAR_DAYS = "days", "days"
        MONTHS = "months", "months"

    class Direction(models.TextChoices):
        AFTER = "after", "after"
        BEFORE = "before", "before"

    clock = models.CharField(max_length=30, choices=Clock.choices)
    effective_from = models.DateField(help_text="The date the guidance that sets this rule came into force.")
    amount = models.PositiveSmallIntegerField()
    unit = models.CharField(max_length=20, choices=Unit.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.AFTER)
    anchor = models.CharField(max_length=200, help_text="What the clock counts from, in the guidance's words.")
    guidance = models.CharField(max_length=200)
    confirmed = models.BooleanField(
        default=True, help_text="Untick when the partnership has not yet checked this rule against the guidance."
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["clock", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["clock", "effective_from"], name="reviews_one_rule_per_date")]

    def __str__(self) -> str:
        return f"{self.get_clock_display()}: {self.describe()} (from {self.effective_from:%d %B %Y})"

    def describe(self) -> str:
        return f"{self.amount} {self.get_unit_display()} {self.get_direction_display()} {self.anchor}"


class Versioned(models.Model):
    """A record protected against silent overwrites: each save through the services bumps ``version``."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class Notification(Versioned):
    """A serious incident notification (the duty of the local authority where the incident happened)."""

    class Harm(models.TextChoices):
        DIED = "died", "The child died"
        SERIOUSLY_HARMED = "harmed", "The child was seriously harmed"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(
        max_length=30, unique=True, validators=[validate_case_reference], help_text="The pseudonymous case reference."
    )
    harm = models.CharField(max_length=10, choices=Harm.choices)
    incident_on = models.DateField("date of the incident")
    became_aware_on = models.DateField(
        "date the local authority became aware", help_text="Every statutory clock counts from this date."
    )
    notifying_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    looked_after_child_died = models.BooleanField(
        default=False, help_text="The Secretary of State and Ofsted are told whether or not abuse is suspected."
    )
    summary = models.TextField(help_text=NO_IDENTIFYING_DETAILS)
    notified_panel_on = models.DateField("date notified to the national panel", null=True, blank=True)
    panel_reference = models.CharField("national panel reference", max_length=40, blank=True)
    partners_told_on = models.DateField("date the safeguarding partners were told", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-became_aware_on", "-id"]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("reviews:notification", args=[self.uuid])

    def clean(self) -> None:
        errors = {}
        if self.incident_on and self.became_aware_on and self.became_aware_on < self.incident_on:
            errors["became_aware_on"] = "The date the local authority became aware must be on or after the incident"
        if self.notified_panel_on and self.became_aware_on and self.notified_panel_on < self.became_aware_on:
            errors["notified_panel_on"] = "The date notified must be on or after the date the authority became aware"
        if errors:
            raise ValidationError(errors)


class RapidReview(Versioned):
    """The rapid review of one notification: agency summaries, the meeting, the decision, the panel's reply."""

    class Decision(models.TextChoices):
        LOCAL_REVIEW = "local-review", "Commission a local child safeguarding practice review"
        NO_LOCAL_REVIEW = "no-local-review", "No local review: the learning is already identified"
        LEARNING_REVIEW = "learning-review", "Commission a learning review"
        NATIONAL_REVIEW = "national-review", "Refer to the national panel for a national review"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    notification = models.OneToOneField(Notification, on_delete=models.PROTECT, related_name="rapid_review")
    meeting_on = models.DateField("date of the rapid review meeting", null=True, blank=True)
    immediate_actions = models.TextField(
        "immediate action for the child's or other children's safety", blank=True, help_text=NO_IDENTIFYING_DETAILS
    )
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    rationale = models.TextField(blank=True, help_text=NO_IDENTIFYING_DETAILS)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_notified_on = models.DateField(
        "date the panel, Ofsted and DfE were told of the decision", null=True, blank=True
    )
    submitted_to_panel_on = models.DateField("date sent to the national panel", null=True, blank=True)
    panel_responded_on = models.DateField("date of the national panel's response", null=True, blank=True)
    panel_response = models.TextField("the national panel's response", blank=True, help_text=NO_IDENTIFYING_DETAILS)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-notification__became_aware_on", "-id"]

    def __str__(self) -> str:
        return f"Rapid review {self.notification.reference}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:notification", args=[self.notification.uuid]) + "#rapid-review"

    @property
    def is_decided(self) -> bool:
        return bool(self.decision)


class SummaryRequest(Versioned):
    """A request to one involved agency for its summary of its work with the child and family."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    rapid_review = models.ForeignKey(RapidReview, on_delete=models.CASCADE, related_name="summary_requests")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    requested_at = models.DateTimeField(auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    involvement = models.TextField("the agency's involvement", blank=True, help_text=NO_IDENTIFYING_DETAILS)
    analysis = models.TextField("analysis and early learning", blank=True, help_text=NO_IDENTIFYING_DETAILS)
    immediate_actions = models.TextField("action already taken", blank=True, help_text=NO_IDENTIFYING_DETAILS)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["version", "reminded_on"])

    class Meta:
        ordering = ["due_on", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["rapid_review", "agency"], name="reviews_one_summary_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency} summary for {self.rapid_review.notification.reference}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:summary", args=[self.uuid])

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class PracticeReview(Versioned):
    """A local child safeguarding practice review, a learning review, or a serious case review from before 2018."""

    class Kind(models.TextChoices):
        LOCAL = "lcspr", "Local child safeguarding practice review"
        LEARNING = "learning", "Learning review"
        SERIOUS_CASE = "scr", "Serious case review (before 2018)"

    class Stage(models.TextChoices):
        TERMS = "terms", "Agreeing terms of reference"
        IN_PROGRESS = "in-progress", "Review in progress"
        DRAFT = "draft", "Draft report"
        FINAL = "final", "Final report agreed"
        PUBLISHED = "published", "Published"
        CLOSED = "closed", "Closed"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=30, unique=True, validators=[validate_case_reference])
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(
        max_length=200, help_text="A title that identifies nobody, for example 'Child H' or 'Neglect of siblings'."
    )
    rapid_review = models.ForeignKey(
        RapidReview, on_delete=models.PROTECT, null=True, blank=True, related_name="practice_reviews"
    )
    decided_on = models.DateField("date of the decision to review", help_text="The review's clock counts from here.")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.TERMS)
    terms_of_reference = models.TextField(blank=True, help_text=NO_IDENTIFYING_DETAILS)
    reviewer = models.CharField("reviewer commissioned", max_length=200, blank=True)
    reviewer_commissioned_on = models.DateField(null=True, blank=True)
    draft_received_on = models.DateField("draft report received", null=True, blank=True)
    final_report_on = models.DateField("final report agreed", null=True, blank=True)
    sent_to_panel_on = models.DateField(
        "final report sent to the national panel and the Secretary of State", null=True, blank=True
    )
    publication_planned_on = models.DateField("publication planned for", null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_url = models.URLField(
        "where the report is published", blank=True, help_text="The resource in the website's library."
    )
    not_published_reason = models.TextField(
        "why the report is not published", blank=True, help_text="Publish information about the improvements instead."
    )
    summary = models.TextField("summary of the learning", blank=True, help_text=NO_IDENTIFYING_DETAILS)
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:practice-review", args=[self.uuid])

    @property
    def source_label(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"

    def clean(self) -> None:
        errors = {}
        if self.published_on and self.sent_to_panel_on and self.published_on < self.sent_to_panel_on:
            errors["published_on"] = "The report cannot be published before it was sent to the panel"
        if self.final_report_on and self.decided_on and self.final_report_on < self.decided_on:
            errors["final_report_on"] = "The final report cannot be agreed before the decision to review"
        if errors:
            raise ValidationError(errors)


class MonitoringCheck(models.Model):
    """The partners' check of a review's time and quality (Regulation 14), at intervals they choose."""

    class OnTrack(models.TextChoices):
        YES = "yes", "On track"
        AT_RISK = "at-risk", "At risk of delay"
        DELAYED = "delayed", "Delayed"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(PracticeReview, on_delete=models.CASCADE, related_name="monitoring")
    checked_on = models.DateField()
    timeliness = models.CharField(max_length=10, choices=OnTrack.choices)
    quality = models.TextField("quality of the work so far", help_text=NO_IDENTIFYING_DETAILS)
    requested_draft = models.BooleanField("asked the reviewer in writing for information or a draft", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-checked_on", "-id"]

    def __str__(self) -> str:
        return f"Monitoring of {self.review.reference} on {self.checked_on:%d %B %Y}"


class Recommendation(models.Model):
    """One recommendation of a review; the partnership's response is an action on the shared tracker."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(PracticeReview, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField(help_text=NO_IDENTIFYING_DETAILS)
    action = models.OneToOneField(
        "core.Action", on_delete=models.SET_NULL, null=True, blank=True, related_name="review_recommendation"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "number"]
        constraints = [models.UniqueConstraint(fields=["review", "number"], name="reviews_recommendation_number")]

    def __str__(self) -> str:
        return f"{self.review.reference} recommendation {self.number}"

    @property
    def source_label(self) -> str:
        return f"{self.review.source_label}, recommendation {self.number}"


class LearningEvent(models.Model):
    """A session where practitioners heard and discussed a review's learning."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(PracticeReview, on_delete=models.CASCADE, related_name="learning_events")
    held_on = models.DateField()
    title = models.CharField(max_length=200)
    practitioners = models.PositiveIntegerField("practitioners attending", default=0)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="+")
    notes = models.TextField(blank=True, help_text=NO_IDENTIFYING_DETAILS)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d %B %Y})"


class AccessEntry(models.Model):
    """Who viewed, changed or exported a review record, and when. Never edited; read by panel chairs.

    The entries form a hash chain, so a change made to the table outside the Hub shows.
    """

    class Kind(models.TextChoices):
        VIEWED = "viewed", "Viewed"
        LISTED = "listed", "Saw in a list"
        CHANGED = "changed", "Changed"
        CREATED = "created", "Created"
        EXPORTED = "exported", "Exported"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user_label = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    record_type = models.CharField(max_length=40)
    record_id = models.PositiveBigIntegerField()
    record_label = models.CharField(max_length=120)
    path = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    # Each entry's digest covers its own fields and the previous entry's digest, so changing or
    # removing an entry breaks the chain from there on (``access.verify_chain``).
    digest = models.CharField(max_length=64, editable=False, default="")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "access entries"
        indexes = [models.Index(fields=["record_type", "record_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label} {self.kind} {self.record_label}"

    def content(self) -> str:
        """The fields the digest covers, in a fixed order."""
        return "|".join(
            str(value)
            for value in (
                self.at.isoformat(),
                self.user_id or "",
                self.user_label,
                self.kind,
                self.record_type,
                self.record_id,
                self.record_label,
                self.path,
                self.ip_address or "",
                self.detail,
            )
        )


class ClockAlert(models.Model):
    """An e-mail sent about a deadline, so each reminder and each missed-deadline alert goes once."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", "Reminder before the deadline"
        MISSED = "missed", "Deadline passed"

    clock = models.CharField(max_length=30, choices=Clock.choices)
    record_type = models.CharField(max_length=40)
    record_id = models.PositiveBigIntegerField()
    due_on = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["clock", "record_type", "record_id", "due_on", "kind"], name="reviews_one_alert_per_deadline"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_clock_display()} ({self.due_on:%d %B %Y})"


class NationalReview(models.Model):
    """A national panel review or report, and the partnership's local response to its learning."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=250)
    published_by = models.CharField(max_length=200, default="Child Safeguarding Practice Review Panel")
    published_on = models.DateField()
    url = models.URLField("where it is published", blank=True)
    summary = models.TextField("what it found")
    local_response = models.TextField("the partnership's response", blank=True)
    responded_on = models.DateField("date the partnership agreed its response", null=True, blank=True)
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reviews:national-review", args=[self.uuid])

    @property
    def source_label(self) -> str:
        return f"National review: {self.title}"[:300]


class RetentionRule(models.Model):
    """How long a kind of review record is kept once it is finished; a scheduled job deletes it after.

    The period is counted from the record's last date: for a notification, its rapid review's
    decision (or the date the authority became aware); for a practice review, publication (or the
    final report, or the decision); for a child death, the panel's review. Deleting a record
    deletes its history and its access log too.
    """

    class RecordType(models.TextChoices):
        NOTIFICATION = "notification", "Serious incident notifications, rapid reviews and agency summaries"
        PRACTICE_REVIEW = "practice-review", "Practice reviews with their monitoring, recommendations and events"
        CHILD_DEATH = "child-death", "Child death records with their reporting forms and analysis"

    record_type = models.CharField(max_length=30, choices=RecordType.choices, unique=True)
    years = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(100)])
    basis = models.CharField(max_length=300, help_text="Why this period: the policy or schedule it follows.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["record_type"]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()}: {self.years} years"


# Child death reviews ---------------------------------------------------------------------------------


class DeathCategory(models.Model):
    """A category of death on the child death review analysis form, in a versioned code list.

    A new version of the list adds rows with a new ``version`` and closes the old ones with
    ``valid_until``; reviews keep the category they were analysed under.
    """

    code = models.CharField(max_length=10)
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=20, help_text="The code list's version, for example 2019.")
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "order", "code"]
        verbose_name_plural = "death categories"
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="reviews_one_category_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class ChildDeath(Versioned):
    """One child's death, from notification to the child death overview panel's analysis.

    The NHS number is held encrypted and shown masked; no name, date of birth or address is held.
    """

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        INDETERMINATE = "indeterminate", "Indeterminate"
        NOT_KNOWN = "not-known", "Not known"

    class Ethnicity(models.TextChoices):
        ASIAN = "asian", "Asian or Asian British"
        BLACK = "black", "Black, Black British, Caribbean or African"
        MIXED = "mixed", "Mixed or multiple ethnic groups"
        WHITE = "white", "White"
        OTHER = "other", "Other ethnic group"
        NOT_STATED = "not-stated", "Not stated"

    class Place(models.TextChoices):
        HOSPITAL = "hospital", "Hospital"
        HOSPICE = "hospice", "Hospice"
        HOME = "home", "Home"
        PUBLIC_PLACE = "public", "Public place"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        NOTIFIED = "notified", "Notified"
        GATHERING = "gathering", "Gathering agency reports"
        WAITING = "waiting", "Waiting on inquest or criminal proceedings"
        READY_FOR_CDRM = "ready-cdrm", "Ready for the child death review meeting"
        READY_FOR_PANEL = "ready-cdop", "Ready for the child death overview panel"
        REVIEWED = "reviewed", "Reviewed by the panel"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=30, unique=True, validators=[validate_case_reference])
    nhs_number_encrypted = models.TextField(blank=True, editable=False)
    nhs_number_last4 = models.CharField("NHS number (last 4 digits)", max_length=4, blank=True, editable=False)
    age_days = models.PositiveIntegerField("age at death in days", validators=[MaxValueValidator(18 * 366)])
    sex = models.CharField(max_length=15, choices=Sex.choices)
    ethnicity = models.CharField(max_length=15, choices=Ethnicity.choices)
    died_on = models.DateField("date of death")
    place = models.CharField("place of death", max_length=15, choices=Place.choices)
    unexpected = models.BooleanField("the death was unexpected")
    joint_agency_response = models.BooleanField("a joint agency response was held", default=False)
    notified_on = models.DateField("date the child death review team was notified")
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.NOTIFIED)
    cdrm_on = models.DateField("date of the child death review meeting", null=True, blank=True)
    panel_on = models.DateField("date of the child death overview panel", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["version", "nhs_number_encrypted"])

    class Meta:
        ordering = ["-died_on", "-id"]
        permissions = [("export_childdeath", "Can export child death reviews for the national database")]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("reviews:child-death", args=[self.uuid])

    @property
    def age_label(self) -> str:
        if self.age_days < 28:
            return f"{self.age_days} day{'s' if self.age_days != 1 else ''}"
        if self.age_days < 365:
            months = self.age_days * 12 // 365
            return f"{max(months, 1)} month{'s' if max(months, 1) != 1 else ''}"
        years = self.age_days // 365
        return f"{years} year{'s' if years != 1 else ''}"

    @property
    def nhs_number_masked(self) -> str:
        return f"*** *** {self.nhs_number_last4}" if self.nhs_number_last4 else "Not recorded"

    def set_nhs_number(self, value: str) -> None:
        from hub.reviews import crypto

        digits = (value or "").replace(" ", "")
        self.nhs_number_encrypted = crypto.encrypt(digits)
        self.nhs_number_last4 = digits[-4:]

    def nhs_number(self) -> str:
        from hub.reviews import crypto

        return crypto.decrypt(self.nhs_number_encrypted)

    def clean(self) -> None:
        errors = {}
        if self.died_on and self.notified_on and self.notified_on < self.died_on:
            errors["notified_on"] = "The notification date must be on or after the date of death"
        if self.panel_on and self.died_on and self.panel_on < self.died_on:
            errors["panel_on"] = "The panel cannot review the death before it happened"
        if errors:
            raise ValidationError(errors)


class ReportingRequest(models.Model):
    """A reporting form asked of one agency involved with the child, with its due date and chasing."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    death = models.ForeignKey(ChildDeath, on_delete=models.CASCADE, related_name="reporting_requests")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    professional_role = models.CharField(
        "professional involved (role, not name)", max_length=200, help_text="For example 'Health visitor'."
    )
    due_on = models.DateField()
    received_on = models.DateField(null=True, blank=True)
    chased_count = models.PositiveSmallIntegerField(default=0, editable=False)
    last_chased_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "agency__name"]

    def __str__(self) -> str:
        return f"Reporting form from {self.agency} for {self.death.reference}"


class DeathAnalysis(Versioned):
    """The child death overview panel's analysis of one death."""

    class Modifiable(models.TextChoices):
        YES = "yes", "Modifiable factors identified"
        NO = "no", "No modifiable factors identified"
        INSUFFICIENT = "insufficient", "Insufficient information"

    death = models.OneToOneField(ChildDeath, on_delete=models.CASCADE, related_name="analysis")
    category = models.ForeignKey(DeathCategory, on_delete=models.PROTECT, related_name="+")
    modifiable = models.CharField("modifiable factors", max_length=15, choices=Modifiable.choices)
    learning = models.TextField(blank=True, help_text=NO_IDENTIFYING_DETAILS)
    analysed_on = models.DateField()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name_plural = "death analyses"

    def __str__(self) -> str:
        return f"Analysis of {self.death.reference}"


class Factor(models.Model):
    """A factor the panel recorded in one of the four domains, graded 0, 1 or 2."""

    class Domain(models.TextChoices):
        CHILD = "child", "Factors intrinsic to the child"
        FAMILY = "family", "Social environment, including family and parenting capacity"
        PHYSICAL = "physical", "Physical environment"
        SERVICES = "services", "Service provision"

    class Grade(models.IntegerChoices):
        NO_INFORMATION = 0, "0: information not available"
        NOT_CONTRIBUTED = 1, "1: present, but unlikely to have contributed"
        CONTRIBUTED = 2, "2: may have contributed to the death"

    analysis = models.ForeignKey(DeathAnalysis, on_delete=models.CASCADE, related_name="factors")
    domain = models.CharField(max_length=10, choices=Domain.choices)
    description = models.CharField(max_length=300, help_text=NO_IDENTIFYING_DETAILS)
    grade = models.PositiveSmallIntegerField(choices=Grade.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["domain", "-grade", "id"]

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.description} ({self.grade})"


class ThematicReview(models.Model):
    """The panel's review of a theme across several deaths (for example sleeping arrangements)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    deaths = models.ManyToManyField(ChildDeath, related_name="thematic_reviews")
    findings = models.TextField(help_text=NO_IDENTIFYING_DETAILS)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reviews:thematic-review", args=[self.uuid])
