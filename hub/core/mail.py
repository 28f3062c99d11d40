"""Who to e-mail about partnership work, and sending a plain-text e-mail from two templates.

``send_templated("learning/emails/return_due", context, recipients)`` renders
``<name>_subject.txt`` and ``<name>.txt`` and sends one message to the recipients through
Django's configured mail backend; nothing is sent when there is nobody to send to.
"""

from __future__ import annotations

from django.core.mail import send_mail
from django.template.loader import render_to_string

from hub.core import roles
from hub.core.models import Agency, User


def spoc_addresses(agency: Agency) -> list[str]:
    """E-mail addresses of the agency's active single points of contact."""
    people = User.objects.filter(
        is_active=True,
        role_assignments__role__slug=roles.SPOC,
        role_assignments__agency=agency,
    ).distinct()
    return sorted({person.email for person in people if person.email})


def business_unit_addresses() -> list[str]:
    people = User.objects.filter(is_active=True, role_assignments__role__slug=roles.BUSINESS_UNIT).distinct()
    return sorted({person.email for person in people if person.email})


def send_templated(template: str, context: dict, recipients: list[str]) -> None:
    if not recipients:
        return
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    send_mail(subject, body, None, recipients)
