"""Key lines of enquiry and deep dives: opened from an exception, answered by SPOCs, closed by the business unit."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse

from hub.core.errors import DomainError
from hub.core.models import Action, AuditEntry
from hub.scorecards import enquiries
from hub.scorecards.models import EnquiryAnswer, ExceptionEntry, ExceptionReport, LineOfEnquiry
from hub.scorecards.tests.factories import make_indicator, make_period
from hub.testing import assert_same_query_count

pytestmark = pytest.mark.django_db

TODAY = date(2023, 5, 15)


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel("2023-05-15 10:00:00+01:00", tick=False):
        yield


@pytest.fixture
def indicator(personas):
    return make_indicator(
        "CSC-03", personas.agency_a, name="Visits on time", reporting_agencies=[personas.agency_a, personas.agency_b]
    )


@pytest.fixture
def entry(indicator):
    report = ExceptionReport.objects.create(period=make_period("2022-23-q4"))
    return ExceptionEntry.objects.create(
        report=report, kind=ExceptionEntry.Kind.TARGET, indicator=indicator, finding="Failing the target.", order=1
    )


@pytest.fixture
def enquiry(personas, indicator, entry):
    """An open enquiry asking agency A only, opened by the business unit."""
    return enquiries.open_enquiry(
        actor=personas.business_unit,
        question="Why did visits on time fall in the last quarter?",
        indicators=[indicator],
        agencies=[personas.agency_a],
        due_on=date(2023, 6, 30),
        entry=entry,
    )


def _open_form(personas, indicator, **overrides) -> dict:
    data = {
        "question": "Why did visits on time fall in the last quarter?",
        "indicators": [indicator.pk],
        "agencies": [personas.agency_a.pk, personas.agency_b.pk],
        "due_on_day": "30",
        "due_on_month": "6",
        "due_on_year": "2023",
    }
    data.update(overrides)
    return data


def _action_form(personas, **overrides) -> dict:
    data = {
        "title": "Audit visits made late",
        "description": "Look at twenty late visits with the team managers.",
        "owner_agency": personas.agency_a.pk,
        "due_on_day": "30",
        "due_on_month": "9",
        "due_on_year": "2023",
        "theme": "",
    }
    data.update(overrides)
    return data


def _answer_url(enquiry, agency) -> str:
    return reverse("scorecards:enquiry-answer", args=[enquiry.uuid, agency.short_code])


# Opening ---------------------------------------------------------------------------------------------


def test_the_exception_report_offers_the_business_unit_a_line_of_enquiry_per_indicator_entry(
    personas, client_for, entry
):
    url = reverse("scorecards:exception-report", args=[entry.report.period.key])
    open_url = reverse("scorecards:enquiry-open", args=[entry.uuid])
    assert open_url in client_for(personas.business_unit).get(url).content.decode()
    assert open_url not in client_for(personas.scrutineer).get(url).content.decode()


def test_the_open_form_starts_with_the_entrys_indicator_and_its_reporting_agencies(
    personas, client_for, entry, indicator
):
    response = client_for(personas.business_unit).get(reverse("scorecards:enquiry-open", args=[entry.uuid]))
    form = response.context["form"]
    assert list(form.initial["indicators"]) == [indicator]
    assert set(form.initial["agencies"]) == {personas.agency_a, personas.agency_b}
    assert "Failing the target." in response.content.decode()


def test_business_unit_opens_a_line_of_enquiry_from_an_exception_and_spocs_are_emailed(
    personas, client_for, entry, indicator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.business_unit).post(
            reverse("scorecards:enquiry-open", args=[entry.uuid]), _open_form(personas, indicator)
        )

    enquiry = LineOfEnquiry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == enquiry.get_absolute_url()
    assert enquiry.entry == entry
    assert enquiry.status == LineOfEnquiry.Status.OPEN
    assert enquiry.due_on == date(2023, 6, 30)
    assert enquiry.opened_by == personas.business_unit
    assert list(enquiry.indicators.all()) == [indicator]
    assert set(enquiry.agencies.all()) == {personas.agency_a, personas.agency_b}
    audit = AuditEntry.objects.get(action="scorecards.enquiry.opened")
    assert audit.actor == personas.business_unit
    assert audit.object_id == str(enquiry.pk)
    assert audit.data["agencies"] == ["aga", "agb"]
    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert set(by_recipient) == {("spoc.a@example.org",), ("spoc.b@example.org",)}
    to_a = by_recipient[("spoc.a@example.org",)]
    assert "Agency A" in to_a.subject and "30 June 2023" in to_a.subject
    assert "Why did visits on time fall in the last quarter?" in to_a.body
    assert _answer_url(enquiry, personas.agency_a) in to_a.body
    assert _answer_url(enquiry, personas.agency_b) in by_recipient[("spoc.b@example.org",)].body


def test_no_email_goes_before_the_enquiry_is_saved(personas, indicator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enquiries.open_enquiry(
            actor=personas.business_unit,
            question="Why?",
            indicators=[indicator],
            agencies=[personas.agency_a],
            due_on=date(2023, 6, 30),
        )
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_missing_question_indicators_agencies_and_due_date_get_gov_uk_messages(personas, client_for, entry, indicator):
    form = _open_form(personas, indicator, question="  ", indicators=[], agencies=[])
    form.update(due_on_day="", due_on_month="", due_on_year="")
    response = client_for(personas.business_unit).post(reverse("scorecards:enquiry-open", args=[entry.uuid]), form)

    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Open a line of enquiry" in html
    assert "There is a problem" in html
    assert "Enter the question the agencies are asked" in html
    assert "Select the indicators the question is about" in html
    assert "Select the agencies asked to answer" in html
    assert "Enter the date answers are due" in html
    assert not LineOfEnquiry.objects.exists()


def test_a_due_date_in_the_past_is_refused(personas, client_for, entry, indicator):
    form = _open_form(personas, indicator, due_on_day="14", due_on_month="5", due_on_year="2023")
    response = client_for(personas.business_unit).post(reverse("scorecards:enquiry-open", args=[entry.uuid]), form)
    assert response.status_code == 400
    assert "The date answers are due must be today or in the future" in response.content.decode()
    assert not LineOfEnquiry.objects.exists()


@pytest.mark.parametrize("persona", ["scrutineer", "executive", "spoc_a", "practitioner", "outsider"])
def test_only_the_business_unit_may_open_a_line_of_enquiry(personas, client_for, entry, indicator, persona):
    client = client_for(getattr(personas, persona))
    url = reverse("scorecards:enquiry-open", args=[entry.uuid])
    assert client.get(url).status_code == 404
    assert client.post(url, _open_form(personas, indicator)).status_code == 404
    assert not LineOfEnquiry.objects.exists()


# Answering -------------------------------------------------------------------------------------------


def test_spoc_of_an_asked_agency_answers_and_can_change_the_answer_while_open(personas, client_for, enquiry):
    client = client_for(personas.spoc_a)
    url = _answer_url(enquiry, personas.agency_a)

    response = client.post(url, {"answer": "Two teams were short of staff."})
    assert response.status_code == 302
    assert response["Location"] == enquiry.get_absolute_url()
    client.post(url, {"answer": "Two teams were short of staff; both are now fully staffed."})

    answer = EnquiryAnswer.objects.get(enquiry=enquiry, agency=personas.agency_a)
    assert answer.answer == "Two teams were short of staff; both are now fully staffed."
    assert answer.answered_by == personas.spoc_a
    actions = list(
        AuditEntry.objects.filter(object_id=str(enquiry.pk), action__startswith="scorecards.enquiry.answer")
        .order_by("created_at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == ["scorecards.enquiry.answered", "scorecards.enquiry.answer_changed"]
    html = client.get(enquiry.get_absolute_url()).content.decode()
    assert "both are now fully staffed" in html
    assert "Change the answer" in html


def test_an_empty_answer_gets_a_gov_uk_message(personas, client_for, enquiry):
    response = client_for(personas.spoc_a).post(_answer_url(enquiry, personas.agency_a), {"answer": " "})
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Answer for Agency A" in html
    assert "Enter your agency&#x27;s answer" in html
    assert not EnquiryAnswer.objects.exists()


def test_answers_freeze_once_the_deep_dive_starts(personas, client_for, enquiry):
    enquiries.answer_enquiry(actor=personas.spoc_a, enquiry=enquiry, agency=personas.agency_a, answer="First answer")
    enquiries.record_findings(actor=personas.business_unit, enquiry=enquiry, findings="Staffing explained the fall.")

    client = client_for(personas.spoc_a)
    assert (
        "answers can no longer be given or changed"
        in client.get(_answer_url(enquiry, personas.agency_a)).content.decode()
    )
    client.post(_answer_url(enquiry, personas.agency_a), {"answer": "A new answer"})

    assert EnquiryAnswer.objects.get().answer == "First answer"


@pytest.mark.parametrize("persona", ["spoc_b", "practitioner", "business_unit", "scrutineer"])
def test_only_a_spoc_of_an_asked_agency_may_answer(personas, client_for, enquiry, persona):
    client = client_for(getattr(personas, persona))
    for agency in (personas.agency_a, personas.agency_b):
        url = _answer_url(enquiry, agency)
        assert client.get(url).status_code == 404
        assert client.post(url, {"answer": "Not ours to give"}).status_code == 404
    assert not EnquiryAnswer.objects.exists()


def test_the_service_refuses_an_answer_from_a_spoc_of_another_agency(personas, enquiry):
    with pytest.raises(DomainError):
        enquiries.answer_enquiry(actor=personas.spoc_b, enquiry=enquiry, agency=personas.agency_a, answer="No")
    with pytest.raises(DomainError):
        enquiries.answer_enquiry(actor=personas.spoc_b, enquiry=enquiry, agency=personas.agency_b, answer="No")
    assert not EnquiryAnswer.objects.exists()


# Seeing enquiries -------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["business_unit", "scrutineer", "executive", "spoc_a"])
def test_readers_and_the_asked_spoc_see_the_enquiry(personas, client_for, enquiry, indicator, persona):
    client = client_for(getattr(personas, persona))
    detail = client.get(enquiry.get_absolute_url())
    listing = client.get(reverse("scorecards:enquiries")).content.decode()

    html = detail.content.decode()
    assert detail.status_code == 200
    assert "Why did visits on time fall in the last quarter?" in html
    assert reverse("scorecards:indicator", args=[indicator.code]) in html
    assert "30 June 2023" in html
    assert "Not answered" in html
    assert enquiry.get_absolute_url() in listing


@pytest.mark.parametrize("persona", ["spoc_b", "practitioner", "manager", "outsider", "reviews_panel"])
def test_everyone_else_gets_page_not_found(personas, client_for, enquiry, persona):
    client = client_for(getattr(personas, persona))
    assert client.get(enquiry.get_absolute_url()).status_code == 404
    listing = client.get(reverse("scorecards:enquiries"))
    assert listing.status_code == 404 or enquiry.get_absolute_url() not in listing.content.decode()


def test_a_spoc_sees_only_their_own_agencys_answer(personas, client_for, indicator):
    enquiry = enquiries.open_enquiry(
        actor=personas.business_unit,
        question="Why?",
        indicators=[indicator],
        agencies=[personas.agency_a, personas.agency_b],
        due_on=date(2023, 6, 30),
    )
    enquiries.answer_enquiry(actor=personas.spoc_a, enquiry=enquiry, agency=personas.agency_a, answer="Answer from A")
    enquiries.answer_enquiry(actor=personas.spoc_b, enquiry=enquiry, agency=personas.agency_b, answer="Answer from B")

    as_spoc_a = client_for(personas.spoc_a).get(enquiry.get_absolute_url()).content.decode()
    as_reader = client_for(personas.scrutineer).get(enquiry.get_absolute_url()).content.decode()

    assert "Answer from A" in as_spoc_a and "Answer from B" not in as_spoc_a
    assert "Answer from A" in as_reader and "Answer from B" in as_reader


def test_the_list_page_runs_the_same_queries_for_one_or_fifty_enquiries(personas, client_for, indicator):
    client = client_for(personas.business_unit)

    def make_rows(count):
        for number in range(count):
            enquiry = enquiries.open_enquiry(
                actor=personas.business_unit,
                question=f"Question {number}",
                indicators=[indicator],
                agencies=[personas.agency_a, personas.agency_b],
                due_on=date(2023, 6, 30),
            )
            enquiries.answer_enquiry(actor=personas.spoc_a, enquiry=enquiry, agency=personas.agency_a, answer="Yes")

    response = assert_same_query_count(client, reverse("scorecards:enquiries"), make_rows)
    assert response.content.decode().count("1 of 2 answered") == 50


def test_the_list_shows_open_enquiries_first_and_closed_ones_last(personas, client_for, indicator):
    def make(question, due_on):
        return enquiries.open_enquiry(
            actor=personas.business_unit,
            question=question,
            indicators=[indicator],
            agencies=[personas.agency_a],
            due_on=due_on,
        )

    closed = make("Closed question", date(2023, 5, 20))
    enquiries.record_findings(actor=personas.business_unit, enquiry=closed, findings="Found.")
    enquiries.close_enquiry(actor=personas.business_unit, enquiry=closed)
    deep_dive = make("Deep dive question", date(2023, 5, 21))
    enquiries.record_findings(actor=personas.business_unit, enquiry=deep_dive, findings="Found.")
    still_open = make("Open question", date(2023, 7, 1))

    html = client_for(personas.business_unit).get(reverse("scorecards:enquiries")).content.decode()

    positions = [html.index(item.get_absolute_url()) for item in (still_open, deep_dive, closed)]
    assert positions == sorted(positions)


# The account page -----------------------------------------------------------------------------------


def test_the_account_page_lists_enquiries_waiting_for_the_spocs_answer(personas, client_for, enquiry):
    client = client_for(personas.spoc_a)
    html = client.get(reverse("core:account")).content.decode()
    assert "Lines of enquiry" in html
    assert _answer_url(enquiry, personas.agency_a) in html
    assert "answer due 30 June 2023" in html

    enquiries.answer_enquiry(actor=personas.spoc_a, enquiry=enquiry, agency=personas.agency_a, answer="Done")
    assert _answer_url(enquiry, personas.agency_a) not in client.get(reverse("core:account")).content.decode()


def test_the_account_page_of_a_spoc_of_another_agency_does_not_show_the_enquiry(personas, client_for, enquiry):
    html = client_for(personas.spoc_b).get(reverse("core:account")).content.decode()
    assert str(enquiry.uuid) not in html
    assert reverse("scorecards:enquiries") not in html


# The deep dive ----------------------------------------------------------------------------------------


def test_business_unit_records_findings_and_the_deep_dive_starts(personas, client_for, enquiry):
    response = client_for(personas.business_unit).post(
        reverse("scorecards:enquiry-findings", args=[enquiry.uuid]), {"findings": "Staffing explained the fall."}
    )

    enquiry.refresh_from_db()
    assert response.status_code == 302
    assert enquiry.status == LineOfEnquiry.Status.DEEP_DIVE
    assert enquiry.findings == "Staffing explained the fall."
    audit = AuditEntry.objects.get(action="scorecards.enquiry.findings_recorded")
    assert audit.actor == personas.business_unit and audit.object_id == str(enquiry.pk)


def test_empty_findings_get_a_gov_uk_message(personas, client_for, enquiry):
    response = client_for(personas.business_unit).post(
        reverse("scorecards:enquiry-findings", args=[enquiry.uuid]), {"findings": ""}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Findings of the deep dive" in html
    assert "Enter what the deep dive found" in html
    enquiry.refresh_from_db()
    assert enquiry.status == LineOfEnquiry.Status.OPEN


def test_business_unit_raises_an_action_in_the_shared_tracker_with_the_enquiry_as_its_source(
    personas, client_for, enquiry
):
    client = client_for(personas.business_unit)
    response = client.post(reverse("scorecards:enquiry-action", args=[enquiry.uuid]), _action_form(personas))

    action = Action.objects.get()
    assert response.status_code == 302
    assert response["Location"] == enquiry.get_absolute_url()
    assert action.source == enquiry
    assert action.source_content_type == ContentType.objects.get_for_model(LineOfEnquiry)
    assert action.source_label.startswith("Line of enquiry of 15 May 2023")
    assert action.title == "Audit visits made late"
    assert action.owner_agency == personas.agency_a
    assert action.due_on == date(2023, 9, 30)
    assert action.created_by == personas.business_unit
    assert AuditEntry.objects.filter(action="core.action.created", object_id=str(action.pk)).exists()
    audit = AuditEntry.objects.get(action="scorecards.enquiry.action_raised")
    assert audit.object_id == str(enquiry.pk) and audit.data["action"] == action.reference
    html = client.get(enquiry.get_absolute_url()).content.decode()
    assert action.get_absolute_url() in html
    assert "Audit visits made late" in html
    # The tracker links back to the enquiry.
    assert enquiry.get_absolute_url() in client.get(action.get_absolute_url()).content.decode()


def test_an_action_without_a_title_or_due_date_gets_gov_uk_messages(personas, client_for, enquiry):
    form = _action_form(personas, title="", due_on_day="", due_on_month="", due_on_year="")
    response = client_for(personas.business_unit).post(reverse("scorecards:enquiry-action", args=[enquiry.uuid]), form)
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Raise an action" in html
    assert "Enter what needs to be done" in html
    assert "Enter the due date" in html
    assert not Action.objects.exists()


def test_business_unit_closes_the_enquiry_after_a_confirmation_page(personas, client_for, enquiry):
    enquiries.record_findings(actor=personas.business_unit, enquiry=enquiry, findings="Staffing explained the fall.")
    client = client_for(personas.business_unit)
    url = reverse("scorecards:enquiry-close", args=[enquiry.uuid])

    confirm = client.get(url)
    enquiry.refresh_from_db()
    assert confirm.status_code == 200
    assert "Close the line of enquiry" in confirm.content.decode()
    assert enquiry.status == LineOfEnquiry.Status.DEEP_DIVE

    response = client.post(url)
    enquiry.refresh_from_db()
    assert response.status_code == 302
    assert enquiry.status == LineOfEnquiry.Status.CLOSED
    assert enquiry.closed_at is not None
    audit = AuditEntry.objects.get(action="scorecards.enquiry.closed")
    assert audit.actor == personas.business_unit and audit.object_id == str(enquiry.pk)
    html = client.get(enquiry.get_absolute_url()).content.decode()
    assert "Line of enquiry closed" in html  # the history names the event
    assert reverse("scorecards:enquiry-action", args=[enquiry.uuid]) not in html


def test_an_enquiry_cannot_be_closed_before_its_findings_are_recorded(personas, client_for, enquiry):
    client_for(personas.business_unit).post(reverse("scorecards:enquiry-close", args=[enquiry.uuid]))
    enquiry.refresh_from_db()
    assert enquiry.status == LineOfEnquiry.Status.OPEN
    assert not AuditEntry.objects.filter(action="scorecards.enquiry.closed").exists()


def test_a_closed_enquiry_takes_no_more_findings_or_actions(personas, enquiry):
    enquiries.record_findings(actor=personas.business_unit, enquiry=enquiry, findings="Found.")
    enquiries.close_enquiry(actor=personas.business_unit, enquiry=enquiry)
    with pytest.raises(DomainError):
        enquiries.record_findings(actor=personas.business_unit, enquiry=enquiry, findings="Changed.")
    with pytest.raises(DomainError):
        enquiries.raise_action(
            actor=personas.business_unit,
            enquiry=enquiry,
            title="Late",
            description="",
            owner_agency=personas.agency_a,
            due_on=date(2023, 9, 30),
        )
    enquiry.refresh_from_db()
    assert enquiry.findings == "Found."
    assert not Action.objects.exists()


@pytest.mark.parametrize("persona", ["spoc_a", "scrutineer", "executive", "practitioner"])
def test_only_the_business_unit_records_findings_raises_actions_and_closes(personas, client_for, enquiry, persona):
    client = client_for(getattr(personas, persona))
    findings = reverse("scorecards:enquiry-findings", args=[enquiry.uuid])
    action = reverse("scorecards:enquiry-action", args=[enquiry.uuid])
    close = reverse("scorecards:enquiry-close", args=[enquiry.uuid])

    assert client.get(findings).status_code == 404
    assert client.post(findings, {"findings": "Ours"}).status_code == 404
    assert client.get(action).status_code == 404
    assert client.post(action, _action_form(personas)).status_code == 404
    assert client.post(close).status_code == 404

    enquiry.refresh_from_db()
    assert enquiry.status == LineOfEnquiry.Status.OPEN and enquiry.findings == ""
    assert not Action.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, enquiry):
    response = client.get(enquiry.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign-in"))
