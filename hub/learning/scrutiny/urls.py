"""Independent scrutiny routes, relative to /learning/."""

from django.urls import path

from hub.learning.scrutiny import views

urlpatterns = [
    path("scrutiny/", views.overview, name="scrutiny"),
    path("scrutiny/challenges/", views.challenge_list, name="scrutiny-challenges"),
    path("scrutiny/challenges/new/", views.challenge_new, name="scrutiny-challenge-new"),
    path("scrutiny/challenges/<uuid:uuid>/", views.challenge_detail, name="scrutiny-challenge"),
    path("scrutiny/challenges/<uuid:uuid>/edit/", views.challenge_edit, name="scrutiny-challenge-edit"),
    path("scrutiny/challenges/<uuid:uuid>/respond/", views.challenge_respond, name="scrutiny-challenge-respond"),
    path("scrutiny/challenges/<uuid:uuid>/close/", views.challenge_close, name="scrutiny-challenge-close"),
    path("scrutiny/reviews/new/", views.review_new, name="scrutiny-review-new"),
    path("scrutiny/reviews/<uuid:uuid>/", views.review_detail, name="scrutiny-review"),
    path("scrutiny/reviews/<uuid:uuid>/edit/", views.review_edit, name="scrutiny-review-edit"),
    path("scrutiny/reviews/<uuid:uuid>/action/", views.review_action, name="scrutiny-review-action"),
    path("scrutiny/plan/new/", views.plan_new, name="scrutiny-plan-new"),
    path("scrutiny/plan/<uuid:uuid>/edit/", views.plan_edit, name="scrutiny-plan-edit"),
    path("scrutiny/statements/<str:year>/", views.statement, name="scrutiny-statement"),
    path("scrutiny/statements/<str:year>/edit/", views.statement_edit, name="scrutiny-statement-edit"),
    path("scrutiny/statements/<str:year>/sign-off/", views.statement_sign_off, name="scrutiny-statement-sign-off"),
]
