"""The learning home page: a card for each part of the learning work the person may see."""

from __future__ import annotations

from importlib import import_module

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from hub.core.permissions import refuse
from hub.learning.apps import AREAS


@login_required
def home(request):
    cards = []
    for area in AREAS:
        card = import_module(f"hub.learning.{area}.registration").home_card(request)
        if card:
            cards.append(card)
    if not cards:
        raise refuse(request, "learning")
    return render(
        request,
        "learning/home.html",
        {"cards": cards, "crumbs": [("Home", "/"), ("Learning and improvement", "")]},
    )
