"""Practice improvement themes and the Improvement Delivery Group's cycles.

An improvement theme is one of the partnership's practice improvement priorities (the voice and
lived experience of the child, management understanding and decision making...). It keeps the
whole learning thread in one place:

- why: its rationale, the audit findings, indicators and reviews that led to it;
- what was done: its activities, the tracker actions raised from its findings or tagged with its
  practice theme, and what those actions produced (courses, briefings: through the core
  registry's ``action_outputs``, never by importing another app);
- what changed: impact statements, each with the evidence behind it.

The Improvement Delivery Group works in cycles, three a year: the group and the Performance and
Learning Group choose a focus, the group writes an improvement plan, the Executive endorses it,
the plan is delivered, and its impact is reviewed. ``services.py`` keeps that order.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from hub.core.models import Action, Agency, Theme
from hub.core.periods import FinancialYear

__all__ = ["DeliveryCycle", "ImpactStatement", "ImprovementActivity", "ImprovementTheme"]

YEAR_HELP = "Financial year starting (2021 means 2021/22)."


def _year_validators() -> list:
    return [MinValueValidator(2000), MaxValueValidator(2100)]


class ImprovementThemeQuerySet(models.QuerySet):
    def active_in(self, year: int) -> ImprovementThemeQuerySet:
        """Themes whose years include the financial year starting in ``year``."""
        return self.filter(first_year__lte=year).filter(
            models.Q(last_year__isnull=True) | models.Q(last_year__gte=year)
        )


class ImprovementTheme(models.Model):
    """One of the partnership's practice improvement themes, with the thread from why to what changed."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(
        max_length=100, unique=True, help_text="The theme's address, for example voice-of-the-child."
    )
    practice_theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        related_name="improvement_themes",
        help_text="The practice theme that tags the work: actions, courses, findings and resources with this theme "
        "show on the improvement theme's page.",
    )
    summary = models.CharField(max_length=300, help_text="The theme in one sentence, for lists.")
    rationale = models.TextField(
        help_text="Why the partnership chose this theme: what audits, reviews and data showed, in your own words."
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_improvement_themes",
    )
    lead_agency = models.ForeignKey(
        Agency, on_delete=models.SET_NULL, null=True, blank=True, related_name="led_improvement_themes"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    first_year = models.PositiveSmallIntegerField("first year", validators=_year_validators(), help_text=YEAR_HELP)
    last_year = models.PositiveSmallIntegerField(
        "last year",
        null=True,
        blank=True,
        validators=_year_validators(),
        help_text="Leave empty while the theme continues. " + YEAR_HELP,
    )
    findings = models.ManyToManyField(
        "learning.Finding",
        blank=True,
        related_name="improvement_themes",
        help_text="Audit findings that led to the theme. Actions raised from them show on the theme's page.",
    )
    indicators = models.ManyToManyField(
        "scorecards.Indicator",
        blank=True,
        related_name="improvement_themes",
        help_text="Scorecard indicators that show the problem or the change.",
    )
    review_references = models.TextField(
        blank=True,
        help_text="Local and national reviews whose learning led to the theme, one per line "
        "(for example 'Local practice review Child F, 2021').",
    )
    position = models.PositiveSmallIntegerField(default=1, help_text="Order on the list of themes, lowest first.")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ImprovementThemeQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__isnull=True) | models.Q(last_year__gte=models.F("first_year")),
                name="learning_improvementtheme_years_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:improvement-theme", args=[self.slug])

    def clean(self):
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": "The last year must be the same as or after the first year"})

    @property
    def years_label(self) -> str:
        first = FinancialYear(self.first_year).label
        if self.last_year is None:
            return f"From {first}"
        if self.last_year == self.first_year:
            return first
        return f"{first} to {FinancialYear(self.last_year).label}"

    def is_active_in(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or self.last_year >= year)

    @property
    def reviews(self) -> list[str]:
        return [line.strip() for line in self.review_references.splitlines() if line.strip()]


