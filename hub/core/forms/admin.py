"""Forms of the staff back office (the Wagtail admin at /admin/).

Wagtail renders these with its own field templates, so they use Django's plain bound field
rather than the GOV.UK one the public site's form renderer supplies.
"""

from __future__ import annotations

from django import forms
from django.forms.boundfield import BoundField
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.users.forms import UserForm

from hub.core.errors import DomainError
from hub.core.models import Agency, Role, RoleAssignment, User, normalise_email
from hub.core.role_services import check_role_scope


class BackOfficeModelForm(WagtailAdminModelForm):
    """The base of every back-office model form: Wagtail's form with Django's own field markup."""

    bound_field_class = BoundField


class _PersonForm(UserForm):
    """A person's work details.

    Neither passwords nor the administrator flag are set here: people choose their own password
    through the password reset e-mail, and only a superuser made on the command line is an
    administrator. Back-office permissions come from roles, granted on the role assignments page.
    """

    bound_field_class = BoundField
    password_enabled = False
    password_required = False
    is_superuser = None

    email = forms.EmailField(label="E-mail address", help_text="Their work e-mail address; they sign in with it.")
    first_name = forms.CharField(label="First name")
    last_name = forms.CharField(label="Last name")
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        help_text="The agency they work for. Leave empty for independent roles such as the scrutineer.",
    )

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def _clean_username(self):
        email = self.cleaned_data.get("email")
        if not email:
            return None
        others = User.objects.filter(email__iexact=email)
        if self.instance.pk is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            self.add_error("email", "Someone already has an account with this e-mail address")
        return email

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        if user.pk is None:
            # No password until the person sets their own.
            user.set_unusable_password()
        if commit:
            user.save()
        return user


class PersonCreationForm(_PersonForm):
    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "agency", "job_title", "work_phone"]


class PersonEditForm(_PersonForm):
    def __init__(self, *args, **kwargs):
        editing_self = kwargs.pop("editing_self", False)
        super().__init__(*args, **kwargs)
        if editing_self:
            # Nobody can switch off their own account by mistake.
            del self.fields["is_active"]
        # A person may already work for an agency that has since been marked inactive.
        if self.instance.agency_id:
            self.fields["agency"].queryset = Agency.objects.filter(is_active=True) | Agency.objects.filter(
                pk=self.instance.agency_id
            )

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "agency", "job_title", "work_phone", "is_active"]
        labels = {"is_active": "Account active"}
        help_texts = {"is_active": "Untick to stop this person signing in. Their records and history are kept."}


class RoleAssignmentForm(BackOfficeModelForm):
    """Grant a role. Saving goes through ``hub.core.role_services.grant_role``, never ``form.save()``."""

    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "agency"]
        labels = {"user": "Person"}
        help_texts = {
            "agency": "Only for roles held for an agency, such as single point of contact. Leave empty otherwise."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True).select_related("agency")
        self.fields["user"].label_from_instance = lambda person: f"{person} ({person.email})"
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True)
        self.fields["user"].error_messages["required"] = "Select the person"
        self.fields["role"].error_messages["required"] = "Select the role"

    def clean(self):
        cleaned = super().clean()
        role, agency, user = cleaned.get("role"), cleaned.get("agency"), cleaned.get("user")
        if role is None:
            return cleaned
        try:
            check_role_scope(role, agency)
        except DomainError as error:
            self.add_error(error.field, error.message)
            return cleaned
        if user is not None and RoleAssignment.objects.filter(user=user, role=role, agency=agency).exists():
            where = f" for {agency}" if agency is not None else ""
            self.add_error("role", f"{user} is already {role.name.lower()}{where}")
        return cleaned

    def validate_unique(self):
        # Duplicates are reported in clean() in plain words; the database constraint still holds.
        pass


class RoleForm(BackOfficeModelForm):
    class Meta:
        model = Role
        fields = ["name", "slug", "description", "agency_scoped", "requires_two_factor"]
        labels = {"slug": "Code name", "agency_scoped": "Held for an agency"}
        help_texts = {
            "slug": "How the Hub's code refers to this role, for example spoc. It cannot be changed later.",
            "requires_two_factor": "People holding this role must sign in with a code from an authenticator app.",
        }


class RoleEditForm(RoleForm):
    """Editing a role: its code name is fixed, because code asks about roles by it."""

    class Meta(RoleForm.Meta):
        fields = ["name", "description", "agency_scoped", "requires_two_factor"]

    def clean_agency_scoped(self):
        scoped = self.cleaned_data["agency_scoped"]
        if self.instance.pk and scoped != self.instance.agency_scoped:
            held = self.instance.assignments.count()
            if held:
                raise forms.ValidationError(
                    f"Remove the {held} role assignment{'s' if held != 1 else ''} before changing whether "
                    "this role is held for an agency"
                )
        return scoped
