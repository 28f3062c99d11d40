from __future__ import annotations

from django import forms

from hub.core.models import Agency


class ApiTokenForm(forms.Form):
    """Name a new API token and choose whether it acts for the person or for one of their agencies."""

    PERSONAL = "personal"
    AGENCY = "agency"

    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="Say what will use the token, for example 'Case system nightly return'.",
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "Name must be 100 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="Who does the token act for?",
        choices=[(PERSONAL, "Me: a personal token"), (AGENCY, "An agency: for the agency's own systems")],
        initial=PERSONAL,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the token acts for", "invalid_choice": "Select who the token acts for"},
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        to_field_name="short_code",
        required=False,
        empty_label="Select an agency",
        help_text="Only for an agency token.",
        error_messages={"invalid_choice": "Select an agency you act for"},
    )

    def __init__(self, *args, agencies: list[Agency], **kwargs):
        super().__init__(*args, **kwargs)
        if agencies:
            self.fields["agency"].queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])
        else:
            # Only single points of contact and the business unit hold agency tokens.
            del self.fields["kind"]
            del self.fields["agency"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == self.AGENCY:
            if cleaned.get("agency") is None and "agency" not in self.errors:
                self.add_error("agency", "Select the agency the token is for")
        else:
            # A personal token never carries an agency, whatever was left selected in the list.
            cleaned["agency"] = None
        return cleaned
