"""How independent scrutiny joins the rest of the Hub: the account page card and the learning home card."""

from __future__ import annotations

from django.urls import reverse

from hub.learning import access


def register(registry) -> None:
    from hub.learning.scrutiny import services  # noqa: F401  (registers the audit events)

    if account_section not in registry.account_sections:
        registry.register_account_section(account_section)


def _open_challenges(user):
    from hub.learning.scrutiny.models import Challenge

    agencies = access.spoc_agencies(user)
    if not agencies:
        return []
    return list(
        Challenge.objects.filter(to_agency__in=agencies, status=Challenge.Status.OPEN)
        .select_related("to_agency")
        .order_by("raised_on")
    )


def account_section(request) -> dict | None:
    """SPOCs: challenges to their agency still waiting for its response."""
    user = request.user
    if not user.is_authenticated:
        return None
    challenges = _open_challenges(user)
    if not challenges:
        return None
    return {
        "title": "Challenges from the independent scrutineer",
        "url": reverse("learning:scrutiny-challenges"),
        "description": "Challenges to your agency waiting for its response.",
        "items": [
            {
                "label": f"{challenge.to_agency.name}: {challenge.summary}",
                "url": challenge.get_absolute_url(),
                "hint": f"raised {challenge.raised_on:%-d %B %Y}",
            }
            for challenge in challenges
        ],
    }


def home_card(request) -> dict | None:
    user = request.user
    if access.reads_learning(user):
        return {
            "title": "Independent scrutiny",
            "url": reverse("learning:scrutiny"),
            "description": "The scrutiny plan, the scrutiny panel's reviews, the challenge log and the "
            "scrutineer's statement for the yearly report.",
            "items": [{"label": "Challenge log", "url": reverse("learning:scrutiny-challenges"), "hint": ""}],
        }
    if access.spoc_agencies(user):
        return {
            "title": "Challenges from the independent scrutineer",
            "url": reverse("learning:scrutiny-challenges"),
            "description": "Challenges the independent scrutineer has put to your agency, and its responses.",
            "items": [
                {"label": challenge.summary, "url": challenge.get_absolute_url(), "hint": "waiting for a response"}
                for challenge in _open_challenges(user)[:5]
            ],
        }
    return None
