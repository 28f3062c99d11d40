from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from hub.core.audit import entries_for
from hub.core.errors import DomainError
from hub.core.models import Action, AuditEntry
from hub.governance.models import Attendance, Meeting
from hub.governance.services import (
    ActionRequest,
    add_paper,
    approve_minutes,
    record_attendance,
    record_decision,
    record_minutes,
    schedule_meeting,
)
from hub.governance.tests.factories import make_group, make_meeting, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def test_scheduling_a_meeting_saves_it_and_writes_an_audit_entry(personas, group):
    starts = timezone.now() + timedelta(days=10)
    meeting = schedule_meeting(
        actor=personas.business_unit,
        group=group,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        mode=Meeting.Mode.HYBRID,
        location="County Hall",
        joining_link="https://teams.microsoft.com/l/meetup-join/x",
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
    entry = entries_for(meeting).get()
    assert entry.action == "governance.meeting.scheduled"
    assert entry.actor == personas.business_unit


def test_scheduling_refuses_a_meeting_without_its_joining_link(personas, group):
    starts = timezone.now()
    with pytest.raises(DomainError) as error:
        schedule_meeting(actor=None, group=group, starts_at=starts, ends_at=starts + timedelta(hours=1))
    assert error.value.field == "joining_link"
    assert not Meeting.objects.exists()


def test_scheduling_refuses_a_day_after_the_group_was_replaced(personas):
    group = make_group(active_to=date(2022, 8, 31))
    starts = timezone.make_aware(datetime(2022, 9, 20, 10))
    with pytest.raises(DomainError, match="not active"):
        schedule_meeting(
            actor=None,
            group=group,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            joining_link="https://teams.microsoft.com/l/x",
        )


def test_recording_attendance_twice_keeps_one_row_with_the_latest_status(personas, meeting, member):
    record_attendance(actor=personas.business_unit, meeting=meeting, person=member, status=Attendance.Status.APOLOGIES)
    record_attendance(actor=personas.business_unit, meeting=meeting, person=member, status=Attendance.Status.PRESENT)
    row = Attendance.objects.get(meeting=meeting, person=member)
    assert row.status == Attendance.Status.PRESENT
    assert row.agency == personas.agency_a
    assert AuditEntry.objects.filter(action="governance.attendance.recorded").count() == 2


def test_a_deputy_must_say_whom_they_stood_in_for(personas, meeting, member):
    with pytest.raises(DomainError, match="stood in for"):
        record_attendance(actor=None, meeting=meeting, person=member, status=Attendance.Status.DEPUTY)


def test_a_decision_raises_actions_on_the_tracker_with_the_decision_as_source(personas, meeting):
    decision, actions = record_decision(
        actor=personas.business_unit,
        meeting=meeting,
        text="Ask for a deep dive into neglect referrals",
        actions=[
            ActionRequest("Lead the deep dive", owner_agency=personas.agency_a, due_on=date(2030, 1, 31)),
            ActionRequest("Share police data", owner_agency=personas.agency_b, due_on=date(2030, 2, 28)),
        ],
    )
    assert len(actions) == 2
    stored = Action.objects.filter(source_object_id=decision.pk, source_content_type__model="decision")
    assert {a.owner_agency for a in stored} == {personas.agency_a, personas.agency_b}
    assert stored.first().source == decision
    assert stored.first().source_label == decision.source_label
    assert entries_for(decision).get().data["actions"] == [a.reference for a in actions]


def test_a_decision_with_an_invalid_action_records_nothing(personas, meeting):
    with pytest.raises(DomainError):
        record_decision(
            actor=None,
            meeting=meeting,
            text="Decide",
            actions=[
                ActionRequest("x", owner_agency=personas.agency_a, owner=personas.spoc_b, due_on=date(2030, 1, 1))
            ],
        )
    assert not meeting.decisions.exists()
    assert not Action.objects.exists()


def test_approving_minutes_records_who_and_when_and_only_once(personas, meeting, member):
    minutes = record_minutes(actor=personas.business_unit, meeting=meeting, text="The group met.")
    approve_minutes(actor=member, minutes=minutes)
    minutes.refresh_from_db()
    assert minutes.approved_by == member
    assert minutes.approved_at is not None
    assert entries_for(minutes).filter(action="governance.minutes.approved").exists()
    with pytest.raises(DomainError, match="already been approved"):
        approve_minutes(actor=member, minutes=minutes)
    with pytest.raises(DomainError, match="no longer be changed"):
        record_minutes(actor=personas.business_unit, meeting=meeting, text="Changed")


def test_adding_a_paper_stores_it_under_a_random_name_with_its_sniffed_type(personas, meeting):
    paper = add_paper(
        actor=personas.business_unit,
        meeting=meeting,
        title="Exception report",
        file=upload("../../Exception report.pdf", pdf_bytes()),
    )
    paper.refresh_from_db()
    assert paper.content_type == "application/pdf"
    assert paper.original_filename == "Exception report.pdf"
    assert paper.file.name.startswith("governance/papers/")
    assert "Exception" not in paper.file.name
    assert paper.size == len(pdf_bytes())
    assert entries_for(paper).get().action == "governance.paper.added"


def test_adding_a_paper_of_the_wrong_type_raises_a_clear_error(personas, meeting):
    with pytest.raises(DomainError) as error:
        add_paper(actor=None, meeting=meeting, title="Report", file=upload("report.pdf", b"not a pdf"))
    assert error.value.field == "file"
    assert error.value.message.startswith("The selected file must be a PDF")
    assert not meeting.papers.exists()


def test_cancelled_meetings_take_no_decisions(personas, group):
    cancelled = make_meeting(group, status=Meeting.Status.CANCELLED)
    with pytest.raises(DomainError, match="cancelled"):
        record_decision(actor=None, meeting=cancelled, text="Anything")
