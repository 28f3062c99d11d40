"""The outline of the yearly report: its chapters, in order, and which sections each one holds;
its narrative and statutory checklist; and its sign-off, publication and sending.

Sections come from the apps' providers (``hub.reports.sections``); a chapter claims them by slug.
The business unit edits the outline in the back office, so each partnership can order its report
its own way. The lead partners who sign the report off and the bodies it is sent to are data too.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hub.core.errors import DomainError


class OutlineChapter(models.Model):
    """One chapter of the yearly report."""

    order = models.PositiveSmallIntegerField(default=1, help_text="Chapters appear in this order, lowest first.")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, help_text="The chapter's short name, used in links.")
    intro = models.TextField(
        "introduction", blank=True, help_text="A sentence or two printed under the chapter heading."
    )
    section_slugs = models.TextField(
        "sections",
        blank=True,
        help_text="The sections this chapter holds, one a line, in the order to print them "
        "(for example governance.budget). A * matches any characters, so learning-survey-* "
        "takes every survey's section.",
    )
    has_narrative = models.BooleanField(
        "has narrative text",
        default=False,
        help_text="The business unit writes text for this chapter, such as the introduction by the partners.",
    )

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def patterns(self) -> list[str]:
        """The section slugs (or patterns) the chapter claims, in order."""
        return [line.strip() for line in self.section_slugs.replace(",", "\n").splitlines() if line.strip()]

    def clean(self):
        for pattern in self.patterns:
            if any(character.isspace() for character in pattern):
                raise ValidationError({"section_slugs": "Enter one section a line, with no spaces in a section"})


class NarrativeBlock(models.Model):
    """The business unit's own text for one place in one year's report.

    A block belongs either to a chapter of the outline (``chapter``, for chapters with narrative
    text) or to a named narrative slot of a section (``section_slug`` and ``slot``). The text is
    plain text: a blank line starts a new paragraph, and figure tokens such as
    ``{{governance.budget.total-budget}}`` print the figure's value (``hub.reports.narrative``).
    ``version`` goes up with each save, so a second editor cannot overwrite the first unseen.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts in: 2021 for 2021/22.")
    chapter = models.ForeignKey(
        OutlineChapter, on_delete=models.PROTECT, null=True, blank=True, related_name="narratives"
    )
    section_slug = models.CharField(max_length=120, blank=True)
    slot = models.CharField(max_length=200, blank=True, help_text="The name of the section's narrative slot.")
    text = models.TextField(blank=True, max_length=20000)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["year", "chapter__order", "section_slug", "slot"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "chapter"],
                condition=models.Q(chapter__isnull=False),
                name="reports_narrative_one_per_chapter",
            ),
            models.UniqueConstraint(
                fields=["year", "section_slug", "slot"],
                condition=models.Q(chapter__isnull=True),
                name="reports_narrative_one_per_slot",
            ),
            models.CheckConstraint(
                condition=models.Q(chapter__isnull=False, section_slug="", slot="")
                | models.Q(chapter__isnull=True) & ~models.Q(section_slug="") & ~models.Q(slot=""),
                name="reports_narrative_chapter_or_slot",
            ),
        ]

    def __str__(self) -> str:
        where = self.chapter.title if self.chapter_id else f"{self.section_slug}: {self.slot}"
        return f"{where} ({self.year}/{(self.year + 1) % 100:02d})"

    @property
    def is_written(self) -> bool:
        return bool(self.text.strip())


