"""The staff back office for the partnership's core records, in the Wagtail admin at /admin/.

Every listing here can be searched, filtered and exported (CSV and Excel), and every record has
an inspect page with its full change history (field before/after from django-simple-history and
the audit log's named events). Who may do what is decided by the permission policies registered
in ``hub/core/wagtail_hooks.py``; the business-unit role's group holds the model permissions.
"""

from __future__ import annotations

import contextlib

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.forms import modelform_factory
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.boolean_radio_select import BooleanRadioSelect
from wagtail.admin.widgets.button import HeaderButton
from wagtail.coreutils import multigetattr
from wagtail.log_actions import log
from wagtail.users.views import users as wagtail_users

from hub.core.audit import describe_event
from hub.core.errors import DomainError
from hub.core.exports import FORMULA_PREFIXES
from hub.core.forms.admin import (
    BackOfficeModelForm,
    PersonCreationForm,
    PersonEditForm,
    RoleAssignmentForm,
    RoleEditForm,
    RoleForm,
)
from hub.core.history import history_for
from hub.core.models import Action, Agency, AuditEntry, Role, RoleAssignment, Theme, User
from hub.core.role_services import grant_role, revoke_role

PARTNERSHIP_MENU_HOOK = "register_partnership_menu_item"


# Shared behaviour ---------------------------------------------------------------------------


class FormulaSafeExportMixin:
    """Wagtail keeps formulas out of Excel cells itself; CSV text needs the apostrophe too (see hub.core.exports)."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
            return "'" + value
        return value


class IndexView(FormulaSafeExportMixin, generic.IndexView):
    #: Export columns worked out by a function of the row rather than read from an attribute.
    export_accessors: dict = {}

    def to_row_dict(self, item):
        return {
            field: self.export_accessors[field](item) if field in self.export_accessors else multigetattr(item, field)
            for field in self.list_export
        }


def narrowed_index_view(narrow, buttons=None):
    """An index view whose listing is ``narrow(queryset)`` (the joins its columns need, fetched at
    once), with ``buttons(instance)`` added to each row's "more" menu when given."""

    class NarrowedIndexView(IndexView):
        def get_base_queryset(self):
            return narrow(super().get_base_queryset())

        def get_list_more_buttons(self, instance):
            more = list(super().get_list_more_buttons(instance))
            return (buttons(instance) if buttons else []) + more

    return NarrowedIndexView


class ChangeHistoryInspectView(generic.InspectView):
    """The inspect page, followed by every recorded change with its before and after values."""

    template_name = "core/admin/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["change_history"] = history_for(self.object, limit=50)
        return context


class BackOfficeViewSet(ModelViewSet):
    index_view_class = IndexView
    inspect_view_class = ChangeHistoryInspectView
    inspect_view_enabled = True
    # Plain database search: predictable matches on part of a name or code, no index to keep.
    search_backend_name = None
    list_per_page = 50

    def get_form_class(self, for_update=False):
        return modelform_factory(self.model, form=BackOfficeModelForm, fields=self.form_fields)


# Agencies -----------------------------------------------------------------------------------


class AgencyViewSet(BackOfficeViewSet):
    name = "core_agency"
    url_prefix = "partnership/agencies"
    model = Agency
    icon = "group"
    menu_label = "Agencies"
    menu_order = 1
    add_to_admin_menu = False
    form_fields = ["name", "short_code", "sector", "is_statutory_partner", "is_active", "email_domains"]
    list_display = [
        "name",
        Column("short_code", label="Code", sort_key="short_code"),
        Column("sector", label="Sector", accessor="get_sector_display", sort_key="sector"),
        BooleanColumn("is_statutory_partner", label="Statutory partner", sort_key="is_statutory_partner"),
        BooleanColumn("is_active", label="Active", sort_key="is_active"),
    ]
    list_filter = ["sector", "is_statutory_partner", "is_active"]
    search_fields = ["name", "short_code", "email_domains"]
    list_export = ["name", "short_code", "get_sector_display", "is_statutory_partner", "is_active", "email_domains"]
    export_headings = {
        "short_code": "Code",
        "get_sector_display": "Sector",
        "is_statutory_partner": "Statutory partner",
        "is_active": "Active",
        "email_domains": "E-mail domains",
    }
    export_filename = "agencies"
    inspect_view_fields = list(form_fields)


