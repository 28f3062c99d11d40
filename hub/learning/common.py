"""What every part of the learning app shares: its settings, grading schemes and questions as data.

Audit templates, Section 11 standards, practitioner surveys and assurance report templates all
ask questions that staff define in the back office. ``Question`` is the abstract row each of
them extends; answers are kept as a JSON object keyed by the question's UUID, so a template can
change without losing what was already answered. ``answer_fields`` builds the form fields,
``display_answer`` shows an answer in words, and ``tally`` counts answers for results pages.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

MAX_TEXT_ANSWER = 5000
IDENTIFYING_DETAILS_WARNING = (
    "Do not write names, dates of birth, addresses or anything else that could identify a child or family."
)


@register_setting(icon="clipboard-list")
class LearningSettings(BaseGenericSetting):
    """Which groups receive the learning work, edited by the business unit under Settings."""

    audit_group = models.ForeignKey(
        "governance.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The group that runs the audit programme (the Performance and Learning Group); its members "
        "see the programme and findings reports.",
    )
    improvement_group = models.ForeignKey(
        "governance.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The group that runs improvement cycles (the Improvement Delivery Group); its members see "
        "the improvement themes and cycles.",
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        default=7, help_text="Days before a due date when agencies are reminded of an audit return or Section 11."
    )

    class Meta:
        verbose_name = "learning settings"


class GradingScheme(models.Model):
    """A set of grades, best first: Outstanding to Inadequate, 0 to 3, or red, amber and green."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def choices(self) -> list[tuple[str, str]]:
        return [(grade.code, grade.label) for grade in self.grades.all()]

    def grade_labels(self) -> str:
        return ", ".join(grade.label for grade in self.grades.all())

    def label_for(self, code: str | None) -> str:
        for grade in self.grades.all():
            if grade.code == code:
                return grade.label
        return ""