class ChecklistItem(models.Model):
    """Something the statutory guidance expects a yearly report to contain, and how the Hub judges
    whether a year's report has it: a section with content, or a chapter's narrative text written.

    Items the partnership has not confirmed against the guidance are marked ``verified=False``
    and printed as such, so nobody mistakes them for settled law.
    """

    class Judged(models.TextChoices):
        SECTION = "section", "A section with content"
        NARRATIVE = "narrative", "A chapter's narrative text, written"

    order = models.PositiveSmallIntegerField(default=1, help_text="Items appear in this order, lowest first.")
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300, help_text="What the report must contain, in a sentence.")
    source = models.CharField(max_length=300, blank=True, help_text="Where the expectation comes from.")
    verified = models.BooleanField(
        "confirmed against the guidance",
        default=False,
        help_text="Tick once someone has checked the expectation against the current statutory guidance.",
    )
    required = models.BooleanField(
        default=True, help_text="A required item must be present, or have a reason recorded, before sign-off."
    )
    judged_by = models.CharField("how presence is judged", max_length=10, choices=Judged.choices)
    section_pattern = models.CharField(
        "section",
        max_length=200,
        blank=True,
        help_text="For a section: its short name, for example governance.budget. A * matches any characters.",
    )
    chapter = models.ForeignKey(
        OutlineChapter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checklist_items",
        help_text="For narrative text: the chapter whose text must be written.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.judged_by == self.Judged.SECTION and not self.section_pattern.strip():
            raise ValidationError({"section_pattern": "Enter the section that must appear"})
        if self.judged_by == self.Judged.NARRATIVE and self.chapter_id is None:
            raise ValidationError({"chapter": "Select the chapter whose text must be written"})


class ChecklistReason(models.Model):
    """Why a year's report goes ahead without a required item of the checklist."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="reasons")
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts in: 2021 for 2021/22.")
    reason = models.TextField(max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["recorded_at"])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "year"], name="reports_checklist_one_reason_a_year")]

    def __str__(self) -> str:
        return f"{self.item}: {self.year}"


# Sign-off, publication and sending -----------------------------------------------------------


class LeadPartner(models.Model):
    """One of the statutory lead safeguarding partners, who signs off the yearly report.

    The partners are data, not code: the law names three today (the local authority, the police and
    the integrated care board) and a fourth, education, is proposed. The ``person`` linked to an
    active row sees the sign-off page for each year awaiting sign-off.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    order = models.PositiveSmallIntegerField(default=1, help_text="Partners are listed in this order, lowest first.")
    role_title = models.CharField(
        "role",
        max_length=300,
        help_text="The lead partner's role and organisation, for example Director of Children's Services, "
        "Durham County Council.",
    )
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="lead_partners")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_partner_roles",
        help_text="Who signs off for this partner. Sign-off cannot start while an active partner has nobody.",
    )
    active = models.BooleanField(default=True, help_text="Only active partners sign off the report.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "role_title"]

    def __str__(self) -> str:
        return self.role_title


class ReportSignOff(models.Model):
    """The sign-off and publication of one year's report.

    A report goes from draft to awaiting sign-off (the business unit starts it once the checklist
    allows), to signed off (every active lead partner approved in the current round), to published
    (the PDF is in the website's resource library). A lead partner who returns it sends it back to
    draft; starting again begins a new ``round``, so earlier decisions stay on record.
    """

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING = "awaiting", "Awaiting sign-off"
        SIGNED_OFF = "signed-off", "Signed off"
        PUBLISHED = "published", "Published"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(
        unique=True, help_text="The year the financial year starts in: 2021 for 2021/22."
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    round = models.PositiveSmallIntegerField(
        default=0, help_text="How many times sign-off has started; decisions belong to a round."
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    publication_summary = models.TextField(blank=True, max_length=2000)
    resource_page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The report's page in the website's resource library, once published.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = "yearly report sign-off"

    def __str__(self) -> str:
        return f"Yearly report {self.year}/{(self.year + 1) % 100:02d}"

    @property
    def content_frozen(self) -> bool:
        """The business unit's text and checklist reasons cannot change from the start of sign-off."""
        return self.state != self.State.DRAFT

    @classmethod
    def check_content_open(cls, year) -> None:
        """Raise ``DomainError`` when sign-off of ``year`` (a ``FinancialYear``) has started, so its
        text and checklist reasons are frozen (decision 0013)."""
        state = cls.objects.filter(year=year.start_year).values_list("state", flat=True).first()
        if state not in (None, cls.State.DRAFT):
            raise DomainError(
                f"The report for {year.label} is {cls.State(state).label.lower()}: its text and checklist "
                "reasons cannot change now. A lead partner can return it with reasons to make it a draft again."
            )

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED and self.resource_page_id is not None

    @property
    def published_on(self):
        return timezone.localdate(self.published_at) if self.published_at else None


class SignOffDecision(models.Model):
    """One lead partner's decision on one round of a year's sign-off: approved, or returned with reasons."""

    class Decision(models.TextChoices):
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned with reasons"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sign_off = models.ForeignKey(ReportSignOff, on_delete=models.CASCADE, related_name="decisions")
    lead_partner = models.ForeignKey(LeadPartner, on_delete=models.PROTECT, related_name="decisions")
    round = models.PositiveSmallIntegerField()
    decision = models.CharField(max_length=10, choices=Decision.choices)
    comment = models.TextField(
        blank=True, max_length=2000, help_text="A comment on an approval, or the reasons for returning the report."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["sign_off", "lead_partner", "round"], name="reports_one_decision_a_partner_a_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lead_partner}: {self.get_decision_display()} ({self.sign_off})"


class RecipientBody(models.Model):
    """A body the statutory guidance says a published yearly report is sent to, and within how long.

    Which bodies, and from which year, are the guidance's facts, kept here as data: Working Together
    2018 named the What Works Centre for Children's Social Care, Working Together 2023 names the
    Department for Education; both name the Child Safeguarding Practice Review Panel.
    """

    order = models.PositiveSmallIntegerField(default=1, help_text="Bodies are listed in this order, lowest first.")
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=300, blank=True, help_text="Where the expectation comes from.")
    verified = models.BooleanField(
        "confirmed against the guidance",
        default=False,
        help_text="Tick once someone has checked the expectation against the current statutory guidance.",
    )
    days_after_publication = models.PositiveSmallIntegerField(
        default=7, help_text="The report is expected to reach the body within this many days of publication."
    )
    first_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The first report year the body receives, as the year it starts in (2023 for 2023/24). "
        "Leave empty for every year.",
    )
    last_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The last report year the body receives, as the year it starts in. Leave empty for every year.",
    )
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "body the report is sent to"
        verbose_name_plural = "bodies the report is sent to"

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": "The last year must be the same as or after the first year"})

    def receives(self, start_year: int) -> bool:
        """Whether the body receives the report for the year starting in ``start_year``."""
        return (
            self.active
            and (self.first_year is None or self.first_year <= start_year)
            and (self.last_year is None or start_year <= self.last_year)
        )


class ReportSending(models.Model):
    """The record that a year's published report was sent to one body: when, how and by whom."""

    class Method(models.TextChoices):
        EMAIL = "email", "E-mail"
        ONLINE_FORM = "online-form", "Online form or upload"
        POST = "post", "Post"
        OTHER = "other", "Other"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sign_off = models.ForeignKey(ReportSignOff, on_delete=models.CASCADE, related_name="sendings")
    body = models.ForeignKey(RecipientBody, on_delete=models.PROTECT, related_name="sendings")
    sent_on = models.DateField()
    method = models.CharField("how", max_length=12, choices=Method.choices)
    details = models.CharField(
        max_length=300, blank=True, help_text="For example the address it was sent to, or a reference."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["recorded_at"])

    class Meta:
        ordering = ["body__order", "body__name"]
        constraints = [models.UniqueConstraint(fields=["sign_off", "body"], name="reports_one_sending_a_body")]

    def __str__(self) -> str:
        return f"{self.sign_off} sent to {self.body}"


# Making the PDF in the background and abbreviations -----------------------------------------


def generation_upload_to(instance: ReportGeneration, filename: str) -> str:
    # Kept out of the public media folder's served paths: downloaded only through a checked view.
    return f"reports/generated/{instance.uuid.hex}.pdf"


class ReportGeneration(models.Model):
    """One making of a year's PDF in the background, to download or to publish.

    ``hub.reports.generation`` queues it and the task ``hub.reports.tasks.generate_report`` runs it:
    the report's sections are gathered one provider at a time, then the HTML and the PDF are made.
    A publication run then publishes the PDF to the resource library. The progress page reads
    ``steps_done`` of ``steps_total`` and ``stage`` while it runs. At most one run a year and
    purpose is queued or running at a time.
    """

    class Purpose(models.TextChoices):
        DOWNLOAD = "download", "Download"
        PUBLICATION = "publication", "Publication"

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "In progress"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts in: 2021 for 2021/22.")
    purpose = models.CharField(max_length=12, choices=Purpose.choices, default=Purpose.DOWNLOAD)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summary = models.TextField(blank=True, max_length=2000, help_text="For a publication: the library's summary.")
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    steps_done = models.PositiveSmallIntegerField(default=0)
    steps_total = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=200, blank=True, help_text="What the run is doing, in a few words.")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to=generation_upload_to, max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True, help_text="Why the run failed, in plain words.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "yearly report PDF run"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "purpose"],
                condition=models.Q(state__in=["queued", "running"]),
                name="reports_one_active_generation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} of the yearly report {self.year}/{(self.year + 1) % 100:02d}"

    @property
    def is_active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)


class Acronym(models.Model):
    """An abbreviation the yearly report writes out in full the first time it is used.

    The business unit keeps the list in the back office; ``hub.reports.acronyms`` applies it to the
    rendered report, so the web page, the HTML file and the PDF agree.
    """

    abbreviation = models.CharField(
        max_length=20,
        unique=True,
        help_text="As the report writes it, for example CDOP. It is matched as a whole word, capitals and all.",
    )
    expansion = models.CharField(
        "written out in full", max_length=200, help_text="For example Child Death Overview Panel."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["abbreviation"]
        verbose_name = "abbreviation in the yearly report"
        verbose_name_plural = "abbreviations in the yearly report"

    def __str__(self) -> str:
        return f"{self.abbreviation}: {self.expansion}"

    def clean(self):
        self.abbreviation = self.abbreviation.strip()
        self.expansion = self.expansion.strip()
        if not self.abbreviation or not all(character.isalnum() for character in self.abbreviation):
            raise ValidationError({"abbreviation": "Enter the abbreviation as letters and numbers, with no spaces"})
