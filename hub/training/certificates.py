"""Certificates of attendance as tagged PDF (PDF/UA-1), and what the public check may show.

The certificate is rendered by WeasyPrint from an HTML template, so the same markup is
readable as a web page and as a PDF, and the PDF carries its structure (headings, reading
order, language, title) for screen readers.

The public check (``training:certificate-check``) confirms that a certificate is genuine to
whoever holds it, for example a new employer. It shows the course, the date and the delegate's
name reduced to initials and surname: enough to match the paper in front of them, not enough
to learn who attended what from a leaked or guessed code. It never shows the agency, e-mail
address or any other booking detail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone

from hub.core.formatting import hours_in_words
from hub.core.models import PartnershipSettings
from hub.training.models import Certificate

PDF_VARIANT = "pdf/ua-1"


def display_code(code: str) -> str:
    """``ABCDEFGHJKMN`` as ``ABCD-EFGH-JKMN``, easier to read out and type."""
    return "-".join(code[index : index + 4] for index in range(0, len(code), 4))


def verification_url(certificate: Certificate) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "training:certificate-check", kwargs={"code": certificate.verification_code}
    )


def initials_and_surname(first_name: str, last_name: str) -> str:
    """``Jo Anne Smith`` becomes ``J. A. Smith``: the public check's minimal form of a name."""
    initials = " ".join(f"{part[0].upper()}." for part in first_name.replace("-", " ").split() if part)
    return " ".join(filter(None, [initials, last_name.strip()]))


def date_range_text(first: date, last: date) -> str:
    """``3 June 2025``, ``3 to 4 June 2025``, ``30 June to 1 July 2025`` or across years in full."""
    if first == last:
        return dateformat.format(first, "j F Y")
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {dateformat.format(last, 'j F Y')}"
    if first.year == last.year:
        return f"{dateformat.format(first, 'j F')} to {dateformat.format(last, 'j F Y')}"
    return f"{dateformat.format(first, 'j F Y')} to {dateformat.format(last, 'j F Y')}"


@dataclass(frozen=True)
class CertificateFacts:
    """What a certificate states, gathered once for the PDF and the public check."""

    code: str
    course_title: str
    level_label: str
    delegate_name: str
    public_name: str
    dates: str
    hours: str
    issued_on: date
    verification_url: str
    partnership_name: str


def facts_for(certificate: Certificate) -> CertificateFacts:
    booking = certificate.booking
    event = booking.event
    course = event.course
    person = booking.person
    first = timezone.localdate(event.starts_at)
    last = timezone.localdate(event.ends_at)
    return CertificateFacts(
        code=display_code(certificate.verification_code),
        course_title=course.title,
        level_label=course.get_level_display(),
        delegate_name=person.full_name,
        public_name=initials_and_surname(person.first_name, person.last_name),
        dates=date_range_text(first, last),
        hours=hours_in_words(course.duration_hours),
        issued_on=timezone.localdate(certificate.issued_at),
        verification_url=verification_url(certificate),
        partnership_name=PartnershipSettings.load().name,
    )


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as a tagged PDF (PDF/UA-1) with its title, language and author set."""
    from weasyprint import HTML

    facts = facts_for(certificate)
    html = render_to_string("training/certificates/certificate_pdf.html", {"facts": facts})
    document = HTML(string=html, base_url=settings.SITE_URL)
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def certificate_filename(certificate: Certificate) -> str:
    course = certificate.booking.event.course
    return f"certificate-{course.slug}-{certificate.verification_code}.pdf"
