"""Forms of the resource library and the 7-minute briefing "we used this briefing" form.

Layout comes from the GOV.UK form templates; bulletin forms live in ``bulletin_forms.py``.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from hub.core.forms import GovukDateField
from hub.core.models import Agency, Theme
from hub.website.fragments import active_themes
from hub.website.models import Audience, ResourcePage
from hub.website.search import normalise_query


class ResourceFilterForm(forms.Form):
    """The library's filters, read from the query string (the form is sent with GET)."""

    q = forms.CharField(label="Search the library", required=False)
    type = forms.ChoiceField(
        label="Type of resource", required=False, choices=[("", "All types"), *ResourcePage.ResourceType.choices]
    )
    audience = forms.ChoiceField(label="Who it is for", required=False, choices=[("", "Everyone"), *Audience.choices])
    # The active themes come from the cache (``hub.website.fragments``), chosen by slug.
    theme = forms.ChoiceField(label="Practice theme", required=False)

    IGNORED_MESSAGES = {
        "type": "We ignored the type of resource in the address because it is not one we know",
        "audience": "We ignored the audience in the address because it is not one we know",
        "theme": "We ignored the practice theme in the address because it is not one we know",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query_truncated = False
        self.themes = {theme.slug: theme for theme in active_themes()}
        self.fields["theme"].choices = [
            ("", "All themes"),
            *((slug, theme.name) for slug, theme in self.themes.items()),
        ]

    def clean_q(self):
        query = normalise_query(self.cleaned_data.get("q"))
        self.query_truncated = query.truncated
        return query.text

    def clean_theme(self) -> Theme | None:
        return self.themes.get(self.cleaned_data.get("theme") or "")


class BriefingUseForm(forms.Form):
    """A team telling the partnership it used a 7-minute briefing."""

    team = forms.CharField(
        label="Team name",
        max_length=200,
        help_text="For example, Durham East social work team 2.",
        error_messages={
            "required": "Enter your team's name",
            "max_length": "Team name must be 200 characters or fewer",
        },
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        to_field_name="short_code",
        empty_label="Select your agency",
        error_messages={"required": "Select your agency", "invalid_choice": "Select your agency from the list"},
    )
    staff_count = forms.IntegerField(
        label="Number of staff who took part",
        min_value=1,
        max_value=10000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the number of staff who took part",
            "invalid": "Number of staff must be a number, like 12",
            "min_value": "Number of staff must be 1 or more",
            "max_value": "Number of staff must be 10,000 or fewer",
        },
    )
    used_on = GovukDateField(
        label="Date you used the briefing",
        help_text="For example, 27 3 2024",
        label_for_errors="the date you used the briefing",
    )
    comment = forms.CharField(
        label="Comments (optional)",
        required=False,
        max_length=2000,
        help_text=(
            "What worked, or what would make the briefing more useful. Do not include names of children or families."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Comments must be 2,000 characters or fewer"},
    )
    # A field people never see: automated form fillers complete it, people leave it empty.
    reference = forms.CharField(
        label="Leave this box empty",
        required=False,
        template_name="website/_resource_honeypot_field.html",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        agency = getattr(user, "agency", None) if getattr(user, "is_authenticated", False) else None
        if agency is not None and agency.is_active and not self.is_bound:
            self.initial.setdefault("agency", agency.short_code)

    @property
    def is_automated(self) -> bool:
        return bool(self.data.get(self.add_prefix("reference"), "").strip())

    def clean_used_on(self):
        used_on = self.cleaned_data["used_on"]
        if used_on and used_on > timezone.localdate():
            raise forms.ValidationError("The date you used the briefing must be today or in the past")
        return used_on

    def clean(self):
        data = super().clean()
        if self.is_automated:
            raise forms.ValidationError("We could not record this. Try again")
        return data
