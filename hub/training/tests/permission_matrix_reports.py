"""How the training reports and their exports answer each persona (see hub.testing.Route): business unit only."""

from __future__ import annotations

from hub.testing import ANONYMOUS, Route

BUSINESS_UNIT_ONLY = {ANONYMOUS: 302, "business_unit": 200, "*": 404}


def _table(fmt):
    return lambda personas: {"table": "uptake-agency", "fmt": fmt}


ROUTES = [
    Route("training:reports", BUSINESS_UNIT_ONLY),
    Route("training:reports", BUSINESS_UNIT_ONLY, query="year=2021-22"),
    Route("training:reports", BUSINESS_UNIT_ONLY, query="year=nonsense"),
    Route("training:report-export", BUSINESS_UNIT_ONLY, kwargs=_table("csv")),
    Route("training:report-export", BUSINESS_UNIT_ONLY, kwargs=_table("xlsx")),
    Route("training:report-export", {ANONYMOUS: 302, "*": 404}, kwargs=lambda personas: {"table": "x", "fmt": "csv"}),
    Route("training:report-export", {ANONYMOUS: 302, "*": 404}, kwargs=_table("pdf")),
]
