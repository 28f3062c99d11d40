"""The assurance pages: the forward plan, writing and submitting, and recording the meeting's consideration."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hub.core.registry import registry
from hub.learning.assurance.models import AssurancePlanItem, AssuranceReport
from hub.learning.tests.assurance.factories import (
    complete_answers,
    make_executive_meeting,
    make_plan_item,
    make_report,
    sections,
)
from hub.testing import assert_same_query_count

pytestmark = pytest.mark.django_db


def test_the_plan_shows_a_spoc_only_their_agencys_rows(personas, client_for, template):
    make_plan_item(personas.agency_a, template=template, topic="Neglect in the early years")
    make_plan_item(personas.agency_b, template=template, topic="Child exploitation")
    response = client_for(personas.spoc_a).get(reverse("learning:assurance"))
    text = response.content.decode()
    assert "Neglect in the early years" in text
    assert "Child exploitation" not in text
    assert "Start the report" in text


def test_the_plan_hides_another_agencys_draft_from_readers(personas, client_for, template):
    make_report(personas.agency_a, template=template, topic="Neglect in the early years")
    response = client_for(personas.scrutineer).get(reverse("learning:assurance"))
    assert response.status_code == 200
    assert "Draft" in response.content.decode()  # partnership readers see everything
    make_report(personas.agency_b, template=template, topic="Child exploitation")
    response = client_for(personas.spoc_a).get(reverse("learning:assurance"))
    assert "Child exploitation" not in response.content.decode()


def test_a_spoc_writes_saves_a_draft_and_submits(personas, client_for, template, django_capture_on_commit_callbacks):
    item = make_plan_item(personas.agency_a, template=template)
    client = client_for(personas.spoc_a)
    response = client.post(reverse("learning:assurance-start", args=[item.uuid]))
    report = AssuranceReport.objects.get(plan_item=item)
    assert response.url == reverse("learning:assurance-report-edit", args=[report.uuid])
    by_text = sections(template)
    response = client.post(
        response.url, {by_text["Improvement outcomes"].key: "Better plans.", "then": "draft"}, follow=True
    )
    assert "Draft saved." in response.content.decode()
    report.refresh_from_db()
    assert report.answers == {by_text["Improvement outcomes"].key: "Better plans."}

    submit_url = reverse("learning:assurance-report-submit", args=[report.uuid])
    response = client.post(submit_url)
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Answer impact" in text and "Answer self-assessed rag rating" in text

    answers = complete_answers(template) | {"then": "submit"}
    response = client.post(reverse("learning:assurance-report-edit", args=[report.uuid]), answers)
    assert response.url == submit_url
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url, follow=True)
    assert "Assurance report submitted." in response.content.decode()
    report.refresh_from_db()
    assert report.status == AssuranceReport.Status.SUBMITTED
    assert len(mail.outbox) == 1


def test_an_answer_that_is_too_long_gets_a_clear_message(personas, client_for, template):
    report = make_report(personas.agency_a, template=template)
    key = sections(template)["Impact"].key
    response = client_for(personas.spoc_a).post(
        reverse("learning:assurance-report-edit", args=[report.uuid]), {key: "x" * 5001, "then": "draft"}
    )
    assert response.status_code == 400
    assert "Impact must be 5,000 characters or fewer" in response.content.decode()
    report.refresh_from_db()
    assert report.answers == {}


def test_a_submitted_report_shows_the_spoc_its_answers_and_no_edit_link(personas, client_for, template):
    report = make_report(personas.agency_a, template=template, status=AssuranceReport.Status.SUBMITTED)
    response = client_for(personas.spoc_a).get(report.get_absolute_url())
    text = response.content.decode()
    assert "Children say they are listened to." in text
    assert "Amber" in text
    assert reverse("learning:assurance-report-edit", args=[report.uuid]) not in text
    response = client_for(personas.spoc_a).get(reverse("learning:assurance-report-edit", args=[report.uuid]))
    assert response.status_code == 302


def test_the_business_unit_records_the_meetings_consideration(personas, client_for, template):
    report = make_report(personas.agency_a, template=template, status=AssuranceReport.Status.SUBMITTED)
    meeting = make_executive_meeting()
    client = client_for(personas.business_unit)
    asked = timezone.localdate() - timedelta(days=3)
    response = client.post(
        reverse("learning:assurance-question-new", args=[report.uuid]),
        {
            "question": "How do you know children feel listened to?",
            "asked_by_name": "Chair",
            "asked_on_day": asked.day,
            "asked_on_month": asked.month,
            "asked_on_year": asked.year,
            "response": "",
        },
    )
    assert response.status_code == 302
    question = report.questions.get()
    assert question.asked_on == asked and question.asker == "Chair"

    response = client.post(
        reverse("learning:assurance-report-consider", args=[report.uuid]),
        {"meeting": str(meeting.uuid), "outcome": "assured", "outcome_notes": "Assured by the audits."},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == AssuranceReport.Status.CONSIDERED
    assert report.considered_meeting == meeting
    text = client.get(report.get_absolute_url()).content.decode()
    assert "How do you know children feel listened to?" in text
    assert "Waiting for the agency&#x27;s response." in text or "Waiting for the agency's response." in text
    assert "Assured by the audits." in text


def test_the_consideration_form_explains_what_is_missing(personas, client_for, template):
    report = make_report(personas.agency_a, template=template, status=AssuranceReport.Status.SUBMITTED)
    response = client_for(personas.business_unit).post(
        reverse("learning:assurance-report-consider", args=[report.uuid]), {}
    )
    text = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Select the meeting that considered the report",
        "Select the outcome",
        "Enter what the meeting concluded",
    ):
        assert message in text
    report.refresh_from_db()
    assert report.status == AssuranceReport.Status.SUBMITTED


def test_a_question_dated_in_the_future_is_refused(personas, client_for, template):
    report = make_report(personas.agency_a, template=template, status=AssuranceReport.Status.SUBMITTED)
    later = timezone.localdate() + timedelta(days=2)
    response = client_for(personas.business_unit).post(
        reverse("learning:assurance-question-new", args=[report.uuid]),
        {"question": "Why?", "asked_on_day": later.day, "asked_on_month": later.month, "asked_on_year": later.year},
    )
    assert response.status_code == 400
    assert "The date the question was asked must be today or in the past" in response.content.decode()
    assert not report.questions.exists()


def test_the_pdf_holds_the_report(personas, client_for, template):
    report = make_report(personas.agency_a, template=template, status=AssuranceReport.Status.SUBMITTED)
    response = client_for(personas.executive).get(reverse("learning:assurance-report-pdf", args=[report.uuid]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert 'filename="assurance-report-aga-2022-23.pdf"' in response["Content-Disposition"]


def test_the_account_card_lists_what_the_spocs_agency_has_still_to_submit(personas, rf, template):
    from hub.learning.assurance.registration import account_section

    make_plan_item(
        personas.agency_a, template=template, topic="Neglect", due_on=timezone.localdate() - timedelta(days=1)
    )
    make_report(personas.agency_a, template=template, topic="Done", status=AssuranceReport.Status.SUBMITTED)
    make_plan_item(personas.agency_b, template=template, topic="Not ours")
    request = rf.get("/account/")
    request.user = personas.spoc_a
    card = account_section(request)
    assert [item["label"] for item in card["items"]] == ["Agency A: Neglect"]
    assert "(overdue)" in card["items"][0]["hint"]
    assert account_section in registry.account_sections
    request.user = personas.practitioner
    assert account_section(request) is None


def test_the_plan_page_costs_the_same_queries_for_one_row_or_fifty(personas, client_for, template):
    client = client_for(personas.business_unit)
    counter = iter(range(1000))

    def make_rows(count):
        for _ in range(count):
            number = next(counter)
            agency = personas.agency_a if number % 2 else personas.agency_b
            item = make_plan_item(agency, template=template, topic=f"Topic {number}")
            if number % 3 == 0:
                AssuranceReport.objects.create(plan_item=item, agency=agency, status="submitted")

    response = assert_same_query_count(client, reverse("learning:assurance"), make_rows)
    assert response.content.decode().count("Topic ") >= 50
    assert AssurancePlanItem.objects.count() == 50


def test_the_learning_home_card_is_for_readers_and_spocs(personas, rf, template):
    from hub.learning.assurance.registration import home_card

    make_plan_item(personas.agency_a, template=template, topic="Neglect")
    request = rf.get("/learning/")
    request.user = personas.spoc_a
    card = home_card(request)
    assert card["url"] == reverse("learning:assurance")
    assert [item["label"] for item in card["items"]] == ["Agency A: Neglect"]
    request.user = personas.executive
    assert home_card(request)["items"] == []
    request.user = personas.outsider
    assert home_card(request) is None
