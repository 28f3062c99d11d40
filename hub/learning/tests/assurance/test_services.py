"""The assurance workflow: the SPOC drafts and submits, the business unit records the meeting's consideration."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from hub.core.audit import entries_for
from hub.core.errors import DomainError
from hub.core.models import Action
from hub.learning.assurance import services
from hub.learning.assurance.models import AssuranceReport
from hub.learning.tests.assurance.factories import (
    complete_answers,
    make_executive_meeting,
    make_plan_item,
    make_report,
    sections,
)

pytestmark = pytest.mark.django_db


def _events(report) -> list[str]:
    return [entry.action for entry in entries_for(report)]


def test_a_spoc_starts_their_agencys_report_once(personas, template):
    item = make_plan_item(personas.agency_a, template=template)
    first = services.start_report(actor=personas.spoc_a, plan_item=item)
    again = services.start_report(actor=personas.spoc_a, plan_item=item)
    assert first.pk == again.pk
    assert first.agency == personas.agency_a
    assert first.status == AssuranceReport.Status.DRAFT
    assert _events(first) == ["learning.assurance.started"]


def test_a_spoc_of_another_agency_cannot_start_the_report(personas, template):
    item = make_plan_item(personas.agency_a, template=template)
    with pytest.raises(DomainError, match="Only a single point of contact for Agency A"):
        services.start_report(actor=personas.spoc_b, plan_item=item)
    assert not AssuranceReport.objects.exists()


def test_saving_a_draft_keeps_only_the_answered_sections_and_records_what_changed(personas, template):
    report = make_report(personas.agency_a, template=template)
    by_text = sections(template)
    outcomes = by_text["Improvement outcomes"].key
    services.save_draft(
        actor=personas.spoc_a, report=report, cleaned_data={outcomes: "  Better plans.  ", by_text["Impact"].key: ""}
    )
    report.refresh_from_db()
    assert report.answers == {outcomes: "Better plans."}
    entry = entries_for(report).first()
    assert entry.action == "learning.assurance.saved"
    assert entry.data == {"sections_changed": [outcomes]}
    assert report.history.first().history_user == personas.spoc_a


def test_submitting_lists_every_required_section_still_unanswered(personas, template):
    by_text = sections(template)
    report = make_report(personas.agency_a, template=template, answers={by_text["Impact"].key: "Some impact."})
    with pytest.raises(DomainError) as error:
        services.submit_report(actor=personas.spoc_a, report=report)
    assert "Improvement outcomes; Self-assessed RAG rating" in error.value.message
    assert "Anything else" not in error.value.message
    report.refresh_from_db()
    assert report.status == AssuranceReport.Status.DRAFT
    assert len(mail.outbox) == 0


def test_submitting_a_complete_report_tells_the_business_unit(personas, template, django_capture_on_commit_callbacks):
    report = make_report(personas.agency_a, template=template, answers=complete_answers(template))
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_report(actor=personas.spoc_a, report=report)
    report.refresh_from_db()
    assert report.status == AssuranceReport.Status.SUBMITTED
    assert report.submitted_by == personas.spoc_a
    assert report.submitted_at is not None
    assert "learning.assurance.submitted" in _events(report)
    assert [message.to for message in mail.outbox] == [["bu@example.org"]]
    assert mail.outbox[0].subject == "Agency A submitted its assurance report: Voice of the child"
    assert f"/learning/assurance/reports/{report.uuid}/" in mail.outbox[0].body


def test_a_submitted_report_cannot_be_changed_by_the_spoc(personas, template):
    report = make_report(personas.agency_a, template=template, status=AssuranceReport.Status.SUBMITTED)
    key = sections(template)["Impact"].key
    with pytest.raises(DomainError, match="This report is submitted, so it cannot be changed"):
        services.save_draft(actor=personas.spoc_a, report=report, cleaned_data={key: "Changed"})
    report.refresh_from_db()
    assert report.answers[key] == "Children say they are listened to."


def test_the_business_unit_cannot_write_an_agencys_report(personas, template):
    report = make_report(personas.agency_a, template=template)
    with pytest.raises(DomainError, match="Only a single point of contact"):
        services.submit_report(actor=personas.business_unit, report=report)


def test_the_business_unit_records_questions_responses_and_the_consideration(personas, template):
    report = make_report(personas.agency_a, template=template, status=AssuranceReport.Status.SUBMITTED)
    meeting = make_executive_meeting()
    asked_on = timezone.localdate() - timedelta(days=3)
    question = services.record_question(
        actor=personas.business_unit,
        report=report,
        question="How do you know?",
        asked_on=asked_on,
        asked_by_name="Chair",
    )
    assert question.response == "" and question.responded_at is None
    services.record_response(actor=personas.spoc_a, question=question, response="From our audits.")
    question.refresh_from_db()
    assert question.response == "From our audits."
    assert question.responded_by == personas.spoc_a
    services.record_consideration(
        actor=personas.business_unit,
        report=report,
        meeting=meeting,
        outcome=AssuranceReport.Outcome.PARTLY_ASSURED,
        outcome_notes="Repeat the audit in the spring.",
    )
    report.refresh_from_db()
    assert report.status == AssuranceReport.Status.CONSIDERED
    assert report.considered_meeting == meeting
    assert report.considered_on == timezone.localtime(meeting.starts_at).date()
    assert report.outcome == "partly-assured"
    assert _events(report)[:3] == [
        "learning.assurance.considered",
        "learning.assurance.response_recorded",
        "learning.assurance.question_recorded",
    ]


def test_a_spoc_of_another_agency_cannot_respond_to_a_question(personas, template):
    report = make_report(personas.agency_a, template=template, status=AssuranceReport.Status.SUBMITTED)
    question = services.record_question(
        actor=personas.business_unit, report=report, question="Why?", asked_on=timezone.localdate()
    )
    with pytest.raises(DomainError):
        services.record_response(actor=personas.spoc_b, question=question, response="Because.")
    question.refresh_from_db()
    assert question.response == ""


def test_a_draft_cannot_be_considered_or_questioned(personas, template):
    report = make_report(personas.agency_a, template=template)
    meeting = make_executive_meeting()
    with pytest.raises(DomainError, match="has not been submitted yet"):
        services.record_consideration(
            actor=personas.business_unit, report=report, meeting=meeting, outcome="assured", outcome_notes="Fine."
        )
    with pytest.raises(DomainError, match="has not been submitted yet"):
        services.record_question(
            actor=personas.business_unit, report=report, question="Why?", asked_on=timezone.localdate()
        )


def test_a_meeting_in_the_future_cannot_have_considered_the_report(personas, template):
    report = make_report(personas.agency_a, template=template, status=AssuranceReport.Status.SUBMITTED)
    meeting = make_executive_meeting(days_ago=-10)
    with pytest.raises(DomainError, match="Select a meeting that has taken place"):
        services.record_consideration(
            actor=personas.business_unit, report=report, meeting=meeting, outcome="assured", outcome_notes="Fine."
        )


def test_actions_raised_from_a_report_name_it_as_their_source(personas, template):
    report = make_report(personas.agency_a, template=template, status=AssuranceReport.Status.SUBMITTED)
    action = services.raise_action(
        actor=personas.business_unit,
        report=report,
        title="Repeat the audit",
        description="",
        owner_agency=personas.agency_a,
        due_on=timezone.localdate() + timedelta(days=60),
    )
    assert list(services.actions_from(report)) == [action]
    assert Action.objects.get(pk=action.pk).source == report
    assert action.source_label == "Assurance report of Agency A: Voice of the child (2022/23)"
    assert "learning.assurance.action_raised" in _events(report)


def test_only_the_business_unit_raises_actions(personas, template):
    report = make_report(personas.agency_a, template=template, status=AssuranceReport.Status.SUBMITTED)
    with pytest.raises(DomainError, match="Only the business unit"):
        services.raise_action(
            actor=personas.spoc_a,
            report=report,
            title="Repeat the audit",
            description="",
            owner_agency=personas.agency_a,
            due_on=timezone.localdate(),
        )
    assert not Action.objects.exists()


def test_tabling_a_report_adds_its_pdf_to_the_meetings_papers(personas, template):
    report = make_report(personas.agency_a, template=template, status=AssuranceReport.Status.SUBMITTED)
    meeting = make_executive_meeting(days_ago=-14)
    assert list(services.meetings_to_table_at(report)) == [meeting]
    paper = services.table_at_meeting(actor=personas.business_unit, report=report, meeting=meeting)
    assert paper.meeting == meeting
    assert paper.title == "Assurance report: Agency A, Voice of the child"
    assert paper.file.read(5) == b"%PDF-"
    assert "learning.assurance.tabled" in _events(report)
