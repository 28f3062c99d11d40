"""Performance scorecards: indicators, agency returns per period, analysis and exception reports.

An ``Indicator`` is a stable code (``CSC-03``); what it means in a given year is an
``IndicatorVersion`` (name, definition, unit, polarity, owner, target...). The version in force
for a period is the latest one whose year is not after the period's year, so a definition can
change in 2022/23 without rewriting how 2019/20 was collected or judged.

Each agency sends one ``Return`` per ``ReportingPeriod`` holding a ``ReturnValue`` for each
indicator it reports. A return moves draft → submitted → approved, or back to returned (with
reasons) for the SPOC to correct; ``services.py`` holds every transition. Only approved values
feed the charts, dashboards and the exception report.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from hub.core.models import Agency, Theme
from hub.core.periods import FinancialYear
from hub.scorecards.validation import Importance, RuleKind, RuleSpec, Unit

# Settings ------------------------------------------------------------------------------------


@register_setting(icon="table")
class ScorecardSettings(BaseGenericSetting):
    """How returns are collected and analysed, edited by the business unit under Settings."""

    lock_after_days = models.PositiveSmallIntegerField(
        default=14,
        help_text="Days after a period's deadline when its returns lock. The business unit can open an "
        "exception for one agency.",
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        default=7, help_text="Days before the deadline when SPOCs with an unsent return are reminded."
    )
    run_length = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(6), MaxValueValidator(9)],
        help_text="Points in a row that make a shift or a trend (Making Data Count uses 7; 6 is allowed).",
    )
    minimum_points = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(8), MaxValueValidator(30)],
        help_text="Below this many points a chart is shown as a run chart, with no process limits.",
    )
    performance_group = models.ForeignKey(
        "governance.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The group that receives exception reports; its members see the dashboards.",
    )
    supporting_families_indicator = models.ForeignKey(
        "scorecards.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The indicator counting Supporting Families successful outcomes, for the yearly report.",
    )
    icon_indicator = models.ForeignKey(
        "scorecards.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The indicator measuring ICON touchpoint coverage by agency, for the yearly report.",
    )
    history_periods = models.PositiveSmallIntegerField(
        default=20,
        validators=[MinValueValidator(8), MaxValueValidator(120)],
        help_text="How many periods each chart and exception report looks back over.",
    )

    class Meta:
        verbose_name = "scorecard settings"


# Indicators ----------------------------------------------------------------------------------


class Polarity(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"
    RANGE = "range", "Within a range"
    INFORMATION = "information", "Information only (never rated)"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"


class Indicator(models.Model):
    """The stable identity of a measure; its meaning per year is in ``versions``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(
        max_length=20, unique=True, help_text="A short code that never changes, such as CSC-03. Used in templates."
    )
    active = models.BooleanField(default=True, help_text="Inactive indicators are no longer collected.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        version = self.current_version()
        return f"{self.code} {version.name}" if version else self.code

    def version_for(self, year: int | None) -> IndicatorVersion | None:
        """The definition in force in the financial year starting in ``year`` (the latest when None).

        ``versions.all()`` uses a prefetch when the caller made one.
        """
        candidates = [version for version in self.versions.all() if year is None or version.year <= year]
        return max(candidates, key=lambda version: version.year) if candidates else None

    def current_version(self) -> IndicatorVersion | None:
        return self.version_for(None)


class IndicatorVersion(models.Model):
    """What an indicator means, who reports it and how it is judged, from a financial year on."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="versions")
    year = models.PositiveSmallIntegerField(
        help_text="The first financial year this definition applies to (2021 means 2021/22)."
    )
    name = models.CharField(max_length=200)
    definition = models.TextField()
    numerator_definition = models.CharField(max_length=400)
    denominator_definition = models.CharField(max_length=400, blank=True)
    unit = models.CharField(max_length=20, choices=[(unit.value, unit.label) for unit in Unit])
    polarity = models.CharField(max_length=20, choices=Polarity.choices)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="owned_indicators", help_text="The responsible agency."
    )
    reporting_agencies = models.ManyToManyField(
        Agency,
        blank=True,
        related_name="reported_indicators",
        help_text="Agencies that send a value each period. Leave empty when only the responsible agency does.",
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="indicator_versions")
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    target_low = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    target_high = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    annual_target = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="For counts: the target for the year's total, when it is set for the year (for example a "
        "government programme's outcomes).",
    )
    tolerance = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="How far from the target a value may be before it is reported as missing it.",
    )
    data_source = models.CharField(max_length=200, blank=True)
    headline = models.BooleanField(default=False, help_text="Shown in the yearly report and on dashboards first.")
    minimum = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    maximum = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    change_factor = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1.01"))],
        help_text="A value more than this many times the last period's (or less than it divided by this) "
        "needs a comment.",
    )
    change_importance = models.CharField(
        max_length=10,
        choices=[
            (Importance.ERROR.value, "Error: must be corrected"),
            (Importance.WARNING.value, "Warning: needs a comment"),
        ],
        default=Importance.WARNING,
    )
    freeze_after = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Fix the process limits after this many points (leave empty to use all)."
    )
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["indicator__code", "-year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="unique_indicator_version_year")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.name} (from {FinancialYear(self.year).label})"

    def clean(self):
        errors = {}
        if self.polarity == Polarity.INFORMATION and (self.target is not None or self.target_low is not None):
            errors["target"] = "An information-only indicator is never rated, so it cannot have a target."
        if self.polarity == Polarity.RANGE:
            if self.target_low is None or self.target_high is None:
                errors["target_low"] = "Enter the lowest and highest values of the range."
            elif self.target_low > self.target_high:
                errors["target_high"] = "The top of the range must not be below the bottom."
        elif self.target_low is not None or self.target_high is not None:
            errors["target_low"] = "A range is only used when good performance is within a range."
        if self.unit != Unit.COUNT and not self.denominator_definition:
            errors["denominator_definition"] = "Define the denominator of a percentage or a rate."
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            errors["maximum"] = "The highest allowed value must not be below the lowest."
        if errors:
            raise ValidationError(errors)

    @property
    def unit_enum(self) -> Unit:
        return Unit(self.unit)

    @property
    def uses_denominator(self) -> bool:
        return self.unit != Unit.COUNT

    @property
    def direction(self) -> str:
        return {Polarity.HIGHER: "increase", Polarity.LOWER: "decrease"}.get(self.polarity, "neutral")

    @property
    def is_rated(self) -> bool:
        return self.polarity != Polarity.INFORMATION

    @property
    def target_range(self) -> tuple[float, float] | None:
        if self.polarity == Polarity.RANGE and self.target_low is not None and self.target_high is not None:
            return (float(self.target_low), float(self.target_high))
        return None

    def rule_specs(self) -> tuple[RuleSpec, ...]:
        rules: list[RuleSpec] = []
        if self.minimum is not None or self.maximum is not None:
            rules.append(RuleSpec(RuleKind.RANGE, minimum=self.minimum, maximum=self.maximum))
        elif self.unit == Unit.PERCENTAGE:
            rules.append(RuleSpec(RuleKind.RANGE, minimum=Decimal(0), maximum=Decimal(100)))
        if self.change_factor:
            rules.append(
                RuleSpec(
                    RuleKind.CHANGE_FACTOR, importance=Importance(self.change_importance), factor=self.change_factor
                )
            )
        return tuple(rules)

    def reporters(self) -> list[Agency]:
        cached = getattr(self, "_prefetched_objects_cache", {}).get("reporting_agencies")
        agencies = list(cached) if cached is not None else list(self.reporting_agencies.all())
        return agencies or [self.agency]


class Benchmark(models.Model):
    """A comparator value for a year: England, the region or statistical neighbours."""

    class Source(models.TextChoices):
        ENGLAND = "england", "England"
        REGION = "region", "North East"
        NEIGHBOURS = "neighbours", "Statistical neighbours"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="benchmarks")
    year = models.PositiveSmallIntegerField(help_text="Financial year starting (2021 means 2021/22).")
    source = models.CharField(max_length=20, choices=Source.choices)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__code", "year", "source"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "source"], name="unique_benchmark_per_source")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {FinancialYear(self.year).label} {self.get_source_display()}: {self.value}"


class ChangePoint(models.Model):
    """A recorded reason to start new process limits (new recording system, service redesign)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="change_points")
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, help_text="Leave empty for every agency's series."
    )
    period = models.ForeignKey(
        "ReportingPeriod", on_delete=models.PROTECT, help_text="The first period of the new limits."
    )
    reason = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__code", "period__start"]

    def __str__(self) -> str:
        return f"{self.indicator.code}: new limits from {self.period.label}"


