"""How each governance page answers each persona (see hub.testing.Route).

None of the standard personas sits on a group, so members are covered by the view tests; here
the business unit sees ordinary groups, the executive role sees the Executive only, and everyone
else gets 404.
"""

from __future__ import annotations

from datetime import date

from hub.governance.models import BudgetYear, Contribution, DevelopmentSession
from hub.governance.services import add_paper
from hub.governance.tests.factories import make_group, make_meeting, pdf_bytes, upload
from hub.testing import ANONYMOUS, Route

BUSINESS_UNIT_ONLY = {ANONYMOUS: 302, "business_unit": 200, "*": 404}


def _group(personas):
    return {"slug": make_group().slug}


def _executive(personas):
    return {"slug": make_group("Matrix Executive", is_executive=True).slug}


def _meeting(personas):
    meeting = make_meeting(make_group())
    return {"slug": meeting.group.slug, "meeting_uuid": meeting.uuid}


def _paper(personas):
    meeting = make_meeting(make_group())
    paper = add_paper(actor=None, meeting=meeting, title="Matrix paper", file=upload("matrix.pdf", pdf_bytes()))
    return {"slug": meeting.group.slug, "paper_uuid": paper.uuid}


def _budget(personas):
    budget = BudgetYear.objects.create(start_year=2021)
    Contribution.objects.create(budget_year=budget, label="Matrix", amount=1)
    return {"year": "2021-22"}


def _sessions(personas):
    DevelopmentSession.objects.create(held_on=date(2021, 4, 21), topic="Matrix session")
    return {}


ROUTES = [
    Route("governance:my-groups", {ANONYMOUS: 302, "*": 200}),
    Route("governance:group-detail", BUSINESS_UNIT_ONLY, kwargs=_group),
    Route(
        "governance:group-detail", {ANONYMOUS: 302, "business_unit": 200, "executive": 200, "*": 404}, kwargs=_executive
    ),
    Route("governance:meeting-detail", BUSINESS_UNIT_ONLY, kwargs=_meeting),
    Route("governance:meeting-ics", BUSINESS_UNIT_ONLY, kwargs=_meeting),
    Route("governance:paper-add", BUSINESS_UNIT_ONLY, kwargs=_meeting),
    Route("governance:paper-add", BUSINESS_UNIT_ONLY, kwargs=_meeting, method="POST"),
    Route("governance:paper-download", BUSINESS_UNIT_ONLY, kwargs=_paper),
    Route("governance:budget", {ANONYMOUS: 302, "business_unit": 200, "executive": 200, "*": 404}, kwargs=_budget),
    Route("governance:development-sessions", {ANONYMOUS: 302, "outsider": 404, "*": 200}, kwargs=_sessions),
]

ROUTES += [
    Route("governance:decision-add", BUSINESS_UNIT_ONLY, kwargs=_meeting),
    Route("governance:decision-add", BUSINESS_UNIT_ONLY, kwargs=_meeting, method="POST"),
]