class Grade(models.Model):
    """One grade of a scheme. ``position`` 1 is the best; ``colour`` is a GOV.UK tag colour."""

    class Colour(models.TextChoices):
        GREEN = "green", "Green"
        TURQUOISE = "turquoise", "Turquoise"
        BLUE = "blue", "Blue"
        YELLOW = "yellow", "Yellow"
        ORANGE = "orange", "Orange"
        RED = "red", "Red"
        GREY = "grey", "Grey"

    scheme = models.ForeignKey(GradingScheme, on_delete=models.CASCADE, related_name="grades")
    position = models.PositiveSmallIntegerField()
    code = models.SlugField(max_length=30, help_text="A short stable name, for example good or amber.")
    label = models.CharField(max_length=60)
    description = models.CharField(max_length=300, blank=True)
    colour = models.CharField(max_length=20, choices=Colour.choices, default=Colour.GREY)

    class Meta:
        ordering = ["scheme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="learning_grade_code_unique"),
            models.UniqueConstraint(fields=["scheme", "position"], name="learning_grade_position_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class QuestionKind(models.TextChoices):
    TEXT = "text", "Short text"
    LONG_TEXT = "long-text", "Long text"
    YES_NO = "yes-no", "Yes or no"
    SCALE = "scale", "Scale (for example 1 to 5)"
    GRADE = "grade", "Grade from a grading scheme"
    CHOICE = "choice", "One choice from a list"
    MULTIPLE_CHOICE = "multiple-choice", "Several choices from a list"
    NUMBER = "number", "Whole number"


CHOICE_KINDS = {QuestionKind.YES_NO, QuestionKind.SCALE, QuestionKind.GRADE, QuestionKind.CHOICE}


class Question(models.Model):
    """One question of a template, survey or standard; concrete models add the owner foreign key."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    position = models.PositiveSmallIntegerField(default=1)
    text = models.CharField("question", max_length=300)
    help_text = models.TextField("hint", blank=True)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices, default=QuestionKind.LONG_TEXT)
    required = models.BooleanField(default=True)
    options = models.JSONField(
        default=list, blank=True, help_text="For a choice question: the choices, one per item, in order."
    )
    scale_min = models.PositiveSmallIntegerField(default=1)
    scale_max = models.PositiveSmallIntegerField(default=5)
    scale_min_label = models.CharField(max_length=60, blank=True, help_text="For example Strongly disagree.")
    scale_max_label = models.CharField(max_length=60, blank=True, help_text="For example Strongly agree.")
    grading_scheme = models.ForeignKey(
        GradingScheme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a grade question: the scheme the grade is chosen from.",
    )

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def key(self) -> str:
        return str(self.uuid)

    def clean(self):
        errors = {}
        if self.kind in {QuestionKind.CHOICE, QuestionKind.MULTIPLE_CHOICE}:
            options = [str(option).strip() for option in (self.options or []) if str(option).strip()]
            if len(options) < 2:
                errors["options"] = "Enter at least two choices"
            elif len(set(options)) != len(options):
                errors["options"] = "Each choice must be different"
            self.options = options
        if self.kind == QuestionKind.SCALE and not self.scale_min < self.scale_max <= 10:
            errors["scale_max"] = "The top of the scale must be above the bottom and no more than 10"
        if self.kind == QuestionKind.GRADE and self.grading_scheme_id is None:
            errors["grading_scheme"] = "Select the grading scheme for a grade question"
        if errors:
            raise ValidationError(errors)

    # Answers --------------------------------------------------------------------------------------

    def choices(self) -> list[tuple[str, str]]:
        """(stored value, label) pairs for the kinds answered by picking."""
        if self.kind == QuestionKind.YES_NO:
            return [("yes", "Yes"), ("no", "No")]
        if self.kind == QuestionKind.SCALE:
            labels = {self.scale_min: self.scale_min_label, self.scale_max: self.scale_max_label}
            return [
                (str(point), f"{point} ({labels[point]})" if labels.get(point) else str(point))
                for point in range(self.scale_min, self.scale_max + 1)
            ]
        if self.kind == QuestionKind.GRADE:
            return self.grading_scheme.choices() if self.grading_scheme_id else []
        if self.kind in {QuestionKind.CHOICE, QuestionKind.MULTIPLE_CHOICE}:
            return [(option, option) for option in self.options]
        return []

    def form_field(self, *, required: bool | None = None) -> forms.Field:
        required = self.required if required is None else required
        common = {"label": self.text, "help_text": self.help_text, "required": required}
        kind = self.kind
        if kind == QuestionKind.TEXT:
            return forms.CharField(max_length=300, **common)
        if kind == QuestionKind.LONG_TEXT:
            return forms.CharField(max_length=MAX_TEXT_ANSWER, widget=forms.Textarea(attrs={"rows": 5}), **common)
        if kind == QuestionKind.NUMBER:
            return forms.IntegerField(
                min_value=0,
                max_value=10**9,
                widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-5"}),
                error_messages={"invalid": f"{self.text}: enter a whole number, like 12"},
                **common,
            )
        if kind == QuestionKind.MULTIPLE_CHOICE:
            return forms.MultipleChoiceField(
                choices=self.choices(),
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": f"{self.text}: select at least one"},
                **common,
            )
        return forms.ChoiceField(
            choices=self.choices(),
            widget=forms.RadioSelect,
            error_messages={"required": f"{self.text}: select an answer"},
            **common,
        )

    def clean_answer(self, value):
        """The stored form of a form field's cleaned value (empty answers become None)."""
        if value in (None, "", []):
            return None
        if self.kind == QuestionKind.TEXT or self.kind == QuestionKind.LONG_TEXT:
            return str(value).strip() or None
        if self.kind == QuestionKind.MULTIPLE_CHOICE:
            return list(value)
        return value

    def display_answer(self, value) -> str:
        if value in (None, "", []):
            return "Not answered"
        if self.kind == QuestionKind.MULTIPLE_CHOICE:
            return ", ".join(str(item) for item in value)
        if self.kind in CHOICE_KINDS:
            return dict(self.choices()).get(str(value), str(value))
        return str(value)


def answer_fields(questions, *, required: bool | None = None) -> dict[str, forms.Field]:
    """Form fields for ``questions``, named by each question's key."""
    return {question.key: question.form_field(required=required) for question in questions}


def answers_from(questions, cleaned_data: dict) -> dict:
    """The JSON to store from a form's cleaned data: only the answered questions."""
    answers = {}
    for question in questions:
        value = question.clean_answer(cleaned_data.get(question.key))
        if value is not None:
            answers[question.key] = value
    return answers


def missing_answers(questions, answers: dict) -> list:
    """Required questions with no answer in ``answers``, for checking before a submission."""
    return [question for question in questions if question.required and answers.get(question.key) in (None, "", [])]


@dataclass
class Tally:
    """The answers to one question: counts per choice with percentages, or the text answers."""

    question: Question
    answered: int = 0
    counts: list[tuple[str, int, float]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    mean: float | None = None


def tally(question: Question, answer_sets) -> Tally:
    """Count the answers to ``question`` across ``answer_sets`` (an iterable of answer dicts).

    Percentages are of the people who answered the question. A multiple-choice question's
    percentages can add up to more than 100.
    """
    result = Tally(question=question)
    counter: Counter = Counter()
    numbers = []
    for answers in answer_sets:
        value = answers.get(question.key)
        if value in (None, "", []):
            continue
        result.answered += 1
        if question.kind == QuestionKind.MULTIPLE_CHOICE:
            counter.update(str(item) for item in value)
        elif question.kind in CHOICE_KINDS:
            counter[str(value)] += 1
            if question.kind == QuestionKind.SCALE:
                numbers.append(int(value))
        elif question.kind == QuestionKind.NUMBER:
            numbers.append(int(value))
        else:
            result.texts.append(str(value))
    if question.kind in CHOICE_KINDS or question.kind == QuestionKind.MULTIPLE_CHOICE:
        for value, label in question.choices():
            count = counter.get(value, 0)
            share = round(100 * count / result.answered, 1) if result.answered else 0.0
            result.counts.append((label, count, share))
    if numbers:
        result.mean = round(sum(numbers) / len(numbers), 2)
    return result
