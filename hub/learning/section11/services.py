"""Workflows of the Section 11 self-assessment: opening a round, rating, submitting, moderating.

Every function takes ``actor=``, runs in one transaction, writes an audit entry named
``learning.section11.<event>`` and raises ``DomainError`` with a message for the person acting.
Changes to an assessment lock its row first (``select_for_update``), so a SPOC saving a standard
while a colleague submits cannot interleave. E-mails go after commit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from hub.core import roles
from hub.core.audit import log_action, register_event
from hub.core.errors import DomainError
from hub.core.models import Action, Agency, PartnershipSettings, User
from hub.core.permissions import is_business_unit
from hub.core.services import create_action
from hub.core.uploads import OFFICE_TYPES, TEXT_TYPES, validate_upload
from hub.learning.common import Grade
from hub.learning.section11.models import (
    ChallengeSession,
    EvidenceFile,
    Section11Assessment,
    Section11Round,
    Section11Standard,
    StandardRating,
)

register_event("learning.section11.round_opened", "Section 11 round opened to agencies")
register_event("learning.section11.started", "Section 11 self-assessment started")
register_event("learning.section11.saved", "Section 11 standard rated")
register_event("learning.section11.evidence_added", "Section 11 evidence file added")
register_event("learning.section11.evidence_removed", "Section 11 evidence file removed")
register_event("learning.section11.submitted", "Section 11 self-assessment submitted")
register_event("learning.section11.returned", "Section 11 self-assessment returned for changes")
register_event("learning.section11.moderation_saved", "Section 11 moderated ratings saved")
register_event("learning.section11.moderated", "Section 11 self-assessment moderated")
register_event("learning.section11.challenge_recorded", "Section 11 challenge session recorded")
register_event("learning.section11.action_raised", "Action raised from a Section 11 self-assessment")
register_event("learning.section11.reminded", "Section 11 reminder sent")

# Evidence may be an office document or plain text; the size limit is the Hub's own.
EVIDENCE_TYPES = (*OFFICE_TYPES, *TEXT_TYPES)
MAX_FILES_PER_STANDARD = 10


class AssessmentIncomplete(DomainError):
    """The assessment cannot be submitted; ``missing`` lists each standard and what it lacks."""

    def __init__(self, message: str, missing: list[tuple[Section11Standard, str]]):
        super().__init__(message)
        self.missing = missing


# Who may do what ----------------------------------------------------------------------------


def is_spoc_for(user: User, agency: Agency) -> bool:
    return bool(user.is_authenticated and user.has_role(roles.SPOC, agency=agency))


def _require_business_unit(actor: User, what: str) -> None:
    if not is_business_unit(actor):
        raise DomainError(f"Only the business unit can {what}.")


def _require_spoc(actor: User, assessment: Section11Assessment) -> None:
    if not is_spoc_for(actor, assessment.agency):
        raise DomainError(f"Only a single point of contact for {assessment.agency} can change this self-assessment.")


def can_edit(user: User, assessment: Section11Assessment) -> bool:
    return bool(assessment.is_draft and assessment.round.is_open and is_spoc_for(user, assessment.agency))


def _require_editable(assessment: Section11Assessment) -> None:
    if not assessment.is_draft:
        raise DomainError(
            f"This self-assessment is {assessment.get_status_display().lower()}, so it cannot be changed. "
            "Ask the business unit to return it to you if something is wrong."
        )
    if not assessment.round.is_open:
        raise DomainError(f"{assessment.round} is {assessment.round.get_status_display().lower()}, not open.")


def _lock(assessment: Section11Assessment) -> Section11Assessment:
    return (
        Section11Assessment.objects.select_for_update(of=("self",))
        .select_related("round", "round__grading_scheme", "agency")
        .get(pk=assessment.pk)
    )


# Reading --------------------------------------------------------------------------------------


def standards_for(round_: Section11Round) -> list[Section11Standard]:
    """The round's standards, or every active standard when the round names none."""
    chosen = list(round_.standards.all())
    return chosen or list(Section11Standard.objects.filter(active=True))


def grades_of(round_: Section11Round) -> list[Grade]:
    return list(round_.grading_scheme.grades.all())


