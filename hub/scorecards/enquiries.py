"""Key lines of enquiry (KLOEs) and deep dives, opened by the Performance and Learning Group.

From an exception, the group asks one or more agencies a question about one or more indicators
by a due date. The business unit acts for the group in the Hub: it opens the enquiry, records
what the deep dive found, raises actions on the shared tracker (each linked back to the
enquiry) and closes it. Each agency's single points of contact answer for their agency while
the enquiry is open; once the deep dive starts the answers it is based on no longer change.

Every function takes ``actor=``, runs in one transaction with the enquiry's row locked, writes
an audit entry against the enquiry (so its page shows the whole story) and raises
``DomainError`` with a message for the person acting. E-mails go after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from hub.core.audit import log_action, register_event
from hub.core.errors import DomainError
from hub.core.models import Action, Agency, Theme, User
from hub.core.permissions import is_business_unit
from hub.core.services import create_action
from hub.scorecards.models import EnquiryAnswer, ExceptionEntry, Indicator, LineOfEnquiry
from hub.scorecards.services import is_spoc_for, spoc_addresses

register_event("scorecards.enquiry.opened", "Line of enquiry opened")
register_event("scorecards.enquiry.answered", "Answer given")
register_event("scorecards.enquiry.answer_changed", "Answer changed")
register_event("scorecards.enquiry.findings_recorded", "Deep dive findings recorded")
register_event("scorecards.enquiry.action_raised", "Action raised from the deep dive")
register_event("scorecards.enquiry.closed", "Line of enquiry closed")


def _require_business_unit(actor: User, what: str) -> None:
    if not is_business_unit(actor):
        raise DomainError(f"Only the business unit can {what}.")


def _lock(enquiry: LineOfEnquiry) -> LineOfEnquiry:
    return LineOfEnquiry.objects.select_for_update().get(pk=enquiry.pk)


def _require_not_closed(enquiry: LineOfEnquiry) -> None:
    if enquiry.status == LineOfEnquiry.Status.CLOSED:
        raise DomainError("This line of enquiry is closed, so it cannot be changed.")


def open_enquiry(
    *,
    actor: User,
    question: str,
    indicators: Iterable[Indicator],
    agencies: Iterable[Agency],
    due_on: date,
    entry: ExceptionEntry | None = None,
    request=None,
) -> LineOfEnquiry:
    """Open a line of enquiry for the group and e-mail the SPOCs of every agency asked."""
    _require_business_unit(actor, "open a line of enquiry")
    question = (question or "").strip()
    indicators = list(indicators)
    agencies = list(agencies)
    if not question:
        raise DomainError("Enter the question the agencies are asked", field="question")
    if not indicators:
        raise DomainError("Select the indicators the question is about", field="indicators")
    if not agencies:
        raise DomainError("Select the agencies asked to answer", field="agencies")
    if due_on < timezone.localdate():
        raise DomainError("The date answers are due must be today or in the future", field="due_on")
    with transaction.atomic():
        enquiry = LineOfEnquiry(question=question, due_on=due_on, entry=entry, opened_by=actor)
        enquiry._history_user = actor
        enquiry.save()
        enquiry.indicators.set(indicators)
        enquiry.agencies.set(agencies)
        log_action(
            "scorecards.enquiry.opened",
            actor=actor,
            obj=enquiry,
            request=request,
            data={
                "indicators": sorted(indicator.code for indicator in indicators),
                "agencies": sorted(agency.short_code for agency in agencies),
                "due_on": due_on.isoformat(),
                "entry": str(entry.uuid) if entry is not None else None,
            },
        )
        enquiry_id = enquiry.pk
        transaction.on_commit(lambda: _tell_agencies_of_enquiry(enquiry_id))
    return enquiry


def answer_enquiry(*, actor: User, enquiry: LineOfEnquiry, agency: Agency, answer: str, request=None) -> EnquiryAnswer:
    """Record (or change) ``agency``'s answer; only its SPOCs may, and only while the enquiry is open.

    Once the deep dive has started its findings rest on the answers given, so they are frozen.
    """
    if not is_spoc_for(actor, agency):
        raise DomainError(f"Only a single point of contact for {agency} can answer for it.")
    answer = (answer or "").strip()
    if not answer:
        raise DomainError("Enter your agency's answer", field="answer")
    with transaction.atomic():
        locked = _lock(enquiry)
        if not locked.agencies.filter(pk=agency.pk).exists():
            raise DomainError(f"{agency} was not asked this question.")
        if locked.status != LineOfEnquiry.Status.OPEN:
            raise DomainError(
                "The deep dive has started, so answers can no longer be given or changed. "
                "Contact the business unit if something is missing."
            )
        item = EnquiryAnswer.objects.filter(enquiry=locked, agency=agency).first()
        changed = item is not None
        if item is None:
            item = EnquiryAnswer(enquiry=locked, agency=agency)
        elif item.answer == answer:
            return item
        item.answer = answer
        item.answered_by = actor
        item.answered_at = timezone.now()
        item._history_user = actor
        item.save()
        log_action(
            "scorecards.enquiry.answer_changed" if changed else "scorecards.enquiry.answered",
            actor=actor,
            obj=locked,
            request=request,
            data={"agency": agency.short_code},
        )
    return item


def record_findings(*, actor: User, enquiry: LineOfEnquiry, findings: str, request=None) -> LineOfEnquiry:
    """Write what the deep dive found; the enquiry moves to the deep dive and answers freeze."""
    _require_business_unit(actor, "record the findings of a deep dive")
    findings = (findings or "").strip()
    if not findings:
        raise DomainError("Enter what the deep dive found", field="findings")
    with transaction.atomic():
        locked = _lock(enquiry)
        _require_not_closed(locked)
        locked.findings = findings
        locked.status = LineOfEnquiry.Status.DEEP_DIVE
        locked._history_user = actor
        locked.save(update_fields=["findings", "status"])
        log_action("scorecards.enquiry.findings_recorded", actor=actor, obj=locked, request=request)
    return locked


def source_label(enquiry: LineOfEnquiry) -> str:
    """How an action raised from the enquiry names where it came from, on the tracker."""
    opened = timezone.localtime(enquiry.opened_at).date()
    return f"Line of enquiry of {opened:%-d %B %Y}: {enquiry}"[:300]


def raise_action(
    *,
    actor: User,
    enquiry: LineOfEnquiry,
    title: str,
    description: str,
    owner_agency: Agency,
    due_on: date,
    theme: Theme | None = None,
    owner: User | None = None,
    request=None,
) -> Action:
    """Raise an action on the shared tracker from the deep dive, linked back to the enquiry."""
    _require_business_unit(actor, "raise an action from a line of enquiry")
    if not (title or "").strip():
        raise DomainError("Enter what needs to be done", field="title")
    with transaction.atomic():
        locked = _lock(enquiry)
        _require_not_closed(locked)
        action = create_action(
            actor=actor,
            title=title,
            description=(description or "").strip(),
            owner_agency=owner_agency,
            due_on=due_on,
            theme=theme,
            owner=owner,
            source=locked,
            source_label=source_label(locked),
            request=request,
        )
        log_action(
            "scorecards.enquiry.action_raised",
            actor=actor,
            obj=locked,
            request=request,
            data={"action": action.reference, "owner_agency": owner_agency.short_code},
        )
    return action


def close_enquiry(*, actor: User, enquiry: LineOfEnquiry, request=None) -> LineOfEnquiry:
    """Close the enquiry once the deep dive's findings are recorded; its actions carry on in the tracker."""
    _require_business_unit(actor, "close a line of enquiry")
    with transaction.atomic():
        locked = _lock(enquiry)
        _require_not_closed(locked)
        if not locked.findings:
            raise DomainError("Record what the deep dive found before closing the line of enquiry.")
        locked.status = LineOfEnquiry.Status.CLOSED
        locked.closed_at = timezone.now()
        locked._history_user = actor
        locked.save(update_fields=["status", "closed_at"])
        log_action("scorecards.enquiry.closed", actor=actor, obj=locked, request=request)
    return locked


# Reading ---------------------------------------------------------------------------------------


def actions_from(enquiry: LineOfEnquiry):
    """The tracker's actions raised from ``enquiry``."""
    return Action.objects.from_source(enquiry).select_related("owner_agency")


# After-commit work -----------------------------------------------------------------------------


def _absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url


def _tell_agencies_of_enquiry(enquiry_id: int) -> None:
    """One e-mail per agency asked, to its SPOCs, with the link to answer for that agency."""
    enquiry = LineOfEnquiry.objects.select_related("opened_by").get(pk=enquiry_id)
    indicators = list(enquiry.indicators.prefetch_related("versions"))
    for agency in enquiry.agencies.order_by("name"):
        recipients = spoc_addresses(agency)
        if not recipients:
            continue
        context = {
            "enquiry": enquiry,
            "agency": agency,
            "indicators": indicators,
            "url": _absolute(reverse("scorecards:enquiry-answer", args=[enquiry.uuid, agency.short_code])),
        }
        subject = render_to_string("scorecards/emails/enquiry_opened_subject.txt", context).strip()
        body = render_to_string("scorecards/emails/enquiry_opened.txt", context)
        send_mail(subject, body, None, recipients)
