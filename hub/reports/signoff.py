"""Sign-off, publication and sending of a year's report.

The business unit starts sign-off once the statutory checklist allows it; each active lead partner
approves or returns the report with reasons; once every one has approved, the business unit
publishes the PDF to the website's resource library and records sending it to each body the
guidance names. From the start of sign-off the business unit's own text and checklist reasons
are frozen (decision 0013), so the partners sign what is published.

Decisions lock the year's ``ReportSignOff`` row, so two partners approving at the same moment are
counted one after the other and the last approval moves the report to signed off exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hub.core.audit import log_action, register_event
from hub.core.errors import DomainError
from hub.core.mail import business_unit_addresses, send_templated
from hub.core.models import User
from hub.core.periods import FinancialYear
from hub.core.permissions import is_business_unit
from hub.reports import reporting
from hub.reports.checklist import Checklist, checklist
from hub.reports.models import LeadPartner, RecipientBody, ReportSending, ReportSignOff, SignOffDecision
from hub.website.publishing import ResourceType, publish_resource

register_event("reports.sign_off.started", "Yearly report sign-off started")
register_event("reports.sign_off.approved", "Yearly report approved by a lead partner")
register_event("reports.sign_off.returned", "Yearly report returned by a lead partner with reasons")
register_event("reports.sign_off.completed", "Yearly report signed off by every lead partner")
register_event("reports.report.published", "Yearly report published to the resource library")
register_event("reports.report.sent", "Sending of the yearly report to a national body recorded")

State = ReportSignOff.State


def sign_off_for(year: FinancialYear) -> ReportSignOff:
    """The year's sign-off record, or an unsaved draft when sign-off has never started."""
    found = ReportSignOff.objects.filter(year=year.start_year).select_related("resource_page").first()
    return found or ReportSignOff(year=year.start_year)


def active_lead_partners() -> list[LeadPartner]:
    return list(LeadPartner.objects.filter(active=True).select_related("agency", "person").order_by("order", "pk"))


def partners_for(user) -> list[LeadPartner]:
    """The active lead partner rows ``user`` signs off for (usually one)."""
    if not user.is_authenticated:
        return []
    return list(LeadPartner.objects.filter(active=True, person=user).select_related("agency").order_by("order", "pk"))


def is_lead_partner(user) -> bool:
    return bool(user.is_authenticated and LeadPartner.objects.filter(active=True, person=user).exists())


def decide_url(year: FinancialYear) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("reports:sign-off-decide", args=[year.slug])


def status_url(year: FinancialYear) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("reports:sign-off", args=[year.slug])


def _lock(year: FinancialYear) -> ReportSignOff | None:
    # Ordered by key alone and without joins: PostgreSQL will not lock the nullable side of an outer join.
    return ReportSignOff.objects.select_for_update().filter(year=year.start_year).order_by("pk").first()


def blocking_message(result: Checklist) -> str:
    titles = [f"\u201c{status.item.title}\u201d" for status in result.blocking]
    names = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + f" and {titles[-1]}"
    items = "item is" if len(titles) == 1 else "items are"
    return (
        f"Sign-off cannot start: the required {items} missing with no reason recorded: {names}. "
        "Add them to the report or record why it goes ahead without them on the statutory checklist."
    )


def start_sign_off(*, actor: User, year: FinancialYear, result: Checklist | None = None, request=None) -> ReportSignOff:
    """The business unit sends ``year``'s report to the lead partners for sign-off; audited, and
    each lead partner is e-mailed.

    Raises ``DomainError`` for someone outside the business unit, while the statutory checklist
    (``result``, worked out when not given) has a required item missing with no reason, when there
    is no active lead partner or one has nobody linked, and when sign-off has already started.
    """
    if not is_business_unit(actor):
        raise DomainError("Only the business unit can start sign-off")
    result = result if result is not None else checklist(year)
    if not result.may_proceed:
        raise DomainError(blocking_message(result))
    partners = active_lead_partners()
    if not partners:
        raise DomainError("There are no lead partners to sign off the report. Add them in the back office first")
    for partner in partners:
        if partner.person is None or not partner.person.is_active:
            raise DomainError(
                f"Nobody is linked to sign off for \u201c{partner.role_title}\u201d. "
                "Choose the person in the back office under Lead partners first"
            )
    with transaction.atomic():
        ReportSignOff.objects.get_or_create(year=year.start_year)
        sign_off = _lock(year)
        if sign_off.state != State.DRAFT:
            raise DomainError(f"Sign-off of the report for {year.label} has already started")
        sign_off.state = State.AWAITING
        sign_off.round += 1
        sign_off.started_by = actor
        sign_off.started_at = timezone.now()
        sign_off.signed_off_at = None
        sign_off.save()
        log_action(
            "reports.sign_off.started",
            actor=actor,
            obj=sign_off,
            data={"year": year.label, "round": sign_off.round, "lead_partners": [p.role_title for p in partners]},
            request=request,
        )
        recipients = sorted({partner.person.email for partner in partners if partner.person.email})
        context = {"year": year, "url": decide_url(year), "started_by": actor}
        transaction.on_commit(lambda: send_templated("reports/emails/sign_off_started", context, recipients))
    return sign_off


