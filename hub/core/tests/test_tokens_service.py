"""create_api_token, revoke_api_token and authenticate_token."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from hub.core import roles
from hub.core.errors import DomainError
from hub.core.models import ApiToken, AuditEntry
from hub.core.tokens import (
    TokenRefused,
    agencies_for_agency_tokens,
    authenticate_token,
    create_api_token,
    revoke_api_token,
)
from hub.testing import make_agency, make_user

pytestmark = pytest.mark.django_db

NOON = datetime(2022, 6, 1, 12, 0, tzinfo=UTC)


def test_creating_a_token_stores_only_the_digest_of_its_secret(personas):
    token, secret = create_api_token(actor=personas.practitioner, owner=personas.practitioner, name="My script")

    token.refresh_from_db()
    assert secret.startswith("hub_") and len(secret) > 40
    assert token.key_digest == ApiToken.digest(secret)
    assert token.key_prefix == secret[:12]
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert all(secret not in str(value) for value in stored.values())
    assert token.agency is None
    assert token.user == personas.practitioner


def test_creating_a_token_writes_an_audit_entry_without_the_secret(personas):
    token, secret = create_api_token(
        actor=personas.spoc_a, owner=personas.spoc_a, name="Returns", agency=personas.agency_a
    )

    entry = AuditEntry.objects.get(action="core.api_token.created")
    assert entry.actor == personas.spoc_a
    assert entry.object_id == str(token.pk)
    assert entry.data["kind"] == "agency"
    assert entry.data["agency"] == "aga"
    assert secret not in str(entry.data)
    assert secret[12:] not in entry.object_repr


def test_each_token_gets_a_different_secret(personas):
    _, first = create_api_token(actor=personas.practitioner, owner=personas.practitioner, name="One")
    _, second = create_api_token(actor=personas.practitioner, owner=personas.practitioner, name="Two")
    assert first != second


def test_a_token_needs_a_name(personas):
    with pytest.raises(DomainError) as error:
        create_api_token(actor=personas.practitioner, owner=personas.practitioner, name="   ")
    assert error.value.field == "name"
    assert not ApiToken.objects.exists()


def test_a_spoc_cannot_create_a_token_for_another_agency(personas):
    with pytest.raises(DomainError) as error:
        create_api_token(actor=personas.spoc_a, owner=personas.spoc_a, name="Returns", agency=personas.agency_b)
    assert "Agency B" in error.value.message
    assert not ApiToken.objects.exists()


def test_a_practitioner_cannot_create_an_agency_token_for_their_own_agency(personas):
    with pytest.raises(DomainError):
        create_api_token(actor=personas.practitioner, owner=personas.practitioner, name="X", agency=personas.agency_a)


def test_the_business_unit_can_create_a_token_for_any_active_agency(personas):
    token, _ = create_api_token(
        actor=personas.business_unit, owner=personas.business_unit, name="Police feed", agency=personas.agency_b
    )
    assert token.agency == personas.agency_b


def test_no_agency_token_is_created_for_an_inactive_agency(personas):
    closed = make_agency("Closed agency", is_active=False)
    with pytest.raises(DomainError) as error:
        create_api_token(actor=personas.business_unit, owner=personas.business_unit, name="X", agency=closed)
    assert "no longer an active agency" in error.value.message


def test_a_closed_account_cannot_hold_a_token(db):
    closed = make_user("closed@example.org", is_active=False)
    with pytest.raises(DomainError):
        create_api_token(actor=None, owner=closed, name="X")


def test_agencies_for_agency_tokens_are_the_spocs_own_or_every_active_agency_for_the_business_unit(personas):
    make_agency("Closed agency", is_active=False)
    assert agencies_for_agency_tokens(personas.spoc_a) == [personas.agency_a]
    assert agencies_for_agency_tokens(personas.practitioner) == []
    assert agencies_for_agency_tokens(personas.business_unit) == [
        personas.agency_a,
        personas.agency_b,
        personas.agency_c,
    ]


def test_revoking_a_token_records_when_and_who(personas):
    token, _ = create_api_token(actor=personas.practitioner, owner=personas.practitioner, name="Script")

    with time_machine.travel(NOON, tick=False):
        revoke_api_token(actor=personas.business_unit, token=token)

    token.refresh_from_db()
    assert token.revoked_at == NOON
    entry = AuditEntry.objects.get(action="core.api_token.revoked")
    assert entry.actor == personas.business_unit
    assert entry.data["owner"] == "practitioner@example.org"


def test_revoking_a_token_twice_is_refused(personas):
    token, _ = create_api_token(actor=personas.practitioner, owner=personas.practitioner, name="Script")
    revoke_api_token(actor=personas.practitioner, token=token)
    with pytest.raises(DomainError, match="already been revoked"):
        revoke_api_token(actor=personas.practitioner, token=token)
    assert AuditEntry.objects.filter(action="core.api_token.revoked").count() == 1


def test_authenticating_returns_the_token_with_its_user(personas):
    token, secret = create_api_token(actor=personas.practitioner, owner=personas.practitioner, name="Script")
    found = authenticate_token(secret)
    assert found == token
    assert found.user == personas.practitioner


@pytest.mark.parametrize("secret", ["", "hub_wrong", "not-even-ours", "hub_" + "x" * 200])
def test_an_unknown_secret_is_refused(personas, secret):
    create_api_token(actor=personas.practitioner, owner=personas.practitioner, name="Script")
    with pytest.raises(TokenRefused, match="not valid"):
        authenticate_token(secret)


def test_a_revoked_token_is_refused(personas):
    token, secret = create_api_token(actor=personas.practitioner, owner=personas.practitioner, name="Script")
    revoke_api_token(actor=personas.practitioner, token=token)
    with pytest.raises(TokenRefused, match="revoked"):
        authenticate_token(secret)


def test_a_token_of_a_closed_account_is_refused(personas):
    _, secret = create_api_token(actor=personas.practitioner, owner=personas.practitioner, name="Script")
    personas.practitioner.is_active = False
    personas.practitioner.save()
    with pytest.raises(TokenRefused, match="closed"):
        authenticate_token(secret)


def test_an_agency_token_stops_working_when_its_creator_stops_being_spoc(personas):
    _, secret = create_api_token(actor=personas.spoc_a, owner=personas.spoc_a, name="Returns", agency=personas.agency_a)
    personas.spoc_a.role_assignments.filter(role__slug=roles.SPOC).delete()
    with pytest.raises(TokenRefused, match="no longer act for Agency A"):
        authenticate_token(secret)


def test_using_a_token_records_the_time_at_most_once_a_minute(personas):
    token, secret = create_api_token(actor=personas.practitioner, owner=personas.practitioner, name="Script")

    with time_machine.travel(NOON, tick=False):
        authenticate_token(secret)
    token.refresh_from_db()
    assert token.last_used_at == NOON

    with time_machine.travel(NOON + timedelta(seconds=59), tick=False):
        authenticate_token(secret)
    token.refresh_from_db()
    assert token.last_used_at == NOON

    with time_machine.travel(NOON + timedelta(minutes=1), tick=False):
        authenticate_token(secret)
    token.refresh_from_db()
    assert token.last_used_at == NOON + timedelta(minutes=1)


def test_using_a_token_within_the_minute_writes_nothing(personas, django_assert_num_queries):
    _, secret = create_api_token(actor=personas.practitioner, owner=personas.practitioner, name="Script")
    with time_machine.travel(NOON, tick=False):
        authenticate_token(secret)
    with time_machine.travel(NOON + timedelta(seconds=30), tick=False), django_assert_num_queries(1):
        authenticate_token(secret)
