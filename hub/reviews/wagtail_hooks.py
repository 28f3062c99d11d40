"""The case review module's rules in the back office: statutory clocks and retention periods.

These are rules, not case data, so the business unit keeps them. Notifications, rapid reviews
and practice reviews are never in the back office: they are seen only through the module's own
pages, where access is limited to the case review panel and every view is logged.
"""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.base import ViewSetGroup

from hub.core.viewsets import BackOfficeViewSet
from hub.reviews.models import ClockRule, RetentionRule


class ClockRuleViewSet(BackOfficeViewSet):
    name = "reviews_clock_rule"
    url_prefix = "reviews/clock-rules"
    model = ClockRule
    icon = "time"
    menu_label = "Statutory clocks"
    menu_order = 10
    form_fields = ["clock", "effective_from", "amount", "unit", "direction", "anchor", "guidance", "confirmed", "notes"]
    list_display = ["clock", "effective_from", "amount", "unit", "direction", BooleanColumn("confirmed")]
    list_filter = ["clock", "confirmed"]
    inspect_view_fields = list(form_fields)


class RetentionRuleViewSet(BackOfficeViewSet):
    name = "reviews_retention_rule"
    url_prefix = "reviews/retention"
    model = RetentionRule
    icon = "bin"
    menu_label = "Retention periods"
    menu_order = 20
    form_fields = ["record_type", "years", "basis"]
    list_display = ["record_type", "years"]
    inspect_view_fields = list(form_fields)


class ReviewRulesViewSetGroup(ViewSetGroup):
    menu_label = "Case review rules"
    menu_icon = "time"
    menu_order = 275
    items = (ClockRuleViewSet, RetentionRuleViewSet)


@hooks.register("register_admin_viewset")
def register_review_viewsets():
    return ReviewRulesViewSetGroup()
