"""Scheduled work of the case reviews module (run by ``manage.py run_periodic``).

``send_clock_alerts`` e-mails the panel and the business unit once when a statutory deadline is
the configured number of working days away, and once when it passes without being met. The
e-mails name the case reference, the clock and the date only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hub.core.mail import business_unit_addresses, send_templated


def send_clock_alerts(log=print, today=None) -> int:
    from hub.reviews import clocks
    from hub.reviews.models import ClockAlert, ReviewSettings
    from hub.reviews.services import panel_addresses

    today = today or timezone.localdate()
    warn = ReviewSettings.load().warn_days_before
    recipients = sorted(set(panel_addresses()) | set(business_unit_addresses()))
    url = settings.SITE_URL.rstrip("/") + reverse("reviews:clocks")
    sent = 0
    for deadline in clocks.all_deadlines():
        state = deadline.state(today)
        days_left = deadline.working_days_left(today)
        if state == clocks.State.OVERDUE:
            kind = ClockAlert.Kind.MISSED
        elif state == clocks.State.DUE and days_left <= warn:
            kind = ClockAlert.Kind.REMINDER
        else:
            continue
        try:
            with transaction.atomic():
                ClockAlert.objects.create(
                    clock=deadline.clock,
                    record_type=type(deadline.record)._meta.model_name,
                    record_id=deadline.record.pk,
                    due_on=deadline.due_on,
                    kind=kind,
                )
        except IntegrityError:
            continue  # already sent
        send_templated(
            "reviews/emails/clock",
            {
                "deadline": deadline,
                "missed": kind == ClockAlert.Kind.MISSED,
                "days_left": days_left,
                "url": url,
            },
            recipients,
        )
        sent += 1
    log(f"{sent} case review deadline alerts sent")
    return sent


def purge_expired_records(log=print, today=None):
    from hub.reviews.retention import purge_expired

    purged = purge_expired(today)
    log(f"Case reviews past their retention period: {purged}")
    return purged


def chase_reporting_forms(log=print, today=None) -> int:
    from hub.reviews.deaths import chase_late_reports

    chased = chase_late_reports(today)
    log(f"{chased} late child death reporting forms chased")
    return chased


def verify_access_log(log=print) -> bool:
    """Check the access log's chain; e-mail the panel chairs when an entry was changed or removed."""
    from hub.core import roles
    from hub.core.models import User
    from hub.reviews.access import verify_chain

    broken_at = verify_chain()
    if broken_at is None:
        log("Case review access log: chain intact")
        return True
    chairs = User.objects.filter(
        is_active=True, role_assignments__role__slug__in=[roles.REVIEWS_CHAIR, roles.CDOP_CHAIR]
    ).distinct()
    send_templated("reviews/emails/access_log_broken", {"entry": broken_at}, sorted({chair.email for chair in chairs}))
    log(f"Case review access log: chain broken at entry {broken_at}")
    return False


def register(registry) -> None:
    registry.register_periodic_job(
        "reviews.verify_access_log",
        verify_access_log,
        description="Checks that no entry of the case review access log was changed or removed outside the Hub.",
    )
    registry.register_periodic_job(
        "reviews.chase_reporting_forms",
        chase_reporting_forms,
        description="E-mails agencies whose child death reporting forms are late, at most once a week each.",
    )
    registry.register_periodic_job(
        "reviews.purge_expired_records",
        purge_expired_records,
        description="Deletes case review records, their history and their access log once their retention period "
        "has run out.",
    )
    registry.register_periodic_job(
        "reviews.send_clock_alerts",
        send_clock_alerts,
        description="E-mails the case review panel before a statutory deadline and when one is missed.",
    )
