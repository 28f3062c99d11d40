"""A lead partner signs off the yearly report from their sign-off page: a return without reasons is
refused, then they approve. Every state passes axe-core."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.core.registry import registry
from hub.reports.models import ReportSignOff, SignOffDecision
from hub.reports.tests.sign_off_support import awaiting, make_leads

pytestmark = BROWSER_TEST


@pytest.fixture
def providers(monkeypatch):
    # Transactional tests empty the tables after each test, so the outline and checklist are seeded again.
    import_module("hub.reports.migrations.0002_seed_outline").add_outline(apps, None)
    import_module("hub.reports.migrations.0005_seed_statutory_checklist").add_checklist(apps, None)
    monkeypatch.setattr(registry, "report_sections", {})


def test_a_lead_partner_approves_the_report_after_a_refused_return(page, sign_in_browser, providers):
    leads = make_leads()
    awaiting(leads, approved_by=(leads.local_authority,))
    sign_in_browser(leads.police.person)
    page.goto("/reports/2021-22/")
    page.get_by_role("link", name="Sign off the 2021/22 report").click()
    expect(page.locator("h1")).to_have_text("Sign off the 2021/22 report")
    expect(page.locator("table.hub-lead-partners")).to_contain_text("Approved")
    expect(page.locator("table.hub-checklist")).to_be_visible()
    assert_accessible(page, "reports-sign-off")

    page.get_by_label("I am returning the report with reasons").check()
    page.get_by_role("button", name="Send your decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you are returning the report")
    assert_accessible(page, "reports-sign-off-error")

    page.get_by_label("I approve the report for publication").check()
    page.get_by_label("Comment or reasons").fill("Approved for the police.")
    page.get_by_role("button", name="Send your decision").click()
    expect(page.locator(".hub-sign-off-decided")).to_contain_text("You approved the report")
    assert_accessible(page, "reports-sign-off-approved")
    decision = SignOffDecision.objects.get(lead_partner=leads.police)
    assert (decision.decision, decision.comment) == ("approved", "Approved for the police.")
    assert ReportSignOff.objects.get().state == ReportSignOff.State.AWAITING
