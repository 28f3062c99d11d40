"""A group member reads a meeting's page: details, decisions and actions, accessibly."""

from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.core import roles
from hub.governance.models import Group, Membership
from hub.governance.services import ActionRequest, record_decision, record_minutes, schedule_meeting
from hub.testing import make_agency, make_user

pytestmark = BROWSER_TEST


def test_meeting_page_is_accessible_to_a_group_member(page, sign_in_browser):
    health = make_agency("Health trust", short_code="trust")
    member = make_user("member@example.org", agency=health, roles_=(roles.PRACTITIONER,))
    officer = make_user("officer@example.org", roles_=(roles.BUSINESS_UNIT,))
    group = Group.objects.create(
        name="Performance and Learning Group",
        slug="performance-and-learning",
        short_name="PLG",
        purpose="Checks how well agencies work together and what they learn from reviews.",
    )
    Membership.objects.create(group=group, person=member, agency=health, started_on=date(2020, 1, 1))
    starts_at = timezone.make_aware(datetime(2030, 6, 12, 10, 0))
    meeting = schedule_meeting(
        actor=officer,
        group=group,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        joining_link="https://teams.microsoft.com/l/meetup-join/plg",
    )
    record_decision(
        actor=officer,
        meeting=meeting,
        text="Agencies will report on the new neglect toolkit at the next meeting.",
        actions=[ActionRequest(title="Report on the neglect toolkit", owner_agency=health, due_on=date(2030, 9, 1))],
    )
    record_minutes(actor=officer, meeting=meeting, text="The group welcomed the new toolkit.")

    sign_in_browser(member)
    page.goto(reverse("governance:meeting-detail", kwargs={"slug": group.slug, "meeting_uuid": meeting.uuid}))

    expect(page.locator("h1")).to_have_count(1)
    expect(page.get_by_text("Report on the neglect toolkit")).to_be_visible()
    assert_accessible(page, "meeting")
