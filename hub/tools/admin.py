"""The practitioner tools' content in the staff back office: the "Practitioner tools" menu.

Only people holding the tools app's model permissions see it: the business unit's role grants
them (``hub.core.roles.BACK_OFFICE_APPS``). The usage counts are read only; they change only
when someone uses a tool.
"""

from __future__ import annotations

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from hub.core.viewsets import BackOfficeViewSet, narrowed_index_view
from hub.core.wagtail_hooks import RestrictedPolicy
from hub.tools.models import AgeBand, Behaviour, BehaviourCategory, GuideLink, HarmMatrixCell, ToolTopic, ToolUse

register_permission_policy(ToolUse, RestrictedPolicy(ToolUse, refused={"add", "change", "delete"}))


class AgeBandViewSet(BackOfficeViewSet):
    name = "tools_ageband"
    url_prefix = "tools/age-bands"
    model = AgeBand
    icon = "user"
    menu_label = "Guide: age bands"
    menu_order = 10
    form_fields = [
        "label",
        "slug",
        "youngest",
        "oldest",
        "introduction",
        "review_date",
        "last_reviewed_on",
        "last_reviewed_by",
    ]
    list_display = [
        "label",
        DateColumn("review_date", label="Review due", sort_key="review_date"),
        DateColumn("last_reviewed_on", label="Last reviewed", sort_key="last_reviewed_on"),
        Column("last_reviewed_by", label="Reviewed by"),
    ]
    search_fields = ["label"]
    list_export = ["label", "slug", "youngest", "oldest", "review_date", "last_reviewed_on", "last_reviewed_by"]
    export_filename = "guide-age-bands"
    inspect_view_fields = list(form_fields)
    ordering = ["youngest", "oldest"]
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("last_reviewed_by"))


class BehaviourCategoryViewSet(BackOfficeViewSet):
    name = "tools_behaviourcategory"
    url_prefix = "tools/behaviour-categories"
    model = BehaviourCategory
    icon = "list-ol"
    menu_label = "Guide: categories"
    menu_order = 11
    form_fields = ["label", "key", "position", "description", "general_response"]
    list_display = ["label", Column("position", label="Order", sort_key="position")]
    search_fields = ["label"]
    inspect_view_fields = list(form_fields)
    ordering = ["position", "label"]


class BehaviourViewSet(BackOfficeViewSet):
    name = "tools_behaviour"
    url_prefix = "tools/behaviours"
    model = Behaviour
    icon = "doc-full"
    menu_label = "Guide: behaviours"
    menu_order = 12
    form_fields = ["age_band", "category", "title", "keywords", "what_it_may_mean", "how_to_respond", "position"]
    list_display = [
        "title",
        Column("age_band", label="Age", sort_key="age_band__youngest"),
        Column("category", label="Category", sort_key="category__position"),
        Column("position", label="Order", sort_key="position"),
    ]
    list_filter = ["age_band", "category"]
    search_fields = ["title", "keywords"]
    list_export = ["age_band", "category", "title", "keywords", "what_it_may_mean", "how_to_respond", "position"]
    export_filename = "guide-behaviours"
    inspect_view_fields = list(form_fields)
    ordering = ["age_band__youngest", "category__position", "position"]
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("age_band", "category"))


class GuideLinkViewSet(BackOfficeViewSet):
    name = "tools_guidelink"
    url_prefix = "tools/guide-links"
    model = GuideLink
    icon = "link"
    menu_label = "Guide: procedures and links"
    menu_order = 13
    form_fields = ["label", "url", "description", "position"]
    list_display = ["label", Column("url", label="Web address"), Column("position", label="Order")]
    search_fields = ["label"]
    inspect_view_fields = list(form_fields)
    ordering = ["position", "label"]


class HarmMatrixCellViewSet(BackOfficeViewSet):
    name = "tools_harmmatrixcell"
    url_prefix = "tools/harm-matrix-cells"
    model = HarmMatrixCell
    icon = "table"
    menu_label = "Harm Matrix boxes"
    menu_order = 20
    form_fields = ["section", "heading", "key", "prompts", "guidance", "position"]
    list_display = [
        "heading",
        Column("section", label="Section", accessor="get_section_display", sort_key="section"),
        Column("position", label="Order", sort_key="position"),
    ]
    list_filter = ["section"]
    search_fields = ["heading"]
    inspect_view_fields = list(form_fields)
    ordering = ["section", "position"]


class ToolTopicViewSet(BackOfficeViewSet):
    name = "tools_tooltopic"
    url_prefix = "tools/topics"
    model = ToolTopic
    icon = "tag"
    menu_label = "Tools on topic pages"
    menu_order = 30
    form_fields = ["tool", "summary", "themes"]
    list_display = [Column("tool", label="Tool", accessor="get_tool_display", sort_key="tool"), "summary"]
    inspect_view_fields = list(form_fields)
    index_view_class = narrowed_index_view(lambda queryset: queryset.prefetch_related("themes"))


class ToolUseViewSet(BackOfficeViewSet):
    """Read only: a count goes up each time a tool is used."""

    name = "tools_tooluse"
    url_prefix = "tools/uses"
    model = ToolUse
    icon = "history"
    menu_label = "Tool uses by month"
    menu_order = 40
    form_fields = []
    list_display = [
        Column("tool", label="Tool", accessor="get_tool_display", sort_key="tool"),
        DateColumn("month", label="Month", sort_key="month"),
        Column("count", label="Uses", sort_key="count"),
    ]
    list_filter = ["tool"]
    list_export = ["get_tool_display", "month", "count"]
    export_headings = {"get_tool_display": "Tool", "count": "Uses"}
    export_filename = "practitioner-tool-uses"
    inspect_view_fields = ["tool", "month", "count"]
    ordering = ["-month", "tool"]


class ToolsViewSetGroup(ViewSetGroup):
    menu_label = "Practitioner tools"
    menu_icon = "cogs"
    menu_order = 270
    items = (
        AgeBandViewSet,
        BehaviourCategoryViewSet,
        BehaviourViewSet,
        GuideLinkViewSet,
        HarmMatrixCellViewSet,
        ToolTopicViewSet,
        ToolUseViewSet,
    )
