"""How the booking journeys and /account/training/ answer each persona (see hub.testing.Route).

Booking pages are for anyone signed in (a person without an agency is told why they cannot
book, on the page). A booking is seen and changed only by its delegate (the practitioner
persona here): everyone else gets 404. Offer and approval links work without signing in for
whoever holds the link, and a tampered link gets a page that says so. The approval pages in the
account area are for the line manager the booking names (the manager persona).

POST routes are sent an empty form: where that would change something for an allowed persona,
the route is set up so it cannot (a course needing approval asks for the manager's address),
or the change is the expected answer (cancelling redirects).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hub.testing import ANONYMOUS, Route
from hub.training import notifications
from hub.training.models import Booking
from hub.training.tests.factories import (
    make_booking,
    make_course,
    make_course_waiting_list_entry,
    make_event,
    make_week,
)

SIGNED_IN = {ANONYMOUS: 302, "*": 200}
DELEGATE_ONLY = {ANONYMOUS: 302, "practitioner": 200, "*": 404}
EVERYONE = {"*": 200}


def _event(personas):
    return {"uuid": make_event(make_course()).uuid}


def _approval_event(personas):
    return {"uuid": make_event(make_course(needs_manager_approval=True)).uuid}


def _unpublished_event(personas):
    return {"uuid": make_event(make_course(is_published=False)).uuid}


def _full_course(personas):
    course = make_course(needs_manager_approval=True)
    event = make_event(course, capacity=1)
    make_booking(event)
    return {"slug": course.slug}


def _week(personas):
    week = make_week(is_published=True)
    make_event(make_course(), week=week, starts_at=timezone.now() + timedelta(days=40))
    return {"slug": week.slug}


def _booking(personas, **fields):
    return make_booking(make_event(make_course()), personas.practitioner, **fields)


def _confirmed(personas):
    return {"uuid": _booking(personas).uuid}


def _offered(personas):
    return {"uuid": _booking(personas, status=Booking.Status.OFFERED).uuid}


def _offer_link(personas):
    return {"token": notifications.offer_token(_booking(personas, status=Booking.Status.OFFERED))}


def _tampered_offer_link(personas):
    token = notifications.offer_token(_booking(personas, status=Booking.Status.OFFERED))
    return {"token": token[:-2] + ("AA" if not token.endswith("AA") else "BB")}


def _approval_booking(personas) -> Booking:
    event = make_event(make_course(needs_manager_approval=True))
    return make_booking(
        event,
        personas.practitioner,
        status=Booking.Status.PENDING_APPROVAL,
        holds_place=True,
        manager_email=personas.manager.email,
    )


def _approval_link(personas):
    return {"token": notifications.approval_token(_approval_booking(personas))}


def _tampered_approval_link(personas):
    return {"token": "not-a-real-token"}


def _approval(personas):
    return {"uuid": _approval_booking(personas).uuid}


def _course_entry(personas):
    return {"uuid": make_course_waiting_list_entry(make_course(), personas.practitioner).uuid}


ROUTES = [
    # Booking
    Route("training:event-book", SIGNED_IN, kwargs=_event),
    Route("training:event-book", SIGNED_IN, kwargs=_approval_event, method="POST"),
    Route("training:event-book", {ANONYMOUS: 302, "business_unit": 200, "*": 404}, kwargs=_unpublished_event),
    Route("training:course-wait", SIGNED_IN, kwargs=_full_course),
    Route("training:course-wait", SIGNED_IN, kwargs=_full_course, method="POST"),
    Route("training:week-book", SIGNED_IN, kwargs=_week),
    Route("training:week-book", SIGNED_IN, kwargs=_week, method="POST"),
    Route("training:offer-respond", EVERYONE, kwargs=_offer_link),
    Route("training:offer-respond", EVERYONE, kwargs=_tampered_offer_link),
    Route("training:offer-respond", EVERYONE, kwargs=_tampered_offer_link, method="POST"),
    Route("training:approval-respond", EVERYONE, kwargs=_approval_link),
    Route("training:approval-respond", EVERYONE, kwargs=_approval_link, method="POST"),
    Route("training:approval-respond", EVERYONE, kwargs=_tampered_approval_link),
    # Account
    Route("training:my-training", SIGNED_IN),
    Route("training:booking-detail", DELEGATE_ONLY, kwargs=_confirmed),
    Route("training:booking-ics", DELEGATE_ONLY, kwargs=_confirmed),
    Route("training:booking-cancel", DELEGATE_ONLY, kwargs=_confirmed),
    Route("training:booking-cancel", {ANONYMOUS: 302, "practitioner": 302, "*": 404}, kwargs=_confirmed, method="POST"),
    Route("training:booking-substitute", DELEGATE_ONLY, kwargs=_confirmed),
    Route("training:booking-substitute", DELEGATE_ONLY, kwargs=_confirmed, method="POST"),
    Route("training:booking-offer", DELEGATE_ONLY, kwargs=_offered),
    Route("training:booking-offer", DELEGATE_ONLY, kwargs=_offered, method="POST"),
    Route("training:course-wait-leave", DELEGATE_ONLY, kwargs=_course_entry),
    Route(
        "training:course-wait-leave",
        {ANONYMOUS: 302, "practitioner": 302, "*": 404},
        kwargs=_course_entry,
        method="POST",
    ),
    Route("training:approvals", SIGNED_IN),
    Route("training:approval-detail", {ANONYMOUS: 302, "manager": 200, "*": 404}, kwargs=_approval),
    Route("training:approval-detail", {ANONYMOUS: 302, "manager": 200, "*": 404}, kwargs=_approval, method="POST"),
]
