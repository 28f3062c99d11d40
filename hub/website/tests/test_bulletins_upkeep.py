"""The e-bulletin's periodic job: stopped sends start again, old unconfirmed requests are forgotten."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from hub.core.models import AuditEntry
from hub.core.registry import registry
from hub.website import bulletins
from hub.website.models import BulletinDelivery, BulletinSend, Subscription
from hub.website.tests.bulletin_factories import make_issue, make_subscription, text
from hub.website.tests.factories import build_site

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)


def _lines():
    lines = []
    return lines, lines.append


def test_the_job_is_registered_for_run_periodic():
    assert registry.periodic_jobs["website.bulletin_upkeep"].run is bulletins.bulletin_upkeep


def test_a_send_whose_worker_stopped_is_resumed_without_sending_anyone_twice(django_capture_on_commit_callbacks):
    issue = make_issue(build_site(), text("<p>Welcome.</p>"))
    first, second = make_subscription("first@example.org"), make_subscription("second@example.org")
    with time_machine.travel(START, tick=False):
        send = BulletinSend.objects.create(bulletin=issue, status=BulletinSend.Status.SENDING, started_at=START)
        BulletinDelivery.objects.create(
            send=send, subscription=first, email=first.email, status="sent", attempts=1, sent_at=START
        )
        BulletinDelivery.objects.create(send=send, subscription=second, email=second.email, attempts=1)

    lines, log = _lines()
    soon = START + datetime.timedelta(minutes=5)
    with time_machine.travel(soon, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert bulletins.resume_stalled_sends(log) == 0
    assert mail.outbox == []

    later = START + bulletins.STALLED_AFTER + datetime.timedelta(minutes=1)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert bulletins.resume_stalled_sends(log) == 1

    assert Counter(message.to[0] for message in mail.outbox) == Counter({"second@example.org": 1})
    send.refresh_from_db()
    assert send.status == BulletinSend.Status.SENT
    assert lines == [f"Resumed sending {issue.title}"]
    assert AuditEntry.objects.filter(action="website.bulletin.send_resumed", data__by="run_periodic").exists()


def test_unconfirmed_requests_are_forgotten_after_thirty_days():
    with time_machine.travel(START, tick=False):
        old_request = make_subscription("old@example.org", confirmed=False)
        confirmed = make_subscription("kept@example.org")
        unsubscribed = make_subscription("left@example.org", unsubscribed=True)
    with time_machine.travel(START + datetime.timedelta(days=20), tick=False):
        recent_request = make_subscription("recent@example.org", confirmed=False)

    lines, log = _lines()
    with time_machine.travel(START + bulletins.FORGET_UNCONFIRMED_AFTER + datetime.timedelta(hours=1), tick=False):
        assert bulletins.forget_unconfirmed_subscriptions(log) == 1

    remaining = set(Subscription.objects.values_list("email", flat=True))
    assert remaining == {confirmed.email, unsubscribed.email, recent_request.email}
    assert old_request.email not in remaining
    assert lines == ["Forgot 1 unconfirmed e-bulletin subscription request(s)"]


def test_run_periodic_runs_the_upkeep(capsys):
    with time_machine.travel(START, tick=False):
        make_subscription("old@example.org", confirmed=False)

    with time_machine.travel(START + datetime.timedelta(days=31), tick=False):
        call_command("run_periodic", job=["website.bulletin_upkeep"])

    assert not Subscription.objects.exists()
    assert "Forgot 1 unconfirmed" in capsys.readouterr().out
