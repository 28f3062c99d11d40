"""Improvement themes in the back office (the "Learning" menu).

Themes, their activities and impact statements are edited here by the business unit. Cycles
are listed and inspected here but move through their workflow only on the front-end pages
(``/learning/improvement-cycles/``), where ``services.py`` keeps the order of the steps and
logs each one; their model permissions are narrowed to viewing, for everyone.
"""

from __future__ import annotations

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permissions import register_permission_policy

from hub.core.viewsets import BackOfficeViewSet, narrowed_index_view
from hub.core.wagtail_hooks import RestrictedPolicy
from hub.learning.themes.models import DeliveryCycle, ImpactStatement, ImprovementActivity, ImprovementTheme

register_permission_policy(DeliveryCycle, RestrictedPolicy(DeliveryCycle, refused={"add", "change", "delete"}))


class ImprovementThemeViewSet(BackOfficeViewSet):
    name = "learning_improvementtheme"
    url_prefix = "learning/improvement-themes"
    model = ImprovementTheme
    icon = "pick"
    menu_label = "Improvement themes"
    menu_order = 20
    form_fields = [
        "title",
        "slug",
        "practice_theme",
        "summary",
        "rationale",
        "lead",
        "lead_agency",
        "status",
        "first_year",
        "last_year",
        "findings",
        "indicators",
        "review_references",
        "position",
    ]
    list_display = [
        "title",
        Column("practice_theme", label="Practice theme", sort_key="practice_theme__name"),
        Column("years_label", label="Years"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        Column("lead_agency", label="Lead agency"),
    ]
    list_filter = ["status", "practice_theme"]
    search_fields = ["title", "summary", "rationale"]
    list_export = ["title", "practice_theme", "summary", "get_status_display", "years_label", "lead", "lead_agency"]
    export_headings = {"get_status_display": "Status", "years_label": "Years"}
    export_filename = "improvement-themes"
    inspect_view_fields = list(form_fields)
    index_view_class = narrowed_index_view(
        lambda queryset: queryset.select_related("practice_theme", "lead", "lead_agency")
    )


class ImprovementActivityViewSet(BackOfficeViewSet):
    name = "learning_improvementactivity"
    url_prefix = "learning/improvement-activities"
    model = ImprovementActivity
    icon = "tasks"
    menu_label = "Improvement activities"
    menu_order = 21
    form_fields = ["theme", "title", "description", "status", "starts_on", "ends_on", "action"]
    list_display = [
        "title",
        Column("theme", label="Theme", sort_key="theme__title"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        DateColumn("starts_on", label="Starts", sort_key="starts_on"),
        DateColumn("ends_on", label="Ends", sort_key="ends_on"),
    ]
    list_filter = ["theme", "status"]
    search_fields = ["title", "description"]
    list_export = ["theme", "title", "description", "get_status_display", "starts_on", "ends_on"]
    export_headings = {"get_status_display": "Status"}
    export_filename = "improvement-activities"
    inspect_view_fields = list(form_fields)
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("theme"))


class ImpactStatementViewSet(BackOfficeViewSet):
    name = "learning_impactstatement"
    url_prefix = "learning/impact-statements"
    model = ImpactStatement
    icon = "success"
    menu_label = "Impact statements"
    menu_order = 22
    form_fields = [
        "theme",
        "statement",
        "year",
        "evidence_kind",
        "evidence",
        "indicator",
        "audit",
        "action",
        "position",
    ]
    list_display = [
        Column("statement", label="Statement", accessor="__str__"),
        Column("theme", label="Theme", sort_key="theme__title"),
        Column("year", label="Year", accessor="financial_year", sort_key="year"),
        Column("evidence_kind", label="Evidence", accessor="get_evidence_kind_display", sort_key="evidence_kind"),
    ]
    list_filter = ["theme", "evidence_kind", "year"]
    search_fields = ["statement", "evidence"]
    list_export = ["theme", "statement", "year", "get_evidence_kind_display", "evidence"]
    export_headings = {"get_evidence_kind_display": "Evidence kind"}
    export_filename = "impact-statements"
    inspect_view_fields = list(form_fields)
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("theme"))


class DeliveryCycleViewSet(BackOfficeViewSet):
    name = "learning_deliverycycle"
    url_prefix = "learning/improvement-cycles"
    model = DeliveryCycle
    icon = "repeat"
    menu_label = "Improvement cycles"
    menu_order = 23
    add_view_enabled = False
    edit_view_enabled = False
    form_fields = ["focus"]
    list_display = [
        Column("label", label="Cycle", sort_key="year"),
        "focus",
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        DateColumn("endorsed_on", label="Endorsed", sort_key="endorsed_on"),
        DateColumn("reviewed_on", label="Impact reviewed", sort_key="reviewed_on"),
    ]
    list_filter = ["status", "year"]
    search_fields = ["focus", "improvement_plan", "impact_review"]
    list_export = ["label", "focus", "get_status_display", "improvement_plan", "endorsed_on", "reviewed_on"]
    export_headings = {"label": "Cycle", "get_status_display": "Status"}
    export_filename = "improvement-cycles"
    inspect_view_fields = [
        "year",
        "number",
        "focus",
        "improvement_plan",
        "status",
        "endorsed_on",
        "endorsement_meeting",
        "delivery_started_on",
        "impact_review",
        "reviewed_on",
    ]


VIEWSETS: tuple = (ImprovementThemeViewSet, ImprovementActivityViewSet, ImpactStatementViewSet, DeliveryCycleViewSet)
