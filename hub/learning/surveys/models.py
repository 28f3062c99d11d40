"""Practitioner surveys: a survey's questions (as data), its anonymous link and the responses.

Anyone with a survey's link may respond while it is open; nobody signs in. A response keeps
the answers and the optional "about you" answers (agency, sector, role) and nothing else: no
user, no address, no browser details. Results break down by agency and sector only where a
group has at least ``MIN_GROUP_SIZE`` respondents, so that nobody can be picked out.
"""

from __future__ import annotations

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hub.core.models import Agency
from hub.core.periods import FinancialYear
from hub.learning.common import Question

__all__ = ["Survey", "SurveyQuestion", "SurveyResponse"]

# Breakdowns by agency, sector or role hide any group smaller than this.
MIN_GROUP_SIZE = 5


def new_survey_token() -> str:
    """The secret part of a survey's link: unguessable, so only people sent the link can respond."""
    return secrets.token_urlsafe(18)


class Survey(models.Model):
    """One survey of practitioners, such as the partnership's yearly practitioner survey."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Availability(models.TextChoices):
        """What a person following the link finds, worked out from the status and the dates."""

        NOT_YET_OPEN = "not-yet-open", "Not open yet"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField(help_text="Financial year starting (2021 means 2021/22).")
    introduction = models.TextField(
        help_text="Shown above the questions: what the survey is for, how long it takes, that it is anonymous."
    )
    thank_you = models.TextField(
        "thank-you text",
        blank=True,
        help_text="Shown after someone responds, for example what happens next and when results are shared.",
    )
    opens_at = models.DateTimeField(
        "opens", null=True, blank=True, help_text="Leave empty to open as soon as the business unit opens it."
    )
    closes_at = models.DateTimeField("closes", null=True, blank=True, help_text="Leave empty to close by hand.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False)
    token = models.CharField(max_length=40, unique=True, default=new_survey_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        ordering = ["-year", "-opens_at", "title"]
        constraints = [models.UniqueConstraint(fields=["year", "title"], name="learning_survey_year_title_unique")]

    def __str__(self) -> str:
        return f"{self.title} ({self.financial_year.label})"

    def get_absolute_url(self) -> str:
        return reverse("learning:survey-results", args=[self.uuid])

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The closing date must be after the opening date"})

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year)

    @property
    def response_path(self) -> str:
        return reverse("learning:survey-respond", args=[self.token])

    def availability(self, now=None) -> Availability:
        """A draft has not opened; an open survey is open only between its dates."""
        now = now or timezone.now()
        if self.status == self.Status.DRAFT:
            return self.Availability.NOT_YET_OPEN
        if self.status == self.Status.CLOSED or (self.closes_at and now >= self.closes_at):
            return self.Availability.CLOSED
        if self.opens_at and now < self.opens_at:
            return self.Availability.NOT_YET_OPEN
        return self.Availability.OPEN

    def is_accepting_responses(self, now=None) -> bool:
        return self.availability(now) == self.Availability.OPEN


class SurveyQuestion(Question):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    history = HistoricalRecords()

    class Meta(Question.Meta):
        ordering = ["survey", "position", "id"]


class SurveyResponse(models.Model):
    """One anonymous response. Nothing here says who responded or from where."""

    class Role(models.TextChoices):
        PRACTITIONER = "practitioner", "Practitioner working directly with children or families"
        MANAGER = "manager", "Team manager or supervisor"
        SENIOR = "senior", "Senior or strategic manager"
        OTHER = "other", "Another role"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    answers = models.JSONField(default=dict, blank=True)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the respondent preferred not to say.",
    )
    sector = models.CharField(max_length=30, choices=Agency.Sector.choices, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)

    class Meta:
        ordering = ["survey", "submitted_at", "id"]
        indexes = [models.Index(fields=["survey", "submitted_at"])]

    def __str__(self) -> str:
        return f"Response to {self.survey.title} on {timezone.localtime(self.submitted_at):%-d %B %Y}"

    def get_answers_display(self) -> str:
        """The answers in words, one question a line, for the back office's inspect page."""
        lines = []
        for question in self.survey.questions.all():
            value = self.answers.get(question.key)
            lines.append(f"{question.text}: {question.display_answer(value)}")
        return "\n".join(lines)
