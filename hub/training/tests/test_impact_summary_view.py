"""The business unit's evaluation and impact page, and choosing quotes for the yearly report."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.core.audit import entries_for
from hub.testing import assert_same_query_count, make_user
from hub.training.models import Booking, Evaluation, ImpactRequest, ImpactResponse
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event

pytestmark = pytest.mark.django_db

URL = reverse("training:impact-summary")


def answered(course, *, day=date(2024, 7, 1), text="I listen to children first.", chosen=False):
    event = make_event(course, starts_at=local_datetime(day))
    booking = make_booking(event, make_user(first_name="Ola", last_name="Nwosu"), status=Booking.Status.ATTENDED)
    Evaluation.objects.create(
        booking=booking,
        confidence_before=4,
        confidence_after=9,
        content_rating=5,
        trainer_rating=5,
        materials_rating=5,
        overall_rating=5,
        will_do_differently="Listen.",
    )
    request = ImpactRequest.objects.create(booking=booking, due_on=day, sent_at=timezone.now())
    return ImpactResponse.objects.create(
        request=request,
        practice_change=text,
        difference_for_children="Plans say what children want.",
        chosen_for_report=chosen,
    )


def test_the_page_shows_the_years_figures_and_answers(client_for, personas, frozen_now):
    course = make_course("Signs of Safety")
    answered(course, text="I use the three houses tool.")
    response = client_for(personas.business_unit).get(URL, {"year": "2024-25"})
    html = response.content.decode()
    assert "Training evaluation and impact" in html
    assert "4.0 before, 9.0 after: a change of +5.0" in html
    assert "1 answered of 1 sent (100%)" in html
    assert "Signs of Safety" in html
    assert "I use the three houses tool." in html
    assert "Choose for the report" in html


def test_the_current_year_is_shown_by_default(client_for, personas, frozen_now):
    answered(make_course("Old course"), text="Last year's answer.")
    response = client_for(personas.business_unit).get(URL)
    assert response.context["year"].label == "2025/26"
    assert "Last year's answer." not in response.content.decode()


def test_choosing_a_quote_puts_it_in_the_report_and_is_audited(client_for, personas, frozen_now):
    quote = answered(make_course("Neglect"))
    client = client_for(personas.business_unit)
    response = client.post(
        reverse("training:impact-quote-choose", kwargs={"uuid": quote.uuid}),
        {"chosen": "1", "back": "year=2024-25&page=1&evil=1"},
    )
    assert response["Location"] == f"{URL}?year=2024-25&page=1#quote-{quote.uuid}"
    quote.refresh_from_db()
    assert quote.chosen_for_report
    [entry] = entries_for(quote)
    assert (entry.action, entry.actor) == ("training.impact.quote_chosen", personas.business_unit)
    html = client.get(URL, {"year": "2024-25"}).content.decode()
    assert "In the report" in html and "Take out of the report" in html

    client.post(reverse("training:impact-quote-choose", kwargs={"uuid": quote.uuid}), {"chosen": "0"})
    quote.refresh_from_db()
    assert not quote.chosen_for_report
    assert entries_for(quote)[0].action == "training.impact.quote_removed"


def test_a_choice_without_a_value_changes_nothing(client_for, personas, frozen_now):
    quote = answered(make_course("Neglect"))
    response = client_for(personas.business_unit).post(
        reverse("training:impact-quote-choose", kwargs={"uuid": quote.uuid}), {}, follow=True
    )
    assert "Choose whether to quote the response in the report" in response.content.decode()
    quote.refresh_from_db()
    assert not quote.chosen_for_report


def test_only_the_business_unit_sees_the_page_or_chooses_quotes(client_for, personas, frozen_now):
    quote = answered(make_course("Neglect"))
    for person in (personas.practitioner, personas.executive, personas.scrutineer):
        client = client_for(person)
        assert client.get(URL).status_code == 404
        choose = reverse("training:impact-quote-choose", kwargs={"uuid": quote.uuid})
        assert client.post(choose, {"chosen": "1"}).status_code == 404
    quote.refresh_from_db()
    assert not quote.chosen_for_report


def test_choosing_needs_a_post(client_for, personas, frozen_now):
    quote = answered(make_course("Neglect"))
    url = reverse("training:impact-quote-choose", kwargs={"uuid": quote.uuid})
    assert client_for(personas.business_unit).get(url).status_code == 405


def test_the_page_costs_the_same_queries_for_1_and_50_answers(client_for, personas, frozen_now):
    courses = [make_course(f"Course {n}") for n in range(3)]

    def make_rows(count):
        for number in range(count):
            answered(courses[number % 3], day=date(2024, 5, 1 + number % 28))

    client = client_for(personas.business_unit)
    response = assert_same_query_count(client, URL + "?year=2024-25", make_rows)
    assert len(response.context["quotes"]) == 25
    assert response.context["page"].paginator.count == 50
