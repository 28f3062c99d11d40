"""Deleting case review records once their retention period (``RetentionRule``) has run out.

Run daily by ``manage.py run_periodic``. A record is deleted with everything that belongs to it
(its rapid review and summaries; its monitoring, recommendations and learning events), with
every history copy of each, and with the access log entries about them, so nothing of the case
remains in the Hub. A notification whose rapid review opened a practice review that is still
kept waits for that review. Actions raised on the shared tracker stay: they belong to the
agencies that own them and name the review only by its reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hub.reviews.clocks import add_months
from hub.reviews.models import (
    AccessEntry,
    ChildDeath,
    ClockAlert,
    DeathAnalysis,
    Factor,
    LearningEvent,
    MonitoringCheck,
    Notification,
    PracticeReview,
    RapidReview,
    Recommendation,
    ReportingRequest,
    RetentionRule,
    SummaryRequest,
)


@dataclass
class Purged:
    notifications: int = 0
    practice_reviews: int = 0
    child_deaths: int = 0

    def __str__(self) -> str:
        return (
            f"{self.notifications} notifications, {self.practice_reviews} practice reviews and "
            f"{self.child_deaths} child death records deleted"
        )


def _cutoff(rule: RetentionRule | None, today: date) -> date | None:
    return add_months(today, -12 * rule.years) if rule else None


def _delete_with_history(model, ids: list[int]) -> None:
    if not ids:
        return
    # The record first: deleting it writes a last history copy, which goes with the rest.
    model.objects.filter(id__in=ids).delete()
    model.history.model.objects.filter(id__in=ids).delete()
    ClockAlert.objects.filter(record_type=model._meta.model_name, record_id__in=ids).delete()
    AccessEntry.objects.filter(record_type=model._meta.model_name, record_id__in=ids).delete()


def _purge_practice_review(review: PracticeReview) -> None:
    _delete_with_history(MonitoringCheck, list(review.monitoring.values_list("pk", flat=True)))
    _delete_with_history(LearningEvent, list(review.learning_events.values_list("pk", flat=True)))
    _delete_with_history(Recommendation, list(review.recommendations.values_list("pk", flat=True)))
    review.themes.clear()
    _delete_with_history(PracticeReview, [review.pk])


def _purge_notification(notification: Notification) -> None:
    rapid_reviews = list(RapidReview.objects.filter(notification=notification).values_list("pk", flat=True))
    summaries = list(SummaryRequest.objects.filter(rapid_review_id__in=rapid_reviews).values_list("pk", flat=True))
    _delete_with_history(SummaryRequest, summaries)
    _delete_with_history(RapidReview, rapid_reviews)
    _delete_with_history(Notification, [notification.pk])


def _purge_child_death(death: ChildDeath) -> None:
    analyses = list(DeathAnalysis.objects.filter(death=death).values_list("pk", flat=True))
    _delete_with_history(Factor, list(Factor.objects.filter(analysis_id__in=analyses).values_list("pk", flat=True)))
    _delete_with_history(DeathAnalysis, analyses)
    _delete_with_history(ReportingRequest, list(death.reporting_requests.values_list("pk", flat=True)))
    death.thematic_reviews.clear()
    _delete_with_history(ChildDeath, [death.pk])


def purge_expired(today: date | None = None) -> Purged:
    """Delete every record past its retention period; the access log's chain is then sealed again."""
    purged = _purge(today)
    if purged.notifications or purged.practice_reviews or purged.child_deaths:
        from hub.reviews.access import reseal_chain

        reseal_chain()
    return purged


def _purge(today: date | None) -> Purged:
    today = today or timezone.localdate()
    rules = {rule.record_type: rule for rule in RetentionRule.objects.all()}
    purged = Purged()
    review_cutoff = _cutoff(rules.get(RetentionRule.RecordType.PRACTICE_REVIEW), today)
    if review_cutoff is not None:
        expired = PracticeReview.objects.filter(
            Q(published_on__lt=review_cutoff)
            | Q(published_on__isnull=True, final_report_on__lt=review_cutoff)
            | Q(published_on__isnull=True, final_report_on__isnull=True, decided_on__lt=review_cutoff)
        ).exclude(stage__in=[PracticeReview.Stage.TERMS, PracticeReview.Stage.IN_PROGRESS, PracticeReview.Stage.DRAFT])
        for review in expired:
            with transaction.atomic():
                _purge_practice_review(review)
            purged.practice_reviews += 1
    notification_cutoff = _cutoff(rules.get(RetentionRule.RecordType.NOTIFICATION), today)
    if notification_cutoff is not None:
        expired = (
            Notification.objects.filter(
                Q(rapid_review__decided_on__lt=notification_cutoff)
                | Q(rapid_review__decided_on__isnull=True, became_aware_on__lt=notification_cutoff)
            )
            .exclude(rapid_review__practice_reviews__isnull=False)
            .distinct()
        )
        for notification in expired:
            with transaction.atomic():
                _purge_notification(notification)
            purged.notifications += 1
    death_cutoff = _cutoff(rules.get(RetentionRule.RecordType.CHILD_DEATH), today)
    if death_cutoff is not None:
        for death in ChildDeath.objects.filter(
            status=ChildDeath.Status.REVIEWED, analysis__analysed_on__lt=death_cutoff
        ):
            with transaction.atomic():
                _purge_child_death(death)
            purged.child_deaths += 1
    return purged
