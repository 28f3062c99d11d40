"""Restraint routes under /restraint/."""

from django.urls import path

from hub.restraint import views

app_name = "restraint"

urlpatterns = [
    path("restraint/", views.overview, name="overview"),
    path("restraint/incidents/", views.incident_list, name="incidents"),
    path("restraint/incidents/new/", views.incident_new, name="incident-new"),
    path("restraint/incidents/<uuid:uuid>/", views.incident_detail, name="incident"),
    path("restraint/incidents/<uuid:uuid>/edit/", views.incident_edit, name="incident-edit"),
    path("restraint/returns/", views.import_upload, name="import-upload"),
    path("restraint/returns/template.<str:kind>", views.import_template, name="import-template"),
    path("restraint/returns/<uuid:uuid>/", views.import_detail, name="import"),
    path("restraint/scrutiny/", views.session_list, name="sessions"),
    path("restraint/scrutiny/new/", views.session_new, name="session-new"),
    path("restraint/scrutiny/<uuid:uuid>/", views.session_detail, name="session"),
    path("restraint/scrutiny/<uuid:uuid>/edit/", views.session_edit, name="session-edit"),
    path("restraint/scrutiny/<uuid:uuid>/draw/", views.session_draw, name="session-draw"),
    path("restraint/scrutiny/<uuid:uuid>/complete/", views.session_complete, name="session-complete"),
    path("restraint/scrutiny/<uuid:uuid>/samples/<uuid:sample_uuid>/", views.sample_verify, name="sample-verify"),
    path("restraint/scrutiny/<uuid:uuid>/reviews/<uuid:item_uuid>/", views.review, name="review"),
    path("restraint/scrutiny/<uuid:uuid>/reviews/<uuid:item_uuid>/action/", views.review_action, name="review-action"),
]
