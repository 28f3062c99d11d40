"""The business unit writes a chapter's text from the report page: a mistyped figure token is
refused, the preview shows the figure, and the list marks the text written. Every state passes
axe-core."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.core import roles
from hub.core.registry import registry
from hub.core.reporting import Figure, ReportSection, Table
from hub.reports.models import NarrativeBlock
from hub.testing import make_user

pytestmark = BROWSER_TEST


def _restraint(year):
    return [
        ReportSection(
            title="Use of restraint",
            slug="restraint",
            figures=[Figure("Incidents of restraint", 408, previous=389)],
            tables=[Table("Incidents each quarter", ["Quarter", "Incidents"], [["April to June", 101]])],
            narrative_slots=["What the scrutiny panel found"],
        )
    ]


@pytest.fixture
def providers(monkeypatch):
    # Transactional tests empty the tables after each test, so the outline is seeded again.
    import_module("hub.reports.migrations.0002_seed_outline").add_outline(apps, None)
    monkeypatch.setattr(registry, "report_sections", {"restraint": _restraint})


def test_the_business_unit_writes_a_chapter_text_with_a_figure(page, sign_in_browser, providers):
    officer = make_user("officer@example.org", first_name="Sam", last_name="Officer", roles_=(roles.BUSINESS_UNIT,))
    sign_in_browser(officer)
    page.goto("/reports/2021-22/")
    page.get_by_role("link", name="Write the report's narrative text for 2021/22").click()
    expect(page.locator("h1")).to_have_text("Narrative")
    assert_accessible(page, "reports-narrative-list")

    page.get_by_role("link", name="Write the text for Key considerations").click()
    expect(page.locator("h1")).to_have_text("Chapter: Key considerations")
    expect(page.locator("#figures")).to_contain_text("{{restraint.incidents-of-restraint}}")
    assert_accessible(page, "reports-narrative-edit")

    text = page.get_by_label("Text")
    text.fill("Staff recorded {{restraint.incidents-of-restrant}} incidents.")
    page.get_by_role("button", name="Save the text").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The figure {{restraint.incidents-of-restrant}} does not exist. Choose one from the list of figures."
    )
    expect(text).to_have_value("Staff recorded {{restraint.incidents-of-restrant}} incidents.")
    assert_accessible(page, "reports-narrative-error")

    text.fill("Staff recorded {{restraint.incidents-of-restraint}} incidents.")
    page.get_by_role("button", name="Preview").click()
    preview = page.locator(".hub-report-preview")
    expect(preview).to_contain_text("Staff recorded 408 incidents.")
    expect(preview.locator("table.hub-report-figures")).to_contain_text("408")
    assert_accessible(page, "reports-narrative-preview")

    page.get_by_role("button", name="Save the text").click()
    expect(page.locator("h1")).to_have_text("Narrative")
    row = page.get_by_role("row").filter(has_text="Chapter: Key considerations")
    expect(row).to_contain_text("Written")
    assert NarrativeBlock.objects.get(chapter__slug="key-considerations").text == (
        "Staff recorded {{restraint.incidents-of-restraint}} incidents."
    )


def test_the_business_unit_records_why_a_required_item_is_missing(page, sign_in_browser, providers):
    import_module("hub.reports.migrations.0005_seed_statutory_checklist").add_checklist(apps, None)
    officer = make_user("officer@example.org", first_name="Sam", last_name="Officer", roles_=(roles.BUSINESS_UNIT,))
    sign_in_browser(officer)
    page.goto("/reports/2021-22/")
    page.get_by_role("link", name="Check the report against the statutory checklist").click()
    expect(page.locator("h1")).to_have_text("Statutory checklist")
    expect(page.locator("#item-funding")).to_contain_text("Missing")
    assert_accessible(page, "reports-checklist")

    form = page.locator(".hub-checklist-reason").filter(has_text="Missing: The funding of the arrangements")
    form.get_by_role("button", name="Record the reason").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the report goes ahead without this item")
    assert_accessible(page, "reports-checklist-error")

    form = page.locator(".hub-checklist-reason").filter(has_text="Missing: The funding of the arrangements")
    form.get_by_label("Why the report goes ahead without it").fill("The budget is reported in a separate paper.")
    form.get_by_role("button", name="Record the reason").click()
    expect(page.locator("#item-funding")).to_contain_text("Missing, reason recorded")
    recorded = page.locator(".hub-checklist-reason").filter(has_text="Missing: The funding of the arrangements")
    expect(recorded.locator("p")).to_contain_text("by Sam Officer")
    expect(recorded.locator("p")).to_contain_text("The budget is reported in a separate paper.")
