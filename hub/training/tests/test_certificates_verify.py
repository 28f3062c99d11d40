"""The public certificate check: anyone with the code sees the course, the date and the delegate's initials."""

from datetime import timedelta

import pytest
from django.urls import reverse

from hub.testing import make_user
from hub.training.models import Booking, Certificate
from hub.training.tests.factories import make_booking, make_course, make_event

pytestmark = pytest.mark.django_db

VERIFY = reverse("training:certificate-verify")


@pytest.fixture
def certificate(personas, frozen_now):
    person = make_user(
        "jo.anne.whitfield@example.org", first_name="Jo Anne", last_name="Whitfield", agency=personas.agency_b
    )
    event = make_event(
        make_course("Child sexual abuse: signs and indicators"), starts_at=frozen_now - timedelta(days=8)
    )
    booking = make_booking(event, person, status=Booking.Status.ATTENDED)
    return Certificate.objects.create(booking=booking, verification_code="ABCDEFGHJKMN")


def _check(code: str) -> str:
    return reverse("training:certificate-check", kwargs={"code": code})


def test_the_form_sends_a_code_to_its_result_page(client, certificate):
    response = client.get(VERIFY, {"code": " abcd-efgh-jkmn "})
    assert response.status_code == 302
    assert response["Location"] == _check("ABCDEFGHJKMN")


def test_the_result_shows_only_course_date_and_initials(client, certificate):
    response = client.get(_check("ABCDEFGHJKMN"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This certificate is genuine" in html
    assert "Child sexual abuse: signs and indicators" in html
    assert "23 April 2025" in html
    assert "J. A. Whitfield" in html
    assert "ABCD-EFGH-JKMN" in html
    # Minimal disclosure: no first name, e-mail address or agency.
    assert "Jo Anne" not in html
    assert "jo.anne.whitfield@example.org" not in html
    assert "Agency B" not in html


def test_a_lower_case_or_dashed_code_goes_to_the_canonical_page(client, certificate):
    response = client.get(_check("abcd-efgh-jkmn"))
    assert response.status_code == 302
    assert response["Location"] == _check("ABCDEFGHJKMN")


def test_an_unknown_code_says_so_with_a_404(client, certificate):
    response = client.get(_check("ABCDEFGHJKMP"))
    assert response.status_code == 404
    html = response.content.decode()
    assert "No certificate has this code" in html
    assert "J. A. Whitfield" not in html


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter the verification code"),
        ("ABC", "Enter the verification code as it is printed on the certificate"),
        ("ABCDEFGHJKM0", "Enter the verification code as it is printed on the certificate"),
        ("A" * 41, "Enter the verification code as it is printed on the certificate"),
    ],
)
def test_a_malformed_code_gets_a_clear_error(client, code, message):
    response = client.get(VERIFY, {"code": code})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html


def test_the_check_works_for_signed_in_people_too(client_for, personas, certificate):
    assert client_for(personas.spoc_a).get(_check("ABCDEFGHJKMN")).status_code == 200


def test_a_code_of_only_dashes_is_not_found_rather_than_an_error(client):
    response = client.get(_check("---"))
    assert response.status_code == 404
    assert "No certificate has this code" in response.content.decode()
