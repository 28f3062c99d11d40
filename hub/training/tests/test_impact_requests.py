"""``send_due_impact_requests``: the Impact Forum follow-up, some months after the course, never twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from hub.core.audit import entries_for
from hub.testing import make_user
from hub.training.impact import CATCH_UP_DAYS
from hub.training.models import Booking, ImpactRequest
from hub.training.services import send_due_impact_requests
from hub.training.tests.factories import (
    html_body,
    local_datetime,
    make_booking,
    make_course,
    make_event,
    training_settings,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def delegate():
    return make_user("dee.practitioner@example.org", first_name="Dee", last_name="Lowe")


def _attended(person, ended_days_ago: int, now, *, status=Booking.Status.ATTENDED, **fields):
    course = make_course("Voice and lived experience of the child")
    event = make_event(course, starts_at=local_datetime(now.date() - timedelta(days=ended_days_ago)))
    return make_booking(event, person, status=status, **fields)


def test_the_delegate_is_asked_on_the_follow_up_day_with_a_link(
    frozen_now, delegate, django_capture_on_commit_callbacks
):
    booking = _attended(delegate, 90, frozen_now)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_impact_requests(now=frozen_now) == 1
    impact_request = ImpactRequest.objects.get(booking=booking)
    assert impact_request.due_on == frozen_now.date()
    assert impact_request.sent_at == frozen_now
    [message] = mail.outbox
    assert message.to == ["dee.practitioner@example.org"]
    assert message.subject == "How has the course made a difference? Voice and lived experience of the child"
    link = "http://127.0.0.1:8000" + reverse("training:impact-respond", kwargs={"uuid": impact_request.uuid})
    assert link in message.body
    assert link in html_body(message)
    assert "On 31 January 2025 you attended Voice and lived experience of the child" in message.body
    assert "line manager" not in message.body
    [entry] = entries_for(booking)
    assert entry.action == "training.impact.requested"
    assert entry.data == {"due_on": "2025-05-01", "manager_copied": False}


def test_the_line_manager_gets_a_copy_without_a_link_to_answer(
    frozen_now, delegate, django_capture_on_commit_callbacks
):
    booking = _attended(delegate, 95, frozen_now, manager_email="lee.manager@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        send_due_impact_requests(now=frozen_now)
    assert ImpactRequest.objects.get(booking=booking).manager_email == "lee.manager@example.org"
    to_delegate, to_manager = mail.outbox
    assert "We have sent your line manager a copy" in to_delegate.body
    assert to_manager.to == ["lee.manager@example.org"]
    assert to_manager.subject.startswith("Copy: Dee Lowe has been asked about the impact of")
    assert "as Dee Lowe's line manager" in to_manager.body
    assert "/account/training/impact/" not in to_manager.body


def test_nobody_is_asked_before_the_follow_up_day(frozen_now, delegate, django_capture_on_commit_callbacks):
    _attended(delegate, 89, frozen_now)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_impact_requests(now=frozen_now) == 0
    assert not mail.outbox


def test_the_follow_up_day_is_configurable(frozen_now, delegate, django_capture_on_commit_callbacks):
    training_settings(impact_follow_up_days=42)
    _attended(delegate, 42, frozen_now)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_impact_requests(now=frozen_now) == 1


def test_a_multi_day_course_counts_from_its_last_day(frozen_now, delegate):
    course = make_course()
    event = make_event(course, starts_at=local_datetime(frozen_now.date() - timedelta(days=91)), days=2)
    make_booking(event, delegate, status=Booking.Status.ATTENDED)
    assert send_due_impact_requests(now=frozen_now) == 1


def test_partly_attending_counts_but_not_attending_does_not(frozen_now, delegate):
    _attended(delegate, 90, frozen_now, status=Booking.Status.PARTLY_ATTENDED)
    _attended(make_user(), 90, frozen_now, status=Booking.Status.NO_SHOW)
    _attended(make_user(), 90, frozen_now, status=Booking.Status.CONFIRMED)
    assert send_due_impact_requests(now=frozen_now) == 1
    assert ImpactRequest.objects.get().booking.person == delegate


def test_nobody_is_asked_twice(frozen_now, delegate, time_machine, django_capture_on_commit_callbacks):
    _attended(delegate, 90, frozen_now)
    with django_capture_on_commit_callbacks(execute=True):
        send_due_impact_requests(now=frozen_now)
    time_machine.move_to(frozen_now + timedelta(days=1), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_impact_requests() == 0
    assert len(mail.outbox) == 1
    with pytest.raises(IntegrityError):
        ImpactRequest.objects.create(booking=ImpactRequest.objects.get().booking, due_on=frozen_now.date())


def test_a_missed_run_catches_up_but_not_for_long_forgotten_courses(frozen_now, delegate):
    recent = _attended(delegate, 90 + 10, frozen_now)
    too_old = _attended(make_user(), 90 + CATCH_UP_DAYS + 1, frozen_now)
    assert send_due_impact_requests(now=frozen_now) == 1
    assert ImpactRequest.objects.filter(booking=recent).exists()
    assert not ImpactRequest.objects.filter(booking=too_old).exists()


def test_the_scheduled_job_sends_what_is_due(frozen_now, delegate, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    _attended(delegate, 90, frozen_now)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic", job=["training.impact_follow_up"], stdout=out)
    assert "1 impact follow-up sent" in out.getvalue()
    assert len(mail.outbox) == 1
