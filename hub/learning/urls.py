"""Learning routes under /learning/. Each part keeps its own ``urlpatterns``; names share one namespace."""

from django.urls import include, path

from hub.learning import views
from hub.learning.assurance.urls import urlpatterns as assurance_urls
from hub.learning.audits.urls import urlpatterns as audits_urls
from hub.learning.scrutiny.urls import urlpatterns as scrutiny_urls
from hub.learning.section11.urls import urlpatterns as section11_urls
from hub.learning.surveys.urls import urlpatterns as surveys_urls
from hub.learning.themes.urls import urlpatterns as themes_urls

app_name = "learning"

urlpatterns = [
    path("learning/", views.home, name="home"),
    path(
        "learning/",
        include([*audits_urls, *themes_urls, *section11_urls, *surveys_urls, *assurance_urls, *scrutiny_urls]),
    ),
]
