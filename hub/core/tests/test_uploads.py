"""Uploads are judged by their content: what a file is called, or says it is, does not count."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hub.core.uploads import (
    ALL_TYPES,
    CSV,
    DOCX,
    ODS,
    ODT,
    OFFICE_TYPES,
    PDF,
    PPTX,
    TEXT,
    XLSX,
    allowed_text,
    is_plain_text,
    safe_file_name,
    sniff_document,
    validate_upload,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _zip(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PDF_BYTES, PDF),
        (_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}), DOCX),
        (_zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<x/>"}), XLSX),
        (_zip({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"}), PPTX),
        (_zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<o/>"}), ODT),
        (_zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<o/>"}), ODS),
    ],
)
def test_office_documents_are_recognised_by_their_content(data, kind):
    assert sniff_document(io.BytesIO(data)) == kind


def test_a_renamed_web_page_is_not_a_document():
    assert sniff_document(io.BytesIO(b"<!doctype html><title>x</title>")) is None


@pytest.mark.parametrize(
    "data",
    [
        b"Team,Staff\nDuty team,12\n",
        "Réunion des équipes, café".encode(),
        "\ufeffName,Count\n".encode(),
        "Caf\xe9 notes".encode("cp1252"),
        b"Scores: 3 < 5 and 7 > 2",
    ],
)
def test_plain_text_and_csv_are_text(data):
    assert is_plain_text(io.BytesIO(data))


@pytest.mark.parametrize(
    "data",
    [
        b"<html><body><script>alert(1)</script></body></html>",
        b"  <!DOCTYPE html>\n<p>hello</p>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b'<?xml version="1.0"?><svg/>',
        b"Name\n<script>alert(1)</script>\n",
        b"binary\x00\x01\x02 data",
        b"",
    ],
)
def test_markup_binary_and_empty_files_are_not_plain_text(data):
    assert not is_plain_text(io.BytesIO(data))


def test_html_renamed_as_a_text_file_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        validate_upload(_file("notes.txt", b"<html><script>alert(1)</script></html>"), types=ALL_TYPES)
    assert error.value.messages == [
        "The selected file must be a PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, TXT or CSV: "
        "its contents are not a document of one of these types"
    ]


def test_svg_is_refused_by_its_name_and_by_its_content():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(ValidationError) as by_name:
        validate_upload(_file("logo.svg", svg), types=ALL_TYPES)
    assert by_name.value.code == "extension"
    with pytest.raises(ValidationError) as by_content:
        validate_upload(_file("logo.csv", svg), types=ALL_TYPES)
    assert by_content.value.code == "content"


def test_text_and_csv_are_accepted_only_where_the_caller_allows_them():
    assert validate_upload(_file("figures.csv", b"a,b\n1,2\n"), types=ALL_TYPES) == CSV
    assert validate_upload(_file("notes.txt", b"Plain words"), types=ALL_TYPES) == TEXT
    with pytest.raises(ValidationError) as error:
        validate_upload(_file("notes.txt", b"Plain words"), types=OFFICE_TYPES)
    assert error.value.code == "extension"


def test_a_pdf_named_as_text_is_told_to_rename_it():
    with pytest.raises(ValidationError) as error:
        validate_upload(_file("notes.txt", PDF_BYTES), types=ALL_TYPES)
    assert error.value.messages == ["The selected file is named .txt but contains a PDF: rename it to end in .pdf"]


def test_size_limit_comes_from_the_settings_unless_given(settings):
    settings.MAX_UPLOAD_SIZE = 100
    with pytest.raises(ValidationError) as error:
        validate_upload(_file("big.pdf", PDF_BYTES + b"%" * 200))
    assert error.value.code == "too_big"
    assert validate_upload(_file("big.pdf", PDF_BYTES + b"%" * 200), max_size=10_000) == PDF


def test_empty_files_are_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(_file("empty.pdf", b""))
    assert error.value.messages == ["The selected file is empty"]


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("../../etc/passwd.pdf", PDF, "passwd.pdf"),
        ("C:\\Users\\someone\\Desktop\\Team notes.PDF", PDF, "Team-notes.pdf"),
        ("Réunion notes (final).docx", DOCX, "Reunion-notes-final.docx"),
        ("<b>alert(1)</b>.pdf", PDF, "b.pdf"),
        ("Plan <draft> (v2).pdf", PDF, "Plan-draft-v2.pdf"),
        ("...", PDF, "document.pdf"),
        ("", CSV, "document.csv"),
        ("report.pdf.exe", PDF, "report.pdf.pdf"),
        ("a" * 300 + ".pdf", PDF, "a" * 80 + ".pdf"),
    ],
)
def test_file_names_are_made_safe_and_end_in_the_kind_found(name, kind, expected):
    assert safe_file_name(name, kind) == expected


def test_allowed_text_lists_extensions_in_words():
    assert allowed_text((PDF,)) == "PDF"
    assert allowed_text((PDF, DOCX, TEXT)) == "PDF, DOCX or TXT"
