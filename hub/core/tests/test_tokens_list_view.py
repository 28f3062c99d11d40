"""core:api-tokens: the person's tokens, and everyone's active tokens for the business unit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub.core.tokens import create_api_token, revoke_api_token

pytestmark = pytest.mark.django_db

URL = reverse("core:api-tokens")


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign-in"))


def test_the_list_shows_the_persons_tokens_with_kind_prefix_and_status(client_for, personas):
    personal, _ = create_api_token(actor=personas.spoc_a, owner=personas.spoc_a, name="My script")
    agency, _ = create_api_token(actor=personas.spoc_a, owner=personas.spoc_a, name="Returns", agency=personas.agency_a)
    revoke_api_token(actor=personas.spoc_a, token=personal)
    create_api_token(actor=personas.practitioner, owner=personas.practitioner, name="Practitioner script")

    page = client_for(personas.spoc_a).get(URL).content.decode()

    assert "My script" in page and "Returns" in page
    assert "Practitioner script" not in page
    assert "Agency A (agency token)" in page
    assert "You (personal token)" in page
    assert personal.key_prefix in page and agency.key_prefix in page
    assert "Revoked" in page and "Active" in page
    assert "Never" in page
    assert reverse("core:api-token-revoke", args=[agency.uuid]) in page
    assert reverse("core:api-token-revoke", args=[personal.uuid]) not in page
    assert "Other people" not in page


def test_a_person_without_tokens_is_told_so(client_for, personas):
    page = client_for(personas.practitioner).get(URL).content.decode()
    assert "You have no API tokens." in page
    assert reverse("core:api-token-create") in page


def test_the_business_unit_also_sees_other_peoples_active_tokens(client_for, personas):
    active, _ = create_api_token(
        actor=personas.spoc_b, owner=personas.spoc_b, name="Police feed", agency=personas.agency_b
    )
    revoked, _ = create_api_token(actor=personas.practitioner, owner=personas.practitioner, name="Old script")
    revoke_api_token(actor=personas.practitioner, token=revoked)

    page = client_for(personas.business_unit).get(URL).content.decode()

    assert "Other people's active tokens" in page
    assert "Police feed" in page and "spoc.b@example.org" in page
    assert reverse("core:api-token-revoke", args=[active.uuid]) in page
    assert "Old script" not in page


def test_the_account_page_links_to_api_tokens(client_for, personas):
    page = client_for(personas.practitioner).get(reverse("core:account")).content.decode()
    assert URL in page
    assert "API tokens" in page


@pytest.mark.parametrize("persona", ["practitioner", "business_unit"])
def test_the_list_takes_the_same_queries_for_1_and_50_tokens(client_for, personas, persona):
    user = getattr(personas, persona)
    client = client_for(user)

    def add_tokens(count):
        for number in range(count):
            create_api_token(actor=user, owner=user, name=f"Mine {number}")
            create_api_token(
                actor=personas.spoc_a, owner=personas.spoc_a, name=f"Theirs {number}", agency=personas.agency_a
            )

    add_tokens(1)
    client.get(URL)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    add_tokens(49)
    with CaptureQueriesContext(connection) as fifty:
        page = client.get(URL).content.decode()
    assert "Mine 48" in page
    assert len(fifty.captured_queries) == len(one.captured_queries)
