"""Forms for assurance reports; they render through the GOV.UK form templates."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from hub.core.forms.actions import ActionForm
from hub.core.forms.fields import GovukDateField
from hub.learning.assurance.models import AssuranceReport
from hub.learning.common import IDENTIFYING_DETAILS_WARNING, MAX_TEXT_ANSWER, QuestionKind, answer_fields


class ReportForm(forms.Form):
    """The template's sections; nothing is required while drafting (submitting checks completeness)."""

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        self.fields.update(answer_fields(sections, required=False))
        for section in sections:
            field = self.fields[section.key]
            if section.kind in {QuestionKind.LONG_TEXT, QuestionKind.TEXT}:
                limit = MAX_TEXT_ANSWER if section.kind == QuestionKind.LONG_TEXT else 300
                field.error_messages["max_length"] = f"{section.text} must be {limit:,} characters or fewer"
                field.help_text = " ".join(part for part in (section.help_text, IDENTIFYING_DETAILS_WARNING) if part)
            field.error_messages["invalid_choice"] = f"{section.text}: select one of the answers"


class QuestionForm(forms.Form):
    question = forms.CharField(
        label="What was asked?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=IDENTIFYING_DETAILS_WARNING,
        error_messages={
            "required": "Enter the question that was asked",
            "max_length": "The question must be 4,000 characters or fewer",
        },
    )
    asked_by_name = forms.CharField(
        label="Who asked it? (optional)",
        max_length=200,
        required=False,
        help_text="Their role, for example Chair or Executive for health.",
        error_messages={"max_length": "Who asked must be 200 characters or fewer"},
    )
    asked_on = GovukDateField(
        label="When was it asked?",
        label_for_errors="the date the question was asked",
        help_text="For example, 21 9 2022",
    )
    response = forms.CharField(
        label="The agency's response (optional)",
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Leave blank if the agency will respond later. " + IDENTIFYING_DETAILS_WARNING,
        error_messages={"max_length": "The response must be 10,000 characters or fewer"},
    )

    def clean_asked_on(self):
        asked_on = self.cleaned_data["asked_on"]
        if asked_on and asked_on > timezone.localdate():
            raise forms.ValidationError("The date the question was asked must be today or in the past")
        return asked_on


class ResponseForm(forms.Form):
    response = forms.CharField(
        label="The agency's response",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=IDENTIFYING_DETAILS_WARNING,
        error_messages={
            "required": "Enter the agency's response",
            "max_length": "The response must be 10,000 characters or fewer",
        },
    )


class ConsiderationForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label="Which meeting considered the report?",
        queryset=None,
        to_field_name="uuid",
        empty_label="Choose a meeting",
        error_messages={
            "required": "Select the meeting that considered the report",
            "invalid_choice": "Select the meeting that considered the report",
        },
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=AssuranceReport.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome", "invalid_choice": "Select the outcome"},
    )
    outcome_notes = forms.CharField(
        label="What did the meeting conclude?",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=IDENTIFYING_DETAILS_WARNING,
        error_messages={
            "required": "Enter what the meeting concluded",
            "max_length": "What the meeting concluded must be 10,000 characters or fewer",
        },
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class TableForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label="Which meeting should the report be tabled at?",
        queryset=None,
        to_field_name="uuid",
        empty_label="Choose a meeting",
        error_messages={
            "required": "Select the meeting to table the report at",
            "invalid_choice": "Select the meeting to table the report at",
        },
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class ReportActionForm(ActionForm):
    """The tracker's own action form; where the action came from is the report itself."""

    source_label = None
