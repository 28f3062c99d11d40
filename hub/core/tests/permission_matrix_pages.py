"""Permission matrix for the pages every visitor can open: health check and the cookies page.

The accessibility statement and privacy notice are website pages (hub/website/tests/permission_matrix_pages.py).
"""

from hub.testing import Route

ROUTES = [
    Route("core:healthz", {"*": 200}),
    Route("core:cookies", {"*": 200}),
]
