"""The multi-agency audit programme: audits, their cases and agency returns, moderation and findings.

A case is known only by the pseudonymous reference the owning agency issued; nothing here holds
a child's name. Each agency answers the audit template's questions for each case (``AuditReturn``,
answers as JSON keyed by question), then the moderation meeting agrees a grade per practice area
and overall, recording the rationale and any dissent. Findings are strengths or areas for
development under a category (System, Think Others, Working Together, Child Centred: data) with
practice themes; a finding's recommendations become actions on the shared tracker, whose
``source`` is the finding.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from hub.core.models import Agency, Theme
from hub.core.periods import FinancialYear
from hub.learning.common import IDENTIFYING_DETAILS_WARNING, GradingScheme, Question

__all__ = [
    "Audit",
    "AuditArea",
    "AuditCase",
    "AuditProgramme",
    "AuditQuestion",
    "AuditReminder",
    "AuditReturn",
    "AuditTemplate",
    "CaseModeration",
    "AreaGrade",
    "Finding",
    "FindingCategory",
]


class AuditProgramme(models.Model):
    """The audits planned for one financial year (the partnership aims for four to six)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(unique=True, help_text="Financial year starting (2021 means 2021/22).")
    aim = models.TextField(blank=True, help_text="What the year's audits are for, in a sentence or two.")
    target_audits = models.PositiveSmallIntegerField(default=4, help_text="How many audits the year aims for.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"Audit programme {self.financial_year.label}"

    def get_absolute_url(self) -> str:
        return reverse("learning:audit-programme", args=[self.financial_year.slug])

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year)


class AuditTemplate(models.Model):
    """The questions agencies answer for each case, grouped into practice areas, and the grades used."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    grading_scheme = models.ForeignKey(
        GradingScheme,
        on_delete=models.PROTECT,
        related_name="audit_templates",
        help_text="The grades the moderation meeting agrees per area and overall.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AuditArea(models.Model):
    """A practice area the moderation meeting grades, for example assessment or planning."""

    template = models.ForeignKey(AuditTemplate, on_delete=models.CASCADE, related_name="areas")
    position = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=150)
    description = models.CharField(max_length=400, blank=True)

    class Meta:
        ordering = ["template", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["template", "name"], name="learning_auditarea_unique")]

    def __str__(self) -> str:
        return self.name


class AuditQuestion(Question):
    template = models.ForeignKey(AuditTemplate, on_delete=models.CASCADE, related_name="questions")
    area = models.ForeignKey(
        AuditArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        help_text="The practice area the question belongs to, if any.",
    )

    class Meta(Question.Meta):
        ordering = ["template", "position", "id"]

    def clean(self):
        super().clean()
        if self.area_id and self.template_id and self.area.template_id != self.template_id:
            raise ValidationError({"area": "Select an area of the same template"})


class Audit(models.Model):
    """One multi-agency audit: its theme, scope and method, the agencies involved and its dates."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        CASE_SELECTION = "case-selection", "Selecting cases"
        RETURNS = "returns", "Agency returns open"
        MODERATION = "moderation", "Moderation"
        REPORTING = "reporting", "Writing up findings"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    # Returns are visible only to their own agency and the business unit until moderation;
    # cases can be added until then too.
    BEFORE_MODERATION = {Status.PLANNED, Status.CASE_SELECTION, Status.RETURNS}
    CASES_REMOVABLE = {Status.PLANNED, Status.CASE_SELECTION}
    GRADING = {Status.MODERATION, Status.REPORTING}

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(AuditProgramme, on_delete=models.PROTECT, related_name="audits")
    title = models.CharField(max_length=200)
    topic = models.CharField(max_length=200, help_text="The audit's theme in a few words, for example Neglect.")
    themes = models.ManyToManyField(Theme, blank=True, related_name="audits")
    key_lines_of_enquiry = models.TextField(help_text="The questions the audit sets out to answer, one per line.")
    scope = models.TextField(help_text="Which cases: the group of children, the period, how many cases.")
    method = models.TextField(help_text="How: for example agency returns on each case and a moderation meeting.")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="led_audits"
    )
    agencies = models.ManyToManyField(Agency, related_name="audits", help_text="The agencies taking part.")
    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT, related_name="audits")
    case_selection_on = models.DateField("cases selected by", null=True, blank=True)
    returns_due_on = models.DateField("agency returns due", null=True, blank=True)
    moderation_on = models.DateField("moderation meeting", null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    summary = models.TextField(
        blank=True, help_text="The audit's learning in a paragraph, for the findings report and the yearly report."
    )
    completed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "moderation_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:audit", args=[self.uuid])

    def clean(self):
        dates = [
            ("case_selection_on", self.case_selection_on),
            ("returns_due_on", self.returns_due_on),
            ("moderation_on", self.moderation_on),
        ]
        known = [(name, day) for name, day in dates if day]
        for (_, earlier), (name, later) in zip(known, known[1:], strict=False):
            if later < earlier:
                raise ValidationError({name: "Dates must follow each other: case selection, returns, moderation"})

    @property
    def lines_of_enquiry(self) -> list[str]:
        return [line.strip() for line in self.key_lines_of_enquiry.splitlines() if line.strip()]

    @property
    def before_moderation(self) -> bool:
        return self.status in self.BEFORE_MODERATION

    @property
    def cases_removable(self) -> bool:
        return self.status in self.CASES_REMOVABLE

    @property
    def grading(self) -> bool:
        """At moderation or writing up: the meeting's grades can be recorded or changed."""
        return self.status in self.GRADING