class ImprovementActivity(models.Model):
    """Something done for a theme: standards written, a pledge relaunched, training redesigned."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in-progress", "In progress"
        COMPLETED = "completed", "Completed"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    theme = models.ForeignKey(ImprovementTheme, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    starts_on = models.DateField("start date")
    ends_on = models.DateField("end date", null=True, blank=True, help_text="When it finished, or is due to.")
    action = models.ForeignKey(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="improvement_activities",
        help_text="The tracker action that delivers this activity, if there is one.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["theme", "starts_on", "id"]
        verbose_name_plural = "improvement activities"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="learning_improvementactivity_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The end date must be the same as or after the start date"
        if self.status == self.Status.COMPLETED and not self.ends_on:
            errors["ends_on"] = "Enter the date the activity was completed"
        if errors:
            raise ValidationError(errors)

    def overlaps(self, year: FinancialYear) -> bool:
        """Whether the activity was under way at some point in ``year``."""
        return self.starts_on <= year.end and (self.ends_on is None or self.ends_on >= year.start)


class ImpactStatement(models.Model):
    """A difference the theme made, with the evidence that shows it."""

    class EvidenceKind(models.TextChoices):
        INDICATOR_TREND = "indicator-trend", "Indicator trend"
        AUDIT_RETEST = "audit-retest", "Audit re-test"
        TRAINING = "training", "Training evaluation and impact"
        SURVEY = "survey", "Survey result"
        OTHER = "other", "Other evidence"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    theme = models.ForeignKey(ImprovementTheme, on_delete=models.CASCADE, related_name="impact_statements")
    statement = models.TextField(help_text="The difference made, in a sentence or two.")
    year = models.PositiveSmallIntegerField(validators=_year_validators(), help_text=YEAR_HELP)
    evidence_kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    evidence = models.TextField(
        "evidence", blank=True, help_text="What shows the difference: the figures, the audit, the survey question."
    )
    indicator = models.ForeignKey(
        "scorecards.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="impact_statements",
        help_text="For an indicator trend: the indicator.",
    )
    audit = models.ForeignKey(
        "learning.Audit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="impact_statements",
        help_text="For an audit re-test: the audit that looked again.",
    )
    action = models.ForeignKey(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="impact_statements",
        help_text="For training evaluation and impact: the action whose courses and briefings show the change. "
        "Their figures are shown with the statement.",
    )
    position = models.PositiveSmallIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["theme", "-year", "position", "id"]

    def __str__(self) -> str:
        return self.statement[:80]

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year)

    def clean(self):
        errors = {}
        kind = self.EvidenceKind
        if self.evidence_kind == kind.INDICATOR_TREND and not self.indicator_id:
            errors["indicator"] = "Select the indicator whose trend shows the difference"
        if self.evidence_kind == kind.AUDIT_RETEST and not self.audit_id:
            errors["audit"] = "Select the audit that re-tested practice"
        if self.evidence_kind == kind.TRAINING and not self.action_id:
            errors["action"] = "Select the action whose courses or briefings show the difference"
        if self.evidence_kind in {kind.SURVEY, kind.OTHER} and not self.evidence.strip():
            errors["evidence"] = "Enter the evidence that shows the difference"
        if errors:
            raise ValidationError(errors)


class DeliveryCycle(models.Model):
    """One of the Improvement Delivery Group's three cycles a year: focus, plan, endorsement, impact review."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        ENDORSED = "endorsed", "Endorsed by the Executive"
        IN_DELIVERY = "in-delivery", "In delivery"
        REVIEWED = "reviewed", "Impact reviewed"

    CYCLES_A_YEAR = 3

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(validators=_year_validators(), help_text=YEAR_HELP)
    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(CYCLES_A_YEAR)], help_text="Cycle 1, 2 or 3 of the year."
    )
    focus = models.CharField(max_length=250, help_text="The practice issue the cycle works on, in a few words.")
    focus_themes = models.ManyToManyField(
        ImprovementTheme, blank=True, related_name="delivery_cycles", help_text="The improvement themes it serves."
    )
    improvement_plan = models.TextField(blank=True, help_text="What the group will do, by when, and how it will know.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    endorsed_on = models.DateField("endorsed by the Executive on", null=True, blank=True)
    endorsement_meeting = models.ForeignKey(
        "governance.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="improvement_cycles",
        help_text="The Executive meeting that endorsed the plan.",
    )
    delivery_started_on = models.DateField(null=True, blank=True)
    impact_review = models.TextField(blank=True, help_text="What difference the cycle made, and the evidence.")
    reviewed_on = models.DateField("impact reviewed on", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="learning_deliverycycle_unique"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=3), name="learning_deliverycycle_number_1_to_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.focus}"

    def get_absolute_url(self) -> str:
        return reverse("learning:cycle", args=[self.uuid])

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year)

    @property
    def label(self) -> str:
        return f"Cycle {self.number} of {self.financial_year.label}"

    @property
    def can_change_plan(self) -> bool:
        return self.status == self.Status.PLANNED

    @property
    def can_endorse(self) -> bool:
        return self.status == self.Status.PLANNED

    @property
    def can_start_delivery(self) -> bool:
        return self.status == self.Status.ENDORSED

    @property
    def can_review(self) -> bool:
        return self.status in {self.Status.ENDORSED, self.Status.IN_DELIVERY}
