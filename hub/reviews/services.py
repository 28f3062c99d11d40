"""What changes case review records. Views call these; so do the demo loader and the scheduled jobs.

Every change is made under a row lock and checks the record's ``version`` against the one the
person opened, so two panel members never silently overwrite each other (``EditConflict``).
Changes are written to the module's own access log, not the partnership's audit log, whose
readers (the business unit) must not learn that a review exists.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hub.core import roles
from hub.core.errors import DomainError
from hub.core.mail import send_templated, spoc_addresses
from hub.core.models import Action, Agency, User
from hub.core.services import create_action
from hub.core.workdays import add_working_days
from hub.reviews import access
from hub.reviews.models import (
    AccessEntry,
    Notification,
    PracticeReview,
    RapidReview,
    Recommendation,
    ReviewSettings,
    SummaryRequest,
)


class EditConflict(DomainError):
    """Someone saved the record after the person opened it."""

    def __init__(self, record):
        super().__init__(
            "Someone else saved this record after you opened it. Your changes have not been saved: "
            "open it again to see their changes, then make yours."
        )
        self.record = record


def _validation_message(error: ValidationError) -> DomainError:
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.error_dict.items()))
        return DomainError(errors[0].messages[0], field=field)
    return DomainError(error.messages[0])


def _log(request, kind: str, obj, detail: str = "") -> None:
    if request is not None:
        access.record(request, kind, obj, detail=detail)


def save_versioned(record, version: int, changes: dict, *, actor: User, request=None, detail: str = ""):
    """Apply ``changes`` to ``record`` if nobody saved it since ``version``; returns the saved record.

    Raises ``EditConflict`` when the stored version moved on, ``DomainError`` for invalid values.
    Saving values that are already stored changes nothing (no new version, no history).
    """
    model = type(record)
    with transaction.atomic():
        current = model.objects.select_for_update().filter(pk=record.pk).order_by("pk").first()
        if current is None:
            raise DomainError("This record no longer exists")
        if current.version != version:
            raise EditConflict(current)
        changed = {name: value for name, value in changes.items() if getattr(current, name) != value}
        if not changed:
            return current
        for name, value in changed.items():
            setattr(current, name, value)
        try:
            current.full_clean(exclude=["notification"] if model is RapidReview else None)
        except ValidationError as error:
            raise _validation_message(error) from error
        current.version += 1
        current._history_user = actor
        current.save()
        _log(request, AccessEntry.Kind.CHANGED, current, detail or ", ".join(sorted(changed)))
        return current


# Notifications and rapid reviews --------------------------------------------------------------


def create_notification(*, actor: User, request=None, **fields) -> Notification:
    notification = Notification(created_by=actor, **fields)
    try:
        notification.full_clean()
    except ValidationError as error:
        raise _validation_message(error) from error
    with transaction.atomic():
        notification._history_user = actor
        notification.save()
        rapid_review = RapidReview(notification=notification)
        rapid_review._history_user = actor
        rapid_review.save()
        _log(request, AccessEntry.Kind.CREATED, notification)
    return notification


def request_summaries(
    *, actor: User, rapid_review: RapidReview, agencies: list[Agency], due_on: date | None = None, request=None
) -> list[SummaryRequest]:
    """Ask each agency for its summary, due ``due_on`` (by default the configured working days from today).

    Agencies already asked are skipped. Each agency's single points of contact are e-mailed a link;
    the e-mail names only the case reference and the due date.
    """
    if rapid_review.is_decided:
        raise DomainError("The rapid review has reached its decision: no more summaries can be requested")
    if not agencies:
        raise DomainError("Choose at least one agency", field="agencies")
    today = timezone.localdate()
    if due_on is None:
        due_on = add_working_days(today, ReviewSettings.load().summary_due_working_days)
    if due_on < today:
        raise DomainError("The due date must be today or later", field="due_on")
    created = []
    with transaction.atomic():
        asked = set(rapid_review.summary_requests.values_list("agency_id", flat=True))
        for agency in agencies:
            if agency.pk in asked:
                continue
            summary = SummaryRequest(rapid_review=rapid_review, agency=agency, due_on=due_on, requested_by=actor)
            summary._history_user = actor
            summary.save()
            created.append(summary)
            _log(request, AccessEntry.Kind.CREATED, summary, detail=f"asked {agency}")
    for summary in created:
        send_templated(
            "reviews/emails/summary_requested",
            {"summary": summary, "reference": rapid_review.notification.reference, "url": _absolute(summary)},
            summary_addresses(summary.agency),
        )
    return created


def summary_addresses(agency: Agency) -> list[str]:
    """The people who answer for ``agency``: its single points of contact and any panel member from it."""
    panel = User.objects.filter(
        is_active=True,
        agency=agency,
        role_assignments__role__slug__in=[roles.REVIEWS_PANEL, roles.REVIEWS_CHAIR],
    ).distinct()
    return sorted(set(spoc_addresses(agency)) | {person.email for person in panel if person.email})


def panel_addresses() -> list[str]:
    people = User.objects.filter(
        is_active=True, role_assignments__role__slug__in=[roles.REVIEWS_PANEL, roles.REVIEWS_CHAIR]
    ).distinct()
    return sorted({person.email for person in people if person.email})


def _absolute(record) -> str:
    return settings.SITE_URL.rstrip("/") + record.get_absolute_url()


def complete_summary(
    *,
    actor: User,
    summary: SummaryRequest,
    version: int,
    involvement: str,
    analysis: str,
    immediate_actions: str,
    request=None,
) -> SummaryRequest:
    """The agency sends its summary. It can still be corrected until the rapid review decides."""
    if summary.agency_id not in access.answering_agencies(actor):
        raise DomainError("Only the agency asked can send its summary")
    if summary.rapid_review.is_decided:
        raise DomainError("The rapid review has reached its decision: the summary can no longer be changed")
    if not involvement.strip():
        raise DomainError("Describe the agency's involvement with the child and family", field="involvement")
    changes = {
        "involvement": involvement.strip(),
        "analysis": analysis.strip(),
        "immediate_actions": immediate_actions.strip(),
        "completed_by": actor,
    }
    if summary.completed_at is None:
        changes["completed_at"] = timezone.now()
    saved = save_versioned(summary, version, changes, actor=actor, request=request, detail="summary sent")
    if "completed_at" in changes:
        send_templated(
            "reviews/emails/summary_received",
            {"summary": saved, "reference": saved.rapid_review.notification.reference, "url": _absolute(saved)},
            panel_addresses(),
        )
    return saved


PRACTICE_KIND = {
    RapidReview.Decision.LOCAL_REVIEW: (PracticeReview.Kind.LOCAL, "LCSPR"),
    RapidReview.Decision.LEARNING_REVIEW: (PracticeReview.Kind.LEARNING, "LR"),
}


def record_decision(
    *,
    actor: User,
    rapid_review: RapidReview,
    version: int,
    decision: str,
    rationale: str,
    decided_on: date,
    meeting_on: date | None = None,
    immediate_actions: str = "",
    request=None,
) -> RapidReview:
    """Record the rapid review's decision and its rationale.

    A decision to commission a local practice review or a learning review opens the review, with
    the decision date as its clock's anchor. A decision cannot be changed once a review it opened
    has moved beyond agreeing its terms of reference.
    """
    if decision not in RapidReview.Decision.values:
        raise DomainError("Choose the rapid review's decision", field="decision")
    if not rationale.strip():
        raise DomainError("Explain the reasons for the decision", field="rationale")
    notification = rapid_review.notification
    if decided_on < notification.became_aware_on:
        raise DomainError("The decision cannot come before the local authority became aware", field="decided_on")
    if decided_on > timezone.localdate():
        raise DomainError("The decision date cannot be in the future", field="decided_on")
    if meeting_on and meeting_on > decided_on:
        raise DomainError("The meeting must be on or before the decision", field="meeting_on")
    with transaction.atomic():
        started = rapid_review.practice_reviews.exclude(stage=PracticeReview.Stage.TERMS)
        if rapid_review.decision and rapid_review.decision != decision and started.exists():
            raise DomainError("The review this decision opened has started: the decision can no longer be changed")
        saved = save_versioned(
            rapid_review,
            version,
            {
                "decision": decision,
                "rationale": rationale.strip(),
                "decided_on": decided_on,
                "meeting_on": meeting_on,
                "immediate_actions": immediate_actions.strip(),
                "decided_by": actor,
            },
            actor=actor,
            request=request,
            detail=f"decision: {RapidReview.Decision(decision).label}",
        )
        rapid_review.practice_reviews.filter(stage=PracticeReview.Stage.TERMS).exclude(
            kind=PRACTICE_KIND.get(decision, (None,))[0]
        ).delete()
        if decision in PRACTICE_KIND and not saved.practice_reviews.exists():
            kind, suffix = PRACTICE_KIND[decision]
            review = PracticeReview(
                reference=f"{notification.reference[: 29 - len(suffix)]}-{suffix}",
                kind=kind,
                title=f"Review following {notification.reference}",
                rapid_review=saved,
                decided_on=decided_on,
            )
            review._history_user = actor
            review.save()
            _log(request, AccessEntry.Kind.CREATED, review, detail="opened by the rapid review's decision")
    return saved


# Practice reviews --------------------------------------------------------------------------------


def create_practice_review(*, actor: User, request=None, themes=(), **fields) -> PracticeReview:
    review = PracticeReview(**fields)
    try:
        review.full_clean()
    except ValidationError as error:
        raise _validation_message(error) from error
    with transaction.atomic():
        review._history_user = actor
        review.save()
        review.themes.set(themes)
        _log(request, AccessEntry.Kind.CREATED, review)
    return review


def add_recommendation(*, actor: User, review: PracticeReview, text: str, request=None) -> Recommendation:
    if not text.strip():
        raise DomainError("Enter the recommendation", field="text")
    with transaction.atomic():
        PracticeReview.objects.select_for_update().filter(pk=review.pk).order_by("pk").first()
        last = review.recommendations.order_by("-number").values_list("number", flat=True).first() or 0
        recommendation = Recommendation(review=review, number=last + 1, text=text.strip())
        recommendation._history_user = actor
        recommendation.save()
        _log(request, AccessEntry.Kind.CHANGED, review, detail=f"recommendation {recommendation.number} added")
    return recommendation


def raise_recommendation_action(
    *, actor: User, recommendation: Recommendation, request=None, **action_fields
) -> Action:
    """The partnership's response to a recommendation, as an action on the shared tracker."""
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().filter(pk=recommendation.pk).order_by("pk").first()
        if locked.action_id is not None:
            raise DomainError(f"Action {locked.action.reference} already answers this recommendation")
        action = create_action(
            actor=actor,
            source=locked.review,
            source_label=locked.source_label,
            request=request,
            **action_fields,
        )
        locked.action = action
        locked._history_user = actor
        locked.save(update_fields=["action"])
        _log(request, AccessEntry.Kind.CHANGED, locked.review, detail=f"action {action.reference} raised")
    return action


