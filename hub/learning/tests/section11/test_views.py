"""The Section 11 pages: rating a standard, submitting, the dashboard, moderation and the cards."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from hub.core.models import AuditEntry
from hub.learning.section11 import registration
from hub.learning.section11.models import ChallengeSession, EvidenceFile, Section11Assessment
from hub.learning.tests.section11.factories import (
    all_rated,
    html_upload,
    learning_group_member,
    make_assessment,
    pdf_upload,
)
from hub.testing import assert_same_query_count, make_agency, make_user

pytestmark = pytest.mark.django_db


def _standard_url(assessment, number=1):
    return reverse("learning:section11-standard", kwargs={"uuid": assessment.uuid, "number": number})


def test_a_spoc_rates_a_standard_and_goes_on_to_the_next(client_for, personas, draft):
    client = client_for(personas.spoc_a)
    response = client.post(
        _standard_url(draft),
        {
            "self_rating": "mostly-met",
            "evidence": "  Board minutes, May 2022.  ",
            "file": pdf_upload(),
            "next": "continue",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == _standard_url(draft, 2)
    rating = draft.ratings.get(standard__number=1)
    assert (rating.self_rating, rating.evidence) == ("mostly-met", "Board minutes, May 2022.")
    assert rating.files.get().original_filename == "policy.pdf"
    page = client.get(reverse("learning:section11-assessment", kwargs={"uuid": draft.uuid})).content.decode()
    assert "Mostly met" in page and "policy.pdf" in page
    assert "2 standards still need a rating or evidence" in page


def test_the_last_standard_leads_to_the_submit_page(client_for, personas, draft):
    response = client_for(personas.spoc_a).post(
        _standard_url(draft, 3), {"self_rating": "fully-met", "evidence": "x", "next": "continue"}
    )
    assert response["Location"] == reverse("learning:section11-submit", kwargs={"uuid": draft.uuid})


def test_a_missing_rating_and_a_bad_file_get_clear_messages(client_for, personas, draft):
    response = client_for(personas.spoc_a).post(
        _standard_url(draft, 2), {"self_rating": "", "evidence": "Policy.", "file": html_upload()}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Select how well your agency meets standard 2" in page
    assert "The selected file must be a PDF" in page
    assert 'href="#id_self_rating_0"' in page
    assert draft.ratings.get(standard__number=2).evidence == ""
    assert not EvidenceFile.objects.exists()


def test_the_submit_page_lists_each_standard_still_missing(client_for, personas, round_):
    assessment = make_assessment(
        round_, personas.agency_a, ratings={1: ("fully-met", "Minutes."), 2: ("partly-met", "")}
    )
    client = client_for(personas.spoc_a)
    url = reverse("learning:section11-submit", kwargs={"uuid": assessment.uuid})

    response = client.post(url)

    assert response.status_code == 400
    page = response.content.decode()
    assert "2 standards need more" in page
    assert "Standard 2, Statement of responsibilities: add evidence" in page
    assert "Standard 3, Line of accountability: add a rating and evidence" in page
    assert "Standard 1," not in page
    assert page.count("<title>Error:") == 1
    assessment.refresh_from_db()
    assert assessment.status == Section11Assessment.Status.DRAFT


def test_a_complete_assessment_is_submitted_from_the_confirmation_page(client_for, personas, round_):
    assessment = make_assessment(round_, personas.agency_a, ratings=all_rated())
    client = client_for(personas.spoc_a)
    url = reverse("learning:section11-submit", kwargs={"uuid": assessment.uuid})
    assert "Submit the self-assessment</button>" in client.get(url).content.decode()

    response = client.post(url, follow=True)

    assessment.refresh_from_db()
    assert assessment.status == Section11Assessment.Status.SUBMITTED
    assert "submitted." in response.content.decode()
    assert client.get(_standard_url(assessment)).status_code == 404
    assert AuditEntry.objects.filter(action="learning.section11.submitted", actor=personas.spoc_a).exists()


def test_the_dashboard_shows_the_return_rate_and_ratings_of_returned_assessments(client_for, personas, round_):
    make_assessment(
        round_,
        personas.agency_a,
        status=Section11Assessment.Status.MODERATED,
        submitted_at=timezone.now(),
        ratings={1: ("fully-met", "x", "mostly-met"), 2: ("partly-met", "x", "partly-met"), 3: ("not-met", "x", "")},
    )
    make_assessment(round_, personas.agency_b, ratings={1: ("fully-met", "draft only")})
    member = learning_group_member(make_user("member@example.org"))

    response = client_for(member).get(round_.get_absolute_url())

    assert response.status_code == 200
    board = response.context["board"]
    assert (board.expected, board.returned, board.moderated, board.drafts, board.return_rate) == (2, 1, 1, 1, 50.0)
    first = board.counts[0]
    assert first.self_counts == [1, 0, 0, 0] and first.moderated_counts == [0, 1, 0, 0] and first.unrated == 1
    page = response.content.decode()
    assert "50.0%" in page
    assert "govuk-tag--green" in page and "govuk-tag--red" in page
    # A group member sees ratings, not the assessments themselves.
    assert reverse("learning:section11-assessment", kwargs={"uuid": board.rows[0].assessment.uuid}) not in page


def test_the_dashboard_costs_the_same_queries_for_few_and_many_agencies(client_for, personas, round_):
    client = client_for(personas.business_unit)

    def add_agencies(count):
        for _ in range(count):
            agency = make_agency()
            round_.agencies.add(agency)
            make_assessment(round_, agency, status=Section11Assessment.Status.SUBMITTED, ratings=all_rated())

    response = assert_same_query_count(client, round_.get_absolute_url(), add_agencies, few=1, many=12)
    assert response.context["board"].expected == 14


def test_the_business_unit_moderates_and_finishes(client_for, personas, round_):
    assessment = make_assessment(
        round_, personas.agency_a, status=Section11Assessment.Status.SUBMITTED, ratings=all_rated()
    )
    client = client_for(personas.business_unit)
    url = reverse("learning:section11-moderate", kwargs={"uuid": assessment.uuid})

    response = client.post(url, {"rating-1": "fully-met", "next": "complete"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a moderated rating for standard 2" in page and "Select a moderated rating for standard 3" in page

    data = {"rating-1": "fully-met", "rating-2": "mostly-met", "rating-3": "partly-met", "note-3": "No audit yet."}
    response = client.post(url, {**data, "summary": "Sound overall.", "next": "complete"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Section11Assessment.Status.MODERATED
    assert assessment.ratings.get(standard__number=3).moderation_note == "No audit yet."


def test_challenge_session_form_checks_its_fields(client_for, personas, round_):
    client = client_for(personas.business_unit)
    url = reverse("learning:section11-challenge-new", kwargs={"year": round_.financial_year.slug})

    response = client.post(url, {"held_on_day": "31", "held_on_month": "2", "held_on_year": "2022"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Select the agency that was challenged" in page
    assert "The date of the session must be a real date" in page
    assert "Enter who attended" in page

    response = client.post(
        url,
        {
            "agency": personas.agency_b.pk,
            "held_on_day": "9",
            "held_on_month": "2",
            "held_on_year": "2022",
            "attendees": "Business manager",
            "challenges": "How do you know?",
            "responses": "Audits.",
            "outcome": "Agreed.",
        },
    )
    session = ChallengeSession.objects.get()
    assert response["Location"] == session.get_absolute_url()
    assert session.agency == personas.agency_b


def test_evidence_downloads_only_for_those_who_see_the_assessment(client_for, personas, draft):
    client = client_for(personas.spoc_a)
    client.post(
        _standard_url(draft), {"self_rating": "fully-met", "evidence": "", "file": pdf_upload(), "next": "stay"}
    )
    item = EvidenceFile.objects.get()

    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="policy.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client_for(personas.spoc_b).get(item.get_absolute_url()).status_code == 404


def test_the_spoc_account_card_lists_open_assessments(personas, draft):
    request = RequestFactory().get("/account/")
    request.user = personas.spoc_a
    card = registration.section11_account_section(request)
    assert card["items"] == [
        {
            "label": f"Agency A Section 11 {draft.round.financial_year.label}",
            "url": draft.get_absolute_url(),
            "hint": f"Draft, due {draft.round.due_on:%-d %B %Y}",
        }
    ]
    request.user = personas.practitioner
    assert registration.section11_account_section(request) is None


def test_the_learning_home_card_shows_rounds_to_readers_and_assessments_to_spocs(personas, draft):
    request = RequestFactory().get("/learning/")
    request.user = personas.scrutineer
    assert registration.home_card(request)["items"][0]["url"] == draft.round.get_absolute_url()
    request.user = personas.spoc_a
    assert registration.home_card(request)["items"][0]["url"] == draft.get_absolute_url()
    request.user = personas.outsider
    assert registration.home_card(request) is None


def test_an_overdue_draft_says_so(client_for, personas, round_):
    round_.due_on = timezone.localdate() - timedelta(days=1)
    round_.save()
    assessment = make_assessment(round_, personas.agency_a)
    page = client_for(personas.spoc_a).get(assessment.get_absolute_url()).content.decode()
    assert "Overdue" in page


def test_the_account_page_and_learning_page_show_the_section11_cards(client_for, personas, draft):
    from hub.core.registry import registry

    page = client_for(personas.spoc_a).get(reverse("core:account")).content.decode()
    assert "Section 11 self-assessment" in page and draft.get_absolute_url() in page
    page = client_for(personas.scrutineer).get(reverse("learning:home")).content.decode()
    assert reverse("learning:section11-home") in page and draft.round.get_absolute_url() in page
    assert "learning.section11_reminders" in registry.periodic_jobs
