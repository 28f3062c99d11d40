"""The governance records in the staff back office: the "Governance" menu of the Wagtail admin.

Groups, memberships, meetings (with their agenda, attendance and decisions edited on the
meeting's form), minutes, papers, forward plans, budget years and development sessions. Every
listing is searchable, filterable and exportable (CSV and Excel); every record has an inspect
page with its change history. The business-unit role's group holds this app's model permissions
(granted after each migrate by ``hub.core.roles``).
"""

from __future__ import annotations

from django.forms.boundfield import BoundField
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup

from hub.core.viewsets import BackOfficeViewSet, narrowed_index_view
from hub.governance.models import (
    BudgetYear,
    DevelopmentSession,
    ForwardPlanItem,
    Group,
    Meeting,
    Membership,
    Minutes,
    Paper,
)


class InlineEditingForm(WagtailAdminModelForm):
    """The form of records edited with their children inline; Wagtail's markup, not the GOV.UK templates."""

    bound_field_class = BoundField


class InlineEditingViewSet(BackOfficeViewSet):
    """A record edited together with its children (``panels`` on the model, ``InlinePanel`` for children)."""

    def get_edit_handler(self):
        return ObjectList(self.model.panels, base_form_class=InlineEditingForm).bind_to_model(self.model)

    def get_form_class(self, for_update=False):
        return self._edit_handler.get_form_class()


class GroupViewSet(BackOfficeViewSet):
    name = "governance_group"
    url_prefix = "governance/groups"
    model = Group
    icon = "group"
    menu_label = "Groups"
    menu_order = 1
    form_fields = [
        "name",
        "slug",
        "short_name",
        "purpose",
        "terms_of_reference",
        "chair",
        "meeting_frequency",
        "active_from",
        "active_to",
        "is_executive",
        "is_restricted",
    ]
    list_display = [
        "name",
        Column("short_name", label="Short name", sort_key="short_name"),
        Column("chair", label="Chair"),
        Column("meeting_frequency", label="Meets", accessor="get_meeting_frequency_display"),
        DateColumn("active_to", label="Until", sort_key="active_to"),
        BooleanColumn("is_restricted", label="Restricted"),
    ]
    list_filter = ["meeting_frequency", "is_executive", "is_restricted"]
    search_fields = ["name", "short_name", "purpose"]
    list_export = ["name", "short_name", "chair", "get_meeting_frequency_display", "active_from", "active_to"]
    export_headings = {"short_name": "Short name", "get_meeting_frequency_display": "Meets"}
    export_filename = "groups"
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("chair"))
    inspect_view_fields = [
        "name",
        "slug",
        "short_name",
        "purpose",
        "chair",
        "meeting_frequency",
        "active_from",
        "active_to",
    ]


class MembershipViewSet(BackOfficeViewSet):
    name = "governance_membership"
    url_prefix = "governance/memberships"
    model = Membership
    icon = "user"
    menu_label = "Memberships"
    menu_order = 2
    form_fields = ["group", "person", "agency", "role", "started_on", "ended_on"]
    list_display = [
        Column("person", label="Person"),
        Column("group", label="Group", sort_key="group__name"),
        Column("agency", label="Agency"),
        Column("role", label="Role", accessor="get_role_display", sort_key="role"),
        DateColumn("started_on", label="From", sort_key="started_on"),
        DateColumn("ended_on", label="To", sort_key="ended_on"),
    ]
    list_filter = ["group", "role", "agency"]
    search_fields = ["person__first_name", "person__last_name", "person__email", "group__name"]
    list_export = ["person", "person.email", "group", "agency", "get_role_display", "started_on", "ended_on"]
    export_headings = {"person.email": "E-mail", "get_role_display": "Role", "started_on": "From", "ended_on": "To"}
    export_filename = "memberships"
    inspect_view_fields = list(form_fields)

    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("person", "group", "agency"))


class MeetingViewSet(InlineEditingViewSet):
    name = "governance_meeting"
    url_prefix = "governance/meetings"
    model = Meeting
    icon = "date"
    menu_label = "Meetings"
    menu_order = 3
    # The form (with agenda, attendance and decisions inline) comes from Meeting.panels.
    list_display = [
        Column("starts_at", label="Date", accessor="__str__", sort_key="starts_at"),
        Column("group", label="Group", sort_key="group__name"),
        Column("mode", label="How", accessor="get_mode_display"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
    ]
    list_filter = ["group", "mode", "status", "starts_at"]
    search_fields = ["title", "group__name", "location"]
    list_export = [
        "group",
        "title",
        "starts_at",
        "ends_at",
        "get_mode_display",
        "location",
        "joining_link",
        "get_status_display",
    ]
    export_headings = {"get_mode_display": "How", "get_status_display": "Status", "joining_link": "Joining link"}
    export_filename = "meetings"
    inspect_view_fields = ["group", "title", "starts_at", "ends_at", "mode", "location", "joining_link", "status"]

    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("group"))


