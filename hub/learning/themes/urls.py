"""Improvement themes and cycles, under /learning/ (names in the ``learning`` namespace)."""

from django.urls import path

from hub.learning.themes import views

urlpatterns = [
    path("improvement/", views.improvement_list, name="improvement-list"),
    path("improvement/<slug:slug>/", views.improvement_theme, name="improvement-theme"),
    path("improvement-cycles/", views.cycle_list, name="cycle-list"),
    path("improvement-cycles/new/", views.cycle_create, name="cycle-create"),
    path("improvement-cycles/<uuid:uuid>/", views.cycle_detail, name="cycle"),
    path("improvement-cycles/<uuid:uuid>/change/", views.cycle_edit, name="cycle-edit"),
    path("improvement-cycles/<uuid:uuid>/endorse/", views.cycle_endorse, name="cycle-endorse"),
    path("improvement-cycles/<uuid:uuid>/start/", views.cycle_start, name="cycle-start"),
    path("improvement-cycles/<uuid:uuid>/review/", views.cycle_review, name="cycle-review"),
]
