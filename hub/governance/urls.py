from django.urls import path

from hub.governance import views

app_name = "governance"

# Mounted at /account/groups/. Fixed paths come before the group pages; their words are
# reserved so that no group can take them as its slug (see models.RESERVED_SLUGS).
urlpatterns = [
    path("", views.my_groups, name="my-groups"),
    path("budget/<str:year>/", views.budget, name="budget"),
    path("development-sessions/", views.development_sessions, name="development-sessions"),
    path("<slug:slug>/", views.group_detail, name="group-detail"),
    path("<slug:slug>/meetings/<uuid:meeting_uuid>/", views.meeting_detail, name="meeting-detail"),
    path("<slug:slug>/meetings/<uuid:meeting_uuid>/invitation.ics", views.meeting_ics, name="meeting-ics"),
    path("<slug:slug>/meetings/<uuid:meeting_uuid>/papers/add/", views.paper_add, name="paper-add"),
    path("<slug:slug>/meetings/<uuid:meeting_uuid>/decisions/add/", views.decision_add, name="decision-add"),
    path("<slug:slug>/papers/<uuid:paper_uuid>/", views.paper_download, name="paper-download"),
]
