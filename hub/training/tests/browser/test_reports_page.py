"""The business unit reads the training reports in a real browser, checked by axe-core."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.core import roles
from hub.testing import make_agency, make_user
from hub.training.models import Booking
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event

pytestmark = BROWSER_TEST


def test_the_business_unit_reads_the_training_reports(page, sign_in_browser):
    officer = make_user("officer@example.org", first_name="Jo", last_name="Reed", roles_=(roles.BUSINESS_UNIT,))
    police = make_agency("Constabulary", short_code="police")
    course = make_course("Neglect toolkit")
    event = make_event(course, starts_at=local_datetime(timezone.localdate() + timedelta(days=3)), capacity=2)
    make_booking(event, make_user(agency=police))
    make_booking(event, make_user(agency=police))
    make_booking(event, make_user(agency=police), status=Booking.Status.WAITLISTED)

    sign_in_browser(officer)
    page.goto(reverse("training:reports"))
    expect(page.locator("h1")).to_have_text("Training reports")
    expect(page.get_by_role("table", name="Fill rate by course")).to_contain_text("100")
    expect(page.get_by_role("table", name="People waiting by event")).to_contain_text("Neglect toolkit")
    assert_accessible(page, "training-reports")
