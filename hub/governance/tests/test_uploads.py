import pytest

from hub.core.uploads import DOCX, ODS, ODT, PDF, PPTX, XLSX, sniff_document
from hub.governance.forms import PaperForm
from hub.governance.tests.factories import odf_bytes, ooxml_bytes, pdf_bytes, upload


def _form(name, content, title="Exception report"):
    return PaperForm(data={"title": title}, files={"file": upload(name, content)})


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("report.pdf", pdf_bytes(), PDF),
        ("report.docx", ooxml_bytes("word/document.xml"), DOCX),
        ("figures.xlsx", ooxml_bytes("xl/workbook.xml"), XLSX),
        ("slides.pptx", ooxml_bytes("ppt/presentation.xml"), PPTX),
        ("notes.odt", odf_bytes(), ODT),
        ("figures.ods", odf_bytes("application/vnd.oasis.opendocument.spreadsheet"), ODS),
    ],
)
def test_documents_are_recognised_by_their_content(name, content, kind):
    file = upload(name, content)
    assert sniff_document(file) == kind
    assert _form(name, content).is_valid()


def test_html_renamed_as_pdf_is_rejected_with_a_clear_message():
    form = _form("report.pdf", b"<html><script>alert(1)</script></html>")
    assert not form.is_valid()
    assert form.errors["file"] == [
        "The selected file must be a PDF, DOCX, XLSX, PPTX, ODT, ODS or ODP: "
        "its contents are not a document of one of these types"
    ]


def test_a_plain_zip_is_not_taken_for_an_office_document():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", b"MZ")
    form = _form("report.docx", buffer.getvalue())
    assert not form.is_valid()
    assert "contents are not a document" in form.errors["file"][0]


def test_a_file_type_outside_the_list_is_rejected():
    form = _form("picture.svg", b"<svg onload='alert(1)'/>")
    assert form.errors["file"] == ["The selected file must be a PDF, DOCX, XLSX, PPTX, ODT, ODS or ODP"]


def test_a_pdf_named_as_a_word_document_is_rejected():
    form = _form("report.docx", pdf_bytes())
    assert form.errors["file"] == ["The selected file is named .docx but contains a PDF: rename it to end in .pdf"]


def test_a_file_over_the_size_limit_is_rejected(settings):
    settings.MAX_UPLOAD_SIZE = 1024
    form = _form("report.pdf", pdf_bytes() + b"%" * 2048)
    assert form.errors["file"] == ["The selected file must be smaller than 1.0\xa0KB"]


def test_an_empty_file_and_missing_title_are_reported():
    form = PaperForm(data={"title": ""}, files={"file": upload("report.pdf", b"")})
    assert form.errors == {"title": ["Enter the title of the paper"], "file": ["The selected file is empty"]}


def test_no_file_selected_is_reported():
    form = PaperForm(data={"title": "Report"}, files={})
    assert form.errors == {"file": ["Select a file"]}
