"""Permission matrix for the pages every visitor can open: health check and the site's notices."""

from hub.testing import Route

ROUTES = [
    Route("core:healthz", {"*": 200}),
    Route("core:accessibility-statement", {"*": 200}),
    Route("core:privacy", {"*": 200}),
    Route("core:cookies", {"*": 200}),
]
