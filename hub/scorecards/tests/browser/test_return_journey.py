"""A SPOC fills in and submits a return; the business unit approves it and reads the scorecard,
in a real browser, with every page checked by axe-core."""

import re
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.core import roles
from hub.scorecards.models import Polarity, ReportingPeriod, Return
from hub.scorecards.tests.conftest import add_indicator, approve_values
from hub.testing import make_agency, make_user

pytestmark = BROWSER_TEST


def _setup():
    agency = make_agency("Durham Constabulary", short_code="police")
    spoc = make_user(
        "dan.spoc@example.org", agency=agency, first_name="Dan", last_name="Walsh", roles_=((roles.SPOC, agency),)
    )
    business_unit = make_user(
        "alex.bu@example.org", first_name="Alex", last_name="Morgan", roles_=(roles.BUSINESS_UNIT,)
    )
    notifications = add_indicator(
        "POL-01", agency, name="Domestic abuse notifications to schools", polarity=Polarity.HIGHER
    )
    on_time = add_indicator(
        "POL-02", agency, unit="percentage", name="Referrals shared within 24 hours", target=Decimal(95)
    )
    today = timezone.localdate()
    periods = []
    for number in range(14, 0, -1):
        end = today.replace(day=1) - timedelta(days=1 + 91 * (number - 1))
        start = (end - timedelta(days=85)).replace(day=1)
        periods.append(
            ReportingPeriod.objects.create(
                key=f"p{number:02d}",
                label=f"Period {15 - number}",
                start=start,
                end=end,
                deadline=end + timedelta(days=30),
            )
        )
    for position, period in enumerate(periods[:-1]):
        approve_values(
            agency, period, {notifications: (200 + position % 3 * 5, None), on_time: (90 + position % 2, 100)}
        )
    return spoc, business_unit, periods[-1]


def test_spoc_submits_and_the_business_unit_approves(page, sign_in_browser):
    spoc, business_unit, period = _setup()
    sign_in_browser(spoc)

    page.goto(reverse("scorecards:returns"))
    expect(page.locator("h1")).to_have_text("Performance returns")
    assert_accessible(page, "scorecards-returns-spoc")
    page.get_by_role("button", name=re.compile(f"Start the {period.label} return")).click()
    expect(page.locator("h1")).to_have_text(f"Performance return for {period.label}")
    assert_accessible(page, "scorecards-return-form")

    page.get_by_role("group", name=re.compile("POL-01")).get_by_label("Number").fill("212")
    group = page.get_by_role("group", name=re.compile("POL-02"))
    group.get_by_label("Children seen").fill("93")
    group.get_by_label("Children who should have been seen").fill("100")
    page.get_by_role("button", name="Save and continue to submit").click()
    expect(page.locator("h1")).to_have_text(f"Submit the return for {period.label}")
    assert_accessible(page, "scorecards-return-submit")
    page.get_by_role("button", name="Submit the return").click()
    expect(page.get_by_text(f"Return for {period.label} submitted to the business unit.")).to_be_visible()

    scorecard_return = Return.objects.get(period=period)
    assert scorecard_return.status == Return.Status.SUBMITTED

    page.context.clear_cookies()
    sign_in_browser(business_unit)
    page.goto(reverse("scorecards:return", kwargs={"uuid": scorecard_return.uuid}))
    expect(page.get_by_role("cell", name="93%", exact=True)).to_be_visible()
    assert_accessible(page, "scorecards-return-review")
    page.get_by_role("button", name="Approve the return").click()
    expect(page.get_by_text("approved.")).to_be_visible()
    assert_accessible(page, "scorecards-returns-business-unit")
    scorecard_return.refresh_from_db()
    assert scorecard_return.status == Return.Status.APPROVED

    page.goto(reverse("scorecards:dashboard"))
    expect(page.get_by_role("link", name="POL-02 Referrals shared within 24 hours")).to_be_visible()
    assert_accessible(page, "scorecards-dashboard")
    page.get_by_role("link", name="POL-02 Referrals shared within 24 hours").click()
    expect(page.locator("h1")).to_have_text("Referrals shared within 24 hours")
    expect(page.locator("figure.hub-chart svg[role=img]")).to_have_count(1)
    assert_accessible(page, "scorecards-indicator")

    page.goto(reverse("scorecards:exception-report", kwargs={"period_key": period.key}))
    expect(page.locator("h1")).to_have_text(f"Exception report {period.label}")
    assert_accessible(page, "scorecards-exception-report")


def test_forms_and_reports_of_the_business_unit_and_spoc_are_accessible(page, sign_in_browser, tmp_path):
    from hub.scorecards.exceptions import generate_exception_report
    from hub.scorecards.models import ExceptionEntry

    spoc, business_unit, period = _setup()
    scorecard_return = Return.objects.create(agency=spoc.agency, period=period)
    sign_in_browser(spoc)

    page.goto(reverse("scorecards:return-upload", kwargs={"uuid": scorecard_return.uuid}))
    assert_accessible(page, "scorecards-upload")
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "scorecards-upload-empty")
    not_a_workbook = tmp_path / "return.xlsx"
    not_a_workbook.write_text("code,numerator\nPOL-01,12\n")
    page.get_by_label("Upload the completed template").set_input_files(str(not_a_workbook))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("h1")).to_have_text("return.xlsx was not accepted")
    assert_accessible(page, "scorecards-upload-report")

    previous = ReportingPeriod.objects.exclude(pk=period.pk).order_by("-start").first()
    report = generate_exception_report(period=previous)
    entry = ExceptionEntry.objects.create(
        report=report, kind=ExceptionEntry.Kind.MISSING, agency=spoc.agency, finding="No return.", order=99
    )
    page.context.clear_cookies()
    sign_in_browser(business_unit)
    page.goto(reverse("scorecards:exception-reports"))
    assert_accessible(page, "scorecards-exception-reports")
    page.goto(reverse("scorecards:exception-report-table", kwargs={"period_key": previous.key}))
    assert_accessible(page, "scorecards-exception-report-table")
    page.goto(reverse("scorecards:exception-entry", kwargs={"uuid": entry.uuid}))
    assert_accessible(page, "scorecards-exception-entry")
    page.goto(reverse("scorecards:return-send-back", kwargs={"uuid": scorecard_return.uuid}))
    page.get_by_role("button", name="Return for changes").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "scorecards-send-back-errors")
    page.goto(reverse("scorecards:return-exception", kwargs={"uuid": scorecard_return.uuid}))
    assert_accessible(page, "scorecards-exception-form")

    indicator_entry = report.entries.exclude(indicator=None).first() or entry
    page.goto(reverse("scorecards:enquiry-open", kwargs={"uuid": indicator_entry.uuid}))
    assert_accessible(page, "scorecards-enquiry-open")
    page.get_by_label("What do you want to ask the agencies?").fill("Why are referrals shared later this year?")
    page.get_by_role("checkbox", name="POL-02 Referrals shared within 24 hours").check()
    page.get_by_role("checkbox", name="Durham Constabulary").check()
    due = timezone.localdate() + timedelta(days=30)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Open the line of enquiry").click()
    expect(page.get_by_text("Line of enquiry opened.")).to_be_visible()
    assert_accessible(page, "scorecards-enquiry-detail")
    enquiry_url = page.url
    page.goto(reverse("scorecards:enquiries"))
    assert_accessible(page, "scorecards-enquiries")

    page.context.clear_cookies()
    sign_in_browser(spoc)
    page.goto(enquiry_url)
    page.get_by_role("link", name=re.compile("Answer")).first.click()
    assert_accessible(page, "scorecards-enquiry-answer")