# People -------------------------------------------------------------------------------------


class PersonFilterSet(WagtailFilterSet):
    is_active = django_filters.BooleanFilter(label="Active", widget=BooleanRadioSelect)
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all(), label="Agency")
    role = django_filters.ModelChoiceFilter(
        queryset=Role.objects.all(), field_name="role_assignments__role", label="Role", distinct=True
    )

    class Meta:
        model = User
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, is_searching=False):
        # Wagtail's user listing passes is_searching; these filters do not depend on it.
        super().__init__(data, queryset, request=request, prefix=prefix)


def _roles_held(person: User) -> str:
    return ", ".join(str(assignment) for assignment in person.role_assignments.all())


class PersonIndexView(FormulaSafeExportMixin, wagtail_users.IndexView):
    """People, with their agency and roles; Wagtail's user listing adapted to the partnership's fields."""

    page_title = "People"
    add_item_label = "Add a person"
    list_export = ["first_name", "last_name", "email", "agency", "job_title", "roles", "is_active", "last_login"]
    export_headings = {"agency": "Agency", "roles": "Roles", "is_active": "Active", "last_login": "Last sign-in"}

    @cached_property
    def columns(self):
        name_column = self._get_title_column_class(TitleColumn)
        return [
            name_column(
                "name",
                accessor="get_full_name",
                label="Name",
                sort_key="name",
                get_url=self.get_edit_url,
                classname="name",
            ),
            Column("email", label="E-mail address", sort_key="email"),
            Column("agency", label="Agency", sort_key="agency__name"),
            Column("job_title", label="Job title", sort_key="job_title"),
            Column("roles", label="Roles", accessor=_roles_held),
            BooleanColumn("is_active", label="Active", sort_key="is_active"),
        ]

    def get_base_queryset(self):
        return User.objects.select_related("agency").prefetch_related(
            Prefetch("role_assignments", queryset=RoleAssignment.objects.select_related("role", "agency"))
        )

    def to_row_dict(self, item):
        row = {}
        for field in self.list_export:
            if field == "roles":
                row[field] = _roles_held(item)
            elif field == "agency":
                row[field] = str(item.agency) if item.agency_id else ""
            else:
                row[field] = getattr(item, field)
        return row


class PersonCreateView(wagtail_users.CreateView):
    page_title = "Add a person"
    success_message = "%(object)s added. Grant them a role below so they can use the Hub."

    def get_success_url(self):
        return reverse("wagtailusers_users:edit", args=[self.object.pk])


class PersonEditView(wagtail_users.EditView):
    template_name = "core/admin/people/edit.html"
    success_message = "%(object)s updated."

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Only a superuser may change a superuser: otherwise any member of staff could take over
        # the account with the widest rights by changing its e-mail address.
        if self.object.is_superuser and not request.user.is_superuser:
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["role_assignments"] = self.object.role_assignments.select_related("role", "agency")
        context["grant_role_url"] = reverse("core_roleassignment:add") + f"?person={self.object.uuid}"
        return context


class PersonViewSet(wagtail_users.UserViewSet):
    """Replaces Wagtail's own user views (see ``HubUsersConfig`` in hub/core/apps.py)."""

    menu_label = "People"
    menu_order = 2
    add_to_settings_menu = False
    menu_hook = PARTNERSHIP_MENU_HOOK
    index_view_class = PersonIndexView
    add_view_class = PersonCreateView
    edit_view_class = PersonEditView
    filterset_class = PersonFilterSet
    template_prefix = "core/admin/people/"
    search_backend_name = None
    search_fields = ["first_name", "last_name", "email", "job_title"]
    ordering = ["last_name", "first_name"]
    export_filename = "people"

    def get_form_class(self, for_update=False):
        return PersonEditForm if for_update else PersonCreationForm

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(list_export=PersonIndexView.list_export, **kwargs)


