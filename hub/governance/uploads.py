"""Which files a group may attach to a meeting as papers.

The content checks are shared with the rest of the Hub (``hub.core.uploads``); a paper must be
an office document (PDF, Word, Excel, PowerPoint or OpenDocument), judged by its content.
"""

from __future__ import annotations

from hub.core.uploads import OFFICE_TYPES, DocumentType, allowed_extensions, allowed_text, validate_upload

PAPER_TYPES = OFFICE_TYPES
ALLOWED_EXTENSIONS = allowed_extensions(PAPER_TYPES)
ALLOWED_TEXT = allowed_text(PAPER_TYPES)


def validate_paper_file(file) -> DocumentType:
    """Raise ``ValidationError`` with a GOV.UK-style message unless ``file`` is an acceptable paper."""
    return validate_upload(file, types=PAPER_TYPES)
