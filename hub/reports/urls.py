"""Yearly report routes under /reports/."""

from django.urls import path

from hub.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.index, name="index"),
    path("reports/<str:year_slug>/", views.report, name="report"),
    path("reports/<str:year_slug>/report.pdf", views.report_pdf, name="report-pdf"),
]
