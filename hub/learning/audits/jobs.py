"""Scheduled work for audits, run by ``manage.py run_periodic``.

``send_reminders`` e-mails an agency's SPOCs when the audit's returns are due within the learning
settings' number of days and again once they are overdue (up to a fortnight after the due date),
while the agency still has a draft return. An ``AuditReminder`` row, claimed before the e-mail
goes, makes each reminder go once however often the job runs.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hub.core.mail import send_templated, spoc_addresses
from hub.core.models import Agency, PartnershipSettings
from hub.learning.audits.models import Audit, AuditReminder, AuditReturn
from hub.learning.common import LearningSettings

OVERDUE_DAYS = 14


def _claim(audit, agency, kind) -> bool:
    try:
        with transaction.atomic():
            AuditReminder.objects.create(audit=audit, agency=agency, kind=kind)
    except IntegrityError:
        return False
    return True


def send_reminders(log=print, today=None) -> int:
    today = today or timezone.localdate()
    soon = today + timedelta(days=LearningSettings.load().reminder_days_before)
    audits = Audit.objects.filter(
        status=Audit.Status.RETURNS,
        returns_due_on__lte=soon,
        returns_due_on__gte=today - timedelta(days=OVERDUE_DAYS),
    )
    url = settings.SITE_URL.rstrip("/") + reverse("learning:audit-returns")
    partnership = PartnershipSettings.load().name
    sent = 0
    for audit in audits:
        kind = AuditReminder.Kind.OVERDUE if today > audit.returns_due_on else AuditReminder.Kind.DUE_SOON
        waiting = Agency.objects.filter(
            audit_returns__case__audit=audit, audit_returns__status=AuditReturn.Status.DRAFT
        ).distinct()
        for agency in waiting:
            recipients = spoc_addresses(agency)
            if not recipients or not _claim(audit, agency, kind):
                continue
            drafts = AuditReturn.objects.filter(case__audit=audit, agency=agency, status=AuditReturn.Status.DRAFT)
            send_templated(
                f"learning/audits/emails/returns_{kind.replace('-', '_')}",
                {
                    "audit": audit,
                    "agency": agency,
                    "count": drafts.count(),
                    "url": url,
                    "partnership": partnership,
                },
                recipients,
            )
            sent += 1
            log(f"Reminded {agency} about the audit {audit} ({kind}).")
    return sent