# Role assignments ---------------------------------------------------------------------------


class RoleAssignmentCreateView(generic.CreateView):
    """Granting a role goes through ``grant_role`` so group membership and the audit log follow."""

    page_title = "Grant a role"
    success_message = "%(object)s granted."

    def get_initial(self):
        initial = super().get_initial()
        person = self.request.GET.get("person")
        if person:
            # Anything but a UUID in the address leaves the person to be chosen.
            with contextlib.suppress(ValidationError):
                initial["user"] = User.objects.filter(uuid=person).first()
        return initial

    def save_instance(self):
        data = self.form.cleaned_data
        assignment = grant_role(
            actor=self.request.user,
            user=data["user"],
            role=data["role"],
            agency=data.get("agency"),
            request=self.request,
        )
        log(instance=assignment, action="wagtail.create", content_changed=True)
        return assignment

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except DomainError as error:
            error.add_to_form(form)
            return self.form_invalid(form)

    def get_success_message(self, instance):
        return f"{instance.user} is now {instance}."

    def get_success_url(self):
        return reverse("wagtailusers_users:edit", args=[self.object.user_id])


class RoleAssignmentDeleteView(generic.DeleteView):
    """Removing a role goes through ``revoke_role`` so the person leaves the role's group."""

    page_title = "Remove a role"

    @property
    def confirmation_message(self):
        return f"Remove the role {self.object} from {self.object.user}?"

    def get_success_message(self):
        return f"{self.object} removed from {self.object.user}."

    def delete_action(self):
        log(instance=self.object, action="wagtail.delete")
        revoke_role(actor=self.request.user, assignment=self.object, request=self.request)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except DomainError as error:
            messages.error(self.request, error.message)
            return redirect(reverse("wagtailusers_users:edit", args=[self.object.user_id]))


class RoleAssignmentIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "role", "agency")


class RoleAssignmentViewSet(BackOfficeViewSet):
    """Who holds which role. Assignments are granted or removed, never edited in place."""

    name = "core_roleassignment"
    url_prefix = "partnership/role-assignments"
    model = RoleAssignment
    icon = "key"
    menu_label = "Role assignments"
    menu_order = 3
    index_view_class = RoleAssignmentIndexView
    add_view_class = RoleAssignmentCreateView
    delete_view_class = RoleAssignmentDeleteView
    list_display = [
        "user",
        Column("email", label="E-mail address", accessor="user.email"),
        Column("role", label="Role", sort_key="role__name"),
        Column("agency", label="For agency", sort_key="agency__name"),
        DateColumn("created_at", label="Granted", sort_key="created_at"),
    ]
    list_filter = ["role", "agency"]
    search_fields = ["user__first_name", "user__last_name", "user__email"]
    list_export = ["user", "user.email", "role", "agency", "created_at"]
    export_headings = {
        "user": "Person",
        "user.email": "E-mail address",
        "role": "Role",
        "agency": "For agency",
        "created_at": "Granted",
    }
    export_filename = "role-assignments"
    inspect_view_fields = ["user", "role", "agency", "created_at"]
    ordering = ["user__last_name", "user__first_name", "role__name"]

    def get_form_class(self, for_update=False):
        return RoleAssignmentForm


# Roles and themes ---------------------------------------------------------------------------


