from __future__ import annotations

from datetime import datetime

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib.auth import logout
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode


class HubCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere, relaxed for the staff back office.

    Wagtail's admin still relies on some inline scripts and styles; it is only reachable by signed-in
    staff with two-factor sign-in, so it gets ``'unsafe-inline'`` while public pages do not.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith("/admin/"):
            parts.replace = {
                "script-src": ["'self'", "'unsafe-inline'"],
                "style-src": ["'self'", "'unsafe-inline'"],
                "img-src": ["'self'", "data:", "blob:"],
            }
            parts.nonce = None
        return parts


def _exempt(path: str) -> bool:
    return path.startswith((settings.STATIC_URL, "/healthz", "/api/"))


class IdleTimeoutMiddleware:
    """Signs out people who must use two-factor sign-in after a spell without any request."""

    SESSION_KEY = "hub_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.requires_two_factor and not _exempt(request.path_info):
            now = timezone.now()
            last_seen = request.session.get(self.SESSION_KEY)
            if last_seen and now - datetime.fromisoformat(last_seen) > settings.STAFF_IDLE_TIMEOUT:
                from hub.core.audit import log_action

                log_action("core.user.timed_out", actor=user, obj=user, request=request)
                logout(request)
                messages.info(request, "You were signed out because you had not used the Hub for a while.")
                query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
                return redirect(reverse("core:sign-in") + (f"?{query}" if query else ""))
            request.session[self.SESSION_KEY] = now.isoformat()
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Sends people whose roles require two-factor sign-in to set it up or enter a code first."""

    ALLOWED_NAMES = {"core:two-factor-setup", "core:two-factor-verify", "core:sign-out", "core:healthz"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.requires_two_factor
            and not user.is_verified()
            and not _exempt(request.path_info)
            and not self._allowed(request)
        ):
            from django_otp import devices_for_user

            target = "core:two-factor-verify" if any(devices_for_user(user)) else "core:two-factor-setup"
            next_url = request.get_full_path()
            if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                next_url = reverse("core:account")
            return redirect(reverse(target) + "?" + urlencode({"next": next_url}))
        return self.get_response(request)

    def _allowed(self, request) -> bool:
        match = getattr(request, "resolver_match", None)
        if match is None:
            from django.urls import Resolver404, resolve

            try:
                match = resolve(request.path_info)
            except Resolver404:
                return False
        return match.view_name in self.ALLOWED_NAMES