class MinutesViewSet(BackOfficeViewSet):
    name = "governance_minutes"
    url_prefix = "governance/minutes"
    model = Minutes
    icon = "doc-full"
    menu_label = "Minutes"
    menu_order = 4
    form_fields = ["meeting", "text"]
    list_display = [
        Column("meeting", label="Meeting"),
        DateColumn("approved_at", label="Approved", sort_key="approved_at"),
        Column("approved_by", label="Approved by"),
    ]
    list_filter = ["meeting__group", "approved_at"]
    search_fields = ["text", "meeting__group__name"]
    list_export = ["meeting", "approved_at", "approved_by", "text"]
    export_filename = "minutes"
    inspect_view_fields = ["meeting", "text", "approved_at", "approved_by"]

    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("meeting__group", "approved_by"))


class PaperViewSet(BackOfficeViewSet):
    name = "governance_paper"
    url_prefix = "governance/papers"
    model = Paper
    icon = "doc-full-inverse"
    menu_label = "Papers"
    menu_order = 5
    form_fields = ["meeting", "title", "file", "confidentiality_note"]
    list_display = [
        "title",
        Column("meeting", label="Meeting"),
        DateColumn("uploaded_at", label="Added", sort_key="uploaded_at"),
    ]
    list_filter = ["meeting__group"]
    search_fields = ["title", "original_filename"]
    list_export = ["title", "meeting", "original_filename", "size", "uploaded_at", "confidentiality_note"]
    export_filename = "papers"
    inspect_view_fields = ["title", "meeting", "original_filename", "size", "confidentiality_note", "uploaded_at"]

    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("meeting__group"))


class ForwardPlanViewSet(BackOfficeViewSet):
    name = "governance_forward_plan"
    url_prefix = "governance/forward-plan"
    model = ForwardPlanItem
    icon = "list-ul"
    menu_label = "Forward plans"
    menu_order = 6
    form_fields = ["group", "planned_month", "meeting", "topic", "item_type", "agency", "status"]
    list_display = [
        "topic",
        Column("group", label="Group", sort_key="group__name"),
        DateColumn("planned_month", label="Month", sort_key="planned_month"),
        Column("item_type", label="Type", accessor="get_item_type_display"),
        Column("agency", label="Agency"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
    ]
    list_filter = ["group", "item_type", "status", "agency"]
    search_fields = ["topic", "group__name"]
    list_export = ["group", "planned_month", "topic", "get_item_type_display", "agency", "get_status_display"]
    export_headings = {"planned_month": "Month", "get_item_type_display": "Type", "get_status_display": "Status"}
    export_filename = "forward-plan"
    inspect_view_fields = list(form_fields)

    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("group", "agency"))


class BudgetYearViewSet(InlineEditingViewSet):
    name = "governance_budget_year"
    url_prefix = "governance/budget"
    model = BudgetYear
    icon = "table"
    menu_label = "Budget"
    menu_order = 7
    # Contributions are edited on the year's form (BudgetYear.panels).
    list_display = [Column("label", label="Year", sort_key="start_year"), Column("total", label="Total (£)")]
    list_filter = []
    search_fields = ["notes"]
    list_export = ["label", "total", "notes"]
    export_headings = {"label": "Year", "total": "Total (£)"}
    export_filename = "budget"
    inspect_view_fields = ["start_year", "notes"]

    index_view_class = narrowed_index_view(lambda queryset: queryset.prefetch_related("contributions"))


class DevelopmentSessionViewSet(BackOfficeViewSet):
    name = "governance_development_session"
    url_prefix = "governance/development-sessions"
    model = DevelopmentSession
    icon = "calendar"
    menu_label = "Development sessions"
    menu_order = 8
    form_fields = ["held_on", "topic", "questions", "outcomes", "attendees_count", "theme"]
    list_display = [
        "topic",
        DateColumn("held_on", label="Date", sort_key="held_on"),
        Column("attendees_count", label="People"),
    ]
    list_filter = ["theme", "held_on"]
    search_fields = ["topic", "questions", "outcomes"]
    list_export = ["held_on", "topic", "questions", "outcomes", "attendees_count", "theme"]
    export_headings = {"held_on": "Date", "attendees_count": "People attending"}
    export_filename = "development-sessions"
    inspect_view_fields = list(form_fields)


class GovernanceViewSetGroup(ViewSetGroup):
    menu_label = "Governance"
    menu_icon = "group"
    menu_order = 210
    items = (
        GroupViewSet,
        MembershipViewSet,
        MeetingViewSet,
        MinutesViewSet,
        PaperViewSet,
        ForwardPlanViewSet,
        BudgetYearViewSet,
        DevelopmentSessionViewSet,
    )


@hooks.register("register_admin_viewset")
def register_governance_viewsets():
    return GovernanceViewSetGroup()
