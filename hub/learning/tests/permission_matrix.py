"""How the learning pages answer each persona. Each part keeps its routes beside its tests; the
core matrix test finds this module, so every part's ``ROUTES`` is gathered here."""

from hub.learning.tests.assurance.permission_matrix import ROUTES as ASSURANCE_ROUTES
from hub.learning.tests.scrutiny.permission_matrix import ROUTES as SCRUTINY_ROUTES
from hub.learning.tests.section11.permission_matrix import ROUTES as SECTION11_ROUTES
from hub.learning.tests.surveys.permission_matrix import ROUTES as SURVEY_ROUTES
from hub.learning.tests.themes.permission_matrix import ROUTES as THEME_ROUTES
from hub.testing import ANONYMOUS, Route

ROUTES = [
    Route(
        "learning:home",
        {
            ANONYMOUS: 302,
            "business_unit": 200,
            "scrutineer": 200,
            "executive": 200,
            "spoc_a": 200,
            "spoc_b": 200,
            "*": 404,
        },
    ),
    *SECTION11_ROUTES,
    *ASSURANCE_ROUTES,
    *SCRUTINY_ROUTES,
    *SURVEY_ROUTES,
    *THEME_ROUTES,
]
