"""The audit pages: a SPOC's return, moderation, findings report, group members and recurring themes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hub.learning.audits import jobs
from hub.learning.audits.models import Audit, AuditReminder
from hub.learning.tests.audits.factories import add_case, complete_answers, make_audit, make_finding

pytestmark = pytest.mark.django_db


def test_a_spoc_saves_a_draft_then_submits_their_return(personas, client_for):
    audit = make_audit([personas.agency_a])
    audit_return = add_case(audit, "A-1", [personas.agency_a]).returns.get()
    questions = {question.text: question.key for question in audit.template.questions.all()}
    client = client_for(personas.spoc_a)
    url = reverse("learning:audit-return", args=[audit_return.uuid])
    page = client.get(url)
    assert "Do not write names" in page.content.decode()
    response = client.post(url, {questions["Was the child seen?"]: "yes", "save": "1"})
    assert response.status_code == 302
    response = client.post(url, {questions["Was the child seen?"]: "yes", "submit": "1"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Answer every question before submitting" in body
    assert 'value="yes" checked' in body or "checked" in body  # the answer given is kept
    data = dict.fromkeys(questions.values(), "")
    data.update(
        {questions["How was risk assessed?"]: "At each strategy meeting", questions["Was the child seen?"]: "no"}
    )
    data.update({questions["Grade your practice"]: "good", "submit": "1"})
    response = client.post(url, data)
    assert response.status_code == 302
    audit_return.refresh_from_db()
    assert audit_return.status == "submitted"
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 404  # no longer editable


def test_an_invalid_choice_is_refused_with_a_message(personas, client_for):
    audit = make_audit([personas.agency_a])
    audit_return = add_case(audit, "A-1", [personas.agency_a]).returns.get()
    key = audit.template.questions.get(text="Was the child seen?").key
    response = client_for(personas.spoc_a).post(
        reverse("learning:audit-return", args=[audit_return.uuid]), {key: "perhaps", "save": "1"}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_after_moderation_agencies_taking_part_and_the_scrutineer_read_every_return(personas, client_for):
    audit = make_audit([personas.agency_a, personas.agency_b], status=Audit.Status.RETURNS)
    case = add_case(audit, "A-1", [personas.agency_a, personas.agency_b])
    return_of_b = case.returns.get(agency=personas.agency_b)
    url = reverse("learning:audit-return", args=[return_of_b.uuid])
    assert client_for(personas.spoc_a).get(url).status_code == 404
    assert client_for(personas.scrutineer).get(url).status_code == 404
    Audit.objects.filter(pk=audit.pk).update(status=Audit.Status.MODERATION)
    assert client_for(personas.spoc_a).get(url).status_code == 200
    assert client_for(personas.scrutineer).get(url).status_code == 200
    assert client_for(personas.practitioner).get(url).status_code == 404


def test_members_of_the_audit_group_read_the_programme_and_reports(personas, client_for):
    from hub.governance.models import Group, Membership
    from hub.learning.common import LearningSettings

    group = Group.objects.create(name="Performance and Learning", slug="plg", purpose="Audits")
    settings = LearningSettings.load()
    settings.audit_group = group
    settings.save()
    Membership.objects.create(group=group, person=personas.practitioner, started_on=timezone.localdate())
    audit = make_audit([personas.agency_a], status=Audit.Status.COMPLETED)
    make_finding(audit)
    client = client_for(personas.practitioner)
    assert client.get(reverse("learning:audit-report", args=[audit.uuid])).status_code == 200
    assert client.get(reverse("learning:recurring-themes")).status_code == 200
    assert client.get(reverse("learning:audit-case-add", args=[audit.uuid])).status_code == 404
    assert client_for(personas.manager).get(reverse("learning:recurring-themes")).status_code == 404


def test_the_findings_report_shows_grades_dissent_findings_and_actions_and_is_a_pdf(personas, client_for):
    from hub.learning.audits import services

    audit = make_audit([personas.agency_a], status=Audit.Status.MODERATION, summary="Plans drifted.")
    case = add_case(audit, "DCC-9", [personas.agency_a])
    areas = list(audit.template.areas.all())
    services.record_moderation(
        actor=personas.business_unit,
        case=case,
        overall_grade="ri",
        rationale="Chronology missing",
        dissent="Agency A graded good",
        area_grades=dict.fromkeys(areas, ("ri", "", "")),
    )
    finding = make_finding(audit, recommendation="Use chronologies", learning_point="Draw the history together")
    services.raise_action(
        actor=personas.business_unit,
        finding=finding,
        title="Chronology guidance",
        owner_agency=personas.agency_a,
        due_on=timezone.localdate() + timedelta(days=30),
    )
    client = client_for(personas.business_unit)
    body = client.get(reverse("learning:audit-report", args=[audit.uuid])).content.decode()
    for expected in (
        "Requires improvement",
        "Agency A graded good",
        "Plans missed the siblings",
        "Chronology guidance",
        "Draw the history together",
        "Case DCC-9",
    ):
        assert expected in body
    pdf = client.get(reverse("learning:audit-report-pdf", args=[audit.uuid]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_recurring_themes_page_lists_what_more_than_one_audit_found(personas, client_for):
    first = make_audit([personas.agency_a], status=Audit.Status.COMPLETED, year=2020, title="First")
    second = make_audit([personas.agency_a], status=Audit.Status.COMPLETED, year=2021, title="Second")
    make_finding(first, summary="Siblings missed in 2020")
    make_finding(second, summary="Siblings missed in 2021")
    make_finding(second, category_slug="child-centred", summary="Voice recorded well", kind="strength")
    client = client_for(personas.scrutineer)
    body = client.get(reverse("learning:recurring-themes")).content.decode()
    assert "Area for development: System, No practice theme" in body
    assert "Siblings missed in 2020" in body
    assert "Voice recorded well" not in body.split("Findings by category")[0]
    response = client.get(reverse("learning:recurring-themes"), {"from": "2021-22", "to": "2020-21"})
    assert response.status_code == 400
    assert "The first year must come before the last year" in response.content.decode()


def test_reminders_go_once_before_the_due_date_and_once_when_overdue(personas):
    today = timezone.localdate()
    audit = make_audit([personas.agency_a, personas.agency_b], returns_due_on=today + timedelta(days=3))
    case = add_case(audit, "A-1", [personas.agency_a, personas.agency_b])
    case.returns.filter(agency=personas.agency_b).update(status="submitted", answers=complete_answers(audit.template))
    assert jobs.send_reminders(log=lambda line: None, today=today) == 1
    assert jobs.send_reminders(log=lambda line: None, today=today) == 0
    assert [message.to for message in mail.outbox] == [[personas.spoc_a.email]]
    assert "due" in mail.outbox[0].subject.lower()
    assert jobs.send_reminders(log=lambda line: None, today=today + timedelta(days=5)) == 1
    assert "Overdue" in mail.outbox[1].subject
    assert AuditReminder.objects.count() == 2
    assert jobs.send_reminders(log=lambda line: None, today=today + timedelta(days=30)) == 0


def test_the_account_page_lists_returns_still_to_submit(personas, client_for):
    audit = make_audit([personas.agency_a])
    add_case(audit, "A-77", [personas.agency_a])
    body = client_for(personas.spoc_a).get(reverse("core:account")).content.decode()
    assert "Audit returns" in body
    assert "case A-77" in body
