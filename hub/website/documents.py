"""Documents uploaded in the back office: checked by content, renamed safely, their text kept for search.

Every document form of the back office (add, edit, multiple upload, the chooser's upload) is
built on ``HubDocumentForm`` through ``WAGTAILDOCS_DOCUMENT_FORM_BASE``. The file is refused
unless its content is one of ``DOCUMENT_TYPES`` (a renamed web page or SVG image is not), it is
within ``MAX_UPLOAD_SIZE``, and its text can be read: a damaged PDF or Word document gets a
clear error on the form, so nothing is stored half-way.
"""

from __future__ import annotations

import io
import logging
import zipfile
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm
from wagtail.search import index

from hub.core.uploads import (
    CSV,
    DOCX,
    ODP,
    ODS,
    ODT,
    PDF,
    PPTX,
    TEXT,
    XLSX,
    DocumentType,
    allowed_extensions,
    decode_text,
    safe_file_name,
    validate_upload,
)

logger = logging.getLogger(__name__)

DOCUMENT_TYPES = (PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, TEXT, CSV)
ALLOWED_EXTENSIONS = allowed_extensions(DOCUMENT_TYPES)

# Search needs the words, not a whole book: longer text is cut here.
MAX_TEXT_LENGTH = 500_000
# A zip whose parts would unpack to more than this is refused rather than unpacked (a "zip bomb").
MAX_UNPACKED_SIZE = 200 * 1024 * 1024


class UnreadableDocument(ValueError):
    """The file claims to be a document of its kind but cannot be read as one."""


def _damaged(kind: DocumentType) -> ValidationError:
    return ValidationError(
        f"The selected file could not be read as a {kind.label}: it may be damaged. "
        f"Open it, save it again as a {kind.label} and upload the new copy",
        code="unreadable",
    )


def _check_zip(file) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnreadableDocument(str(error)) from error
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_SIZE:
        raise UnreadableDocument("the archive unpacks to more than the limit")
    return archive


def _pdf_text(file) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument("the PDF is protected by a password")
        pages = reader.pages
        if len(pages) == 0:
            raise UnreadableDocument("the PDF has no pages")
        parts = []
        length = 0
        for page in pages:
            text = page.extract_text() or ""
            parts.append(text)
            length += len(text)
            if length > MAX_TEXT_LENGTH:
                break
        return "\n".join(parts)
    except UnreadableDocument:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as error:
        raise UnreadableDocument(str(error)) from error


def _docx_text(file) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    _check_zip(file).close()
    file.seek(0)
    try:
        document = docx.Document(file)
        parts = [paragraph.text for paragraph in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.append(" ".join(cell.text for cell in row.cells))
    except (PackageNotFoundError, LxmlError, KeyError, ValueError, zipfile.BadZipFile, AttributeError) as error:
        raise UnreadableDocument(str(error)) from error
    return "\n".join(part for part in parts if part)


def _xml_text(data: bytes, *, text_tags: tuple[str, ...] | None = None) -> str:
    try:
        root = SafeElementTree.fromstring(data)
    except (ParseError, DefusedXmlException) as error:
        raise UnreadableDocument(str(error)) from error
    if text_tags is None:
        return " ".join(" ".join(root.itertext()).split())
    words = [element.text for element in root.iter() if element.tag.rsplit("}", 1)[-1] in text_tags and element.text]
    return " ".join(words)


def _zip_parts_text(file, wanted, *, text_tags: tuple[str, ...] | None = None) -> str:
    archive = _check_zip(file)
    with archive:
        names = sorted(name for name in archive.namelist() if wanted(name))
        try:
            return "\n".join(_xml_text(archive.read(name), text_tags=text_tags) for name in names)
        except (KeyError, zipfile.BadZipFile, OSError, RuntimeError) as error:
            raise UnreadableDocument(str(error)) from error


def _text_file_text(file) -> str:
    text = decode_text(file.read(MAX_TEXT_LENGTH * 4))
    if text is None:
        raise UnreadableDocument("the file is not text")
    return text


def extract_text(file, kind: DocumentType) -> str:
    """The words in ``file`` of ``kind``: from PDF and Word documents, presentations, spreadsheets' shared
    text, OpenDocument files and text files. Raises ``UnreadableDocument`` when a file is damaged."""
    file.seek(0)
    try:
        if kind == PDF:
            text = _pdf_text(file)
        elif kind == DOCX:
            text = _docx_text(file)
        elif kind == PPTX:
            text = _zip_parts_text(
                file, lambda name: name.startswith("ppt/slides/slide") and name.endswith(".xml"), text_tags=("t",)
            )
        elif kind == XLSX:
            text = _zip_parts_text(file, lambda name: name == "xl/sharedStrings.xml", text_tags=("t",))
        elif kind in (ODT, ODS, ODP):
            text = _zip_parts_text(file, lambda name: name == "content.xml")
        elif kind in (TEXT, CSV):
            text = _text_file_text(file)
        else:  # pragma: no cover - every allowed kind is listed above
            text = ""
    finally:
        file.seek(0)
    return text.replace("\x00", "")[:MAX_TEXT_LENGTH]


def check_document_file(file) -> tuple[DocumentType, str]:
    """Validate an uploaded document and read its text; raise ``ValidationError`` with a GOV.UK message."""
    kind = validate_upload(file, types=DOCUMENT_TYPES)
    try:
        text = extract_text(file, kind)
    except UnreadableDocument as error:
        logger.info("Refused an unreadable %s upload: %s", kind.label, error)
        raise _damaged(kind) from None
    return kind, text


class HubDocumentForm(BaseDocumentForm):
    """The back office's document form: content checks, a safe file name and the document's text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].help_text = (
                "A PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), OpenDocument, text or CSV file, "
                f"smaller than {settings.MAX_UPLOAD_SIZE // (1024 * 1024)} MB."
            )
            self.fields["file"].widget.attrs["accept"] = ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload  # no new file: the document keeps the one it has
        kind, text = check_document_file(upload)
        upload.name = safe_file_name(upload.name, kind)
        # Not a form field: ModelForm leaves it alone, so it reaches the database with the file.
        self.instance.extracted_text = text
        self._text_read = True
        return upload

    def save(self, commit=True):
        instance = self.instance
        if not getattr(self, "_text_read", False) and instance.file and not instance.extracted_text:
            # The multiple upload keeps a file while its title is corrected, then saves it through
            # a form without a file field: read its text here so it is never left out of search.
            self._read_stored_text(instance)
        document = super().save(commit=commit)
        if commit and "file" in self.changed_data:
            reindex_resources_using(document)
        return document

    @staticmethod
    def _read_stored_text(instance) -> None:
        try:
            with instance.file.open("rb") as handle:
                data = io.BytesIO(handle.read())
            data.name = instance.file.name
            data.size = len(data.getvalue())
            _, instance.extracted_text = check_document_file(data)
        except (ValidationError, OSError, ValueError):
            instance.extracted_text = ""


def reindex_resources_using(document) -> None:
    """A resource's search entry holds its file's text: refresh it when the file changes."""
    from hub.website.models import ResourcePage

    for page in ResourcePage.objects.filter(document=document):
        index.insert_or_update_object(page)
