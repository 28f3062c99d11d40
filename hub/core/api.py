"""The Hub's API at ``/api/v1/``: one django-ninja instance, its authentication and error format.

Callers authenticate with the session of a signed-in person (unsafe methods then need the CSRF
token) or with ``Authorization: Bearer <token>`` (see ``hub.core.tokens``). ``request.auth`` is an
``ApiCaller`` carrying the person and, for token calls, the token and its agency. Every answer is
JSON, errors included: ``{"detail": "..."}``, with ``errors`` listing fields for a 422.

Other apps add their endpoints from their own ``api.py``, imported in their AppConfig.ready()::

    router = Router(tags=["Actions"])
    add_router("/actions/", router)
"""

from __future__ import annotations

import logging
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import re_path
from ninja import NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from hub.core.errors import DomainError
from hub.core.models import Agency, Theme
from hub.core.tokens import ApiCaller, TokenRefused, authenticate_token, token_kind

logger = logging.getLogger("hub.api")

NOT_SIGNED_IN = "Sign in, or send an API token in the header 'Authorization: Bearer <token>'."
NOT_FOUND = "Not found."
SERVER_ERROR = (
    "Something went wrong on our side and the request was not completed. "
    "Try again later; if it keeps happening, contact the partnership business unit."
)


class TokenAuthenticationError(AuthenticationError):
    """A bearer token was presented and refused (RFC 6750 ``invalid_token``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message=message)


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``. A token that is present but unusable is refused outright
    (no fall back to the session), so a caller learns at once that their token is wrong."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiCaller:
        try:
            api_token = authenticate_token(token)
        except TokenRefused as refusal:
            raise TokenAuthenticationError(refusal.message) from None
        request.user = api_token.user
        return ApiCaller(user=api_token.user, token=api_token)


class SessionAuth(APIKeyCookie):
    """The session of a person signed in to the Hub's pages.

    django-ninja's own SessionAuth checks CSRF before it knows whether anyone is signed in, which
    answers a signed-out POST with "CSRF check failed" rather than 401. This one checks the session
    first, then CSRF for unsafe methods, and also refuses sessions that have not finished
    two-factor sign-in (the two-factor middleware leaves ``/api/`` alone).
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiCaller | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if user.requires_two_factor and not (hasattr(user, "is_verified") and user.is_verified()):
            raise AuthenticationError(
                message="Finish signing in with your two-factor code before using the API, or use an API token."
            )
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE") and check_csrf(request) is not None:
            raise HttpError(
                403,
                "CSRF check failed. Send the CSRF token in the X-CSRFToken header when using your "
                "signed-in session, or use an API token instead.",
            )
        return ApiCaller(user=user)


api = NinjaAPI(
    title="Safeguarding Partnership Hub API",
    version="1",
    description=(
        "Reference data and the caller's identity for partner agencies' systems. "
        "Authenticate with 'Authorization: Bearer <token>' (tokens are created in your account "
        "or with the create_api_token command) or with a signed-in session plus CSRF token."
    ),
    urls_namespace="api",
    # The interactive docs page loads its scripts from a CDN, which the Hub's content security
    # policy forbids. The schema at /api/v1/openapi.json is the reference, introduced in docs/api.md.
    docs_url=None,
    auth=[BearerTokenAuth(), SessionAuth()],
)


def add_router(prefix: str, router: Router, **kwargs) -> None:
    """Mount another app's router under ``/api/v1/<prefix>``. Call it from the app's ready()."""
    if not (prefix.startswith("/") and prefix.endswith("/")):
        raise ValueError(f"API router prefixes start and end with '/', for example '/actions/'; got {prefix!r}")
    api.add_router(prefix, router, **kwargs)


# Errors ------------------------------------------------------------------------------------


def _error(request: HttpRequest, status: int, detail: str, **extra) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc: AuthenticationError):
    # ninja raises a bare AuthenticationError ("Unauthorized") when no method recognised the caller.
    message = NOT_SIGNED_IN if exc.message == AuthenticationError().message else exc.message
    response = _error(request, 401, message)
    challenge = 'Bearer realm="api"'
    if isinstance(exc, TokenAuthenticationError):
        challenge += ', error="invalid_token"'
    response["WWW-Authenticate"] = challenge
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _error(request, exc.status_code, exc.message)


@api.exception_handler(Http404)
def _not_found(request, exc: Http404):
    return _error(request, 404, NOT_FOUND)


@api.exception_handler(PermissionDenied)
def _permission_denied(request, exc: PermissionDenied):
    return _error(request, 403, str(exc) or "You do not have permission to do this.")


