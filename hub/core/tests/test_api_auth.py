"""Who may call the API: bearer tokens, signed-in sessions (with CSRF for changes), and refusals."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from django.test import RequestFactory
from ninja.errors import AuthenticationError, HttpError

from hub.core.api import SessionAuth
from hub.core.tokens import ApiCaller, create_api_token, revoke_api_token
from hub.testing import make_user

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def test_a_call_without_credentials_gets_401_json_with_a_bearer_challenge(client):
    response = client.get(ME)

    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json() == {"detail": "Sign in, or send an API token in the header 'Authorization: Bearer <token>'."}


def test_a_valid_bearer_token_is_accepted(client, personas):
    _, secret = create_api_token(actor=personas.practitioner, owner=personas.practitioner, name="Script")

    response = client.get(ME, headers=bearer(secret))

    assert response.status_code == 200
    assert response.json()["email"] == "practitioner@example.org"


def test_a_wrong_token_gets_401_saying_the_token_is_not_valid(client, personas):
    _, secret = create_api_token(actor=personas.practitioner, owner=personas.practitioner, name="Script")

    response = client.get(ME, headers=bearer(secret[:-2] + "zz"))

    assert response.status_code == 401
    assert response.json() == {"detail": "The API token is not valid. Check that you copied all of it."}
    assert response["WWW-Authenticate"] == 'Bearer realm="api", error="invalid_token"'


def test_a_revoked_token_gets_401(client, personas):
    token, secret = create_api_token(actor=personas.practitioner, owner=personas.practitioner, name="Script")
    revoke_api_token(actor=personas.practitioner, token=token)

    response = client.get(ME, headers=bearer(secret))

    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_a_token_of_a_closed_account_gets_401(client, personas):
    _, secret = create_api_token(actor=personas.practitioner, owner=personas.practitioner, name="Script")
    personas.practitioner.is_active = False
    personas.practitioner.save()

    response = client.get(ME, headers=bearer(secret))

    assert response.status_code == 401
    assert "closed" in response.json()["detail"]


def test_a_wrong_token_is_refused_even_with_a_signed_in_session(client_for, personas):
    client = client_for(personas.practitioner)

    response = client.get(ME, headers=bearer("hub_not-a-real-token"))

    assert response.status_code == 401


def test_another_authorization_scheme_is_answered_with_401(client):
    response = client.get(ME, headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]


def test_a_signed_in_session_can_read(client_for, personas):
    response = client_for(personas.spoc_a).get(ME)

    assert response.status_code == 200
    assert response.json()["email"] == "spoc.a@example.org"
    assert response.json()["token"] is None


def test_a_session_that_has_not_finished_two_factor_sign_in_is_refused(client):
    staff = make_user("staff@example.org", roles_=("business-unit",))
    client.force_login(staff, backend="hub.core.auth.EmailBackend")

    response = client.get(ME)

    assert response.status_code == 401
    assert "two-factor" in response.json()["detail"]


def _session_post(user, csrf_header: str | None):
    """A POST from a signed-in browser session, as it reaches the API's session check."""
    factory = RequestFactory()
    secret = _get_new_csrf_string()
    headers = {"X-CSRFToken": _mask_cipher_secret(secret)} if csrf_header == "valid" else {}
    if csrf_header == "wrong":
        headers = {"X-CSRFToken": _mask_cipher_secret(_get_new_csrf_string())}
    request = factory.post(ME, data="{}", content_type="application/json", headers=headers)
    request.COOKIES["hub_csrf"] = secret
    request.session = SessionStore()
    request.user = user
    user.is_verified = lambda: True
    return request


def test_a_session_post_without_the_csrf_token_is_refused(personas):
    request = _session_post(personas.spoc_a, csrf_header=None)
    with pytest.raises(HttpError) as refusal:
        SessionAuth()(request)
    assert refusal.value.status_code == 403
    assert "CSRF" in refusal.value.message


def test_a_session_post_with_a_wrong_csrf_token_is_refused(personas):
    request = _session_post(personas.spoc_a, csrf_header="wrong")
    with pytest.raises(HttpError):
        SessionAuth()(request)


def test_a_session_post_with_the_csrf_token_is_accepted(personas):
    request = _session_post(personas.spoc_a, csrf_header="valid")
    assert SessionAuth()(request) == ApiCaller(user=personas.spoc_a)


def test_a_signed_out_post_is_unauthenticated_rather_than_a_csrf_failure():
    request = RequestFactory().post(ME, data="{}", content_type="application/json")
    request.session = SessionStore()
    request.user = AnonymousUser()
    assert SessionAuth()(request) is None


def test_a_session_user_needing_two_factor_must_be_verified(db):
    staff = make_user("staff@example.org", roles_=("business-unit",))
    request = RequestFactory().get(ME)
    request.user = staff
    staff.is_verified = lambda: False
    with pytest.raises(AuthenticationError):
        SessionAuth()(request)


def test_changes_through_the_api_need_a_csrf_token_only_for_sessions_not_for_tokens(client, personas):
    # /me only answers GET: any other method is 405 in JSON whichever way the caller signed in.
    _, secret = create_api_token(actor=personas.practitioner, owner=personas.practitioner, name="Script")
    response = client.post(ME, data={}, headers=bearer(secret))
    assert response.status_code == 405
    assert response.json() == {"detail": "Method POST is not allowed here."}
    assert response["Allow"] == "GET"
