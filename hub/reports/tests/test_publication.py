"""Publication of the signed-off report to the resource library, the public report page, and the
record of sending it to the bodies the guidance names."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse

from hub.core.errors import DomainError
from hub.core.models import AuditEntry
from hub.core.periods import FinancialYear
from hub.reports import signoff
from hub.reports.models import RecipientBody, ReportGeneration, ReportSending, ReportSignOff
from hub.reports.tests.sign_off_support import YEAR, awaiting
from hub.website.models import ResourcePage
from hub.website.tests.factories import build_site

pytestmark = pytest.mark.django_db

State = ReportSignOff.State
NOW = "2022-09-20 10:00"


@pytest.fixture
def site():
    return build_site()


@pytest.fixture
def signed_off(leads, empty_report):
    sign_off = awaiting(leads, approved_by=tuple(leads.all))
    sign_off.state = State.SIGNED_OFF
    sign_off.save()
    return sign_off


@pytest.fixture
def published(signed_off, site, fake_pdf, personas):
    with time_machine.travel(NOW, tick=False):
        return signoff.publish_report(actor=personas.business_unit, year=YEAR, summary="What we did in 2021/22.")


def _text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def _url(name: str) -> str:
    return reverse(name, args=[YEAR.slug])


def test_the_seeded_bodies_follow_the_guidance_of_each_year():
    assert [body.slug for body in signoff.bodies_for(YEAR)] == ["practice-review-panel", "what-works-centre"]
    later = signoff.bodies_for(FinancialYear(2023))
    assert [body.slug for body in later] == ["practice-review-panel", "department-for-education"]
    assert {body.days_after_publication for body in RecipientBody.objects.all()} == {7}
    assert not RecipientBody.objects.filter(verified=True).exists()


def test_the_report_cannot_be_published_before_it_is_signed_off(client_for, personas, leads, site, fake_pdf):
    awaiting(leads)
    response = client_for(personas.business_unit).post(_url("reports:publish"), {"summary": "Text"}, follow=True)
    assert "The report can be published once every lead partner has signed it off." in _text(response)
    with pytest.raises(DomainError, match="once every lead partner has signed it off"):
        signoff.publish_report(actor=personas.business_unit, year=YEAR, summary="Text")
    assert fake_pdf == []
    assert not ResourcePage.objects.exists()
    assert not ReportGeneration.objects.exists()


def test_publishing_needs_a_summary(client_for, personas, signed_off, site, fake_pdf):
    response = client_for(personas.business_unit).post(_url("reports:publish"), {"summary": " "})
    assert response.status_code == 400
    assert "Enter a summary of the report for the resource library" in _text(response)
    assert fake_pdf == []
    assert not ReportGeneration.objects.exists()


def test_the_business_unit_publishes_the_report_as_an_annual_report_in_the_library(
    client_for, personas, signed_off, site, fake_pdf, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        client = client_for(personas.business_unit)
        assert client.get(_url("reports:publish")).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(_url("reports:publish"), {"summary": "What the partners did in 2021/22."})
        run = ReportGeneration.objects.get()
        assert response.url == reverse("reports:pdf-progress", args=[YEAR.slug, run.uuid])
        progress = client.get(response.url)
        status = client.get(_url("reports:sign-off"))
    assert (run.purpose, run.state, run.requested_by) == ("publication", "done", personas.business_unit)
    assert "The report is published" in _text(progress)
    assert AuditEntry.objects.filter(action="reports.report.publication_requested").count() == 1
    signed_off.refresh_from_db()
    assert signed_off.state == State.PUBLISHED
    assert signed_off.published_by == personas.business_unit
    assert signed_off.published_on == date(2022, 9, 20)
    page = ResourcePage.objects.get()
    assert page.get_parent().specific == site.library
    assert page.live
    assert page.slug == "yearly-report-2021-22"
    assert page.resource_type == ResourcePage.ResourceType.ANNUAL_REPORT
    assert page.summary == "What the partners did in 2021/22."
    assert page.publication_date == date(2022, 9, 20)
    assert page.document.file.name.endswith(".pdf")
    assert signed_off.resource_page_id == page.pk
    entry = AuditEntry.objects.get(action="reports.report.published")
    assert entry.data["republished"] is False
    assert len(fake_pdf) == 1
    assert BeautifulSoup(status.content, "html.parser").find("a", href=page.url)
    assert BeautifulSoup(progress.content, "html.parser").find("a", href=page.url)


def test_publishing_again_updates_the_same_page_with_a_new_revision(personas, published, fake_pdf):
    page = ResourcePage.objects.get()
    first_document = page.document_id
    with time_machine.travel("2022-10-03 10:00", tick=False):
        again = signoff.publish_report(actor=personas.business_unit, year=YEAR, summary="Corrected figures.")
    assert ResourcePage.objects.count() == 1
    page.refresh_from_db()
    assert page.document_id != first_document
    assert page.summary == "Corrected figures."
    assert page.revisions.count() == 2
    # The first publication stays the date of record and the start of the sending clock.
    assert (again.published_on, page.publication_date) == (date(2022, 9, 20), date(2022, 9, 20))
    entries = AuditEntry.objects.filter(action="reports.report.published").order_by("pk")
    assert [entry.data["republished"] for entry in entries] == [False, True]


def test_publishing_without_a_resource_library_says_so(personas, signed_off, fake_pdf):
    with pytest.raises(DomainError, match="The website has no resource library page"):
        signoff.publish_report(actor=personas.business_unit, year=YEAR, summary="Text")
    signed_off.refresh_from_db()
    assert signed_off.state == State.SIGNED_OFF


def test_the_real_pdf_is_what_the_library_holds(personas, signed_off, site):
    """The one test that makes the report's real PDF: the library's document is a tagged PDF whose
    text search can find."""
    signoff.publish_report(actor=personas.business_unit, year=YEAR, summary="The year's report.")
    document = ResourcePage.objects.get().document
    with document.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert "2021/22" in document.extracted_text


@pytest.mark.parametrize("persona", ["executive", "scrutineer", "practitioner"])
def test_only_the_business_unit_publishes(client_for, personas, signed_off, site, fake_pdf, persona):
    client = client_for(getattr(personas, persona))
    assert client.post(_url("reports:publish"), {"summary": "Text"}).status_code == 404
    assert not ReportGeneration.objects.exists()
    with pytest.raises(DomainError, match="Only the business unit"):
        signoff.publish_report(actor=getattr(personas, persona), year=YEAR, summary="Text")
    assert not ResourcePage.objects.exists()


def test_before_publication_the_report_page_is_not_public(client, client_for, personas, leads, empty_report):
    awaiting(leads)
    assert client.get(_url("reports:report")).status_code == 302
    assert client_for(personas.practitioner).get(_url("reports:report")).status_code == 404


def test_once_published_the_report_page_is_public_and_links_to_the_library(client, published):
    page = ResourcePage.objects.get()
    response = client.get(_url("reports:report"))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    link = soup.find("a", string="Read or download the published report in the resource library")
    assert link["href"] == page.url
    assert "published on 20 September 2022" in _text(response)
    # The public page offers neither the staff PDF nor the business unit's pages.
    assert not soup.find("form", action=_url("reports:pdf"))
    assert not soup.find("a", href=_url("reports:sign-off"))
    assert client.post(_url("reports:pdf")).status_code == 302


def test_the_business_unit_records_sending_and_sees_who_is_still_to_receive_it(client_for, personas, published):
    with time_machine.travel("2022-09-22 10:00", tick=False):
        client = client_for(personas.business_unit)
        status = client.get(_url("reports:sign-off"))
        assert "Sending to the national bodies: 2 still to receive it" in _text(status)
        assert "27 September 2022" in _text(status)
        response = client.post(
            _url("reports:sending"),
            {
                "body": "practice-review-panel",
                "sent_on_day": "21",
                "sent_on_month": "9",
                "sent_on_year": "2022",
                "method": "email",
                "details": "panel@example.org",
            },
        )
        assert response.status_code == 302
        status = client.get(_url("reports:sign-off"))
    sending = ReportSending.objects.get()
    assert (sending.body.slug, sending.sent_on, sending.method, sending.recorded_by) == (
        "practice-review-panel",
        date(2022, 9, 21),
        "email",
        personas.business_unit,
    )
    assert AuditEntry.objects.get(action="reports.report.sent").data["body"] == (
        "Child Safeguarding Practice Review Panel"
    )
    assert "Sending to the national bodies: 1 still to receive it" in _text(status)
    rows = BeautifulSoup(status.content, "html.parser").select("table.hub-sending tbody tr")
    assert "Sent" in rows[0].get_text() and "21 September 2022" in rows[0].get_text()
    assert "To send" in rows[1].get_text()


def test_a_body_not_sent_the_report_a_week_after_publication_is_overdue(client_for, personas, published):
    with time_machine.travel("2022-09-28 10:00", tick=False):
        status = client_for(personas.business_unit).get(_url("reports:sign-off"))
    assert _text(status).count("Overdue") == 2


def test_recording_sending_again_corrects_the_record(personas, published):
    body = RecipientBody.objects.get(slug="what-works-centre")
    with time_machine.travel("2022-09-25 10:00", tick=False):
        signoff.record_sending(
            actor=personas.business_unit, year=YEAR, body=body, sent_on=date(2022, 9, 21), method="post"
        )
        signoff.record_sending(
            actor=personas.business_unit, year=YEAR, body=body, sent_on=date(2022, 9, 22), method="email"
        )
    sending = ReportSending.objects.get()
    assert (sending.sent_on, sending.method) == (date(2022, 9, 22), "email")
    assert AuditEntry.objects.filter(action="reports.report.sent").order_by("pk").last().data["corrected"] is True


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": None}, "Select the body the report was sent to"),
        ({"body": "department-for-education"}, "Select a body from the list"),
        ({"sent_on_day": "", "sent_on_month": "", "sent_on_year": ""}, "Enter the date sent"),
        ({"sent_on_day": "31", "sent_on_month": "2", "sent_on_year": "2022"}, "The date sent must be a real date"),
        (
            {"sent_on_day": "19", "sent_on_month": "9", "sent_on_year": "2022"},
            "The date sent must be on or after the day the report was published, 20 September 2022",
        ),
        (
            {"sent_on_day": "1", "sent_on_month": "10", "sent_on_year": "2022"},
            "The date sent must be today or in the past",
        ),
        ({"method": ""}, "Select how the report was sent"),
        ({"method": "other", "details": ""}, "Enter how the report was sent"),
    ],
)
def test_each_mistake_in_recording_sending_gets_its_own_message(client_for, personas, published, data, message):
    form = {
        "body": "practice-review-panel",
        "sent_on_day": "21",
        "sent_on_month": "9",
        "sent_on_year": "2022",
        "method": "email",
        "details": "",
    }
    form.update(data)
    form = {key: value for key, value in form.items() if value is not None}
    with time_machine.travel("2022-09-22 10:00", tick=False):
        response = client_for(personas.business_unit).post(_url("reports:sending"), form)
    assert response.status_code == 400
    assert message in _text(response)
    assert not ReportSending.objects.exists()


def test_sending_cannot_be_recorded_before_publication(client_for, personas, signed_off):
    response = client_for(personas.business_unit).get(_url("reports:sending"), follow=True)
    assert "Sending can be recorded once the report is published." in _text(response)
    with pytest.raises(DomainError, match="once the report is published"):
        signoff.record_sending(
            actor=personas.business_unit,
            year=YEAR,
            body=RecipientBody.objects.get(slug="practice-review-panel"),
            sent_on=date(2022, 9, 21),
            method="email",
        )


@pytest.mark.parametrize("persona", ["executive", "scrutineer", "practitioner"])
def test_only_the_business_unit_records_sending(client_for, personas, published, persona):
    client = client_for(getattr(personas, persona))
    assert client.get(_url("reports:sending")).status_code == 404
    assert client.post(_url("reports:sending"), {"body": "practice-review-panel"}).status_code == 404
    assert not ReportSending.objects.exists()
