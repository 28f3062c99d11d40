"""The trainer's list of events: only the events they deliver; every event for the business unit."""

from datetime import timedelta

import pytest
from django.urls import reverse

from hub.core import roles
from hub.core.views.accounts import account_sections
from hub.testing import assert_same_query_count, make_user
from hub.training.models import Booking, Event
from hub.training.tests.factories import make_booking, make_course, make_event

pytestmark = pytest.mark.django_db

URL = reverse("training:trainer-events")


@pytest.fixture
def trainer():
    return make_user("trainer@example.org", roles_=(roles.TRAINER,))


def test_a_trainer_sees_only_the_events_they_deliver(client_for, trainer, frozen_now):
    theirs = make_event(make_course("Cumulative harm", trainers=[trainer]))
    named_on_event = make_event(make_course("Voice of the child"), trainers=[trainer])
    someone_elses = make_event(make_course("Neglect toolkit", trainers=[make_user()]))
    replaced = make_event(make_course("Professional curiosity", trainers=[trainer]), trainers=[make_user()])
    html = client_for(trainer).get(URL).content.decode()
    assert "Cumulative harm" in html
    assert "Voice of the child" in html
    assert "Neglect toolkit" not in html
    assert "Professional curiosity" not in html
    assert reverse("training:register", kwargs={"uuid": theirs.uuid}) in html
    assert reverse("training:register", kwargs={"uuid": named_on_event.uuid}) in html
    assert reverse("training:register", kwargs={"uuid": someone_elses.uuid}) not in html
    assert reverse("training:register", kwargs={"uuid": replaced.uuid}) not in html


def test_past_events_show_how_much_of_the_register_is_taken(client_for, trainer, frozen_now):
    event = make_event(make_course("Child sexual abuse", trainers=[trainer]), starts_at=frozen_now - timedelta(days=3))
    make_booking(event, status=Booking.Status.ATTENDED)
    make_booking(event)
    upcoming = client_for(trainer).get(URL).content.decode()
    assert "Child sexual abuse" not in upcoming
    past = client_for(trainer).get(URL + "?show=past").content.decode()
    assert "Child sexual abuse" in past
    assert "1 of 2 marked" in past


def test_someone_who_delivers_an_event_without_the_trainer_role_sees_it(client_for, frozen_now):
    colleague = make_user("guest.speaker@example.org")
    make_event(make_course("CP conference", trainers=[colleague]))
    assert "CP conference" in client_for(colleague).get(URL).content.decode()


def test_people_who_deliver_nothing_get_404(client_for, personas):
    assert client_for(personas.practitioner).get(URL).status_code == 404


def test_the_business_unit_sees_every_event(client_for, personas, frozen_now):
    make_event(make_course("Neglect toolkit", trainers=[make_user()]))
    html = client_for(personas.business_unit).get(URL).content.decode()
    assert '<h1 class="govuk-heading-l">Registers</h1>' in html
    assert "Neglect toolkit" in html


def test_the_list_costs_the_same_queries_for_1_and_50_events(client_for, trainer, frozen_now):
    client = client_for(trainer)

    def make_rows(count):
        for _ in range(count):
            event = make_event(make_course(trainers=[trainer]))
            make_booking(event)

    response = assert_same_query_count(client, URL, make_rows)
    assert response.content.decode().count("Take the register") == 50


def test_the_account_page_lists_a_trainers_next_events(rf, trainer, frozen_now):
    event = make_event(make_course("Safeguarding managers and DSLs", trainers=[trainer]))
    request = rf.get("/account/")
    request.user = trainer
    [section] = [s for s in account_sections(request) if s["title"] == "Your training events"]
    assert section["items"][0]["label"] == "Safeguarding managers and DSLs"
    assert section["items"][0]["url"] == reverse("training:register", kwargs={"uuid": event.uuid})
    assert Event.objects.count() == 1
