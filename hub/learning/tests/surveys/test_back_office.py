"""Surveys, questions and responses in the back office; responses read only; answered questions fixed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hub.learning.common import QuestionKind
from hub.learning.surveys.forms import SurveyQuestionForm
from hub.learning.surveys.models import Survey, SurveyQuestion
from hub.learning.tests.surveys.factories import add_response, make_survey, question

pytestmark = pytest.mark.django_db

VIEWSETS = ("learning_survey", "learning_surveyquestion", "learning_surveyresponse")


@pytest.mark.parametrize("name", VIEWSETS)
def test_the_business_unit_lists_surveys_questions_and_responses(client_for, personas, name):
    survey = make_survey("Yearly practitioner survey")
    add_response(survey, {"scale": "4"}, agency=personas.agency_a)

    response = client_for(personas.business_unit).get(reverse(f"{name}:index"))

    assert response.status_code == 200
    assert "Yearly practitioner survey" in response.content.decode()


def test_practitioners_have_no_back_office(client_for, personas):
    make_survey()
    assert client_for(personas.practitioner).get(reverse("learning_surveyresponse:index")).status_code in (302, 403)


def test_responses_cannot_be_added_or_changed_in_the_back_office(client_for, personas):
    survey = make_survey()
    item = add_response(survey, {"scale": "4", "yes-no": "yes"})
    client = client_for(personas.business_unit)

    inspect = client.get(reverse("learning_surveyresponse:inspect", args=[item.pk])).content.decode()

    assert "I feel confident to escalate a concern: 4 (Strongly agree)" not in inspect
    assert "I feel confident to escalate a concern: 4" in inspect
    assert "Do you know where to find the threshold document?: Yes" in inspect
    assert client.get(reverse("learning_surveyresponse:add")).status_code in (302, 403)
    edit = client.post(reverse("learning_surveyresponse:edit", args=[item.pk]), {"role": "manager"})
    assert edit.status_code in (302, 403)
    item.refresh_from_db()
    assert item.role == ""
    # A response can be deleted, for example when it names a child despite the warning.
    client.post(reverse("learning_surveyresponse:delete", args=[item.pk]))
    assert not survey.responses.exists()


def _form_data(item: SurveyQuestion, **changes):
    data = {
        "survey": item.survey_id,
        "position": item.position,
        "text": item.text,
        "help_text": item.help_text,
        "kind": item.kind,
        "required": "on" if item.required else "",
        "options": "\n".join(item.options),
        "scale_min": item.scale_min,
        "scale_max": item.scale_max,
        "scale_min_label": item.scale_min_label,
        "scale_max_label": item.scale_max_label,
        "grading_scheme": "",
    }
    data.update(changes)
    return data


def test_choices_are_written_one_per_line(personas):
    survey = make_survey(questions=False)
    item = SurveyQuestion(survey=survey, kind=QuestionKind.CHOICE, text="Your team")

    form = SurveyQuestionForm(
        data=_form_data(item, kind=QuestionKind.CHOICE, text="Your team", options="Social care\n\n Health \nSchools")
    )

    assert form.is_valid(), form.errors
    saved = form.save()
    assert saved.options == ["Social care", "Health", "Schools"]


def test_an_answered_question_keeps_how_it_is_answered(personas):
    survey = make_survey()
    add_response(survey, {"scale": "4"})
    scale = question(survey, QuestionKind.SCALE)

    changed_kind = SurveyQuestionForm(data=_form_data(scale, kind=QuestionKind.YES_NO), instance=scale)
    reworded = SurveyQuestionForm(data=_form_data(scale, text="I feel confident to challenge"), instance=scale)

    assert not changed_kind.is_valid()
    assert "already has responses" in changed_kind.errors["kind"][0]
    assert reworded.is_valid(), reworded.errors
    reworded.save()
    scale.refresh_from_db()
    assert scale.text == "I feel confident to challenge"


def test_a_survey_must_close_after_it_opens(personas):
    from datetime import timedelta

    from django.core.exceptions import ValidationError

    survey = make_survey()
    survey.closes_at = survey.opens_at - timedelta(hours=1)

    with pytest.raises(ValidationError, match="closing date must be after the opening date"):
        survey.full_clean()
    assert Survey.objects.get(pk=survey.pk).closes_at > survey.opens_at