def grade_codes(round_: Section11Round) -> set[str]:
    return {grade.code for grade in grades_of(round_)}


def previous_assessment(agency: Agency, round_: Section11Round) -> Section11Assessment | None:
    """The agency's most recent assessment from an earlier round, returned ones first."""
    earlier = Section11Assessment.objects.filter(agency=agency, round__year__lt=round_.year)
    returned = earlier.exclude(status=Section11Assessment.Status.DRAFT).order_by("-round__year").first()
    return returned or earlier.order_by("-round__year").first()


def missing_standards(assessment: Section11Assessment) -> list[tuple[Section11Standard, str]]:
    """Each standard that cannot be submitted yet, with what it lacks, in the standards' order."""
    missing = []
    for rating in assessment.ratings.select_related("standard").prefetch_related("files"):
        lacks = []
        if not rating.self_rating:
            lacks.append("a rating")
        if not rating.evidence.strip() and not rating.files.all():
            lacks.append("evidence")
        if lacks:
            missing.append((rating.standard, " and ".join(lacks)))
    return missing


# Starting ----------------------------------------------------------------------------------------


def start_assessment(
    *, actor: User | None, round_: Section11Round, agency: Agency, request=None
) -> tuple[Section11Assessment, bool]:
    """The agency's assessment for the round, created with last cycle's answers the first time.

    Ratings and evidence (text and files) are copied from the agency's previous assessment for
    every standard both rounds ask about, marked as carried forward until the agency changes them.
    Returns ``(assessment, created)``.
    """
    with transaction.atomic():
        assessment = Section11Assessment.objects.filter(round=round_, agency=agency).first()
        if assessment is not None:
            return assessment, False
        previous = previous_assessment(agency, round_)
        assessment = Section11Assessment(round=round_, agency=agency, carried_forward_from=previous)
        assessment._history_user = actor if getattr(actor, "pk", None) else None
        assessment.save()
        earlier = {}
        if previous is not None:
            earlier = {rating.standard_id: rating for rating in previous.ratings.prefetch_related("files")}
        carried = 0
        for standard in standards_for(round_):
            before = earlier.get(standard.pk)
            rating = StandardRating(assessment=assessment, standard=standard)
            if before is not None and (before.self_rating or before.evidence):
                rating.self_rating = before.self_rating
                rating.evidence = before.evidence
                rating.carried_forward = True
                carried += 1
            rating._history_user = assessment._history_user
            rating.save()
            if before is not None:
                for old in before.files.all():
                    copy = EvidenceFile(
                        rating=rating,
                        file=old.file.name,
                        original_filename=old.original_filename,
                        content_type=old.content_type,
                        size=old.size,
                        carried_forward=True,
                        uploaded_by=old.uploaded_by,
                        uploaded_at=old.uploaded_at,
                    )
                    copy._history_user = assessment._history_user
                    copy.save()
        log_action(
            "learning.section11.started",
            actor=actor,
            obj=assessment,
            request=request,
            data={"carried_forward": carried, "from": str(previous.uuid) if previous else None},
        )
    return assessment, True


def open_round(*, actor: User, round_: Section11Round, request=None) -> list[Section11Assessment]:
    """Open the round and start a self-assessment for each expected agency that has none yet.

    Running it again after agencies were added to the round starts theirs; nothing else changes.
    The SPOCs of each newly started assessment are told by e-mail.
    """
    _require_business_unit(actor, "open a Section 11 round")
    with transaction.atomic():
        locked = Section11Round.objects.select_for_update().get(pk=round_.pk)
        if locked.status == Section11Round.Status.CLOSED:
            raise DomainError(f"{locked} is closed; it cannot be opened again.")
        agencies = list(locked.agencies.order_by("name"))
        if not agencies:
            raise DomainError(f"Choose the agencies expected to return before opening {locked}.")
        if not locked.standards.exists():
            active = list(Section11Standard.objects.filter(active=True))
            if not active:
                raise DomainError("Add at least one active Section 11 standard before opening a round.")
            locked.standards.set(active)
        if locked.status != Section11Round.Status.OPEN:
            locked.status = Section11Round.Status.OPEN
            locked._history_user = actor
            locked.save()
        started = []
        for agency in agencies:
            assessment, created = start_assessment(actor=actor, round_=locked, agency=agency, request=request)
            if created:
                started.append(assessment)
        log_action(
            "learning.section11.round_opened",
            actor=actor,
            obj=locked,
            request=request,
            data={"started": [assessment.agency.short_code for assessment in started]},
        )
        ids = [assessment.pk for assessment in started]
        transaction.on_commit(lambda: _tell_spocs_round_opened(ids))
    round_.refresh_from_db()
    return started


