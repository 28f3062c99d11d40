from __future__ import annotations

from datetime import datetime

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.messages.storage import default_storage
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


# Set at sign-in for people who have an authenticator app: their session counts only once they
# have entered a code too, whether or not their roles require two-factor sign-in.
TWO_FACTOR_PENDING_SESSION_KEY = "hub_two_factor_pending"


class IdleTimeoutMiddleware:
    """Signs out people who must use two-factor sign-in after a spell without any request."""

    SESSION_KEY = "hub_last_seen"
    MESSAGE = "You were signed out because you had not used the Hub for a while. Sign in again to carry on."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.requires_two_factor and not _exempt(request.path_info):
            now = timezone.now()
            last_seen = request.session.get(self.SESSION_KEY)
            if last_seen and now - datetime.fromisoformat(last_seen) > settings.STAFF_IDLE_TIMEOUT:
                return self._sign_out(request, user)
            request.session[self.SESSION_KEY] = now.isoformat()
        return self.get_response(request)

    def _sign_out(self, request, user):
        from hub.core.audit import log_action

        log_action("core.user.timed_out", actor=user, obj=user, request=request)
        logout(request)
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        response = redirect(reverse("core:sign-in") + (f"?{query}" if query else ""))
        # This runs before the message middleware, so the message is stored here directly.
        storage = default_storage(request)
        storage.add(messages.INFO, self.MESSAGE)
        storage.update(response)
        return response


class TwoFactorRequiredMiddleware:
    """Sends people who need a second factor to set one up or enter a code before anything else.

    That is everyone whose roles require two-factor sign-in, and anyone who has set it up and has
    so far only entered their password. Covers every page, the Wagtail back office under /admin/
    and the account pages alike; only the pages that let a person pass the check, sign out or
    report health are left open.
    """

    ALLOWED_NAMES = {"core:two-factor-setup", "core:two-factor-verify", "core:sign-out", "core:healthz"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and (user.requires_two_factor or request.session.get(TWO_FACTOR_PENDING_SESSION_KEY))
            and not user.is_verified()
            and not _exempt(request.path_info)
            and not self._allowed(request)
        ):
            from django_otp import user_has_device

            has_device = user_has_device(user, confirmed=True)
            if not has_device and not user.requires_two_factor:
                # Their authenticator app was removed since they entered their password.
                request.session.pop(TWO_FACTOR_PENDING_SESSION_KEY, None)
                return self.get_response(request)
            target = "core:two-factor-verify" if has_device else "core:two-factor-setup"
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
