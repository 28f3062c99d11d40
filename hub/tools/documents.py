"""The tools' downloads: tagged PDFs (WeasyPrint's PDF/UA variant) and spreadsheets, built in memory.

Each download answers the POST that carried the practitioner's input and is marked
``Cache-Control: private, no-store`` so no browser or proxy keeps a copy; nothing is written to
disk or to the database.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from hub.core.models import PartnershipSettings

PDF_VARIANT = "pdf/ua-1"
NO_STORE = "private, no-store"


def pdf_bytes(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    context = context | {
        "partnership_name": PartnershipSettings.load().name,
        "produced_at": timezone.localtime(),
    }
    html = render_to_string(template, context)
    return HTML(string=html, base_url=settings.SITE_URL).write_pdf(pdf_variant=PDF_VARIANT)


def pdf_response(template: str, context: dict, filename: str) -> HttpResponse:
    response = HttpResponse(pdf_bytes(template, context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = NO_STORE
    return response


def dated_filename(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"
