"""Restraint at the secure children's home: incidents, and the partnership's scrutiny of them.

The home's staff record each use of restraint (or send a monthly return of them): when, the
young person's pseudonymous reference issued by the home (never a name), what happened, the
techniques used, injuries graded 1 to 3 (3 the most serious), the debrief with the young person
and the manager's review. The partnership's scrutiny reviewers meet regularly with a manager
from the home to watch the CCTV of incidents drawn at random: a ``Sample`` records how it was
drawn (seed, method, the population's fingerprint) so anyone can repeat the draw, and it cannot
be changed once drawn; a redraw is a new sample with a reason. Each sampled incident gets a
``CctvReview``: lawful, necessary and proportionate, learning and actions.
"""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from hub.core.models import Agency

NO_IDENTIFYING_DETAILS = (
    "Do not write names, dates of birth, addresses or anything else that could identify a young person."
)
REFERENCE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_-]{0,19}")


def validate_pseudonymous_reference(value: str) -> None:
    if not REFERENCE_PATTERN.fullmatch(value or ""):
        raise ValidationError(
            "Enter the reference the home issued, up to 20 letters, numbers, hyphens or slashes, with no spaces "
            "(never a name)"
        )


@register_setting(icon="shield")
class RestraintSettings(BaseGenericSetting):
    """How the restraint module behaves, edited by the business unit under Settings."""

    record_within_hours = models.PositiveSmallIntegerField(
        default=24,
        validators=[MinValueValidator(1)],
        help_text="How soon after an incident it must be recorded (the regulations' 24 hours); later entries are "
        "flagged.",
    )
    default_sample_size = models.PositiveSmallIntegerField(
        default=6, validators=[MinValueValidator(1), MaxValueValidator(50)], help_text="Incidents drawn per session."
    )
    always_include_from_level = models.PositiveSmallIntegerField(
        default=2,
        choices=[(0, "No: draw every incident at random"), (2, "Level 2 and 3 injuries"), (3, "Level 3 injuries")],
        help_text="Injuries always put in the sample, whatever the random draw.",
    )

    class Meta:
        verbose_name = "Restraint settings"


