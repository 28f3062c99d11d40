"""Performance routes under /performance/: returns, dashboards, indicators and exception reports."""

from django.urls import path

from hub.scorecards import enquiry_views, views

app_name = "scorecards"

urlpatterns = [
    path("performance/", views.dashboard, name="dashboard"),
    path("performance/indicators/<str:code>/", views.indicator_detail, name="indicator"),
    path("performance/returns/", views.returns, name="returns"),
    path("performance/returns/start/<slug:agency_code>/<slug:period_key>/", views.return_start, name="return-start"),
    path("performance/returns/<uuid:uuid>/", views.return_detail, name="return"),
    path("performance/returns/<uuid:uuid>/template/", views.return_template, name="return-template"),
    path("performance/returns/<uuid:uuid>/upload/", views.return_upload, name="return-upload"),
    path(
        "performance/returns/<uuid:uuid>/upload/<uuid:upload>/",
        views.return_upload_confirm,
        name="return-upload-confirm",
    ),
    path("performance/returns/<uuid:uuid>/submit/", views.return_submit, name="return-submit"),
    path("performance/returns/<uuid:uuid>/approve/", views.return_approve, name="return-approve"),
    path("performance/returns/<uuid:uuid>/send-back/", views.return_send_back, name="return-send-back"),
    path("performance/returns/<uuid:uuid>/exception/", views.return_exception, name="return-exception"),
    path("performance/exception-reports/", views.exception_reports, name="exception-reports"),
    path("performance/exception-reports/<slug:period_key>/", views.exception_report, name="exception-report"),
    path(
        "performance/exception-reports/<slug:period_key>/pdf/",
        views.exception_report_download,
        name="exception-report-pdf",
    ),
    path(
        "performance/exception-reports/<slug:period_key>/generate/",
        views.exception_report_generate,
        name="exception-report-generate",
    ),
    path(
        "performance/exception-reports/<slug:period_key>/table/",
        views.exception_report_table,
        name="exception-report-table",
    ),
    path("performance/exception-entries/<uuid:uuid>/", views.exception_entry_analysis, name="exception-entry"),
    # Lines of enquiry
    path("performance/enquiries/", enquiry_views.enquiry_list, name="enquiries"),
    path("performance/enquiries/<uuid:uuid>/", enquiry_views.enquiry_detail, name="enquiry"),
    path("performance/exception-entries/<uuid:uuid>/enquiry/", enquiry_views.enquiry_open, name="enquiry-open"),
    path(
        "performance/enquiries/<uuid:uuid>/answer/<slug:agency_code>/",
        enquiry_views.enquiry_answer,
        name="enquiry-answer",
    ),
    path("performance/enquiries/<uuid:uuid>/findings/", enquiry_views.enquiry_findings, name="enquiry-findings"),
    path("performance/enquiries/<uuid:uuid>/action/", enquiry_views.enquiry_action, name="enquiry-action"),
    path("performance/enquiries/<uuid:uuid>/close/", enquiry_views.enquiry_close, name="enquiry-close"),
    # End of lines of enquiry
]
