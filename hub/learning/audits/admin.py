"""Audit records in the back office's "Learning" menu: programmes, audits, templates and their
questions, finding categories. Cases, returns, moderation and findings change through the audit
pages (/learning/audits/), where the workflow and its checks live."""

from __future__ import annotations

from wagtail.admin.ui.tables import Column, DateColumn

from hub.core.viewsets import BackOfficeViewSet, narrowed_index_view
from hub.learning.audits.models import Audit, AuditArea, AuditProgramme, AuditQuestion, AuditTemplate, FindingCategory


class AuditProgrammeViewSet(BackOfficeViewSet):
    name = "learning_auditprogramme"
    url_prefix = "learning/audit-programmes"
    model = AuditProgramme
    icon = "date"
    menu_label = "Audit programmes"
    menu_order = 1
    form_fields = ["year", "aim", "target_audits"]
    list_display = [Column("__str__", label="Programme"), "target_audits"]


class AuditViewSet(BackOfficeViewSet):
    name = "learning_audit"
    url_prefix = "learning/audits"
    model = Audit
    icon = "clipboard-list"
    menu_label = "Audits"
    menu_order = 2
    form_fields = [
        "programme",
        "title",
        "topic",
        "themes",
        "key_lines_of_enquiry",
        "scope",
        "method",
        "lead",
        "agencies",
        "template",
        "case_selection_on",
        "returns_due_on",
        "moderation_on",
        "summary",
    ]
    list_display = [
        "title",
        Column("programme", label="Year", sort_key="programme__year"),
        "topic",
        Column("status", label="Stage", accessor="get_status_display", sort_key="status"),
        DateColumn("moderation_on", label="Moderation"),
    ]
    list_filter = ["status", "programme"]
    search_fields = ["title", "topic"]
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("programme"))


class AuditTemplateViewSet(BackOfficeViewSet):
    name = "learning_audittemplate"
    url_prefix = "learning/audit-templates"
    model = AuditTemplate
    icon = "form"
    menu_label = "Audit templates"
    menu_order = 3
    form_fields = ["name", "description", "grading_scheme"]
    list_display = ["name", Column("grading_scheme", label="Grades")]
    search_fields = ["name"]
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("grading_scheme"))


class AuditAreaViewSet(BackOfficeViewSet):
    name = "learning_auditarea"
    url_prefix = "learning/audit-areas"
    model = AuditArea
    icon = "list-ul"
    menu_label = "Audit practice areas"
    menu_order = 4
    form_fields = ["template", "position", "name", "description"]
    list_display = ["name", Column("template", label="Template", sort_key="template__name"), "position"]
    list_filter = ["template"]
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("template"))


class AuditQuestionViewSet(BackOfficeViewSet):
    name = "learning_auditquestion"
    url_prefix = "learning/audit-questions"
    model = AuditQuestion
    icon = "help"
    menu_label = "Audit questions"
    menu_order = 5
    form_fields = [
        "template",
        "area",
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
        "text",
        Column("template", label="Template", sort_key="template__name"),
        Column("kind", label="Kind", accessor="get_kind_display", sort_key="kind"),
        "position",
    ]
    list_filter = ["template", "kind"]
    search_fields = ["text"]
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("template"))


class FindingCategoryViewSet(BackOfficeViewSet):
    name = "learning_findingcategory"
    url_prefix = "learning/finding-categories"
    model = FindingCategory
    icon = "tag"
    menu_label = "Finding categories"
    menu_order = 6
    form_fields = ["name", "slug", "description", "position"]
    list_display = ["name", "position"]


VIEWSETS = (
    AuditProgrammeViewSet,
    AuditViewSet,
    AuditTemplateViewSet,
    AuditAreaViewSet,
    AuditQuestionViewSet,
    FindingCategoryViewSet,
)
