"""The audit trail: log_action() records who did what to which record; sign-in events are logged."""

import json

import pytest
from django.contrib.auth import authenticate, logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from django.utils import timezone

from hub.core.audit import client_ip, describe_event, entries_for, log_action, register_event
from hub.core.models import Agency, AuditEntry
from hub.testing import PASSWORD, make_agency, make_user

pytestmark = pytest.mark.django_db


def _request(rf, *, user=None, ip="203.0.113.9", path="/"):
    request = rf.post(path, REMOTE_ADDR=ip)
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    return request


def test_log_action_records_actor_event_object_data_and_address(rf):
    officer = make_user(first_name="Robin", last_name="Ash")
    agency = make_agency("Northby Youth Service")
    entry = log_action(
        "core.agency.renamed",
        actor=officer,
        obj=agency,
        data={"from": "Northby Youth Team", "to": "Northby Youth Service"},
        request=_request(rf, ip="198.51.100.20"),
    )
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.action == "core.agency.renamed"
    assert entry.actor == officer
    assert entry.actor_label == "Robin Ash"
    assert entry.content_type == ContentType.objects.get_for_model(Agency)
    assert entry.object_id == str(agency.pk)
    assert entry.object_repr == "Northby Youth Service"
    assert entry.data == {"from": "Northby Youth Team", "to": "Northby Youth Service"}
    assert entry.ip_address == "198.51.100.20"
    assert entry.created_at is not None


def test_log_action_takes_the_actor_from_the_signed_in_request(rf):
    officer = make_user()
    entry = log_action("core.report.viewed", request=_request(rf, user=officer))
    assert entry.actor == officer
    assert entry.content_type is None
    assert entry.object_id == ""
    assert entry.data == {}


def test_an_anonymous_request_leaves_the_actor_empty(rf):
    entry = log_action("core.permission.refused", request=_request(rf), data={"path": "/secret/"})
    assert entry.actor is None
    assert entry.actor_label == ""
    assert entry.ip_address == "203.0.113.9"


def test_log_action_without_a_request_has_no_address():
    entry = log_action("core.demo.loaded")
    assert entry.ip_address is None
    assert entry.actor is None


def test_long_object_names_are_cut_to_fit():
    agency = make_agency("A" * 200)
    agency.name = "B" * 400  # str() of an unsaved change can exceed the column
    entry = log_action("core.agency.checked", obj=agency)
    assert len(entry.object_repr) == 300


def test_the_entry_keeps_the_actor_name_after_the_account_is_deleted():
    person = make_user(first_name="Kim", last_name="Oak")
    entry = log_action("core.thing.done", actor=person)
    person.delete()
    entry.refresh_from_db()
    assert entry.actor is None
    assert entry.actor_label == "Kim Oak"


def test_client_ip_reads_the_remote_address(rf):
    assert client_ip(rf.get("/", REMOTE_ADDR="192.0.2.1")) == "192.0.2.1"
    assert client_ip(None) is None


def test_entries_for_returns_only_that_record_newest_first():
    agency, other = make_agency(), make_agency()
    first = log_action("core.agency.created", obj=agency)
    log_action("core.agency.created", obj=other)
    second = log_action("core.agency.updated", obj=agency)
    assert list(entries_for(agency)) == [second, first]


def test_events_have_plain_english_descriptions():
    register_event("testing.widget.polished", "Widget polished")
    assert describe_event("testing.widget.polished") == "Widget polished"
    assert describe_event("core.user.signed_in") == "Signed in"
    assert describe_event("unknown.event") == "unknown.event"


def test_a_successful_sign_in_is_logged(client):
    person = make_user("sign.in@example.org", email_verified_at=timezone.now())
    response = client.post(
        reverse("core:sign-in"), {"email": "Sign.In@Example.org", "password": PASSWORD}, REMOTE_ADDR="192.0.2.44"
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="core.user.signed_in")
    assert entry.actor == person
    assert entry.object_id == str(person.pk)
    assert entry.ip_address == "192.0.2.44"


def test_a_failed_sign_in_is_logged_without_the_password(rf):
    make_user("target@example.org")
    request = _request(rf, ip="192.0.2.77", path=reverse("core:sign-in"))
    assert authenticate(request, username="target@example.org", password="a-wrong-guess-Zq81") is None
    entry = AuditEntry.objects.get(action="core.user.sign_in_failed")
    assert entry.actor is None
    assert entry.data == {"email": "target@example.org"}
    assert entry.ip_address == "192.0.2.77"
    stored = json.dumps([entry.data, entry.object_repr, entry.actor_label])
    assert "a-wrong-guess-Zq81" not in stored


def test_a_failed_sign_in_for_an_unknown_address_is_logged_too(rf):
    request = _request(rf, path=reverse("core:sign-in"))
    authenticate(request, username="nobody@example.org", password="whatever-it-was")
    entry = AuditEntry.objects.get(action="core.user.sign_in_failed")
    assert entry.data == {"email": "nobody@example.org"}
    assert "whatever-it-was" not in json.dumps(entry.data)


def test_signing_out_is_logged(rf):
    person = make_user()
    request = _request(rf, user=person)
    logout(request)
    entry = AuditEntry.objects.get(action="core.user.signed_out")
    assert entry.actor == person
    assert entry.object_id == str(person.pk)


def test_signing_out_through_the_page_is_logged(client):
    person = make_user()
    client.force_login(person, backend="hub.core.auth.EmailBackend")
    response = client.post(reverse("core:sign-out"))
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="core.user.signed_out", actor=person).count() == 1
