"""How the yearly report pages answer each persona (see hub.testing.Route).

Until sign-off and publication, the report is for people who read across the partnership: the
business unit, the executive and the independent scrutineer. Everyone else gets 404.
"""

from hub.testing import ANONYMOUS, Route

READERS = {ANONYMOUS: 302, "business_unit": 200, "scrutineer": 200, "executive": 200, "*": 404}
# Only the business unit writes the narrative; executives and the scrutineer read it in the report.
WRITERS = {ANONYMOUS: 302, "business_unit": 200, "*": 404}
WRITERS_POST = {ANONYMOUS: 302, "business_unit": 400, "*": 404}


def _year(personas):
    return {"year_slug": "2021-22"}


def _chapter(personas):
    return {"year_slug": "2021-22", "chapter_slug": "whats-next"}


def _slot(personas):
    return {"year_slug": "2021-22", "section_slug": "governance.budget", "slot": "no-such-slot"}


ROUTES = [
    Route("reports:index", READERS),
    Route("reports:report", READERS, kwargs=_year),
    Route("reports:report-pdf", READERS, kwargs=_year),
    Route("reports:narrative", READERS, kwargs=_year),
    Route("reports:checklist", WRITERS, kwargs=_year),
    # An empty form names no item: the business unit is sent back to the checklist.
    Route("reports:checklist", {ANONYMOUS: 302, "business_unit": 302, "*": 404}, kwargs=_year, method="POST"),
    Route("reports:narrative-chapter", WRITERS, kwargs=_chapter),
    Route("reports:narrative-chapter", WRITERS_POST, kwargs=_chapter, method="POST"),
    # The section and its slot come from a provider; a slot the year's report lacks is not found.
    Route("reports:narrative-slot", {ANONYMOUS: 302, "*": 404}, kwargs=_slot),
]
