"""How practitioner surveys join the rest of the Hub: their audit events and their card on /learning/."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse


def register(registry) -> None:
    # Importing the services registers the survey's audit event descriptions.
    from hub.learning.surveys import services  # noqa: F401


def home_card(request) -> dict | None:
    """The surveys card on the learning home page, for the people who may read survey results."""
    from hub.core.permissions import is_business_unit
    from hub.learning.surveys.models import Survey
    from hub.learning.surveys.views import reads_survey_results

    user = request.user
    business_unit = is_business_unit(user)
    if not (business_unit or reads_survey_results(user)):
        return None
    surveys = Survey.objects.annotate(response_count=Count("responses"))
    if not business_unit:
        surveys = surveys.exclude(status=Survey.Status.DRAFT)
    items = []
    for survey in surveys[:3]:
        items.append(
            {
                "label": str(survey),
                "url": survey.get_absolute_url(),
                "hint": f"{Survey.Availability(survey.availability()).label}, "
                f"{survey.response_count} response{'s' if survey.response_count != 1 else ''}",
            }
        )
    return {
        "title": "Practitioner surveys",
        "url": reverse("learning:survey-list"),
        "description": "What practitioners tell the partnership, anonymously, about their confidence, "
        "procedures, learning from reviews and training.",
        "items": items,
    }
