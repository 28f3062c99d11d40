"""The challenge log pages, reviews, the statement, and the yearly report's scrutiny section."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from hub.core.periods import FinancialYear
from hub.learning.scrutiny.models import Challenge, ScrutinyPlanItem
from hub.learning.scrutiny.reports import sections
from hub.learning.tests.scrutiny.factories import a_date, make_challenge, make_review, make_statement
from hub.testing import assert_same_query_count

pytestmark = pytest.mark.django_db


def test_a_spoc_sees_only_challenges_to_their_agency(personas, client_for):
    make_challenge(personas.agency_a, summary="For agency A")
    make_challenge(personas.agency_b, summary="For agency B")
    make_challenge(None, to_group="Performance and Learning Group", summary="For the group")
    text = client_for(personas.spoc_a).get(reverse("learning:scrutiny-challenges")).content.decode()
    assert "For agency A" in text
    assert "For agency B" not in text and "For the group" not in text
    text = client_for(personas.executive).get(reverse("learning:scrutiny-challenges")).content.decode()
    assert all(summary in text for summary in ("For agency A", "For agency B", "For the group"))


def test_the_log_filters_by_status(personas, client_for):
    make_challenge(personas.agency_a, summary="Still open")
    make_challenge(personas.agency_a, summary="All done", status=Challenge.Status.CLOSED)
    text = (
        client_for(personas.scrutineer).get(reverse("learning:scrutiny-challenges") + "?status=closed").content.decode()
    )
    assert "All done" in text and "Still open" not in text


def test_the_scrutineer_raises_a_challenge_through_the_form(personas, client_for):
    raised = a_date(1)
    response = client_for(personas.scrutineer).post(
        reverse("learning:scrutiny-challenge-new"),
        {
            "summary": "Health at strategy discussions",
            "challenge": "How do you know health attend?",
            "to_agency": personas.agency_b.short_code,
            "to_group": "",
            "raised_on_day": raised.day,
            "raised_on_month": raised.month,
            "raised_on_year": raised.year,
            "review": "",
        },
    )
    challenge = Challenge.objects.get()
    assert response.url == challenge.get_absolute_url()
    assert challenge.to_agency == personas.agency_b
    assert challenge.raised_on == raised


def test_the_challenge_form_says_what_is_missing(personas, client_for):
    response = client_for(personas.scrutineer).post(reverse("learning:scrutiny-challenge-new"), {})
    text = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Enter the challenge in a few words",
        "Enter the challenge",
        "Select the agency challenged or enter the group challenged",
        "Enter the date the challenge was raised",
    ):
        assert message in text
    assert not Challenge.objects.exists()


def test_a_spoc_records_the_agencys_response(personas, client_for):
    challenge = make_challenge(personas.agency_a)
    responded = a_date(0)
    response = client_for(personas.spoc_a).post(
        reverse("learning:scrutiny-challenge-respond", args=[challenge.uuid]),
        {
            "response": "We now tell schools within three days.",
            "responded_on_day": responded.day,
            "responded_on_month": responded.month,
            "responded_on_year": responded.year,
        },
        follow=True,
    )
    assert "Response recorded." in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.RESPONDED


def test_closing_without_evidence_is_refused_with_a_clear_message(personas, client_for):
    challenge = make_challenge(personas.agency_a, status=Challenge.Status.RESPONDED)
    today = a_date(0)
    response = client_for(personas.scrutineer).post(
        reverse("learning:scrutiny-challenge-close", args=[challenge.uuid]),
        {"evidence": "", "closed_on_day": today.day, "closed_on_month": today.month, "closed_on_year": today.year},
    )
    assert response.status_code == 400
    assert "Enter the evidence that the challenge has been met" in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.RESPONDED


def test_the_challenge_log_costs_the_same_queries_for_one_row_or_fifty(personas, client_for):
    counter = iter(range(1000))

    def make_rows(count):
        for _ in range(count):
            make_challenge(personas.agency_a, summary=f"Challenge {next(counter)}")

    response = assert_same_query_count(
        client_for(personas.scrutineer), reverse("learning:scrutiny-challenges"), make_rows
    )
    assert "50 challenges" in response.content.decode()


def test_the_review_page_shows_findings_and_recommendations(personas, client_for):
    review = make_review(findings="Confident in referrals.", recommendations="Offer supervision.\nTell schools.")
    text = client_for(personas.executive).get(review.get_absolute_url()).content.decode()
    assert "Confident in referrals." in text
    assert "<li>Offer supervision.</li>" in text
    assert "Raise an action" not in text


def test_the_statement_page_shows_its_paragraphs_and_sign_off(personas, client_for):
    statement = make_statement(signed=True, signed_off_by=personas.scrutineer)
    text = client_for(personas.executive).get(statement.get_absolute_url()).content.decode()
    assert '<p class="govuk-body">Second paragraph.</p>' in text
    assert "Signed off" in text


def test_the_yearly_report_counts_reviews_and_challenges_and_carries_the_statement(personas):
    make_review(title="DSLs", year=2021, recommendations="One.\nTwo.")
    ScrutinyPlanItem.objects.create(year=2021, topic="DSLs", method="Panel", status="completed")
    make_challenge(
        personas.agency_a, raised_on=date(2021, 7, 1), status="closed", closed_on=date(2021, 12, 1), summary="A"
    )
    make_challenge(personas.agency_b, raised_on=date(2022, 2, 1), status="responded", summary="B")
    make_challenge(personas.agency_b, raised_on=date(2022, 5, 1), summary="Next year")
    make_statement(2021, signed=True)
    make_statement(2022)
    [section] = sections(FinancialYear(2021))
    figures = {figure.label: figure.value for figure in section.figures}
    assert figures == {
        "Scrutiny reviews": 1,
        "Challenges raised": 2,
        "Challenges closed": 1,
        "Challenges still open at the end of the year": 1,
    }
    assert section.table("scrutiny-reviews").rows == [["DSLs", "Planned", 2]]
    assert section.table("scrutiny-challenges").rows == [
        ["1 July 2021", "A", "Agency A", "Closed"],
        ["1 February 2022", "B", "Agency B", "Open"],
    ]
    assert section.table("scrutiny-statement").rows == [["First paragraph."], ["Second paragraph."]]
    [later] = sections(FinancialYear(2022))
    assert later.table("scrutiny-statement") is None  # not signed off
    assert sections(FinancialYear(2018)) == []


def test_cards_show_a_spoc_the_challenges_waiting_for_their_agency(personas, rf):
    from hub.learning.scrutiny.registration import account_section, home_card

    make_challenge(personas.agency_a, summary="Waiting")
    make_challenge(personas.agency_a, summary="Answered", status=Challenge.Status.RESPONDED)
    make_challenge(personas.agency_b, summary="Not ours")
    request = rf.get("/account/")
    request.user = personas.spoc_a
    assert [item["label"] for item in account_section(request)["items"]] == ["Agency A: Waiting"]
    assert [item["label"] for item in home_card(request)["items"]] == ["Waiting"]
    request.user = personas.spoc_b
    assert account_section(request)["items"][0]["label"] == "Agency B: Not ours"
    request.user = personas.executive
    assert home_card(request)["url"] == reverse("learning:scrutiny")
    assert account_section(request) is None
    request.user = personas.outsider
    assert home_card(request) is None
