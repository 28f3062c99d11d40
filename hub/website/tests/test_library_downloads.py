"""/resources/<slug>/download/: permission-checked downloads, counted per day with no personal data."""

from __future__ import annotations

import datetime
import threading

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection, connections
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from hub.core.models import AuditEntry
from hub.website import library
from hub.website.models import ResourceDownloadDay, ResourcePage
from hub.website.tests.factories import build_site, make_resource
from hub.website.tests.library_support import pdf_document

TODAY = datetime.date(2024, 6, 14)


def _url(resource) -> str:
    return f"/resources/{resource.slug}/download/"


def _count(resource, day=TODAY) -> int:
    row = ResourceDownloadDay.objects.filter(resource=resource, day=day).first()
    return row.count if row else 0


@pytest.fixture
def home(db):
    return build_site()


@pytest.fixture
def toolkit(home):
    return make_resource(home.library, title="Neglect toolkit", document=pdf_document("Neglect toolkit"))


@pytest.mark.django_db
@time_machine.travel(TODAY)
def test_a_download_serves_the_file_and_counts_it_for_today(client, toolkit):
    response = client.get(_url(toolkit))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="neglect-toolkit.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _count(toolkit) == 1
    toolkit.refresh_from_db()
    assert toolkit.download_count == 1


@pytest.mark.django_db
def test_files_other_than_pdf_are_always_attachments(client, home):
    from hub.website.tests.factories import make_document

    notes = make_document("notes.txt", b"Plain notes", title="Notes")
    resource = make_resource(home.library, title="Notes", document=notes)

    response = client.get(_url(resource))

    assert response["Content-Disposition"] == 'attachment; filename="notes.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_downloads_add_up_per_day_and_keep_no_personal_data(client, client_for, personas, toolkit):
    with time_machine.travel(TODAY):
        client.get(_url(toolkit))
        client_for(personas.practitioner).get(_url(toolkit))
    with time_machine.travel(TODAY + datetime.timedelta(days=1)):
        client.get(_url(toolkit))

    assert list(ResourceDownloadDay.objects.order_by("day").values_list("day", "count")) == [
        (TODAY, 2),
        (TODAY + datetime.timedelta(days=1), 1),
    ]
    assert {field.name for field in ResourceDownloadDay._meta.get_fields()} == {"id", "resource", "day", "count"}
    toolkit.refresh_from_db()
    assert toolkit.download_count == 3


@pytest.mark.django_db
def test_publishing_a_new_revision_keeps_the_download_count(client, toolkit):
    client.get(_url(toolkit))
    client.get(_url(toolkit))

    page = ResourcePage.objects.get(pk=toolkit.pk)
    page.summary = "A clearer summary."
    page.save_revision().publish()

    page.refresh_from_db()
    assert (page.summary, page.download_count) == ("A clearer summary.", 2)


@pytest.mark.django_db
def test_an_external_resource_counts_the_click_and_goes_only_to_its_stored_address(client, home):
    video = make_resource(home.library, title="Video", external_url="https://video.example.org/watch/neglect")

    response = client.get(_url(video) + "?next=https://evil.example.com/&url=https://evil.example.com/")

    assert response.status_code == 302
    assert response["Location"] == "https://video.example.org/watch/neglect"
    video.refresh_from_db()
    assert video.download_count == 1


@pytest.mark.django_db
def test_a_resource_with_neither_file_nor_link_has_nothing_to_download(client, home):
    empty = make_resource(home.library, title="Text only")

    assert client.get(_url(empty)).status_code == 404
    assert not ResourceDownloadDay.objects.exists()


@pytest.mark.django_db
def test_drafts_and_unknown_slugs_are_not_found_and_not_counted(client, home):
    draft = make_resource(home.library, title="Draft", live=False, document=pdf_document("Draft"))

    assert client.get(_url(draft)).status_code == 404
    assert client.get("/resources/no-such-resource/download/").status_code == 404
    assert not ResourceDownloadDay.objects.exists()
    assert AuditEntry.objects.filter(action="core.permission.refused").count() == 2


