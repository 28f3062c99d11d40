"""Sign-off of the yearly report: the business unit starts it once the checklist allows, each lead
partner approves or returns it, the third approval signs it off once, and the business unit's text
is frozen meanwhile."""

from __future__ import annotations

import threading

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.urls import reverse

from hub.core.errors import DomainError
from hub.core.models import AuditEntry
from hub.core.registry import registry
from hub.reports import signoff
from hub.reports.checklist import record_missing_reason
from hub.reports.models import ChecklistItem, ReportSignOff, SignOffDecision
from hub.reports.tests.sign_off_support import YEAR, awaiting, make_leads

pytestmark = pytest.mark.django_db

State = ReportSignOff.State


def _start_url():
    return reverse("reports:sign-off-start", args=[YEAR.slug])


def _decide_url():
    return reverse("reports:sign-off-decide", args=[YEAR.slug])


def _text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def test_the_business_unit_starts_sign_off_and_each_lead_partner_is_emailed(
    client_for, personas, leads, empty_report, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(personas.business_unit)
    page = client.get(_start_url())
    assert page.status_code == 200
    assert "Chief Constable, Constabulary" in _text(page)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_start_url(), {"confirm": "on"})
    assert response.status_code == 302
    sign_off = ReportSignOff.objects.get(year=2021)
    assert (sign_off.state, sign_off.round, sign_off.started_by) == (State.AWAITING, 1, personas.business_unit)
    assert AuditEntry.objects.filter(action="reports.sign_off.started", object_id=str(sign_off.pk)).exists()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert sorted(message.to) == ["chief@example.org", "dcs@example.org", "nurse@example.org"]
    assert message.subject == "Sign off the yearly report 2021/22"
    assert "/reports/2021-22/sign-off/decide/" in message.body


def test_starting_needs_the_confirmation_box_ticked(client_for, personas, leads, empty_report):
    response = client_for(personas.business_unit).post(_start_url(), {})
    assert response.status_code == 400
    assert "Confirm that the report is ready for the lead partners to sign off" in _text(response)
    assert not ReportSignOff.objects.exists()


def test_a_required_item_missing_without_a_reason_blocks_sign_off_and_is_named(
    client_for, personas, leads, empty_report
):
    ChecklistItem.objects.create(
        order=1, slug="reviews", title="Practice reviews", judged_by="section", section_pattern="reviews*"
    )
    client = client_for(personas.business_unit)
    page = client.get(_start_url())
    assert "the required item is missing with no reason recorded: \u201cPractice reviews\u201d" in _text(page)
    assert 'name="confirm"' not in page.content.decode()

    response = client.post(_start_url(), {"confirm": "on"})
    assert response.status_code == 400
    assert "\u201cPractice reviews\u201d" in _text(response)
    assert not ReportSignOff.objects.exists()


def test_a_reason_for_the_missing_item_lets_sign_off_start(personas, leads, empty_report):
    item = ChecklistItem.objects.create(
        order=1, slug="reviews", title="Practice reviews", judged_by="section", section_pattern="reviews*"
    )
    record_missing_reason(actor=personas.business_unit, item=item, year=YEAR, reason="Not yet in the Hub")
    sign_off = signoff.start_sign_off(actor=personas.business_unit, year=YEAR)
    assert sign_off.state == State.AWAITING


def test_sign_off_cannot_start_with_a_lead_partner_nobody_signs_for(personas, leads, empty_report):
    leads.health.person = None
    leads.health.save()
    with pytest.raises(DomainError, match="Nobody is linked to sign off for \u201cChief Nurse, Care Board\u201d"):
        signoff.start_sign_off(actor=personas.business_unit, year=YEAR)


def test_sign_off_cannot_start_twice_or_by_anyone_else(personas, leads, empty_report):
    with pytest.raises(DomainError, match="Only the business unit"):
        signoff.start_sign_off(actor=personas.executive, year=YEAR)
    signoff.start_sign_off(actor=personas.business_unit, year=YEAR)
    with pytest.raises(DomainError, match="has already started"):
        signoff.start_sign_off(actor=personas.business_unit, year=YEAR)
    assert ReportSignOff.objects.get().round == 1


def test_a_lead_partner_sees_the_report_link_the_checklist_and_the_form(client_for, leads, empty_report):
    awaiting(leads)
    response = client_for(leads.police.person).get(_decide_url())
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Sign off the 2021/22 report"
    assert soup.find("a", href=reverse("reports:report", args=[YEAR.slug]))
    assert soup.select_one("table.hub-checklist")
    assert soup.find("input", attrs={"name": "decision", "value": "approve"})


