"""A practitioner uses each tool in a real browser, signed out, putting right what the tool refuses.

Every page and every error state is checked by axe-core.
"""

from __future__ import annotations

import re
from datetime import datetime

from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.tools import demo
from hub.tools.tests.files import xlsx_bytes

pytestmark = BROWSER_TEST

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _content():
    demo.load(lambda line: None)


def test_the_tools_are_found_from_the_home_page_and_the_guide_is_searched(page):
    _content()
    page.goto("/")
    page.get_by_role("link", name="Practitioner tools").first.click()
    expect(page.locator("h1")).to_have_text("Practitioner tools")
    assert_accessible(page, "tools-index")

    page.get_by_role("link", name="Sexual development and behaviour guide").click()
    expect(page.locator("h1")).to_have_text("Sexual development and behaviour guide")
    assert_accessible(page, "tools-guide")

    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a word or two about the behaviour")
    assert_accessible(page, "tools-guide-search-error")

    page.get_by_label("Behaviour or keyword").fill("nudes")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_contain_text("2 behaviours match")
    assert_accessible(page, "tools-guide-search-results")

    page.get_by_role("link", name="10 to 13 years").first.click()
    expect(page.locator("h1")).to_have_text("10 to 13 years")
    expect(page.get_by_role("heading", name="Abusive")).to_be_visible()
    assert_accessible(page, "tools-guide-age-band")


def test_a_harm_matrix_worksheet_is_filled_in_and_shown(page):
    _content()
    page.goto("/tools/harm-matrix/")
    assert_accessible(page, "tools-harm-matrix")
    page.get_by_role("button", name="Show the worksheet").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Fill in at least one box of the Harm Matrix")
    assert_accessible(page, "tools-harm-matrix-error")

    page.get_by_label("Your agency's case reference (optional)").fill("CS-0042")
    page.get_by_label("Harm", exact=True).fill("Bruising to the cheek seen at nursery on Monday.")
    page.get_by_label("Danger", exact=True).fill("Worried the baby will be hit again when father is stressed.")
    page.get_by_role("button", name="Show the worksheet").click()
    expect(page.locator("h1")).to_have_text("Harm Matrix worksheet")
    expect(page.get_by_text("Bruising to the cheek seen at nursery on Monday.")).to_be_visible()
    assert_accessible(page, "tools-harm-matrix-result")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download as PDF").click()
    assert download.value.suggested_filename.startswith("harm-matrix-")

    page.get_by_role("button", name="Change your answers").click()
    expect(page.get_by_label("Harm", exact=True)).to_have_value("Bruising to the cheek seen at nursery on Monday.")


def test_a_chronology_is_built_from_two_agencies_after_a_bad_file_is_corrected(page, tmp_path):
    police = tmp_path / "police.xlsx"
    police.write_bytes(
        xlsx_bytes(
            [
                (datetime(2021, 3, 14), "Exact", "Attended a domestic incident", "Police", "High", "Child present"),
                (datetime(2021, 9, 1), "Exact", "Strategy discussion", "Police", "Medium", ""),
            ]
        )
    )
    bad_school = tmp_path / "school.xlsx"
    bad_school.write_bytes(xlsx_bytes([("14/03/21", "Exact", "Exclusion", "School", "", "")]))
    school = tmp_path / "school-corrected.xlsx"
    school.write_bytes(xlsx_bytes([(datetime(2021, 3, 14), "Exact", "Exclusion", "School", "Low", "")]))

    page.goto("/tools/chronology/")
    assert_accessible(page, "tools-chronology")
    page.get_by_role("button", name="Build the chronology").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select at least one chronology file")
    assert_accessible(page, "tools-chronology-form-error")

    page.get_by_label("Upload the agencies' chronology files").set_input_files([str(police), str(bad_school)])
    page.get_by_role("button", name="Build the chronology").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("school.xlsx: 1 problem")
    expect(page.get_by_text(re.compile("Row 2, Date: has a two-digit year"))).to_be_visible()
    assert_accessible(page, "tools-chronology-file-errors")

    page.get_by_label("Upload the agencies' chronology files").set_input_files([str(police), str(school)])
    page.get_by_label("Show gaps longer than (days)").fill("60")
    page.get_by_role("button", name="Build the chronology").click()
    expect(page.locator("h1")).to_have_text("Multi-agency chronology")
    expect(page.get_by_text("Gap of 171 days")).to_be_visible()
    expect(page.get_by_text("Significant event", exact=True)).to_be_visible()
    assert_accessible(page, "tools-chronology-result")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download as Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_a_scaling_summary_is_made_after_rows_are_added_and_errors_corrected(page):
    page.goto("/tools/scaling/")
    assert_accessible(page, "tools-scaling")
    page.get_by_label("The scaling question").fill("How safe is the child at home today?")
    person_one = page.get_by_role("group", name="Person 1", exact=True)
    person_one.get_by_label("Agency or role").fill("School")
    person_one.get_by_label("Rating (0 to 10)").fill("12")
    page.get_by_role("button", name="Add more rows").click()
    expect(page.get_by_role("group", name="Person 12", exact=True)).to_be_visible()
    expect(page.get_by_role("group", name="Person 1", exact=True).get_by_label("Agency or role")).to_have_value(
        "School"
    )

    page.get_by_role("button", name="Show the summary").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Person 1: Enter a rating from 0 to 10")
    assert_accessible(page, "tools-scaling-errors")
    summary.get_by_role("link", name="Person 1: Enter a rating from 0 to 10").click()
    page.get_by_role("group", name="Person 1", exact=True).get_by_label("Rating (0 to 10)").fill("6")
    person_two = page.get_by_role("group", name="Person 2", exact=True)
    person_two.get_by_label("Agency or role").fill("Health visitor")
    person_two.get_by_label("Rating (0 to 10)").fill("3")
    person_two.get_by_label("What makes it this number").fill("Missed appointments")
    page.get_by_role("button", name="Show the summary").click()
    expect(page.locator("h1")).to_have_text("Scaling-question summary")
    expect(page.locator("p.govuk-body", has_text="2 people from 2 agencies gave a rating.")).to_be_visible()
    expect(page.get_by_role("img", name="How many people gave each rating")).to_be_visible()
    assert_accessible(page, "tools-scaling-result")
