"""The back-office report "Resources to review": resources past their review date or due soon.

Each resource carries a review date, when the business unit should check it is still right.
The report lists the resources whose date has passed and those due within ``DUE_SOON_DAYS``,
oldest first, with a filter between the two and CSV and Excel exports. It is for the business
unit only (and administrators); it lives under Reports in the back office.
"""

from __future__ import annotations

from datetime import date, timedelta

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from hub.core.permissions import is_business_unit
from hub.core.viewsets import FormulaSafeExportMixin
from hub.website.models import ResourcePage

DUE_SOON_DAYS = 30
PAST = "past"
DUE_SOON = "due-soon"


def resources_to_review(today: date | None = None):
    """Live resources whose review date has passed or falls within ``DUE_SOON_DAYS``, oldest first."""
    today = today or timezone.localdate()
    return (
        ResourcePage.objects.live()
        .filter(review_date__isnull=False, review_date__lte=today + timedelta(days=DUE_SOON_DAYS))
        .order_by("review_date", "title")
    )


def review_status(resource: ResourcePage, today: date | None = None) -> str:
    """ "Past review date by 12 days", "Due today" or "Due in 5 days"."""
    today = today or timezone.localdate()
    days = (resource.review_date - today).days
    if days < 0:
        return f"Past review date by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "Due today"
    return f"Due in {days} day{'s' if days != 1 else ''}"


class ReviewDateFilterSet(WagtailFilterSet):
    when = django_filters.ChoiceFilter(
        label="Show",
        choices=[(PAST, "Past their review date"), (DUE_SOON, f"Due within {DUE_SOON_DAYS} days")],
        empty_label="Both",
        method="filter_when",
    )
    resource_type = django_filters.ChoiceFilter(
        label="Type", choices=ResourcePage.ResourceType.choices, empty_label="Any type"
    )

    class Meta:
        model = ResourcePage
        fields = ["when", "resource_type"]

    def filter_when(self, queryset, name, value):
        today = timezone.localdate()
        if value == PAST:
            return queryset.filter(review_date__lt=today)
        if value == DUE_SOON:
            return queryset.filter(review_date__gte=today)
        return queryset


class ReviewDatesView(FormulaSafeExportMixin, ReportView):
    page_title = "Resources to review"
    header_icon = "date"
    model = ResourcePage
    filterset_class = ReviewDateFilterSet
    index_url_name = "website_review_dates"
    index_results_url_name = "website_review_dates_results"
    no_results_message = f"No resource is past its review date or due for review in the next {DUE_SOON_DAYS} days."
    columns = [
        TitleColumn("title", label="Resource", url_name="wagtailadmin_pages:edit"),
        Column("resource_type", label="Type", accessor="get_resource_type_display"),
        Column("review_date", label="Review date", accessor=lambda page: f"{page.review_date:%-d %B %Y}"),
        StatusTagColumn(
            "review_status",
            label="Status",
            accessor=review_status,
            primary=lambda page: page.review_date < timezone.localdate(),
        ),
    ]
    list_export = ["title", "get_resource_type_display", "review_date", "review_status", "full_url"]
    export_headings = {
        "title": "Resource",
        "get_resource_type_display": "Type",
        "review_date": "Review date",
        "review_status": "Status",
        "full_url": "Address",
    }

    def dispatch(self, request, *args, **kwargs):
        if not is_business_unit(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return resources_to_review()

    def get_filename(self):
        return f"resources-to-review-{timezone.localdate():%Y-%m-%d}"

    def to_row_dict(self, item):
        item.review_status = review_status(item)
        return super().to_row_dict(item)


class ReviewDatesMenuItem(MenuItem):
    def is_shown(self, request):
        return is_business_unit(request.user)


def menu_item() -> MenuItem:
    return ReviewDatesMenuItem(
        "Resources to review", reverse("website_review_dates"), name="resources-to-review", icon_name="date", order=650
    )
