"""Forms for independent scrutiny; they render through the GOV.UK form templates."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from hub.core.forms.actions import ActionForm
from hub.core.forms.fields import GovukDateField
from hub.core.models import Agency
from hub.learning.common import IDENTIFYING_DETAILS_WARNING
from hub.learning.scrutiny.models import ScrutinyPlanItem, ScrutinyReview

MAX_TEXT = 10000


def _text(
    label: str, required_message: str | None = None, *, rows: int = 5, hint: str = "", max_length: int = MAX_TEXT
):
    messages = {"max_length": f"{label.rstrip('?')} must be {max_length:,} characters or fewer"}
    if required_message:
        messages["required"] = required_message
    return forms.CharField(
        label=label if required_message else f"{label} (optional)",
        required=bool(required_message),
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=hint,
        error_messages=messages,
    )


def _year_field(label: str = "Financial year") -> forms.TypedChoiceField:
    this_year = timezone.localdate().year
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        choices=[(year, f"{year}/{(year + 1) % 100:02d}") for year in range(this_year + 1, 2018, -1)],
        error_messages={"required": "Select the financial year", "invalid_choice": "Select the financial year"},
    )


class ChallengeForm(forms.Form):
    summary = forms.CharField(
        label="The challenge in a few words",
        max_length=200,
        help_text="Shown in the challenge log.",
        error_messages={
            "required": "Enter the challenge in a few words",
            "max_length": "The challenge in a few words must be 200 characters or fewer",
        },
    )
    challenge = _text("The challenge", "Enter the challenge", rows=6, hint=IDENTIFYING_DETAILS_WARNING)
    to_agency = forms.ModelChoiceField(
        label="Agency challenged (optional)",
        queryset=Agency.objects.none(),
        required=False,
        to_field_name="short_code",
        empty_label="No agency",
        error_messages={"invalid_choice": "Select the agency challenged from the list"},
    )
    to_group = forms.CharField(
        label="Group or board challenged (optional)",
        max_length=200,
        required=False,
        help_text="For example, the Performance and Learning Group. Give an agency, a group, or both.",
        error_messages={"max_length": "The group challenged must be 200 characters or fewer"},
    )
    raised_on = GovukDateField(
        label="When was the challenge raised?",
        label_for_errors="the date the challenge was raised",
        help_text="For example, 21 7 2022",
    )
    review = forms.ModelChoiceField(
        label="From a scrutiny review (optional)",
        queryset=ScrutinyReview.objects.none(),
        required=False,
        to_field_name="uuid",
        empty_label="Not from a review",
        error_messages={"invalid_choice": "Select the review from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = Agency.objects.filter(is_active=True).order_by("name")
        self.fields["review"].queryset = ScrutinyReview.objects.all()

    def clean(self):
        cleaned = super().clean()
        if "to_agency" in cleaned and "to_group" in cleaned and not cleaned["to_agency"] and not cleaned["to_group"]:
            self.add_error("to_agency", "Select the agency challenged or enter the group challenged")
        raised_on = cleaned.get("raised_on")
        if raised_on and raised_on > timezone.localdate():
            self.add_error("raised_on", "The date the challenge was raised must be today or in the past")
        return cleaned


class ResponseForm(forms.Form):
    response = _text("The response", "Enter the response to the challenge", rows=8, hint=IDENTIFYING_DETAILS_WARNING)
    responded_on = GovukDateField(
        label="Date of the response", label_for_errors="the date of the response", help_text="For example, 4 8 2022"
    )


class CloseForm(forms.Form):
    evidence = _text(
        "Evidence that the challenge has been met",
        "Enter the evidence that the challenge has been met",
        hint="What has changed and how you know: a report, data, an audit or an observation.",
    )
    closed_on = GovukDateField(
        label="Date closed", label_for_errors="the date the challenge closed", help_text="For example, 12 1 2023"
    )


class ReviewForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the title of the review",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    year = _year_field("Financial year the review started")
    status = forms.ChoiceField(
        label="Status",
        choices=ScrutinyReview.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status", "invalid_choice": "Select the status"},
    )
    purpose = _text("Purpose", "Enter what the review seeks assurance on", rows=3)
    scope = _text("Scope", rows=3)
    panel_members = _text("Panel members", rows=3, hint="One per line. Give roles, for example Independent member.")
    method = _text("Method", rows=3)
    started_on = GovukDateField(
        label="Started (optional)", label_for_errors="the date the review started", required=False
    )
    completed_on = GovukDateField(
        label="Finished (optional)", label_for_errors="the date the review finished", required=False
    )
    findings = _text("Findings", rows=8, hint=IDENTIFYING_DETAILS_WARNING)
    recommendations = _text("Recommendations", rows=6, hint="One per line.")


class PlanItemForm(forms.Form):
    year = _year_field()
    topic = forms.CharField(
        label="What will be scrutinised",
        max_length=200,
        error_messages={
            "required": "Enter what will be scrutinised",
            "max_length": "The topic must be 200 characters or fewer",
        },
    )
    method = forms.CharField(
        label="How",
        max_length=300,
        help_text="For example, a panel review, observation of a meeting or a sample of cases.",
        error_messages={
            "required": "Enter how it will be scrutinised",
            "max_length": "How must be 300 characters or fewer",
        },
    )
    planned_start = GovukDateField(
        label="Planned start (optional)", label_for_errors="the planned start", required=False
    )
    planned_end = GovukDateField(label="Planned end (optional)", label_for_errors="the planned end", required=False)
    status = forms.ChoiceField(
        label="Status",
        choices=ScrutinyPlanItem.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status", "invalid_choice": "Select the status"},
    )
    review = forms.ModelChoiceField(
        label="The review that carried it out (optional)",
        queryset=ScrutinyReview.objects.none(),
        required=False,
        to_field_name="uuid",
        empty_label="No review yet",
        error_messages={"invalid_choice": "Select the review from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = ScrutinyReview.objects.all()


class StatementForm(forms.Form):
    text = _text(
        "The statement",
        "Enter the statement",
        rows=16,
        hint="Separate paragraphs with a blank line. It appears in the yearly report once you sign it off.",
        max_length=20000,
    )


class ReviewActionForm(ActionForm):
    """The tracker's own action form; where the action came from is the review itself."""

    source_label = None
