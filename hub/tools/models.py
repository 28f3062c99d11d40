"""Practitioner tools: the content the business unit edits, and a count of uses. Nothing else.

The tools (the sexual development and behaviour guide, the Harm Matrix worksheet, the
multi-agency chronology builder and the scaling-question summary) render what a practitioner
types straight back to them and keep none of it: there is deliberately no model here for a
worksheet, an event, a rating or an upload. ``tests/test_no_case_data.py`` lists every model and
field of this app so that one cannot be added without the test being changed on purpose.

What is kept:

- the guide's content: age bands, behaviour categories (healthy through to abusive), behaviours
  with what they may mean and how to respond, and links to procedures, each age band with a
  review date and who last reviewed it;
- the Harm Matrix's cells: heading, question prompts and guidance;
- which practice themes' topic pages list each tool;
- ``ToolUse``: how many times each tool was used in a month. No person, address or content.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hub.core.models import Theme


class Tool(models.TextChoices):
    SEXUAL_BEHAVIOUR_GUIDE = "sexual-behaviour-guide", "Sexual development and behaviour guide"
    HARM_MATRIX = "harm-matrix", "Harm Matrix worksheet"
    CHRONOLOGY = "chronology", "Multi-agency chronology builder"
    SCALING = "scaling", "Scaling-question summary"


TOOL_URL_NAMES = {
    Tool.SEXUAL_BEHAVIOUR_GUIDE: "tools:guide",
    Tool.HARM_MATRIX: "tools:harm-matrix",
    Tool.CHRONOLOGY: "tools:chronology",
    Tool.SCALING: "tools:scaling",
}


def tool_url(tool: str) -> str:
    return reverse(TOOL_URL_NAMES[Tool(tool)])


def validate_link(value: str) -> None:
    """A page of this site (``/procedures/``) or a full http(s) address; nothing else (no ``javascript:``)."""
    if value.startswith("/") and not value.startswith("//"):
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError("Enter a web address starting with https:// or a page of this site starting with /")


# The sexual development and behaviour guide ----------------------------------------------------


class AgeBand(models.Model):
    """An age band of the guide, such as 0 to 4 years, with its own review date."""

    slug = models.SlugField(max_length=40, unique=True, help_text="The end of the band's web address, like 5-to-9.")
    label = models.CharField(max_length=60, unique=True, help_text="As people read it, like 5 to 9 years.")
    youngest = models.PositiveSmallIntegerField("youngest age", help_text="In whole years.")
    oldest = models.PositiveSmallIntegerField("oldest age", help_text="In whole years.")
    introduction = models.TextField(
        blank=True, help_text="A few sentences on development at this age, shown above the behaviours."
    )
    review_date = models.DateField(help_text="When the content of this age band must next be reviewed.")
    last_reviewed_on = models.DateField(null=True, blank=True)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The member of the business unit who last checked this content.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["youngest", "oldest"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("tools:guide-age-band", args=[self.slug])

    @property
    def is_overdue_for_review(self) -> bool:
        return self.review_date < timezone.localdate()


class BehaviourCategory(models.Model):
    """Where a behaviour sits, from healthy through problematic and concerning to abusive.

    Categories are told apart by their words and order, never by colour alone.
    """

    key = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=60, unique=True)
    position = models.PositiveSmallIntegerField("order", default=0, help_text="Healthy first, abusive last.")
    description = models.TextField(help_text="What behaviour in this category is like, in a sentence or two.")
    general_response = models.TextField(
        "what to do in general", help_text="The usual response to any behaviour in this category."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "label"]
        verbose_name_plural = "behaviour categories"

    def __str__(self) -> str:
        return self.label


class Behaviour(models.Model):
    age_band = models.ForeignKey(AgeBand, on_delete=models.CASCADE, related_name="behaviours")
    category = models.ForeignKey(BehaviourCategory, on_delete=models.PROTECT, related_name="behaviours")
    title = models.CharField(max_length=200, help_text="The behaviour as a practitioner might see or hear of it.")
    keywords = models.CharField(
        max_length=300, blank=True, help_text="Other words people might search for, separated by commas."
    )
    what_it_may_mean = models.TextField("what it may mean")
    how_to_respond = models.TextField("how to respond")
    position = models.PositiveSmallIntegerField("order", default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["age_band__youngest", "category__position", "position", "title"]
        constraints = [
            models.UniqueConstraint(fields=["age_band", "category", "title"], name="tools_behaviour_unique_title")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.age_band})"


class GuideLink(models.Model):
    """A procedure, pathway or service the guide points to, such as the harmful sexual behaviour pathway."""

    label = models.CharField(max_length=150)
    url = models.CharField(
        "web address",
        max_length=500,
        validators=[validate_link],
        help_text="A full web address (https://...) or a page of this site starting with /.",
    )
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField("order", default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


# The Harm Matrix --------------------------------------------------------------------------------


class HarmMatrixCell(models.Model):
    """One box of the partnership's Harm Matrix, with the prompts and guidance shown beside it."""

    class Section(models.TextChoices):
        HAPPENED = "happened", "What has happened"
        WORRIED = "worried", "What we are worried will happen"

    key = models.SlugField(max_length=40, unique=True)
    section = models.CharField(max_length=20, choices=Section.choices)
    heading = models.CharField(max_length=100)
    prompts = models.TextField("question prompts", help_text="One question a line; shown as a list under the heading.")
    guidance = models.TextField(help_text="How to fill in this box well.")
    position = models.PositiveSmallIntegerField("order", default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "position", "heading"]

    def __str__(self) -> str:
        return f"{self.get_section_display()}: {self.heading}"

    @property
    def prompt_lines(self) -> list[str]:
        return [line.strip() for line in self.prompts.splitlines() if line.strip()]


# Where the tools are listed -------------------------------------------------------------------


class ToolTopic(models.Model):
    """Which practice themes' topic pages list a tool (the harmful sexual behaviour page lists the guide)."""

    tool = models.CharField(max_length=40, choices=Tool.choices, unique=True)
    summary = models.CharField(max_length=300, help_text="One sentence shown under the tool's name on topic pages.")
    themes = models.ManyToManyField(Theme, blank=True, related_name="+")
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["tool"]

    def __str__(self) -> str:
        return self.get_tool_display()


# Counting uses ------------------------------------------------------------------------------------


class ToolUse(models.Model):
    """How many times a tool was used in a month: a number, nothing about who or what."""

    tool = models.CharField(max_length=40, choices=Tool.choices)
    month = models.DateField(help_text="The first day of the month.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["month", "tool"]
        constraints = [models.UniqueConstraint(fields=["tool", "month"], name="tools_tooluse_unique_month")]

    def __str__(self) -> str:
        return f"{self.get_tool_display()}, {self.month:%B %Y}: {self.count}"

    @classmethod
    def record(cls, tool: str, *, on: date | None = None) -> None:
        """Add one use of ``tool`` to its month's count; safe when many requests count at once.

        The row is created once (the unique constraint settles a race between two creators) and
        then incremented in the database, so no increment is lost.
        """
        day = on or timezone.localdate()
        month = day.replace(day=1)
        use, _ = cls.objects.get_or_create(tool=Tool(tool), month=month)
        cls.objects.filter(pk=use.pk).update(count=F("count") + 1)
