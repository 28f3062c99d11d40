"""API tokens: creating, revoking and checking the bearer tokens agency systems and people use.

A token is either *personal* (it acts as the person who created it) or an *agency* token (it acts
for one agency, on behalf of the person who created it: that person must be the agency's single
point of contact or work in the business unit). Only a SHA-256 digest of the secret is stored;
the secret itself is returned once by ``create_api_token`` and never logged.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from hub.core import roles
from hub.core.audit import log_action, register_event
from hub.core.errors import DomainError
from hub.core.models import Agency, ApiToken, User
from hub.core.permissions import is_business_unit

# Writing ``last_used_at`` on every request would turn each API read into a database write;
# once a minute is precise enough for people deciding whether a token is still in use.
LAST_USED_PRECISION = timedelta(minutes=1)

# Secrets are ``hub_`` followed by 43 URL-safe characters. Anything far longer cannot be one of
# ours, so it is refused before hashing.
MAX_SECRET_LENGTH = 100


class TokenRefused(DomainError):
    """The presented token cannot be used; ``message`` says why, for the API caller."""


@dataclass(frozen=True)
class ApiCaller:
    """Who is calling the API: ``request.auth`` on every authenticated API request.

    ``token`` is None when the caller signed in with a session. ``agency`` is set for agency
    tokens: the call is made for that agency, on behalf of ``user``.
    """

    user: User
    token: ApiToken | None = None

    @property
    def agency(self) -> Agency | None:
        return self.token.agency if self.token is not None else None

    @property
    def is_agency_token(self) -> bool:
        return self.token is not None and self.token.agency_id is not None


def token_kind(token: ApiToken) -> str:
    return "agency" if token.agency_id else "personal"


def agencies_for_agency_tokens(user) -> list[Agency]:
    """Agencies ``user`` may create agency tokens for: every active agency for the business unit,
    otherwise the active agencies they are single point of contact for."""
    if not user.is_authenticated:
        return []
    if is_business_unit(user):
        return list(Agency.objects.filter(is_active=True))
    return sorted((agency for agency in user.agencies_with_role(roles.SPOC) if agency.is_active), key=lambda a: a.name)


def may_act_for_agency(user, agency: Agency) -> bool:
    return bool(agency.is_active and (is_business_unit(user) or user.has_role(roles.SPOC, agency=agency)))


def may_manage_token(user, token: ApiToken) -> bool:
    """People manage their own tokens; the business unit manages everyone's."""
    return bool(user.is_authenticated and (token.user_id == user.pk or is_business_unit(user)))


def create_api_token(
    *, actor: User | None, owner: User, name: str, agency: Agency | None = None, request=None
) -> tuple[ApiToken, str]:
    """Create a personal token for ``owner`` (or an agency token when ``agency`` is given).

    Returns the token and its secret. The secret is not stored and cannot be recovered: show it
    to the person once. ``actor`` is None when an operator runs the management command.
    Raises ``DomainError`` when the owner cannot hold the token.
    """
    name = (name or "").strip()
    if not name:
        raise DomainError("Enter a name for the token", field="name")
    if not owner.is_active:
        raise DomainError(f"{owner.email} is not an active account, so it cannot hold API tokens")
    if agency is not None and not may_act_for_agency(owner, agency):
        if not agency.is_active:
            raise DomainError(f"{agency.name} is no longer an active agency", field="agency")
        raise DomainError(
            f"Only the business unit or a single point of contact for {agency.name} can create its agency tokens",
            field="agency",
        )
    secret = ApiToken.generate_secret()
    with transaction.atomic():
        token = ApiToken.objects.create(
            name=name,
            user=owner,
            agency=agency,
            key_prefix=secret[:12],
            key_digest=ApiToken.digest(secret),
        )
        log_action(
            "core.api_token.created",
            actor=actor,
            obj=token,
            data=_audit_data(token),
            request=request,
        )
    return token, secret


def _audit_data(token: ApiToken) -> dict:
    """What the audit log records about a token: never its secret."""
    return {
        "name": token.name,
        "kind": token_kind(token),
        "owner": token.user.email,
        "agency": token.agency.short_code if token.agency_id else None,
        "prefix": token.key_prefix,
    }


def revoke_api_token(*, actor: User | None, token: ApiToken, request=None) -> ApiToken:
    """Revoke ``token`` at once; calls using it are refused from then on.

    The caller has already checked that ``actor`` may manage the token. Raises ``DomainError``
    when it was already revoked.
    """
    with transaction.atomic():
        token = ApiToken.objects.select_for_update(of=("self",)).select_related("user", "agency").get(pk=token.pk)
        if token.revoked_at is not None:
            raise DomainError("This token has already been revoked")
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action(
            "core.api_token.revoked",
            actor=actor,
            obj=token,
            data=_audit_data(token),
            request=request,
        )
    return token


def authenticate_token(secret: str) -> ApiToken:
    """The active token whose secret is ``secret``, with its user and agency loaded.

    Raises ``TokenRefused`` with a message for the caller when the secret is unknown, revoked,
    belongs to a closed account, or is an agency token its creator may no longer use.
    Records the time of use, at most once a minute per token.
    """
    secret = (secret or "").strip()
    if not secret.startswith(ApiToken.PREFIX) or len(secret) > MAX_SECRET_LENGTH:
        raise TokenRefused("The API token is not valid. Check that you copied all of it.")
    digest = ApiToken.digest(secret)
    # The lookup is by digest, so response times say nothing about how close a guess was; the
    # comparison below is constant-time so the final check does not either.
    token = ApiToken.objects.select_related("user__agency", "agency").filter(key_digest=digest).first()
    if token is None or not hmac.compare_digest(token.key_digest, digest):
        raise TokenRefused("The API token is not valid. Check that you copied all of it.")
    if token.revoked_at is not None:
        raise TokenRefused("This API token has been revoked. Create a new one in your account.")
    if not token.user.is_active:
        raise TokenRefused("The account this API token belongs to has been closed.")
    if token.agency_id is not None and not may_act_for_agency(token.user, token.agency):
        raise TokenRefused(
            f"The person who created this token can no longer act for {token.agency.name}. "
            "Ask the agency's single point of contact for a new token."
        )
    _record_use(token)
    return token


def _record_use(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return
    # The condition in the query keeps concurrent requests from writing the same minute twice.
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_PRECISION)
    ).update(last_used_at=now)
    token.last_used_at = now


def account_section(request) -> dict | None:
    if not request.user.is_authenticated:
        return None
    return {
        "title": "API tokens",
        "url": reverse("core:api-tokens"),
        "description": "Create and revoke tokens that let your own scripts or your agency's systems use the Hub's API.",
        "items": [],
    }


def register_account_section() -> None:
    """Adds the "API tokens" card to the account page; called once from the core app's ready()."""
    from hub.core.registry import registry

    registry.register_account_section(account_section)


register_event("core.api_token.created", "API token created")
register_event("core.api_token.revoked", "API token revoked")
