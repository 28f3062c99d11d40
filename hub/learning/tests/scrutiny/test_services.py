"""The challenge log, reviews, the plan and the statement: who may do what, and what is recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from hub.core.audit import entries_for
from hub.core.errors import DomainError
from hub.learning.scrutiny import services
from hub.learning.scrutiny.models import Challenge, ScrutinyPlanItem, ScrutinyStatement
from hub.learning.tests.scrutiny.factories import a_date, make_challenge, make_review, make_statement

pytestmark = pytest.mark.django_db


def _raise(personas, actor=None, **fields):
    values = {
        "raised_on": a_date(2),
        "to_agency": personas.agency_a,
        "to_group": "",
        "summary": "Outcome of referrals",
        "text": "How are schools told?",
    } | fields
    return services.raise_challenge(actor=actor or personas.scrutineer, **values)


def test_the_scrutineer_raises_a_challenge_and_the_agency_is_told(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        challenge = _raise(personas)
    assert challenge.status == Challenge.Status.OPEN
    assert challenge.raised_by == personas.scrutineer
    assert [entry.action for entry in entries_for(challenge)] == ["learning.scrutiny.challenge.raised"]
    assert [message.to for message in mail.outbox] == [["spoc.a@example.org"]]
    assert mail.outbox[0].subject == "Challenge from the independent scrutineer to Agency A: Outcome of referrals"


def test_a_challenge_needs_someone_to_challenge(personas):
    with pytest.raises(DomainError, match="Select the agency challenged or enter the group challenged"):
        _raise(personas, to_agency=None, to_group="  ")
    assert not Challenge.objects.exists()


def test_a_challenge_to_a_group_needs_no_agency(personas):
    challenge = _raise(personas, to_agency=None, to_group="Performance and Learning Group")
    assert challenge.addressed_to == "Performance and Learning Group"


def test_only_keepers_of_the_log_raise_challenges(personas):
    for person in (personas.spoc_a, personas.executive, personas.practitioner):
        with pytest.raises(DomainError, match="Only the independent scrutineer or the business unit"):
            _raise(personas, actor=person)
    _raise(personas, actor=personas.business_unit)
    assert Challenge.objects.count() == 1


def test_the_agencys_spoc_responds_and_the_keepers_are_told(personas, django_capture_on_commit_callbacks):
    challenge = make_challenge(personas.agency_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.respond_to_challenge(
            actor=personas.spoc_a, challenge=challenge, response="  Within three days.  ", responded_on=a_date(1)
        )
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.RESPONDED
    assert challenge.response == "Within three days."
    assert challenge.responded_by == personas.spoc_a
    assert sorted(mail.outbox[0].to) == ["bu@example.org", "scrutineer@example.org"]


def test_another_agencys_spoc_cannot_respond(personas):
    challenge = make_challenge(personas.agency_a)
    with pytest.raises(DomainError, match="Only a single point of contact for the agency challenged"):
        services.respond_to_challenge(
            actor=personas.spoc_b, challenge=challenge, response="No.", responded_on=a_date(1)
        )
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.OPEN


def test_a_response_cannot_predate_the_challenge(personas):
    challenge = make_challenge(personas.agency_a, raised_on=a_date(3))
    with pytest.raises(DomainError, match="on or after the challenge was raised"):
        services.respond_to_challenge(
            actor=personas.spoc_a, challenge=challenge, response="Done.", responded_on=a_date(5)
        )


def test_closing_needs_a_response_and_evidence(personas):
    challenge = make_challenge(personas.agency_a)
    with pytest.raises(DomainError, match="Record the response to the challenge before closing it"):
        services.close_challenge(actor=personas.scrutineer, challenge=challenge, evidence="Seen.", closed_on=a_date(0))
    responded = make_challenge(personas.agency_a, status=Challenge.Status.RESPONDED, summary="Second")
    with pytest.raises(DomainError, match="Enter the evidence that the challenge has been met"):
        services.close_challenge(actor=personas.scrutineer, challenge=responded, evidence=" ", closed_on=a_date(0))
    with pytest.raises(DomainError, match="Only the independent scrutineer or the business unit"):
        services.close_challenge(actor=personas.spoc_a, challenge=responded, evidence="Seen.", closed_on=a_date(0))
    services.close_challenge(
        actor=personas.scrutineer, challenge=responded, evidence="Audit seen.", closed_on=a_date(0)
    )
    responded.refresh_from_db()
    assert responded.status == Challenge.Status.CLOSED
    assert responded.closure_evidence == "Audit seen."
    assert responded.closed_by == personas.scrutineer
    assert entries_for(responded).first().action == "learning.scrutiny.challenge.closed"


def test_a_closed_challenge_cannot_change(personas):
    challenge = make_challenge(personas.agency_a, status=Challenge.Status.CLOSED)
    with pytest.raises(DomainError, match="This challenge is closed"):
        services.respond_to_challenge(
            actor=personas.spoc_a, challenge=challenge, response="More.", responded_on=a_date(0)
        )
    with pytest.raises(DomainError, match="This challenge is closed"):
        services.change_challenge(
            actor=personas.scrutineer,
            challenge=challenge,
            summary="New",
            text="New text",
            to_agency=personas.agency_a,
            to_group="",
            raised_on=challenge.raised_on,
        )


def test_changing_a_challenge_records_before_and_after(personas):
    challenge = make_challenge(personas.agency_a)
    services.change_challenge(
        actor=personas.scrutineer,
        challenge=challenge,
        summary="Outcome of referrals from schools",
        text="How and when are schools told?",
        to_agency=personas.agency_a,
        to_group="",
        raised_on=challenge.raised_on,
    )
    entry = entries_for(challenge).first()
    assert entry.action == "learning.scrutiny.challenge.changed"
    assert entry.data["changes"] == {
        "challenge": {
            "before": "How are schools told the outcome of a referral?",
            "after": "How and when are schools told?",
        }
    }


def test_review_recommendations_raise_actions_with_the_review_as_source(personas):
    review = make_review(recommendations="Offer supervision.\nTell schools the outcome.")
    action = services.raise_review_action(
        actor=personas.scrutineer,
        review=review,
        title="Offer supervision",
        description="",
        owner_agency=personas.agency_a,
        due_on=timezone.localdate() + timedelta(days=90),
    )
    assert list(services.actions_from(review)) == [action]
    assert action.source_label == "Scrutiny review: Designated Safeguarding Leads (2021/22)"
    assert review.recommendation_list == ["Offer supervision.", "Tell schools the outcome."]


def test_a_review_marked_reported_needs_its_findings(personas):
    with pytest.raises(DomainError, match="Enter what the review found"):
        services.save_review(
            actor=personas.scrutineer, title="DSLs", year=2021, status="reported", findings="", purpose="x"
        )
    review = services.save_review(
        actor=personas.scrutineer, title="DSLs", year=2021, status="planned", findings="", purpose="To seek assurance."
    )
    services.save_review(
        actor=personas.business_unit,
        review=review,
        title="DSLs",
        year=2021,
        status="reported",
        findings="Confident in referrals.",
        purpose="To seek assurance.",
    )
    review.refresh_from_db()
    assert review.status == "reported"
    assert entries_for(review).first().data["changes"]["status"] == {"before": "planned", "after": "reported"}


def test_the_plan_refuses_the_same_topic_twice_in_a_year(personas):
    fields = {"year": 2022, "topic": "Harmful sexual behaviour", "method": "Panel", "status": "planned"}
    services.save_plan_item(actor=personas.scrutineer, **fields)
    with pytest.raises(DomainError, match="already has this topic"):
        services.save_plan_item(actor=personas.scrutineer, **fields)
    assert ScrutinyPlanItem.objects.count() == 1


def test_only_the_scrutineer_signs_off_and_a_change_withdraws_the_sign_off(personas):
    statement = services.save_statement(actor=personas.business_unit, year=2021, text="Draft.")
    with pytest.raises(DomainError, match="Only the independent scrutineer"):
        services.sign_off_statement(actor=personas.business_unit, statement=statement)
    services.sign_off_statement(actor=personas.scrutineer, statement=statement)
    statement.refresh_from_db()
    assert statement.signed_off_by == personas.scrutineer
    services.save_statement(actor=personas.scrutineer, year=2021, text="Final.")
    statement.refresh_from_db()
    assert statement.signed_off_at is None
    assert entries_for(statement).first().data == {"sign_off_withdrawn": True}
    assert ScrutinyStatement.objects.count() == 1


def test_a_signed_statement_cannot_be_signed_twice(personas):
    statement = make_statement(signed=True)
    with pytest.raises(DomainError, match="already signed off"):
        services.sign_off_statement(actor=personas.scrutineer, statement=statement)
