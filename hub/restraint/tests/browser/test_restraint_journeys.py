"""The home's staff record a use of restraint (with mistakes first) and send a return with a bad
row; a reviewer draws a sample, records a CCTV review (with an error first) and completes the
session. Every page on the way is checked by axe-core."""

from __future__ import annotations

import io
from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.restraint import importing
from hub.restraint.models import CctvReview, Incident, ScrutinySession
from hub.restraint.tests.factories import make_home, make_incident, make_lists, make_recorder, make_reviewer

pytestmark = BROWSER_TEST


def test_the_homes_staff_record_an_incident_and_send_a_return(page, sign_in_browser, tmp_path):
    make_lists()
    home = make_home("Aycliffe Secure Centre", "aycliffe")
    staff = make_recorder(home)
    sign_in_browser(staff)

    page.goto(reverse("restraint:overview"))
    expect(page.locator("h1")).to_contain_text("Use of restraint")
    assert_accessible(page, "restraint-overview-empty")
    page.get_by_role("link", name="Record a use of restraint").click()
    assert_accessible(page, "restraint-incident-form")
    page.get_by_label("Incident number").fill("ASC-2022-0001")
    page.get_by_label("Young person's reference").fill("Jane Smith")
    page.get_by_role("button", name="Record the incident").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reference the home issued")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the techniques used")
    assert_accessible(page, "restraint-incident-form-errors")

    page.get_by_label("Day").first.fill("14")
    page.get_by_label("Month").first.fill("3")
    page.get_by_label("Year").first.fill("2022")
    page.get_by_label("Time").fill("15:30")
    page.get_by_label("Young person's reference").fill("YP-0423")
    page.get_by_label("13 to 14").check()
    page.get_by_label("Where it happened").select_option(label="Corridor")
    page.get_by_label("Reason for the restraint").select_option(label="Risk of harm to others")
    page.get_by_label("Two-person escort").check()
    page.get_by_label("How long it lasted, in minutes").fill("4")
    page.get_by_label("Staff involved").fill("2")
    page.get_by_label("Level 1").check()
    page.locator("input[name=staff_injury][value=none]").check()
    page.locator("input[name=debrief_held][value=yes]").check()
    page.locator("input[name=cctv_available][value=yes]").check()
    page.get_by_label("Waiting for review").check()
    page.get_by_role("button", name="Record the incident").click()
    expect(page.get_by_text("Incident ASC-2022-0001 recorded.")).to_be_visible()
    assert_accessible(page, "restraint-incident")
    incident = Incident.objects.get()
    assert incident.young_person == "YP-0423" and incident.injury == 1

    page.goto(reverse("restraint:incidents"))
    assert_accessible(page, "restraint-incident-list")

    workbook = load_workbook(io.BytesIO(importing.build_template()))
    sheet = workbook[importing.SHEET]
    row = {
        importing.NUMBER: "ASC-2022-0002",
        importing.DATE: "15/03/2022",
        importing.TIME: "09:10",
        importing.YOUNG_PERSON: "YP-0424",
        importing.AGE_BAND: "15-17",
        importing.LOCATION: "Corridor",
        importing.REASON: "Risk of harm to others",
        importing.TECHNIQUES: "Standing hold",
        importing.DURATION: "3",
        importing.STAFF: "2",
        importing.INJURY: "Level 9",
        importing.STAFF_INJURY: "No injury",
        importing.DEBRIEF: "Yes",
        importing.CCTV: "Yes",
        importing.REVIEW: "Waiting for review",
    }
    sheet.append([row.get(heading, "") for heading in importing.HEADINGS])
    path = tmp_path / "march.xlsx"
    workbook.save(path)
    page.goto(reverse("restraint:import-upload"))
    assert_accessible(page, "restraint-return-upload")
    page.get_by_label("Upload the return").set_input_files(str(path))
    page.get_by_role("button", name="Check the return").click()
    expect(page.locator("#problems")).to_be_visible()
    expect(page.locator("table")).to_contain_text("must be one of: None, Level 1, Level 2, Level 3")
    assert_accessible(page, "restraint-return-problems")
    assert Incident.objects.count() == 1

    sheet.cell(row=2, column=importing.HEADINGS.index(importing.INJURY) + 1, value="None")
    workbook.save(path)
    page.get_by_label("Upload the return").set_input_files(str(path))
    page.get_by_role("button", name="Check the return").click()
    expect(page.locator("h1")).to_have_text("Check the return before saving it")
    assert_accessible(page, "restraint-return-check")
    page.get_by_role("button", name="Save the return").click()
    expect(page.get_by_text("march.xlsx saved: 1 new incidents")).to_be_visible()
    assert Incident.objects.count() == 2


def test_a_reviewer_draws_a_sample_and_completes_a_cctv_review(page, sign_in_browser):
    home = make_home("Aycliffe Secure Centre", "aycliffe")
    for day in range(1, 9):
        make_incident(home, when=timezone.make_aware(datetime(2022, 3, day, 14, 0)), injury=2 if day == 5 else 0)
    reviewer = make_reviewer()
    sign_in_browser(reviewer)

    page.goto(reverse("restraint:sessions"))
    assert_accessible(page, "restraint-sessions-empty")
    page.get_by_role("button", name="Plan a session").click()
    assert_accessible(page, "restraint-session-form")
    page.get_by_role("button", name="Plan the session").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date of the session")
    assert_accessible(page, "restraint-session-form-errors")
    for index, (day, month, year) in enumerate(((12, 4, 2022), (1, 3, 2022), (31, 3, 2022))):
        page.get_by_label("Day").nth(index).fill(str(day))
        page.get_by_label("Month").nth(index).fill(str(month))
        page.get_by_label("Year").nth(index).fill(str(year))
    page.get_by_label("Manager from the home (optional)").fill("Deputy manager")
    page.get_by_role("button", name="Plan the session").click()
    expect(page.get_by_text("Scrutiny session planned.")).to_be_visible()
    assert_accessible(page, "restraint-session-planned")

    page.get_by_role("link", name="Draw the sample").click()
    assert_accessible(page, "restraint-draw")
    page.get_by_label("How many incidents to draw").fill("3")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.get_by_text("3 incidents drawn from 8.")).to_be_visible()
    assert_accessible(page, "restraint-session-sampled")
    session = ScrutinySession.objects.get()
    assert session.current_sample.items.filter(incident__injury=2).exists()

    page.get_by_role("link", name="Check the draw").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("The draw repeats exactly")
    assert_accessible(page, "restraint-verify")
    page.go_back()

    first = session.current_sample.items.order_by("position").first()
    page.get_by_role("link", name=first.incident.home_reference).click()
    assert_accessible(page, "restraint-review-form")
    page.get_by_role("group", name="Was the restraint lawful?").get_by_label("Yes", exact=True).check()
    page.get_by_role("group", name="Was it necessary?").get_by_label("Yes", exact=True).check()
    page.get_by_role("group", name="Was it proportionate?").get_by_label("Yes, with concerns").check()
    page.get_by_role("button", name="Save the review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Write the learning")
    assert_accessible(page, "restraint-review-form-errors")
    page.get_by_label("Learning").fill("The hold should have been released sooner.")
    page.get_by_role("button", name="Save the review").click()
    expect(page.get_by_text(f"CCTV review of incident {first.incident.home_reference} saved.")).to_be_visible()
    review = CctvReview.objects.get()
    assert review.has_concerns and review.learning == "The hold should have been released sooner."
