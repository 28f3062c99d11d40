"""The scorecard records in the staff back office: the "Performance" menu of the Wagtail admin.

Indicators and their definitions per year, reporting periods and deadlines, benchmarks, change
points (new process limits, with the reason), and key figures are edited here. Returns are
listed read only: they change through the front-end pages (``/performance/returns/``), where
the workflow, validation and audit live. Scorecard settings are under Settings.
"""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup

from hub.core.viewsets import BackOfficeViewSet, narrowed_index_view
from hub.scorecards.models import (
    Benchmark,
    ChangePoint,
    Indicator,
    IndicatorVersion,
    KeyFigure,
    KeyFigureSet,
    ReportingPeriod,
    Return,
)


class IndicatorViewSet(BackOfficeViewSet):
    name = "scorecards_indicator"
    url_prefix = "performance/indicators"
    model = Indicator
    icon = "tag"
    menu_label = "Indicators"
    menu_order = 1
    form_fields = ["code", "active"]
    list_display = ["code", Column("__str__", label="Name"), BooleanColumn("active", label="Collected")]
    list_filter = ["active"]
    search_fields = ["code", "versions__name"]
    list_export = ["code", "__str__", "active"]
    export_filename = "indicators"
    inspect_view_fields = ["code", "active"]
    index_view_class = narrowed_index_view(lambda queryset: queryset.prefetch_related("versions"))


class IndicatorVersionViewSet(BackOfficeViewSet):
    name = "scorecards_indicatorversion"
    url_prefix = "performance/definitions"
    model = IndicatorVersion
    icon = "doc-full"
    menu_label = "Definitions by year"
    menu_order = 2
    form_fields = [
        "indicator",
        "year",
        "name",
        "definition",
        "numerator_definition",
        "denominator_definition",
        "unit",
        "polarity",
        "frequency",
        "agency",
        "reporting_agencies",
        "themes",
        "target",
        "target_low",
        "target_high",
        "annual_target",
        "tolerance",
        "data_source",
        "headline",
        "minimum",
        "maximum",
        "change_factor",
        "change_importance",
        "freeze_after",
    ]
    list_display = [
        Column("indicator", label="Code", accessor="indicator.code", sort_key="indicator__code"),
        "name",
        Column("year", label="From year", sort_key="year"),
        Column("polarity", label="Good is", accessor="get_polarity_display"),
        Column("agency", label="Responsible agency", sort_key="agency__name"),
        BooleanColumn("headline", label="Headline"),
    ]
    list_filter = ["polarity", "unit", "agency", "headline", "year"]
    search_fields = ["name", "indicator__code", "definition"]
    list_export = [
        "indicator.code",
        "year",
        "name",
        "definition",
        "numerator_definition",
        "denominator_definition",
        "unit",
        "polarity",
        "agency",
        "target",
        "data_source",
    ]
    export_headings = {"indicator.code": "Code"}
    export_filename = "indicator-definitions"
    inspect_view_fields = list(form_fields)
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("indicator", "agency"))


class ReportingPeriodViewSet(BackOfficeViewSet):
    name = "scorecards_reportingperiod"
    url_prefix = "performance/periods"
    model = ReportingPeriod
    icon = "date"
    menu_label = "Reporting periods"
    menu_order = 3
    form_fields = ["key", "label", "frequency", "start", "end", "deadline"]
    list_display = [
        "label",
        DateColumn("start", label="Starts", sort_key="start"),
        DateColumn("end", label="Ends", sort_key="end"),
        DateColumn("deadline", label="Returns due", sort_key="deadline"),
    ]
    list_filter = ["frequency"]
    search_fields = ["label", "key"]
    list_export = ["key", "label", "frequency", "start", "end", "deadline"]
    export_filename = "reporting-periods"
    inspect_view_fields = list(form_fields)


class BenchmarkViewSet(BackOfficeViewSet):
    name = "scorecards_benchmark"
    url_prefix = "performance/benchmarks"
    model = Benchmark
    icon = "order"
    menu_label = "Benchmarks"
    menu_order = 4
    form_fields = ["indicator", "year", "source", "value"]
    list_display = [
        Column("indicator", label="Indicator", accessor="indicator.code", sort_key="indicator__code"),
        Column("year", label="Year", sort_key="year"),
        Column("source", label="Comparator", accessor="get_source_display"),
        Column("value", label="Value"),
    ]
    list_filter = ["source", "year"]
    search_fields = ["indicator__code"]
    list_export = ["indicator.code", "year", "get_source_display", "value"]
    export_headings = {"indicator.code": "Code", "get_source_display": "Comparator"}
    export_filename = "benchmarks"
    inspect_view_fields = list(form_fields)
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("indicator"))


