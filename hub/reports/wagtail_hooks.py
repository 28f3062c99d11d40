"""The yearly report's outline in the staff back office, under "Yearly report"."""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn

from hub.core.viewsets import BackOfficeViewSet
from hub.reports.models import ChecklistItem, OutlineChapter


class OutlineChapterViewSet(BackOfficeViewSet):
    name = "reports_outlinechapter"
    url_prefix = "reports/outline"
    model = OutlineChapter
    icon = "list-ol"
    menu_label = "Yearly report outline"
    menu_order = 280
    add_to_admin_menu = True
    form_fields = ["order", "title", "slug", "intro", "section_slugs", "has_narrative"]
    list_display = ["order", "title", "slug", BooleanColumn("has_narrative", label="Narrative")]
    search_fields = ["title", "slug", "section_slugs"]
    inspect_view_fields = list(form_fields)


class ChecklistItemViewSet(BackOfficeViewSet):
    name = "reports_checklistitem"
    url_prefix = "reports/checklist"
    model = ChecklistItem
    icon = "tasks"
    menu_label = "Yearly report checklist"
    menu_order = 281
    add_to_admin_menu = True
    form_fields = [
        "order",
        "title",
        "slug",
        "source",
        "verified",
        "required",
        "judged_by",
        "section_pattern",
        "chapter",
    ]
    list_display = [
        "order",
        "title",
        BooleanColumn("required", label="Required"),
        BooleanColumn("verified", label="Confirmed"),
        "judged_by",
    ]
    search_fields = ["title", "slug", "section_pattern", "source"]
    inspect_view_fields = list(form_fields)


@hooks.register("register_admin_viewset")
def register_report_viewsets():
    return OutlineChapterViewSet()


@hooks.register("register_admin_viewset")
def register_checklist_viewset():
    return ChecklistItemViewSet()
