"""The impact follow-up form: the delegate says how the course changed their practice, once."""

from datetime import timedelta

import pytest
from django.urls import reverse

from hub.core.audit import entries_for
from hub.core.models import Theme
from hub.testing import make_user
from hub.training.models import Booking, ImpactRequest, ImpactResponse
from hub.training.tests.factories import make_booking, make_course, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes(db):
    return [
        Theme.objects.create(name="Voice and lived experience of the child", slug="voice"),
        Theme.objects.create(name="Cumulative harm and risk assessment", slug="cumulative-harm"),
        Theme.objects.create(name="Retired theme", slug="retired", is_active=False),
    ]


@pytest.fixture
def impact_request(personas, frozen_now):
    event = make_event(make_course("Safeguarding managers and DSLs"), starts_at=frozen_now - timedelta(days=90))
    booking = make_booking(event, personas.practitioner, status=Booking.Status.ATTENDED)
    return ImpactRequest.objects.create(booking=booking, due_on=frozen_now.date(), sent_at=frozen_now)


def _url(impact_request) -> str:
    return reverse("training:impact-respond", kwargs={"uuid": impact_request.uuid})


def test_the_delegate_sees_the_questions_and_the_active_themes(client_for, personas, impact_request, themes):
    html = client_for(personas.practitioner).get(_url(impact_request)).content.decode()
    assert "How has the course made a difference?" in html
    assert "Safeguarding managers and DSLs, 31 January 2025" in html
    assert "How has the course changed your practice?" in html
    assert "What difference has it made for children and families?" in html
    assert "Voice and lived experience of the child" in html
    assert "Retired theme" not in html


def test_answering_stores_the_response_with_its_themes(client_for, personas, impact_request, themes, frozen_now):
    response = client_for(personas.practitioner).post(
        _url(impact_request),
        {
            "practice_change": "I now hold reflective supervision every month.",
            "difference_for_children": "Plans for children reflect what they told us.",
            "impact_themes": [themes[0].pk],
        },
        follow=True,
    )
    stored = ImpactResponse.objects.get(request=impact_request)
    assert stored.practice_change == "I now hold reflective supervision every month."
    assert stored.answered_at == frozen_now
    assert list(stored.impact_themes.all()) == [themes[0]]
    assert not stored.chosen_for_report
    html = response.content.decode()
    assert "What you told us has been sent to the Impact Forum" in html
    assert "You have told us about the impact of this course" in html
    [entry] = entries_for(impact_request.booking)
    assert entry.action == "training.impact.answered"
    assert entry.data == {"themes": ["voice"]}


def test_missing_answers_get_govuk_errors(client_for, personas, impact_request, themes):
    response = client_for(personas.practitioner).post(
        _url(impact_request), {"practice_change": "", "difference_for_children": " ", "impact_themes": ["999"]}
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter how the course has changed your practice" in html
    assert "Enter what difference it has made for children and families" in html
    assert "Select practice themes from the list" in html
    assert not ImpactResponse.objects.exists()


def test_a_follow_up_is_answered_once(client_for, personas, impact_request):
    client = client_for(personas.practitioner)
    answers = {"practice_change": "First answer.", "difference_for_children": "Clearer plans."}
    client.post(_url(impact_request), answers)
    response = client.post(_url(impact_request), {**answers, "practice_change": "Second answer."})
    assert "You have told us about the impact of this course" in response.content.decode()
    assert ImpactResponse.objects.get().practice_change == "First answer."


def test_nobody_else_can_see_or_answer_it(client_for, personas, impact_request):
    answers = {"practice_change": "Not mine.", "difference_for_children": "Not mine."}
    for person in (personas.manager, personas.business_unit, make_user()):
        client = client_for(person)
        assert client.get(_url(impact_request)).status_code == 404
        assert client.post(_url(impact_request), answers).status_code == 404
    assert not ImpactResponse.objects.exists()


def test_a_follow_up_not_yet_sent_is_not_found(client_for, personas, impact_request):
    ImpactRequest.objects.filter(pk=impact_request.pk).update(sent_at=None)
    assert client_for(personas.practitioner).get(_url(impact_request)).status_code == 404


def test_the_account_page_asks_for_open_follow_ups_and_week_evaluations(client_for, personas, impact_request):
    from hub.training.tests.factories import make_week

    week = make_week("Safeguarding week autumn", starts_on=impact_request.due_on - timedelta(days=30))
    session = make_event(starts_at=impact_request.sent_at - timedelta(days=30), week=week)
    make_booking(session, personas.practitioner, status=Booking.Status.ATTENDED)
    client = client_for(personas.practitioner)
    html = client.get(reverse("core:account")).content.decode()
    assert "Tell us about your training" in html
    assert "Tell us how Safeguarding managers and DSLs changed your practice" in html
    assert _url(impact_request) in html
    assert reverse("training:week-evaluate", kwargs={"slug": week.slug}) in html

    ImpactResponse.objects.create(request=impact_request, practice_change="x", difference_for_children="y")
    week.evaluations.create(person=personas.practitioner, overall_rating=4, relevance_rating=4, organisation_rating=4)
    assert "Tell us about your training" not in client.get(reverse("core:account")).content.decode()
