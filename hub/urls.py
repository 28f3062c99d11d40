from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from hub.core.api import api_urls
from hub.core.views import pages

urlpatterns = [
    path("", include("hub.core.urls")),
    path("account/groups/", include("hub.governance.urls")),
    path("", include("hub.training.urls")),
    path("", include("hub.website.urls")),
    path("", include("hub.scorecards.urls")),
    path("", include("hub.learning.urls")),
    path("", include("hub.restraint.urls")),
    path("", include("hub.reviews.urls")),
    path("", include("hub.tools.urls")),
    path("", include("hub.reports.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api_urls()),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves the public site's pages; it must come last.
urlpatterns.append(path("", include(wagtail_urls)))

handler400 = pages.bad_request
handler403 = pages.forbidden
handler404 = pages.page_not_found
handler500 = pages.server_error
