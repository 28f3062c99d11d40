"""Restraint workflows: recording incidents, the monthly return, scrutiny sessions, random samples
and CCTV reviews. Views call these; each checks who may do it, changes the records in one
transaction and writes the audit log.

Two people editing the same incident, session or review never overwrite each other silently:
each of those records carries a ``version`` that an edit must name, and a stale edit is refused
with a message (optimistic locking).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from hub.core.audit import log_action, register_event
from hub.core.errors import DomainError
from hub.core.models import Action, Agency, Theme, User
from hub.core.services import create_action
from hub.restraint import access, sampling
from hub.restraint.figures import in_period
from hub.restraint.importing import IncidentRow, ReadResult, read_return
from hub.restraint.models import (
    CctvReview,
    Incident,
    IncidentImport,
    Sample,
    SampleItem,
    ScrutinySession,
)

register_event("restraint.incident.recorded", "Restraint incident recorded")
register_event("restraint.incident.changed", "Restraint incident changed")
register_event("restraint.incident.viewed", "Restraint incident viewed")
register_event("restraint.incidents.listed", "Restraint incidents listed")
register_event("restraint.import.checked", "Restraint return checked")
register_event("restraint.import.applied", "Restraint return applied")
register_event("restraint.import.discarded", "Restraint return discarded")
register_event("restraint.session.created", "Scrutiny session planned")
register_event("restraint.session.changed", "Scrutiny session changed")
register_event("restraint.session.completed", "Scrutiny session completed")
register_event("restraint.sample.drawn", "Random sample drawn")
register_event("restraint.sample.redrawn", "Random sample drawn again")
register_event("restraint.review.recorded", "CCTV review recorded")
register_event("restraint.review.changed", "CCTV review changed")
register_event("restraint.review.action_raised", "Action raised from a CCTV review")

STALE = (
    "Someone else changed this {what} since you opened it: reload the page, check their changes and make yours again"
)

INCIDENT_FIELDS = (
    "occurred_at",
    "young_person",
    "age_band",
    "location",
    "reason",
    "duration_minutes",
    "staff_involved",
    "injury",
    "staff_injury",
    "debrief_held",
    "young_person_view",
    "cctv_available",
    "management_review",
    "management_review_on",
    "management_review_notes",
)


def _require_recorder_for(actor: User, home: Agency) -> None:
    if home.pk not in {agency.pk for agency in access.recorder_homes(actor)}:
        raise DomainError("Only the home's staff can record its incidents")


def _require_reviewer(actor: User) -> None:
    if not access.is_reviewer(actor):
        raise DomainError("Only restraint scrutiny reviewers can do this")


def _check_incident(values: dict, home: Agency, *, exclude: int | None = None) -> None:
    if values["occurred_at"] > timezone.now():
        raise DomainError("The date and time must be in the past", field="occurred_at")
    review_on = values.get("management_review_on")
    if review_on and review_on < timezone.localtime(values["occurred_at"]).date():
        raise DomainError("The management review date must be on or after the incident", field="management_review_on")
    if values.get("management_review") == "completed" and not review_on:
        raise DomainError("Enter the date of the management review", field="management_review_on")
    if values.get("management_review") != "completed":
        values["management_review_on"] = None


def record_incident(*, actor: User, home: Agency, home_reference: str, techniques, request=None, **values) -> Incident:
    _require_recorder_for(actor, home)
    _check_incident(values, home)
    if not techniques:
        raise DomainError("Select the techniques used", field="techniques")
    with transaction.atomic():
        if Incident.objects.filter(home=home, home_reference=home_reference).exists():
            raise DomainError(
                f"Incident {home_reference} is already recorded: find it and change it", field="home_reference"
            )
        incident = Incident.objects.create(home=home, home_reference=home_reference, recorded_by=actor, **values)
        incident.techniques.set(techniques)
        log_action("restraint.incident.recorded", actor=actor, obj=incident, request=request)
    return incident


def _stored(incident: Incident, name: str):
    return getattr(incident, f"{name}_id") if name in ("location", "reason") else getattr(incident, name)


def _given(value):
    return getattr(value, "pk", value)


def _changed(incident: Incident, values: dict, techniques) -> list[str]:
    """The names of the fields ``values`` and ``techniques`` would change."""
    changed = [name for name, value in values.items() if _stored(incident, name) != _given(value)]
    if {technique.pk for technique in techniques} != {technique.pk for technique in incident.techniques.all()}:
        changed.append("techniques")
    return changed


def update_incident(*, actor: User, incident: Incident, version: int, techniques, request=None, **values) -> Incident:
    _require_recorder_for(actor, incident.home)
    _check_incident(values, incident.home)
    if not techniques:
        raise DomainError("Select the techniques used", field="techniques")
    with transaction.atomic():
        locked = Incident.objects.select_for_update().get(pk=incident.pk)
        if locked.version != version:
            raise DomainError(STALE.format(what="incident"))
        changed = _changed(locked, values, techniques)
        if not changed:
            return locked
        for name, value in values.items():
            setattr(locked, name, value)
        locked.version += 1
        locked.save()
        locked.techniques.set(techniques)
        locked.refresh_from_db()
        log_action("restraint.incident.changed", actor=actor, obj=locked, data={"fields": changed}, request=request)
    return locked


# The monthly return ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    new: int
    changed: int
    unchanged: int
    first: date | None
    last: date | None


def _row_values(row: IncidentRow) -> dict:
    return {name: getattr(row, name) for name in INCIDENT_FIELDS}


def _preview(home: Agency, rows: list[IncidentRow]) -> Preview:
    existing = {
        incident.home_reference: incident
        for incident in Incident.objects.filter(
            home=home, home_reference__in=[row.home_reference for row in rows]
        ).prefetch_related("techniques")
    }
    new = changed = 0
    for row in rows:
        incident = existing.get(row.home_reference)
        if incident is None:
            new += 1
        elif _differs(incident, row):
            changed += 1
    days = [timezone.localtime(row.occurred_at).date() for row in rows]
    return Preview(new, changed, len(rows) - new - changed, min(days, default=None), max(days, default=None))


def _differs(incident: Incident, row: IncidentRow) -> bool:
    techniques = {technique.pk for technique in incident.techniques.all()}
    return (
        bool(_changed(incident, _row_values(row), row.techniques))
        if techniques == {t.pk for t in row.techniques}
        else True
    )


def check_import(
    *, actor: User, home: Agency, file_name: str, content: bytes, request=None
) -> tuple[IncidentImport | None, ReadResult, Preview | None]:
    """Read an uploaded return. With problems nothing is kept; otherwise it waits for confirmation."""
    _require_recorder_for(actor, home)
    result = read_return(content, filename=file_name)
    if result.problems:
        return None, result, None
    preview = _preview(home, result.rows)
    pending = IncidentImport.objects.create(
        home=home,
        file_name=file_name[:200],
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        rows=len(result.rows),
        created=preview.new,
        updated=preview.changed,
        unchanged=preview.unchanged,
        uploaded_by=actor,
    )
    log_action("restraint.import.checked", actor=actor, obj=pending, data={"rows": len(result.rows)}, request=request)
    return pending, result, preview


def apply_import(*, actor: User, pending: IncidentImport, request=None) -> IncidentImport:
    """Save every row of a checked return, or nothing. Rows already recorded unchanged are left alone."""
    _require_recorder_for(actor, pending.home)
    with transaction.atomic():
        locked = IncidentImport.objects.select_for_update().get(pk=pending.pk)
        if locked.status != IncidentImport.Status.CHECKED:
            raise DomainError(f"This return has already been {locked.get_status_display().lower()}")
        result = read_return(bytes(locked.content), filename=locked.file_name)
        if result.problems:
            # The lists of locations, reasons or techniques changed since the check.
            raise DomainError(f"The return no longer passes its checks ({result.problems[0]}): upload it again")
        existing = {
            incident.home_reference: incident
            for incident in Incident.objects.select_for_update().filter(
                home=locked.home, home_reference__in=[row.home_reference for row in result.rows]
            )
        }
        created, updated, unchanged = [], 0, 0
        for row in result.rows:
            values = _row_values(row)
            incident = existing.get(row.home_reference)
            if incident is None:
                created.append(
                    Incident(
                        home=locked.home,
                        home_reference=row.home_reference,
                        recorded_by=actor,
                        source_import=locked,
                        **values,
                    )
                )
            elif _differs(incident, row):
                for name, value in values.items():
                    setattr(incident, name, value)
                incident.version += 1
                incident.source_import = locked
                incident.save()
                incident.techniques.set(row.techniques)
                updated += 1
            else:
                unchanged += 1
        if created:
            # New incidents go in together, each with its first history entry, then their techniques.
            bulk_create_with_history(created, Incident, default_user=actor)
            ids = dict(
                Incident.objects.filter(
                    home=locked.home, home_reference__in=[incident.home_reference for incident in created]
                ).values_list("home_reference", "pk")
            )
            through = Incident.techniques.through
            through.objects.bulk_create(
                through(incident_id=ids[row.home_reference], technique_id=technique.pk)
                for row in result.rows
                if row.home_reference in ids and row.home_reference not in existing
                for technique in row.techniques
            )
        created = len(created)
        locked.status = IncidentImport.Status.APPLIED
        locked.created, locked.updated, locked.unchanged = created, updated, unchanged
        locked.content = b""
        locked.applied_at = timezone.now()
        locked.save()
        log_action(
            "restraint.import.applied",
            actor=actor,
            obj=locked,
            data={"created": created, "updated": updated, "unchanged": unchanged},
            request=request,
        )
    return locked


def discard_import(*, actor: User, pending: IncidentImport, request=None) -> None:
    _require_recorder_for(actor, pending.home)
    with transaction.atomic():
        locked = IncidentImport.objects.select_for_update().get(pk=pending.pk)
        if locked.status != IncidentImport.Status.CHECKED:
            raise DomainError(f"This return has already been {locked.get_status_display().lower()}")
        locked.status = IncidentImport.Status.DISCARDED
        locked.content = b""
        locked.save(update_fields=["status", "content"])
        log_action("restraint.import.discarded", actor=actor, obj=locked, request=request)


def purge_unconfirmed_imports(now=None) -> int:
    """Returns checked but never confirmed within a day are discarded and their file deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=1)
    return IncidentImport.objects.filter(status=IncidentImport.Status.CHECKED, uploaded_at__lt=cutoff).update(
        status=IncidentImport.Status.DISCARDED, content=b""
    )