# Rating ------------------------------------------------------------------------------------------


def save_rating(
    *,
    actor: User,
    assessment: Section11Assessment,
    standard: Section11Standard,
    self_rating: str,
    evidence: str,
    files=(),
    request=None,
) -> bool:
    """Save the agency's rating and evidence for one standard; ``files`` are uploads to add.

    A carried-forward answer stays marked as such until its rating or evidence changes. Returns
    whether anything changed.
    """
    _require_spoc(actor, assessment)
    self_rating = (self_rating or "").strip()
    evidence = (evidence or "").strip()
    with transaction.atomic():
        locked = _lock(assessment)
        _require_editable(locked)
        if self_rating and self_rating not in grade_codes(locked.round):
            raise DomainError("Select a rating from the list", field="self_rating")
        rating = locked.ratings.select_for_update(of=("self",)).filter(standard=standard).first()
        if rating is None:
            raise DomainError(f"{standard} is not part of {locked.round}.")
        if rating.files.count() + len(files) > MAX_FILES_PER_STANDARD:
            raise DomainError(f"A standard can have up to {MAX_FILES_PER_STANDARD} evidence files", field="files")
        changed = (rating.self_rating, rating.evidence) != (self_rating, evidence)
        if changed:
            rating.self_rating = self_rating
            rating.evidence = evidence
            rating.carried_forward = False
            rating._history_user = actor
            rating.save()
        added = []
        for upload in files:
            try:
                kind = validate_upload(upload, types=EVIDENCE_TYPES)
            except ValidationError as error:
                raise DomainError(f"{upload.name}: {error.messages[0]}", field="files") from None
            upload.seek(0)
            item = EvidenceFile(
                rating=rating,
                original_filename=(upload.name or "evidence")[:255],
                content_type=kind.content_type,
                size=upload.size or 0,
                uploaded_by=actor,
            )
            item.file.save(upload.name or f"evidence.{kind.extension}", ContentFile(upload.read()), save=False)
            item._history_user = actor
            item.save()
            added.append(item.original_filename)
        if changed or added:
            locked.save(update_fields=["updated_at"])
        if changed:
            log_action(
                "learning.section11.saved",
                actor=actor,
                obj=locked,
                request=request,
                data={"standard": standard.number, "self_rating": self_rating},
            )
        if added:
            log_action(
                "learning.section11.evidence_added",
                actor=actor,
                obj=locked,
                request=request,
                data={"standard": standard.number, "files": added},
            )
    return bool(changed or added)


def remove_evidence_file(*, actor: User, evidence_file: EvidenceFile, request=None) -> None:
    """Take a file off a draft assessment. The stored file stays: an earlier cycle may share it."""
    assessment = evidence_file.rating.assessment
    _require_spoc(actor, assessment)
    with transaction.atomic():
        locked = _lock(assessment)
        _require_editable(locked)
        name, number = evidence_file.original_filename, evidence_file.rating.standard.number
        evidence_file._history_user = actor
        evidence_file.delete()
        locked.save(update_fields=["updated_at"])
        log_action(
            "learning.section11.evidence_removed",
            actor=actor,
            obj=locked,
            request=request,
            data={"standard": number, "file": name},
        )


def submit_assessment(*, actor: User, assessment: Section11Assessment, request=None) -> Section11Assessment:
    """The SPOC sends the self-assessment to the business unit: every standard rated, with evidence."""
    _require_spoc(actor, assessment)
    with transaction.atomic():
        locked = _lock(assessment)
        _require_editable(locked)
        missing = missing_standards(locked)
        if missing:
            raise AssessmentIncomplete(
                "The self-assessment cannot be submitted yet: "
                f"{len(missing)} standard{'s' if len(missing) != 1 else ''} need{'s' if len(missing) == 1 else ''} "
                "more.",
                missing,
            )
        locked.status = Section11Assessment.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submitted_by = actor
        locked._history_user = actor
        locked.save()
        log_action("learning.section11.submitted", actor=actor, obj=locked, request=request)
        transaction.on_commit(lambda: _tell_business_unit_of_submission(locked.pk))
    return locked


