"""Scheduled publishing: an approved page with a go-live time goes live when ``run_periodic`` next runs."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from hub.core import roles
from hub.testing import make_user
from hub.website.models import NewsPage
from hub.website.tests.factories import build_site, make_news

pytestmark = pytest.mark.django_db

NOON = timezone.make_aware(datetime(2026, 3, 2, 12, 0))


def run_periodic(*args: str) -> str:
    out = StringIO()
    call_command("run_periodic", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def scheduled_news():
    """A new What's New item, approved by a second editor to go live at 9am the next day."""
    author = make_user("author@example.org", roles_=(roles.BUSINESS_UNIT,))
    reviewer = make_user("reviewer@example.org", roles_=(roles.BUSINESS_UNIT,))
    with time_machine.travel(NOON, tick=False):
        home = build_site()
        news = make_news(home.news, title="New procedures chapter", live=False)
        news.go_live_at = NOON + timedelta(hours=21)
        news.save_revision(user=author)
        news.get_workflow().start(news, author)
        news.refresh_from_db()
        news.current_workflow_task.on_action(news.current_workflow_task_state, reviewer, "approve")
    return NewsPage.objects.get(pk=news.pk)


def test_approval_schedules_the_page_rather_than_publishing_it(scheduled_news):
    assert not scheduled_news.live
    assert scheduled_news.get_latest_revision().approved_go_live_at == NOON + timedelta(hours=21)


def test_run_periodic_publishes_the_page_once_its_time_has_come(scheduled_news):
    with time_machine.travel(NOON + timedelta(hours=20), tick=False):
        output = run_periodic("--job", "website.publish_scheduled")
    assert "nothing due" in output
    assert not NewsPage.objects.get(pk=scheduled_news.pk).live

    with time_machine.travel(NOON + timedelta(hours=21, minutes=5), tick=False):
        output = run_periodic("--job", "website.publish_scheduled")

    assert "1 scheduled page published" in output
    assert NewsPage.objects.get(pk=scheduled_news.pk).live


def test_run_periodic_unpublishes_a_page_past_its_expiry_time():
    with time_machine.travel(NOON, tick=False):
        home = build_site()
        news = make_news(home.news, title="Safeguarding week bookings open")
        NewsPage.objects.filter(pk=news.pk).update(expire_at=NOON + timedelta(days=7))

    with time_machine.travel(NOON + timedelta(days=8), tick=False):
        output = run_periodic("--job", "website.publish_scheduled")

    assert "1 expired page unpublished" in output
    news.refresh_from_db()
    assert not news.live and news.expired
