"""Independent scrutiny in the back office: the plan, reviews (with their report file) and the challenge log.

Challenges and statements change status only through the site's workflow, so the back office lists
and inspects them but does not add or edit them there.
"""

from __future__ import annotations

from wagtail.admin.ui.tables import Column

from hub.core.viewsets import BackOfficeViewSet
from hub.learning.scrutiny.models import ScrutinyPlanItem, ScrutinyReview


class ScrutinyPlanItemViewSet(BackOfficeViewSet):
    name = "learning_scrutinyplanitem"
    url_prefix = "learning/scrutiny-plan"
    model = ScrutinyPlanItem
    icon = "date"
    menu_label = "Scrutiny plan"
    menu_order = 60
    form_fields = ["year", "topic", "method", "planned_start", "planned_end", "status", "review"]
    list_display = ["topic", "year", Column("status", label="Status", accessor="get_status_display", sort_key="status")]
    list_filter = ["year", "status"]
    search_fields = ["topic"]
    list_export = ["year", "topic", "method", "planned_start", "planned_end", "get_status_display"]
    export_headings = {"get_status_display": "Status"}
    export_filename = "scrutiny-plan"
    inspect_view_fields = list(form_fields)


class ScrutinyReviewViewSet(BackOfficeViewSet):
    name = "learning_scrutinyreview"
    url_prefix = "learning/scrutiny-reviews"
    model = ScrutinyReview
    icon = "doc-full"
    menu_label = "Scrutiny reviews"
    menu_order = 61
    form_fields = [
        "title",
        "year",
        "status",
        "purpose",
        "scope",
        "panel_members",
        "method",
        "started_on",
        "completed_on",
        "findings",
        "recommendations",
        "report_file",
    ]
    list_display = ["title", "year", Column("status", label="Status", accessor="get_status_display", sort_key="status")]
    list_filter = ["year", "status"]
    search_fields = ["title"]
    list_export = ["year", "title", "get_status_display", "started_on", "completed_on"]
    export_headings = {"get_status_display": "Status"}
    export_filename = "scrutiny-reviews"
    inspect_view_fields = list(form_fields)


VIEWSETS: tuple = (ScrutinyPlanItemViewSet, ScrutinyReviewViewSet)