def test_approving_records_the_decision_and_a_second_approval_is_refused(client_for, leads, empty_report):
    sign_off = awaiting(leads)
    client = client_for(leads.police.person)
    response = client.post(_decide_url(), {"decision": "approve", "comment": "Well evidenced."})
    assert response.status_code == 302
    decision = SignOffDecision.objects.get(sign_off=sign_off)
    assert (decision.lead_partner, decision.decision, decision.comment, decision.decided_by) == (
        leads.police,
        "approved",
        "Well evidenced.",
        leads.police.person,
    )
    assert AuditEntry.objects.filter(action="reports.sign_off.approved").count() == 1
    page = client.get(_decide_url())
    assert "You approved the report" in _text(page)
    assert not BeautifulSoup(page.content, "html.parser").find("input", attrs={"name": "decision"})

    again = client.post(_decide_url(), {"decision": "approve"}, follow=True)
    assert "You have already made your decision on the report for 2021/22" in _text(again)
    assert SignOffDecision.objects.count() == 1
    sign_off.refresh_from_db()
    assert sign_off.state == State.AWAITING


def test_the_third_approval_signs_the_report_off_once_and_tells_the_business_unit(
    personas, leads, empty_report, mailoutbox, django_capture_on_commit_callbacks
):
    sign_off = awaiting(leads, approved_by=(leads.local_authority, leads.police))
    with django_capture_on_commit_callbacks(execute=True):
        signoff.decide(actor=leads.health.person, year=YEAR, approve=True)
    sign_off.refresh_from_db()
    assert sign_off.state == State.SIGNED_OFF
    assert sign_off.signed_off_at is not None
    assert AuditEntry.objects.filter(action="reports.sign_off.completed").count() == 1
    assert [message.subject for message in mailoutbox] == ["The yearly report 2021/22 is signed off"]
    assert mailoutbox[0].to == [personas.business_unit.email]
    with pytest.raises(DomainError, match="not awaiting sign-off"):
        signoff.decide(actor=leads.health.person, year=YEAR, approve=True)


def test_two_approvals_short_of_all_leave_the_report_awaiting(leads, empty_report, mailoutbox):
    sign_off = awaiting(leads, approved_by=(leads.local_authority,))
    signoff.decide(actor=leads.police.person, year=YEAR, approve=True)
    sign_off.refresh_from_db()
    assert sign_off.state == State.AWAITING
    assert mailoutbox == []


def test_returning_needs_reasons(client_for, leads, empty_report):
    sign_off = awaiting(leads)
    response = client_for(leads.health.person).post(_decide_url(), {"decision": "return", "comment": "  "})
    assert response.status_code == 400
    assert "Enter why you are returning the report" in _text(response)
    missing = client_for(leads.health.person).post(_decide_url(), {"comment": "Fine"})
    assert "Select whether you approve the report or return it" in _text(missing)
    sign_off.refresh_from_db()
    assert sign_off.state == State.AWAITING


def test_returning_with_reasons_makes_a_draft_again_and_emails_the_business_unit(
    client_for, personas, leads, empty_report, mailoutbox, django_capture_on_commit_callbacks
):
    sign_off = awaiting(leads, approved_by=(leads.local_authority,))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(leads.health.person).post(
            _decide_url(), {"decision": "return", "comment": "Add the health visiting figures."}
        )
    assert response.status_code == 302
    sign_off.refresh_from_db()
    assert sign_off.state == State.DRAFT
    entry = AuditEntry.objects.get(action="reports.sign_off.returned")
    assert entry.data["reasons"] == "Add the health visiting figures."
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [personas.business_unit.email]
    assert mailoutbox[0].subject == "The yearly report 2021/22 has been returned"
    assert "Add the health visiting figures." in mailoutbox[0].body
    assert "Chief Nurse, Care Board" in mailoutbox[0].body

    status = client_for(personas.business_unit).get(reverse("reports:sign-off", args=[YEAR.slug]))
    assert "Add the health visiting figures." in _text(status)

    # Starting again begins a new round: the earlier approval no longer counts.
    signoff.start_sign_off(actor=personas.business_unit, year=YEAR)
    sign_off.refresh_from_db()
    assert (sign_off.state, sign_off.round) == (State.AWAITING, 2)
    signoff.decide(actor=leads.police.person, year=YEAR, approve=True)
    signoff.decide(actor=leads.health.person, year=YEAR, approve=True)
    sign_off.refresh_from_db()
    assert sign_off.state == State.AWAITING
    signoff.decide(actor=leads.local_authority.person, year=YEAR, approve=True)
    sign_off.refresh_from_db()
    assert sign_off.state == State.SIGNED_OFF


