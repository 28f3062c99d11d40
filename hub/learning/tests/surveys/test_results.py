"""The results page: counts and percentages, groups too small to show, written answers, the filter."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hub.learning.common import QuestionKind
from hub.learning.surveys import services
from hub.learning.surveys.registration import home_card
from hub.learning.tests.surveys.factories import add_response, make_survey
from hub.testing import assert_same_query_count, make_agency

pytestmark = pytest.mark.django_db


def _url(survey, query=""):
    return reverse("learning:survey-results", args=[survey.uuid]) + (f"?{query}" if query else "")


def _fill(survey, personas):
    # Agency A (health): 6 people, three agreeing; agency B (police): 2 people, both disagreeing.
    for scale in ("5", "4", "4", "2", "3", "1"):
        add_response(survey, {"scale": scale, "yes-no": "yes", "long-text": "Joint training"}, agency=personas.agency_a)
    for _ in range(2):
        add_response(survey, {"scale": "1", "yes-no": "no"}, agency=personas.agency_b)


def test_each_question_shows_counts_percentages_and_the_mean(client_for, personas):
    survey = make_survey()
    _fill(survey, personas)

    results = services.survey_results(survey)
    scale = results.tallies[0]
    assert results.total == 8
    assert scale.answered == 8
    assert [(label, count) for label, count, _ in scale.counts] == [
        ("1 (Strongly disagree)", 3),
        ("2", 1),
        ("3", 1),
        ("4", 2),
        ("5 (Strongly agree)", 1),
    ]
    assert scale.mean == 2.62
    assert services.positive_share(scale) == 37.5
    assert services.positive_share(results.tallies[1]) == 75.0

    page = client_for(personas.executive).get(_url(survey)).content.decode()
    assert "8 responses" in page
    assert "37.5% answered 4 or 5 (towards strongly agree)" in page
    assert "75.0% answered yes" in page
    assert "Mean 2.62 on a scale of 1 to 5" in page


def test_written_answers_are_for_the_business_unit_only(client_for, personas):
    survey = make_survey()
    _fill(survey, personas)

    reader_page = client_for(personas.scrutineer).get(_url(survey)).content.decode()
    business_unit_page = client_for(personas.business_unit).get(_url(survey)).content.decode()

    assert "Joint training" not in reader_page
    assert "Only the business unit reads the written answers" in reader_page
    assert "Read the 6 written answers" in business_unit_page
    assert "Joint training" in business_unit_page


def test_groups_of_fewer_than_five_are_not_shown_or_offered(client_for, personas):
    survey = make_survey()
    _fill(survey, personas)
    client = client_for(personas.executive)

    page = client.get(_url(survey)).content.decode()
    assert 'value="agency:aga"' in page
    assert 'value="agency:agb"' not in page
    assert "Agency B" not in page
    assert "Groups of fewer than 5 people, together" in page

    small = client.get(_url(survey, "group=agency:agb")).content.decode()
    assert "Fewer than 5 people in this group responded" in small
    assert "answered yes" not in small

    large = client.get(_url(survey, "group=agency:aga"))
    assert large.context["results"].in_scope == 6
    assert "Results for Agency A" in large.content.decode()
    assert large.context["results"].tallies[1].counts[0][1:] == (6, 100.0)


def test_a_sector_filter_shows_that_sector_only(client_for, personas):
    survey = make_survey()
    _fill(survey, personas)

    response = client_for(personas.business_unit).get(_url(survey, "group=sector:health"))

    assert response.context["results"].group_label == "Health"
    assert response.context["results"].in_scope == 6
    assert response.context["results"].suppressed is False


def test_an_unknown_group_shows_nothing(client_for, personas):
    survey = make_survey()
    _fill(survey, personas)

    response = client_for(personas.business_unit).get(_url(survey, "group=agency:nope"))

    assert response.status_code == 200
    assert response.context["results"].suppressed is True


def test_scale_means_are_compared_by_sector_large_enough_to_show(personas):
    survey = make_survey()
    _fill(survey, personas)

    results = services.survey_results(survey)

    assert results.comparison_groups == ["Health"]
    assert [(c.overall, c.by_group) for c in results.comparisons] == [(2.62, [3.17])]


def test_responses_are_counted_by_week(personas):
    from datetime import datetime

    from django.utils import timezone

    survey = make_survey()
    for day in (1, 2, 9):
        add_response(survey, {"scale": "3"}, submitted_at=timezone.make_aware(datetime(2021, 11, day, 10)))

    weeks = services.survey_results(survey).over_time

    assert [(week.week_start.isoformat(), week.count, week.cumulative) for week in weeks] == [
        ("2021-11-01", 2, 2),
        ("2021-11-08", 1, 3),
    ]


def test_the_results_page_costs_the_same_queries_for_few_or_many_responses(client_for, personas):
    survey = make_survey()
    agencies = [personas.agency_a, personas.agency_b, make_agency()]
    client = client_for(personas.business_unit)

    def add(count):
        for number in range(count):
            add_response(survey, {"scale": str(number % 5 + 1), "yes-no": "yes"}, agency=agencies[number % 3])

    response = assert_same_query_count(client, _url(survey), add)
    assert response.context["results"].total == 50


def test_the_survey_list_costs_the_same_queries_for_few_or_many_surveys(client_for, personas):
    client = client_for(personas.business_unit)

    def add(count):
        start = services.Survey.objects.count()
        for number in range(count):
            make_survey(f"Survey {start + number}", questions=False)

    assert_same_query_count(client, reverse("learning:survey-list"), add)


def test_the_learning_home_page_has_a_survey_card_for_readers(rf, personas):
    survey = make_survey()
    add_response(survey, {"scale": "3"})
    request = rf.get("/learning/")

    request.user = personas.executive
    card = home_card(request)
    request.user = personas.practitioner

    assert card["url"] == reverse("learning:survey-list")
    assert card["items"][0]["label"] == str(survey)
    assert card["items"][0]["hint"] == "Open, 1 response"
    assert home_card(request) is None


def test_a_written_question_counts_answers_without_percentages(personas):
    survey = make_survey()
    add_response(survey, {"long-text": "Shorter briefings"})

    written = services.survey_results(survey).tallies[2]

    assert written.question.kind == QuestionKind.LONG_TEXT
    assert written.answered == 1
    assert written.texts == ["Shorter briefings"]
    assert services.positive_share(written) is None
