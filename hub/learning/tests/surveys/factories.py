"""Builders for practitioner survey tests: a survey with questions, and responses to it.

``make_survey()`` gives an open survey with a scale, a yes-or-no and a written question::

    survey = make_survey()
    add_response(survey, {"scale": "4", "yes-no": "yes"}, agency=agency_a)
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hub.learning.common import QuestionKind
from hub.learning.surveys.models import Survey, SurveyQuestion, SurveyResponse


def make_survey(title: str = "Practitioner survey", *, year: int = 2021, questions: bool = True, **fields) -> Survey:
    """An open survey (opened yesterday, closing in a month) unless ``fields`` say otherwise."""
    now = timezone.now()
    fields.setdefault("status", Survey.Status.OPEN)
    fields.setdefault("opens_at", now - timedelta(days=1))
    fields.setdefault("closes_at", now + timedelta(days=30))
    fields.setdefault("introduction", "Tell us how confident you feel.")
    fields.setdefault("thank_you", "Results are shared in January.")
    survey = Survey.objects.create(title=title, year=year, **fields)
    if questions:
        add_question(
            survey,
            "I feel confident to escalate a concern",
            QuestionKind.SCALE,
            position=1,
            scale_min_label="Strongly disagree",
            scale_max_label="Strongly agree",
        )
        add_question(survey, "Do you know where to find the threshold document?", QuestionKind.YES_NO, position=2)
        add_question(
            survey, "What would help you keep children safer?", QuestionKind.LONG_TEXT, position=3, required=False
        )
    return survey


def add_question(survey: Survey, text: str, kind: str, **fields) -> SurveyQuestion:
    fields.setdefault("position", survey.questions.count() + 1)
    return SurveyQuestion.objects.create(survey=survey, text=text, kind=kind, **fields)


def question(survey: Survey, kind: str) -> SurveyQuestion:
    return survey.questions.get(kind=kind)


def add_response(survey: Survey, answers_by_kind: dict | None = None, **fields) -> SurveyResponse:
    """A response answering by question kind (``{"scale": "4"}``), or by key when given keys."""
    answers = {}
    for kind_or_key, value in (answers_by_kind or {}).items():
        match = survey.questions.filter(kind=kind_or_key).first()
        answers[match.key if match else kind_or_key] = value
    if "agency" in fields and fields["agency"] is not None:
        fields.setdefault("sector", fields["agency"].sector)
    return SurveyResponse.objects.create(survey=survey, answers=answers, **fields)
