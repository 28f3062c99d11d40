"""Small, real PDF and Word files for the demo's resource library, made from a few lines of text.

PDFs are rendered by WeasyPrint as tagged PDF (``pdf/ua-1``) from a short HTML page; Word files
are written by python-docx with fixed document properties. Both come out byte for byte the same
each time, so the demo loader can tell an unchanged file by its ``fingerprint`` (kept in the
stored file's name) and skip regenerating it. Rendering is also remembered for the life of the
process, so a test run that loads the demo many times renders each file once.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from django.utils.html import escape

PDF = "pdf"
DOCX = "docx"
# Bump when the look of the generated files changes, so existing demo files are made again.
GENERATOR_VERSION = "1"

PDF_STYLE = """
@page { size: A4; margin: 22mm 20mm 24mm;
        @bottom-left { content: "%(footer)s"; font-size: 8pt; color: #505a5f; }
        @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #505a5f; } }
body { font-family: Arial, Helvetica, "Liberation Sans", sans-serif;
       font-size: 11pt; line-height: 1.45; color: #0b0c0c; }
.publisher { font-size: 10pt; font-weight: bold; border-bottom: 4px solid #1d70b8;
             padding-bottom: 4mm; margin: 0 0 6mm; }
.kind { font-size: 11pt; color: #505a5f; margin: 0; }
h1 { font-size: 22pt; line-height: 1.15; margin: 1mm 0 6mm; }
h2 { font-size: 14pt; margin: 7mm 0 2mm; }
p, li { margin: 0 0 3mm; }
ul { padding-left: 6mm; }
"""


@dataclass(frozen=True)
class DemoFile:
    """What a generated file says: a title, the kind of resource and sections of text.

    Each section is ``(heading, text)``; paragraphs in the text are separated by blank lines and
    a paragraph whose lines start with ``- `` becomes a bulleted list.
    """

    title: str
    kind_label: str
    sections: tuple[tuple[str, str], ...]
    file_type: str = PDF

    @property
    def extension(self) -> str:
        return self.file_type


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """``[("p", [text]), ("ul", [item, item])...]`` from a section's text."""
    blocks = []
    for paragraph in (part.strip() for part in text.strip().split("\n\n")):
        if not paragraph:
            continue
        lines = [line.strip() for line in paragraph.splitlines()]
        if all(line.startswith("- ") for line in lines):
            blocks.append(("ul", [line[2:] for line in lines]))
        else:
            blocks.append(("p", [" ".join(lines)]))
    return blocks


def fingerprint(file: DemoFile, publisher: str) -> str:
    """A short digest of everything the file is made from; it changes when the file would."""
    source = "\x1f".join(
        [GENERATOR_VERSION, file.file_type, publisher, file.title, file.kind_label]
        + [f"{heading}\x1e{text}" for heading, text in file.sections]
    )
    return hashlib.sha256(source.encode()).hexdigest()[:10]


@lru_cache(maxsize=256)
def render(file: DemoFile, publisher: str) -> bytes:
    """The file's bytes: a tagged PDF or a Word document."""
    if file.file_type == PDF:
        return _pdf(file, publisher)
    if file.file_type == DOCX:
        return _docx(file, publisher)
    raise ValueError(f"Demo files are PDF or DOCX, not {file.file_type!r}")


def _pdf(file: DemoFile, publisher: str) -> bytes:
    from weasyprint import HTML

    parts = [
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">',
        f"<title>{escape(file.title)}</title>",
        f'<meta name="author" content="{escape(publisher)}">',
        f"<style>{PDF_STYLE % {'footer': publisher.replace(chr(34), '')}}</style></head><body>",
        f'<p class="publisher">{escape(publisher)}</p>',
        f'<p class="kind">{escape(file.kind_label)}</p>',
        f"<h1>{escape(file.title)}</h1>",
    ]
    for heading, text in file.sections:
        if heading:
            parts.append(f"<h2>{escape(heading)}</h2>")
        for tag, items in _blocks(text):
            if tag == "ul":
                parts.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>")
            else:
                parts.append(f"<p>{escape(items[0])}</p>")
    parts.append("</body></html>")
    return HTML(string="".join(parts)).write_pdf(pdf_variant="pdf/ua-1")


# Fixed so the same text always gives the same bytes.
DOCX_TIMESTAMP = datetime(2022, 4, 1, 9, 0, 0)


def _docx(file: DemoFile, publisher: str) -> bytes:
    from docx import Document

    document = Document()
    properties = document.core_properties
    properties.title = file.title
    properties.author = publisher
    properties.last_modified_by = publisher
    properties.subject = file.kind_label
    properties.created = DOCX_TIMESTAMP
    properties.modified = DOCX_TIMESTAMP
    properties.revision = 1
    document.add_paragraph(publisher).runs[0].bold = True
    document.add_paragraph(file.kind_label)
    document.add_heading(file.title, level=0)
    for heading, text in file.sections:
        if heading:
            document.add_heading(heading, level=1)
        for tag, items in _blocks(text):
            if tag == "ul":
                for item in items:
                    document.add_paragraph(item, style="List Bullet")
            else:
                document.add_paragraph(items[0])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
