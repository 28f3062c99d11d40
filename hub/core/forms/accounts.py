"""Forms for signing in, registering, passwords, two-factor sign-in and the person's own details.

Error messages follow GOV.UK wording. Django's password validators are kept (settings decide
which run); their messages are reworded here so every password form speaks the same way.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from hub.core.models import Agency, User, normalise_email

EMAIL_ERRORS = {
    "required": "Enter your e-mail address",
    "invalid": "Enter an e-mail address in the correct format, like name@example.org",
}


def _email_field(label: str = "E-mail address", **kwargs) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        **kwargs,
    )


def govuk_password_errors(password: str, user: User | None) -> list[str]:
    """The password validators' complaints about ``password``, in GOV.UK wording."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        return [_reword_password_error(item) for item in error.error_list]
    return []


def _reword_password_error(error: ValidationError) -> str:
    params = error.params or {}
    if error.code == "password_too_short":
        return f"Your password must be {params.get('min_length', 12)} characters or more"
    if error.code == "password_too_similar":
        return f"Your password must not be similar to your {params.get('verbose_name', 'details')}"
    if error.code == "password_too_common":
        return "Your password is too easy to guess. Choose a password that people do not often use"
    if error.code == "password_entirely_numeric":
        return "Your password must include letters or symbols, not just numbers"
    return " ".join(error.messages)


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": "Enter a correct e-mail address and password. "
        "Both are case-sensitive except the e-mail address.",
        "inactive": "This account has been closed. Contact the partnership business unit.",
        "locked_out": "Your account is locked after too many failed attempts. Try again later or reset your password.",
        "unverified": "You need to confirm your e-mail address before you can sign in. "
        "Use the link in the e-mail we sent when you registered.",
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
            # Only said once the password is right, so it tells a stranger nothing.
            if awaits_email_confirmation(self.user_cache):
                raise forms.ValidationError(self.error_messages["unverified"], code="unverified")
        return self.cleaned_data

    def get_user(self):
        return self.user_cache

    @property
    def awaiting_confirmation(self) -> bool:
        return "unverified" in {error.code for error in self.non_field_errors().as_data()}


def awaits_email_confirmation(user: User) -> bool:
    """People who registered themselves sign in only after confirming their address.

    Superusers are made on the command line by whoever runs the Hub, so their address is taken
    as given.
    """
    return user.email_verified_at is None and not user.is_superuser


class _PasswordPairMixin:
    """Two password boxes, checked against each other and the password validators."""

    password_user: User | None = None

    def _check_password_pair(self, first: str, second: str) -> None:
        password = self.cleaned_data.get(first)
        confirmation = self.cleaned_data.get(second)
        if password and confirmation and password != confirmation:
            self.add_error(second, "The passwords you entered do not match")
            return
        if password:
            for message in govuk_password_errors(password, self.password_user):
                self.add_error(first, message)


