"""A SPOC writes and submits their agency's assurance report, meeting an error on the way; the business
unit records the executive's question and conclusion. Every page is checked by axe-core."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.core import roles
from hub.learning.assurance.models import AssuranceReport
from hub.learning.tests.assurance.factories import make_executive_meeting, make_plan_item, make_template
from hub.testing import make_agency, make_user

pytestmark = BROWSER_TEST


def _setup():
    agency = make_agency("North East and North Cumbria Integrated Care Board", short_code="icb")
    spoc = make_user(
        "helen.spoc@example.org",
        agency=agency,
        first_name="Helen",
        last_name="Carter",
        roles_=((roles.SPOC, agency),),
    )
    business_unit = make_user(
        "alex.bu@example.org", first_name="Alex", last_name="Morgan", roles_=(roles.BUSINESS_UNIT,)
    )
    item = make_plan_item(
        agency,
        template=make_template(),
        topic="Health assessments for children in care",
        due_on=timezone.localdate() + timedelta(days=14),
    )
    return spoc, business_unit, item


def test_a_spoc_writes_and_submits_an_assurance_report(page, sign_in_browser):
    spoc, business_unit, item = _setup()
    meeting = make_executive_meeting(days_ago=1)
    sign_in_browser(spoc)

    page.goto(reverse("learning:assurance"))
    expect(page.locator("h1")).to_have_text("Assurance reports")
    assert_accessible(page, "assurance-plan-spoc")
    page.get_by_role("button", name=re.compile("Start the report")).click()
    expect(page.locator("h1")).to_have_text("Health assessments for children in care")
    assert_accessible(page, "assurance-report-form")

    page.get_by_label("Improvement outcomes", exact=True).fill("Initial health assessments within 20 working days.")
    page.get_by_role("button", name="Save and continue to submit").click()
    expect(page.locator("h1")).to_have_text("Submit the report")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Answer impact")
    assert_accessible(page, "assurance-submit-incomplete")
    page.get_by_role("button", name="Submit the report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    assert_accessible(page, "assurance-submit-refused")

    page.get_by_role("link", name="Answer impact").click()
    page.get_by_label("Impact", exact=True).fill("Health needs are found and met sooner.")
    page.get_by_label("Amber").check()
    page.get_by_role("button", name="Save and continue to submit").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    page.get_by_role("button", name="Submit the report").click()
    expect(page.get_by_text("Assurance report submitted.")).to_be_visible()
    assert_accessible(page, "assurance-report-submitted")
    report = AssuranceReport.objects.get(plan_item=item)
    assert report.status == AssuranceReport.Status.SUBMITTED

    page.context.clear_cookies()
    sign_in_browser(business_unit)
    page.goto(reverse("learning:assurance-question-new", args=[report.uuid]))
    assert_accessible(page, "assurance-question-form")
    page.get_by_role("button", name="Record the question").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the question that was asked")
    assert_accessible(page, "assurance-question-errors")
    page.get_by_label("What was asked?").fill("How do you know the assessments are good enough?")
    asked = timezone.localdate() - timedelta(days=1)
    page.get_by_label("Day").fill(str(asked.day))
    page.get_by_label("Month").fill(str(asked.month))
    page.get_by_label("Year").fill(str(asked.year))
    page.get_by_role("button", name="Record the question").click()
    expect(page.get_by_text("Question recorded.")).to_be_visible()

    page.get_by_role("button", name="Record the consideration").click()
    assert_accessible(page, "assurance-consider-form")
    page.get_by_label("Which meeting considered the report?").select_option(str(meeting.uuid))
    page.get_by_label("Partly assured").check()
    page.get_by_label("What did the meeting conclude?").fill("Repeat the audit of assessments in the spring.")
    page.get_by_role("button", name="Save the consideration").click()
    expect(page.get_by_text("The meeting's consideration is recorded.")).to_be_visible()
    assert_accessible(page, "assurance-report-considered")
    report.refresh_from_db()
    assert report.status == AssuranceReport.Status.CONSIDERED
