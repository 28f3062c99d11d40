"""Forms of the yearly report pages."""

from __future__ import annotations

from django import forms

TEXT_HINT = (
    "Leave a blank line between paragraphs. To print one of the year's figures, write its token from "
    "the list of figures, for example {{governance.budget.total-budget}}."
)

RELOAD = "The page was out of date. Reload the page and make your changes again"


class NarrativeForm(forms.Form):
    text = forms.CharField(
        label="Text",
        help_text=TEXT_HINT,
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"max_length": "Text must be 20,000 characters or fewer"},
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": RELOAD, "invalid": RELOAD, "min_value": RELOAD},
    )


class MissingReasonForm(forms.Form):
    """Why the report goes ahead without one required item of the checklist."""

    reason = forms.CharField(
        label="Why the report goes ahead without it",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why the report goes ahead without this item",
            "max_length": "Reason must be 2,000 characters or fewer",
        },
    )
