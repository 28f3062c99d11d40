"""Website routes served by Django views rather than by Wagtail pages.

They are included before Wagtail's catch-all, so they win over a page with the same path.
Each area keeps its routes in its own block.
"""

from django.urls import path

from hub.website.views import bulletins, library, pages

app_name = "website"

urlpatterns = [
    # Pages: What's New feed
    path("news/feed/", pages.news_feed, name="news-feed"),
    # End of pages
    # Resource library: downloads, briefing use, search
    path("resources/<str:slug>/download/", library.resource_download, name="resource-download"),
    path("resources/<str:slug>/used-this-briefing/", library.briefing_use, name="briefing-use"),
    path(
        "resources/<str:slug>/used-this-briefing/<uuid:use_uuid>/",
        library.briefing_use_done,
        name="briefing-use-done",
    ),
    path("search/", library.search, name="search"),
    # End of resource library
    # E-bulletins: subscriptions, confirmation, preferences, unsubscribe
    path("bulletins/subscribe/", bulletins.subscribe, name="bulletin-subscribe"),
    path("bulletins/subscribe/check-your-email/", bulletins.subscribe_done, name="bulletin-subscribe-done"),
    path("bulletins/subscribe/confirm/<str:token>/", bulletins.confirm, name="bulletin-confirm"),
    path("bulletins/preferences/<str:token>/", bulletins.preferences, name="bulletin-preferences"),
    path("bulletins/unsubscribe/<str:token>/", bulletins.unsubscribe, name="bulletin-unsubscribe"),
    # End of e-bulletins
]