# Periods and returns ---------------------------------------------------------------------------


class ReportingPeriod(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key = models.SlugField(max_length=20, unique=True, help_text="For example 2022-23-q1.")
    label = models.CharField(max_length=40, help_text="For example Q1 2022/23.")
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY)
    start = models.DateField()
    end = models.DateField()
    deadline = models.DateField(help_text="The date returns are due.")

    class Meta:
        ordering = ["start"]

    def __str__(self) -> str:
        return self.label

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "The period must end on or after its start."})
        if self.end and self.deadline and self.deadline < self.end:
            raise ValidationError({"deadline": "The deadline must be on or after the last day of the period."})

    @property
    def year(self) -> int:
        return FinancialYear.containing(self.start).start_year

    def locks_on(self, lock_after_days: int) -> date:
        return self.deadline + timedelta(days=lock_after_days)


class ReturnQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReturnQuerySet:
        """Returns ``user`` may read: all for the business unit; a SPOC their agencies' returns.

        Group members who read dashboards see approved figures through the analysis, never a
        return page, so they get nothing here.
        """
        from hub.core import roles
        from hub.core.permissions import is_business_unit

        if not user.is_authenticated:
            return self.none()
        if is_business_unit(user):
            return self
        agencies = user.agencies_with_role(roles.SPOC)
        return self.filter(agency__in=agencies)


