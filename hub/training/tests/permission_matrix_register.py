"""How the register, charges, evaluation, certificate and impact pages answer each persona (see hub.testing.Route).

None of the standard personas is a trainer, so trainers are covered by the view tests; here the
delegate is the practitioner persona, the business unit runs registers, charges and the impact
summary, and everyone else gets 404. The certificate check is public.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from hub.testing import ANONYMOUS, Route, make_user
from hub.training.models import Booking, Certificate, Charge, Evaluation, ImpactRequest
from hub.training.tests.factories import make_booking, make_course, make_event, make_week

BUSINESS_UNIT_ONLY = {ANONYMOUS: 302, "business_unit": 200, "*": 404}
DELEGATE_ONLY = {ANONYMOUS: 302, "practitioner": 200, "*": 404}
EVERYONE = {"*": 200}


def _past_event(**fields):
    course = make_course(trainers=[make_user()], non_attendance_charge=Decimal("50"), **fields)
    return make_event(course, starts_at=timezone.now() - timedelta(days=7))


def _event(personas):
    event = _past_event()
    make_booking(event, make_user(agency=personas.agency_a))
    return {"uuid": event.uuid}


def _charge(personas):
    booking = make_booking(_past_event(), make_user(agency=personas.agency_a), status=Booking.Status.NO_SHOW)
    charge = Charge.objects.create(
        booking=booking, reason=Charge.Reason.NO_SHOW, amount=Decimal("50"), agency=personas.agency_a
    )
    return {"uuid": charge.uuid}


def _attended_booking(personas):
    return make_booking(_past_event(), personas.practitioner, status=Booking.Status.ATTENDED)


def _to_evaluate(personas):
    return {"uuid": _attended_booking(personas).uuid}


def _evaluation(booking):
    return Evaluation.objects.create(
        booking=booking,
        confidence_before=4,
        confidence_after=8,
        content_rating=5,
        trainer_rating=5,
        materials_rating=4,
        overall_rating=5,
        will_do_differently="Ask about the child's daily life in every visit.",
    )


def _certificate(personas):
    booking = _attended_booking(personas)
    _evaluation(booking)
    Certificate.objects.create(booking=booking)
    return {"uuid": booking.uuid}


def _code(personas):
    booking = _attended_booking(personas)
    _evaluation(booking)
    return {"code": Certificate.objects.create(booking=booking).verification_code}


def _impact_request(personas):
    booking = _attended_booking(personas)
    request = ImpactRequest.objects.create(booking=booking, due_on=timezone.localdate(), sent_at=timezone.now())
    return {"uuid": request.uuid}


def _impact_response(personas):
    from hub.training.models import ImpactResponse

    booking = _attended_booking(personas)
    request = ImpactRequest.objects.create(booking=booking, due_on=timezone.localdate(), sent_at=timezone.now())
    response = ImpactResponse.objects.create(
        request=request, practice_change="I use the chronology tool.", difference_for_children="Plans are clearer."
    )
    return {"uuid": response.uuid}


def _week(personas):
    week = make_week(starts_on=timezone.localdate() - timedelta(days=10))
    event = _past_event()
    event.week = week
    event.save(update_fields=["week"])
    make_booking(event, personas.practitioner, status=Booking.Status.ATTENDED)
    return {"slug": week.slug}


ROUTES = [
    Route("training:trainer-events", BUSINESS_UNIT_ONLY),
    Route("training:register", BUSINESS_UNIT_ONLY, kwargs=_event),
    # An empty register changes nothing: the business unit is sent back to the register.
    Route("training:register", {ANONYMOUS: 302, "business_unit": 302, "*": 404}, kwargs=_event, method="POST"),
    Route("training:charges", BUSINESS_UNIT_ONLY),
    Route("training:charges", BUSINESS_UNIT_ONLY, query="year=2021-22&period=q2"),
    Route("training:charges-export-csv", BUSINESS_UNIT_ONLY),
    Route("training:charges-export-xlsx", BUSINESS_UNIT_ONLY),
    Route("training:charge-waive", BUSINESS_UNIT_ONLY, kwargs=_charge),
    Route("training:charge-waive", BUSINESS_UNIT_ONLY, kwargs=_charge, method="POST"),
    Route("training:evaluate", DELEGATE_ONLY, kwargs=_to_evaluate),
    Route("training:evaluate", DELEGATE_ONLY, kwargs=_to_evaluate, method="POST"),
    Route("training:certificate", DELEGATE_ONLY, kwargs=_certificate),
    # Before evaluating there is no certificate, even for the delegate.
    Route("training:certificate", {ANONYMOUS: 302, "*": 404}, kwargs=_to_evaluate),
    Route("training:certificate-verify", EVERYONE),
    Route("training:certificate-verify", EVERYONE, query="code=abc"),
    Route("training:certificate-check", EVERYONE, kwargs=_code),
    Route("training:certificate-check", {"*": 404}, kwargs=lambda personas: {"code": "ABCDEFGHJKMN"}),
    Route("training:impact-respond", DELEGATE_ONLY, kwargs=_impact_request),
    Route("training:impact-respond", DELEGATE_ONLY, kwargs=_impact_request, method="POST"),
    Route("training:impact-summary", BUSINESS_UNIT_ONLY),
    Route(
        "training:impact-quote-choose",
        {ANONYMOUS: 302, "business_unit": 302, "*": 404},
        kwargs=_impact_response,
        method="POST",
    ),
    Route("training:week-evaluate", DELEGATE_ONLY, kwargs=_week),
    Route("training:week-evaluate", DELEGATE_ONLY, kwargs=_week, method="POST"),
]
