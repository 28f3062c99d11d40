"""Files and records the library, document, briefing and search tests share: real PDF and Word files."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from hub.website.tests.factories import make_document


def pdf_with_text(*paragraphs: str) -> bytes:
    """A real PDF (made by WeasyPrint) whose pages hold ``paragraphs`` as text."""
    from weasyprint import HTML

    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return HTML(string=f"<html lang='en'><body>{body}</body></html>").write_pdf()


def docx_with_text(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    """A real Word document (made by python-docx) with ``paragraphs`` and an optional table."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row_number, row in enumerate(table):
            for column, text in enumerate(row):
                grid.cell(row_number, column).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_parts(parts: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def pdf_document(title: str = "Neglect toolkit", text: str = "Recognising neglect early", **fields):
    """A stored PDF document whose text has been read, as an upload through the back office leaves it."""
    return make_document(
        f"{title.lower().replace(' ', '-')}.pdf", pdf_with_text(text), title=title, extracted_text=text, **fields
    )
