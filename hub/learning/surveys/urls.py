"""Practitioner survey routes, under /learning/ (see hub/learning/urls.py for the namespace)."""

from django.urls import path

from hub.learning.surveys import views

urlpatterns = [
    path("surveys/", views.survey_list, name="survey-list"),
    path("surveys/<uuid:uuid>/", views.survey_results, name="survey-results"),
    path("surveys/<uuid:uuid>/responses.csv", views.survey_export, name="survey-export"),
    path("surveys/<uuid:uuid>/open/", views.survey_open, name="survey-open"),
    path("surveys/<uuid:uuid>/close/", views.survey_close, name="survey-close"),
    path("surveys/respond/<str:token>/", views.survey_respond, name="survey-respond"),
    path("surveys/respond/<str:token>/thank-you/", views.survey_thanks, name="survey-thanks"),
]
