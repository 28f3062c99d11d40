"""How the public programme's pages answer each persona (see hub.testing.Route).

The programme is public: published courses, their events, the level guidance and published
safeguarding weeks answer everyone. Unpublished courses and weeks are for the business unit only
(a course's trainers too, covered in test_programme_course.py); everyone else gets 404.

The events API (/api/v1/events/, /api/v1/bookings/) is outside the matrix, like the rest of the
API; test_api_events.py and test_api_bookings.py cover who may call it.
"""

from __future__ import annotations

from hub.testing import ANONYMOUS, Route
from hub.training.tests.factories import make_course, make_event, make_week

EVERYONE = {ANONYMOUS: 200, "*": 200}
BUSINESS_UNIT_ONLY = {"business_unit": 200, "*": 404}


def _course(personas):
    course = make_course("Matrix course")
    make_event(course)
    return {"slug": course.slug}


def _draft_course(personas):
    return {"slug": make_course("Matrix draft course", is_published=False).slug}


def _event(personas):
    return {"uuid": make_event(make_course("Matrix event course")).uuid}


def _draft_event(personas):
    return {"uuid": make_event(make_course("Matrix draft event course", is_published=False)).uuid}


def _week(personas):
    week = make_week("Matrix week", is_published=True)
    make_event(make_course("Matrix week session"), week=week)
    return {"slug": week.slug}


def _draft_week(personas):
    return {"slug": make_week("Matrix draft week", is_published=False).slug}


ROUTES = [
    Route("training:programme", EVERYONE),
    Route("training:programme", EVERYONE, query="theme=no-such-theme&month=1999-01&availability=places&page=9"),
    Route("training:levels", EVERYONE),
    Route("training:dates", EVERYONE),
    Route("training:dates", EVERYONE, query="level=9&page=0"),
    Route("training:course", EVERYONE, kwargs=_course),
    Route("training:course", BUSINESS_UNIT_ONLY, kwargs=_draft_course),
    Route("training:event", EVERYONE, kwargs=_event),
    Route("training:event", BUSINESS_UNIT_ONLY, kwargs=_draft_event),
    Route("training:week", EVERYONE, kwargs=_week),
    Route("training:week", BUSINESS_UNIT_ONLY, kwargs=_draft_week),
]
