"""``manage.py run_periodic`` runs the training jobs: expiring offers and sending reminders."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from hub.core.models import AuditEntry
from hub.core.registry import registry
from hub.testing import make_user
from hub.training.models import Booking, ReminderSent
from hub.training.tests.factories import local_datetime, make_booking, make_event

pytestmark = pytest.mark.django_db


def _run(*jobs: str) -> str:
    out = StringIO()
    arguments = [argument for job in jobs for argument in ("--job", job)]
    call_command("run_periodic", *arguments, stdout=out)
    return out.getvalue()


def test_training_jobs_are_registered_for_run_periodic():
    assert {"training.expire_offers", "training.send_reminders", "training.impact_follow_up"} <= set(
        registry.periodic_jobs
    )


def test_an_expired_offer_passes_to_the_next_person_waiting(frozen_now, django_capture_on_commit_callbacks, mailoutbox):
    event = make_event(capacity=1, starts_at=frozen_now + timedelta(days=20))
    first = make_booking(
        event,
        status=Booking.Status.OFFERED,
        offered_at=frozen_now - timedelta(hours=49),
        offer_expires_at=frozen_now - timedelta(hours=1),
        joined_at=frozen_now - timedelta(days=5),
    )
    second = make_booking(event, status=Booking.Status.WAITLISTED, joined_at=frozen_now - timedelta(days=4))

    with django_capture_on_commit_callbacks(execute=True):
        output = _run("training.expire_offers")

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Booking.Status.EXPIRED
    assert second.status == Booking.Status.OFFERED
    assert second.offer_expires_at == frozen_now + timedelta(hours=48)
    assert "1 offer expired and passed on" in output
    assert AuditEntry.objects.filter(action="training.booking.offer_expired", object_id=str(first.pk)).exists()
    assert [message.to for message in mailoutbox if second.person.email in message.to]


def test_a_live_offer_is_left_alone(frozen_now):
    event = make_event(capacity=1, starts_at=frozen_now + timedelta(days=20))
    offer = make_booking(event, status=Booking.Status.OFFERED, offer_expires_at=frozen_now + timedelta(hours=1))

    output = _run("training.expire_offers")

    offer.refresh_from_db()
    assert offer.status == Booking.Status.OFFERED
    assert "0 offers expired and passed on" in output


def test_the_two_week_reminder_is_sent_once_however_often_the_command_runs(
    frozen_now, django_capture_on_commit_callbacks, mailoutbox
):
    event = make_event(starts_at=local_datetime(frozen_now.date() + timedelta(days=14)))
    booking = make_booking(event, make_user(email="delegate@example.org"))
    make_booking(make_event(starts_at=local_datetime(frozen_now.date() + timedelta(days=30))))  # not due yet

    with django_capture_on_commit_callbacks(execute=True):
        first_run = _run("training.send_reminders")
    with django_capture_on_commit_callbacks(execute=True):
        second_run = _run("training.send_reminders")

    assert "1 reminder sent" in first_run
    assert "0 reminders sent" in second_run
    assert list(ReminderSent.objects.values_list("booking_id", "kind")) == [
        (booking.pk, ReminderSent.Kind.FOURTEEN_DAYS)
    ]
    assert [message.to for message in mailoutbox] == [["delegate@example.org"]]


def test_the_day_before_reminder_follows_when_time_moves_on(
    frozen_now, time_machine, django_capture_on_commit_callbacks, mailoutbox
):
    event = make_event(starts_at=local_datetime(frozen_now.date() + timedelta(days=14)))
    booking = make_booking(event)
    with django_capture_on_commit_callbacks(execute=True):
        _run("training.send_reminders")

    time_machine.move_to(frozen_now + timedelta(days=13), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        output = _run("training.send_reminders")

    assert "1 reminder sent" in output
    assert set(ReminderSent.objects.filter(booking=booking).values_list("kind", flat=True)) == {
        ReminderSent.Kind.FOURTEEN_DAYS,
        ReminderSent.Kind.DAY_BEFORE,
    }
    assert len(mailoutbox) == 2