def test_the_narrative_and_checklist_reasons_are_frozen_from_the_start_of_sign_off(
    client_for, personas, leads, empty_report
):
    awaiting(leads)
    response = client_for(personas.business_unit).post(
        reverse("reports:narrative-chapter", args=[YEAR.slug, "whats-next"]),
        {"text": "A late change.", "version": 0},
        follow=True,
    )
    assert "The report for 2021/22 is awaiting sign-off: its text and checklist reasons cannot change now" in _text(
        response
    )
    assert not response.redirect_chain[-1][0].endswith("whats-next/")
    item = ChecklistItem.objects.create(
        order=1, slug="reviews", title="Practice reviews", judged_by="section", section_pattern="reviews*"
    )
    with pytest.raises(DomainError, match="awaiting sign-off"):
        record_missing_reason(actor=personas.business_unit, item=item, year=YEAR, reason="Not yet in the Hub")
    checklist_page = client_for(personas.business_unit).get(reverse("reports:checklist", args=[YEAR.slug]))
    assert "the reasons for missing items cannot change now" in _text(checklist_page)
    assert 'name="item"' not in checklist_page.content.decode()
    narrative_page = client_for(personas.business_unit).get(reverse("reports:narrative", args=[YEAR.slug]))
    assert "its text cannot change now" in _text(narrative_page)
    assert "/narrative/chapters/" not in narrative_page.content.decode()


@pytest.mark.parametrize("persona", ["business_unit", "executive", "scrutineer", "practitioner", "outsider"])
def test_people_who_are_not_lead_partners_get_404_on_the_sign_off_page(client_for, personas, leads, persona):
    awaiting(leads)
    client = client_for(getattr(personas, persona))
    assert client.get(_decide_url()).status_code == 404
    assert client.post(_decide_url(), {"decision": "approve"}).status_code == 404
    assert not SignOffDecision.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, leads):
    response = client.get(_decide_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign-in"))


def test_a_lead_partner_who_is_not_an_executive_reads_the_report_but_not_the_narrative(client_for, leads, empty_report):
    leads.police.person.role_assignments.all().delete()
    leads.police.person.forget_cached_roles()
    awaiting(leads)
    client = client_for(leads.police.person)
    report = client.get(reverse("reports:report", args=[YEAR.slug]))
    assert report.status_code == 200
    assert "Sign off the 2021/22 report" in _text(report)
    assert client.get(reverse("reports:narrative", args=[YEAR.slug])).status_code == 404


def test_the_business_unit_sees_each_partners_decision_on_the_status_page(client_for, personas, leads, empty_report):
    awaiting(leads, approved_by=(leads.local_authority,))
    response = client_for(personas.business_unit).get(reverse("reports:sign-off", args=[YEAR.slug]))
    rows = {
        row.th.get_text(" ", strip=True): row.find_all("td")[-1].get_text(" ", strip=True)
        for row in BeautifulSoup(response.content, "html.parser").select("table.hub-lead-partners tbody tr")
    }
    assert rows["Director of Children's Services, County Council County Council"].startswith("Approved")
    assert rows["Chief Constable, Constabulary Constabulary"] == "Waiting"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_last_approvals_sign_off_exactly_once(file_database, monkeypatch):
    """Two lead partners approve at the same moment in their own connections (the row lock on
    PostgreSQL, IMMEDIATE transactions on SQLite): both approvals count and the report is signed off
    once."""
    monkeypatch.setattr(registry, "report_sections", {})
    leads = make_leads()
    awaiting(leads, approved_by=(leads.local_authority,))
    barrier = threading.Barrier(2)
    errors = []

    def approve(partner):
        try:
            barrier.wait()
            signoff.decide(actor=partner.person, year=YEAR, approve=True)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(partner,)) for partner in (leads.police, leads.health)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ReportSignOff.objects.get().state == State.SIGNED_OFF
    assert SignOffDecision.objects.filter(decision="approved").count() == 3
    assert AuditEntry.objects.filter(action="reports.sign_off.completed").count() == 1
