"""Opening and closing a survey, and exporting its responses, by the business unit."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.core.errors import DomainError
from hub.core.models import AuditEntry
from hub.learning.surveys import services
from hub.learning.surveys.models import Survey
from hub.learning.tests.surveys.factories import add_response, make_survey

pytestmark = pytest.mark.django_db


def test_the_business_unit_opens_a_draft_after_confirming(client_for, personas):
    survey = make_survey(status=Survey.Status.DRAFT, opens_at=None, closes_at=None)
    client = client_for(personas.business_unit)

    confirm = client.get(reverse("learning:survey-open", args=[survey.uuid]))
    assert "They answer 3 questions without signing in" in confirm.content.decode()
    response = client.post(reverse("learning:survey-open", args=[survey.uuid]), follow=True)

    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    assert survey.is_accepting_responses()
    assert "is open. Anyone with the link can respond." in response.content.decode()
    entry = AuditEntry.objects.get(action="learning.survey.opened")
    assert entry.actor == personas.business_unit
    assert entry.object_id == str(survey.pk)


def test_a_survey_opened_before_its_opening_date_waits_for_it(personas):
    survey = make_survey(status=Survey.Status.DRAFT, opens_at=timezone.now() + timedelta(days=2))

    services.open_survey(actor=personas.business_unit, survey=survey)

    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    assert survey.availability() == Survey.Availability.NOT_YET_OPEN
    assert survey.availability(now=timezone.now() + timedelta(days=3)) == Survey.Availability.OPEN


def test_a_survey_without_questions_cannot_open(personas):
    survey = make_survey(status=Survey.Status.DRAFT, questions=False)

    with pytest.raises(DomainError, match="Add at least one question"):
        services.open_survey(actor=personas.business_unit, survey=survey)
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT
    assert not AuditEntry.objects.filter(action="learning.survey.opened").exists()


def test_a_survey_past_its_closing_date_cannot_open_again(client_for, personas):
    survey = make_survey(status=Survey.Status.CLOSED, closes_at=timezone.now() - timedelta(days=1))

    client = client_for(personas.business_unit)

    results_page = client.get(reverse("learning:survey-results", args=[survey.uuid])).content.decode()
    response = client.post(reverse("learning:survey-open", args=[survey.uuid]), follow=True)

    assert "Open the survey again" not in results_page
    assert "closing date has passed" in response.content.decode()
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED


def test_closing_a_survey_ends_responses_now_and_is_logged(client_for, personas):
    survey = make_survey()
    add_response(survey, {"scale": "4"})
    before = timezone.now()

    client_for(personas.business_unit).post(reverse("learning:survey-close", args=[survey.uuid]))

    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    assert before <= survey.closes_at <= timezone.now()
    assert survey.availability() == Survey.Availability.CLOSED
    entry = AuditEntry.objects.get(action="learning.survey.closed")
    assert entry.data == {"responses": 1}


def test_only_an_open_survey_can_be_closed(personas):
    survey = make_survey(status=Survey.Status.DRAFT)

    with pytest.raises(DomainError, match="Only an open survey can be closed"):
        services.close_survey(actor=personas.business_unit, survey=survey)


def test_the_export_has_every_response_in_words_safe_for_spreadsheets(client_for, personas):
    survey = make_survey()
    add_response(
        survey, {"scale": "5", "yes-no": "no", "long-text": '=HYPERLINK("http://x")'}, agency=personas.agency_a
    )
    add_response(survey, {"scale": "2"}, role="manager")

    response = client_for(personas.business_unit).get(reverse("learning:survey-export", args=[survey.uuid]))

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][2:] == [
        "Agency",
        "Sector",
        "Role",
        "I feel confident to escalate a concern",
        "Do you know where to find the threshold document?",
        "What would help you keep children safer?",
    ]
    assert rows[1][2:] == [
        "Agency A",
        "Health",
        "Preferred not to say",
        "5 (Strongly agree)",
        "No",
        '\'=HYPERLINK("http://x")',
    ]
    assert rows[2][2:] == ["Preferred not to say", "Preferred not to say", "Team manager or supervisor", "2", "", ""]
    entry = AuditEntry.objects.get(action="learning.survey.exported")
    assert entry.data == {"responses": 2}
    assert "HYPERLINK" not in str(entry.data)