def decide(*, actor: User, year: FinancialYear, approve: bool, comment: str = "", request=None) -> ReportSignOff:
    """A lead partner approves ``year``'s report, or returns it with reasons (``approve=False``).

    A return makes the report a draft again and e-mails the reasons to the business unit. The
    approval that completes the round (every active lead partner approved) moves the report to
    signed off and e-mails the business unit. A person who signs off for two partners decides for
    both. Raises ``DomainError`` for someone who is not a lead partner, a return with no reasons,
    a report not awaiting sign-off and a second decision in the same round.
    """
    partners = partners_for(actor)
    if not partners:
        raise DomainError("Only a lead partner can sign off the report")
    comment = (comment or "").replace("\r\n", "\n").strip()
    if not approve and not comment:
        raise DomainError("Enter why you are returning the report", field="comment")
    with transaction.atomic():
        sign_off = _lock(year)
        if sign_off is None or sign_off.state != State.AWAITING:
            raise DomainError(f"The report for {year.label} is not awaiting sign-off")
        if SignOffDecision.objects.filter(sign_off=sign_off, round=sign_off.round, lead_partner__in=partners).exists():
            raise DomainError(f"You have already made your decision on the report for {year.label}")
        decision = SignOffDecision.Decision.APPROVED if approve else SignOffDecision.Decision.RETURNED
        for partner in partners:
            SignOffDecision.objects.create(
                sign_off=sign_off,
                lead_partner=partner,
                round=sign_off.round,
                decision=decision,
                comment=comment,
                decided_by=actor,
            )
        data = {"year": year.label, "round": sign_off.round, "lead_partners": [p.role_title for p in partners]}
        if not approve:
            sign_off.state = State.DRAFT
            sign_off.save()
            log_action(
                "reports.sign_off.returned",
                actor=actor,
                obj=sign_off,
                data=data | {"reasons": comment},
                request=request,
            )
            context = {
                "year": year,
                "url": status_url(year),
                "returned_by": actor,
                "partners": partners,
                "reasons": comment,
            }
            transaction.on_commit(
                lambda: send_templated("reports/emails/sign_off_returned", context, business_unit_addresses())
            )
            return sign_off
        log_action(
            "reports.sign_off.approved", actor=actor, obj=sign_off, data=data | {"comment": comment}, request=request
        )
        approved = set(
            SignOffDecision.objects.filter(
                sign_off=sign_off, round=sign_off.round, decision=SignOffDecision.Decision.APPROVED
            ).values_list("lead_partner_id", flat=True)
        )
        required = set(LeadPartner.objects.filter(active=True).values_list("pk", flat=True))
        if required <= approved:
            sign_off.state = State.SIGNED_OFF
            sign_off.signed_off_at = timezone.now()
            log_action(
                "reports.sign_off.completed", actor=actor, obj=sign_off, data={"year": year.label}, request=request
            )
            context = {"year": year, "url": status_url(year)}
            transaction.on_commit(
                lambda: send_templated("reports/emails/signed_off", context, business_unit_addresses())
            )
        sign_off.save()
    return sign_off


def resource_slug(year: FinancialYear) -> str:
    return f"yearly-report-{year.slug}"


def check_publication(*, actor: User, year: FinancialYear, summary: str) -> str:
    """The checks of ``publish_report``, made before the PDF is queued; returns the summary trimmed.

    Raises ``DomainError`` for someone outside the business unit, an empty summary and a report
    not yet signed off.
    """
    if not is_business_unit(actor):
        raise DomainError("Only the business unit can publish the report")
    summary = (summary or "").strip()
    if not summary:
        raise DomainError("Enter a summary of the report for the resource library", field="summary")
    current = sign_off_for(year)
    if current.state not in (State.SIGNED_OFF, State.PUBLISHED):
        raise DomainError("The report can be published once every lead partner has signed it off")
    return summary


