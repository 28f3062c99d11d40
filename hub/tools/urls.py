"""Practitioner tool routes, under /tools/."""

from django.urls import path

from hub.tools import views

app_name = "tools"

urlpatterns = [
    path("tools/", views.index, name="index"),
    path("tools/sexual-behaviour/", views.guide, name="guide"),
    path("tools/sexual-behaviour/<slug:slug>/", views.guide_age_band, name="guide-age-band"),
    path("tools/harm-matrix/", views.harm_matrix, name="harm-matrix"),
    path("tools/chronology/", views.chronology, name="chronology"),
    path("tools/chronology/download/", views.chronology_download, name="chronology-download"),
    path("tools/chronology/template.<str:extension>", views.chronology_template, name="chronology-template"),
    path("tools/scaling/", views.scaling, name="scaling"),
]
