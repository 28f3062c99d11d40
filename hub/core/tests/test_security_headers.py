"""Security headers on ordinary pages: a strict CSP with a per-response nonce, and the usual hardening."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from hub.core.middleware import HubCSPMiddleware

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.fixture
def page(client):
    return client.get(reverse("core:cookies"))


def test_public_pages_have_a_strict_content_security_policy(page):
    directives = csp_directives(page)
    assert directives["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]


def test_the_inline_scripts_carry_the_nonce_named_in_the_header(page):
    nonces = [word for word in csp_directives(page)["script-src"] if word.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    assert len(nonce) >= 16
    scripts = re.findall(r"<script\b[^>]*>", page.content.decode())
    assert scripts, "the layout has inline scripts"
    for tag in scripts:
        assert f'nonce="{nonce}"' in tag


def test_each_response_gets_a_fresh_nonce(client):
    first = csp_directives(client.get(reverse("core:cookies")))["script-src"]
    second = csp_directives(client.get(reverse("core:cookies")))["script-src"]
    assert first != second


def test_the_back_office_policy_is_relaxed_only_under_admin(rf):
    """Wagtail's admin needs inline scripts and styles; nowhere else gets them."""
    from django.http import HttpResponse

    middleware = HubCSPMiddleware(lambda request: HttpResponse("ok"))
    admin = middleware(rf.get("/admin/pages/"))
    assert "'unsafe-inline'" in csp_directives(admin)["script-src"]
    assert csp_directives(admin)["frame-ancestors"] == ["'none'"]
    for path in ("/", "/administration/", "/account/admin/"):
        response = middleware(rf.get(path))
        assert "'unsafe-inline'" not in csp_directives(response)["script-src"], path


def test_hardening_headers_on_a_normal_page(page):
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert page["X-Frame-Options"] == "DENY"
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"


def test_error_pages_have_the_same_headers(client):
    response = client.get("/no-such-page-here/")
    assert response.status_code == 404
    assert response["X-Frame-Options"] == "DENY"
    assert "'unsafe-inline'" not in csp_directives(response)["script-src"]


def test_cookies_are_http_only_and_same_site():
    client = Client()
    response = client.get(reverse("core:sign-in"))
    csrf = response.cookies["hub_csrf"]
    assert csrf["httponly"] is True
    assert csrf["samesite"] == "Lax"
    from hub.testing import PASSWORD, make_user

    make_user("headers@example.org", email_verified_at=timezone.now())
    response = client.post(reverse("core:sign-in"), {"email": "headers@example.org", "password": PASSWORD})
    session = response.cookies["hub_session"]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


@override_settings(
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)
def test_production_settings_send_hsts_and_secure_cookies_over_https():
    client = Client()
    response = client.get(reverse("core:sign-in"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response.cookies["hub_csrf"]["secure"] is True
    plain = client.get(reverse("core:cookies"))
    assert "Strict-Transport-Security" not in plain


@override_settings(SECURE_SSL_REDIRECT=True)
def test_production_redirects_plain_http_to_https():
    response = Client().get(reverse("core:cookies"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
