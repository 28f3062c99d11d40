"""Finding a course: the programme with filters applied, a course, a date and the level guidance,
in a real browser, each page checked by axe-core."""

import re
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.core import roles
from hub.core.models import Theme
from hub.testing import make_agency, make_user
from hub.training.models import Course
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event, make_week

pytestmark = BROWSER_TEST


def _in_days(days: int, hour: int = 9):
    return local_datetime(timezone.localdate() + timedelta(days=days), hour=hour, minute=30)


def _programme():
    neglect = Theme.objects.create(name="Neglect", slug="neglect")
    voice = Theme.objects.create(name="Voice and lived experience of the child", slug="voice")
    trainer = make_user("trainer@example.org", first_name="Tara", last_name="Trainer", roles_=(roles.TRAINER,))
    neglect_course = make_course(
        "Neglect: assessing cumulative harm",
        slug="neglect-cumulative-harm",
        summary="How neglect builds up over time and how to evidence it in an assessment.",
        learning_outcomes="Recognise the signs of neglect\nUse the neglect toolkit with families",
        level=3,
        audience="Practitioners who hold case responsibility",
        themes=[neglect],
        trainers=[trainer],
        needs_manager_approval=True,
        late_cancellation_charge=Decimal("50"),
        non_attendance_charge=Decimal("90"),
    )
    open_date = make_event(neglect_course, starts_at=_in_days(20), capacity=12, venue_name="County Hall")
    full_date = make_event(neglect_course, starts_at=_in_days(40), days=2, capacity=1)
    make_booking(full_date)
    online = make_course(
        "Hearing the voice of the child",
        level=2,
        themes=[voice],
        delivery_mode=Course.DeliveryMode.LIVE_ONLINE,
    )
    online_date = make_event(
        online,
        starts_at=_in_days(25, hour=13),
        venue_name="",
        venue_address="",
        joining_link="https://meet.example.org/join/voice",
    )
    return neglect_course, open_date, full_date, online_date


def test_filtering_the_programme_by_theme_and_places_left(page):
    _programme()
    page.goto(reverse("training:programme"))
    expect(page.locator("#courses h2")).to_have_count(2)
    assert_accessible(page, "programme")

    page.get_by_label("Practice theme").select_option(label="Neglect")
    page.get_by_label("Places").select_option(label="Dates with places left")
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"theme=neglect.*availability=places"))
    expect(page.locator("#courses h2")).to_have_text(["Neglect: assessing cumulative harm"])
    expect(page.locator("#courses tbody tr")).to_have_count(1)
    expect(page.get_by_role("status")).to_have_text("1 course matches the filters.")
    assert_accessible(page, "programme-filtered")


def test_the_dates_month_by_month(page):
    _programme()
    page.goto(reverse("training:programme"))
    page.get_by_role("link", name="See all the dates month by month").click()
    expect(page.locator("h1")).to_have_text("Training dates month by month")
    expect(page.locator("tbody tr")).to_have_count(3)
    assert_accessible(page, "programme-dates")


def test_a_mistyped_filter_is_reported_accessibly(page):
    _programme()
    page.goto(reverse("training:programme") + "?month=1999-01")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a month from the list")
    assert_accessible(page, "programme-filter-error")


def test_from_the_programme_to_a_course_and_one_of_its_dates(page):
    course, open_date, _, _ = _programme()
    page.goto(reverse("training:programme"))
    page.get_by_role("link", name="Neglect: assessing cumulative harm").click()

    expect(page.locator("h1")).to_have_text("Neglect: assessing cumulative harm")
    expect(page.get_by_text("If you do not attend, your agency is charged £90.")).to_be_visible()
    # The full date offers its waiting list; the course offers its waiting list for any date.
    expect(page.get_by_role("button", name=re.compile("^Join the waiting list for Neglect"))).to_have_count(1)
    expect(page.get_by_role("button", name="Join the waiting list for any date")).to_be_visible()
    assert_accessible(page, "course")

    page.get_by_role("link", name=re.compile(timezone.localtime(open_date.starts_at).strftime("%-d %B %Y"))).click()
    expect(page.locator("h1")).to_contain_text(timezone.localtime(open_date.starts_at).strftime("%-d %B %Y"))
    expect(page.get_by_text("County Hall")).to_be_visible()
    assert_accessible(page, "event")


def test_a_confirmed_delegate_finds_the_joining_link_on_the_date_page(page, sign_in_browser):
    _, _, _, online_date = _programme()
    person = make_user(
        "sam@example.org", agency=make_agency("Health trust", short_code="trust"), roles_=(roles.PRACTITIONER,)
    )
    make_booking(online_date, person)
    sign_in_browser(person)

    page.goto(reverse("training:event", kwargs={"uuid": online_date.uuid}))

    expect(page.get_by_role("link", name="Join the session online")).to_have_attribute(
        "href", "https://meet.example.org/join/voice"
    )
    expect(page.get_by_text("You are booked")).to_be_visible()
    assert_accessible(page, "event-delegate")


def test_the_level_guidance_page(page):
    page.goto(reverse("training:levels"))
    expect(page.locator("section h2")).to_have_count(4)
    page.get_by_role("link", name="Level 3: Advanced").click()
    expect(page).to_have_url(re.compile("#level-3$"))
    assert_accessible(page, "levels")


def test_a_safeguarding_weeks_sessions_can_be_chosen_together(page, sign_in_browser):
    week = make_week("Safeguarding week", is_published=True, starts_on=timezone.localdate() + timedelta(days=30))
    for number, title in enumerate(["County lines", "Online harms", "Missing from home"]):
        make_event(make_course(title), starts_at=local_datetime(week.starts_on, hour=10 + 2 * number), week=week)
    person = make_user(
        "sam@example.org", agency=make_agency("Health trust", short_code="trust"), roles_=(roles.PRACTITIONER,)
    )
    sign_in_browser(person)

    page.goto(reverse("training:week", kwargs={"slug": week.slug}))

    expect(page.locator("input[name=events]")).to_have_count(3)
    page.get_by_label("Choose Online harms").check()
    assert_accessible(page, "week")