def review_actions(review: PracticeReview):
    return Action.objects.from_source(review).select_related("owner_agency")


def raise_national_action(*, actor: User, review, request=None, **action_fields) -> Action:
    """The local response to a national review's learning, as an action on the shared tracker."""
    return create_action(actor=actor, source=review, source_label=review.source_label, request=request, **action_fields)


def publish_report(
    *, actor: User, review: PracticeReview, version: int, upload, title: str, summary: str, published_on, request=None
) -> PracticeReview:
    """Publish the review's final report in the website's resource library and record where it is.

    Refused before the final report went to the national panel and the Secretary of State, and
    for a publication date before that (the panel gets it at least seven working days before).
    """
    from hub.website.publishing import publish_resource

    if review.sent_to_panel_on is None:
        raise DomainError("Record when the final report went to the national panel and the Secretary of State first")
    if published_on < review.sent_to_panel_on:
        raise DomainError("The report cannot be published before it went to the national panel", field="published_on")
    if published_on > timezone.localdate():
        raise DomainError("Publish with today's date or an earlier one", field="published_on")
    with transaction.atomic():
        page = publish_resource(
            slug=review.reference.lower(),
            title=title.strip(),
            summary=summary.strip(),
            resource_type="review-report",
            file_name=upload.name,
            content=upload.read(),
            publication_date=published_on,
            actor=actor,
        )
        return save_versioned(
            review,
            version,
            {
                "published_on": published_on,
                "published_url": settings.SITE_URL.rstrip("/") + page.url,
                "stage": PracticeReview.Stage.PUBLISHED,
            },
            actor=actor,
            request=request,
            detail="report published in the resource library",
        )
