"""API tokens in the signed-in area: list, create (secret shown once) and revoke."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from hub.core.errors import DomainError
from hub.core.forms.tokens import ApiTokenForm
from hub.core.models import ApiToken
from hub.core.permissions import is_business_unit, refuse
from hub.core.tokens import agencies_for_agency_tokens, create_api_token, may_manage_token, revoke_api_token

# The new secret waits in the session until the next page shows it, then is removed. A secret
# nobody came back for within this time is dropped instead of shown.
PENDING_TOKEN_SESSION_KEY = "hub_new_api_token"  # noqa: S105 - a session key name, not a secret
SECRET_SHOWN_WITHIN = timedelta(minutes=10)


def _crumbs(*extra):
    return [("Your account", reverse("core:account")), *extra]


def _get_token_for_user(request, token_uuid) -> ApiToken:
    """The token, if the signed-in person may manage it; 404 otherwise."""
    token = ApiToken.objects.select_related("user", "agency").filter(uuid=token_uuid).first()
    if token is None or not may_manage_token(request.user, token):
        raise refuse(request, "API token")
    return token


@login_required
def api_tokens(request):
    # A secret whose page was skipped is not kept for later.
    request.session.pop(PENDING_TOKEN_SESSION_KEY, None)
    own = ApiToken.objects.filter(user=request.user).select_related("agency")
    others = None
    if is_business_unit(request.user):
        others = (
            ApiToken.objects.filter(revoked_at__isnull=True)
            .exclude(user=request.user)
            .select_related("user", "agency")
            .order_by("agency__name", "user__last_name", "-created_at")
        )
    return render(
        request,
        "core/tokens/list.html",
        {"tokens": own, "others": others, "crumbs": _crumbs(("API tokens", None))},
    )


@login_required
def api_token_create(request):
    form = ApiTokenForm(request.POST or None, agencies=agencies_for_agency_tokens(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = create_api_token(
                actor=request.user,
                owner=request.user,
                name=form.cleaned_data["name"],
                agency=form.cleaned_data.get("agency"),
                request=request,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            request.session[PENDING_TOKEN_SESSION_KEY] = {
                "token": str(token.uuid),
                "secret": secret,
                "at": timezone.now().isoformat(),
            }
            return redirect("core:api-token-created", token_uuid=token.uuid)
    return render(
        request,
        "core/tokens/create.html",
        {"form": form, "crumbs": _crumbs(("API tokens", reverse("core:api-tokens")), ("Create a token", None))},
    )


@never_cache
@login_required
def api_token_created(request, token_uuid):
    """Shows the new token's secret once. The secret leaves the session as it is shown."""
    token = _get_token_for_user(request, token_uuid)
    pending = request.session.get(PENDING_TOKEN_SESSION_KEY)
    secret = None
    if pending and pending.get("token") == str(token.uuid):
        del request.session[PENDING_TOKEN_SESSION_KEY]
        if timezone.now() - datetime.fromisoformat(pending["at"]) <= SECRET_SHOWN_WITHIN and token.is_active:
            secret = pending["secret"]
    return render(
        request,
        "core/tokens/created.html",
        {
            "token": token,
            "secret": secret,
            "api_me_url": settings.SITE_URL.rstrip("/") + reverse("api:me"),
            "crumbs": _crumbs(("API tokens", reverse("core:api-tokens")), (token.name, None)),
        },
    )


@login_required
def api_token_revoke(request, token_uuid):
    token = _get_token_for_user(request, token_uuid)
    error = None
    if request.method == "POST":
        try:
            revoke_api_token(actor=request.user, token=token, request=request)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, f"The token ‘{token.name}’ has been revoked. Calls using it are now refused.")
            return redirect("core:api-tokens")
    return render(
        request,
        "core/tokens/revoke.html",
        {
            "token": token,
            "error": error,
            "page_has_errors": bool(error),
            "crumbs": _crumbs(("API tokens", reverse("core:api-tokens")), ("Revoke a token", None)),
        },
    )
