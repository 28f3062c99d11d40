"""The training programme's scheduled jobs, run by ``manage.py run_periodic`` every few minutes.

Each job looks for work that is due and does only that, so running it often (or twice at once)
is safe: offers are expired under the event's row lock, and a reminder is recorded as sent in
the same transaction that schedules its e-mail (never sent twice). The Impact Forum follow-up
job (``training.impact_follow_up``) is registered beside its workflow in ``impact.py``.
"""

from __future__ import annotations

from collections.abc import Callable

from hub.training import services


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def expire_offers(log: Callable[[str], None]) -> None:
    """``training.expire_offers``: offers nobody took up in time move to the next person waiting."""
    expired = services.expire_offers()
    log(f"{_plural(expired, 'offer', 'offers')} expired and passed on")


def send_reminders(log: Callable[[str], None]) -> None:
    """``training.send_reminders``: two weeks, five days and the day before a course."""
    sent = services.send_due_reminders()
    log(f"{_plural(sent, 'reminder', 'reminders')} sent")
