"""Forms of the governance pages. Layout comes from the GOV.UK form templates."""

from __future__ import annotations

from django import forms

from hub.core.forms import GovukDateField
from hub.core.models import Agency, Theme
from hub.governance.uploads import ALLOWED_EXTENSIONS, validate_paper_file


class PaperForm(forms.Form):
    title = forms.CharField(
        label="Title of the paper",
        max_length=250,
        error_messages={
            "required": "Enter the title of the paper",
            "max_length": "The title must be 250 characters or fewer",
        },
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="A PDF, Word, Excel, PowerPoint or OpenDocument file.",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
        widget=forms.FileInput(attrs={"accept": ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)}),
    )
    confidentiality_note = forms.CharField(
        label="Who may see it (optional)",
        required=False,
        max_length=300,
        help_text="For example, ‘Not for circulation beyond group members’.",
        error_messages={"max_length": "The note must be 300 characters or fewer"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_paper_file(upload)
        return upload


class DecisionForm(forms.Form):
    """A decision of a meeting and, optionally, the action it raises on the tracker."""

    text = forms.CharField(
        label="What was decided",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Enter what was decided"},
    )
    theme = forms.ModelChoiceField(
        label="Practice theme (optional)",
        queryset=Theme.objects.filter(is_active=True),
        to_field_name="slug",
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Select a practice theme from the list"},
    )
    action_title = forms.CharField(
        label="Action the decision raises (optional)",
        required=False,
        max_length=250,
        help_text="Leave empty if the decision needs no action.",
    )
    owner_agency = forms.ModelChoiceField(
        label="Agency that owns the action",
        queryset=Agency.objects.filter(is_active=True),
        to_field_name="short_code",
        required=False,
        error_messages={"invalid_choice": "Select an agency from the list"},
    )
    due_on = GovukDateField(label="Action due date", required=False, label_for_errors="the due date")

    def clean(self):
        data = super().clean()
        if data.get("action_title"):
            if not data.get("owner_agency") and "owner_agency" not in self.errors:
                self.add_error("owner_agency", "Select the agency that owns the action")
            if not data.get("due_on") and "due_on" not in self.errors:
                self.add_error("due_on", "Enter the due date")
        elif data.get("owner_agency") or data.get("due_on"):
            self.add_error("action_title", "Enter the action, or leave the agency and due date empty")
        return data
