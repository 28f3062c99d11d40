"""Forms for returns: the values page, the upload, and the business unit's decisions."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms

from hub.core.forms.fields import GovukDateField
from hub.scorecards.validation import ValueInput

MAX_COMMENT = 2000


class ValuesForm(forms.Form):
    """One numerator (and denominator) and a comment for each line of the return.

    Fields are named ``<code>-numerator``, ``<code>-denominator`` and ``<code>-comment`` so the
    page groups them per indicator. Empty figures are allowed while the return is a draft;
    submission checks that everything is there.
    """

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            spec = line.spec
            self.fields[f"{spec.code}-numerator"] = forms.CharField(
                label=f"{spec.numerator_label}" if spec.uses_denominator else "Number",
                required=False,
                max_length=30,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-10"}),
            )
            if spec.uses_denominator:
                self.fields[f"{spec.code}-denominator"] = forms.CharField(
                    label=spec.denominator_label,
                    required=False,
                    max_length=30,
                    widget=forms.TextInput(
                        attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-10"}
                    ),
                )
            self.fields[f"{spec.code}-comment"] = forms.CharField(
                label="Comment (optional)",
                required=False,
                max_length=MAX_COMMENT,
                help_text="Explain anything unusual, such as a large change since the last period.",
                widget=forms.Textarea(attrs={"rows": 2, "class": "govuk-textarea"}),
            )

    def _number(self, name: str, what: str):
        raw = (self.cleaned_data.get(name) or "").strip().replace(",", "")
        if not raw:
            return None
        try:
            number = Decimal(raw)
        except InvalidOperation:
            self.add_error(name, f"{what} must be a number, like 12 or 48.5")
            return None
        if not number.is_finite():
            self.add_error(name, f"{what} must be a number, like 12 or 48.5")
            return None
        if number < 0:
            self.add_error(name, f"{what} must be 0 or more")
            return None
        if number.as_tuple().exponent < -2:
            self.add_error(name, f"{what} must have no more than 2 decimal places")
            return None
        return number

    def clean(self):
        cleaned = super().clean()
        values = []
        for line in self.lines:
            spec = line.spec
            numerator = self._number(f"{spec.code}-numerator", f"{spec.name}: the number")
            denominator = (
                self._number(f"{spec.code}-denominator", f"{spec.name}: the denominator")
                if spec.uses_denominator
                else None
            )
            comment = (cleaned.get(f"{spec.code}-comment") or "").strip()
            values.append(ValueInput(code=spec.code, numerator=numerator, denominator=denominator, comment=comment))
        cleaned["values"] = values
        return cleaned

    def grouped(self):
        """Each line with its bound fields, for the template."""
        for line in self.lines:
            code = line.spec.code
            yield {
                "line": line,
                "numerator": self[f"{code}-numerator"],
                "denominator": self[f"{code}-denominator"] if line.spec.uses_denominator else None,
                "comment": self[f"{code}-comment"],
            }


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload the completed template",
        help_text="The Excel workbook (.xlsx) downloaded from this page. Nothing is saved until you confirm.",
        error_messages={"required": "Select the completed template"},
    )


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label="What does the agency need to change?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "govuk-textarea"}),
        error_messages={"required": "Enter what the agency needs to change"},
    )


class ExceptionForm(forms.Form):
    until = GovukDateField(label="Open until", label_for_errors="the date the exception ends")
    reason = forms.CharField(
        label="Why is the return being opened?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
        error_messages={"required": "Enter why the return is being opened"},
    )


class EntryAnalysisForm(forms.Form):
    analysis = forms.CharField(
        label="The business unit's analysis",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "class": "govuk-textarea"}),
    )
