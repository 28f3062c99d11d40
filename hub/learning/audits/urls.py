"""Audit routes, under /learning/ (see ``hub.learning.urls``)."""

from django.urls import path

from hub.learning.audits import views

urlpatterns = [
    path("audits/", views.audits, name="audits"),
    path("audits/returns/", views.audit_returns, name="audit-returns"),
    path("audits/returns/<uuid:uuid>/", views.audit_return, name="audit-return"),
    path("audits/returns/<uuid:uuid>/reopen/", views.audit_return_reopen, name="audit-return-reopen"),
    path("audits/audit/<uuid:uuid>/", views.audit_detail, name="audit"),
    path("audits/audit/<uuid:uuid>/stage/", views.audit_status, name="audit-status"),
    path("audits/audit/<uuid:uuid>/cases/add/", views.case_add, name="audit-case-add"),
    path("audits/audit/<uuid:uuid>/findings/add/", views.finding_add, name="audit-finding-add"),
    path("audits/audit/<uuid:uuid>/report/", views.findings_report, name="audit-report"),
    path("audits/audit/<uuid:uuid>/report/pdf/", views.findings_report_pdf, name="audit-report-pdf"),
    path("audits/audit/<uuid:uuid>/report/meeting/", views.findings_report_table, name="audit-report-table"),
    path("audits/cases/<uuid:uuid>/remove/", views.case_remove, name="audit-case-remove"),
    path("audits/cases/<uuid:uuid>/moderation/", views.case_moderation, name="audit-case-moderation"),
    path("audits/findings/<uuid:uuid>/", views.finding_detail, name="finding"),
    path("audits/findings/<uuid:uuid>/change/", views.finding_edit, name="finding-edit"),
    path("audits/findings/<uuid:uuid>/action/", views.finding_action, name="finding-action"),
    path("audits/<slug:year_slug>/", views.programme, name="audit-programme"),
    path("audits/<slug:year_slug>/pdf/", views.programme_pdf, name="audit-programme-pdf"),
    path("audits/<slug:year_slug>/meeting/", views.programme_table, name="audit-programme-table"),
    path("recurring-themes/", views.recurring_themes, name="recurring-themes"),
]
