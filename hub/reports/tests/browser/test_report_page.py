"""A reader opens the yearly report from the menu, follows the contents and finds the figures;
the index and the report (with a failed section's error box) pass axe-core."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.core import roles
from hub.core.models import Agency
from hub.core.registry import registry
from hub.core.reporting import Chart, Figure, ReportSection, Table
from hub.governance.models import BudgetYear, Contribution, DevelopmentSession
from hub.testing import make_agency, make_user

pytestmark = BROWSER_TEST

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200" role="img" '
    'aria-labelledby="report-chart-title"><title id="report-chart-title">Incidents each month</title>'
    '<rect x="10" y="50" width="40" height="150" fill="#1d70b8"/></svg>'
)


def _restraint(year):
    return [
        ReportSection(
            title="Use of restraint",
            slug="restraint",
            figures=[Figure("Incidents of restraint", 408, previous=389)],
            charts=[
                Chart(
                    title="Incidents each month",
                    svg=SVG,
                    summary="Incidents peaked in August.",
                    table=Table("Incidents each month", ["Month", "Incidents"], [["April 2021", 40], ["May 2021", 31]]),
                )
            ],
        )
    ]


def _broken(year):
    raise RuntimeError("broken on purpose")


@pytest.fixture
def providers(monkeypatch):
    # Transactional tests empty the tables after each test, so the outline is seeded again.
    import_module("hub.reports.migrations.0002_seed_outline").add_outline(apps, None)
    chosen = {
        "core": registry.report_sections["core"],
        "governance": registry.report_sections["governance"],
        "restraint": _restraint,
        "training": _broken,
    }
    monkeypatch.setattr(registry, "report_sections", chosen)
    make_agency("County Council", short_code="cc", sector=Agency.Sector.LOCAL_AUTHORITY, is_statutory_partner=True)
    budget = BudgetYear.objects.create(start_year=2021)
    Contribution.objects.create(budget_year=budget, label="County Council", amount=Decimal("347060"))
    DevelopmentSession.objects.create(held_on=date(2021, 4, 21), topic="Signs of Safety", attendees_count=46)
    return chosen


def test_a_reader_finds_the_years_report_and_its_figures(page, sign_in_browser, providers, fake_pdf):
    executive = make_user("lead@example.org", first_name="Lee", last_name="Partner", roles_=(roles.EXECUTIVE,))
    sign_in_browser(executive)
    page.goto("/")
    page.get_by_role("link", name="Yearly report").first.click()
    expect(page.locator("h1")).to_have_text("Yearly report")
    assert_accessible(page, "reports-index")

    page.get_by_role("link", name="Yearly report 2021/22").click()
    expect(page.locator("h1")).to_have_text("Yearly report 2021/22")
    expect(page.locator(".hub-report-error")).to_contain_text("This section could not be produced")
    assert_accessible(page, "reports-year")

    page.get_by_role("navigation", name="Contents").get_by_role("link", name="Budget and contributions").click()
    budget = page.locator("table.hub-report-figures").filter(has_text="Total budget")
    expect(budget).to_contain_text("£347,060")
    expect(page.get_by_text("Incidents peaked in August.")).to_be_visible()
    expect(page.get_by_role("table", name="Incidents each month")).to_be_visible()

    # The PDF is made in the background (at once here) and its progress page offers the download.
    page.get_by_role("button", name="Prepare the PDF").click()
    expect(page.locator("h1")).to_have_text("PDF of the report")
    expect(page.locator(".govuk-panel__title")).to_have_text("The PDF is ready")
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()
    assert_accessible(page, "reports-pdf-progress")
