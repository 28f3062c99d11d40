"""Workflows for independent scrutiny: the challenge log, reviews, the plan and the scrutineer's statement.

The independent scrutineer and the business unit keep the challenge log and write reviews, the
plan and the statement; an agency's single point of contact records the agency's response to a
challenge addressed to it. Every function takes ``actor=``, runs in one transaction (with the
record's row locked when its status changes), writes an audit entry and raises ``DomainError``
with a message for the person acting. E-mails go after commit.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from hub.core import roles
from hub.core.audit import log_action, register_event
from hub.core.errors import DomainError
from hub.core.models import Action, Agency, PartnershipSettings, Theme, User
from hub.core.permissions import is_business_unit, is_scrutineer
from hub.core.services import create_action
from hub.learning.scrutiny.models import Challenge, ScrutinyPlanItem, ScrutinyReview, ScrutinyStatement

register_event("learning.scrutiny.challenge.raised", "Challenge raised")
register_event("learning.scrutiny.challenge.changed", "Challenge changed")
register_event("learning.scrutiny.challenge.responded", "Response to the challenge recorded")
register_event("learning.scrutiny.challenge.closed", "Challenge closed")
register_event("learning.scrutiny.review.created", "Scrutiny review added")
register_event("learning.scrutiny.review.changed", "Scrutiny review changed")
register_event("learning.scrutiny.review.action_raised", "Action raised from the review's recommendations")
register_event("learning.scrutiny.plan.created", "Added to the scrutiny plan")
register_event("learning.scrutiny.plan.changed", "Scrutiny plan changed")
register_event("learning.scrutiny.statement.saved", "Scrutineer's statement saved")
register_event("learning.scrutiny.statement.signed_off", "Scrutineer's statement signed off")


def keeps_scrutiny(user) -> bool:
    """The scrutineer and the business unit keep the challenge log and write reviews, the plan and the statement."""
    return is_scrutineer(user) or is_business_unit(user)


def is_spoc_for(user: User, agency: Agency | None) -> bool:
    return bool(agency is not None and user.is_authenticated and user.has_role(roles.SPOC, agency=agency))


def _require_keeper(actor: User, what: str) -> None:
    if not keeps_scrutiny(actor):
        raise DomainError(f"Only the independent scrutineer or the business unit can {what}.")


def _audit_value(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "name") and hasattr(value, "size"):
        return getattr(value, "name", "")
    return value


def _apply(instance: models.Model, fields: dict) -> dict:
    """Set ``fields`` on ``instance``; the before and after of each field that changed."""
    diff = {}
    for name, value in fields.items():
        before = getattr(instance, name)
        if before != value:
            diff[name] = {"before": _audit_value(before), "after": _audit_value(value)}
            setattr(instance, name, value)
    return diff


# The challenge log -----------------------------------------------------------------------------------


def _clean_challenge_fields(fields: dict) -> dict:
    """The model's fields from a service's arguments (the challenge's wording comes as ``text``)."""
    fields = dict(fields)
    if "text" in fields:
        fields["challenge"] = fields.pop("text")
    for name in ("summary", "challenge", "to_group"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    if not fields.get("summary"):
        raise DomainError("Enter the challenge in a few words", field="summary")
    if not fields.get("challenge"):
        raise DomainError("Enter the challenge", field="challenge")
    if fields.get("to_agency") is None and not fields.get("to_group"):
        raise DomainError("Select the agency challenged or enter the group challenged", field="to_agency")
    raised_on = fields.get("raised_on")
    if raised_on is None or raised_on > timezone.localdate():
        raise DomainError("The date the challenge was raised must be today or in the past", field="raised_on")
    return fields


def raise_challenge(*, actor: User, request=None, **fields) -> Challenge:
    """Add a challenge to the log; the challenged agency's SPOCs are told by e-mail.

    ``fields``: ``raised_on``, ``to_agency`` and/or ``to_group``, ``summary``, ``text`` (the
    challenge itself), optionally ``review``.
    """
    _require_keeper(actor, "raise a challenge")
    fields = _clean_challenge_fields(fields)
    with transaction.atomic():
        challenge = Challenge(raised_by=actor, **fields)
        challenge._history_user = actor
        challenge.save()
        log_action(
            "learning.scrutiny.challenge.raised",
            actor=actor,
            obj=challenge,
            request=request,
            data={"to_agency": challenge.to_agency.short_code if challenge.to_agency_id else None},
        )
        challenge_id = challenge.pk
        transaction.on_commit(lambda: _tell_agency_of_challenge(challenge_id))
    return challenge


def _lock(challenge: Challenge) -> Challenge:
    return Challenge.objects.select_for_update(of=("self",)).select_related("to_agency").get(pk=challenge.pk)


def _require_not_closed(challenge: Challenge) -> None:
    if challenge.status == Challenge.Status.CLOSED:
        raise DomainError("This challenge is closed, so it cannot be changed.")


def change_challenge(*, actor: User, challenge: Challenge, request=None, **fields) -> Challenge:
    """Correct a challenge that is not yet closed; the audit entry holds what changed."""
    _require_keeper(actor, "change a challenge")
    fields = _clean_challenge_fields(fields)
    with transaction.atomic():
        locked = _lock(challenge)
        _require_not_closed(locked)
        diff = _apply(locked, fields)
        if not diff:
            return locked
        locked._history_user = actor
        locked.save()
        log_action(
            "learning.scrutiny.challenge.changed", actor=actor, obj=locked, request=request, data={"changes": diff}
        )
    return locked


def respond_to_challenge(
    *, actor: User, challenge: Challenge, response: str, responded_on: date, request=None
) -> Challenge:
    """Record the response of the agency or group challenged (by its SPOC or a keeper of the log)."""
    if not (keeps_scrutiny(actor) or is_spoc_for(actor, challenge.to_agency)):
        raise DomainError("Only a single point of contact for the agency challenged can respond.")
    response = (response or "").strip()
    if not response:
        raise DomainError("Enter the response to the challenge", field="response")
    if responded_on is None or responded_on > timezone.localdate():
        raise DomainError("The date of the response must be today or in the past", field="responded_on")
    with transaction.atomic():
        locked = _lock(challenge)
        _require_not_closed(locked)
        if responded_on < locked.raised_on:
            raise DomainError(
                "The date of the response must be on or after the challenge was raised", field="responded_on"
            )
        before = locked.status
        locked.response = response
        locked.responded_on = responded_on
        locked.responded_by = actor
        locked.status = Challenge.Status.RESPONDED
        locked._history_user = actor
        locked.save()
        log_action(
            "learning.scrutiny.challenge.responded",
            actor=actor,
            obj=locked,
            request=request,
            data={"status_before": before},
        )
        challenge_id = locked.pk
        transaction.on_commit(lambda: _tell_keepers_of_response(challenge_id))
    return locked


def close_challenge(*, actor: User, challenge: Challenge, evidence: str, closed_on: date, request=None) -> Challenge:
    """Close a challenge once its response is accepted, with the evidence that it was acted on."""
    _require_keeper(actor, "close a challenge")
    evidence = (evidence or "").strip()
    if not evidence:
        raise DomainError("Enter the evidence that the challenge has been met", field="evidence")
    if closed_on is None or closed_on > timezone.localdate():
        raise DomainError("The date the challenge closed must be today or in the past", field="closed_on")
    with transaction.atomic():
        locked = _lock(challenge)
        _require_not_closed(locked)
        if not locked.response:
            raise DomainError("Record the response to the challenge before closing it.")
        if closed_on < locked.raised_on:
            raise DomainError("The date the challenge closed must be on or after it was raised", field="closed_on")
        locked.status = Challenge.Status.CLOSED
        locked.closure_evidence = evidence
        locked.closed_on = closed_on
        locked.closed_by = actor
        locked._history_user = actor
        locked.save()
        log_action("learning.scrutiny.challenge.closed", actor=actor, obj=locked, request=request)
    return locked


# Reviews and the plan ------------------------------------------------------------------------------------


def save_review(*, actor: User, review: ScrutinyReview | None = None, request=None, **fields) -> ScrutinyReview:
    """Add a review, or change one; the audit entry holds what changed."""
    _require_keeper(actor, "write a scrutiny review")
    if not (fields.get("title") or "").strip():
        raise DomainError("Enter the title of the review", field="title")
    started, completed = fields.get("started_on"), fields.get("completed_on")
    if started and completed and completed < started:
        raise DomainError("The date the review finished must be on or after it started", field="completed_on")
    if fields.get("status") == ScrutinyReview.Status.REPORTED and not (fields.get("findings") or "").strip():
        raise DomainError("Enter what the review found before marking it reported", field="findings")
    with transaction.atomic():
        if review is None:
            review = ScrutinyReview(created_by=actor, **fields)
            review._history_user = actor
            review.save()
            log_action("learning.scrutiny.review.created", actor=actor, obj=review, request=request)
            return review
        locked = ScrutinyReview.objects.select_for_update().get(pk=review.pk)
        diff = _apply(locked, fields)
        if diff:
            locked._history_user = actor
            locked.save()
            log_action(
                "learning.scrutiny.review.changed", actor=actor, obj=locked, request=request, data={"changes": diff}
            )
    return locked


def raise_review_action(
    *,
    actor: User,
    review: ScrutinyReview,
    title: str,
    description: str,
    owner_agency: Agency,
    due_on: date,
    theme: Theme | None = None,
    owner: User | None = None,
    request=None,
) -> Action:
    """Raise an action on the shared tracker from a review's recommendation, with the review as its source."""
    _require_keeper(actor, "raise an action from a review")
    with transaction.atomic():
        locked = ScrutinyReview.objects.select_for_update().get(pk=review.pk)
        action = create_action(
            actor=actor,
            title=title or "",
            description=(description or "").strip(),
            owner_agency=owner_agency,
            due_on=due_on,
            theme=theme,
            owner=owner,
            source=locked,
            source_label=locked.source_label,
            request=request,
        )
        log_action(
            "learning.scrutiny.review.action_raised",
            actor=actor,
            obj=locked,
            request=request,
            data={"action": action.reference, "owner_agency": owner_agency.short_code},
        )
    return action


def actions_from(review: ScrutinyReview):
    return Action.objects.from_source(review).select_related("owner_agency")


def save_plan_item(*, actor: User, item: ScrutinyPlanItem | None = None, request=None, **fields) -> ScrutinyPlanItem:
    """Add to the scrutiny plan or change an entry; the audit entry holds what changed."""
    _require_keeper(actor, "change the scrutiny plan")
    if not (fields.get("topic") or "").strip():
        raise DomainError("Enter what will be scrutinised", field="topic")
    start, end = fields.get("planned_start"), fields.get("planned_end")
    if start and end and end < start:
        raise DomainError("The planned end must be on or after the planned start", field="planned_end")
    duplicate = ScrutinyPlanItem.objects.filter(year=fields.get("year"), topic=fields.get("topic"))
    if item is not None:
        duplicate = duplicate.exclude(pk=item.pk)
    if duplicate.exists():
        raise DomainError("The plan for that year already has this topic", field="topic")
    with transaction.atomic():
        if item is None:
            item = ScrutinyPlanItem(**fields)
            item._history_user = actor
            item.save()
            log_action("learning.scrutiny.plan.created", actor=actor, obj=item, request=request)
            return item
        locked = ScrutinyPlanItem.objects.select_for_update().get(pk=item.pk)
        diff = _apply(locked, fields)
        if diff:
            locked._history_user = actor
            locked.save()
            log_action(
                "learning.scrutiny.plan.changed", actor=actor, obj=locked, request=request, data={"changes": diff}
            )
    return locked


# The statement --------------------------------------------------------------------------------------------


def save_statement(*, actor: User, year: int, text: str, request=None) -> ScrutinyStatement:
    """Write or change the statement for ``year``; changing a signed-off statement withdraws the sign-off."""
    _require_keeper(actor, "write the scrutineer's statement")
    text = (text or "").strip()
    if not text:
        raise DomainError("Enter the statement", field="text")
    with transaction.atomic():
        statement = ScrutinyStatement.objects.select_for_update().filter(year=year).first()
        if statement is None:
            statement = ScrutinyStatement(year=year, text=text, written_by=actor)
        elif statement.text == text:
            return statement
        withdrawn = statement.signed_off_at is not None
        statement.text = text
        statement.written_by = actor
        statement.signed_off_at = None
        statement.signed_off_by = None
        statement._history_user = actor
        statement.save()
        log_action(
            "learning.scrutiny.statement.saved",
            actor=actor,
            obj=statement,
            request=request,
            data={"sign_off_withdrawn": withdrawn},
        )
    return statement


def sign_off_statement(*, actor: User, statement: ScrutinyStatement, request=None) -> ScrutinyStatement:
    """The independent scrutineer signs the statement off for the yearly report."""
    if not is_scrutineer(actor):
        raise DomainError("Only the independent scrutineer can sign off the statement.")
    with transaction.atomic():
        locked = ScrutinyStatement.objects.select_for_update().get(pk=statement.pk)
        if locked.signed_off_at is not None:
            raise DomainError("The statement is already signed off.")
        locked.signed_off_by = actor
        locked.signed_off_at = timezone.now()
        locked._history_user = actor
        locked.save()
        log_action("learning.scrutiny.statement.signed_off", actor=actor, obj=locked, request=request)
    return locked


# E-mail --------------------------------------------------------------------------------------------------


def _addresses(**filters) -> list[str]:
    people = User.objects.filter(is_active=True, **filters).distinct()
    return sorted({person.email for person in people if person.email})


def _send(template: str, context: dict, recipients: list[str]) -> None:
    if not recipients:
        return
    context = context | {"partnership": PartnershipSettings.load().name}
    subject = render_to_string(f"learning/scrutiny/emails/{template}_subject.txt", context).strip()
    body = render_to_string(f"learning/scrutiny/emails/{template}.txt", context)
    send_mail(subject, body, None, recipients)


def _url(challenge: Challenge) -> str:
    return settings.SITE_URL.rstrip("/") + challenge.get_absolute_url()


def _tell_agency_of_challenge(challenge_id: int) -> None:
    challenge = Challenge.objects.select_related("to_agency").get(pk=challenge_id)
    if challenge.to_agency_id is None:
        return
    recipients = _addresses(role_assignments__role__slug=roles.SPOC, role_assignments__agency=challenge.to_agency)
    _send("challenge_raised", {"challenge": challenge, "url": _url(challenge)}, recipients)


def _tell_keepers_of_response(challenge_id: int) -> None:
    challenge = Challenge.objects.select_related("to_agency", "responded_by").get(pk=challenge_id)
    recipients = _addresses(role_assignments__role__slug__in=[roles.SCRUTINEER, roles.BUSINESS_UNIT])
    recipients = [address for address in recipients if address != getattr(challenge.responded_by, "email", None)]
    _send("challenge_responded", {"challenge": challenge, "url": _url(challenge)}, recipients)