class RoleViewSet(BackOfficeViewSet):
    name = "core_role"
    url_prefix = "partnership/roles"
    model = Role
    icon = "lock"
    menu_label = "Roles"
    menu_order = 4
    list_display = [
        "name",
        Column("slug", label="Code name", sort_key="slug"),
        BooleanColumn("agency_scoped", label="Held for an agency", sort_key="agency_scoped"),
        BooleanColumn("requires_two_factor", label="Two-factor sign-in", sort_key="requires_two_factor"),
    ]
    list_filter = ["agency_scoped", "requires_two_factor"]
    search_fields = ["name", "slug", "description"]
    list_export = ["name", "slug", "description", "agency_scoped", "requires_two_factor"]
    export_headings = {
        "slug": "Code name",
        "agency_scoped": "Held for an agency",
        "requires_two_factor": "Two-factor sign-in",
    }
    export_filename = "roles"
    inspect_view_fields = ["name", "slug", "description", "agency_scoped", "requires_two_factor", "permission_group"]

    def get_form_class(self, for_update=False):
        return RoleEditForm if for_update else RoleForm


class ThemeViewSet(BackOfficeViewSet):
    name = "core_theme"
    url_prefix = "partnership/themes"
    model = Theme
    icon = "tag"
    menu_label = "Themes"
    menu_order = 5
    form_fields = ["name", "slug", "description", "is_improvement_theme", "is_active"]
    list_display = [
        "name",
        BooleanColumn("is_improvement_theme", label="Improvement theme", sort_key="is_improvement_theme"),
        BooleanColumn("is_active", label="Active", sort_key="is_active"),
    ]
    list_filter = ["is_improvement_theme", "is_active"]
    search_fields = ["name", "description"]
    list_export = ["name", "slug", "description", "is_improvement_theme", "is_active"]
    export_headings = {"is_improvement_theme": "Improvement theme", "is_active": "Active"}
    export_filename = "themes"
    inspect_view_fields = list(form_fields)


# Actions ------------------------------------------------------------------------------------
#
# The back office lists, filters, exports and inspects actions but does not create or edit them:
# raising and updating actions happens on the tracker pages (core:action-create, core:action-edit,
# core:action-progress), whose forms go through hub.core.services. Those services enforce the
# tracker's rules (the owner works for the owning agency, completion needs evidence, every
# change is logged as a progress update with an audit entry); a second set of admin forms would
# have to repeat every one of them and could drift. The listing links to those pages instead.


class ActionFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=Action.Status.choices, label="Status", widget=forms.CheckboxSelectMultiple
    )
    owner_agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all(), label="Owner agency")
    theme = django_filters.ModelChoiceFilter(queryset=Theme.objects.all(), label="Theme")
    due_on = django_filters.DateFromToRangeFilter(label="Due", widget=DateRangePickerWidget)
    overdue = django_filters.BooleanFilter(label="Overdue", method="filter_overdue", widget=BooleanRadioSelect)

    class Meta:
        model = Action
        fields = []

    def filter_overdue(self, queryset, name, value):
        open_statuses = [Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS]
        overdue = {"status__in": open_statuses, "due_on__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


def _rag_label(action: Action) -> str:
    return action.rag().label


class ActionIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("owner_agency", "owner", "theme")

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        buttons.append(HeaderButton("Raise an action", url=reverse("core:action-create"), icon_name="plus"))
        return buttons

    export_accessors = {"rag_label": _rag_label}

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        buttons.insert(
            0,
            MenuItem(
                "Open on the tracker",
                url=reverse("core:action-detail", args=[instance.uuid]),
                icon_name="link",
                priority=5,
            ),
        )
        buttons.insert(
            1,
            MenuItem(
                "Edit on the tracker",
                url=reverse("core:action-edit", args=[instance.uuid]),
                icon_name="edit",
                priority=6,
            ),
        )
        return buttons


class ActionViewSet(BackOfficeViewSet):
    name = "core_action"
    url_prefix = "partnership/actions"
    model = Action
    icon = "tasks"
    menu_label = "Actions"
    menu_order = 6
    index_view_class = ActionIndexView
    filterset_class = ActionFilterSet
    form_fields = ["title"]
    list_display = [
        "reference",
        Column("title", label="Title", sort_key="title"),
        Column("owner_agency", label="Owner agency", sort_key="owner_agency__name"),
        Column("owner", label="Owner", sort_key="owner__last_name"),
        DateColumn("due_on", label="Due", sort_key="due_on"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        StatusTagColumn("rag", label="RAG", accessor=_rag_label, primary=lambda obj: obj.rag() == Action.Rag.RED),
    ]
    search_fields = ["reference", "title", "description", "source_label"]
    list_export = [
        "reference",
        "title",
        "source_label",
        "owner_agency",
        "owner",
        "due_on",
        "get_status_display",
        "rag_label",
        "completed_on",
        "theme",
        "evidence",
        "impact_note",
    ]
    export_headings = {
        "source_label": "Source",
        "owner_agency": "Owner agency",
        "owner": "Owner",
        "due_on": "Due",
        "get_status_display": "Status",
        "rag_label": "RAG",
        "completed_on": "Completed on",
        "theme": "Theme",
        "evidence": "Evidence of completion",
        "impact_note": "Impact",
    }
    export_filename = "actions"
    inspect_view_fields = [
        "reference",
        "title",
        "description",
        "source_label",
        "owner_agency",
        "owner",
        "due_on",
        "status",
        "completed_on",
        "evidence",
        "impact_note",
        "theme",
        "created_at",
        "created_by",
    ]


# Audit log ----------------------------------------------------------------------------------


class AuditEntryFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label="Event", choices=[], empty_label="Any event")
    actor = django_filters.ModelChoiceFilter(queryset=User.objects.all(), label="Who")
    created_at = django_filters.DateFromToRangeFilter(label="Date", widget=DateRangePickerWidget)

    class Meta:
        model = AuditEntry
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
        self.filters["action"].extra["choices"] = [(name, f"{describe_event(name)} ({name})") for name in names]


class AuditEntryIndexView(IndexView):
    export_accessors = {"content_type": lambda entry: entry.content_type.name if entry.content_type_id else ""}

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("content_type")


class AuditEntryViewSet(BackOfficeViewSet):
    """The audit log: read only for everyone, superusers included. Entries are never changed."""

    name = "core_auditentry"
    url_prefix = "partnership/audit-log"
    model = AuditEntry
    icon = "history"
    menu_label = "Audit log"
    menu_order = 7
    index_view_class = AuditEntryIndexView
    filterset_class = AuditEntryFilterSet
    form_fields = ["action"]
    list_display = [
        "created_at",
        Column("event", label="Event", accessor=lambda entry: describe_event(entry.action)),
        Column("action", label="Event name", sort_key="action"),
        Column("actor_label", label="Who", sort_key="actor_label"),
        Column("object_repr", label="Record"),
        Column("ip_address", label="IP address"),
    ]
    search_fields = ["action", "actor_label", "object_repr"]
    list_export = ["created_at", "action", "actor_label", "content_type", "object_repr", "data", "ip_address"]
    export_headings = {
        "created_at": "When",
        "action": "Event",
        "actor_label": "Who",
        "content_type": "Record type",
        "object_repr": "Record",
        "data": "Details",
        "ip_address": "IP address",
    }
    export_filename = "audit-log"
    inspect_view_fields = [
        "created_at",
        "action",
        "actor_label",
        "content_type",
        "object_repr",
        "object_id",
        "data",
        "ip_address",
    ]
    ordering = ["-created_at", "-id"]


class PartnershipViewSetGroup(ViewSetGroup):
    menu_label = "Partnership"
    menu_icon = "group"
    menu_order = 150
    submenu_hook = PARTNERSHIP_MENU_HOOK
    items = (AgencyViewSet, RoleAssignmentViewSet, RoleViewSet, ThemeViewSet, ActionViewSet, AuditEntryViewSet)


__all__ = [
    "ActionViewSet",
    "AgencyViewSet",
    "AuditEntryViewSet",
    "PartnershipViewSetGroup",
    "PersonViewSet",
    "RoleAssignmentViewSet",
    "RoleViewSet",
    "ThemeViewSet",
]
