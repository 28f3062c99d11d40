"""The business unit follows a theme's thread and takes a cycle through its workflow in a real
browser; every page and form state is checked with axe-core."""

from __future__ import annotations

import re
from datetime import date

from django.urls import reverse
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.core import roles
from hub.core.services import create_action
from hub.learning.tests.themes.factories import make_finding, make_improvement_theme, make_practice_theme
from hub.learning.themes.models import DeliveryCycle, ImpactStatement, ImprovementActivity
from hub.testing import make_agency, make_user
from hub.training.tests.factories import make_course

pytestmark = BROWSER_TEST


def _thread():
    from hub.core.roles import ensure_standard_roles

    ensure_standard_roles()
    agency = make_agency("Durham County Council", short_code="dcc")
    business_unit = make_user(
        "alex.bu@example.org", first_name="Alex", last_name="Morgan", roles_=(roles.BUSINESS_UNIT,)
    )
    practice = make_practice_theme()
    theme = make_improvement_theme(
        "Cumulative harm and risk assessment",
        practice_theme=practice,
        slug="cumulative-harm",
        rationale="Plans looked only at the latest incident.",
        review_references="Local practice review: Child F",
        lead=business_unit,
        lead_agency=agency,
    )
    finding = make_finding("Risks to siblings are often missed")
    theme.findings.add(finding)
    action = create_action(
        actor=business_unit,
        title="Cascade the harm matrix",
        owner_agency=agency,
        due_on=date(2022, 3, 31),
        source=finding,
    )
    make_course("Cumulative harm: seeing the whole picture", slug="cumulative-harm").actions.add(action)
    ImprovementActivity.objects.create(
        theme=theme, title="Guidance cascaded", status="completed", starts_on=date(2021, 5, 1), ends_on=date(2022, 3, 1)
    )
    ImpactStatement.objects.create(
        theme=theme,
        statement="Assessments analyse family history well.",
        year=2021,
        evidence_kind="training",
        action=action,
    )
    return business_unit, theme


def test_theme_page_and_cycle_workflow_are_accessible(page, sign_in_browser):
    business_unit, theme = _thread()
    sign_in_browser(business_unit)

    page.goto(reverse("learning:improvement-list"))
    expect(page.locator("h1")).to_have_text("Improvement themes")
    assert_accessible(page, "learning-improvement-list")
    page.get_by_role("link", name="Cumulative harm and risk assessment").click()
    expect(page.locator("h1")).to_have_text("Cumulative harm and risk assessment")
    expect(page.get_by_role("link", name="Cumulative harm: seeing the whole picture").first).to_be_visible()
    expect(page.get_by_text("Nobody has attended yet").first).to_be_visible()
    assert_accessible(page, "learning-improvement-theme")

    page.goto(reverse("learning:cycle-list"))
    expect(page.locator("h1")).to_have_text("Improvement cycles")
    page.get_by_role("button", name="Plan a cycle").click()
    expect(page.locator("h1")).to_have_text("Plan an improvement cycle")
    assert_accessible(page, "learning-cycle-plan")
    page.get_by_role("button", name="Plan the cycle").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "learning-cycle-plan-errors")

    page.get_by_label("Cycle 2").check()
    page.get_by_label("Focus").fill("Seeing the whole family")
    page.get_by_label("Cumulative harm and risk assessment").check()
    page.get_by_label("Improvement plan").fill("Chronology clinics in each locality; re-audit in March.")
    page.get_by_role("button", name="Plan the cycle").click()
    expect(page.locator("h1")).to_have_text("Seeing the whole family")
    assert_accessible(page, "learning-cycle-planned")

    page.get_by_role("button", name="Record the Executive's endorsement").click()
    expect(page.locator("h1")).to_have_text("Record the Executive's endorsement")
    assert_accessible(page, "learning-cycle-endorse")
    page.get_by_role("button", name="Record the endorsement").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "learning-cycle-endorse-errors")
    group = page.get_by_role("group", name="Date the Executive endorsed the plan")
    group.get_by_label("Day").fill("1")
    group.get_by_label("Month").fill("9")
    group.get_by_label("Year").fill("2022")
    page.get_by_role("button", name="Record the endorsement").click()
    expect(page.get_by_text(re.compile("Endorsement of Cycle 2 of .* recorded"))).to_be_visible()

    page.get_by_role("button", name="Record the review of impact").click()
    expect(page.locator("h1")).to_have_text("Record the review of impact")
    assert_accessible(page, "learning-cycle-review")
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "learning-cycle-review-errors")

    cycle = DeliveryCycle.objects.get()
    assert cycle.status == DeliveryCycle.Status.ENDORSED
    page.goto(reverse("learning:cycle-list"))
    expect(page.get_by_role("cell", name="Seeing the whole family")).to_be_visible()
    assert_accessible(page, "learning-cycle-list")