# Scrutiny sessions and samples -----------------------------------------------------------------


def _check_period(period_start: date, period_end: date) -> None:
    if period_end < period_start:
        raise DomainError("The end of the period must be on or after its start", field="period_end")


def create_session(
    *,
    actor: User,
    home: Agency,
    held_on: date,
    period_start: date,
    period_end: date,
    reviewers: str = "",
    home_manager: str = "",
    request=None,
) -> ScrutinySession:
    _require_reviewer(actor)
    _check_period(period_start, period_end)
    session = ScrutinySession.objects.create(
        home=home,
        held_on=held_on,
        period_start=period_start,
        period_end=period_end,
        reviewers=reviewers.strip(),
        home_manager=home_manager.strip(),
        created_by=actor,
    )
    log_action("restraint.session.created", actor=actor, obj=session, request=request)
    return session


def update_session(*, actor: User, session: ScrutinySession, version: int, request=None, **values) -> ScrutinySession:
    _require_reviewer(actor)
    with transaction.atomic():
        locked = ScrutinySession.objects.select_for_update().get(pk=session.pk)
        if locked.version != version:
            raise DomainError(STALE.format(what="session"))
        start, end = values.get("period_start", locked.period_start), values.get("period_end", locked.period_end)
        _check_period(start, end)
        if (start, end) != (locked.period_start, locked.period_end) and locked.samples.exists():
            raise DomainError(
                "The period cannot change once a sample has been drawn from it: draw a new sample if it was wrong",
                field="period_start",
            )
        for name, value in values.items():
            setattr(locked, name, value)
        locked.version += 1
        locked.save()
        locked.refresh_from_db()
        log_action("restraint.session.changed", actor=actor, obj=locked, request=request)
    return locked