def publish_report(
    *,
    actor: User,
    year: FinancialYear,
    summary: str,
    request=None,
    built: reporting.Report | None = None,
    pdf: bytes | None = None,
) -> ReportSignOff:
    """The business unit publishes ``year``'s signed-off report: the PDF goes into the website's
    resource library as an annual report, dated the day of first publication; audited.

    Publishing again makes a new PDF and publishes it as a new revision of the same resource page;
    the first publication's date and publisher stay on record. The publication task passes the
    report it ``built`` and its ``pdf``; without them both are made here. Raises ``DomainError``
    as ``check_publication`` does.
    """
    summary = check_publication(actor=actor, year=year, summary=summary)
    # Made before the lock is taken: the PDF of a full year takes a while, and nothing it reads is
    # frozen by the lock (the text and reasons are frozen by the sign-off state itself).
    if built is None:
        built = reporting.build_report(year)
    if pdf is None:
        pdf = reporting.render_pdf(built)
    with transaction.atomic():
        sign_off = _lock(year)
        if sign_off is None or sign_off.state not in (State.SIGNED_OFF, State.PUBLISHED):
            raise DomainError("The report can be published once every lead partner has signed it off")
        republished = sign_off.state == State.PUBLISHED
        now = timezone.now()
        page = publish_resource(
            slug=resource_slug(year),
            title=built.document_title,
            summary=summary,
            resource_type=ResourceType.ANNUAL_REPORT,
            file_name=reporting.pdf_filename(year),
            content=pdf,
            publication_date=sign_off.published_on or timezone.localdate(now),
            actor=actor,
        )
        sign_off.resource_page_id = page.pk
        sign_off.publication_summary = summary
        if not republished:
            sign_off.state = State.PUBLISHED
            sign_off.published_by = actor
            sign_off.published_at = now
        sign_off.save()
        log_action(
            "reports.report.published",
            actor=actor,
            obj=sign_off,
            data={"year": year.label, "page": page.url_path, "republished": republished, "bytes": len(pdf)},
            request=request,
        )
    return sign_off


@dataclass(frozen=True)
class SendingStatus:
    """One body the year's report goes to: when it is due there and whether it has been sent."""

    body: RecipientBody
    due_on: date | None
    sending: ReportSending | None

    @property
    def overdue(self) -> bool:
        return self.sending is None and self.due_on is not None and timezone.localdate() > self.due_on


def bodies_for(year: FinancialYear) -> list[RecipientBody]:
    return [body for body in RecipientBody.objects.order_by("order", "name") if body.receives(year.start_year)]


def sending_statuses(sign_off: ReportSignOff, year: FinancialYear) -> list[SendingStatus]:
    """Each body the year's report goes to, with its due date (counted from first publication) and
    the record of sending, if any. A body no longer listed for the year still shows once sent."""
    sent = (
        {sending.body_id: sending for sending in sign_off.sendings.select_related("body", "recorded_by")}
        if sign_off.pk
        else {}
    )
    bodies = bodies_for(year)
    bodies += [sending.body for body_id, sending in sent.items() if body_id not in {b.pk for b in bodies}]
    published = sign_off.published_on
    return [
        SendingStatus(
            body=body,
            due_on=published + timedelta(days=body.days_after_publication) if published else None,
            sending=sent.get(body.pk),
        )
        for body in bodies
    ]


def record_sending(
    *,
    actor: User,
    year: FinancialYear,
    body: RecipientBody,
    sent_on: date,
    method: str,
    details: str = "",
    request=None,
) -> ReportSending:
    """Record (or correct) that ``year``'s published report was sent to ``body``; audited.

    Raises ``DomainError`` for someone outside the business unit, a report not yet published, a
    body the year's report does not go to, a date before publication or in the future, and "other"
    with no details of how.
    """
    if not is_business_unit(actor):
        raise DomainError("Only the business unit can record sending the report")
    details = (details or "").strip()
    if method == ReportSending.Method.OTHER and not details:
        raise DomainError("Enter how the report was sent", field="details")
    with transaction.atomic():
        sign_off = _lock(year)
        if sign_off is None or sign_off.state != State.PUBLISHED:
            raise DomainError("Sending can be recorded once the report is published")
        if not body.receives(year.start_year):
            raise DomainError(f"The report for {year.label} does not go to {body.name}", field="body")
        if sent_on < sign_off.published_on:
            raise DomainError(
                f"The date sent must be on or after the day the report was published, "
                f"{sign_off.published_on.day} {sign_off.published_on:%B %Y}",
                field="sent_on",
            )
        if sent_on > timezone.localdate():
            raise DomainError("The date sent must be today or in the past", field="sent_on")
        sending, created = ReportSending.objects.update_or_create(
            sign_off=sign_off,
            body=body,
            defaults={"sent_on": sent_on, "method": method, "details": details, "recorded_by": actor},
        )
        log_action(
            "reports.report.sent",
            actor=actor,
            obj=sending,
            data={
                "year": year.label,
                "body": body.name,
                "sent_on": sent_on.isoformat(),
                "method": method,
                "details": details,
                "corrected": not created,
            },
            request=request,
        )
    return sending
