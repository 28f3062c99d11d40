"""The response form (built from the survey's questions) and the back office's question form."""

from __future__ import annotations

from django import forms

from hub.core.forms.admin import BackOfficeModelForm
from hub.core.models import Agency
from hub.learning.common import IDENTIFYING_DETAILS_WARNING, QuestionKind, answer_fields, answers_from
from hub.learning.surveys.models import SurveyQuestion, SurveyResponse

PREFER_NOT_TO_SAY = "prefer-not-to-say"
TEXT_KINDS = {QuestionKind.TEXT, QuestionKind.LONG_TEXT}
INLINE_KINDS = {QuestionKind.YES_NO}
ABOUT_YOU_FIELDS = ("agency", "sector", "role")


class SurveyResponseForm(forms.Form):
    """One field per question (``common.answer_fields``), then the optional "about you" questions."""

    agency = forms.ModelChoiceField(
        label="Which agency do you work for?",
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        to_field_name="short_code",
        required=False,
        empty_label="Prefer not to say",
        error_messages={"invalid_choice": "Select your agency from the list, or prefer not to say"},
    )
    sector = forms.ChoiceField(
        label="Which sector do you work in?",
        help_text="You can tell us your sector even if you prefer not to name your agency.",
        choices=[*Agency.Sector.choices, (PREFER_NOT_TO_SAY, "Prefer not to say")],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select your sector, or prefer not to say"},
    )
    role = forms.ChoiceField(
        label="Which best describes your role?",
        choices=[*SurveyResponse.Role.choices, (PREFER_NOT_TO_SAY, "Prefer not to say")],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select your role, or prefer not to say"},
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        about_you = {name: self.fields.pop(name) for name in ABOUT_YOU_FIELDS}
        for question in self.questions:
            field = answer_fields([question])[question.key]
            if question.kind in TEXT_KINDS:
                # Written answers are read by people who may know the families: warn every time.
                field.help_text = " ".join(part for part in (question.help_text, IDENTIFYING_DETAILS_WARNING) if part)
                field.error_messages["required"] = f"{question.text}: enter an answer"
                field.error_messages["max_length"] = (
                    f"{question.text}: your answer must be %(limit_value)d characters or fewer"
                )
            if question.kind in INLINE_KINDS:
                # A short scale or yes and no read best on one line (the GOV.UK inline radios).
                field.widget.attrs["inline"] = True
            self.fields[question.key] = field
        self.fields.update(about_you)

    def question_fields(self):
        return [self[question.key] for question in self.questions]

    def about_you_fields(self):
        return [self[name] for name in ABOUT_YOU_FIELDS]

    def clean(self):
        cleaned = super().clean()
        agency = cleaned.get("agency")
        sector = cleaned.get("sector")
        if sector == PREFER_NOT_TO_SAY:
            cleaned["sector"] = sector = ""
        if cleaned.get("role") == PREFER_NOT_TO_SAY:
            cleaned["role"] = ""
        if agency is not None and sector and sector != agency.sector:
            self.add_error(
                "sector",
                f"{agency.name} is in the {agency.get_sector_display().lower()} sector. "
                "Select that sector, or select prefer not to say",
            )
        return cleaned

    @property
    def answers(self) -> dict:
        return answers_from(self.questions, self.cleaned_data)


class SurveyQuestionForm(BackOfficeModelForm):
    """A survey question in the back office, with a choice question's options one per line.

    Once a survey has responses, how a question is answered (its kind, choices or scale) cannot
    change: the answers already given would no longer match it.
    """

    ANSWER_SHAPE = ("kind", "options", "scale_min", "scale_max", "grading_scheme")

    options = forms.CharField(
        label="Choices",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For a choice question: one choice per line, in the order they are shown.",
    )

    class Meta:
        model = SurveyQuestion
        fields = [
            "survey",
            "position",
            "text",
            "help_text",
            "kind",
            "required",
            "options",
            "scale_min",
            "scale_max",
            "scale_min_label",
            "scale_max_label",
            "grading_scheme",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["options"] = "\n".join(self.instance.options or [])

    def clean_options(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("options") or "").splitlines() if line.strip()]

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk and instance.survey.responses.exists():
            before = SurveyQuestion.objects.get(pk=instance.pk)
            for name in self.ANSWER_SHAPE:
                if name in cleaned and getattr(before, name) != cleaned[name]:
                    self.add_error(
                        name,
                        "The survey already has responses, so how this question is answered cannot change. "
                        "Add a new question instead",
                    )
            if cleaned.get("survey") and cleaned["survey"].pk != before.survey_id:
                self.add_error("survey", "The question already has answers, so it cannot move to another survey")
        return cleaned


class ResultsFilterForm(forms.Form):
    """Whose results to show: everyone, one agency or one sector (only groups large enough to show)."""

    group = forms.ChoiceField(label="Show results for", required=False)

    def __init__(self, *args, agency_choices, sector_choices, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Everyone who responded")]
        if agency_choices:
            choices.append(("Agencies", [(f"agency:{code}", name) for code, name in agency_choices]))
        if sector_choices:
            choices.append(("Sectors", [(f"sector:{value}", label) for value, label in sector_choices]))
        self.fields["group"].choices = choices
        self.fields["group"].widget.attrs["class"] = "govuk-select"


def parse_group(value: str) -> tuple[str, str]:
    """``agency:dcc`` gives ("dcc", ""), ``sector:health`` gives ("", "health"); anything else nothing."""
    kind, _, key = (value or "").partition(":")
    key = key.strip()[:30]
    if kind == "agency":
        return key, ""
    if kind == "sector":
        return "", key
    return "", ""
