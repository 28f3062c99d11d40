"""Section 11 routes, under /learning/ in the ``learning`` namespace."""

from django.urls import path

from hub.learning.section11 import views

urlpatterns = [
    path("section-11/", views.home, name="section11-home"),
    path("section-11/assessments/<uuid:uuid>/", views.assessment_detail, name="section11-assessment"),
    path(
        "section-11/assessments/<uuid:uuid>/standards/<int:number>/",
        views.standard_edit,
        name="section11-standard",
    ),
    path("section-11/assessments/<uuid:uuid>/submit/", views.assessment_submit, name="section11-submit"),
    path("section-11/assessments/<uuid:uuid>/moderate/", views.moderate, name="section11-moderate"),
    path("section-11/assessments/<uuid:uuid>/return/", views.assessment_return, name="section11-return"),
    path("section-11/assessments/<uuid:uuid>/action/", views.action_raise, name="section11-action"),
    path("section-11/evidence/<uuid:uuid>/", views.evidence_download, name="section11-evidence"),
    path("section-11/evidence/<uuid:uuid>/remove/", views.evidence_remove, name="section11-evidence-remove"),
    path("section-11/challenge-sessions/<uuid:uuid>/", views.challenge_detail, name="section11-challenge"),
    path("section-11/<slug:year>/", views.round_dashboard, name="section11-round"),
    path("section-11/<slug:year>/open/", views.round_open, name="section11-round-open"),
    path("section-11/<slug:year>/challenge-sessions/new/", views.challenge_create, name="section11-challenge-new"),
]
