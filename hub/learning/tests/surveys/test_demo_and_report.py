"""The demo's surveys (built the same way every time, written once) and the yearly report's section."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hub.core.demo import load as load_core
from hub.core.periods import FinancialYear
from hub.learning.surveys import demo
from hub.learning.surveys.models import Survey, SurveyQuestion, SurveyResponse
from hub.learning.surveys.reports import sections
from hub.learning.tests.surveys.factories import add_response, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_surveys():
    lines = []
    load_core(lines.append)
    demo.load(lines.append)
    return lines


def _snapshot():
    return (
        list(Survey.objects.order_by("id").values_list("title", "status", "opens_at", "closes_at", "token")),
        list(SurveyQuestion.objects.order_by("id").values_list("survey__title", "position", "text", "kind")),
        list(SurveyResponse.objects.order_by("id").values_list("answers", "agency__short_code", "sector", "role")),
    )


def test_the_demo_has_the_yearly_survey_and_one_open_now(demo_surveys, client):
    yearly = Survey.objects.get(year=2021, title=demo.YEARLY_TITLE)
    pulse = Survey.objects.get(title=demo.PULSE_TITLE)

    assert yearly.status == Survey.Status.CLOSED
    assert yearly.responses.count() == demo.YEARLY_RESPONSES
    assert all(yearly.opens_at <= r.submitted_at <= yearly.closes_at for r in yearly.responses.all())
    assert pulse.is_accepting_responses()
    assert pulse.responses.count() == demo.PULSE_RESPONSES
    assert "Send your response" in client.get(reverse("learning:survey-respond", args=[pulse.token])).content.decode()
    assert any(pulse.response_path in line for line in demo_surveys)


def test_the_demo_responses_spread_plausibly_across_sectors(demo_surveys):
    sectors = set(SurveyResponse.objects.filter(survey__year=2021).values_list("sector", flat=True))
    agencies = SurveyResponse.objects.filter(survey__year=2021).values("agency").distinct().count()

    assert {"health", "local-authority", "police", "education", "voluntary"} <= sectors
    assert agencies >= 10


def test_loading_the_demo_again_writes_nothing(demo_surveys):
    before = _snapshot()
    lines = []

    demo.load(lines.append)

    assert _snapshot() == before
    assert "(0 new)" in lines[0]


def test_the_demo_answers_are_the_same_on_every_fresh_load(demo_surveys):
    first = sorted(map(str, SurveyResponse.objects.filter(survey__year=2021).values_list("answers", flat=True)))
    SurveyResponse.objects.all().delete()

    demo.load(lambda line: None)

    again = sorted(map(str, SurveyResponse.objects.filter(survey__year=2021).values_list("answers", flat=True)))
    assert again == first


def test_the_yearly_report_gives_the_survey_headlines(personas):
    survey = make_survey("Practitioner survey", year=2021)
    make_survey("Not yet opened", year=2021, status=Survey.Status.DRAFT)
    make_survey("Another year", year=2022)
    for scale, yes_no in (("5", "yes"), ("4", "yes"), ("2", "no"), ("1", "yes")):
        add_response(
            survey, {"scale": scale, "yes-no": yes_no, "long-text": "A child's name"}, agency=personas.agency_a
        )

    found = sections(FinancialYear(2021))

    assert [section.title for section in found] == ["Practitioner survey 2021/22"]
    section = found[0]
    assert section.slug == "learning-survey-2021-22"
    figures = {figure.label: (figure.value, figure.unit) for figure in section.figures}
    assert figures["Practitioners who responded"] == (4, "")
    assert figures["I feel confident to escalate a concern"] == (50.0, "%")
    assert figures["Do you know where to find the threshold document?"] == (75.0, "%")
    headlines = section.table("learning-survey-2021-22-headlines")
    assert headlines.rows[0] == [
        "I feel confident to escalate a concern",
        4,
        "50.0% answered 4 or 5 (towards strongly agree)",
        3.0,
    ]
    assert "A child's name" not in str(section.as_dict())
    assert section.table("learning-survey-2021-22-sectors").rows == [
        ["Groups of fewer than 5 people, together", 4, "100.0%"]
    ]
    assert sections("2021-22")[0].title == section.title
