"""Sending an issue in the background: one delivery per recipient, retries, and never sending twice."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from hub.core.errors import DomainError
from hub.core.models import AuditEntry
from hub.testing import make_user
from hub.website import bulletins
from hub.website.models import BulletinDelivery, BulletinSend
from hub.website.tasks import send_bulletin
from hub.website.tests.bulletin_factories import make_issue, make_subscription, news, text
from hub.website.tests.factories import build_site, make_news

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class SimulatedCrash(BaseException):
    """The worker dying (killed, out of memory): not an ordinary error the task could catch."""


class CrashAfterTwoBackend(LocmemBackend):
    """Delivers two messages, then the process "dies" while handing over the third."""

    delivered = 0

    def send_messages(self, messages):
        if CrashAfterTwoBackend.delivered >= 2:
            raise SimulatedCrash("worker killed")
        CrashAfterTwoBackend.delivered += len(messages)
        return super().send_messages(messages)


class RefusesOneAddressBackend(LocmemBackend):
    """The mail server always refuses one address."""

    def send_messages(self, messages):
        if any("refused@example.org" in message.to for message in messages):
            raise ConnectionRefusedError("550 mailbox unavailable")
        return super().send_messages(messages)


class FailsFirstTryBackend(LocmemBackend):
    """Each address fails on its first try (a busy server), then goes through."""

    tried: set[str] = set()

    def send_messages(self, messages):
        for message in messages:
            if message.to[0] not in FailsFirstTryBackend.tried:
                FailsFirstTryBackend.tried.add(message.to[0])
                raise TimeoutError("timed out")
        return super().send_messages(messages)


def _backend(cls) -> str:
    return f"{__name__}.{cls.__name__}"


@pytest.fixture
def home(db):
    return build_site()


@pytest.fixture
def business_unit(db):
    from hub.core import roles

    return make_user("sender@example.org", roles_=(roles.BUSINESS_UNIT,))


@pytest.fixture
def issue(home):
    return make_issue(home, text("<p>Welcome to this issue.</p>"), news(make_news(home.news)), title="June issue")


@pytest.fixture
def five_subscribers(db):
    return [make_subscription(f"reader{n}@example.org") for n in range(1, 6)]


def _send(issue, actor, django_capture_on_commit_callbacks) -> BulletinSend:
    with django_capture_on_commit_callbacks(execute=True):
        send = bulletins.request_send(bulletin=issue, actor=actor)
    send.refresh_from_db()
    return send


def _recipients() -> Counter:
    return Counter(address for message in mail.outbox for address in message.to)


def test_sending_delivers_the_issue_once_to_each_matching_subscriber(
    issue, business_unit, five_subscribers, django_capture_on_commit_callbacks
):
    make_subscription("not-confirmed@example.org", confirmed=False)
    make_subscription("gone@example.org", unsubscribed=True)

    send = _send(issue, business_unit, django_capture_on_commit_callbacks)

    assert _recipients() == Counter({subscription.email: 1 for subscription in five_subscribers})
    assert send.status == BulletinSend.Status.SENT
    assert send.started_at is not None and send.finished_at is not None
    deliveries = send.deliveries.all()
    assert {delivery.status for delivery in deliveries} == {BulletinDelivery.Status.SENT}
    assert all(delivery.attempts == 1 and delivery.sent_at for delivery in deliveries)
    assert all(message.subject == "June issue – SCP e-bulletin" for message in mail.outbox)
    sent = AuditEntry.objects.get(action="website.bulletin.sent")
    assert sent.actor == business_unit
    assert sent.data == {"bulletin": "June issue", "sent": 5, "failed": 0, "pending": 0}
    assert AuditEntry.objects.filter(action="website.bulletin.send_requested", actor=business_unit).exists()


def test_each_message_carries_its_own_one_click_unsubscribe_headers(
    issue, business_unit, five_subscribers, django_capture_on_commit_callbacks
):
    _send(issue, business_unit, django_capture_on_commit_callbacks)

    by_address = {message.to[0]: message for message in mail.outbox}
    for subscription in five_subscribers:
        message = by_address[subscription.email]
        assert message.extra_headers["List-Unsubscribe"] == f"<{bulletins.unsubscribe_url(subscription)}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert bulletins.unsubscribe_url(subscription) in message.body
        [(html, mimetype)] = message.alternatives
        assert mimetype == "text/html"
        assert bulletins.unsubscribe_url(subscription) in html


def test_running_the_task_again_sends_nothing_more(
    issue, business_unit, five_subscribers, django_capture_on_commit_callbacks
):
    send = _send(issue, business_unit, django_capture_on_commit_callbacks)

    result = send_bulletin.enqueue(str(send.uuid))

    assert result.return_value == {"sent": 5, "failed": 0, "pending": 0}
    assert len(mail.outbox) == 5
    assert AuditEntry.objects.filter(action="website.bulletin.sent").count() == 1


def test_a_crash_midway_then_a_rerun_sends_each_address_exactly_once(
    settings, issue, business_unit, five_subscribers, django_capture_on_commit_callbacks
):
    CrashAfterTwoBackend.delivered = 0
    settings.EMAIL_BACKEND = _backend(CrashAfterTwoBackend)

    send = _send(issue, business_unit, django_capture_on_commit_callbacks)

    # The worker died: two went, the rest wait, the send still shows as sending.
    assert len(mail.outbox) == 2
    assert send.status == BulletinSend.Status.SENDING
    assert send.deliveries.filter(status=BulletinDelivery.Status.SENT).count() == 2
    assert send.deliveries.filter(status=BulletinDelivery.Status.PENDING).count() == 3

    settings.EMAIL_BACKEND = LOCMEM
    send_bulletin.enqueue(str(send.uuid))

    assert _recipients() == Counter({subscription.email: 1 for subscription in five_subscribers})
    send.refresh_from_db()
    assert send.status == BulletinSend.Status.SENT
    assert send.deliveries.filter(status=BulletinDelivery.Status.SENT).count() == 5


def test_recipients_are_fixed_when_sending_starts(
    settings, issue, business_unit, five_subscribers, django_capture_on_commit_callbacks
):
    CrashAfterTwoBackend.delivered = 0
    settings.EMAIL_BACKEND = _backend(CrashAfterTwoBackend)
    send = _send(issue, business_unit, django_capture_on_commit_callbacks)
    make_subscription("joined-later@example.org")

    settings.EMAIL_BACKEND = LOCMEM
    send_bulletin.enqueue(str(send.uuid))

    assert "joined-later@example.org" not in _recipients()
    assert send.deliveries.count() == 5


def test_someone_who_unsubscribes_while_a_send_is_under_way_is_left_out(
    settings, issue, business_unit, five_subscribers, django_capture_on_commit_callbacks
):
    CrashAfterTwoBackend.delivered = 0
    settings.EMAIL_BACKEND = _backend(CrashAfterTwoBackend)
    send = _send(issue, business_unit, django_capture_on_commit_callbacks)
    waiting = send.deliveries.filter(status=BulletinDelivery.Status.PENDING).order_by("pk").last()
    bulletins.unsubscribe(subscription=waiting.subscription)

    settings.EMAIL_BACKEND = LOCMEM
    send_bulletin.enqueue(str(send.uuid))

    assert waiting.email not in _recipients()
    assert len(mail.outbox) == 4
    assert not send.deliveries.filter(email=waiting.email).exists()


def test_an_address_the_server_keeps_refusing_is_tried_three_times_then_marked_failed(
    settings, issue, business_unit, five_subscribers, django_capture_on_commit_callbacks
):
    make_subscription("refused@example.org")
    settings.EMAIL_BACKEND = _backend(RefusesOneAddressBackend)

    send = _send(issue, business_unit, django_capture_on_commit_callbacks)

    refused = send.deliveries.get(email="refused@example.org")
    assert refused.status == BulletinDelivery.Status.FAILED
    assert refused.attempts == bulletins.MAX_ATTEMPTS == 3
    assert refused.last_error == "ConnectionRefusedError: 550 mailbox unavailable"
    assert refused.sent_at is None
    assert _recipients() == Counter({subscription.email: 1 for subscription in five_subscribers})
    assert send.status == BulletinSend.Status.FAILED
    assert send.get_status_display() == "Finished with failures"
    assert AuditEntry.objects.get(action="website.bulletin.sent").data["failed"] == 1


def test_a_temporary_failure_is_retried_and_then_sent(
    settings, issue, business_unit, five_subscribers, django_capture_on_commit_callbacks
):
    FailsFirstTryBackend.tried = set()
    settings.EMAIL_BACKEND = _backend(FailsFirstTryBackend)

    send = _send(issue, business_unit, django_capture_on_commit_callbacks)

    assert _recipients() == Counter({subscription.email: 1 for subscription in five_subscribers})
    assert {(d.status, d.attempts, d.last_error) for d in send.deliveries.all()} == {
        (BulletinDelivery.Status.SENT, 2, "")
    }
    assert send.status == BulletinSend.Status.SENT


def test_failed_addresses_can_be_tried_again_once_the_send_has_finished(
    settings, issue, business_unit, five_subscribers, django_capture_on_commit_callbacks
):
    make_subscription("refused@example.org")
    settings.EMAIL_BACKEND = _backend(RefusesOneAddressBackend)
    send = _send(issue, business_unit, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 5

    settings.EMAIL_BACKEND = LOCMEM
    with django_capture_on_commit_callbacks(execute=True):
        count = bulletins.retry_failed_deliveries(send=send, actor=business_unit)

    assert count == 1
    assert _recipients()["refused@example.org"] == 1
    assert len(mail.outbox) == 6
    send.refresh_from_db()
    assert send.status == BulletinSend.Status.SENT
    assert AuditEntry.objects.filter(action="website.bulletin.retry_requested").exists()


def test_a_test_send_goes_to_one_address_and_not_to_subscribers(
    issue, business_unit, five_subscribers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send = bulletins.request_test_send(bulletin=issue, address="Editor@Example.org", actor=business_unit)

    send.refresh_from_db()
    assert send.is_test and send.test_address == "editor@example.org"
    assert send.status == BulletinSend.Status.SENT
    [message] = mail.outbox
    assert message.to == ["editor@example.org"]
    assert message.subject.startswith("[Test] June issue")
    assert "Test e-mail" in message.alternatives[0][0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert AuditEntry.objects.filter(action="website.bulletin.test_sent", data__to="editor@example.org").exists()
    assert not AuditEntry.objects.filter(action="website.bulletin.sent").exists()


def test_test_sends_do_not_stop_the_real_send(
    issue, business_unit, five_subscribers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        bulletins.request_test_send(bulletin=issue, address="editor@example.org", actor=business_unit)
        bulletins.request_test_send(bulletin=issue, address="editor@example.org", actor=business_unit)
    send = _send(issue, business_unit, django_capture_on_commit_callbacks)

    assert send.status == BulletinSend.Status.SENT
    assert len(mail.outbox) == 7


def test_an_issue_goes_to_subscribers_only_once(
    issue, business_unit, five_subscribers, django_capture_on_commit_callbacks
):
    _send(issue, business_unit, django_capture_on_commit_callbacks)

    with pytest.raises(DomainError, match="already been sent"):
        bulletins.request_send(bulletin=issue, actor=business_unit)
    assert BulletinSend.objects.filter(is_test=False).count() == 1
    assert len(mail.outbox) == 5


def test_an_unpublished_issue_cannot_be_sent_or_tested(home, business_unit, five_subscribers):
    draft = make_issue(home, text("<p>Not ready.</p>"), live=False)

    with pytest.raises(DomainError, match="Publish this issue before sending it"):
        bulletins.request_send(bulletin=draft, actor=business_unit)
    with pytest.raises(DomainError, match="Publish this issue before sending it"):
        bulletins.request_test_send(bulletin=draft, address="editor@example.org", actor=business_unit)
    assert not BulletinSend.objects.exists()


def test_subscribers_get_the_published_version_not_a_later_draft(
    issue, business_unit, five_subscribers, django_capture_on_commit_callbacks
):
    issue.title = "Draft title nobody approved"
    issue.save_revision()
    issue.refresh_from_db()

    _send(issue, business_unit, django_capture_on_commit_callbacks)

    assert all("June issue" in message.subject for message in mail.outbox)
    assert not any("Draft title" in message.body for message in mail.outbox)


def test_a_stopped_send_can_be_resumed_only_once_it_has_stalled(
    settings, issue, business_unit, five_subscribers, django_capture_on_commit_callbacks
):
    CrashAfterTwoBackend.delivered = 0
    settings.EMAIL_BACKEND = _backend(CrashAfterTwoBackend)
    start = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        send = _send(issue, business_unit, django_capture_on_commit_callbacks)
        assert bulletins.send_progress(send).is_running
        with pytest.raises(DomainError, match="still running"):
            bulletins.resume_send(send=send, actor=business_unit)

    settings.EMAIL_BACKEND = LOCMEM
    with time_machine.travel(start + bulletins.STALLED_AFTER + datetime.timedelta(minutes=1), tick=False):
        progress = bulletins.send_progress(send)
        assert progress.can_resume and not progress.is_running
        with django_capture_on_commit_callbacks(execute=True):
            bulletins.resume_send(send=send, actor=business_unit)

    assert _recipients() == Counter({subscription.email: 1 for subscription in five_subscribers})
    assert AuditEntry.objects.filter(action="website.bulletin.send_resumed", actor=business_unit).exists()


def test_two_workers_never_both_send_the_same_row(issue, business_unit, five_subscribers):
    send = BulletinSend.objects.create(bulletin=issue, requested_by=business_unit)
    send = bulletins._prepare_deliveries(send)
    stale = list(send.deliveries.order_by("pk"))
    # Another worker claims the first row (attempts 0 -> 1) between this worker's read and its claim.
    BulletinDelivery.objects.filter(pk=stale[0].pk).update(attempts=1)

    connection = mail.get_connection()
    for delivery in stale:
        bulletins._deliver(delivery, send=send, entries=[], partnership=None, connection=connection)

    assert stale[0].email not in _recipients()
    assert len(mail.outbox) == 4
