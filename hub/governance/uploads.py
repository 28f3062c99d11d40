"""Checking meeting papers by what they contain, not by what they are called.

A file's name and the browser's content type are chosen by whoever uploads it, so a page of
HTML renamed ``paper.pdf`` would pass a name check. We read the first bytes instead: a PDF
starts with ``%PDF-``; Office Open XML (DOCX, XLSX, PPTX) and OpenDocument files are zip
archives whose entries say which kind they are.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat


@dataclass(frozen=True)
class DocumentType:
    label: str
    extensions: tuple[str, ...]
    content_type: str


PDF = DocumentType("PDF", ("pdf",), "application/pdf")
DOCX = DocumentType(
    "Word document", ("docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
XLSX = DocumentType("Excel spreadsheet", ("xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PPTX = DocumentType(
    "PowerPoint presentation", ("pptx",), "application/vnd.openxmlformats-officedocument.presentationml.presentation"
)
ODT = DocumentType("OpenDocument text", ("odt",), "application/vnd.oasis.opendocument.text")
ODS = DocumentType("OpenDocument spreadsheet", ("ods",), "application/vnd.oasis.opendocument.spreadsheet")
ODP = DocumentType("OpenDocument presentation", ("odp",), "application/vnd.oasis.opendocument.presentation")

DOCUMENT_TYPES = (PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP)
ALLOWED_EXTENSIONS = tuple(ext for kind in DOCUMENT_TYPES for ext in kind.extensions)
ALLOWED_TEXT = "PDF, DOCX, XLSX, PPTX, ODT, ODS or ODP"

_OOXML_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
_ODF_TYPES = {kind.content_type: kind for kind in (ODT, ODS, ODP)}


def _zip_document_type(file) -> DocumentType | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return _ODF_TYPES.get(declared)
            if "[Content_Types].xml" in names:
                for prefix, kind in _OOXML_PARTS:
                    if any(name.startswith(prefix) for name in names):
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError):
        return None
    return None


def sniff_document(file) -> DocumentType | None:
    """Return the kind of document ``file`` holds, judged by its content, or ``None``.

    ``file`` is any seekable binary file object; its position is restored to the start.
    """
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    kind = None
    if head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_document_type(file)
    file.seek(0)
    return kind


def validate_paper_file(file) -> DocumentType:
    """Raise ``ValidationError`` with a GOV.UK-style message unless ``file`` is an acceptable paper."""
    size = getattr(file, "size", None)
    if size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    if size is not None and size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(
            f"The selected file must be smaller than {filesizeformat(settings.MAX_UPLOAD_SIZE)}", code="too_big"
        )
    extension = PurePath(getattr(file, "name", "") or "").suffix.lower().lstrip(".")
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(f"The selected file must be a {ALLOWED_TEXT}", code="extension")
    kind = sniff_document(file)
    if kind is None:
        raise ValidationError(
            f"The selected file must be a {ALLOWED_TEXT}: its contents are not a document of one of these types",
            code="content",
        )
    if extension not in kind.extensions:
        raise ValidationError(
            f"The selected file is named .{extension} but contains a {kind.label}: "
            f"rename it to end in .{kind.extensions[0]}",
            code="mismatch",
        )
    return kind
