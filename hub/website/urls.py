"""Website routes served by Django views rather than by Wagtail pages.

They are included before Wagtail's catch-all, so they win over a page with the same path.
Each area keeps its routes in its own block.
"""

from django.urls import path  # noqa: F401  (each block adds its paths)

from hub.website.views import bulletins, library, pages  # noqa: F401

app_name = "website"

urlpatterns = [
    # Pages: What's New feed
    # Resource library: downloads, briefing use, search
    # E-bulletins: subscriptions, confirmation, preferences, unsubscribe
]
