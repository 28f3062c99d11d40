"""core:api-token-revoke: a confirmation page, then a POST that revokes."""

import pytest
from django.urls import reverse

from hub.core.models import AuditEntry
from hub.core.tokens import create_api_token, revoke_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(personas):
    token, _ = create_api_token(actor=personas.spoc_a, owner=personas.spoc_a, name="Returns", agency=personas.agency_a)
    return token


def url(token):
    return reverse("core:api-token-revoke", args=[token.uuid])


def test_the_owner_sees_a_confirmation_page_first(client_for, personas, token):
    response = client_for(personas.spoc_a).get(url(token))

    page = response.content.decode()
    assert "Revoke the API token ‘Returns’" in page
    assert "Agency A (agency token)" in page
    assert "stop working at once" in page
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_owner_revokes_their_token(client_for, personas, token):
    client = client_for(personas.spoc_a)

    response = client.post(url(token))

    assert response.status_code == 302
    assert response["Location"] == reverse("core:api-tokens")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.get(action="core.api_token.revoked").actor == personas.spoc_a
    assert "has been revoked" in client.get(response["Location"]).content.decode()


def test_the_business_unit_can_revoke_anyones_token(client_for, personas, token):
    client_for(personas.business_unit).post(url(token))

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.get(action="core.api_token.revoked").actor == personas.business_unit


@pytest.mark.parametrize("persona", ["spoc_b", "practitioner", "scrutineer", "executive"])
def test_other_people_get_404_and_the_token_stays_active(client_for, personas, token, persona):
    client = client_for(getattr(personas, persona))

    assert client.get(url(token)).status_code == 404
    assert client.post(url(token)).status_code == 404

    token.refresh_from_db()
    assert token.revoked_at is None
    assert AuditEntry.objects.filter(action="core.permission.refused").exists()


def test_revoking_an_already_revoked_token_explains_it(client_for, personas, token):
    revoke_api_token(actor=personas.spoc_a, token=token)
    client = client_for(personas.spoc_a)

    assert "This token was revoked on" in client.get(url(token)).content.decode()
    response = client.post(url(token))
    assert response.status_code == 200
    assert "already been revoked" in response.content.decode()
    assert "<title>Error: " in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, token):
    response = client.post(url(token))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign-in"))
    token.refresh_from_db()
    assert token.revoked_at is None
