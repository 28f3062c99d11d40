"""Section 11 in the back office: standards and rounds are edited here; self-assessments and
challenge sessions are listed read only, because they change through the front-end pages where
the workflow, checks and audit entries live."""

from __future__ import annotations

from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn

from hub.core.viewsets import BackOfficeViewSet, narrowed_index_view
from hub.learning.section11.models import ChallengeSession, Section11Assessment, Section11Round, Section11Standard


class Section11StandardViewSet(BackOfficeViewSet):
    name = "learning_section11standard"
    url_prefix = "learning/section-11-standards"
    model = Section11Standard
    icon = "list-ol"
    menu_label = "Section 11 standards"
    menu_order = 30
    form_fields = ["number", "title", "description", "position", "active"]
    list_display = ["number", "title", "position", BooleanColumn("active", label="Active")]
    list_filter = ["active"]
    search_fields = ["title", "description"]
    list_export = ["number", "title", "description", "position", "active"]
    export_filename = "section-11-standards"
    inspect_view_fields = list(form_fields)


class Section11RoundViewSet(BackOfficeViewSet):
    name = "learning_section11round"
    url_prefix = "learning/section-11-rounds"
    model = Section11Round
    icon = "date"
    menu_label = "Section 11 rounds"
    menu_order = 31
    form_fields = ["year", "opens_on", "due_on", "status", "grading_scheme", "standards", "agencies", "introduction"]
    list_display = [
        Column("__str__", label="Round"),
        DateColumn("opens_on", label="Opens", sort_key="opens_on"),
        DateColumn("due_on", label="Due", sort_key="due_on"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
    ]
    list_filter = ["status"]
    search_fields = ["introduction"]
    list_export = ["year", "opens_on", "due_on", "get_status_display", "grading_scheme"]
    export_headings = {"get_status_display": "Status"}
    export_filename = "section-11-rounds"
    inspect_view_fields = ["year", "opens_on", "due_on", "status", "grading_scheme", "introduction"]
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("grading_scheme"))


class Section11AssessmentViewSet(BackOfficeViewSet):
    """Read only: self-assessments change through /learning/section-11/."""

    name = "learning_section11assessment"
    url_prefix = "learning/section-11-assessments"
    model = Section11Assessment
    icon = "form"
    menu_label = "Section 11 self-assessments"
    menu_order = 32
    form_fields = []
    list_display = [
        Column("agency", label="Agency", sort_key="agency__name"),
        Column("round", label="Round", sort_key="round__year"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        DateColumn("submitted_at", label="Submitted", sort_key="submitted_at"),
        DateColumn("moderated_at", label="Moderated", sort_key="moderated_at"),
    ]
    list_filter = ["status", "round", "agency"]
    search_fields = ["agency__name"]
    list_export = ["agency", "round", "get_status_display", "submitted_at", "moderated_at", "moderation_summary"]
    export_headings = {"get_status_display": "Status"}
    export_filename = "section-11-self-assessments"
    inspect_view_fields = [
        "agency",
        "round",
        "status",
        "carried_forward_from",
        "submitted_at",
        "submitted_by",
        "moderated_at",
        "moderated_by",
        "moderation_summary",
    ]
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("agency", "round"))
    add_view_enabled = False
    edit_view_enabled = False
    delete_view_enabled = False


class ChallengeSessionViewSet(BackOfficeViewSet):
    """Read only: sessions are recorded on the round's page."""

    name = "learning_challengesession"
    url_prefix = "learning/section-11-challenge-sessions"
    model = ChallengeSession
    icon = "group"
    menu_label = "Section 11 challenge sessions"
    menu_order = 33
    form_fields = []
    list_display = [
        Column("agency", label="Agency", sort_key="agency__name"),
        Column("round", label="Round", sort_key="round__year"),
        DateColumn("held_on", label="Held", sort_key="held_on"),
    ]
    list_filter = ["round", "agency"]
    search_fields = ["agency__name", "outcome"]
    list_export = ["agency", "round", "held_on", "attendees", "challenges", "responses", "outcome"]
    export_filename = "section-11-challenge-sessions"
    inspect_view_fields = ["agency", "round", "held_on", "attendees", "challenges", "responses", "outcome"]
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("agency", "round"))
    add_view_enabled = False
    edit_view_enabled = False
    delete_view_enabled = False


VIEWSETS = (Section11StandardViewSet, Section11RoundViewSet, Section11AssessmentViewSet, ChallengeSessionViewSet)
