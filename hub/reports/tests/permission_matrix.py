"""How the yearly report pages answer each persona (see hub.testing.Route).

Until sign-off and publication, the report is for people who read across the partnership: the
business unit, the executive and the independent scrutineer. Everyone else gets 404.
"""

from hub.testing import ANONYMOUS, Route

READERS = {ANONYMOUS: 302, "business_unit": 200, "scrutineer": 200, "executive": 200, "*": 404}


def _year(personas):
    return {"year_slug": "2021-22"}


ROUTES = [
    Route("reports:index", READERS),
    Route("reports:report", READERS, kwargs=_year),
    Route("reports:report-pdf", READERS, kwargs=_year),
]
