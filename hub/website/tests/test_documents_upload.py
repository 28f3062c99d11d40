"""Uploading documents in the back office: checked by content, named safely, their text kept.

A refused upload leaves nothing behind: no document row and no file in storage.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from wagtail.models import Collection

from hub.website.models import HubDocument, ResourcePage
from hub.website.tests.factories import build_site, make_resource
from hub.website.tests.library_support import docx_with_text, pdf_with_text, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(personas, client_for):
    return client_for(personas.business_unit)


def _add(client, name: str, data: bytes, *, title: str = "Neglect toolkit"):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": title, "file": upload(name, data), "collection": Collection.get_first_root_node().pk},
    )


def _stored_files(settings) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "documents"
    return sorted(folder.iterdir()) if folder.exists() else []


def _file_errors(response) -> list[str]:
    return list(response.context["form"].errors.get("file", []))


def test_a_pdf_is_stored_with_the_words_inside_it(editor, settings):
    response = _add(editor, "Neglect toolkit.pdf", pdf_with_text("Recognising neglect early"))

    assert response.status_code == 302
    document = HubDocument.objects.get()
    assert "Recognising neglect early" in document.extracted_text
    assert document.file.name == "documents/Neglect-toolkit.pdf"
    assert document.description.startswith("PDF, ")
    assert [path.name for path in _stored_files(settings)] == ["Neglect-toolkit.pdf"]


def test_a_word_document_keeps_its_paragraphs_and_tables_for_search(editor):
    data = docx_with_text("Cumulative harm briefing", table=[["Agency", "Lead"], ["Health", "Named nurse"]])
    response = _add(editor, "briefing.docx", data, title="Cumulative harm")

    assert response.status_code == 302
    text = HubDocument.objects.get().extracted_text
    assert "Cumulative harm briefing" in text
    assert "Health Named nurse" in text


def test_a_csv_file_is_accepted_and_its_text_kept(editor):
    response = _add(editor, "figures.csv", b"Quarter,Referrals\nQ1,152\n", title="Referral figures")

    assert response.status_code == 302
    assert HubDocument.objects.get().extracted_text == "Quarter,Referrals\nQ1,152\n"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "toolkit.pdf",
            b"<html><body><script>alert(document.cookie)</script></body></html>",
            "its contents are not a document of one of these types",
        ),
        (
            "notes.txt",
            b"<!doctype html><html><script>alert(1)</script></html>",
            "its contents are not a document of one of these types",
        ),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "The selected file must be a PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, TXT or CSV",
        ),
        (
            "logo.csv",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "its contents are not a document of one of these types",
        ),
        ("toolkit.pdf", b"%PDF-1.7\n%%this is not a PDF body%%", "could not be read as a PDF: it may be damaged"),
        (
            "briefing.docx",
            b"PK\x03\x04" + b"\x00" * 40,
            "its contents are not a document of one of these types",
        ),
    ],
    ids=["html-as-pdf", "html-as-text", "svg", "svg-as-csv", "malformed-pdf", "malformed-docx"],
)
def test_a_refused_upload_leaves_no_document_and_no_file(editor, settings, name, data, message):
    response = _add(editor, name, data)

    assert response.status_code == 200
    errors = _file_errors(response)
    assert len(errors) == 1 and message in errors[0], errors
    assert not HubDocument.objects.exists()
    assert _stored_files(settings) == []


def test_a_word_document_whose_parts_are_broken_gets_the_damaged_file_message(editor, settings):
    from hub.website.tests.library_support import zip_parts

    broken = zip_parts({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document"})
    response = _add(editor, "briefing.docx", broken)

    assert _file_errors(response) == [
        "The selected file could not be read as a Word document: it may be damaged. "
        "Open it, save it again as a Word document and upload the new copy"
    ]
    assert not HubDocument.objects.exists()
    assert _stored_files(settings) == []


def test_a_file_over_the_size_limit_is_refused(editor, settings):
    settings.MAX_UPLOAD_SIZE = 2048
    response = _add(editor, "big.pdf", pdf_with_text("x " * 50) + b"%" * 4096)

    assert "The selected file must be smaller than 2.0\xa0KB" in _file_errors(response)
    assert not HubDocument.objects.exists()


def test_the_multiple_upload_refuses_a_renamed_web_page(editor, settings):
    response = editor.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": upload("report.pdf", b"<html><script>alert(1)</script></html>")},
    )

    assert response.json()["success"] is False
    assert "contents are not a document" in response.json()["error_message"]
    assert not HubDocument.objects.exists()
    assert _stored_files(settings) == []


def test_the_multiple_upload_keeps_the_text_of_a_good_file(editor):
    response = editor.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": upload("Early help guide.pdf", pdf_with_text("Early help assessment"))},
    )

    assert response.json()["success"] is True
    document = HubDocument.objects.get()
    assert "Early help assessment" in document.extracted_text
    assert document.file.name == "documents/Early-help-guide.pdf"


def test_replacing_a_file_updates_its_text_and_the_search_entry_of_resources_using_it(editor):
    _add(editor, "toolkit.pdf", pdf_with_text("Original wording about thresholds"))
    document = HubDocument.objects.get()
    home = build_site()
    resource = make_resource(home.library, title="Thresholds guide", document=document)

    response = editor.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": "Thresholds guide",
            "file": upload("toolkit.pdf", pdf_with_text("Revised wording about escalation")),
            "collection": Collection.get_first_root_node().pk,
        },
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert "Revised wording about escalation" in document.extracted_text
    assert list(ResourcePage.objects.live().search("escalation")) == [resource.page_ptr.specific]
    assert list(ResourcePage.objects.live().search("original")) == []


def test_editing_only_the_title_keeps_the_file_and_its_text(editor):
    _add(editor, "toolkit.pdf", pdf_with_text("Words in the file"))
    document = HubDocument.objects.get()

    response = editor.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "A better title", "collection": Collection.get_first_root_node().pk},
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "A better title"
    assert "Words in the file" in document.extracted_text


def test_wagtail_serves_pdfs_inline_and_everything_else_as_a_download_never_sniffed(editor, client):
    _add(editor, "toolkit.pdf", pdf_with_text("Inline PDF"), title="PDF")
    _add(editor, "notes.txt", b"Plain notes", title="Text")
    pdf, text = HubDocument.objects.get(title="PDF"), HubDocument.objects.get(title="Text")

    pdf_response = client.get(pdf.url)
    text_response = client.get(text.url)

    assert pdf_response["Content-Type"] == "application/pdf"
    assert pdf_response["Content-Disposition"].startswith("inline")
    assert text_response["Content-Disposition"].startswith("attachment")
    for response in (pdf_response, text_response):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'"
