"""The certificate: a tagged PDF (PDF/UA-1) with course, delegate, dates, hours and a verification code."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from hub.core.models import PartnershipSettings
from hub.testing import make_user
from hub.training.certificates import date_range_text, display_code, facts_for, initials_and_surname
from hub.training.models import Booking, Certificate, Evaluation
from hub.training.tests.factories import make_booking, make_course, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluated(personas, frozen_now):
    settings = PartnershipSettings.load()
    settings.name = "Exampleshire Safeguarding Children Partnership"
    settings.save()
    course = make_course("Harmful sexual behaviour", duration_hours=Decimal("6.5"), slug="hsb")
    event = make_event(course, starts_at=frozen_now - timedelta(days=10), days=2)
    booking = make_booking(event, personas.practitioner, status=Booking.Status.ATTENDED)
    Evaluation.objects.create(
        booking=booking,
        confidence_before=5,
        confidence_after=8,
        content_rating=5,
        trainer_rating=5,
        materials_rating=5,
        overall_rating=5,
        will_do_differently="Use the continuum of sexual behaviours.",
    )
    return booking


def _url(booking) -> str:
    return reverse("training:certificate", kwargs={"uuid": booking.uuid})


def test_the_delegate_downloads_a_tagged_pdf_with_the_facts_and_the_code(client_for, personas, evaluated):
    certificate = Certificate.objects.create(booking=evaluated)
    response = client_for(personas.practitioner).get(_url(evaluated))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="certificate-hsb-{certificate.verification_code}.pdf"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Certificate of attendance" in text
    assert "Harmful sexual behaviour" in text
    assert personas.practitioner.full_name in text
    assert "21 to 22 April 2025" in text
    assert "6.5 hours" in text
    assert display_code(certificate.verification_code) in text
    assert f"/training/certificates/{certificate.verification_code}/" in text
    assert "Exampleshire Safeguarding Children Partnership" in text
    # Tagged for assistive technology: marked content, a structure tree, a language and a title.
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Certificate of attendance: Harmful sexual behaviour"


def test_before_the_evaluation_there_is_no_certificate(client_for, personas, frozen_now):
    booking = make_booking(
        make_event(starts_at=frozen_now - timedelta(days=3)), personas.practitioner, status=Booking.Status.ATTENDED
    )
    assert client_for(personas.practitioner).get(_url(booking)).status_code == 404


def test_nobody_else_can_download_a_delegates_certificate(client_for, personas, evaluated):
    Certificate.objects.create(booking=evaluated)
    for person in (personas.manager, personas.business_unit, make_user()):
        assert client_for(person).get(_url(evaluated)).status_code == 404


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [("Jo Anne", "Smith", "J. A. Smith"), ("jean-luc", "Picard", "J. L. Picard"), ("", "Brook", "Brook")],
)
def test_the_public_name_is_initials_and_surname(first, last, expected):
    assert initials_and_surname(first, last) == expected


def test_dates_are_written_the_govuk_way():
    from datetime import date

    assert date_range_text(date(2025, 6, 3), date(2025, 6, 3)) == "3 June 2025"
    assert date_range_text(date(2025, 6, 3), date(2025, 6, 4)) == "3 to 4 June 2025"
    assert date_range_text(date(2025, 6, 30), date(2025, 7, 1)) == "30 June to 1 July 2025"
    assert date_range_text(date(2025, 12, 31), date(2026, 1, 1)) == "31 December 2025 to 1 January 2026"


def test_a_75_minute_session_is_certified_as_one_and_a_quarter_hours(personas, frozen_now):
    course = make_course("Week session", duration_hours=Decimal("1.25"), slug="week-session")
    course.full_clean()
    event = make_event(course, starts_at=frozen_now - timedelta(days=3))
    booking = make_booking(event, personas.practitioner, status=Booking.Status.ATTENDED)
    certificate = Certificate.objects.create(booking=booking)
    course.refresh_from_db()
    assert course.duration_hours == Decimal("1.25")
    assert facts_for(certificate).hours == "1.25 hours"
