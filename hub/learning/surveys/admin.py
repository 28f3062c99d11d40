"""Practitioner surveys in the back office: surveys, their questions, and the responses (read only).

Surveys open and close on their results page (``/learning/surveys/<uuid>/``), where the change
is confirmed and logged, so the status is not edited here. A response can be deleted, for
example when someone wrote a child's name in a written answer despite the warning; it can never
be edited.
"""

from __future__ import annotations

from django.db.models import Count
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permissions import register_permission_policy

from hub.core.viewsets import BackOfficeViewSet, narrowed_index_view
from hub.core.wagtail_hooks import RestrictedPolicy
from hub.learning.surveys.forms import SurveyQuestionForm
from hub.learning.surveys.models import Survey, SurveyQuestion, SurveyResponse

# Responses arrive only through a survey's link and are never changed, superusers included.
register_permission_policy(SurveyResponse, RestrictedPolicy(SurveyResponse, refused={"add", "change"}))


class SurveyViewSet(BackOfficeViewSet):
    name = "learning_survey"
    url_prefix = "learning/surveys"
    model = Survey
    icon = "clipboard-list"
    menu_label = "Practitioner surveys"
    menu_order = 40
    form_fields = ["title", "year", "introduction", "thank_you", "opens_at", "closes_at"]
    list_display = [
        "title",
        Column("year", label="Year", accessor="financial_year", sort_key="year"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        DateColumn("opens_at", label="Opens", sort_key="opens_at"),
        DateColumn("closes_at", label="Closes", sort_key="closes_at"),
        Column("response_count", label="Responses", sort_key="response_count"),
    ]
    list_filter = ["status", "year"]
    search_fields = ["title"]
    list_export = ["title", "year", "get_status_display", "opens_at", "closes_at", "response_count"]
    export_headings = {"get_status_display": "Status", "response_count": "Responses"}
    export_filename = "practitioner-surveys"
    inspect_view_fields = ["title", "year", "status", "introduction", "thank_you", "opens_at", "closes_at"]
    index_view_class = narrowed_index_view(lambda queryset: queryset.annotate(response_count=Count("responses")))


class SurveyQuestionViewSet(BackOfficeViewSet):
    name = "learning_surveyquestion"
    url_prefix = "learning/survey-questions"
    model = SurveyQuestion
    icon = "help"
    menu_label = "Survey questions"
    menu_order = 41
    form_fields = SurveyQuestionForm.Meta.fields
    list_display = [
        Column("text", label="Question", sort_key="text"),
        Column("survey", label="Survey", sort_key="survey__title"),
        Column("position", label="Order", sort_key="position"),
        Column("kind", label="Kind", accessor="get_kind_display", sort_key="kind"),
    ]
    list_filter = ["survey", "kind"]
    search_fields = ["text"]
    list_export = ["survey", "position", "text", "help_text", "get_kind_display", "required", "options"]
    export_headings = {"get_kind_display": "Kind", "help_text": "Hint"}
    export_filename = "practitioner-survey-questions"
    inspect_view_fields = list(SurveyQuestionForm.Meta.fields)
    ordering = ["survey", "position", "id"]
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("survey"))

    def get_form_class(self, for_update=False):
        return SurveyQuestionForm


class SurveyResponseViewSet(BackOfficeViewSet):
    """Read only: responses come only through the survey's link."""

    name = "learning_surveyresponse"
    url_prefix = "learning/survey-responses"
    model = SurveyResponse
    icon = "form"
    menu_label = "Survey responses"
    menu_order = 42
    form_fields = []
    list_display = [
        DateColumn("submitted_at", label="Sent", sort_key="submitted_at"),
        Column("survey", label="Survey", sort_key="survey__title"),
        Column("agency", label="Agency", sort_key="agency__name"),
        Column("sector", label="Sector", accessor="get_sector_display", sort_key="sector"),
        Column("role", label="Role", accessor="get_role_display", sort_key="role"),
    ]
    list_filter = ["survey", "sector"]
    search_fields = ["survey__title"]
    list_export = ["survey", "submitted_at", "agency", "get_sector_display", "get_role_display"]
    export_headings = {"get_sector_display": "Sector", "get_role_display": "Role", "submitted_at": "Sent"}
    export_filename = "practitioner-survey-responses"
    inspect_view_fields = ["survey", "submitted_at", "agency", "sector", "role", "answers"]
    ordering = ["-submitted_at", "-id"]
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("survey", "agency"))


VIEWSETS: tuple = (SurveyViewSet, SurveyQuestionViewSet, SurveyResponseViewSet)
