from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate

from hub.core.models import normalise_email


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        error_messages={"required": "Enter your e-mail address", "invalid": "Enter an e-mail address in the correct format, like name@example.org"},
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": "Enter a correct e-mail address and password. Both are case-sensitive except the e-mail address.",
        "inactive": "This account has been closed. Contact the partnership business unit.",
        "locked_out": "Your account is locked after too many failed attempts. Try again later or reset your password.",
    }

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user_cache = None
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def clean(self):
        email = self.cleaned_data.get("email")
        password = self.cleaned_data.get("password")
        if email and password:
            self.user_cache = authenticate(self.request, username=email, password=password)
            if getattr(self.request, "axes_locked_out", False):
                raise forms.ValidationError(self.error_messages["locked_out"], code="locked_out")
            if self.user_cache is None:
                raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
            if not self.user_cache.is_active:
                raise forms.ValidationError(self.error_messages["inactive"], code="inactive")
        return self.cleaned_data

    def get_user(self):
        return self.user_cache
