"""GET /api/v1/me: the caller's identity, roles and token."""

import pytest

from hub.core import roles
from hub.core.tokens import create_api_token
from hub.testing import grant_role

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


def test_me_with_a_personal_token_describes_the_person_and_the_token(client, personas):
    user = personas.spoc_a
    token, secret = create_api_token(actor=user, owner=user, name="My script")

    body = client.get(ME, headers={"Authorization": f"Bearer {secret}"}).json()

    assert body == {
        "uuid": str(user.uuid),
        "name": user.get_full_name(),
        "email": "spoc.a@example.org",
        "agency": {"code": "aga", "name": "Agency A"},
        "roles": [{"slug": "spoc", "name": "Single point of contact", "agency": {"code": "aga", "name": "Agency A"}}],
        "token": {"name": "My script", "kind": "personal", "agency": None, "prefix": token.key_prefix},
    }


def test_me_with_an_agency_token_names_the_agency_it_acts_for(client, personas):
    user = personas.business_unit
    _, secret = create_api_token(actor=user, owner=user, name="Police feed", agency=personas.agency_b)

    body = client.get(ME, headers={"Authorization": f"Bearer {secret}"}).json()

    assert body["email"] == "bu@example.org"
    assert body["agency"] is None
    assert body["roles"] == [{"slug": "business-unit", "name": "Business unit", "agency": None}]
    assert body["token"]["kind"] == "agency"
    assert body["token"]["agency"] == {"code": "agb", "name": "Agency B"}
    assert body["token"]["name"] == "Police feed"


def test_me_lists_every_role_the_person_holds(client_for, personas):
    grant_role(personas.spoc_a, roles.TRAINER)

    body = client_for(personas.spoc_a).get(ME).json()

    assert sorted(role["slug"] for role in body["roles"]) == ["spoc", "trainer"]


def test_me_with_a_session_has_no_token(client_for, personas):
    body = client_for(personas.practitioner).get(ME).json()
    assert body["token"] is None
    assert body["roles"] == [{"slug": "practitioner", "name": "Practitioner", "agency": None}]


def test_me_records_when_the_token_was_last_used(client, personas):
    token, secret = create_api_token(actor=personas.practitioner, owner=personas.practitioner, name="Script")
    assert token.last_used_at is None

    client.get(ME, headers={"Authorization": f"Bearer {secret}"})

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_me_takes_a_bounded_number_of_queries_whatever_the_roles(client, personas, django_assert_max_num_queries):
    _, secret = create_api_token(actor=personas.spoc_a, owner=personas.spoc_a, name="Script")
    for slug in (roles.TRAINER, roles.PRACTITIONER, roles.LINE_MANAGER):
        grant_role(personas.spoc_a, slug)
    client.get(ME, headers={"Authorization": f"Bearer {secret}"})  # records last use

    with django_assert_max_num_queries(2):
        response = client.get(ME, headers={"Authorization": f"Bearer {secret}"})
    assert len(response.json()["roles"]) == 4
