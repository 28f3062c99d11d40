"""The register: trainers and the business unit mark who attended, on one form that works on a tablet."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from hub.core import roles
from hub.core.audit import entries_for
from hub.core.errors import DomainError
from hub.core.models import AuditEntry
from hub.testing import make_user
from hub.training import services
from hub.training.forms import RegisterForm
from hub.training.models import Booking, BookingBlock, Charge
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event, training_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer():
    return make_user("trainer@example.org", first_name="Robin", last_name="Hale", roles_=(roles.TRAINER,))


@pytest.fixture
def event(frozen_now, trainer):
    course = make_course("Signs of Safety in practice", trainers=[trainer], non_attendance_charge=Decimal("90.00"))
    # Started an hour ago: the register can be taken.
    return make_event(course, starts_at=frozen_now - timedelta(hours=1), hours=6)


@pytest.fixture
def delegates(event, personas):
    people = [
        make_user("ali.brook@example.org", first_name="Ali", last_name="Brook", agency=personas.agency_a),
        make_user("cam.dale@example.org", first_name="Cam", last_name="Dale", agency=personas.agency_b),
        make_user("eli.fenn@example.org", first_name="Eli", last_name="Fenn", agency=personas.agency_a),
    ]
    return [make_booking(event, person, manager_email=f"manager.{n}@example.org") for n, person in enumerate(people)]


def _field(booking: Booking) -> str:
    return f"{RegisterForm.PREFIX}{booking.uuid}"


def _url(event) -> str:
    return reverse("training:register", kwargs={"uuid": event.uuid})


def test_the_trainer_sees_every_delegate_with_three_large_radio_choices(client_for, trainer, event, delegates):
    response = client_for(trainer).get(_url(event))
    assert response.status_code == 200
    html = response.content.decode()
    for booking in delegates:
        assert booking.person.full_name in html
        for status in (Booking.Status.ATTENDED, Booking.Status.PARTLY_ATTENDED, Booking.Status.NO_SHOW):
            assert f'name="{_field(booking)}" type="radio" value="{status}"' in html
    assert html.count("govuk-radios--inline") == 3
    assert "Agency B." in html
    assert "Save the register" in html


def test_the_register_lists_only_people_with_a_place(client_for, trainer, event, delegates, personas):
    waiting = make_booking(event, make_user(first_name="Wren", last_name="Waiting"), status=Booking.Status.WAITLISTED)
    cancelled = make_booking(
        event, make_user(first_name="Cass", last_name="Cancelled"), status=Booking.Status.CANCELLED
    )
    html = client_for(trainer).get(_url(event)).content.decode()
    assert waiting.person.full_name not in html
    assert cancelled.person.full_name not in html


def test_saving_the_register_marks_each_changed_row_and_records_charges(
    client_for, trainer, event, delegates, django_capture_on_commit_callbacks
):
    ali, cam, eli = delegates
    client = client_for(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(event),
            {_field(ali): Booking.Status.ATTENDED, _field(cam): Booking.Status.NO_SHOW, _field(eli): ""},
            follow=True,
        )
    assert response.redirect_chain[-1][0] == _url(event)
    for booking in delegates:
        booking.refresh_from_db()
    assert ali.status == Booking.Status.ATTENDED
    assert ali.attendance_marked_by == trainer
    assert cam.status == Booking.Status.NO_SHOW
    assert eli.status == Booking.Status.CONFIRMED
    charge = Charge.objects.get(booking=cam)
    assert (charge.reason, charge.amount, charge.agency) == (Charge.Reason.NO_SHOW, Decimal("90.00"), cam.person.agency)
    html = response.content.decode()
    assert "Register saved: 1 attended, 1 did not attend" in html
    assert "Non-attendance charge of £90.00 recorded for Cam Dale (Agency B)" in html
    assert [entry.action for entry in entries_for(ali)] == ["training.booking.attended"]
    assert {entry.action for entry in entries_for(cam)} == {"training.booking.no_show", "training.charge.created"}
    # The no-show notice goes to the delegate, copied to their line manager.
    [notice] = mail.outbox
    assert notice.to == [cam.person.email]
    assert notice.cc == ["manager.1@example.org"]


def test_the_form_remembers_what_was_marked_before(client_for, trainer, event, delegates):
    ali = delegates[0]
    services.mark_attendance(booking=ali, status=Booking.Status.PARTLY_ATTENDED, actor=trainer)
    html = client_for(trainer).get(_url(event)).content.decode()
    assert f'name="{_field(ali)}" type="radio" value="partly-attended" checked' in html
    assert "Marked</dt>" in html and "1 of 3 delegates" in html


def test_a_repeat_no_show_is_told_they_are_now_blocked(
    client_for, trainer, event, delegates, django_capture_on_commit_callbacks
):
    training_settings(no_show_block_count=2, no_show_block_months=12)
    cam = delegates[1]
    earlier = make_event(make_course(), starts_at=event.starts_at - timedelta(days=60))
    make_booking(earlier, cam.person, status=Booking.Status.NO_SHOW)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(trainer).post(_url(event), {_field(cam): Booking.Status.NO_SHOW}, follow=True)
    assert BookingBlock.objects.filter(person=cam.person, lifted_at__isnull=True).exists()
    html = response.content.decode()
    assert "Cam Dale has now missed too many courses and cannot book training for themselves" in html
    assert {message.subject for message in mail.outbox} == {
        "You did not attend: Signs of Safety in practice",
        "You cannot book training at the moment",
    }
    # The next visit shows the block beside the delegate's name.
    assert "Cannot book training for themselves until the business unit lifts a block" in (
        client_for(trainer).get(_url(event)).content.decode()
    )


def test_correcting_a_no_show_to_attended_waives_its_charge(client_for, trainer, event, delegates):
    cam = delegates[1]
    client = client_for(trainer)
    client.post(_url(event), {_field(cam): Booking.Status.NO_SHOW})
    client.post(_url(event), {_field(cam): Booking.Status.ATTENDED})
    charge = Charge.objects.get(booking=cam)
    assert charge.waived
    assert charge.waived_reason == "The register was corrected: the delegate attended"


def test_saving_without_changes_says_so_and_writes_nothing(client_for, trainer, event, delegates):
    response = client_for(trainer).post(_url(event), {}, follow=True)
    assert "Nothing was changed on the register" in response.content.decode()
    assert not AuditEntry.objects.filter(action__startswith="training.booking.").exists()


def test_an_unknown_answer_is_shown_as_an_error(client_for, trainer, event, delegates):
    response = client_for(trainer).post(_url(event), {_field(delegates[0]): "asleep"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Select whether Ali Brook attended" in html
    delegates[0].refresh_from_db()
    assert delegates[0].status == Booking.Status.CONFIRMED


def test_the_register_is_saved_all_or_nothing(client_for, trainer, event, delegates, monkeypatch):
    ali, cam, _ = delegates
    real = services.mark_attendance
    calls = []

    def refuse_the_second(**kwargs):
        calls.append(kwargs["booking"].pk)
        if len(calls) == 2:
            raise DomainError("This booking changed while you were taking the register")
        return real(**kwargs)

    monkeypatch.setattr("hub.training.views.register.mark_attendance", refuse_the_second)
    response = client_for(trainer).post(
        _url(event), {_field(ali): Booking.Status.ATTENDED, _field(cam): Booking.Status.NO_SHOW}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This booking changed while you were taking the register" in html
    # The trainer's choices are still selected, and nothing was saved.
    assert f'name="{_field(cam)}" type="radio" value="no-show" checked' in html
    ali.refresh_from_db()
    assert ali.status == Booking.Status.CONFIRMED
    assert not Charge.objects.exists()


def test_before_the_course_starts_the_register_lists_delegates_without_the_form(
    client_for, trainer, personas, frozen_now
):
    course = make_course("Harmful sexual behaviour", trainers=[trainer])
    upcoming = make_event(course, starts_at=local_datetime(frozen_now.date() + timedelta(days=3)))
    booking = make_booking(upcoming, make_user(first_name="Dee", last_name="Early"))
    client = client_for(trainer)
    html = client.get(_url(upcoming)).content.decode()
    assert "You can take the register once the course has started, at 9:30am on Sunday 4 May 2025" in html
    assert "Dee Early" in html
    assert 'type="radio"' not in html
    response = client.post(_url(upcoming), {_field(booking): Booking.Status.ATTENDED})
    assert "The register can be taken once the course has started" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_the_business_unit_can_take_any_register(client_for, personas, event, delegates):
    client = client_for(personas.business_unit)
    assert client.get(_url(event)).status_code == 200
    client.post(_url(event), {_field(delegates[0]): Booking.Status.ATTENDED})
    delegates[0].refresh_from_db()
    assert delegates[0].attendance_marked_by == personas.business_unit


def test_another_trainer_gets_404_and_changes_nothing(client_for, event, delegates):
    other = make_user("other.trainer@example.org", roles_=(roles.TRAINER,))
    client = client_for(other)
    assert client.get(_url(event)).status_code == 404
    assert client.post(_url(event), {_field(delegates[0]): Booking.Status.NO_SHOW}).status_code == 404
    delegates[0].refresh_from_db()
    assert delegates[0].status == Booking.Status.CONFIRMED


def test_trainers_named_on_the_event_replace_the_course_trainers(client_for, trainer, event, delegates):
    stand_in = make_user("stand.in@example.org", roles_=(roles.TRAINER,))
    event.trainers.set([stand_in])
    assert client_for(stand_in).get(_url(event)).status_code == 200
    assert client_for(trainer).get(_url(event)).status_code == 404


def test_a_delegate_cannot_take_the_register(client_for, event, delegates):
    assert client_for(delegates[0].person).get(_url(event)).status_code == 404


def test_the_register_page_shows_the_charges_of_the_event(client_for, personas, event, delegates):
    cam = delegates[1]
    services.mark_attendance(booking=cam, status=Booking.Status.NO_SHOW, actor=personas.business_unit)
    html = client_for(personas.business_unit).get(_url(event)).content.decode()
    assert "Charges for this course date" in html
    assert "£90.00" in html
    assert reverse("training:charge-waive", kwargs={"uuid": Charge.objects.get().uuid}) in html
