"""Scheduled work for Section 11, run by ``manage.py run_periodic``.

``send_reminders`` e-mails the SPOCs of each agency that has not returned its self-assessment:
once when the due date is within the learning settings' number of days, and once when it has
passed. A ``Section11Reminder`` row, claimed before the e-mail goes, makes each reminder go once
however often (or however many copies of) the job runs.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.core.audit import log_action
from hub.learning.common import LearningSettings
from hub.learning.section11 import services
from hub.learning.section11.models import Section11Assessment, Section11Reminder, Section11Round

# Overdue reminders stop this long after the due date: an agency still missing by then is
# followed up in person, not by another automatic e-mail.
OVERDUE_WINDOW_DAYS = 60


def _claim(round_, agency, kind) -> bool:
    try:
        with transaction.atomic():
            Section11Reminder.objects.create(round=round_, agency=agency, kind=kind)
    except IntegrityError:
        return False
    return True


def send_reminders(log=print, today: date | None = None) -> int:
    today = today or timezone.localdate()
    soon = today + timedelta(days=LearningSettings.load().reminder_days_before)
    rounds = Section11Round.objects.filter(
        status=Section11Round.Status.OPEN,
        opens_on__lte=today,
        due_on__lte=soon,
        due_on__gte=today - timedelta(days=OVERDUE_WINDOW_DAYS),
    ).prefetch_related("agencies")
    sent = 0
    for round_ in rounds:
        kind = Section11Reminder.Kind.OVERDUE if today > round_.due_on else Section11Reminder.Kind.DUE_SOON
        assessments = {item.agency_id: item for item in Section11Assessment.objects.filter(round=round_)}
        for agency in round_.agencies.all():
            assessment = assessments.get(agency.pk)
            if assessment is not None and assessment.is_returned:
                continue
            if not services.spoc_addresses(agency) or not _claim(round_, agency, kind):
                continue
            services.send_reminder(
                assessment=assessment, round_=round_, agency=agency, overdue=kind == Section11Reminder.Kind.OVERDUE
            )
            log_action(
                "learning.section11.reminded",
                obj=assessment or round_,
                data={"agency": agency.short_code, "kind": kind},
            )
            sent += 1
            log(f"Reminded {agency} about {round_} ({kind}).")
    return sent
