"""Section 11 self-assessment: each agency rates itself against the standards, with evidence.

Section 11 of the Children Act 2004 places a duty on named bodies to make arrangements to
safeguard and promote the welfare of children. The partnership checks those arrangements with a
yearly (or alternate-year) self-assessment against a set of standards held as data, the usual
eight from the 2007 statutory guidance by default.

A ``Section11Round`` is one cycle: its year, dates, the standards it asks about, the grading
scheme the ratings come from, and the agencies expected to return. Each agency's
``Section11Assessment`` holds one ``StandardRating`` per standard: the agency's own rating and
evidence (text and files), then the rating the business unit agreed at moderation beside it.
Answers are carried forward from the agency's previous assessment and marked as such until the
agency changes them. A ``ChallengeSession`` records the meeting where the partnership tested an
agency's self-assessment; actions arising are raised on the shared tracker with the assessment
as their source.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hub.core.models import Agency
from hub.core.periods import FinancialYear
from hub.learning.common import IDENTIFYING_DETAILS_WARNING, GradingScheme

__all__ = [
    "ChallengeSession",
    "EvidenceFile",
    "Section11Assessment",
    "Section11Reminder",
    "Section11Round",
    "Section11Standard",
    "StandardRating",
]


class Section11Standard(models.Model):
    """One standard agencies rate themselves against, for example "Safer recruitment"."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.PositiveSmallIntegerField(unique=True, help_text="The standard's number, shown as Standard 1.")
    title = models.CharField(max_length=200)
    description = models.TextField(
        blank=True, help_text="What the standard expects of an agency, and what evidence shows it is met."
    )
    position = models.PositiveSmallIntegerField(default=1, help_text="Standards are listed in this order.")
    active = models.BooleanField(default=True, help_text="Only active standards are added to a new round.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "number"]
        verbose_name = "Section 11 standard"

    def __str__(self) -> str:
        return f"Standard {self.number}: {self.title}"


class Section11Round(models.Model):
    """One Section 11 cycle: which agencies return, on which standards, by when."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(unique=True, help_text="Financial year starting (2021 means 2021/22).")
    opens_on = models.DateField()
    due_on = models.DateField(help_text="The date self-assessments must be submitted by.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    grading_scheme = models.ForeignKey(
        GradingScheme,
        on_delete=models.PROTECT,
        related_name="section11_rounds",
        help_text="The ratings agencies and moderators choose from, for example Fully met to Not met.",
    )
    standards = models.ManyToManyField(
        Section11Standard,
        blank=True,
        related_name="rounds",
        help_text="Left empty, every active standard is used when the round opens.",
    )
    agencies = models.ManyToManyField(
        Agency, related_name="section11_rounds", help_text="The agencies expected to complete a self-assessment."
    )
    introduction = models.TextField(blank=True, help_text="What agencies should know before they start.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = "Section 11 round"

    def __str__(self) -> str:
        return f"Section 11 {self.financial_year.label}"

    def get_absolute_url(self) -> str:
        return reverse("learning:section11-round", args=[self.financial_year.slug])

    def clean(self):
        if self.opens_on and self.due_on and self.due_on < self.opens_on:
            raise ValidationError({"due_on": "The due date must be the same as or after the opening date"})

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def is_overdue(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.due_on


class Section11AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> Section11AssessmentQuerySet:
        """Assessments ``user`` may open: every one for partnership readers, their own agency's for a SPOC.

        Members of the learning groups see ratings on the round's dashboard, not the assessments
        themselves with their evidence.
        """
        from hub.core import roles
        from hub.core.permissions import can_read_across_partnership

        if not user.is_authenticated:
            return self.none()
        if can_read_across_partnership(user):
            return self
        return self.filter(agency__in=user.agencies_with_role(roles.SPOC))


class Section11Assessment(models.Model):
    """One agency's self-assessment in a round."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        MODERATED = "moderated", "Moderated"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(Section11Round, on_delete=models.PROTECT, related_name="assessments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="section11_assessments")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    carried_forward_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The agency's earlier assessment whose answers started this one.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderation_summary = models.TextField(
        blank=True, help_text="What the business unit concluded overall. " + IDENTIFYING_DETAILS_WARNING
    )
    history = HistoricalRecords()

    objects = Section11AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["round", "agency__name"]
        verbose_name = "Section 11 self-assessment"
        constraints = [models.UniqueConstraint(fields=["round", "agency"], name="learning_section11assessment_unique")]

    def __str__(self) -> str:
        return f"{self.agency} Section 11 {self.round.financial_year.label}"

    def get_absolute_url(self) -> str:
        return reverse("learning:section11-assessment", args=[self.uuid])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_returned(self) -> bool:
        return self.status in {self.Status.SUBMITTED, self.Status.MODERATED}

    def is_late(self, today=None) -> bool:
        if self.submitted_at:
            return timezone.localdate(self.submitted_at) > self.round.due_on
        return self.round.is_overdue(today)

    @property
    def source_label(self) -> str:
        return f"Section 11 self-assessment of {self.agency} ({self.round.financial_year.label})"


class StandardRating(models.Model):
    """An agency's rating of itself against one standard, its evidence and the moderated rating."""

    assessment = models.ForeignKey(Section11Assessment, on_delete=models.CASCADE, related_name="ratings")
    standard = models.ForeignKey(Section11Standard, on_delete=models.PROTECT, related_name="ratings")
    self_rating = models.CharField(max_length=30, blank=True, help_text="A grade code of the round's scheme.")
    evidence = models.TextField(blank=True, help_text="What shows the rating is right. " + IDENTIFYING_DETAILS_WARNING)
    carried_forward = models.BooleanField(
        default=False, help_text="The rating and evidence were copied from the last cycle and not yet changed."
    )
    moderated_rating = models.CharField(max_length=30, blank=True)
    moderation_note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "standard__position", "standard__number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "standard"], name="learning_standardrating_unique")
        ]

    def __str__(self) -> str:
        return f"{self.assessment.agency}: {self.standard}"

    @property
    def differs_from_moderation(self) -> bool:
        return bool(self.moderated_rating and self.self_rating and self.moderated_rating != self.self_rating)


