"""Partner assurance reports: the forward plan, the agencies' reports and how the executive considered them.

Each year the partnership asks its partners to report on an agreed topic by a due date, for the
executive meeting that will consider the report (the forward plan). An agency's single point of
contact writes the report on a template whose sections are questions held as data
(``AssuranceSection``), for example the improvement outcomes, their impact, the evidence, the
challenges and a self-assessed RAG grade; answers are a JSON object keyed by section. The
business unit records the meeting's consideration: the questions members asked, the agency's
responses, the outcome and any actions raised on the shared tracker (whose ``source`` is the
report).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from hub.core.models import Agency
from hub.core.periods import FinancialYear
from hub.learning.common import IDENTIFYING_DETAILS_WARNING, Question, QuestionKind

__all__ = [
    "AssurancePlanItem",
    "AssuranceQuestion",
    "AssuranceReminder",
    "AssuranceReport",
    "AssuranceSection",
    "AssuranceTemplate",
]


class AssuranceTemplate(models.Model):
    """The sections every agency's assurance report answers."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True, help_text="What the template asks for, shown to the agency.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AssuranceSection(Question):
    """One section of a template, asked as a question (long text, or a grade for the self-assessed RAG)."""

    template = models.ForeignKey(AssuranceTemplate, on_delete=models.CASCADE, related_name="sections")
    history = HistoricalRecords()

    class Meta(Question.Meta):
        ordering = ["template", "position", "id"]
        verbose_name = "assurance report section"


class AssurancePlanItem(models.Model):
    """One row of the forward plan: which agency reports on what, by when, and where it is considered."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(help_text="Financial year starting (2022 means 2022/23).")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="assurance_plan_items")
    topic = models.CharField(max_length=200, help_text="What the agency gives assurance on, in a few words.")
    template = models.ForeignKey(AssuranceTemplate, on_delete=models.PROTECT, related_name="plan_items")
    due_on = models.DateField("report due")
    meeting = models.ForeignKey(
        "governance.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The executive meeting that will consider the report, once it is known.",
    )
    notes = models.TextField(blank=True, help_text="Anything the agency should know about what is asked.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "due_on", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "agency", "topic"], name="learning_assuranceplanitem_unique")
        ]
        verbose_name = "forward plan item"

    def __str__(self) -> str:
        return f"{self.agency}: {self.topic} ({self.financial_year.label})"

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year)


class AssuranceReport(models.Model):
    """An agency's report for one plan item, written and submitted by its single point of contact."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        CONSIDERED = "considered", "Considered"

    class Outcome(models.TextChoices):
        ASSURED = "assured", "Assured"
        PARTLY_ASSURED = "partly-assured", "Partly assured"
        NOT_ASSURED = "not-assured", "Not assured"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan_item = models.OneToOneField(AssurancePlanItem, on_delete=models.PROTECT, related_name="report")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="assurance_reports")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    answers = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    considered_meeting = models.ForeignKey(
        "governance.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="considered at",
    )
    considered_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_notes = models.TextField(
        "what the meeting concluded", blank=True, help_text="Why. " + IDENTIFYING_DETAILS_WARNING
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_item__due_on", "agency__name"]

    def __str__(self) -> str:
        return f"{self.agency} assurance report: {self.plan_item.topic}"

    def get_absolute_url(self) -> str:
        return reverse("learning:assurance-report", args=[self.uuid])

    @property
    def source_label(self) -> str:
        return f"Assurance report of {self.agency}: {self.plan_item.topic} ({self.plan_item.financial_year.label})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def self_assessment(self, sections) -> tuple[str, str] | None:
        """The (label, colour) of the first grade section answered, for example ("Amber", "yellow")."""
        for section in sections:
            if section.kind != QuestionKind.GRADE or section.grading_scheme is None:
                continue
            code = self.answers.get(section.key)
            for grade in section.grading_scheme.grades.all():
                if grade.code == code:
                    return grade.label, grade.colour
        return None


class AssuranceQuestion(models.Model):
    """A question members asked about a report at the meeting, and the agency's response."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(AssuranceReport, on_delete=models.CASCADE, related_name="questions")
    question = models.TextField(help_text=IDENTIFYING_DETAILS_WARNING)
    asked_by_name = models.CharField(
        "asked by", max_length=200, blank=True, help_text="The member's role, for example Chair or Police executive."
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    asked_on = models.DateField()
    response = models.TextField(blank=True, help_text=IDENTIFYING_DETAILS_WARNING)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "asked_on", "id"]

    def __str__(self) -> str:
        return self.question[:80]

    @property
    def asker(self) -> str:
        if self.asked_by_name:
            return self.asked_by_name
        return str(self.asked_by) if self.asked_by_id else ""


class AssuranceReminder(models.Model):
    """A reminder sent for a plan item, so each kind goes once."""

    class Kind(models.TextChoices):
        DUE_SOON = "due-soon", "Due soon"
        OVERDUE = "overdue", "Overdue"

    plan_item = models.ForeignKey(AssurancePlanItem, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan_item", "kind"], name="learning_assurancereminder_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder for {self.plan_item}"
