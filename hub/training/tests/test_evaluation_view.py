"""The evaluation form: only for the delegate, only after attendance, once; then the certificate."""

from datetime import timedelta

import pytest
from django.urls import reverse

from hub.core.audit import entries_for
from hub.testing import make_user
from hub.training.models import Booking, Certificate, Evaluation
from hub.training.tests.factories import make_booking, make_course, make_event

pytestmark = pytest.mark.django_db

ANSWERS = {
    "confidence_before": "3",
    "confidence_after": "8",
    "content_rating": "5",
    "trainer_rating": "4",
    "materials_rating": "4",
    "overall_rating": "5",
    "will_do_differently": "Use the harm matrix in supervision with every worker.",
    "comments": "More case studies, please.",
}


@pytest.fixture
def past_event(frozen_now):
    course = make_course("Cumulative harm and risk assessment")
    return make_event(course, starts_at=frozen_now - timedelta(days=2))


def _url(booking) -> str:
    return reverse("training:evaluate", kwargs={"uuid": booking.uuid})


def test_the_delegate_who_attended_sees_the_form(client_for, personas, past_event):
    booking = make_booking(past_event, personas.practitioner, status=Booking.Status.ATTENDED)
    html = client_for(personas.practitioner).get(_url(booking)).content.decode()
    assert "Evaluate the course" in html
    assert "Cumulative harm and risk assessment, 29 April 2025" in html
    assert html.count('name="confidence_before" type="radio"') == 10
    assert html.count('name="overall_rating" type="radio"') == 5
    assert "When you have sent your evaluation you can download your certificate." in html


def test_sending_the_evaluation_stores_it_and_releases_the_certificate(client_for, personas, past_event):
    booking = make_booking(past_event, personas.practitioner, status=Booking.Status.ATTENDED)
    response = client_for(personas.practitioner).post(_url(booking), ANSWERS, follow=True)
    evaluation = Evaluation.objects.get(booking=booking)
    assert (evaluation.confidence_before, evaluation.confidence_after, evaluation.confidence_shift) == (3, 8, 5)
    assert evaluation.will_do_differently == ANSWERS["will_do_differently"]
    assert Certificate.objects.filter(booking=booking).exists()
    html = response.content.decode()
    assert "Thank you. Your evaluation has been sent" in html
    assert reverse("training:certificate", kwargs={"uuid": booking.uuid}) in html
    assert "3 months after the course we will ask you" in html
    assert [entry.action for entry in entries_for(booking)] == [
        "training.certificate.issued",
        "training.evaluation.submitted",
    ]


def test_a_missing_answer_is_shown_with_a_govuk_error(client_for, personas, past_event):
    booking = make_booking(past_event, personas.practitioner, status=Booking.Status.ATTENDED)
    answers = {**ANSWERS, "confidence_after": "", "will_do_differently": "  ", "trainer_rating": "9"}
    response = client_for(personas.practitioner).post(_url(booking), answers)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "Select how confident you feel now" in html
    assert "Enter what you will do differently in your work" in html
    assert "Select a rating for the trainer" in html
    assert 'href="#id_confidence_after_0"' in html
    # What was answered is kept.
    assert 'name="confidence_before" type="radio" value="3" checked' in html
    assert not Evaluation.objects.exists()


def test_partly_attending_lets_you_evaluate_but_gives_no_certificate(client_for, personas, past_event):
    booking = make_booking(past_event, personas.practitioner, status=Booking.Status.PARTLY_ATTENDED)
    client = client_for(personas.practitioner)
    assert "Certificates are issued for the whole course only" in client.get(_url(booking)).content.decode()
    response = client.post(_url(booking), ANSWERS, follow=True)
    assert Evaluation.objects.filter(booking=booking).exists()
    assert not Certificate.objects.exists()
    html = response.content.decode()
    assert "there is no certificate for this booking" in html
    assert reverse("training:certificate", kwargs={"uuid": booking.uuid}) not in html


@pytest.mark.parametrize(
    ("status", "explanation"),
    [
        (Booking.Status.CONFIRMED, "once the trainer has marked the register to show you attended"),
        (Booking.Status.NO_SHOW, "The register shows you did not attend this course"),
    ],
)
def test_before_attendance_the_page_explains_and_the_form_is_refused(
    client_for, personas, past_event, status, explanation
):
    booking = make_booking(past_event, personas.practitioner, status=status)
    client = client_for(personas.practitioner)
    html = client.get(_url(booking)).content.decode()
    assert "You cannot evaluate this course yet" in html
    assert explanation in html
    assert 'type="radio"' not in html
    client.post(_url(booking), ANSWERS)
    assert not Evaluation.objects.exists()


def test_an_evaluated_course_cannot_be_evaluated_again(client_for, personas, past_event):
    booking = make_booking(past_event, personas.practitioner, status=Booking.Status.ATTENDED)
    client = client_for(personas.practitioner)
    client.post(_url(booking), ANSWERS)
    response = client.post(_url(booking), {**ANSWERS, "overall_rating": "1"})
    assert "You have evaluated this course" in response.content.decode()
    assert Evaluation.objects.get().overall_rating == 5


def test_nobody_can_evaluate_someone_elses_booking(client_for, personas, past_event):
    colleague = make_user(agency=personas.agency_a)
    booking = make_booking(past_event, colleague, status=Booking.Status.ATTENDED)
    for person in (personas.practitioner, personas.manager, personas.business_unit):
        client = client_for(person)
        assert client.get(_url(booking)).status_code == 404
        assert client.post(_url(booking), ANSWERS).status_code == 404
    assert not Evaluation.objects.exists()