@pytest.mark.django_db
def test_a_resource_for_signed_in_people_sends_visitors_to_sign_in_and_never_the_file(
    client, client_for, personas, toolkit
):
    PageViewRestriction.objects.create(page=toolkit, restriction_type=PageViewRestriction.LOGIN)

    refused = client.get(_url(toolkit))
    allowed = client_for(personas.practitioner).get(_url(toolkit))

    assert refused.status_code == 302
    assert refused["Location"].startswith("/account/sign-in/") or "sign-in" in refused["Location"]
    assert allowed.status_code == 200
    assert _count(toolkit, datetime.date.today()) == 1


@pytest.mark.django_db
def test_a_resource_for_a_group_is_not_found_for_people_outside_it(client_for, personas, toolkit):
    group = Group.objects.create(name="Neglect subgroup")
    restriction = PageViewRestriction.objects.create(page=toolkit, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(group)
    personas.manager.groups.add(group)

    assert client_for(personas.practitioner).get(_url(toolkit)).status_code == 404
    assert client_for(personas.manager).get(_url(toolkit)).status_code == 200
    toolkit.refresh_from_db()
    assert toolkit.download_count == 1


@pytest.mark.django_db
def test_a_file_in_a_private_collection_is_refused_even_on_a_public_page(client, client_for, personas, home):
    private = Collection.get_first_root_node().add_child(name="Panel papers")
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    resource = make_resource(home.library, title="Panel pack", document=pdf_document("Panel pack", collection=private))

    assert client.get(_url(resource)).status_code == 302
    assert client_for(personas.practitioner).get(_url(resource)).status_code == 200


@pytest.mark.django_db
def test_a_password_protected_resource_is_not_found_without_the_password(client, toolkit):
    PageViewRestriction.objects.create(page=toolkit, restriction_type=PageViewRestriction.PASSWORD, password="pw")

    assert client.get(_url(toolkit)).status_code == 404
    assert not ResourceDownloadDay.objects.exists()


@pytest.mark.django_db
@time_machine.travel(TODAY)
def test_a_second_counter_arriving_between_update_and_insert_still_counts(toolkit, monkeypatch):
    """The race the unique constraint settles: both see no row, one inserts, the other must update."""
    real_filter = ResourceDownloadDay.objects.filter
    calls = {"n": 0}

    def racing_filter(*args, **kwargs):
        queryset = real_filter(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] == 1:
            # Someone else's download creates today's row just after our update found none.
            ResourceDownloadDay.objects.create(resource=toolkit, day=TODAY, count=1)
            return queryset.none()
        return queryset

    monkeypatch.setattr(ResourceDownloadDay.objects, "filter", racing_filter)
    library.record_download(resource=toolkit)

    assert _count(toolkit) == 2


def _concurrent_downloads_supported() -> bool:
    # An in-memory SQLite database shared between threads locks whole tables and fails at once
    # instead of waiting; a file database (WAL) or PostgreSQL makes writers queue.
    if connection.vendor != "sqlite":
        return True
    return not connection.is_in_memory_db()


@pytest.mark.django_db(transaction=True)
def test_downloads_at_the_same_moment_are_all_counted(toolkit):
    if not _concurrent_downloads_supported():
        pytest.skip("needs a database that lets threads write in turn (PostgreSQL or a SQLite file)")
    threads_count, per_thread = 8, 5
    start = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def download():
        try:
            start.wait()
            for _ in range(per_thread):
                library.record_download(resource=toolkit, day=TODAY)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=download) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert _count(toolkit) == threads_count * per_thread
    assert ResourceDownloadDay.objects.filter(resource=toolkit).count() == 1
    toolkit.refresh_from_db()
    assert toolkit.download_count == threads_count * per_thread