def return_assessment(*, actor: User, assessment: Section11Assessment, reason: str, request=None) -> None:
    """The business unit hands a submitted self-assessment back to the agency as a draft."""
    _require_business_unit(actor, "return a self-assessment for changes")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter what the agency needs to change", field="reason")
    with transaction.atomic():
        locked = _lock(assessment)
        if locked.status != Section11Assessment.Status.SUBMITTED:
            raise DomainError("Only a submitted self-assessment can be returned for changes.")
        locked.status = Section11Assessment.Status.DRAFT
        locked.submitted_at = None
        locked.submitted_by = None
        locked._history_user = actor
        locked.save()
        log_action("learning.section11.returned", actor=actor, obj=locked, request=request, data={"reason": reason})
        transaction.on_commit(lambda: _tell_spocs_returned(locked.pk, reason))


# Moderation ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModeratedRating:
    standard_id: int
    rating: str
    note: str


def save_moderation(
    *,
    actor: User,
    assessment: Section11Assessment,
    ratings: list[ModeratedRating],
    summary: str,
    complete: bool,
    request=None,
) -> Section11Assessment:
    """Record the moderated rating beside each self-rating; ``complete`` marks the assessment moderated.

    Completing needs a moderated rating for every standard.
    """
    _require_business_unit(actor, "moderate a self-assessment")
    with transaction.atomic():
        locked = _lock(assessment)
        if locked.status == Section11Assessment.Status.DRAFT:
            raise DomainError("The agency has not submitted this self-assessment yet, so it cannot be moderated.")
        codes = grade_codes(locked.round)
        by_standard = {item.standard_id: item for item in ratings}
        changed = []
        rows = list(locked.ratings.select_for_update(of=("self",)).select_related("standard"))
        for row in rows:
            item = by_standard.get(row.standard_id)
            if item is None:
                continue
            if item.rating and item.rating not in codes:
                raise DomainError(f"{row.standard}: select one of the moderated ratings")
            note = (item.note or "").strip()
            if (row.moderated_rating, row.moderation_note) != (item.rating, note):
                row.moderated_rating, row.moderation_note = item.rating, note
                row._history_user = actor
                row.save()
                changed.append(row.standard.number)
        if complete:
            unrated = [row.standard for row in rows if not row.moderated_rating]
            if unrated:
                raise AssessmentIncomplete(
                    "Give a moderated rating for every standard before finishing moderation.",
                    [(standard, "a moderated rating") for standard in unrated],
                )
        summary = (summary or "").strip()
        finishing = complete and locked.status != Section11Assessment.Status.MODERATED
        if summary != locked.moderation_summary or finishing:
            locked.moderation_summary = summary
            if finishing:
                locked.status = Section11Assessment.Status.MODERATED
                locked.moderated_at = timezone.now()
                locked.moderated_by = actor
            locked._history_user = actor
            locked.save()
        if changed:
            log_action(
                "learning.section11.moderation_saved",
                actor=actor,
                obj=locked,
                request=request,
                data={"standards": changed},
            )
        if finishing:
            log_action("learning.section11.moderated", actor=actor, obj=locked, request=request)
            transaction.on_commit(lambda: _tell_spocs_moderated(locked.pk))
    return locked


