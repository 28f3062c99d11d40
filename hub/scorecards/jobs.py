"""Scheduled work for scorecards, run by ``manage.py run_periodic``.

``send_reminders`` e-mails an agency's SPOCs when a return is due within the settings' number of
days and again once it is overdue; a ``ReminderSent`` row, claimed before the e-mail goes, makes
each reminder go once however often (or however many copies of) the job runs.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.scorecards import services
from hub.scorecards.models import ReminderSent, ReportingPeriod, Return, ReturnUpload, ScorecardSettings

UNCONFIRMED_UPLOAD_DAYS = 7


def _claim(agency, period, kind) -> bool:
    try:
        with transaction.atomic():
            ReminderSent.objects.create(agency=agency, period=period, kind=kind)
    except IntegrityError:
        return False
    return True


def send_reminders(log=print, today=None) -> int:
    today = today or timezone.localdate()
    scorecard_settings = ScorecardSettings.load()
    sent = 0
    soon = today + timedelta(days=scorecard_settings.reminder_days_before)
    periods = ReportingPeriod.objects.filter(end__lt=today, deadline__lte=soon).filter(
        deadline__gte=today - timedelta(days=scorecard_settings.lock_after_days)
    )
    for period in periods:
        kind = ReminderSent.Kind.OVERDUE if today > period.deadline else ReminderSent.Kind.DUE_SOON
        finished = set(
            Return.objects.filter(period=period)
            .exclude(status__in=[Return.Status.DRAFT, Return.Status.RETURNED])
            .values_list("agency_id", flat=True)
        )
        for agency in services.expected_agencies(period):
            if agency.pk in finished:
                continue
            recipients = services.spoc_addresses(agency)
            if not recipients or not _claim(agency, period, kind):
                continue
            services.send_reminder(agency=agency, period=period, overdue=kind == ReminderSent.Kind.OVERDUE)
            sent += 1
            log(f"Reminded {agency} about {period.label} ({kind}).")
    return sent


def clear_unconfirmed_uploads(log=print, now=None) -> int:
    cutoff = (now or timezone.now()) - timedelta(days=UNCONFIRMED_UPLOAD_DAYS)
    deleted, _ = ReturnUpload.objects.filter(applied_at__isnull=True, uploaded_at__lt=cutoff).delete()
    if deleted:
        log(f"Deleted {deleted} unconfirmed return upload{'s' if deleted != 1 else ''}.")
    return deleted
