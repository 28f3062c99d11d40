"""Reading the words inside uploaded documents, so search can find them; damaged files are refused."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError

from hub.core.uploads import CSV, DOCX, ODT, PDF, PPTX, TEXT, XLSX
from hub.website import documents
from hub.website.documents import UnreadableDocument, check_document_file, extract_text
from hub.website.tests.library_support import docx_with_text, pdf_with_text, upload, zip_parts


def test_text_is_read_from_every_page_of_a_pdf():
    data = pdf_with_text("Recognising neglect early", "Escalation and professional challenge")
    text = extract_text(io.BytesIO(data), PDF)
    assert "Recognising neglect early" in text
    assert "Escalation and professional challenge" in text


def test_text_is_read_from_the_paragraphs_and_tables_of_a_word_document():
    data = docx_with_text("Seven minute briefing on cumulative harm", table=[["Agency", "Contact"], ["Police", "101"]])
    text = extract_text(io.BytesIO(data), DOCX)
    assert "cumulative harm" in text
    assert "Police 101" in text


def test_slides_spreadsheets_and_opendocument_files_give_their_words():
    slides = zip_parts(
        {
            "[Content_Types].xml": "<Types/>",
            "ppt/presentation.xml": "<p/>",
            "ppt/slides/slide1.xml": '<p:sld xmlns:p="p" xmlns:a="a"><a:t>Signs of Safety</a:t></p:sld>',
        }
    )
    sheet = zip_parts(
        {
            "[Content_Types].xml": "<Types/>",
            "xl/sharedStrings.xml": '<sst xmlns="s"><si><t>Early help assessments</t></si></sst>',
        }
    )
    odt = zip_parts(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": '<office:document-content xmlns:office="o" xmlns:text="t">'
            "<text:p>Harmful sexual behaviour</text:p></office:document-content>",
        }
    )
    assert extract_text(io.BytesIO(slides), PPTX) == "Signs of Safety"
    assert extract_text(io.BytesIO(sheet), XLSX) == "Early help assessments"
    assert extract_text(io.BytesIO(odt), ODT) == "Harmful sexual behaviour"


def test_text_and_csv_files_are_their_own_text():
    assert extract_text(io.BytesIO("Équipe,Staff\n".encode()), CSV) == "Équipe,Staff\n"
    assert extract_text(io.BytesIO(b"\xef\xbb\xbfPlain words"), TEXT) == "Plain words"


def test_a_pdf_that_is_only_a_header_cannot_be_read():
    with pytest.raises(UnreadableDocument):
        extract_text(io.BytesIO(b"%PDF-1.7\nthis is not really a PDF at all"), PDF)


def test_a_pdf_locked_with_a_password_is_refused():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_with_text("Secret"))).pages:
        writer.add_page(page)
    writer.encrypt("a password")
    locked = io.BytesIO()
    writer.write(locked)
    with pytest.raises(UnreadableDocument):
        extract_text(io.BytesIO(locked.getvalue()), PDF)


def test_a_word_document_with_broken_parts_cannot_be_read():
    broken = zip_parts({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document"})
    with pytest.raises(UnreadableDocument):
        extract_text(io.BytesIO(broken), DOCX)


def test_an_archive_that_would_unpack_too_far_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "MAX_UNPACKED_SIZE", 1000)
    big = zip_parts({"[Content_Types].xml": "<Types/>", "xl/sharedStrings.xml": "<sst>" + "x" * 5000 + "</sst>"})
    with pytest.raises(UnreadableDocument):
        extract_text(io.BytesIO(big), XLSX)


def test_xml_with_entities_is_refused_rather_than_expanded():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        '<office:document-content xmlns:office="o"><p>&lol2;</p></office:document-content>'
    )
    odt = zip_parts({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": bomb})
    with pytest.raises(UnreadableDocument):
        extract_text(io.BytesIO(odt), ODT)


def test_a_damaged_file_gets_a_message_that_says_what_to_do():
    with pytest.raises(ValidationError) as error:
        check_document_file(upload("toolkit.pdf", b"%PDF-1.4\n%%garbage%%"))
    assert error.value.messages == [
        "The selected file could not be read as a PDF: it may be damaged. "
        "Open it, save it again as a PDF and upload the new copy"
    ]


def test_very_long_text_is_cut_to_the_limit(monkeypatch):
    monkeypatch.setattr(documents, "MAX_TEXT_LENGTH", 50)
    assert len(extract_text(io.BytesIO(b"word " * 100), TEXT)) == 50
