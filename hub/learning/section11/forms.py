"""Forms for the Section 11 self-assessment: rating a standard, moderation, challenge sessions, actions."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from hub.core.forms.fields import GovukDateField
from hub.core.uploads import allowed_text, validate_upload
from hub.learning.common import IDENTIFYING_DETAILS_WARNING
from hub.learning.section11.services import EVIDENCE_TYPES

MAX_EVIDENCE = 10000
MAX_NOTE = 5000


def _textarea(rows: int = 5) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class RatingForm(forms.Form):
    """The agency's rating of itself against one standard, its evidence and an optional file."""

    self_rating = forms.ChoiceField(widget=forms.RadioSelect)
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        max_length=MAX_EVIDENCE,
        widget=_textarea(8),
        help_text="What shows the rating is right: policies, audits, training figures, what staff and families "
        "say. " + IDENTIFYING_DETAILS_WARNING,
        error_messages={"max_length": f"Evidence must be {MAX_EVIDENCE:,} characters or fewer"},
    )
    file = forms.FileField(
        label="Add an evidence file (optional)",
        required=False,
        help_text=f"A {allowed_text(EVIDENCE_TYPES)} file.",
    )

    def __init__(self, *args, standard, grades, **kwargs):
        super().__init__(*args, **kwargs)
        self.standard = standard
        field = self.fields["self_rating"]
        field.label = f"How well does your agency meet standard {standard.number}?"
        field.choices = [(grade.code, grade.label) for grade in grades]
        field.error_messages = {
            "required": f"Select how well your agency meets standard {standard.number}",
            "invalid_choice": "Select a rating from the list",
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                validate_upload(upload, types=EVIDENCE_TYPES)
            except ValidationError as error:
                raise ValidationError(error.messages[0]) from None
        return upload


class ModerationForm(forms.Form):
    """A moderated rating and note beside each standard's self-rating, and an overall summary."""

    summary = forms.CharField(
        label="Overall conclusion (optional)",
        required=False,
        max_length=MAX_NOTE,
        widget=_textarea(4),
        help_text="What moderation concluded about the agency's arrangements overall.",
    )

    def __init__(self, *args, ratings, grades, **kwargs):
        super().__init__(*args, **kwargs)
        self.ratings = ratings
        self.by_code = {grade.code: grade for grade in grades}
        choices = [(grade.code, grade.label) for grade in grades]
        for rating in ratings:
            number = rating.standard.number
            self.fields[f"rating-{number}"] = forms.ChoiceField(
                label=f"Moderated rating for standard {number}",
                choices=choices,
                required=False,
                widget=forms.RadioSelect(attrs={"inline": True}),
                error_messages={"invalid_choice": f"Standard {number}: select one of the moderated ratings"},
            )
            self.fields[f"note-{number}"] = forms.CharField(
                label=f"Moderation note for standard {number} (optional)",
                required=False,
                max_length=MAX_NOTE,
                widget=_textarea(3),
                error_messages={"max_length": f"Standard {number}: the note must be {MAX_NOTE:,} characters or fewer"},
            )

    def grouped(self):
        for rating in self.ratings:
            number = rating.standard.number
            yield {
                "rating": rating,
                "self_grade": self.by_code.get(rating.self_rating),
                "field": self[f"rating-{number}"],
                "note": self[f"note-{number}"],
            }

    def moderated(self):
        return [
            (
                rating.standard_id,
                self.cleaned_data.get(f"rating-{rating.standard.number}") or "",
                self.cleaned_data.get(f"note-{rating.standard.number}") or "",
            )
            for rating in self.ratings
        ]


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="What does the agency need to change?",
        max_length=MAX_NOTE,
        widget=_textarea(4),
        error_messages={"required": "Enter what the agency needs to change"},
    )


class ChallengeSessionForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=None,
        label="Agency",
        empty_label="Select an agency",
        error_messages={"required": "Select the agency that was challenged"},
    )
    held_on = GovukDateField(label="Date of the session", label_for_errors="the date of the session")
    attendees = forms.CharField(
        label="Who attended",
        max_length=MAX_NOTE,
        widget=_textarea(3),
        help_text="Roles and agencies, for example Designated Nurse, ICB; Independent Scrutineer.",
        error_messages={"required": "Enter who attended"},
    )
    challenges = forms.CharField(
        label="Questions and challenges",
        max_length=MAX_EVIDENCE,
        widget=_textarea(6),
        help_text=IDENTIFYING_DETAILS_WARNING,
        error_messages={"required": "Enter the questions and challenges put to the agency"},
    )
    responses = forms.CharField(
        label="The agency's responses",
        max_length=MAX_EVIDENCE,
        widget=_textarea(6),
        error_messages={"required": "Enter how the agency responded"},
    )
    outcome = forms.CharField(
        label="Outcome",
        max_length=MAX_NOTE,
        widget=_textarea(4),
        help_text="What was agreed, including any change to the ratings and any actions.",
        error_messages={"required": "Enter the outcome of the session"},
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class ActionForm(forms.Form):
    title = forms.CharField(
        label="What is the action?",
        max_length=250,
        error_messages={"required": "Enter what the action is"},
    )
    description = forms.CharField(
        label="More detail (optional)", required=False, max_length=MAX_NOTE, widget=_textarea(4)
    )
    due_on = GovukDateField(label="Due date", label_for_errors="the due date")
