"""Assurance records in the back office: report templates and their sections, and the forward plan."""

from __future__ import annotations

from wagtail.admin.ui.tables import Column

from hub.core.viewsets import BackOfficeViewSet, narrowed_index_view
from hub.learning.assurance.models import AssurancePlanItem, AssuranceSection, AssuranceTemplate


class AssuranceTemplateViewSet(BackOfficeViewSet):
    name = "learning_assurancetemplate"
    url_prefix = "learning/assurance-templates"
    model = AssuranceTemplate
    icon = "doc-full"
    menu_label = "Assurance templates"
    menu_order = 50
    form_fields = ["name", "description"]
    list_display = ["name"]
    search_fields = ["name"]
    inspect_view_fields = ["name", "description"]


class AssuranceSectionViewSet(BackOfficeViewSet):
    name = "learning_assurancesection"
    url_prefix = "learning/assurance-sections"
    model = AssuranceSection
    icon = "list-ul"
    menu_label = "Assurance report sections"
    menu_order = 51
    form_fields = [
        "template",
        "position",
        "text",
        "help_text",
        "kind",
        "required",
        "options",
        "scale_min",
        "scale_max",
        "scale_min_label",
        "scale_max_label",
        "grading_scheme",
    ]
    list_display = [
        Column("template", label="Template", accessor="template", sort_key="template__name"),
        "position",
        "text",
        Column("kind", label="Kind", accessor="get_kind_display", sort_key="kind"),
    ]
    list_filter = ["template", "kind"]
    search_fields = ["text"]
    inspect_view_fields = list(form_fields)
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("template"))


class AssurancePlanItemViewSet(BackOfficeViewSet):
    name = "learning_assuranceplanitem"
    url_prefix = "learning/assurance-plan"
    model = AssurancePlanItem
    icon = "date"
    menu_label = "Assurance forward plan"
    menu_order = 52
    form_fields = ["year", "agency", "topic", "template", "due_on", "meeting", "notes"]
    list_display = [
        "topic",
        Column("agency", label="Agency", accessor="agency", sort_key="agency__name"),
        "year",
        "due_on",
        Column("meeting", label="Considered at", accessor="meeting"),
    ]
    list_filter = ["year", "agency"]
    search_fields = ["topic", "agency__name"]
    list_export = ["year", "agency.name", "topic", "due_on", "meeting"]
    export_headings = {"agency.name": "Agency", "meeting": "Considered at"}
    export_filename = "assurance-forward-plan"
    inspect_view_fields = list(form_fields)
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("agency", "meeting__group"))


# Reports themselves change only through the workflow on the site, so every change is audited.
VIEWSETS: tuple = (AssuranceTemplateViewSet, AssuranceSectionViewSet, AssurancePlanItemViewSet)
