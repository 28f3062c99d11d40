"""A trainer takes the register on a tablet: one form, large targets, no accessibility violations."""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.core import roles
from hub.testing import make_agency, make_user
from hub.training.models import Booking, Charge
from hub.training.tests.factories import make_booking, make_course, make_event

pytestmark = BROWSER_TEST

TABLET = {"width": 768, "height": 1024}


def test_a_trainer_marks_the_register_on_a_tablet(page, sign_in_browser):
    trainer = make_user("trainer@example.org", first_name="Robin", last_name="Hale", roles_=(roles.TRAINER,))
    police = make_agency("Constabulary", short_code="police")
    course = make_course("Signs of Safety in practice", trainers=[trainer], non_attendance_charge=Decimal("90"))
    event = make_event(course, starts_at=timezone.now() - timedelta(hours=2), hours=6)
    bookings = [
        make_booking(event, make_user(first_name=first, last_name=last, agency=police))
        for first, last in (("Ali", "Brook"), ("Cam", "Dale"), ("Eli", "Fenn"))
    ]

    page.set_viewport_size(TABLET)
    sign_in_browser(trainer)
    page.goto(reverse("training:register", kwargs={"uuid": event.uuid}))
    expect(page.locator("h1")).to_have_text("Register")
    assert_accessible(page, "register-tablet")

    # Each choice is a large target for a finger (GOV.UK radios are 44 by 44 pixels), within the screen.
    ali = page.get_by_role("group", name="Ali Brook")
    for label in ("Attended", "Partly attended", "Did not attend"):
        target = ali.get_by_label(label, exact=True).bounding_box()
        assert target["width"] >= 44 and target["height"] >= 44
        text = ali.get_by_text(label, exact=True).bounding_box()
        assert text["x"] + text["width"] <= TABLET["width"]
    ali.get_by_text("Attended", exact=True).click()
    page.get_by_role("group", name="Cam Dale").get_by_text("Did not attend").click()
    page.get_by_role("group", name="Eli Fenn").get_by_text("Partly attended").click()
    page.get_by_role("button", name="Save the register").click()

    expect(page.get_by_text("Register saved: 1 attended, 1 did not attend, 1 partly attended")).to_be_visible()
    expect(page.get_by_text("Non-attendance charge of £90.00 recorded for Cam Dale (Constabulary)")).to_be_visible()
    assert_accessible(page, "register-tablet-saved")
    statuses = {booking.person.last_name: Booking.objects.get(pk=booking.pk).status for booking in bookings}
    assert statuses == {"Brook": "attended", "Dale": "no-show", "Fenn": "partly-attended"}
    assert Charge.objects.get().booking == bookings[1]