def population(session_or_sample) -> list[Incident]:
    """The incidents a sample is drawn from, in incident-number order."""
    home = session_or_sample.session.home if isinstance(session_or_sample, Sample) else session_or_sample.home
    incidents = in_period(
        Incident.objects.filter(home=home), session_or_sample.period_start, session_or_sample.period_end
    )
    only_with_cctv = getattr(session_or_sample, "only_with_cctv", True)
    if only_with_cctv:
        incidents = incidents.filter(cctv_available=True)
    return list(incidents.order_by("home_reference"))


def draw_sample(
    *,
    actor: User,
    session: ScrutinySession,
    size: int,
    always_include_from_level: int = 0,
    only_with_cctv: bool = True,
    reason: str = "",
    seed: str | None = None,
    request=None,
) -> Sample:
    """Draw incidents at random from the session's period. A second draw must give its reason and
    replaces the first, which is kept."""
    _require_reviewer(actor)
    if size < 1 or size > 50:
        raise DomainError("Draw between 1 and 50 incidents", field="size")
    with transaction.atomic():
        locked = ScrutinySession.objects.select_for_update().get(pk=session.pk)
        if locked.status == ScrutinySession.Status.COMPLETED:
            raise DomainError("The session is completed: its sample can no longer be drawn again")
        current = locked.samples.filter(superseded_by__isnull=True).first()
        if current is not None and not reason.strip():
            raise DomainError("Give the reason for drawing the sample again", field="reason")
        sample = Sample(
            session=locked,
            drawn_at=timezone.now(),
            drawn_by=actor,
            method=sampling.METHOD,
            seed=seed or sampling.new_seed(),
            size=size,
            always_include_from_level=always_include_from_level,
            only_with_cctv=only_with_cctv,
            period_start=locked.period_start,
            period_end=locked.period_end,
            population_count=0,
            population_digest="",
            redraw_reason=reason.strip() if current is not None else "",
        )
        candidates = population(sample)
        if not candidates:
            raise DomainError("No incidents in the period can be drawn (none recorded, or none with CCTV)")
        sample.population_count = len(candidates)
        sample.population_digest = sampling.population_digest(incident.home_reference for incident in candidates)
        drawn = sampling.draw(
            [sampling.Candidate(incident.home_reference, incident.injury) for incident in candidates],
            size=size,
            seed=sample.seed,
            always_include_from_level=always_include_from_level,
        )
        sample.save()
        by_reference = {incident.home_reference: incident for incident in candidates}
        SampleItem.objects.bulk_create(
            SampleItem(
                sample=sample,
                incident=by_reference[item.reference],
                position=position,
                because=item.because,
                rank=item.rank,
            )
            for position, item in enumerate(drawn, start=1)
        )
        if current is not None:
            current.superseded_by = sample
            current.save(update_fields=["superseded_by"])
        log_action(
            "restraint.sample.redrawn" if current is not None else "restraint.sample.drawn",
            actor=actor,
            obj=locked,
            data={
                "seed": sample.seed,
                "size": size,
                "drawn": len(drawn),
                "population": len(candidates),
                "reason": sample.redraw_reason,
            },
            request=request,
        )
    return sample