def record_challenge_session(
    *,
    actor: User,
    round_: Section11Round,
    agency: Agency,
    held_on: date,
    attendees: str,
    challenges: str,
    responses: str,
    outcome: str,
    request=None,
) -> ChallengeSession:
    _require_business_unit(actor, "record a challenge session")
    if not round_.agencies.filter(pk=agency.pk).exists():
        raise DomainError(f"{agency} is not taking part in {round_}", field="agency")
    if held_on > timezone.localdate():
        raise DomainError("The date of the session must be today or in the past", field="held_on")
    with transaction.atomic():
        session = ChallengeSession(
            round=round_,
            agency=agency,
            held_on=held_on,
            attendees=attendees.strip(),
            challenges=challenges.strip(),
            responses=responses.strip(),
            outcome=outcome.strip(),
            recorded_by=actor,
        )
        session._history_user = actor
        session.save()
        log_action(
            "learning.section11.challenge_recorded",
            actor=actor,
            obj=session,
            request=request,
            data={"agency": agency.short_code, "held_on": held_on.isoformat()},
        )
    return session


def raise_action(
    *, actor: User, assessment: Section11Assessment, title: str, description: str, due_on: date, request=None
) -> Action:
    """An action for the agency on the shared tracker, whose source is the self-assessment."""
    _require_business_unit(actor, "raise an action from a self-assessment")
    if due_on < timezone.localdate():
        raise DomainError("The due date must be today or in the future", field="due_on")
    with transaction.atomic():
        action = create_action(
            actor=actor,
            title=title,
            description=description,
            owner_agency=assessment.agency,
            due_on=due_on,
            source=assessment,
            source_label=assessment.source_label,
            request=request,
        )
        log_action(
            "learning.section11.action_raised",
            actor=actor,
            obj=assessment,
            request=request,
            data={"action": action.reference},
        )
    return action


def actions_for(assessments) -> dict[int, list[Action]]:
    """Tracker actions raised from each assessment, keyed by the assessment's id, in one query."""
    ids = [assessment.pk for assessment in assessments]
    found: dict[int, list[Action]] = {pk: [] for pk in ids}
    for action in Action.objects.from_sources(Section11Assessment, ids).order_by("due_on", "reference"):
        found[action.source_object_id].append(action)
    return found


# The dashboard -------------------------------------------------------------------------------------


@dataclass
class Cell:
    standard: Section11Standard
    self_grade: Grade | None = None
    moderated_grade: Grade | None = None
    carried_forward: bool = False


@dataclass
class AgencyRow:
    agency: Agency
    assessment: Section11Assessment | None
    cells: list[Cell] = field(default_factory=list)


@dataclass
class StandardCount:
    standard: Section11Standard
    self_counts: list[int]
    moderated_counts: list[int]
    unrated: int

    @property
    def pairs(self) -> list[tuple[int, int]]:
        """(self-rated, moderated) counts per grade, best grade first."""
        return list(zip(self.self_counts, self.moderated_counts, strict=True))


@dataclass
class Dashboard:
    round: Section11Round
    grades: list[Grade]
    standards: list[Section11Standard]
    rows: list[AgencyRow]
    counts: list[StandardCount]
    expected: int
    returned: int
    on_time: int
    moderated: int
    drafts: int

    @property
    def return_rate(self) -> float:
        return round(100 * self.returned / self.expected, 1) if self.expected else 0.0


def dashboard(round_: Section11Round, today: date | None = None) -> Dashboard:
    """Return rate and the ratings of every expected agency against every standard, in a fixed number of queries.

    Ratings count only from returned (submitted or moderated) assessments; a draft's answers are
    the agency's own until it submits them.
    """
    grades = grades_of(round_)
    by_code = {grade.code: grade for grade in grades}
    standards = standards_for(round_)
    agencies = list(round_.agencies.order_by("name"))
    assessments = {
        assessment.agency_id: assessment
        for assessment in Section11Assessment.objects.filter(round=round_).prefetch_related("ratings")
    }
    rows, self_counts, moderated_counts, unrated = [], Counter(), Counter(), Counter()
    returned = on_time = moderated = drafts = 0
    for agency in agencies:
        assessment = assessments.get(agency.pk)
        ratings = {}
        if assessment is not None:
            ratings = {rating.standard_id: rating for rating in assessment.ratings.all()}
            if assessment.is_returned:
                returned += 1
                if assessment.submitted_at and timezone.localdate(assessment.submitted_at) <= round_.due_on:
                    on_time += 1
                if assessment.status == Section11Assessment.Status.MODERATED:
                    moderated += 1
            else:
                drafts += 1
        row = AgencyRow(agency=agency, assessment=assessment)
        for standard in standards:
            rating = ratings.get(standard.pk)
            cell = Cell(standard=standard)
            if rating is not None and assessment.is_returned:
                cell.self_grade = by_code.get(rating.self_rating)
                cell.moderated_grade = by_code.get(rating.moderated_rating)
                cell.carried_forward = rating.carried_forward
                if cell.self_grade:
                    self_counts[(standard.pk, rating.self_rating)] += 1
                else:
                    unrated[standard.pk] += 1
                if cell.moderated_grade:
                    moderated_counts[(standard.pk, rating.moderated_rating)] += 1
            else:
                unrated[standard.pk] += 1
            row.cells.append(cell)
        rows.append(row)
    counts = [
        StandardCount(
            standard=standard,
            self_counts=[self_counts[(standard.pk, grade.code)] for grade in grades],
            moderated_counts=[moderated_counts[(standard.pk, grade.code)] for grade in grades],
            unrated=unrated[standard.pk],
        )
        for standard in standards
    ]
    return Dashboard(
        round=round_,
        grades=grades,
        standards=standards,
        rows=rows,
        counts=counts,
        expected=len(agencies),
        returned=returned,
        on_time=on_time,
        moderated=moderated,
        drafts=drafts,
    )


