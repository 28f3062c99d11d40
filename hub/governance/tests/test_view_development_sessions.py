from datetime import date

import pytest
from django.urls import reverse

from hub.governance.models import DevelopmentSession
from hub.governance.tests.factories import make_membership
from hub.testing import make_user

pytestmark = pytest.mark.django_db
URL = reverse("governance:development-sessions")


@pytest.fixture
def session(db):
    return DevelopmentSession.objects.create(
        held_on=date(2021, 4, 21),
        topic="Signs of Safety Practice Framework",
        questions="How do the values align?\nWhere can we embed the framework?",
        outcomes="Partners agreed to embed it.",
        attendees_count=46,
    )


def test_partnership_people_see_topics_questions_and_outcomes(client_for, personas, session):
    html = client_for(personas.practitioner).get(URL).content.decode()
    assert "Signs of Safety Practice Framework" in html
    assert "<li>How do the values align?</li>" in html
    assert "Partners agreed to embed it." in html
    assert "21 April 2021" in html


def test_group_members_without_a_role_see_them(client_for, group, session):
    person = make_user()
    make_membership(group, person)
    assert client_for(person).get(URL).status_code == 200


def test_people_outside_the_partnership_get_404(client_for, personas, session):
    assert client_for(personas.outsider).get(URL).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, session):
    assert client.get(URL).status_code == 302


def test_the_list_runs_the_same_number_of_queries_for_1_and_50_sessions(client_for, personas):
    from hub.testing import assert_same_query_count

    def make_rows(count):
        start = DevelopmentSession.objects.count()
        for number in range(start, start + count):
            DevelopmentSession.objects.create(
                held_on=date(2021, 4, 1), topic=f"Session {number}", questions="Q", outcomes="O", attendees_count=10
            )

    response = assert_same_query_count(client_for(personas.practitioner), URL, make_rows)
    assert "Session 49" in response.content.decode()