class ChangePointCreateView(generic.CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.recorded_by = self.request.user
        instance.save()
        self.form.save_m2m()
        return instance


class ChangePointViewSet(BackOfficeViewSet):
    name = "scorecards_changepoint"
    url_prefix = "performance/change-points"
    model = ChangePoint
    icon = "redirect"
    menu_label = "New process limits"
    menu_order = 5
    add_view_class = ChangePointCreateView
    form_fields = ["indicator", "agency", "period", "reason"]
    list_display = [
        Column("indicator", label="Indicator", accessor="indicator.code", sort_key="indicator__code"),
        Column("period", label="From", sort_key="period__start"),
        Column("agency", label="Agency"),
        Column("recorded_by", label="Recorded by"),
    ]
    search_fields = ["indicator__code", "reason"]
    list_export = ["indicator.code", "period", "agency", "reason", "recorded_by", "recorded_at"]
    export_headings = {"indicator.code": "Code"}
    export_filename = "change-points"
    inspect_view_fields = ["indicator", "agency", "period", "reason", "recorded_by", "recorded_at"]
    index_view_class = narrowed_index_view(
        lambda queryset: queryset.select_related("indicator", "period", "agency", "recorded_by")
    )


class KeyFigureSetViewSet(BackOfficeViewSet):
    name = "scorecards_keyfigureset"
    url_prefix = "performance/key-figure-sets"
    model = KeyFigureSet
    icon = "list-ul"
    menu_label = "Key figure datasets"
    menu_order = 6
    form_fields = ["slug", "title", "as_at", "source"]
    list_display = ["title", DateColumn("as_at", label="As at", sort_key="as_at")]
    search_fields = ["title", "slug"]
    list_export = ["slug", "title", "as_at", "source"]
    export_filename = "key-figure-datasets"
    inspect_view_fields = list(form_fields)


class KeyFigureViewSet(BackOfficeViewSet):
    name = "scorecards_keyfigure"
    url_prefix = "performance/key-figures"
    model = KeyFigure
    icon = "list-ol"
    menu_label = "Key figures"
    menu_order = 7
    form_fields = ["figure_set", "group", "label", "value", "unit", "source", "order"]
    list_display = [
        "label",
        Column("group", label="Group"),
        Column("value", label="Value"),
        Column("figure_set", label="Dataset"),
    ]
    list_filter = ["figure_set"]
    search_fields = ["label", "group"]
    list_export = ["figure_set", "group", "label", "value", "unit", "source"]
    export_filename = "key-figures"
    inspect_view_fields = list(form_fields)
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("figure_set"))


class ReturnViewSet(BackOfficeViewSet):
    """Read only: returns change through the front-end workflow."""

    name = "scorecards_return"
    url_prefix = "performance/returns"
    model = Return
    icon = "form"
    menu_label = "Returns"
    menu_order = 8
    form_fields = []
    list_display = [
        Column("agency", label="Agency", sort_key="agency__name"),
        Column("period", label="Period", sort_key="period__start"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        DateColumn("submitted_at", label="Submitted", sort_key="submitted_at"),
    ]
    list_filter = ["status", "agency", "period"]
    search_fields = ["agency__name", "period__label"]
    list_export = ["agency", "period", "get_status_display", "submitted_at", "decided_at", "returned_reason"]
    export_headings = {"get_status_display": "Status"}
    export_filename = "returns"
    inspect_view_fields = ["agency", "period", "status", "submitted_at", "submitted_by", "decided_at", "decided_by"]
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("agency", "period"))
    add_view_enabled = False
    edit_view_enabled = False
    delete_view_enabled = False


class PerformanceViewSetGroup(ViewSetGroup):
    menu_label = "Performance"
    menu_icon = "table"
    menu_order = 230
    items = (
        IndicatorViewSet,
        IndicatorVersionViewSet,
        ReportingPeriodViewSet,
        BenchmarkViewSet,
        ChangePointViewSet,
        KeyFigureSetViewSet,
        KeyFigureViewSet,
        ReturnViewSet,
    )


@hooks.register("register_admin_viewset")
def register_performance_viewsets():
    return PerformanceViewSetGroup()