@dataclass(frozen=True)
class Verification:
    population_matches: bool
    population_now: int
    selection_matches: bool
    expected: list[sampling.Drawn]


def verify_sample(sample: Sample) -> Verification:
    """Repeat the draw from the recorded seed and today's population, and compare with what was drawn."""
    candidates = population(sample)
    digest = sampling.population_digest(incident.home_reference for incident in candidates)
    expected = (
        sampling.draw(
            [sampling.Candidate(incident.home_reference, incident.injury) for incident in candidates],
            size=sample.size,
            seed=sample.seed,
            always_include_from_level=sample.always_include_from_level,
        )
        if candidates
        else []
    )
    recorded = [(item.incident.home_reference, item.because) for item in sample.items.select_related("incident")]
    return Verification(
        population_matches=digest == sample.population_digest,
        population_now=len(candidates),
        selection_matches=recorded == [(item.reference, item.because) for item in expected],
        expected=expected,
    )


def record_review(*, actor: User, item: SampleItem, version: int | None = None, request=None, **values) -> CctvReview:
    """Record or change the CCTV review of a sampled incident."""
    _require_reviewer(actor)
    with transaction.atomic():
        session = ScrutinySession.objects.select_for_update().get(pk=item.sample.session_id)
        if item.sample.superseded_by_id:
            raise DomainError("This sample was drawn again: review the incidents of the current sample")
        if session.status == ScrutinySession.Status.COMPLETED:
            raise DomainError("The session is completed: its reviews can no longer change")
        review = CctvReview.objects.select_for_update().filter(item=item).first()
        if review is None:
            try:
                with transaction.atomic():
                    review = CctvReview.objects.create(
                        item=item, reviewed_by=actor, reviewed_at=timezone.now(), **values
                    )
            except IntegrityError:
                # Another reviewer saved the first review of this incident a moment ago.
                raise DomainError(STALE.format(what="review")) from None
            log_action("restraint.review.recorded", actor=actor, obj=review, request=request)
            return review
        if version != review.version:
            raise DomainError(STALE.format(what="review"))
        for name, value in values.items():
            setattr(review, name, value)
        review.reviewed_by, review.reviewed_at = actor, timezone.now()
        review.version += 1
        review.save()
        review.refresh_from_db()
        log_action("restraint.review.changed", actor=actor, obj=review, request=request)
    return review