class Return(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned for changes"
        APPROVED = "approved", "Approved"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="scorecard_returns")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="returns")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    returned_reason = models.TextField(blank=True)
    open_until = models.DateField(
        null=True, blank=True, help_text="An exception: the return stays open for changes until this date."
    )
    last_upload_digest = models.CharField(max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-period__start", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["agency", "period"], name="unique_return_per_agency_period")]

    def __str__(self) -> str:
        return f"{self.agency} {self.period.label}"

    def is_late(self) -> bool:
        if self.submitted_at is None:
            return timezone.localdate() > self.period.deadline
        return timezone.localtime(self.submitted_at).date() > self.period.deadline

    def is_locked(self, today: date | None = None, *, lock_after_days: int | None = None) -> bool:
        """Whether the SPOC can no longer change it because the period closed (no exception open)."""
        today = today or timezone.localdate()
        if self.open_until and today <= self.open_until:
            return False
        if lock_after_days is None:
            lock_after_days = ScorecardSettings.load().lock_after_days
        return today > self.period.locks_on(lock_after_days)

    @property
    def is_editable_status(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class ReturnValue(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    scorecard_return = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    numerator = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True, editable=False)
    comment = models.TextField(blank=True, max_length=2000)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard_return", "indicator"], name="unique_value_per_return_indicator")
        ]
        indexes = [models.Index(fields=["indicator", "scorecard_return"])]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.value}"


class ReturnUpload(models.Model):
    """An uploaded workbook waiting for the SPOC to confirm it after reading the validation report.

    The file is kept so that confirming saves exactly what was checked; ``applied_at`` is set
    when its values are saved. Unconfirmed uploads are deleted after a week.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    scorecard_return = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="uploads")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(max_length=255)
    digest = models.CharField(max_length=64)
    content = models.BinaryField()
    # The figures read from the file when it was checked, so confirming needs no second read.
    values = models.JSONField(default=list, editable=False)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.filename} for {self.scorecard_return}"


class ReminderSent(models.Model):
    """A reminder e-mailed to an agency's SPOCs, so each is sent once per period."""

    class Kind(models.TextChoices):
        DUE_SOON = "due-soon", "Due soon"
        OVERDUE = "overdue", "Overdue"

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "period", "kind"], name="unique_scorecard_reminder")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder to {self.agency} for {self.period}"


