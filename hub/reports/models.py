"""The outline of the yearly report: its chapters, in order, and which sections each one holds.

Sections come from the apps' providers (``hub.reports.sections``); a chapter claims them by slug.
The business unit edits the outline in the back office, so each partnership can order its report
its own way.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords


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
