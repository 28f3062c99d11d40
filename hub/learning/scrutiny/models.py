"""Independent scrutiny: the scrutiny plan, scrutiny reviews, the challenge log and the scrutineer's statement.

The independent scrutineer, supported by a panel of independent members, tests how well the
arrangements keep children safe. What they plan to look at each year is the scrutiny plan; a
review records its purpose, who took part, how, what it found and what it recommends (each
recommendation can become an action on the shared tracker, whose ``source`` is the review).
Challenges the scrutineer puts to an agency or group are kept in the challenge log until the
response is accepted and the challenge closed with evidence. The scrutineer's statement is the
signed-off text for the yearly report.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from hub.core.models import Agency
from hub.core.periods import FinancialYear
from hub.learning.common import IDENTIFYING_DETAILS_WARNING

__all__ = [
    "Challenge",
    "ScrutinyPlanItem",
    "ScrutinyReview",
    "ScrutinyStatement",
]


def review_report_upload_to(instance, filename: str) -> str:
    return f"learning/scrutiny/{instance.uuid}/{filename}"


class ScrutinyReview(models.Model):
    """A piece of scrutiny by the scrutineer and panel, for example of Designated Safeguarding Leads."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in-progress", "In progress"
        REPORTED = "reported", "Reported"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField(help_text="Financial year starting (2021 means 2021/22).")
    purpose = models.TextField(help_text="What the review seeks assurance on.")
    scope = models.TextField(blank=True, help_text="Which services, settings or practice it covers.")
    panel_members = models.TextField(
        blank=True, help_text="Who carried out the review, one per line (roles, for example Independent member)."
    )
    method = models.TextField(blank=True, help_text="How: for example questionnaires, focus groups, case sampling.")
    started_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    findings = models.TextField(blank=True, help_text="What the review found. " + IDENTIFYING_DETAILS_WARNING)
    recommendations = models.TextField(blank=True, help_text="What the review recommends, one per line.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    report_file = models.FileField(
        upload_to=review_report_upload_to, max_length=200, blank=True, help_text="The published report (PDF)."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:scrutiny-review", args=[self.uuid])

    def clean(self):
        if self.started_on and self.completed_on and self.completed_on < self.started_on:
            raise ValidationError({"completed_on": "The date the review finished must be on or after it started"})

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year)

    @property
    def recommendation_list(self) -> list[str]:
        return [line.strip() for line in self.recommendations.splitlines() if line.strip()]

    @property
    def panel_list(self) -> list[str]:
        return [line.strip() for line in self.panel_members.splitlines() if line.strip()]

    @property
    def source_label(self) -> str:
        return f"Scrutiny review: {self.title} ({self.financial_year.label})"[:300]


class ScrutinyPlanItem(models.Model):
    """One piece of scrutiny planned for a year."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in-progress", "In progress"
        COMPLETED = "completed", "Completed"
        DEFERRED = "deferred", "Deferred"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(help_text="Financial year starting (2021 means 2021/22).")
    topic = models.CharField(max_length=200)
    method = models.CharField(
        max_length=300, help_text="How, for example a panel review, observation of a meeting or a case sample."
    )
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    review = models.ForeignKey(
        ScrutinyReview,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_items",
        help_text="The review that carried out this part of the plan, once there is one.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "planned_start", "topic"]
        constraints = [models.UniqueConstraint(fields=["year", "topic"], name="learning_scrutinyplanitem_unique")]
        verbose_name = "scrutiny plan item"

    def __str__(self) -> str:
        return f"{self.topic} ({self.financial_year.label})"

    def clean(self):
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValidationError({"planned_end": "The planned end must be on or after the planned start"})

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year)


class Challenge(models.Model):
    """A challenge the scrutineer put to an agency or a group, its response and how it was closed."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESPONDED = "responded", "Responded"
        CLOSED = "closed", "Closed"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    raised_on = models.DateField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="scrutiny_challenges"
    )
    to_group = models.CharField(
        max_length=200, blank=True, help_text="The group or board challenged, for example the Executive."
    )
    summary = models.CharField(max_length=200, help_text="The challenge in a few words, for the log.")
    challenge = models.TextField(help_text=IDENTIFYING_DETAILS_WARNING)
    review = models.ForeignKey(
        ScrutinyReview, on_delete=models.SET_NULL, null=True, blank=True, related_name="challenges"
    )
    response = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    closure_evidence = models.TextField("evidence of closure", blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_on", "-id"]
        indexes = [models.Index(fields=["status", "raised_on"])]

    def __str__(self) -> str:
        return self.summary

    def get_absolute_url(self) -> str:
        return reverse("learning:scrutiny-challenge", args=[self.uuid])

    @property
    def addressed_to(self) -> str:
        names = [name for name in (self.to_agency.name if self.to_agency_id else "", self.to_group) if name]
        return " and ".join(names)

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear.containing(self.raised_on)


class ScrutinyStatement(models.Model):
    """The scrutineer's statement for the yearly report, signed off when final."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(unique=True, help_text="Financial year starting (2021 means 2021/22).")
    text = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"Scrutineer's statement {self.financial_year.label}"

    def get_absolute_url(self) -> str:
        return reverse("learning:scrutiny-statement", args=[self.financial_year.slug])

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year)

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.text.split("\n\n") if part.strip()]
