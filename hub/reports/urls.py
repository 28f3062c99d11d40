"""Yearly report routes under /reports/."""

from django.urls import path

from hub.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.index, name="index"),
    path("reports/<str:year_slug>/", views.report, name="report"),
    path("reports/<str:year_slug>/pdf/", views.prepare_pdf, name="pdf"),
    path("reports/<str:year_slug>/pdf/<uuid:run_uuid>/", views.pdf_progress, name="pdf-progress"),
    path("reports/<str:year_slug>/pdf/<uuid:run_uuid>/download/", views.pdf_download, name="pdf-download"),
    path("reports/<str:year_slug>/narrative/", views.narrative_list, name="narrative"),
    path("reports/<str:year_slug>/checklist/", views.checklist, name="checklist"),
    path("reports/<str:year_slug>/sign-off/", views.sign_off, name="sign-off"),
    path("reports/<str:year_slug>/sign-off/start/", views.sign_off_start, name="sign-off-start"),
    path("reports/<str:year_slug>/sign-off/decide/", views.sign_off_decide, name="sign-off-decide"),
    path("reports/<str:year_slug>/publish/", views.publish, name="publish"),
    path("reports/<str:year_slug>/sending/", views.sending, name="sending"),
    path(
        "reports/<str:year_slug>/narrative/chapters/<slug:chapter_slug>/",
        views.narrative_chapter,
        name="narrative-chapter",
    ),
    path(
        "reports/<str:year_slug>/narrative/sections/<str:section_slug>/<slug:slot>/",
        views.narrative_slot,
        name="narrative-slot",
    ),
]
