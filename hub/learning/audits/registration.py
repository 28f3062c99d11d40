"""How audits appear on shared pages: the learning home page, the account page and the clock."""

from __future__ import annotations

from django.urls import reverse

from hub.learning.access import reads_learning, spoc_agencies


def register(registry) -> None:
    from hub.learning.audits import jobs

    if returns_section not in registry.account_sections:
        registry.register_account_section(returns_section)
    registry.register_periodic_job(
        "learning.audit_reminders",
        jobs.send_reminders,
        description="Reminds SPOCs of audit returns due soon and overdue (each once per audit).",
    )


def home_card(request) -> dict | None:
    user = request.user
    if not (reads_learning(user) or spoc_agencies(user)):
        return None
    items = [{"label": "Audit programme by year", "url": reverse("learning:audits")}]
    if spoc_agencies(user):
        items.append({"label": "Your agency's audit returns", "url": reverse("learning:audit-returns")})
    if reads_learning(user):
        items.append({"label": "Recurring themes across audits", "url": reverse("learning:recurring-themes")})
    return {
        "title": "Multi-agency audits",
        "url": reverse("learning:audits"),
        "description": "Practitioner-led audits of cases, the grades agreed at moderation, and what they found.",
        "items": items,
    }


def returns_section(request) -> dict | None:
    """The account page card: audit returns the SPOC's agency still has to submit."""
    from hub.learning.audits.models import Audit, AuditReturn

    user = request.user
    agencies = spoc_agencies(user)
    if not agencies:
        return None
    drafts = (
        AuditReturn.objects.filter(agency__in=agencies, status=AuditReturn.Status.DRAFT)
        .filter(case__audit__status=Audit.Status.RETURNS)
        .select_related("case__audit", "agency")
        .order_by("case__audit__returns_due_on", "case__reference")
    )
    items = [
        {
            "label": f"{item.case.audit.title}: case {item.case.reference}",
            "url": item.get_absolute_url(),
            "hint": f"{item.agency.name}, due {item.case.audit.returns_due_on:%-d %B %Y}"
            if item.case.audit.returns_due_on
            else str(item.agency),
        }
        for item in drafts[:5]
    ]
    if not items:
        return None
    return {
        "title": "Audit returns",
        "url": reverse("learning:audit-returns"),
        "description": "Cases your agency has still to answer for the multi-agency audit.",
        "items": items,
    }