def _new_password_field(label: str = "Create a password") -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        help_text="Use 12 characters or more. A few unrelated words make a strong password that is easy to remember.",
        error_messages={"required": "Enter a password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


def _confirm_password_field() -> forms.CharField:
    return forms.CharField(
        label="Confirm your password",
        strip=False,
        error_messages={"required": "Enter your password again"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name


class RegistrationForm(_PasswordPairMixin, forms.Form):
    first_name = forms.CharField(
        label="First name",
        max_length=150,
        error_messages={"required": "Enter your first name"},
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=150,
        error_messages={"required": "Enter your last name"},
        widget=forms.TextInput(attrs={"autocomplete": "family-name", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Work e-mail address",
        max_length=254,
        help_text="We will send a link to this address to check it is yours.",
        error_messages={
            "required": "Enter your work e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    agency = AgencyChoiceField(
        label="Agency",
        queryset=Agency.objects.filter(is_active=True),
        to_field_name="short_code",
        empty_label="Choose the agency you work for",
        help_text="If your agency is not listed, contact the partnership business unit.",
        error_messages={
            "required": "Select the agency you work for",
            "invalid_choice": "Select the agency you work for",
        },
    )
    job_title = forms.CharField(
        label="Job title",
        max_length=200,
        error_messages={"required": "Enter your job title"},
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    password = _new_password_field()
    password_confirmation = _confirm_password_field()

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        email, agency = cleaned.get("email"), cleaned.get("agency")
        if email and agency and not agency.accepts_email(email):
            endings = " or ".join(f"@{domain}" for domain in agency.domains)
            self.add_error(
                "email",
                f"Enter your work e-mail address for {agency.name}. It must end with {endings}",
            )
        self.password_user = User(
            email=email or "", first_name=cleaned.get("first_name", ""), last_name=cleaned.get("last_name", "")
        )
        self._check_password_pair("password", "password_confirmation")
        return cleaned


class EmailAddressForm(forms.Form):
    """One e-mail address: for a new confirmation link."""

    email = _email_field()

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's reset form with GOV.UK wording; e-mails go out after the transaction commits."""

    email = _email_field()

    def get_users(self, email):
        # People added by the business unit have no password until they set one through this form,
        # so an unusable password does not stop a reset (Django's own form would skip them).
        email = normalise_email(email)
        return User.objects.filter(email=email, is_active=True)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from hub.core.views.accounts import send_account_email

        # Reset links name the person by their UUID, never by a sequential id.
        context = {**context, "uid": urlsafe_base64_encode(force_bytes(context["user"].uuid))}
        send_account_email(
            to=to_email,
            subject_template=subject_template_name,
            body_template=email_template_name,
            context=context,
        )


class SetPasswordForm(_PasswordPairMixin, forms.Form):
    """Choose a new password (after following a reset link)."""

    new_password1 = _new_password_field("New password")
    new_password2 = _confirm_password_field()

    def __init__(self, user: User, *args, **kwargs):
        self.user = user
        self.password_user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        self._check_password_pair("new_password1", "new_password2")
        return cleaned

    def save(self, commit: bool = True) -> User:
        self.user.set_password(self.cleaned_data["new_password1"])
        if commit:
            self.user.save(update_fields=["password"])
        return self.user


class PasswordChangeForm(SetPasswordForm):
    """Change the password while signed in: the current one first."""

    old_password = forms.CharField(
        label="Current password",
        strip=False,
        error_messages={"required": "Enter your current password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["old_password", "new_password1", "new_password2"]

    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        if not self.user.check_password(old_password):
            raise forms.ValidationError("Your current password is not correct")
        return old_password


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "job_title", "work_phone"]
        labels = {
            "first_name": "First name",
            "last_name": "Last name",
            "job_title": "Job title",
            "work_phone": "Work telephone number (optional)",
        }
        help_texts = {"work_phone": "For colleagues in the partnership to reach you, for example 0191 123 4567."}
        error_messages = {
            "first_name": {"required": "Enter your first name"},
            "last_name": {"required": "Enter your last name"},
            "job_title": {"max_length": "Job title must be 200 characters or fewer"},
            "work_phone": {"max_length": "Work telephone number must be 40 characters or fewer"},
        }
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name", "spellcheck": "false"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "work_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    def clean_work_phone(self) -> str:
        phone = self.cleaned_data["work_phone"].strip()
        if phone and not re.fullmatch(r"\+?[0-9 ()\-]{6,40}", phone):
            raise forms.ValidationError("Enter a telephone number, like 0191 123 4567 or +44 191 123 4567")
        return phone


def normalise_code(code: str) -> str:
    """Codes are typed with spaces or dashes sometimes; backup codes are lower case."""
    return re.sub(r"[\s\-]", "", code or "").lower()


class TwoFactorSetupForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code your app shows now.",
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "class": "govuk-input--width-10",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError("Enter the 6-digit code from your authenticator app, using numbers only")
        return code


class TwoFactorVerifyForm(forms.Form):
    code = forms.CharField(
        label="Code",
        help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
        error_messages={"required": "Enter the code from your authenticator app or a backup code"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "class": "govuk-input--width-10", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}|[a-z2-7]{8}", code):
            raise forms.ValidationError(
                "Enter the 6-digit code from your authenticator app, or an 8-character backup code"
            )
        return code

    @property
    def is_backup_code(self) -> bool:
        return len(self.cleaned_data["code"]) != 6
