"""What changes child death records, and the figures the panel and the yearly report read.

Every change is made under a row lock with the record's ``version`` checked, like the case
reviews (``services.save_versioned``). Reporting forms are asked of each involved agency from the
list of professionals on the notification, with a due date, and chased when late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import median

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hub.core.errors import DomainError
from hub.core.mail import send_templated, spoc_addresses
from hub.core.models import Agency, User
from hub.reviews import access, crypto
from hub.reviews.models import AccessEntry, ChildDeath, DeathAnalysis, DeathCategory, Factor, ReportingRequest
from hub.reviews.services import EditConflict, _validation_message, save_versioned

DEATH_FIELDS = (
    "reference",
    "age_days",
    "sex",
    "ethnicity",
    "died_on",
    "place",
    "unexpected",
    "joint_agency_response",
    "notified_on",
)


def _log(request, kind: str, obj, detail: str = "") -> None:
    if request is not None:
        access.record(request, kind, obj, detail=detail)


def check_nhs_number(value: str) -> str:
    digits = (value or "").replace(" ", "")
    if digits and not crypto.valid_nhs_number(digits):
        raise DomainError("Enter a valid 10-digit NHS number, or leave it blank if it is not known", field="nhs_number")
    return digits


def record_death(*, actor: User, nhs_number: str = "", request=None, **fields) -> ChildDeath:
    death = ChildDeath(**fields)
    digits = check_nhs_number(nhs_number)
    if digits:
        death.set_nhs_number(digits)
        # Encryption is not deterministic, so the records sharing the last four digits are decrypted.
        candidates = ChildDeath.objects.filter(nhs_number_last4=digits[-4:])
        same = next((other for other in candidates if other.nhs_number() == digits), None)
        if same is not None:
            raise DomainError(f"This NHS number is already recorded as {same.reference}", field="nhs_number")
    try:
        death.full_clean()
    except ValidationError as error:
        raise _validation_message(error) from error
    with transaction.atomic():
        death._history_user = actor
        death.save()
        _log(request, AccessEntry.Kind.CREATED, death)
    return death


def change_nhs_number(*, actor: User, death: ChildDeath, version: int, nhs_number: str, request=None) -> ChildDeath:
    encrypted = ChildDeath()
    encrypted.set_nhs_number(check_nhs_number(nhs_number))
    changes = {"nhs_number_encrypted": encrypted.nhs_number_encrypted, "nhs_number_last4": encrypted.nhs_number_last4}
    return save_versioned(death, version, changes, actor=actor, request=request, detail="NHS number changed")


def request_reports(
    *, actor: User, death: ChildDeath, agency: Agency, professional_role: str, due_on: date, request=None
) -> ReportingRequest:
    """Ask ``agency`` for the reporting form about the professional involved; its contacts are e-mailed."""
    if not professional_role.strip():
        raise DomainError("Enter the professional's role (not their name)", field="professional_role")
    if due_on < timezone.localdate():
        raise DomainError("The due date must be today or later", field="due_on")
    if death.status == ChildDeath.Status.REVIEWED:
        raise DomainError("The panel has reviewed this death: no more reporting forms can be asked for")
    with transaction.atomic():
        reporting = ReportingRequest(
            death=death, agency=agency, professional_role=professional_role.strip(), due_on=due_on
        )
        reporting._history_user = actor
        reporting.save()
        if death.status == ChildDeath.Status.NOTIFIED:
            ChildDeath.objects.filter(pk=death.pk).update(status=ChildDeath.Status.GATHERING)
        _log(request, AccessEntry.Kind.CHANGED, death, detail=f"reporting form asked of {agency}")
    send_templated(
        "reviews/emails/reporting_form",
        {"reporting": reporting, "reference": death.reference},
        spoc_addresses(agency),
    )
    return reporting


def mark_received(*, actor: User, reporting: ReportingRequest, received_on: date, request=None) -> ReportingRequest:
    if received_on > timezone.localdate():
        raise DomainError("The date received cannot be in the future", field="received_on")
    reporting.received_on = received_on
    reporting._history_user = actor
    reporting.save(update_fields=["received_on"])
    _log(request, AccessEntry.Kind.CHANGED, reporting.death, detail=f"reporting form from {reporting.agency} received")
    return reporting


def chase_late_reports(today: date | None = None, *, every_days: int = 7) -> int:
    """E-mail each agency whose reporting form is overdue, at most once every ``every_days`` days."""
    today = today or timezone.localdate()
    chased = 0
    late = ReportingRequest.objects.filter(received_on__isnull=True, due_on__lt=today).select_related("agency", "death")
    for reporting in late:
        if reporting.last_chased_on and (today - reporting.last_chased_on).days < every_days:
            continue
        send_templated(
            "reviews/emails/reporting_form_late",
            {
                "reporting": reporting,
                "reference": reporting.death.reference,
                "days_late": (today - reporting.due_on).days,
            },
            spoc_addresses(reporting.agency),
        )
        ReportingRequest.objects.filter(pk=reporting.pk).update(
            chased_count=reporting.chased_count + 1, last_chased_on=today
        )
        chased += 1
    return chased


@dataclass(frozen=True)
class FactorEntry:
    domain: str
    description: str
    grade: int


def record_analysis(
    *,
    actor: User,
    death: ChildDeath,
    category: DeathCategory,
    modifiable: str,
    learning: str,
    analysed_on: date,
    factors: list[FactorEntry],
    version: int,
    request=None,
) -> DeathAnalysis:
    """The panel's analysis: category, factors by domain with grades, the modifiable judgement.

    Records the death as reviewed on the analysis date. ``version`` is the analysis's version when
    opened (0 for none yet). A factor graded 2 means modifiable factors were identified, so "no
    modifiable factors" with a grade-2 factor is refused.
    """
    if modifiable not in DeathAnalysis.Modifiable.values:
        raise DomainError("Select whether modifiable factors were identified", field="modifiable")
    if analysed_on < death.died_on or analysed_on > timezone.localdate():
        raise DomainError("Enter the date of the panel's review, between the death and today", field="analysed_on")
    if category.valid_until and category.valid_until < analysed_on:
        raise DomainError("That category was no longer in use on the date of the review", field="category")
    if modifiable == DeathAnalysis.Modifiable.NO and any(f.grade == Factor.Grade.CONTRIBUTED for f in factors):
        raise DomainError(
            "A factor graded 2 may have contributed to the death, so modifiable factors were identified",
            field="modifiable",
        )
    for factor in factors:
        if factor.domain not in Factor.Domain.values or factor.grade not in Factor.Grade.values:
            raise DomainError("Each factor needs a domain and a grade of 0, 1 or 2", field="factors")
        if not factor.description.strip():
            raise DomainError("Describe each factor", field="factors")
    with transaction.atomic():
        ChildDeath.objects.select_for_update().filter(pk=death.pk).order_by("pk").first()
        analysis = DeathAnalysis.objects.filter(death=death).first()
        if (analysis.version if analysis else 0) != version:
            raise EditConflict(analysis)
        analysis = analysis or DeathAnalysis(death=death, version=0)
        analysis.category = category
        analysis.modifiable = modifiable
        analysis.learning = learning.strip()
        analysis.analysed_on = analysed_on
        analysis.version += 1
        analysis._history_user = actor
        analysis.save()
        analysis.factors.all().delete()
        Factor.objects.bulk_create(
            [
                Factor(analysis=analysis, domain=f.domain, description=f.description.strip(), grade=f.grade)
                for f in factors
            ]
        )
        ChildDeath.objects.filter(pk=death.pk).update(
            status=ChildDeath.Status.REVIEWED, panel_on=death.panel_on or analysed_on
        )
        _log(request, AccessEntry.Kind.CHANGED, death, detail="panel analysis recorded")
    return analysis


@dataclass(frozen=True)
class Timeliness:
    reviewed: int
    median_days: int | None
    within_six_months: int
    backlog: int
    waiting_on_proceedings: int
    overdue_reports: int


def timeliness(start: date, end: date, today: date | None = None) -> Timeliness:
    """Deaths reviewed in ``start``-``end``: days from notification to the panel; the open backlog."""
    today = today or timezone.localdate()
    reviewed = list(
        ChildDeath.objects.filter(analysis__analysed_on__gte=start, analysis__analysed_on__lte=end).values_list(
            "notified_on", "analysis__analysed_on"
        )
    )
    days = [(analysed - notified).days for notified, analysed in reviewed]
    open_deaths = ChildDeath.objects.exclude(status=ChildDeath.Status.REVIEWED)
    return Timeliness(
        reviewed=len(days),
        median_days=int(median(days)) if days else None,
        within_six_months=sum(1 for value in days if value <= 183),
        backlog=open_deaths.count(),
        waiting_on_proceedings=open_deaths.filter(status=ChildDeath.Status.WAITING).count(),
        overdue_reports=ReportingRequest.objects.filter(received_on__isnull=True, due_on__lt=today).count(),
    )
