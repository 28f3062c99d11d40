"""Courses made in response to tracker actions, as the action page and improvement themes list them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from hub.core.periods import FinancialYear
from hub.core.registry import registry
from hub.core.tests.permission_matrix_actions import make_action
from hub.training.models import Booking, Evaluation, ImpactRequest, ImpactResponse
from hub.training.outputs import outputs_for_actions
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event

pytestmark = pytest.mark.django_db

ATTENDED = Booking.Status.ATTENDED


def _attend(event, *, before=None, after=None, asked=False, answered=False, chosen=False, words="I ask more"):
    booking = make_booking(event, status=ATTENDED)
    if before is not None:
        Evaluation.objects.create(
            booking=booking,
            confidence_before=before,
            confidence_after=after,
            content_rating=5,
            trainer_rating=5,
            materials_rating=4,
            overall_rating=5,
            will_do_differently="Use the tool.",
        )
    if asked:
        request = ImpactRequest.objects.create(
            booking=booking, due_on=date(2022, 1, 1), sent_at=timezone.now() - timedelta(days=1)
        )
        if answered:
            ImpactResponse.objects.create(
                request=request,
                practice_change=words,
                difference_for_children="Children are heard.",
                chosen_for_report=chosen,
            )
    return booking


def test_a_linked_course_shows_its_attendance_evaluations_and_impact_follow_ups(personas):
    action = make_action(personas, title="Train practitioners on cumulative harm")
    course = make_course("Cumulative harm", slug="cumulative-harm", summary="Seeing harm build up over time.")
    course.actions.add(action)
    event = make_event(course, starts_at=local_datetime(date(2021, 6, 7)))
    _attend(event, before=4, after=8, asked=True, answered=True)
    _attend(event, before=5, after=8, asked=True, answered=True)
    _attend(event, before=6, after=9, asked=True)
    _attend(event)
    make_booking(event, status=Booking.Status.NO_SHOW)

    [output] = outputs_for_actions([action.pk])

    assert output.action_id == action.pk
    assert output.kind == "Course"
    assert output.title == "Cumulative harm"
    assert output.url == "/training/courses/cumulative-harm/"
    assert output.summary == "Seeing harm build up over time."
    assert output.evidence == [
        "4 people attended",
        "3 evaluations; average confidence rose from 5.0 to 8.3 out of 10",
        "2 impact follow-ups answered of 3 sent (67%)",
    ]


def test_with_a_year_only_that_years_runs_count(personas):
    action = make_action(personas)
    course = make_course("Voice of the child")
    course.actions.add(action)
    _attend(make_event(course, starts_at=local_datetime(date(2021, 6, 7))), before=3, after=7)
    _attend(make_event(course, starts_at=local_datetime(date(2022, 6, 7))))
    _attend(make_event(course, starts_at=local_datetime(date(2022, 7, 7))))

    [in_2021] = outputs_for_actions([action.pk], year=FinancialYear(2021))
    [in_2022] = outputs_for_actions([action.pk], year=FinancialYear(2022))
    [in_2023] = outputs_for_actions([action.pk], year=FinancialYear(2023))

    assert in_2021.evidence == [
        "1 person attended in 2021/22",
        "1 evaluation; average confidence rose from 3.0 to 7.0 out of 10",
    ]
    assert in_2022.evidence == ["2 people attended in 2022/23"]
    assert in_2023.evidence == ["Nobody attended in 2023/24"]


def test_only_a_response_chosen_for_the_report_is_quoted(personas):
    action = make_action(personas)
    course = make_course()
    course.actions.add(action)
    event = make_event(course, starts_at=local_datetime(date(2021, 9, 1)))
    _attend(event, asked=True, answered=True, words="Private reflection nobody chose")
    _attend(event, asked=True, answered=True, chosen=True, words="I now  record the child's words\nas they said them")

    [output] = outputs_for_actions([action.pk])

    assert output.evidence[-1] == "In a practitioner's words: “I now record the child's words as they said them”"
    assert "Private reflection" not in " ".join(output.evidence)


def test_an_unpublished_course_is_listed_without_a_link_and_unlinked_courses_are_left_out(personas):
    action = make_action(personas)
    other = make_action(personas, title="Another action")
    draft = make_course("Draft course", is_published=False)
    draft.actions.add(action)
    make_course("Unrelated course").actions.add(other)

    [output] = outputs_for_actions([action.pk])

    assert (output.title, output.url, output.evidence) == ("Draft course", "", ["Nobody has attended yet"])
    assert outputs_for_actions([]) == []


def test_one_course_answering_two_actions_is_listed_for_each(personas):
    first, second = make_action(personas, title="First"), make_action(personas, title="Second")
    course = make_course("Shared course")
    course.actions.add(first, second)

    outputs = outputs_for_actions([first.pk, second.pk])

    assert sorted(output.action_id for output in outputs) == sorted([first.pk, second.pk])


def test_the_provider_is_registered_and_asks_a_fixed_number_of_queries(personas, django_assert_num_queries):
    actions = [make_action(personas, title=f"Action {number}") for number in range(3)]
    for number, action in enumerate(actions):
        course = make_course(f"Course for action {number}")
        course.actions.add(action)
        _attend(make_event(course, starts_at=local_datetime(date(2021, 6, 7))), before=2, after=6)

    assert registry.action_outputs["training"] is outputs_for_actions
    with django_assert_num_queries(4):
        outputs = outputs_for_actions([action.pk for action in actions])
    assert len(outputs) == 3
