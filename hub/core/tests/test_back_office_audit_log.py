"""The audit log in the back office: read only, filterable, searchable and exportable."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.core.audit import log_action
from hub.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _entries(personas):
    first = log_action("core.role.granted", actor=personas.business_unit, obj=personas.practitioner, data={"role": "x"})
    second = log_action("core.user.signed_in", actor=personas.spoc_a, obj=personas.spoc_a)
    return first, second


def _listed(response) -> set[str]:
    return {entry.action for entry in response.context["object_list"]}


def test_listing_filters_by_event_and_by_who_acted(personas, client_for):
    _entries(personas)
    client = client_for(personas.business_unit)
    url = reverse("core_auditentry:index")

    by_event = client.get(url, {"action": "core.role.granted"})
    by_actor = client.get(url, {"actor": personas.spoc_a.pk})

    assert _listed(by_event) == {"core.role.granted"}
    assert "Role granted" in by_event.content.decode()
    assert _listed(by_actor) == {"core.user.signed_in"}


def test_listing_filters_by_date_and_searches_records(personas, client_for):
    _entries(personas)
    client = client_for(personas.business_unit)
    url = reverse("core_auditentry:index")

    future = client.get(url, {"created_at_from": "2999-01-01"})
    today = client.get(url, {"created_at_from": timezone.localdate().isoformat()})
    searched = client.get(url, {"q": str(personas.practitioner)})

    assert _listed(future) == set()
    assert {"core.role.granted", "core.user.signed_in"} <= _listed(today)
    assert _listed(searched) == {"core.role.granted"}


def test_csv_export_lists_the_entries(personas, client_for):
    _entries(personas)

    response = client_for(personas.business_unit).get(
        reverse("core_auditentry:index"), {"export": "csv", "action": "core.role.granted"}
    )

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["When", "Event", "Who", "Record type", "Record", "Details", "IP address"]
    assert [row[1:5] for row in rows[1:]] == [
        ["core.role.granted", str(personas.business_unit), "user", str(personas.practitioner)]
    ]


def test_the_audit_log_has_no_add_edit_or_delete(personas, client_for):
    entry, _ = _entries(personas)
    client = client_for(personas.business_unit)

    listing = client.get(reverse("core_auditentry:index")).content.decode()
    add = client.post(reverse("core_auditentry:add"), {"action": "forged.event"})
    edit = client.post(reverse("core_auditentry:edit", args=[entry.pk]), {"action": "forged.event"})
    delete = client.post(reverse("core_auditentry:delete", args=[entry.pk]))

    assert reverse("core_auditentry:add") not in listing
    assert reverse("core_auditentry:edit", args=[entry.pk]) not in listing
    assert reverse("core_auditentry:delete", args=[entry.pk]) not in listing
    for response in (add, edit, delete):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    entry.refresh_from_db()
    assert entry.action == "core.role.granted"
    assert not AuditEntry.objects.filter(action="forged.event").exists()


def test_inspect_page_shows_the_details_of_an_entry(personas, client_for):
    entry, _ = _entries(personas)

    html = client_for(personas.business_unit).get(reverse("core_auditentry:inspect", args=[entry.pk])).content.decode()

    assert "core.role.granted" in html and str(personas.practitioner) in html
