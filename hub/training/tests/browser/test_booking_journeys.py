"""Practitioners booking, joining a waiting list, cancelling late and reading /account/training/, in a real
browser, with every page checked by axe-core."""

import re
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.core import roles
from hub.testing import make_agency, make_user
from hub.training.models import Booking, Charge
from hub.training.tests.factories import (
    local_datetime,
    make_booking,
    make_course,
    make_course_waiting_list_entry,
    make_event,
)

pytestmark = BROWSER_TEST


def _practitioner():
    agency = make_agency("County Durham and Darlington NHS Foundation Trust", short_code="cddft")
    return make_user(
        "sam.practitioner@example.org",
        agency=agency,
        first_name="Sam",
        last_name="Practitioner",
        roles_=(roles.PRACTITIONER,),
    )


def _in_days(days: int):
    return local_datetime(timezone.localdate() + timedelta(days=days))


def test_booking_a_place_from_the_event_page(page, sign_in_browser):
    person = _practitioner()
    course = make_course(
        "Understanding cumulative harm",
        late_cancellation_charge=Decimal("50"),
        non_attendance_charge=Decimal("90"),
    )
    event = make_event(course, starts_at=_in_days(30), venue_name="Partnership Training Room")
    sign_in_browser(person)

    page.goto(reverse("training:event", kwargs={"uuid": event.uuid}))
    page.get_by_role("button", name=re.compile(r"^Book")).click()
    expect(page.locator("h1")).to_have_text("Book a place")
    expect(page.get_by_text("You can cancel free of charge until")).to_be_visible()
    assert_accessible(page, "booking-confirm")

    page.get_by_role("button", name="Confirm booking").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Your place is booked")
    assert_accessible(page, "booking-confirmed")
    assert Booking.objects.get(person=person).status == Booking.Status.CONFIRMED


def test_a_course_needing_approval_shows_an_accessible_error_for_a_missing_manager(page, sign_in_browser):
    person = _practitioner()
    event = make_event(make_course("Signs of Safety", needs_manager_approval=True), starts_at=_in_days(30))
    sign_in_browser(person)

    page.goto(reverse("training:event-book", kwargs={"uuid": event.uuid}))
    page.get_by_role("button", name="Ask my line manager").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your line manager's e-mail address")
    assert_accessible(page, "booking-approval-with-errors")

    page.get_by_label("Your line manager's e-mail address").fill("lead@example.org")
    page.get_by_role("button", name="Ask my line manager").click()
    expect(page.locator("h1")).to_have_text("Waiting for your line manager's approval")
    assert_accessible(page, "booking-waiting-for-approval")


def test_joining_the_waiting_list_of_a_full_date(page, sign_in_browser):
    person = _practitioner()
    event = make_event(make_course("Harmful sexual behaviour"), starts_at=_in_days(30), capacity=1)
    make_booking(event)
    sign_in_browser(person)

    page.goto(reverse("training:event", kwargs={"uuid": event.uuid}))
    page.get_by_role("button", name=re.compile(r"^Join the waiting list")).click()
    expect(page.locator("h1")).to_have_text("Join the waiting list")
    expect(page.get_by_text("This date is full.")).to_be_visible()
    assert_accessible(page, "waiting-list-confirm")

    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.locator("h1")).to_have_text("You are on the waiting list")
    expect(page.locator("#waiting-position")).to_have_text("You are number 1 on the waiting list for this date.")
    assert_accessible(page, "waiting-list-joined")


def test_cancelling_late_warns_of_the_charge_first(page, sign_in_browser):
    person = _practitioner()
    course = make_course("Management oversight", late_cancellation_charge=Decimal("50"))
    booking = make_booking(make_event(course, starts_at=_in_days(1)), person)
    sign_in_browser(person)

    page.goto(reverse("training:my-training"))
    page.get_by_role("link", name="Cancel Management oversight").click()
    warning = page.locator("#late-cancellation")
    expect(warning).to_contain_text("This is a late cancellation.")
    expect(warning).to_contain_text("Your agency will be charged £50.")
    assert_accessible(page, "cancel-late")

    page.get_by_role("button", name="Cancel my place").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("your agency will be charged £50")
    assert_accessible(page, "cancelled-late")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert Charge.objects.get(booking=booking).amount == Decimal("50")


def test_the_account_training_page_with_every_section_is_accessible(page, sign_in_browser):
    person = _practitioner()
    now = timezone.now()
    make_booking(make_event(make_course("Neglect toolkit"), starts_at=_in_days(20)), person)
    make_booking(
        make_event(make_course("Voice of the child"), starts_at=_in_days(25)),
        person,
        status=Booking.Status.OFFERED,
        offered_at=now,
        offer_expires_at=now + timedelta(hours=48),
    )
    full = make_event(make_course("Online safety"), starts_at=_in_days(15), capacity=1)
    make_booking(full)
    make_booking(full, person, status=Booking.Status.WAITLISTED)
    make_course_waiting_list_entry(make_course("Child exploitation"), person)
    past = make_event(make_course("Domestic abuse"), starts_at=_in_days(-30))
    make_booking(past, person, status=Booking.Status.NO_SHOW)
    sign_in_browser(person)

    page.goto(reverse("training:my-training"))
    expect(page.locator("h1")).to_have_text("Your training")
    for heading in ("Places offered to you", "Upcoming", "Waiting lists", "History"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    assert_accessible(page, "my-training")

    page.goto(reverse("core:account"))
    expect(page.get_by_role("link", name="Your training")).to_be_visible()
    assert_accessible(page, "account-with-training")