@api.exception_handler(ValidationError)
def _invalid_request(request, exc: ValidationError):
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        errors.append(
            {
                "location": location[0] if location else "",
                "field": ".".join(location[1:]),
                "message": error.get("msg", "This value is not valid"),
                "type": error.get("type", ""),
            }
        )
    return _error(request, 422, "The request is not valid. Correct the fields listed in 'errors'.", errors=errors)


@api.exception_handler(DomainError)
def _domain_error(request, exc: DomainError):
    errors = [{"location": "body", "field": exc.field, "message": exc.message}] if exc.field else []
    return _error(request, 422, exc.message, errors=errors)


@api.exception_handler(DjangoValidationError)
def _model_validation_error(request, exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        errors = [
            {"location": "body", "field": field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"location": "body", "field": "", "message": message} for message in exc.messages]
    return _error(request, 422, "The request is not valid. Correct the fields listed in 'errors'.", errors=errors)


@api.exception_handler(Exception)
def _server_error(request, exc: Exception):
    logger.exception("API request failed: %s %s", request.method, request.path, exc_info=exc)
    return _error(request, 500, SERVER_ERROR)


# Identity and reference data ---------------------------------------------------------------


class ErrorOut(Schema):
    detail: str


# Answers every endpoint can give besides its own; listed so the schema shows the error format.
COMMON_ERRORS = {401: ErrorOut}


class AgencyRef(Schema):
    code: str
    name: str


class RoleOut(Schema):
    slug: str
    name: str
    agency: AgencyRef | None


class TokenOut(Schema):
    name: str
    kind: str
    agency: AgencyRef | None
    prefix: str


class MeOut(Schema):
    uuid: str
    name: str
    email: str
    agency: AgencyRef | None
    roles: list[RoleOut]
    token: TokenOut | None


class AgencyOut(Schema):
    code: str
    name: str
    sector: str
    sector_label: str
    statutory_partner: bool


class ThemeOut(Schema):
    name: str
    slug: str
    improvement_theme: bool


def _agency_ref(agency: Agency | None) -> dict | None:
    return {"code": agency.short_code, "name": agency.name} if agency is not None else None


@api.get("/me", response={200: MeOut, **COMMON_ERRORS}, url_name="me", tags=["Identity"], summary="Who is calling")
def me(request):
    """The person (and, for token calls, the token and its agency) the request acts as."""
    caller: ApiCaller = request.auth
    user = caller.user
    token = caller.token
    return {
        "uuid": str(user.uuid),
        "name": user.get_full_name(),
        "email": user.email,
        "agency": _agency_ref(user.agency),
        "roles": [
            {"slug": a.role.slug, "name": a.role.name, "agency": _agency_ref(a.agency)}
            for a in user.active_role_assignments()
        ],
        "token": None
        if token is None
        else {
            "name": token.name,
            "kind": token_kind(token),
            "agency": _agency_ref(token.agency),
            "prefix": token.key_prefix,
        },
    }


@api.get(
    "/agencies",
    response={200: list[AgencyOut], **COMMON_ERRORS},
    url_name="agencies",
    tags=["Reference data"],
    summary="Agencies",
)
def agencies(request):
    """The partnership's active agencies, by name."""
    return [
        {
            "code": agency.short_code,
            "name": agency.name,
            "sector": agency.sector,
            "sector_label": agency.get_sector_display(),
            "statutory_partner": agency.is_statutory_partner,
        }
        for agency in Agency.objects.filter(is_active=True).order_by("name")
    ]


@api.get(
    "/themes",
    response={200: list[ThemeOut], **COMMON_ERRORS},
    url_name="themes",
    tags=["Reference data"],
    summary="Practice themes",
)
def themes(request):
    """The partnership's active practice themes, by name."""
    return [
        {"name": theme.name, "slug": theme.slug, "improvement_theme": theme.is_improvement_theme}
        for theme in Theme.objects.filter(is_active=True).order_by("name")
    ]


# URLs --------------------------------------------------------------------------------------


def _json_answers(view):
    """Answers that django-ninja leaves to Django (the API root's 404, a wrong method's plain-text
    405) are given in JSON, like everything else under the API."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return JsonResponse({"detail": NOT_FOUND}, status=404)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", "")
            json_response = JsonResponse({"detail": f"Method {request.method} is not allowed here."}, status=405)
            json_response["Allow"] = allowed
            return json_response
        return response

    return wrapper


def _unknown_path(request, rest=""):
    return JsonResponse({"detail": NOT_FOUND}, status=404)


def api_urls():
    """The API's URL patterns for ``path("api/v1/", api_urls())``: everything the API serves,
    then a JSON 404 for any other path under it. Routers must all be added before this runs."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _json_answers(pattern.callback)
    patterns.append(re_path(r"^(?P<rest>.*)$", _unknown_path, name="not-found"))
    return patterns, app_name, namespace