def complete_session(
    *, actor: User, session: ScrutinySession, summary: str, version: int, request=None
) -> ScrutinySession:
    _require_reviewer(actor)
    with transaction.atomic():
        locked = ScrutinySession.objects.select_for_update().get(pk=session.pk)
        if locked.version != version:
            raise DomainError(STALE.format(what="session"))
        sample = locked.current_sample
        if sample is None:
            raise DomainError("Draw the sample before completing the session")
        missing = sample.items.filter(review__isnull=True).count()
        if missing:
            raise DomainError(f"Record the CCTV review of every sampled incident first ({missing} still to do)")
        if not summary.strip():
            raise DomainError("Write what the session concluded", field="summary")
        locked.summary = summary.strip()
        locked.status = ScrutinySession.Status.COMPLETED
        locked.version += 1
        locked.save()
        locked.refresh_from_db()
        log_action("restraint.session.completed", actor=actor, obj=locked, request=request)
    return locked


def raise_review_action(
    *,
    actor: User,
    review: CctvReview,
    title: str,
    description: str,
    owner_agency: Agency,
    due_on: date,
    theme: Theme | None = None,
    owner: User | None = None,
    request=None,
) -> Action:
    """An action on the shared tracker from a CCTV review, with the review as its source."""
    _require_reviewer(actor)
    with transaction.atomic():
        action = create_action(
            actor=actor,
            title=title or "",
            description=(description or "").strip(),
            owner_agency=owner_agency,
            due_on=due_on,
            theme=theme,
            owner=owner,
            source=review,
            source_label=review.source_label,
            request=request,
        )
        log_action(
            "restraint.review.action_raised",
            actor=actor,
            obj=review,
            data={"action": action.reference},
            request=request,
        )
    return action
