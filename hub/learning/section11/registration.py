"""What Section 11 adds to shared pages: the account card for SPOCs, the reminder job and the learning home card."""

from __future__ import annotations

from django.urls import reverse

from hub.learning import access

ACCOUNT_ITEMS = 5


def _status_hint(assessment) -> str:
    due = f"{assessment.round.due_on:%-d %B %Y}"
    if assessment.is_draft:
        return f"Draft, due {due}" + (" (overdue)" if assessment.is_late() else "")
    return assessment.get_status_display()


def section11_account_section(request) -> dict | None:
    """The "Section 11" card on /account/: the SPOC's open self-assessments."""
    from hub.learning.section11.models import Section11Assessment, Section11Round

    user = request.user
    if not user.is_authenticated:
        return None
    agencies = access.spoc_agencies(user)
    if not agencies:
        return None
    assessments = list(
        Section11Assessment.objects.filter(agency__in=agencies, round__status=Section11Round.Status.OPEN)
        .select_related("round", "agency")
        .order_by("round__due_on", "agency__name")[:ACCOUNT_ITEMS]
    )
    items = [
        {
            "label": f"{assessment.agency.name} Section 11 {assessment.round.financial_year.label}",
            "url": assessment.get_absolute_url(),
            "hint": _status_hint(assessment),
        }
        for assessment in assessments
    ]
    return {
        "title": "Section 11 self-assessment",
        "url": reverse("learning:section11-home"),
        "description": "Your agency's Section 11 self-assessment: rate each standard with evidence and submit it."
        if items
        else "No Section 11 round is open for your agency.",
        "items": items,
    }


def home_card(request) -> dict | None:
    """The Section 11 card on /learning/: open assessments for a SPOC, rounds for readers."""
    from hub.learning.section11.models import Section11Assessment, Section11Round

    user = request.user
    agencies = access.spoc_agencies(user)
    reader = access.reads_learning(user)
    if not (agencies or reader):
        return None
    items = []
    if reader:
        for round_ in Section11Round.objects.order_by("-year")[:3]:
            items.append({"label": str(round_), "url": round_.get_absolute_url(), "hint": round_.get_status_display()})
    else:
        for assessment in (
            Section11Assessment.objects.filter(agency__in=agencies)
            .select_related("round", "agency")
            .order_by("-round__year")[:3]
        ):
            items.append(
                {
                    "label": f"{assessment.agency.name} {assessment.round.financial_year.label}",
                    "url": assessment.get_absolute_url(),
                    "hint": _status_hint(assessment),
                }
            )
    return {
        "title": "Section 11 self-assessment",
        "url": reverse("learning:section11-home"),
        "description": "How each agency rates its safeguarding arrangements against the Section 11 standards, "
        "with moderated ratings, challenge sessions and return rates.",
        "items": items,
    }


def register(registry) -> None:
    from hub.learning.section11 import jobs, services  # noqa: F401  (services registers the audit events)

    if section11_account_section not in registry.account_sections:
        registry.register_account_section(section11_account_section)
    registry.register_periodic_job(
        "learning.section11_reminders",
        jobs.send_reminders,
        description="Reminds SPOCs of Section 11 self-assessments due soon and overdue (each once per round).",
    )
