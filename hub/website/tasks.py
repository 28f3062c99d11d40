"""Background work of the website, run by django-tasks.

The immediate backend runs a task as soon as it is queued (development and tests); production
uses the database backend and its ``db_worker``. Each task is a thin wrapper around a plain
function that the tests also call directly.
"""

from __future__ import annotations

from django_tasks import task

from hub.website import bulletins


@task()
def send_bulletin(send_uuid: str) -> dict[str, int]:
    """Deliver one e-bulletin send (to subscribers, or a test to one address); safe to run again."""
    return bulletins.run_send(send_uuid)
