"""Forms for subscribing to the e-bulletin, changing preferences and sending an issue.

Public forms render through the GOV.UK templates (``{{ form }}``); the test-send form sits in the
Wagtail admin and is laid out by its template.
"""

from __future__ import annotations

from django import forms
from django.forms.boundfield import BoundField

from hub.core.forms.accounts import EMAIL_ERRORS
from hub.core.models import Theme
from hub.website.models import Audience


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Theme) -> str:
        return obj.name


class PreferencesForm(forms.Form):
    audiences = forms.MultipleChoiceField(
        label="Who do you want news for?",
        help_text="Select all that apply.",
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select who you want news for",
            "invalid_choice": "Select who you want news for from the list",
        },
    )
    themes = ThemeChoiceField(
        label="Which topics are you interested in?",
        help_text="Leave them all unticked to get every issue, whatever its topics.",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Select topics from the list",
            "invalid_pk_value": "Select topics from the list",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.filter(is_active=True).order_by("name")

    @classmethod
    def initial_for(cls, subscription) -> dict:
        from hub.website.bulletins import audience_values

        return {"audiences": audience_values(subscription), "themes": list(subscription.themes.all())}


class SubscribeForm(PreferencesForm):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        help_text="We will send you an e-mail to check it is yours.",
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    field_order = ["email", "audiences", "themes"]


class TestSendForm(forms.Form):
    # Shown in the Wagtail admin, with Wagtail's markup rather than the GOV.UK templates.
    bound_field_class = BoundField

    email = forms.EmailField(
        label="Send a test to",
        max_length=254,
        error_messages={
            "required": "Enter the e-mail address to send the test to",
            "invalid": "Enter an e-mail address in the correct format, like name@example.org",
        },
    )
