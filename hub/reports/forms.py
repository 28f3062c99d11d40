"""Forms of the yearly report pages."""

from __future__ import annotations

from django import forms

from hub.core.forms.fields import GovukDateField
from hub.reports.models import RecipientBody, ReportSending

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


class StartSignOffForm(forms.Form):
    """Confirms that the business unit sends the report to the lead partners."""

    confirm = forms.BooleanField(
        label="The report is ready for the lead partners to sign off",
        help_text="Its text and checklist reasons cannot change while it is with them.",
        error_messages={"required": "Confirm that the report is ready for the lead partners to sign off"},
    )


class SignOffDecisionForm(forms.Form):
    """A lead partner's decision on the report: approve it, or return it with reasons."""

    APPROVE = "approve"
    RETURN = "return"

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            (APPROVE, "I approve the report for publication"),
            (RETURN, "I am returning the report with reasons"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether you approve the report or return it",
            "invalid_choice": "Select whether you approve the report or return it",
        },
    )
    comment = forms.CharField(
        label="Comment or reasons",
        help_text="Optional when you approve. When you return the report, say what must change.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "Comment or reasons must be 2,000 characters or fewer"},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", "Enter why you are returning the report")
        return cleaned


class PublishForm(forms.Form):
    summary = forms.CharField(
        label="Summary for the resource library",
        help_text="Two or three sentences saying what the report is, shown with it in the resource library.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter a summary of the report for the resource library",
            "max_length": "Summary must be 2,000 characters or fewer",
        },
    )


class SendingForm(forms.Form):
    """That the published report was sent to one body: when and how."""

    body = forms.ModelChoiceField(
        label="Body it was sent to",
        queryset=RecipientBody.objects.none(),
        to_field_name="slug",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the body the report was sent to",
            "invalid_choice": "Select a body from the list",
        },
    )
    sent_on = GovukDateField(label="Date sent", help_text="For example, 27 3 2022", label_for_errors="the date sent")
    method = forms.ChoiceField(
        label="How it was sent",
        choices=ReportSending.Method.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how the report was sent",
            "invalid_choice": "Select how the report was sent",
        },
    )
    details = forms.CharField(
        label="Details (optional)",
        help_text="For example the address it was sent to, or a reference. Needed when you choose Other.",
        required=False,
        max_length=300,
        error_messages={"max_length": "Details must be 300 characters or fewer"},
    )

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = RecipientBody.objects.filter(pk__in=[body.pk for body in bodies])
