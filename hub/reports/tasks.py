"""Background work of the yearly report, run by django-tasks.

The immediate backend runs a task as soon as it is queued (development and tests); production
uses the database backend and its ``db_worker``. Making a full year's PDF takes a while, so the
report page and the publish form queue it (``hub.reports.generation``) and show its progress.
"""

from __future__ import annotations

from django_tasks import task


@task()
def generate_report(run_uuid: str) -> str:
    """Make one run's PDF (and publish it, for a publication); safe to run again. Returns its state."""
    from hub.reports.generation import run_generation

    return run_generation(run_uuid)
