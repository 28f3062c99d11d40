import pytest
from django.urls import reverse

from hub.core.audit import entries_for
from hub.governance.tests.factories import pdf_bytes, upload

pytestmark = pytest.mark.django_db


def _url(meeting):
    return reverse("governance:paper-add", args=[meeting.group.slug, meeting.uuid])


def test_business_unit_adds_a_paper_and_returns_to_the_meeting(client_for, personas, meeting):
    response = client_for(personas.business_unit).post(
        _url(meeting),
        {
            "title": "Exception report",
            "file": upload("Exception report.pdf", pdf_bytes()),
            "confidentiality_note": "Members only",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    paper = meeting.papers.get()
    assert paper.title == "Exception report"
    assert paper.confidentiality_note == "Members only"
    assert entries_for(paper).get().actor == personas.business_unit


def test_a_wrong_file_type_is_shown_as_an_error_on_the_form(client_for, personas, meeting):
    response = client_for(personas.business_unit).post(
        _url(meeting), {"title": "Report", "file": upload("report.pdf", b"<html></html>", "application/pdf")}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Add a paper" in html
    assert "The selected file must be a PDF, DOCX, XLSX, PPTX, ODT, ODS or ODP" in html
    assert 'href="#id_file"' in html
    assert not meeting.papers.exists()


def test_an_oversize_file_is_refused_with_the_limit(client_for, personas, meeting, settings):
    settings.MAX_UPLOAD_SIZE = 100
    response = client_for(personas.business_unit).post(
        _url(meeting), {"title": "Report", "file": upload("r.pdf", pdf_bytes())}
    )
    assert "The selected file must be smaller than 100\xa0bytes" in response.content.decode()
    assert not meeting.papers.exists()


def test_the_form_page_shows_the_upload_field(client_for, personas, meeting):
    html = client_for(personas.business_unit).get(_url(meeting)).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'type="file"' in html


def test_members_who_are_not_business_unit_get_404_and_nothing_is_added(client_for, personas, member, meeting):
    response = client_for(member).post(_url(meeting), {"title": "Report", "file": upload("r.pdf", pdf_bytes())})
    assert response.status_code == 404
    assert client_for(personas.outsider).get(_url(meeting)).status_code == 404
    assert not meeting.papers.exists()
