"""The tools' forms. What they are given is checked and rendered back, never saved."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from hub.tools.chronology import MAX_FILES

# Free text boxes are long enough for a thorough answer and short enough to print.
MAX_ANSWER = 3_000
MAX_REASON = 1_000
NO_NAMES = "Do not write names: use roles (mother, older brother) or your agency's case reference."


class GuideSearchForm(forms.Form):
    q = forms.CharField(
        label="Behaviour or keyword",
        max_length=100,
        help_text="For example: touching, pictures, online, language.",
        error_messages={
            "required": "Enter a word or two about the behaviour to search for",
            "max_length": "The search must be 100 characters or fewer",
        },
    )
    age_band = forms.ChoiceField(label="Age", required=False)

    def __init__(self, *args, age_bands=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["age_band"].choices = [("", "All ages")] + [(band.slug, band.label) for band in age_bands]
        self.fields["q"].widget.attrs["class"] = "govuk-!-width-two-thirds"

    def clean_q(self) -> str:
        text = " ".join(self.cleaned_data["q"].split())
        if not text:
            raise ValidationError("Enter a word or two about the behaviour to search for")
        return text


class HarmMatrixForm(forms.Form):
    """The worksheet: a few details for the case record, then one box for each cell of the matrix."""

    reference = forms.CharField(
        label="Your agency's case reference (optional)",
        required=False,
        max_length=60,
        help_text="Printed on the worksheet so you can file it. Not a name.",
        error_messages={"max_length": "The case reference must be 60 characters or fewer"},
    )
    completed_by = forms.CharField(
        label="Completed by (optional)",
        required=False,
        max_length=150,
        help_text="Your role and agency, and anyone who completed it with you, for example: "
        "social worker and school designated safeguarding lead.",
        error_messages={"max_length": "Completed by must be 150 characters or fewer"},
    )

    def __init__(self, *args, cells=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = list(cells)
        for cell in self.cells:
            self.fields[self.field_name(cell)] = forms.CharField(
                label=cell.heading,
                help_text=" ".join(cell.prompt_lines),
                required=False,
                max_length=MAX_ANSWER,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"max_length": f"{cell.heading} must be {MAX_ANSWER:,} characters or fewer"},
            )

    @staticmethod
    def field_name(cell) -> str:
        return f"cell_{cell.key.replace('-', '_')}"

    def sections(self) -> list[dict]:
        """The cells under their section headings, each with its bound field, prompts and guidance."""
        grouped: dict[str, dict] = {}
        for cell in self.cells:
            section = grouped.setdefault(cell.section, {"label": cell.get_section_display(), "cells": []})
            section["cells"].append({"cell": cell, "field": self[self.field_name(cell)]})
        return list(grouped.values())

    def answers(self) -> list[dict]:
        """The completed worksheet, section by section, for the result page and the PDF."""
        result = []
        for section in self.sections():
            result.append(
                {
                    "label": section["label"],
                    "cells": [
                        {"cell": item["cell"], "answer": self.cleaned_data.get(item["field"].name, "")}
                        for item in section["cells"]
                    ],
                }
            )
        return result

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(self.field_name(cell)) for cell in self.cells):
            message = "Fill in at least one box of the Harm Matrix"
            if self.cells:
                # On the first box, so the error summary's link takes the reader to a place to type.
                self.add_error(self.field_name(self.cells[0]), message)
            else:
                raise ValidationError(message)
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one ``<input type="file" multiple>``; each is checked by the chronology reader."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".xlsx,.csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_FILES:
            raise ValidationError(f"Select {MAX_FILES} files or fewer at a time")
        return files


class ChronologyForm(forms.Form):
    files = MultipleFileField(
        label="Upload the agencies' chronology files",
        help_text="Select every agency's file at once (hold Ctrl, or Cmd on a Mac, to select more than one). "
        "Excel (.xlsx) or CSV files made from the template.",
        error_messages={"required": "Select at least one chronology file"},
    )
    gap_days = forms.IntegerField(
        label="Show gaps longer than (days)",
        min_value=1,
        max_value=3650,
        initial=90,
        help_text="A period with no recorded events longer than this is shown as a row of its own.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the number of days for a gap, like 90",
            "invalid": "The number of days for a gap must be a whole number, like 90",
            "min_value": "The number of days for a gap must be 1 or more",
            "max_value": "The number of days for a gap must be 3,650 or fewer",
        },
    )


class ScalingForm(forms.Form):
    question = forms.CharField(
        label="The scaling question",
        max_length=500,
        help_text="For example: on a scale of 0 to 10, where 10 means everyone is confident the child is safe "
        "enough for the plan to end, and 0 means things are so bad the child cannot stay at home, "
        "where are things today?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the scaling question that was asked",
            "max_length": "The scaling question must be 500 characters or fewer",
        },
    )
    meeting = forms.CharField(
        label="Meeting (optional)",
        required=False,
        max_length=150,
        help_text="For example: review child protection conference, 14 March 2023. No names.",
        error_messages={"max_length": "The meeting must be 150 characters or fewer"},
    )


class ParticipantForm(forms.Form):
    agency = forms.CharField(
        label="Agency or role",
        required=False,
        max_length=100,
        error_messages={"max_length": "Agency or role must be 100 characters or fewer"},
    )
    rating = forms.IntegerField(
        label="Rating (0 to 10)",
        required=False,
        min_value=0,
        max_value=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
        error_messages={
            "invalid": "Enter a rating from 0 to 10 as a whole number",
            "min_value": "Enter a rating from 0 to 10",
            "max_value": "Enter a rating from 0 to 10",
        },
    )
    why_this_number = forms.CharField(
        label="What makes it this number",
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": f"What makes it this number must be {MAX_REASON:,} characters or fewer"},
    )
    up_one = forms.CharField(
        label="What would move it up one",
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": f"What would move it up one must be {MAX_REASON:,} characters or fewer"},
    )

    def has_content(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) not in (None, "") for name in self.fields)

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) not in (None, "") for name in self.fields) and not self.errors:
            return cleaned
        if not cleaned.get("agency") and "agency" not in self.errors:
            self.add_error("agency", "Enter the agency or role of the person who gave this rating")
        if cleaned.get("rating") is None and "rating" not in self.errors:
            self.add_error("rating", "Enter a rating from 0 to 10")
        return cleaned


BaseParticipantFormSet = forms.formset_factory(ParticipantForm, extra=0, max_num=20, absolute_max=20, validate_max=True)


class ParticipantFormSet(BaseParticipantFormSet):
    default_error_messages = {
        "missing_management_form": "The form was not complete: go back to the scaling-question summary and start again",
        "too_many_forms": "Enter 20 people or fewer",
        "too_few_forms": "Enter at least one person's agency and rating",
    }

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        if not any(form.has_content() for form in self.forms):
            raise ValidationError("Enter at least one person's agency and rating")
