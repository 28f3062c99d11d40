"""Checking uploaded files by what they contain, not by what they are called.

A file's name and the browser's content type are chosen by whoever uploads it, so a page of
HTML renamed ``paper.pdf`` would pass a name check. We read the content instead: a PDF starts
with ``%PDF-``; Office Open XML (DOCX, XLSX, PPTX) and OpenDocument files are zip archives whose
entries say which kind they are; a text or CSV file must decode as text, hold no control bytes
and carry no markup a browser would run (HTML, SVG, XML).

Each module chooses the kinds it accepts (meeting papers: office documents; the website's
documents: those plus text and CSV) and calls ``validate_upload`` with its list.
"""

from __future__ import annotations

import re
import unicodedata
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

    @property
    def extension(self) -> str:
        return self.extensions[0]


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
TEXT = DocumentType("Plain text", ("txt",), "text/plain")
CSV = DocumentType("CSV", ("csv",), "text/csv")

OFFICE_TYPES = (PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP)
TEXT_TYPES = (TEXT, CSV)
ALL_TYPES = (*OFFICE_TYPES, *TEXT_TYPES)

_OOXML_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
_ODF_TYPES = {kind.content_type: kind for kind in (ODT, ODS, ODP)}

# How much of a text file is examined for markup and control bytes. Markup further in would
# still be served as text/plain with nosniff, so the head is what a browser would look at.
_TEXT_SAMPLE = 256 * 1024
_MARKUP = re.compile(
    rb"<\s*(?:!doctype|\?xml|(?:html|head|body|script|svg|iframe|object|embed|meta|link|style|a|img)\b)",
    re.IGNORECASE,
)
# Control characters other than tab, line feed, form feed and carriage return.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


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
    """Return the kind of office document ``file`` holds, judged by its content, or ``None``.

    ``file`` is any seekable binary file object; its position is restored to the start. Text
    files are not office documents: see ``is_plain_text``.
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


def decode_text(data: bytes) -> str | None:
    """Decode bytes of a text file (UTF-8, with or without a byte order mark, else Windows-1252)."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def is_plain_text(file) -> bool:
    """True when ``file`` holds readable text with no markup a browser could run.

    A renamed HTML page or SVG image is refused here even when it is called ``notes.txt``.
    """
    file.seek(0)
    sample = file.read(_TEXT_SAMPLE)
    file.seek(0)
    if not sample or _CONTROL_BYTES.search(sample) or _MARKUP.search(sample):
        return False
    # A sample cut in the middle of a multi-byte character is still text.
    return decode_text(sample) is not None or decode_text(sample[:-3]) is not None


def allowed_text(types: tuple[DocumentType, ...]) -> str:
    """``"PDF, DOCX or TXT"``: the extensions of ``types`` for an error message."""
    names = [ext.upper() for kind in types for ext in kind.extensions]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def allowed_extensions(types: tuple[DocumentType, ...]) -> tuple[str, ...]:
    return tuple(ext for kind in types for ext in kind.extensions)


def file_extension(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def validate_upload(
    file, *, types: tuple[DocumentType, ...] = OFFICE_TYPES, max_size: int | None = None
) -> DocumentType:
    """Return the kind of ``file`` or raise ``ValidationError`` with a GOV.UK-style message.

    Checks, in order: not empty, not over ``max_size`` (``settings.MAX_UPLOAD_SIZE`` by default),
    an extension in ``types``, content of one of ``types``, and the extension matching the content.
    """
    size = getattr(file, "size", None)
    limit = settings.MAX_UPLOAD_SIZE if max_size is None else max_size
    if size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    if size is not None and size > limit:
        raise ValidationError(f"The selected file must be smaller than {filesizeformat(limit)}", code="too_big")
    names = allowed_text(types)
    extension = file_extension(getattr(file, "name", "") or "")
    if extension not in allowed_extensions(types):
        raise ValidationError(f"The selected file must be a {names}", code="extension")
    kind = sniff_document(file)
    if kind is None and any(t in types for t in TEXT_TYPES) and is_plain_text(file):
        # Text has no signature: a text file is what its (allowed) text extension says.
        kind = next((t for t in TEXT_TYPES if extension in t.extensions), TEXT)
    if kind is None or kind not in types:
        raise ValidationError(
            f"The selected file must be a {names}: its contents are not a document of one of these types",
            code="content",
        )
    if extension not in kind.extensions:
        raise ValidationError(
            f"The selected file is named .{extension} but contains a {kind.label}: "
            f"rename it to end in .{kind.extension}",
            code="mismatch",
        )
    return kind


def safe_file_name(name: str, kind: DocumentType, *, max_stem: int = 80) -> str:
    """A file name that is safe on every file system and in a URL, ending in ``kind``'s extension.

    Accents are folded to ASCII, anything other than letters, digits, dots, hyphens and
    underscores becomes a hyphen, directory parts are dropped and the stem is shortened.
    """
    stem = PurePath(str(name or "").replace("\\", "/")).stem
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem)
    stem = re.sub(r"-{2,}", "-", stem).strip(".-_")[:max_stem].strip(".-_")
    return f"{stem or 'document'}.{kind.extension}"
