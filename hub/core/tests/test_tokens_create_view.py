"""core:api-token-create and core:api-token-created: make a token and see its secret once."""

import pytest
from django.urls import reverse

from hub.core.models import ApiToken, AuditEntry
from hub.core.views.tokens import PENDING_TOKEN_SESSION_KEY

pytestmark = pytest.mark.django_db

URL = reverse("core:api-token-create")


def test_anyone_signed_in_can_create_a_personal_token(client_for, personas):
    client = client_for(personas.practitioner)

    response = client.post(URL, {"name": "My script"})

    token = ApiToken.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("core:api-token-created", args=[token.uuid])
    assert token.user == personas.practitioner
    assert token.agency is None
    assert token.name == "My script"
    assert AuditEntry.objects.filter(action="core.api_token.created", actor=personas.practitioner).exists()


def test_a_person_without_agency_roles_is_not_offered_agency_tokens(client_for, personas):
    page = client_for(personas.practitioner).get(URL).content.decode()
    assert 'name="name"' in page
    assert 'name="kind"' not in page
    assert 'name="agency"' not in page


def test_a_spoc_is_offered_only_their_own_agency(client_for, personas):
    page = client_for(personas.spoc_a).get(URL).content.decode()
    assert 'name="kind"' in page
    assert '<option value="aga">Agency A</option>' in page
    assert "Agency B" not in page


def test_a_spoc_creates_an_agency_token_for_their_agency(client_for, personas):
    client = client_for(personas.spoc_a)

    client.post(URL, {"name": "Returns", "kind": "agency", "agency": "aga"})

    token = ApiToken.objects.get()
    assert token.agency == personas.agency_a
    assert token.user == personas.spoc_a


def test_a_spoc_cannot_create_a_token_for_another_agency(client_for, personas):
    response = client_for(personas.spoc_a).post(URL, {"name": "Returns", "kind": "agency", "agency": "agb"})

    assert response.status_code == 200
    assert "Select an agency you act for" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_business_unit_can_create_a_token_for_any_agency(client_for, personas):
    client = client_for(personas.business_unit)
    page = client.get(URL).content.decode()
    assert "Agency A" in page and "Agency B" in page and "Agency C" in page

    client.post(URL, {"name": "Voluntary sector feed", "kind": "agency", "agency": "agc"})

    assert ApiToken.objects.get().agency == personas.agency_c


def test_an_agency_token_needs_an_agency(client_for, personas):
    response = client_for(personas.spoc_a).post(URL, {"name": "Returns", "kind": "agency", "agency": ""})

    page = response.content.decode()
    assert "Select the agency the token is for" in page
    assert "<title>Error: " in page
    assert not ApiToken.objects.exists()


def test_a_personal_token_ignores_an_agency_left_selected(client_for, personas):
    client_for(personas.spoc_a).post(URL, {"name": "Mine", "kind": "personal", "agency": "aga"})
    assert ApiToken.objects.get().agency is None


def test_a_missing_name_is_reported(client_for, personas):
    response = client_for(personas.practitioner).post(URL, {"name": ""})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a name for the token" in page
    assert 'class="govuk-error-summary"' in page
    assert not ApiToken.objects.exists()


def test_the_secret_is_shown_once_on_the_next_page_then_forgotten(client_for, personas):
    client = client_for(personas.practitioner)
    response = client.post(URL, {"name": "My script"})
    token = ApiToken.objects.get()
    secret = client.session[PENDING_TOKEN_SESSION_KEY]["secret"]
    assert ApiToken.digest(secret) == token.key_digest

    first = client.get(response["Location"])
    second = client.get(response["Location"])

    assert secret in first.content.decode()
    assert "no-store" in first["Cache-Control"]
    assert PENDING_TOKEN_SESSION_KEY not in client.session
    assert secret not in second.content.decode()
    assert "only shown once" in second.content.decode()


def test_the_secret_is_never_stored_in_the_database_or_the_audit_log(client_for, personas):
    client = client_for(personas.practitioner)
    response = client.post(URL, {"name": "My script"})
    secret = client.session[PENDING_TOKEN_SESSION_KEY]["secret"]
    client.get(response["Location"])

    token_row = ApiToken.objects.filter(name="My script").values().get()
    assert all(secret not in str(value) for value in token_row.values())
    assert all(secret not in str(entry.data) for entry in AuditEntry.objects.all())


def test_someone_elses_new_token_page_is_not_found(client_for, personas):
    client_for(personas.practitioner).post(URL, {"name": "My script"})
    token = ApiToken.objects.get()

    response = client_for(personas.spoc_b).get(reverse("core:api-token-created", args=[token.uuid]))

    assert response.status_code == 404