# E-mails -------------------------------------------------------------------------------------------


def spoc_addresses(agency: Agency) -> list[str]:
    people = User.objects.filter(
        is_active=True, role_assignments__role__slug=roles.SPOC, role_assignments__agency=agency
    ).distinct()
    return sorted({person.email for person in people if person.email})


def business_unit_addresses() -> list[str]:
    people = User.objects.filter(is_active=True, role_assignments__role__slug=roles.BUSINESS_UNIT).distinct()
    return sorted({person.email for person in people if person.email})


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(template: str, context: dict, recipients: list[str]) -> None:
    if not recipients:
        return
    context = {"partnership": PartnershipSettings.load().name, **context}
    subject = render_to_string(f"learning/section11/emails/{template}_subject.txt", context).strip()
    body = render_to_string(f"learning/section11/emails/{template}.txt", context)
    send_mail(subject, body, None, recipients)


def _assessment_context(assessment: Section11Assessment) -> dict:
    return {"assessment": assessment, "round": assessment.round, "agency": assessment.agency}


def _tell_spocs_round_opened(assessment_ids: list[int]) -> None:
    for assessment in Section11Assessment.objects.filter(pk__in=assessment_ids).select_related("round", "agency"):
        _send(
            "round_opened",
            {**_assessment_context(assessment), "url": _absolute(assessment.get_absolute_url())},
            spoc_addresses(assessment.agency),
        )


def _tell_business_unit_of_submission(assessment_id: int) -> None:
    assessment = Section11Assessment.objects.select_related("round", "agency", "submitted_by").get(pk=assessment_id)
    _send(
        "submitted",
        {**_assessment_context(assessment), "url": _absolute(assessment.get_absolute_url())},
        business_unit_addresses(),
    )


def _tell_spocs_returned(assessment_id: int, reason: str) -> None:
    assessment = Section11Assessment.objects.select_related("round", "agency").get(pk=assessment_id)
    _send(
        "returned",
        {**_assessment_context(assessment), "reason": reason, "url": _absolute(assessment.get_absolute_url())},
        spoc_addresses(assessment.agency),
    )


def _tell_spocs_moderated(assessment_id: int) -> None:
    assessment = Section11Assessment.objects.select_related("round", "agency").get(pk=assessment_id)
    _send(
        "moderated",
        {**_assessment_context(assessment), "url": _absolute(assessment.get_absolute_url())},
        spoc_addresses(assessment.agency),
    )


def send_reminder(*, assessment: Section11Assessment | None, round_: Section11Round, agency: Agency, overdue: bool):
    """E-mail the agency's SPOCs that the self-assessment is due soon or overdue."""
    url = _absolute(assessment.get_absolute_url() if assessment else reverse("learning:section11-home"))
    _send(
        "overdue" if overdue else "due",
        {"round": round_, "agency": agency, "assessment": assessment, "url": url},
        spoc_addresses(agency),
    )
