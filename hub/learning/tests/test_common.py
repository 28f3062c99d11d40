"""Questions held as data: their form fields, checks, answers in words and tallies."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from hub.learning.common import QuestionKind, answers_from, missing_answers, tally
from hub.learning.tests.audits.factories import make_scheme

pytestmark = pytest.mark.django_db


def _question(kind, **fields):
    from hub.learning.audits.models import AuditQuestion

    return AuditQuestion(text=fields.pop("text", "How confident are you?"), kind=kind, **fields)


def test_a_choice_question_needs_two_different_choices():
    with pytest.raises(ValidationError) as failure:
        _question(QuestionKind.CHOICE, options=["Yes", " "]).clean()
    assert failure.value.message_dict["options"] == ["Enter at least two choices"]
    with pytest.raises(ValidationError) as failure:
        _question(QuestionKind.MULTIPLE_CHOICE, options=["A", "A"]).clean()
    assert failure.value.message_dict["options"] == ["Each choice must be different"]


def test_a_scale_must_rise_and_a_grade_needs_its_scheme():
    with pytest.raises(ValidationError, match="top of the scale"):
        _question(QuestionKind.SCALE, scale_min=5, scale_max=5).clean()
    with pytest.raises(ValidationError, match="grading scheme"):
        _question(QuestionKind.GRADE).clean()


def test_fields_accept_only_their_choices_and_say_which_question_is_unanswered():
    question = _question(QuestionKind.SCALE, scale_min=1, scale_max=5, scale_max_label="Very")
    field = question.form_field()
    assert field.choices[-1] == ("5", "5 (Very)")
    with pytest.raises(ValidationError):
        field.clean("6")
    with pytest.raises(ValidationError) as failure:
        field.clean("")
    assert failure.value.messages == ["How confident are you?: select an answer"]
    number = _question(QuestionKind.NUMBER, text="How many cases?").form_field()
    with pytest.raises(ValidationError) as failure:
        number.clean("twelve")
    assert failure.value.messages == ["How many cases?: enter a whole number, like 12"]


def test_answers_in_words():
    scheme = make_scheme()
    assert _question(QuestionKind.GRADE, grading_scheme=scheme).display_answer("ri") == "Requires improvement"
    assert _question(QuestionKind.YES_NO).display_answer("no") == "No"
    scale = _question(QuestionKind.SCALE, scale_max_label="Strongly agree")
    assert (scale.display_answer("4"), scale.display_answer("5")) == ("4", "5 (Strongly agree)")
    assert _question(QuestionKind.MULTIPLE_CHOICE, options=["A", "B"]).display_answer(["A", "B"]) == "A, B"
    assert _question(QuestionKind.LONG_TEXT).display_answer(None) == "Not answered"


def test_only_answered_questions_are_stored_and_required_ones_are_checked():
    import uuid

    text = _question(QuestionKind.LONG_TEXT, uuid=uuid.uuid4())
    optional = _question(QuestionKind.TEXT, uuid=uuid.uuid4(), required=False)
    choice = _question(QuestionKind.MULTIPLE_CHOICE, uuid=uuid.uuid4(), options=["A", "B"])
    answers = answers_from([text, optional, choice], {text.key: "  ", optional.key: "", choice.key: ["B"]})
    assert answers == {choice.key: ["B"]}
    assert missing_answers([text, optional, choice], answers) == [text]


def test_a_tally_gives_counts_and_shares_of_those_who_answered():
    import uuid

    scale = _question(QuestionKind.SCALE, uuid=uuid.uuid4(), scale_min=1, scale_max=3)
    sets = [{scale.key: "1"}, {scale.key: "3"}, {scale.key: "3"}, {}]
    result = tally(scale, sets)
    assert result.answered == 3
    assert result.counts == [("1", 1, 33.3), ("2", 0, 0.0), ("3", 2, 66.7)]
    assert result.mean == 2.33
    several = _question(QuestionKind.MULTIPLE_CHOICE, uuid=uuid.uuid4(), options=["A", "B"])
    result = tally(several, [{several.key: ["A", "B"]}, {several.key: ["A"]}])
    assert result.counts == [("A", 2, 100.0), ("B", 1, 50.0)]
