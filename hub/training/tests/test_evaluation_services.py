"""``submit_evaluation`` and ``issue_certificate``: the rules behind the evaluation form."""

from datetime import timedelta

import pytest

from hub.core.errors import DomainError
from hub.testing import make_user
from hub.training.models import Booking, Certificate, Evaluation
from hub.training.services import issue_certificate, submit_evaluation
from hub.training.tests.factories import make_booking, make_event

pytestmark = pytest.mark.django_db

ANSWERS = {
    "confidence_before": 4,
    "confidence_after": 7,
    "content_rating": 4,
    "trainer_rating": 5,
    "materials_rating": 3,
    "overall_rating": 4,
    "will_do_differently": "Record the child's own words.",
}


@pytest.fixture
def attended(frozen_now):
    event = make_event(starts_at=frozen_now - timedelta(days=1))
    return make_booking(event, make_user(), status=Booking.Status.ATTENDED)


def test_the_delegate_evaluates_and_gets_a_certificate_with_a_readable_code(attended, frozen_now):
    evaluation = submit_evaluation(booking=attended, actor=attended.person, comments="  Good  ", **ANSWERS)
    assert evaluation.submitted_at == frozen_now
    assert evaluation.comments == "Good"
    certificate = Certificate.objects.get(booking=attended)
    assert len(certificate.verification_code) == 12
    assert not set(certificate.verification_code) & set("01ILO")


def test_only_the_delegate_can_evaluate(attended):
    with pytest.raises(DomainError, match="Only the delegate"):
        submit_evaluation(booking=attended, actor=make_user(), **ANSWERS)
    with pytest.raises(DomainError, match="Only the delegate"):
        submit_evaluation(booking=attended, actor=None, **ANSWERS)
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("confidence_before", 0, "Select a number from 1 to 10"),
        ("confidence_after", 11, "Select a number from 1 to 10"),
        ("overall_rating", 6, "Select a rating from 1 to 5"),
        ("trainer_rating", True, "Select a rating from 1 to 5"),
        ("will_do_differently", "   ", "Enter what you will do differently in your work"),
    ],
)
def test_answers_out_of_range_are_refused_naming_the_field(attended, field, value, message):
    with pytest.raises(DomainError, match=message) as error:
        submit_evaluation(booking=attended, actor=attended.person, **{**ANSWERS, field: value})
    assert error.value.field == field


@pytest.mark.parametrize(
    "status", [Booking.Status.CONFIRMED, Booking.Status.NO_SHOW, Booking.Status.CANCELLED, Booking.Status.WAITLISTED]
)
def test_only_after_attending(status, frozen_now):
    booking = make_booking(make_event(starts_at=frozen_now - timedelta(days=1)), make_user(), status=status)
    with pytest.raises(DomainError, match="once the register shows you attended"):
        submit_evaluation(booking=booking, actor=booking.person, **ANSWERS)


def test_once_per_booking(attended):
    submit_evaluation(booking=attended, actor=attended.person, **ANSWERS)
    with pytest.raises(DomainError, match="already evaluated"):
        submit_evaluation(booking=attended, actor=attended.person, **ANSWERS)
    assert Evaluation.objects.count() == 1


def test_a_certificate_is_issued_once(attended):
    submit_evaluation(booking=attended, actor=attended.person, **ANSWERS)
    first = Certificate.objects.get()
    assert issue_certificate(booking=attended) == first
    assert Certificate.objects.count() == 1


def test_no_certificate_before_the_evaluation(attended):
    with pytest.raises(DomainError, match="once the course has been evaluated"):
        issue_certificate(booking=attended)


def test_no_certificate_for_part_of_a_course(frozen_now):
    booking = make_booking(
        make_event(starts_at=frozen_now - timedelta(days=1)), make_user(), status=Booking.Status.PARTLY_ATTENDED
    )
    submit_evaluation(booking=booking, actor=booking.person, **ANSWERS)
    assert not Certificate.objects.exists()
    with pytest.raises(DomainError, match="attended the whole course"):
        issue_certificate(booking=booking)
