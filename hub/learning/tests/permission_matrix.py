"""How the learning home page answers each persona: anyone with a part of the learning work to see."""

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
]