# Exception reports, lines of enquiry and deep dives --------------------------------------------


class ExceptionReport(models.Model):
    """The exception report for a period: what the Performance and Learning Group should look at."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    period = models.OneToOneField(ReportingPeriod, on_delete=models.PROTECT, related_name="exception_report")
    generated_at = models.DateTimeField(default=timezone.now)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    summary = models.TextField(blank=True, help_text="The business unit's overview for the group.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period__start"]

    def __str__(self) -> str:
        return f"Exception report {self.period.label}"


class ExceptionEntry(models.Model):
    class Kind(models.TextChoices):
        CONCERN = "concern", "Concerning special cause variation"
        TARGET = "target", "Failing or inconsistently meeting the target"
        MISSING = "missing", "Return missing"
        LATE = "late", "Return late"
        DATA_QUALITY = "data-quality", "Data quality warning"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(ExceptionReport, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, null=True, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, null=True, blank=True)
    finding = models.TextField(help_text="What the analysis found, written by the system.")
    spoc_commentary = models.TextField(blank=True)
    analysis = models.TextField(blank=True, help_text="The business unit's analysis for the group.")
    order = models.PositiveSmallIntegerField(default=0)
    # The chart as it stood when the report was generated: a tabled paper does not change when
    # later returns arrive.
    chart_svg = models.TextField(blank=True, editable=False)
    chart_summary = models.TextField(blank=True, editable=False)
    table = models.JSONField(default=list, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "order"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.indicator or self.agency}"


class LineOfEnquiry(models.Model):
    """A key line of enquiry (KLOE) the group opens from an exception, answered by agencies."""

    class Status(models.TextChoices):
        OPEN = "open", "Open: waiting for answers"
        DEEP_DIVE = "deep-dive", "Deep dive under way"
        CLOSED = "closed", "Closed"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    entry = models.ForeignKey(
        ExceptionEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="lines_of_enquiry"
    )
    question = models.TextField()
    indicators = models.ManyToManyField(Indicator, related_name="lines_of_enquiry")
    agencies = models.ManyToManyField(Agency, related_name="lines_of_enquiry", help_text="Agencies asked to answer.")
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    findings = models.TextField(blank=True, help_text="What the deep dive found.")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[agencies])

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = "key line of enquiry"
        verbose_name_plural = "key lines of enquiry"

    def __str__(self) -> str:
        return self.question if len(self.question) <= 80 else self.question[:79] + "…"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("scorecards:enquiry", args=[self.uuid])


class EnquiryAnswer(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enquiry = models.ForeignKey(LineOfEnquiry, on_delete=models.CASCADE, related_name="answers")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT)
    answer = models.TextField()
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    answered_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name"]
        constraints = [models.UniqueConstraint(fields=["enquiry", "agency"], name="unique_answer_per_agency")]

    def __str__(self) -> str:
        return f"{self.agency}: {self.enquiry}"


# Key figures ---------------------------------------------------------------------------------


class KeyFigureSet(models.Model):
    """A dated dataset such as the child population profile, with where it came from."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    as_at = models.DateField(help_text="The date the figures describe.")
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["slug", "-as_at"]
        constraints = [models.UniqueConstraint(fields=["slug", "as_at"], name="unique_key_figure_set_date")]

    def __str__(self) -> str:
        return f"{self.title} ({self.as_at:%-d %B %Y})"


class KeyFigure(models.Model):
    figure_set = models.ForeignKey(KeyFigureSet, on_delete=models.CASCADE, related_name="figures")
    group = models.CharField(max_length=100, blank=True, help_text="For example: Population by age.")
    label = models.CharField(max_length=200)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    unit = models.CharField(max_length=40, blank=True, help_text="For example: children, %, schools.")
    source = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["figure_set", "order"]
        constraints = [models.UniqueConstraint(fields=["figure_set", "group", "label"], name="unique_key_figure_label")]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"
