"""Signing in and out, and the signed-in person's own area."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from hub.core.forms.accounts import SignInForm


def safe_next_url(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def sign_in(request):
    if request.user.is_authenticated:
        return redirect(safe_next_url(request, reverse("core:account")))
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user(), backend="hub.core.auth.EmailBackend")
        return redirect(safe_next_url(request, reverse("core:account")))
    status = 429 if "locked_out" in {e.code for e in form.non_field_errors().as_data()} else 200
    return render(
        request,
        "core/accounts/sign_in.html",
        {"form": form, "next": safe_next_url(request, "")},
        status=status,
    )


@require_POST
def sign_out(request):
    """Ends the session on the server, not just in the browser."""
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("/")


@login_required
def account(request):
    return render(request, "core/accounts/account.html", {"sections": account_sections(request)})


def account_sections(request) -> list[dict]:
    """Cards on the account page, contributed by each area through ``registry.account_sections``."""
    from hub.core.registry import registry

    sections = []
    for provider in registry.account_sections:
        section = provider(request)
        if section:
            sections.append(section)
    return sections
