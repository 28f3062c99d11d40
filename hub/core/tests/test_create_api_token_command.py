"""manage.py create_api_token EMAIL [--agency CODE] [--name NAME]."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hub.core.models import ApiToken, AuditEntry
from hub.testing import make_agency, make_user

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_the_command_creates_a_personal_token_and_prints_the_secret_once(personas):
    secret, message = run("Practitioner@Example.org", "--name", "Nightly export")

    token = ApiToken.objects.get()
    assert token.key_digest == ApiToken.digest(secret)
    assert token.user == personas.practitioner
    assert token.agency is None
    assert token.name == "Nightly export"
    assert "personal token" in message
    assert secret not in message
    entry = AuditEntry.objects.get(action="core.api_token.created")
    assert entry.actor is None


def test_the_command_creates_an_agency_token_for_the_spoc(personas):
    secret, message = run("spoc.a@example.org", "--agency", "AGA")

    token = ApiToken.objects.get()
    assert token.agency == personas.agency_a
    assert token.name == "Created on the command line"
    assert "agency token for Agency A" in message
    assert ApiToken.digest(secret) == token.key_digest


def test_an_unknown_email_is_a_clear_error(personas):
    with pytest.raises(CommandError, match="Nobody has the e-mail address 'nobody@example.org'"):
        run("nobody@example.org")
    assert not ApiToken.objects.exists()


def test_an_unknown_agency_code_is_a_clear_error(personas):
    with pytest.raises(CommandError, match="No agency has the code 'nope'. Known codes: aga, agb, agc"):
        run("spoc.a@example.org", "--agency", "nope")
    assert not ApiToken.objects.exists()


def test_a_closed_account_is_a_clear_error(db):
    make_user("closed@example.org", is_active=False)
    with pytest.raises(CommandError, match="closed"):
        run("closed@example.org")


def test_an_agency_the_person_does_not_act_for_is_a_clear_error(personas):
    make_agency("Durham Constabulary", short_code="police")
    with pytest.raises(CommandError, match="single point of contact for Durham Constabulary"):
        run("practitioner@example.org", "--agency", "police")
    assert not ApiToken.objects.exists()
