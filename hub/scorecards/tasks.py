"""Background work of the scorecards, run by django-tasks.

The immediate backend runs a task as soon as it is queued (development and tests); production
uses the database backend and its ``db_worker``. Generating an exception report draws a chart
per entry, which takes seconds for a large dataset, so approving the last return of a period
queues it instead of making the business unit wait.
"""

from __future__ import annotations

from django_tasks import task


@task()
def generate_report_when_complete(period_id: int) -> bool:
    """Generate the period's exception report if every expected return is approved; safe to run again."""
    from hub.scorecards.services import report_when_period_complete

    return report_when_period_complete(period_id)
