"""Permission matrix for the website's page-type routes: the What's New feed, open to everyone.

The pages themselves (home, audience, topic, What's New, procedures, content pages) are served by
Wagtail's page view, not by named URL patterns; test_pages_*.py open each one as anonymous and
signed-in visitors.
"""

from hub.testing import Route

ROUTES = [
    Route("website:news-feed", {"*": 200}),
]
