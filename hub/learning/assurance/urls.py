"""Assurance report routes, relative to /learning/."""

from django.urls import path

from hub.learning.assurance import views

urlpatterns = [
    path("assurance/", views.plan, name="assurance"),
    path("assurance/plan/<uuid:uuid>/start/", views.start, name="assurance-start"),
    path("assurance/reports/<uuid:uuid>/", views.report_detail, name="assurance-report"),
    path("assurance/reports/<uuid:uuid>/edit/", views.report_edit, name="assurance-report-edit"),
    path("assurance/reports/<uuid:uuid>/submit/", views.report_submit, name="assurance-report-submit"),
    path("assurance/reports/<uuid:uuid>/pdf/", views.report_pdf, name="assurance-report-pdf"),
    path("assurance/reports/<uuid:uuid>/questions/new/", views.question_new, name="assurance-question-new"),
    path("assurance/questions/<uuid:uuid>/respond/", views.question_respond, name="assurance-question-respond"),
    path("assurance/reports/<uuid:uuid>/consideration/", views.consider, name="assurance-report-consider"),
    path("assurance/reports/<uuid:uuid>/action/", views.report_action, name="assurance-report-action"),
    path("assurance/reports/<uuid:uuid>/table/", views.report_table, name="assurance-report-table"),
]
