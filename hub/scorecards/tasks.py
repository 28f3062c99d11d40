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


@task()
def generate_report(period_id: int, actor_id: int | None = None) -> int:
    """Generate (or rebuild) the period's exception report for the business unit; returns its entry count."""
    from hub.core.models import User
    from hub.scorecards.exceptions import generate_exception_report
    from hub.scorecards.models import ReportingPeriod

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    report = generate_exception_report(period=ReportingPeriod.objects.get(pk=period_id), actor=actor)
    return report.entries.count()
