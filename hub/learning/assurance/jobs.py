"""Scheduled work for assurance reports, run by ``manage.py run_periodic``.

``send_reminders`` e-mails an agency's single points of contact when its report is due within the
learning settings' number of days, and again once it is overdue. An ``AssuranceReminder`` row,
claimed before the e-mail goes, makes each reminder go once however often the job runs.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.learning.assurance import services
from hub.learning.assurance.models import AssurancePlanItem, AssuranceReminder, AssuranceReport
from hub.learning.common import LearningSettings

# Overdue reminders stop after this many days: a report that late is for the business unit to chase.
OVERDUE_REMINDER_WINDOW_DAYS = 60


def _claim(plan_item: AssurancePlanItem, kind: str) -> bool:
    try:
        with transaction.atomic():
            AssuranceReminder.objects.create(plan_item=plan_item, kind=kind)
    except IntegrityError:
        return False
    return True


def send_reminders(log=print, today: date | None = None) -> int:
    """Remind agencies of reports due soon or overdue; returns how many reminders went."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=LearningSettings.load().reminder_days_before)
    items = (
        AssurancePlanItem.objects.filter(
            due_on__lte=soon, due_on__gte=today - timedelta(days=OVERDUE_REMINDER_WINDOW_DAYS)
        )
        .exclude(report__status__in=[AssuranceReport.Status.SUBMITTED, AssuranceReport.Status.CONSIDERED])
        .select_related("agency")
    )
    sent = 0
    for item in items:
        kind = AssuranceReminder.Kind.OVERDUE if today > item.due_on else AssuranceReminder.Kind.DUE_SOON
        if AssuranceReminder.objects.filter(plan_item=item, kind=kind).exists():
            continue
        if not services.spoc_addresses(item.agency):
            continue
        if not _claim(item, kind):
            continue
        services.send_reminder(plan_item=item, overdue=kind == AssuranceReminder.Kind.OVERDUE)
        sent += 1
        log(f"Reminded {item.agency} about its assurance report on {item.topic} ({kind}).")
    return sent
