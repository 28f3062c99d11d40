"""The Section 11 workflow: carrying answers forward, rating, submitting, moderating, challenge and actions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from hub.core.audit import entries_for
from hub.core.errors import DomainError
from hub.core.models import Action
from hub.learning.section11 import services
from hub.learning.section11.models import EvidenceFile, Section11Assessment, Section11Round, StandardRating
from hub.learning.tests.section11.factories import all_rated, html_upload, make_assessment, make_round, pdf_upload

pytestmark = pytest.mark.django_db


def _events(obj) -> list[str]:
    return [entry.action for entry in entries_for(obj)]


def _rating(assessment, number) -> StandardRating:
    return assessment.ratings.get(standard__number=number)


# Starting and carrying forward -----------------------------------------------------------------------


def test_opening_a_round_starts_an_assessment_per_agency_and_tells_their_spocs(personas, standards, after_commit):
    round_ = make_round([personas.agency_a, personas.agency_b], status=Section11Round.Status.PLANNED)
    with pytest.raises(DomainError):
        services.open_round(actor=personas.spoc_a, round_=round_)

    with after_commit():
        started = services.open_round(actor=personas.business_unit, round_=round_)

    round_.refresh_from_db()
    assert round_.status == Section11Round.Status.OPEN
    assert sorted(item.agency.short_code for item in started) == ["aga", "agb"]
    assert all(item.ratings.count() == 3 for item in started)
    assert "learning.section11.round_opened" in _events(round_)
    assert sorted(message.to[0] for message in mail.outbox) == ["spoc.a@example.org", "spoc.b@example.org"]
    assert "is open" in mail.outbox[0].subject


def test_opening_the_round_again_starts_only_the_missing_assessments(personas, round_, after_commit):
    services.open_round(actor=personas.business_unit, round_=round_)
    mail.outbox.clear()
    round_.agencies.add(personas.agency_c)

    with after_commit():
        started = services.open_round(actor=personas.business_unit, round_=round_)

    assert [item.agency for item in started] == [personas.agency_c]
    assert Section11Assessment.objects.filter(round=round_).count() == 3
    assert mail.outbox == []  # agency C has no SPOC to tell


def test_last_cycles_answers_are_carried_forward_and_marked(personas, standards):
    last_year = timezone.localdate().year - 1
    earlier = make_round([personas.agency_a], year=last_year, standards=standards, status=Section11Round.Status.CLOSED)
    previous = make_assessment(
        earlier,
        personas.agency_a,
        status=Section11Assessment.Status.MODERATED,
        ratings={1: ("fully-met", "Board minutes."), 2: ("partly-met", "Policy being rewritten.")},
    )
    EvidenceFile.objects.create(
        rating=_rating(previous, 1), file="learning/section11/old.pdf", original_filename="minutes.pdf", size=10
    )
    round_ = make_round([personas.agency_a], standards=standards)

    assessment, created = services.start_assessment(
        actor=personas.business_unit, round_=round_, agency=personas.agency_a
    )

    assert created
    assert assessment.carried_forward_from == previous
    first, second, third = (_rating(assessment, number) for number in (1, 2, 3))
    assert (first.self_rating, first.evidence, first.carried_forward) == ("fully-met", "Board minutes.", True)
    assert (second.self_rating, second.carried_forward) == ("partly-met", True)
    assert (third.self_rating, third.carried_forward) == ("", False)
    assert [item.original_filename for item in first.files.all()] == ["minutes.pdf"]
    assert first.files.get().carried_forward


def test_a_carried_forward_answer_loses_its_mark_once_changed(personas, standards):
    earlier = make_round([personas.agency_a], year=2020, standards=standards, status=Section11Round.Status.CLOSED)
    make_assessment(earlier, personas.agency_a, status=Section11Assessment.Status.SUBMITTED, ratings=all_rated())
    round_ = make_round([personas.agency_a], year=2021, standards=standards)
    assessment, _ = services.start_assessment(actor=None, round_=round_, agency=personas.agency_a)

    unchanged = services.save_rating(
        actor=personas.spoc_a,
        assessment=assessment,
        standard=standards[0],
        self_rating="mostly-met",
        evidence="Evidence for standard 1.",
    )
    assert not unchanged
    assert _rating(assessment, 1).carried_forward

    services.save_rating(
        actor=personas.spoc_a,
        assessment=assessment,
        standard=standards[0],
        self_rating="fully-met",
        evidence="Evidence for standard 1.",
    )
    rating = _rating(assessment, 1)
    assert (rating.self_rating, rating.carried_forward) == ("fully-met", False)
    assert _rating(assessment, 2).carried_forward
    assert "learning.section11.saved" in _events(assessment)


# Rating ------------------------------------------------------------------------------------------------


def test_only_the_agencys_spoc_can_rate_and_only_from_the_scheme(personas, draft, standards):
    with pytest.raises(DomainError, match="single point of contact for Agency A"):
        services.save_rating(
            actor=personas.spoc_b, assessment=draft, standard=standards[0], self_rating="fully-met", evidence="x"
        )
    with pytest.raises(DomainError, match="Select a rating"):
        services.save_rating(
            actor=personas.spoc_a, assessment=draft, standard=standards[0], self_rating="brilliant", evidence="x"
        )
    assert _rating(draft, 1).self_rating == ""


def test_a_closed_round_cannot_be_changed(personas, draft, standards):
    Section11Round.objects.filter(pk=draft.round_id).update(status=Section11Round.Status.CLOSED)
    draft.refresh_from_db()
    with pytest.raises(DomainError, match="not open"):
        services.save_rating(
            actor=personas.spoc_a, assessment=draft, standard=standards[0], self_rating="fully-met", evidence="x"
        )


def test_evidence_files_are_checked_by_their_content(personas, draft, standards):
    with pytest.raises(DomainError, match="contents are not a document"):
        services.save_rating(
            actor=personas.spoc_a,
            assessment=draft,
            standard=standards[0],
            self_rating="fully-met",
            evidence="",
            files=[html_upload()],
        )
    assert not EvidenceFile.objects.exists()

    services.save_rating(
        actor=personas.spoc_a,
        assessment=draft,
        standard=standards[0],
        self_rating="fully-met",
        evidence="",
        files=[pdf_upload("Safeguarding policy.pdf")],
    )
    item = EvidenceFile.objects.get()
    assert item.original_filename == "Safeguarding policy.pdf"
    assert item.content_type == "application/pdf"
    assert item.file.name.startswith("learning/section11/") and "policy" not in item.file.name
    assert "learning.section11.evidence_added" in _events(draft)

    services.remove_evidence_file(actor=personas.spoc_a, evidence_file=item)
    assert not EvidenceFile.objects.exists()
    assert "learning.section11.evidence_removed" in _events(draft)


# Submitting ---------------------------------------------------------------------------------------------


def test_submitting_with_gaps_lists_each_standard_and_what_it_lacks(personas, round_):
    assessment = make_assessment(
        round_, personas.agency_a, ratings={1: ("fully-met", "Minutes."), 2: ("mostly-met", "")}
    )

    with pytest.raises(services.AssessmentIncomplete) as caught:
        services.submit_assessment(actor=personas.spoc_a, assessment=assessment)

    assert [(standard.number, lacks) for standard, lacks in caught.value.missing] == [
        (2, "evidence"),
        (3, "a rating and evidence"),
    ]
    assessment.refresh_from_db()
    assert assessment.status == Section11Assessment.Status.DRAFT


def test_a_file_counts_as_evidence(personas, round_):
    assessment = make_assessment(round_, personas.agency_a, ratings={**all_rated(), 3: ("partly-met", "")})
    EvidenceFile.objects.create(
        rating=_rating(assessment, 3), file="learning/section11/x.pdf", original_filename="x.pdf"
    )
    assert services.missing_standards(assessment) == []


def test_submitting_a_complete_assessment_tells_the_business_unit(personas, round_, after_commit):
    assessment = make_assessment(round_, personas.agency_a, ratings=all_rated())

    with after_commit():
        services.submit_assessment(actor=personas.spoc_a, assessment=assessment)

    assessment.refresh_from_db()
    assert assessment.status == Section11Assessment.Status.SUBMITTED
    assert assessment.submitted_by == personas.spoc_a
    assert "learning.section11.submitted" in _events(assessment)
    assert [message.to for message in mail.outbox] == [["bu@example.org"]]
    assert "Agency A submitted" in mail.outbox[0].subject
    assert str(assessment.uuid) in mail.outbox[0].body
    with pytest.raises(DomainError, match="submitted, so it cannot be changed"):
        services.submit_assessment(actor=personas.spoc_a, assessment=assessment)


def test_the_business_unit_can_return_a_submitted_assessment(personas, round_, after_commit):
    assessment = make_assessment(round_, personas.agency_a, status=Section11Assessment.Status.SUBMITTED)
    with pytest.raises(DomainError, match="Enter what the agency needs to change"):
        services.return_assessment(actor=personas.business_unit, assessment=assessment, reason=" ")

    with after_commit():
        services.return_assessment(actor=personas.business_unit, assessment=assessment, reason="Add training figures.")

    assessment.refresh_from_db()
    assert assessment.status == Section11Assessment.Status.DRAFT
    assert mail.outbox[0].to == ["spoc.a@example.org"]
    assert "Add training figures." in mail.outbox[0].body


# Moderation -----------------------------------------------------------------------------------------------


def _moderated(standards, ratings):
    return [
        services.ModeratedRating(standard_id=standard.pk, rating=rating, note=note)
        for standard, (rating, note) in zip(standards, ratings, strict=True)
    ]


def test_moderation_is_saved_beside_the_self_rating_and_finishing_needs_every_standard(
    personas, round_, standards, after_commit
):
    assessment = make_assessment(
        round_, personas.agency_a, status=Section11Assessment.Status.SUBMITTED, ratings=all_rated(rating="fully-met")
    )
    partial = _moderated(standards, [("mostly-met", "Training gaps."), ("", ""), ("", "")])

    with pytest.raises(services.AssessmentIncomplete) as caught:
        services.save_moderation(
            actor=personas.business_unit, assessment=assessment, ratings=partial, summary="", complete=True
        )
    assert [standard.number for standard, _ in caught.value.missing] == [2, 3]
    assert _rating(assessment, 1).moderated_rating == ""  # nothing kept from a refused completion

    services.save_moderation(
        actor=personas.business_unit, assessment=assessment, ratings=partial, summary="", complete=False
    )
    assert (_rating(assessment, 1).self_rating, _rating(assessment, 1).moderated_rating) == ("fully-met", "mostly-met")
    assert mail.outbox == []

    complete = _moderated(standards, [("mostly-met", "Training gaps."), ("fully-met", ""), ("fully-met", "")])
    with after_commit():
        services.save_moderation(
            actor=personas.business_unit, assessment=assessment, ratings=complete, summary="Sound.", complete=True
        )
    assessment.refresh_from_db()
    assert assessment.status == Section11Assessment.Status.MODERATED
    assert assessment.moderated_by == personas.business_unit
    assert assessment.moderation_summary == "Sound."
    assert {"learning.section11.moderation_saved", "learning.section11.moderated"} <= set(_events(assessment))
    assert [message.to for message in mail.outbox] == [["spoc.a@example.org"]]


def test_a_draft_cannot_be_moderated_and_only_the_business_unit_moderates(personas, draft, standards):
    ratings = _moderated(standards, [("fully-met", "")] * 3)
    with pytest.raises(DomainError, match="Only the business unit"):
        services.save_moderation(
            actor=personas.scrutineer, assessment=draft, ratings=ratings, summary="", complete=False
        )
    with pytest.raises(DomainError, match="has not submitted"):
        services.save_moderation(
            actor=personas.business_unit, assessment=draft, ratings=ratings, summary="", complete=False
        )


# Challenge sessions and actions -------------------------------------------------------------------------------


def test_a_challenge_session_is_recorded_for_an_agency_in_the_round(personas, round_):
    fields = {
        "attendees": "Business manager; scrutineer",
        "challenges": "How do you know training changed practice?",
        "responses": "Dip samples.",
        "outcome": "Standard 5 moderated to mostly met.",
    }
    with pytest.raises(DomainError, match="not taking part"):
        services.record_challenge_session(
            actor=personas.business_unit, round_=round_, agency=personas.agency_c, held_on=date(2022, 2, 9), **fields
        )
    with pytest.raises(DomainError, match="today or in the past"):
        services.record_challenge_session(
            actor=personas.business_unit,
            round_=round_,
            agency=personas.agency_a,
            held_on=timezone.localdate() + timedelta(days=1),
            **fields,
        )

    session = services.record_challenge_session(
        actor=personas.business_unit, round_=round_, agency=personas.agency_a, held_on=date(2022, 2, 9), **fields
    )
    assert session.recorded_by == personas.business_unit
    assert _events(session) == ["learning.section11.challenge_recorded"]


def test_an_action_goes_on_the_tracker_with_the_assessment_as_its_source(personas, round_):
    assessment = make_assessment(round_, personas.agency_a, status=Section11Assessment.Status.SUBMITTED)
    due = timezone.localdate() + timedelta(days=60)

    action = services.raise_action(
        actor=personas.business_unit, assessment=assessment, title="Repeat the dip sample", description="", due_on=due
    )

    action = Action.objects.get(pk=action.pk)
    assert action.source == assessment
    assert action.owner_agency == personas.agency_a
    assert action.source_label == f"Section 11 self-assessment of Agency A ({round_.financial_year.label})"
    assert services.actions_for([assessment])[assessment.pk] == [action]
    assert "learning.section11.action_raised" in _events(assessment)
    with pytest.raises(DomainError, match="today or in the future"):
        services.raise_action(
            actor=personas.business_unit,
            assessment=assessment,
            title="Late",
            description="",
            due_on=date(2020, 1, 1),
        )