class ReferenceItem(models.Model):
    """A value of a list the business unit keeps (techniques, reasons, locations)."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(
        default=True, help_text="Inactive values stay on old incidents but are not offered."
    )

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Technique(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = "restraint technique"


class Reason(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = "reason for restraint"


class Location(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = "location in the home"


class Injury(models.IntegerChoices):
    NONE = 0, "No injury"
    LEVEL_1 = 1, "Level 1"
    LEVEL_2 = 2, "Level 2"
    LEVEL_3 = 3, "Level 3 (most serious)"


class AgeBand(models.TextChoices):
    AGE_11_12 = "11-12", "11 to 12"
    AGE_13_14 = "13-14", "13 to 14"
    AGE_15_17 = "15-17", "15 to 17"


class StaffInjury(models.TextChoices):
    NONE = "none", "No injury"
    MINOR = "minor", "Minor injury"
    TREATMENT = "treatment", "Needed medical treatment"


class ManagementReview(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    COMPLETED = "completed", "Reviewed"


class Incident(models.Model):
    """One use of restraint on a young person at the home."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    home = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="restraint_incidents")
    home_reference = models.CharField(
        "incident number",
        max_length=30,
        validators=[validate_pseudonymous_reference],
        help_text="The home's own number for the incident, for example ASC-2022-0117.",
    )
    occurred_at = models.DateTimeField("date and time")
    young_person = models.CharField(
        "young person's reference",
        max_length=20,
        validators=[validate_pseudonymous_reference],
        help_text="The pseudonymous reference the home issued, for example YP-0423. Never a name.",
    )
    age_band = models.CharField(max_length=5, choices=AgeBand.choices)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="incidents")
    reason = models.ForeignKey(Reason, on_delete=models.PROTECT, related_name="incidents")
    techniques = models.ManyToManyField(Technique, related_name="incidents")
    duration_minutes = models.PositiveSmallIntegerField(
        "duration in minutes", validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    staff_involved = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(20)])
    injury = models.PositiveSmallIntegerField("injury to the young person", choices=Injury.choices)
    staff_injury = models.CharField("injury to staff", max_length=10, choices=StaffInjury.choices)
    debrief_held = models.BooleanField("debrief held with the young person", default=False)
    young_person_view = models.TextField(
        "the young person's view", blank=True, max_length=2000, help_text=NO_IDENTIFYING_DETAILS
    )
    cctv_available = models.BooleanField("CCTV of the incident exists", default=True)
    management_review = models.CharField(
        max_length=10, choices=ManagementReview.choices, default=ManagementReview.PENDING
    )
    management_review_on = models.DateField("management review date", null=True, blank=True)
    management_review_notes = models.TextField(blank=True, max_length=2000, help_text=NO_IDENTIFYING_DETAILS)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    source_import = models.ForeignKey(
        "restraint.IncidentImport", on_delete=models.SET_NULL, null=True, blank=True, related_name="incidents"
    )
    history = HistoricalRecords(m2m_fields=[techniques], excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-occurred_at", "home_reference"]
        constraints = [
            models.UniqueConstraint(fields=["home", "home_reference"], name="restraint_incident_unique_reference")
        ]
        indexes = [models.Index(fields=["home", "occurred_at"])]

    def __str__(self) -> str:
        return f"Incident {self.home_reference}"

    def get_absolute_url(self) -> str:
        return reverse("restraint:incident", args=[self.uuid])

    @property
    def injured(self) -> bool:
        return self.injury > Injury.NONE


class IncidentImport(models.Model):
    """A monthly return uploaded by the home: checked first, applied only when someone confirms."""

    class Status(models.TextChoices):
        CHECKED = "checked", "Checked, waiting for confirmation"
        APPLIED = "applied", "Applied"
        DISCARDED = "discarded", "Discarded"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    home = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField(blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("restraint:import", args=[self.uuid])


class ScrutinySession(models.Model):
    """A regular meeting at which reviewers and a manager from the home watch CCTV of sampled incidents."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        COMPLETED = "completed", "Completed"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    home = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("date of the session")
    period_start = models.DateField("draw incidents from")
    period_end = models.DateField("draw incidents up to")
    reviewers = models.TextField(
        blank=True, help_text="Who reviewed, one per line, by role (for example Partnership quality officer)."
    )
    home_manager = models.CharField(
        "manager from the home", max_length=200, blank=True, help_text="Their role, for example Deputy manager."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    summary = models.TextField(
        "conclusions", blank=True, max_length=5000, help_text="What the session concluded. " + NO_IDENTIFYING_DETAILS
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")), name="restraint_session_period_order"
            )
        ]

    def __str__(self) -> str:
        return f"Scrutiny session, {self.held_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("restraint:session", args=[self.uuid])

    @property
    def current_sample(self) -> Sample | None:
        return self.samples.filter(superseded_by__isnull=True).order_by("-drawn_at").first()


class Sample(models.Model):
    """Incidents drawn at random for a session; never changed once drawn (a redraw is a new sample)."""

    # Fields a sample may change after it is drawn: only being replaced by a redraw.
    MUTABLE_FIELDS = frozenset({"superseded_by"})

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(ScrutinySession, on_delete=models.PROTECT, related_name="samples")
    drawn_at = models.DateTimeField()
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    method = models.CharField(max_length=30)
    seed = models.CharField(max_length=64)
    size = models.PositiveSmallIntegerField("incidents to draw")
    always_include_from_level = models.PositiveSmallIntegerField(default=0)
    only_with_cctv = models.BooleanField(default=True)
    period_start = models.DateField()
    period_end = models.DateField()
    population_count = models.PositiveIntegerField()
    population_digest = models.CharField(max_length=64)
    redraw_reason = models.TextField(blank=True)
    superseded_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces"
    )

    class Meta:
        ordering = ["-drawn_at"]

    def __str__(self) -> str:
        return f"Sample of {self.items.count()} drawn {self.drawn_at:%-d %B %Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            changing = set(kwargs.get("update_fields") or ())
            if not changing or not changing <= self.MUTABLE_FIELDS:
                raise ValidationError("A sample cannot be changed once drawn: draw a new one and give the reason")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("A sample cannot be deleted: it is the record of a random draw")


class SampleItem(models.Model):
    class Because(models.TextChoices):
        RANDOM = "random", "Drawn at random"
        STRATUM = "stratum", "Always included (injury level)"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sample = models.ForeignKey(Sample, on_delete=models.PROTECT, related_name="items")
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="sample_items")
    position = models.PositiveSmallIntegerField()
    because = models.CharField(max_length=10, choices=Because.choices)
    rank = models.CharField(max_length=64, blank=True, help_text="The incident's place in the random order.")

    class Meta:
        ordering = ["sample", "position"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "incident"], name="restraint_sample_item_unique_incident"),
            models.UniqueConstraint(fields=["sample", "position"], name="restraint_sample_item_unique_position"),
        ]

    def __str__(self) -> str:
        return f"Incident {self.incident.home_reference} in {self.sample}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("A sampled incident cannot be changed once drawn")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("A sampled incident cannot be removed once drawn")


class Conclusion(models.TextChoices):
    YES = "yes", "Yes"
    CONCERNS = "concerns", "Yes, with concerns"
    NO = "no", "No"


class CctvReview(models.Model):
    """What the reviewers concluded from the CCTV of one sampled incident."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    item = models.OneToOneField(SampleItem, on_delete=models.PROTECT, related_name="review")
    lawful = models.CharField(max_length=10, choices=Conclusion.choices)
    necessary = models.CharField(max_length=10, choices=Conclusion.choices)
    proportionate = models.CharField(max_length=10, choices=Conclusion.choices)
    circumstances = models.TextField(
        "the circumstances leading up to it", blank=True, max_length=3000, help_text=NO_IDENTIFYING_DETAILS
    )
    restraint = models.TextField("the restraint itself", blank=True, max_length=3000, help_text=NO_IDENTIFYING_DETAILS)
    afterwards = models.TextField(
        "what happened afterwards", blank=True, max_length=3000, help_text=NO_IDENTIFYING_DETAILS
    )
    learning = models.TextField(blank=True, max_length=3000, help_text=NO_IDENTIFYING_DETAILS)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reviewed_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item__sample", "item__position"]

    def __str__(self) -> str:
        return f"CCTV review of incident {self.item.incident.home_reference}"

    def get_absolute_url(self) -> str:
        return reverse("restraint:review", args=[self.item.sample.session.uuid, self.item.uuid])

    @property
    def has_concerns(self) -> bool:
        return any(value != Conclusion.YES for value in (self.lawful, self.necessary, self.proportionate))

    @property
    def source_label(self) -> str:
        return f"Restraint scrutiny, {self.item.sample.session.held_on:%-d %B %Y}"
