"""Case review routes under /reviews/."""

from django.urls import path

from hub.reviews import death_views, views

app_name = "reviews"

urlpatterns = [
    path("reviews/", views.overview, name="overview"),
    path("reviews/clocks/", views.clock_dashboard, name="clocks"),
    path("reviews/notifications/new/", views.notification_new, name="notification-new"),
    path("reviews/notifications/<uuid:uuid>/", views.notification_detail, name="notification"),
    path("reviews/notifications/<uuid:uuid>/edit/", views.notification_edit, name="notification-edit"),
    path("reviews/rapid-reviews/<uuid:uuid>/summaries/", views.request_summaries, name="request-summaries"),
    path("reviews/rapid-reviews/<uuid:uuid>/decision/", views.decision, name="decision"),
    path("reviews/rapid-reviews/<uuid:uuid>/national-panel/", views.panel_response, name="panel-response"),
    path("reviews/summaries/<uuid:uuid>/", views.summary, name="summary"),
    path("reviews/practice/new/", views.practice_review_new, name="practice-review-new"),
    path("reviews/practice/<uuid:uuid>/", views.practice_review_detail, name="practice-review"),
    path("reviews/practice/<uuid:uuid>/edit/", views.practice_review_edit, name="practice-review-edit"),
    path("reviews/practice/<uuid:uuid>/publish/", views.practice_review_publish, name="practice-review-publish"),
    path("reviews/practice/<uuid:uuid>/monitoring/", views.monitoring_new, name="monitoring-new"),
    path("reviews/practice/<uuid:uuid>/recommendations/", views.recommendation_new, name="recommendation-new"),
    path(
        "reviews/practice/<uuid:uuid>/recommendations/<int:number>/action/",
        views.recommendation_action,
        name="recommendation-action",
    ),
    path("reviews/practice/<uuid:uuid>/learning-events/", views.learning_event_new, name="learning-event-new"),
    path("reviews/national/", views.national_reviews, name="national-reviews"),
    path("reviews/national/new/", views.national_review_form, name="national-review-new"),
    path("reviews/national/<uuid:uuid>/", views.national_review_detail, name="national-review"),
    path("reviews/national/<uuid:uuid>/edit/", views.national_review_form, name="national-review-edit"),
    path("reviews/national/<uuid:uuid>/action/", views.national_review_action, name="national-review-action"),
    path("reviews/child-deaths/", death_views.death_list, name="child-deaths"),
    path("reviews/child-deaths/new/", death_views.death_new, name="child-death-new"),
    path("reviews/child-deaths/export/", death_views.export_reviews, name="child-death-export"),
    path("reviews/child-deaths/themes/new/", death_views.thematic_new, name="thematic-review-new"),
    path("reviews/child-deaths/themes/<uuid:uuid>/", death_views.thematic_detail, name="thematic-review"),
    path("reviews/child-deaths/<uuid:uuid>/", death_views.death_detail, name="child-death"),
    path("reviews/child-deaths/<uuid:uuid>/edit/", death_views.death_edit, name="child-death-edit"),
    path("reviews/child-deaths/<uuid:uuid>/progress/", death_views.death_progress, name="child-death-progress"),
    path("reviews/child-deaths/<uuid:uuid>/nhs-number/", death_views.nhs_number, name="child-death-nhs-number"),
    path("reviews/child-deaths/<uuid:uuid>/reporting/", death_views.reporting_new, name="reporting-new"),
    path(
        "reviews/child-deaths/<uuid:uuid>/reporting/<uuid:reporting_uuid>/",
        death_views.reporting_received,
        name="reporting-received",
    ),
    path("reviews/child-deaths/<uuid:uuid>/analysis/", death_views.analysis, name="child-death-analysis"),
    path("reviews/child-deaths/<uuid:uuid>/action/", death_views.death_action, name="child-death-action"),
    path("reviews/<str:kind>/<uuid:uuid>/access-log/", views.access_log, name="access-log"),
]
