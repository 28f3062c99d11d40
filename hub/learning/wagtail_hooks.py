"""The learning records in the staff back office: the "Learning" menu of the Wagtail admin.

Each part lists its viewsets in ``<part>/admin.py`` as ``VIEWSETS``; they share one menu.
"""

from __future__ import annotations

from importlib import import_module

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup

from hub.core.viewsets import BackOfficeViewSet, narrowed_index_view
from hub.learning.apps import AREAS
from hub.learning.common import Grade, GradingScheme


class GradingSchemeViewSet(BackOfficeViewSet):
    name = "learning_gradingscheme"
    url_prefix = "learning/grading-schemes"
    model = GradingScheme
    icon = "list-ol"
    menu_label = "Grading schemes"
    menu_order = 90
    form_fields = ["name", "description"]
    list_display = ["name", Column("grade_labels", label="Grades, best first")]
    search_fields = ["name"]
    index_view_class = narrowed_index_view(lambda queryset: queryset.prefetch_related("grades"))


class GradeViewSet(BackOfficeViewSet):
    name = "learning_grade"
    url_prefix = "learning/grades"
    model = Grade
    icon = "tag"
    menu_label = "Grades"
    menu_order = 91
    form_fields = ["scheme", "position", "code", "label", "description", "colour"]
    list_display = [
        Column("scheme", label="Scheme", accessor="scheme", sort_key="scheme__name"),
        "position",
        "label",
        "code",
    ]
    list_filter = ["scheme"]
    search_fields = ["label", "code"]
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("scheme"))


class LearningViewSetGroup(ViewSetGroup):
    menu_label = "Learning"
    menu_icon = "clipboard-list"
    menu_order = 260
    items = (
        *(viewset for area in AREAS for viewset in import_module(f"hub.learning.{area}.admin").VIEWSETS),
        GradingSchemeViewSet,
        GradeViewSet,
    )


@hooks.register("register_admin_viewset")
def register_learning_viewsets():
    return LearningViewSetGroup()
