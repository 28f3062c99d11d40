"""Responding to a survey through its link: anonymous, validated, rate limited, only while open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from hub.core.errors import DomainError
from hub.core.models import AuditEntry
from hub.learning.common import IDENTIFYING_DETAILS_WARNING, QuestionKind
from hub.learning.surveys import services
from hub.learning.surveys.models import Survey, SurveyResponse
from hub.learning.tests.surveys.factories import make_survey, question

pytestmark = pytest.mark.django_db


def _answers(survey, **extra):
    data = {
        question(survey, QuestionKind.SCALE).key: "4",
        question(survey, QuestionKind.YES_NO).key: "yes",
        question(survey, QuestionKind.LONG_TEXT).key: "More joint training on neglect.",
        "agency": "",
        "sector": "prefer-not-to-say",
        "role": "manager",
    }
    data.update(extra)
    return data


def _url(survey):
    return reverse("learning:survey-respond", args=[survey.token])


def test_the_form_shows_each_question_and_warns_against_identifying_details(client):
    survey = make_survey()

    page = client.get(_url(survey)).content.decode()

    assert "I feel confident to escalate a concern" in page
    assert "1 (Strongly disagree)" in page
    assert "Do you know where to find the threshold document?" in page
    assert "anything else that could identify a child or family" in IDENTIFYING_DETAILS_WARNING
    assert "could identify a child or family" in page
    assert "Prefer not to say" in page


def test_an_anonymous_response_is_saved_with_nothing_about_the_person(client, personas):
    survey = make_survey()
    entries_before = AuditEntry.objects.count()

    response = client.post(
        _url(survey), _answers(survey, agency=personas.agency_a.short_code, sector="health"), REMOTE_ADDR="203.0.113.9"
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("learning:survey-thanks", args=[survey.token])
    saved = SurveyResponse.objects.get(survey=survey)
    assert saved.answers == {
        question(survey, QuestionKind.SCALE).key: "4",
        question(survey, QuestionKind.YES_NO).key: "yes",
        question(survey, QuestionKind.LONG_TEXT).key: "More joint training on neglect.",
    }
    assert saved.agency == personas.agency_a
    assert saved.sector == "health"
    assert saved.role == "manager"
    assert {field.name for field in SurveyResponse._meta.get_fields()} == {
        "id",
        "uuid",
        "survey",
        "submitted_at",
        "answers",
        "agency",
        "sector",
        "role",
    }
    assert AuditEntry.objects.count() == entries_before
    page = client.get(response["Location"]).content.decode()
    assert "Response sent" in page
    assert "Results are shared in January." in page


def test_a_signed_in_practitioner_responds_anonymously_too(client_for, personas):
    survey = make_survey()
    client = client_for(personas.practitioner)

    client.post(_url(survey), _answers(survey))

    saved = SurveyResponse.objects.get(survey=survey)
    assert saved.agency is None
    assert saved.sector == ""


def test_the_sector_comes_from_the_agency_when_not_given(client, personas):
    survey = make_survey()

    client.post(_url(survey), _answers(survey, agency=personas.agency_b.short_code, sector=""))

    assert SurveyResponse.objects.get(survey=survey).sector == "police"


def test_missing_answers_are_listed_in_the_error_summary_and_nothing_is_saved(client):
    survey = make_survey()
    data = _answers(survey)
    del data[question(survey, QuestionKind.SCALE).key]

    response = client.post(_url(survey), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "I feel confident to escalate a concern: select an answer" in page
    assert f'href="#id_{question(survey, QuestionKind.SCALE).key}_0"' in page
    assert "More joint training on neglect." in page  # what was typed is kept
    assert not SurveyResponse.objects.exists()


def test_a_sector_that_does_not_match_the_agency_is_refused(client, personas):
    survey = make_survey()

    response = client.post(_url(survey), _answers(survey, agency=personas.agency_a.short_code, sector="police"))

    assert response.status_code == 400
    assert "Agency A is in the health sector. Select that sector, or select prefer not to say" in (
        response.content.decode()
    )
    assert not SurveyResponse.objects.exists()


def test_an_over_long_written_answer_gets_a_clear_message(client):
    survey = make_survey()

    response = client.post(_url(survey), _answers(survey, **{question(survey, QuestionKind.LONG_TEXT).key: "x" * 5001}))

    assert response.status_code == 400
    assert "What would help you keep children safer?: your answer must be 5000 characters or fewer" in (
        response.content.decode()
    )


def test_too_many_responses_from_one_client_are_refused_keeping_the_answers(client):
    survey = make_survey()
    for _ in range(services.RESPONSES_PER_WINDOW):
        assert client.post(_url(survey), _answers(survey), REMOTE_ADDR="198.51.100.7").status_code == 302

    response = client.post(_url(survey), _answers(survey), REMOTE_ADDR="198.51.100.7")

    assert response.status_code == 429
    page = response.content.decode()
    assert "Wait 10 minutes, then send your response again" in page
    assert "More joint training on neglect." in page
    assert SurveyResponse.objects.count() == services.RESPONSES_PER_WINDOW
    # Another connection is not held up.
    assert client.post(_url(survey), _answers(survey), REMOTE_ADDR="198.51.100.8").status_code == 302


def test_the_limit_is_kept_under_a_keyed_hash_not_the_address(rf):
    first = services._client_key(rf.post("/", REMOTE_ADDR="198.51.100.7"))
    again = services._client_key(rf.post("/", REMOTE_ADDR="198.51.100.7"))
    other = services._client_key(rf.post("/", REMOTE_ADDR="198.51.100.8"))

    assert first == again != other
    assert "198.51.100" not in first
    assert cache.get(first) is None


def test_invalid_forms_do_not_count_towards_the_limit(client):
    survey = make_survey()
    for _ in range(services.RESPONSES_PER_WINDOW + 2):
        client.post(_url(survey), {}, REMOTE_ADDR="198.51.100.7")

    assert client.post(_url(survey), _answers(survey), REMOTE_ADDR="198.51.100.7").status_code == 302


def test_a_survey_not_yet_open_says_so(client):
    draft = make_survey("Draft survey", status=Survey.Status.DRAFT)
    scheduled = make_survey("Scheduled survey", opens_at=timezone.now() + timedelta(days=3))

    draft_page = client.get(_url(draft)).content.decode()
    scheduled_page = client.get(_url(scheduled)).content.decode()

    assert "This survey is not open yet" in draft_page
    assert "This survey is not open yet" in scheduled_page
    assert "It opens on" in scheduled_page
    assert "Send your response" not in scheduled_page
    response = client.post(_url(scheduled), _answers(scheduled))
    assert response.status_code == 200
    assert not SurveyResponse.objects.exists()


def test_a_closed_survey_says_so_and_takes_nothing(client):
    closed = make_survey("Closed survey", status=Survey.Status.CLOSED)
    past = make_survey(
        "Past survey", opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(days=1)
    )

    for survey in (closed, past):
        response = client.post(_url(survey), _answers(survey))
        assert response.status_code == 200
        assert "This survey has closed" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_survey_closed_while_someone_was_answering_tells_them(client, personas):
    survey = make_survey()
    form_page = client.get(_url(survey))
    assert form_page.status_code == 200
    services.close_survey(actor=personas.business_unit, survey=survey)

    with pytest.raises(DomainError, match="has closed"):
        services.submit_response(survey=survey, answers={})
    assert not SurveyResponse.objects.exists()


def test_an_unknown_link_is_not_found(client):
    make_survey()

    assert client.get(reverse("learning:survey-respond", args=["not-a-real-link"])).status_code == 404


def test_the_form_needs_its_csrf_token(personas):
    from django.test import Client

    survey = make_survey()
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(_url(survey), _answers(survey))

    assert response.status_code == 403
    assert not SurveyResponse.objects.exists()