class AuditCase(models.Model):
    """A case in an audit, known only by the pseudonymous reference its owning agency issued."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="cases")
    reference = models.CharField(
        max_length=40,
        help_text="The pseudonymous reference the owning agency issued, for example DCC-A-017. "
        + IDENTIFYING_DETAILS_WARNING,
    )
    owning_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    agencies = models.ManyToManyField(
        Agency, related_name="audit_cases", help_text="The agencies that complete a return on this case."
    )
    context = models.TextField(
        blank=True, help_text="Why the case was chosen, in general terms. " + IDENTIFYING_DETAILS_WARNING
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "reference"]
        constraints = [models.UniqueConstraint(fields=["audit", "reference"], name="learning_auditcase_unique")]

    def __str__(self) -> str:
        return f"Case {self.reference}"


class AuditReturn(models.Model):
    """One agency's answers on one case."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="returns")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="audit_returns")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    answers = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["case", "agency"], name="learning_auditreturn_unique")]

    def __str__(self) -> str:
        return f"{self.agency} return on {self.case}"

    def get_absolute_url(self) -> str:
        return reverse("learning:audit-return", args=[self.uuid])


class CaseModeration(models.Model):
    """What the moderation meeting agreed on one case: the overall grade, why, and any dissent."""

    case = models.OneToOneField(AuditCase, on_delete=models.CASCADE, related_name="moderation")
    overall_grade = models.CharField(max_length=30)
    rationale = models.TextField(help_text="Why the meeting agreed this grade. " + IDENTIFYING_DETAILS_WARNING)
    dissent = models.TextField(
        blank=True, help_text="Any view that differed from the agreed grade, and whose it was (agency, not a name)."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Moderation of {self.case}"


class AreaGrade(models.Model):
    """The grade the moderation meeting agreed for one practice area of a case."""

    moderation = models.ForeignKey(CaseModeration, on_delete=models.CASCADE, related_name="area_grades")
    area = models.ForeignKey(AuditArea, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=30)
    rationale = models.TextField(blank=True)
    dissent = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["moderation", "area__position"]
        constraints = [models.UniqueConstraint(fields=["moderation", "area"], name="learning_areagrade_unique")]

    def __str__(self) -> str:
        return f"{self.area}: {self.grade}"


class FindingCategory(models.Model):
    """How findings are grouped: the partnership's System, Think Others, Working Together, Child Centred."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "finding categories"

    def __str__(self) -> str:
        return self.name


class Finding(models.Model):
    """A strength or an area for development the audit found, with its learning and recommendation."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strength"
        DEVELOPMENT = "development", "Area for development"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    category = models.ForeignKey(FindingCategory, on_delete=models.PROTECT, related_name="findings")
    themes = models.ManyToManyField(Theme, blank=True, related_name="findings")
    summary = models.CharField(max_length=300, help_text="The finding in one sentence.")
    detail = models.TextField(blank=True, help_text="What the audit saw. " + IDENTIFYING_DETAILS_WARNING)
    learning_point = models.TextField(blank=True, help_text="What practitioners and managers should take from it.")
    recommendation = models.TextField(blank=True, help_text="What should change, if anything.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "category__position", "kind", "id"]
        indexes = [models.Index(fields=["category", "kind"])]

    def __str__(self) -> str:
        return self.summary

    def get_absolute_url(self) -> str:
        return reverse("learning:finding", args=[self.uuid])

    @property
    def source_label(self) -> str:
        return f"Finding of the audit {self.audit.title} ({self.audit.programme.financial_year.label})"


class AuditReminder(models.Model):
    """A reminder sent to an agency for an audit's returns, so each kind goes once."""

    class Kind(models.TextChoices):
        DUE_SOON = "due-soon", "Due soon"
        OVERDUE = "overdue", "Overdue"

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="reminders")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit", "agency", "kind"], name="learning_auditreminder_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder to {self.agency} for {self.audit}"
