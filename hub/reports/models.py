"""The outline of the yearly report: its chapters, in order, and which sections each one holds.

Sections come from the apps' providers (``hub.reports.sections``); a chapter claims them by slug.
The business unit edits the outline in the back office, so each partnership can order its report
its own way.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models


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