def evidence_upload_to(instance: EvidenceFile, filename: str) -> str:
    # Stored under a random name: the uploader's file name is kept only as data.
    return f"learning/section11/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class EvidenceFile(models.Model):
    """A document an agency attached as evidence for a standard. Downloaded through a checked view."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    rating = models.ForeignKey(StandardRating, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=evidence_upload_to, max_length=200)
    original_filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    carried_forward = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rating", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_filename

    def get_absolute_url(self) -> str:
        return reverse("learning:section11-evidence", args=[self.uuid])


class ChallengeSession(models.Model):
    """A meeting where the partnership tested an agency's self-assessment, and what came of it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(Section11Round, on_delete=models.PROTECT, related_name="challenge_sessions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="section11_challenge_sessions")
    held_on = models.DateField()
    attendees = models.TextField(help_text="Who attended, by role and agency.")
    challenges = models.TextField(help_text="The questions and challenges put to the agency.")
    responses = models.TextField(help_text="How the agency answered.")
    outcome = models.TextField(help_text="What was agreed, including any change to the ratings.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "held_on", "agency__name"]

    def __str__(self) -> str:
        return f"Challenge session with {self.agency} on {self.held_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("learning:section11-challenge", args=[self.uuid])


class Section11Reminder(models.Model):
    """A reminder sent to an agency for a round, so each kind goes once."""

    class Kind(models.TextChoices):
        DUE_SOON = "due-soon", "Due soon"
        OVERDUE = "overdue", "Overdue"

    round = models.ForeignKey(Section11Round, on_delete=models.CASCADE, related_name="reminders")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "agency", "kind"], name="learning_section11reminder_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder to {self.agency} for {self.round}"
