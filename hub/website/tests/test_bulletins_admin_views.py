"""Sending an issue from the Wagtail admin: test send, confirm and send, progress. Business unit only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse

from hub.core.models import AuditEntry
from hub.testing import assert_same_query_count, make_user
from hub.website.models import BulletinDelivery, BulletinSend
from hub.website.tests.bulletin_factories import make_issue, make_subscription, news, text
from hub.website.tests.factories import build_site, make_news

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(db):
    return build_site()


@pytest.fixture
def issue(home):
    return make_issue(home, text("<p>Welcome.</p>"), news(make_news(home.news)), title="July issue")


@pytest.fixture
def editor(db):
    """Someone with access to the Wagtail admin who is not in the business unit."""
    group = Group.objects.create(name="Website editors")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    user = make_user("editor@example.org")
    user.groups.add(group)
    return user


def _urls(issue, send=None) -> dict[str, str]:
    urls = {
        "list": reverse("website_bulletin_list"),
        "send": reverse("website_bulletin_send", args=[issue.pk]),
        "confirm": reverse("website_bulletin_confirm_send", args=[issue.pk]),
    }
    if send is not None:
        urls["progress"] = reverse("website_bulletin_progress", args=[send.uuid])
        urls["resume"] = reverse("website_bulletin_resume", args=[send.uuid])
        urls["retry"] = reverse("website_bulletin_retry_failed", args=[send.uuid])
    return urls


def test_the_business_unit_sees_the_sending_page_with_the_number_of_subscribers(client_for, personas, issue):
    for n in range(3):
        make_subscription(f"reader{n}@example.org")
    make_subscription("parent@example.org", audiences=("parents-carers",))
    client = client_for(personas.business_unit)

    response = client.get(_urls(issue)["send"])

    assert response.status_code == 200
    content = response.content.decode()
    assert "Send a test" in content
    assert "3 subscribers will get this issue." in content
    assert response.context["form"].initial["email"] == personas.business_unit.email


def test_a_test_send_goes_to_the_address_given_and_shows_its_progress(
    client_for, personas, issue, django_capture_on_commit_callbacks
):
    make_subscription("reader@example.org")
    client = client_for(personas.business_unit)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_urls(issue)["send"], {"email": "checker@example.org"})

    send = BulletinSend.objects.get()
    assert send.is_test and send.test_address == "checker@example.org"
    assert response.status_code == 302
    assert response["Location"] == reverse("website_bulletin_progress", args=[send.uuid])
    assert [message.to for message in mail.outbox] == [["checker@example.org"]]
    assert send.requested_by == personas.business_unit


def test_a_test_send_needs_a_valid_address(client_for, personas, issue):
    client = client_for(personas.business_unit)

    response = client.post(_urls(issue)["send"], {"email": "not an address"})

    assert response.status_code == 200
    assert "Enter an e-mail address in the correct format, like name@example.org" in response.content.decode()
    assert not BulletinSend.objects.exists()


def test_a_draft_issue_cannot_be_test_sent(client_for, personas, home):
    draft = make_issue(home, text("<p>Not ready.</p>"), live=False)
    client = client_for(personas.business_unit)

    response = client.post(_urls(draft)["send"], {"email": "checker@example.org"})

    assert response.status_code == 200
    assert "Publish this issue before sending it" in response.content.decode()
    assert not BulletinSend.objects.exists()


def test_sending_to_subscribers_asks_for_confirmation_first(client_for, personas, issue):
    make_subscription("reader@example.org")
    client = client_for(personas.business_unit)

    response = client.get(_urls(issue)["confirm"])

    assert response.status_code == 200
    content = response.content.decode()
    assert "1 subscriber</strong>" in content
    assert "Yes, send it now" in content
    assert not BulletinSend.objects.exists()
    assert mail.outbox == []


def test_confirming_sends_the_issue_and_shows_progress(client_for, personas, issue, django_capture_on_commit_callbacks):
    make_subscription("reader1@example.org")
    make_subscription("reader2@example.org")
    client = client_for(personas.business_unit)

    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(_urls(issue)["confirm"])
    response = client.get(posted["Location"])

    send = BulletinSend.objects.get(is_test=False)
    assert posted["Location"] == reverse("website_bulletin_progress", args=[send.uuid])
    assert sorted(message.to[0] for message in mail.outbox) == ["reader1@example.org", "reader2@example.org"]
    content = response.content.decode()
    assert "reader1@example.org" in content and "reader2@example.org" in content
    assert AuditEntry.objects.filter(action="website.bulletin.sent").exists()


def test_confirming_twice_does_not_send_twice(client_for, personas, issue, django_capture_on_commit_callbacks):
    make_subscription("reader@example.org")
    client = client_for(personas.business_unit)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_urls(issue)["confirm"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_urls(issue)["confirm"], follow=True)

    assert "already been sent" in response.content.decode()
    assert len(mail.outbox) == 1
    assert BulletinSend.objects.filter(is_test=False).count() == 1


def test_progress_refreshes_itself_only_while_sending(client_for, personas, issue):
    client = client_for(personas.business_unit)
    send = BulletinSend.objects.create(bulletin=issue, requested_by=personas.business_unit)
    BulletinDelivery.objects.create(send=send, email="a@example.org")
    BulletinDelivery.objects.create(send=send, email="b@example.org", status=BulletinDelivery.Status.SENT, attempts=1)
    BulletinDelivery.objects.create(
        send=send, email="c@example.org", status=BulletinDelivery.Status.FAILED, attempts=3, last_error="Refused"
    )

    running = client.get(_urls(issue, send)["progress"])
    send.status = BulletinSend.Status.FAILED
    send.save()
    finished = client.get(_urls(issue, send)["progress"])

    assert '<meta http-equiv="refresh"' in running.content.decode()
    assert '<meta http-equiv="refresh"' not in finished.content.decode()
    progress = running.context["progress"]
    assert (progress.pending, progress.sent, progress.failed) == (1, 1, 1)
    assert "Refused" in finished.content.decode()
    assert "Try the 1 failed address again" in finished.content.decode()


def test_progress_lists_recipients_a_page_at_a_time_with_bounded_queries(client_for, personas, issue):
    client = client_for(personas.business_unit)
    send = BulletinSend.objects.create(bulletin=issue, requested_by=personas.business_unit, status="sent")
    made = iter(range(1000))

    def add(count):
        BulletinDelivery.objects.bulk_create(
            BulletinDelivery(send=send, email=f"r{next(made):04d}@example.org", status="sent") for _ in range(count)
        )

    url = _urls(issue, send)["progress"]
    response = assert_same_query_count(client, url, add)
    assert len(response.context["deliveries"]) == 50
    add(10)
    second = client.get(url + "?p=2")
    assert len(second.context["deliveries"]) == 10


def test_the_list_of_issues_shows_how_each_was_sent(client_for, personas, home, issue):
    make_issue(home, text("<p>Draft.</p>"), live=False, title="August draft")
    send = BulletinSend.objects.create(bulletin=issue, requested_by=personas.business_unit, status="sent")
    client = client_for(personas.business_unit)

    response = client.get(_urls(issue)["list"])

    content = response.content.decode()
    assert "July issue" in content and "August draft" in content
    assert reverse("website_bulletin_progress", args=[send.uuid]) in content
    assert "No (draft)" in content


def test_the_bulletin_editor_offers_a_send_button_to_the_business_unit(client_for, personas, issue):
    client = client_for(personas.business_unit)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[issue.pk]))

    assert response.status_code == 200
    assert _urls(issue)["send"] in response.content.decode()


def test_the_send_button_is_not_offered_to_other_editors(client, editor, issue):
    client.force_login(editor, backend="hub.core.auth.EmailBackend")

    response = client.get(reverse("wagtailadmin_explore", args=[issue.get_parent().pk]))

    assert _urls(issue)["send"] not in response.content.decode()


@pytest.mark.parametrize("view", ["list", "send", "confirm", "progress"])
def test_other_admin_users_are_refused_and_the_refusal_is_logged(client, editor, issue, view):
    send = BulletinSend.objects.create(bulletin=issue, is_test=True, test_address="x@example.org")
    client.force_login(editor, backend="hub.core.auth.EmailBackend")

    response = client.get(_urls(issue, send)[view])

    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="core.permission.refused", actor=editor).exists()


@pytest.mark.parametrize("view", ["send", "confirm", "resume", "retry"])
def test_other_admin_users_cannot_send_anything(client, editor, issue, view, django_capture_on_commit_callbacks):
    make_subscription("reader@example.org")
    send = BulletinSend.objects.create(bulletin=issue, is_test=True, test_address="x@example.org", status="failed")
    BulletinDelivery.objects.create(send=send, email="x@example.org", status="failed", attempts=3)
    client.force_login(editor, backend="hub.core.auth.EmailBackend")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_urls(issue, send)[view], {"email": "editor@example.org"})

    assert response.status_code == 404
    assert BulletinSend.objects.count() == 1
    assert mail.outbox == []


def test_people_without_admin_access_are_sent_to_sign_in(client, client_for, personas, issue):
    anonymous = client.get(_urls(issue)["send"])
    assert anonymous.status_code == 302
    assert reverse("wagtailadmin_login") in anonymous["Location"] or "sign-in" in anonymous["Location"]

    practitioner = client_for(personas.practitioner).get(_urls(issue)["send"])
    assert practitioner.status_code in (302, 403, 404)
    assert not BulletinSend.objects.exists()


def test_resume_is_refused_while_the_send_is_running(client_for, personas, issue, django_capture_on_commit_callbacks):
    send = BulletinSend.objects.create(bulletin=issue, requested_by=personas.business_unit, status="sending")
    BulletinDelivery.objects.create(send=send, email="reader@example.org")
    client = client_for(personas.business_unit)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_urls(issue, send)["resume"], follow=True)

    assert "This send is still running" in response.content.decode()
    assert mail.outbox == []


def test_resume_needs_a_post(client_for, personas, issue):
    send = BulletinSend.objects.create(bulletin=issue, requested_by=personas.business_unit, status="sending")
    client = client_for(personas.business_unit)

    assert client.get(_urls(issue, send)["resume"]).status_code == 405
    assert client.get(_urls(issue, send)["retry"]).status_code == 405
