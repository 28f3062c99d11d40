"""An agency completes its audit return; the business unit moderates, records a finding and
raises its action; readers see the report and recurring themes. A real browser, every page
checked by axe-core."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.core import roles
from hub.learning.audits.models import Audit, AuditReturn, Finding
from hub.learning.tests.audits.factories import add_case, category, make_audit
from hub.testing import make_agency, make_user

pytestmark = BROWSER_TEST


def _setup():
    police = make_agency("Durham Constabulary", short_code="police")
    council = make_agency("Durham County Council", short_code="dcc")
    spoc = make_user(
        "dan.spoc@example.org", agency=police, first_name="Dan", last_name="Walsh", roles_=((roles.SPOC, police),)
    )
    business_unit = make_user(
        "alex.bu@example.org", first_name="Alex", last_name="Morgan", roles_=(roles.BUSINESS_UNIT,)
    )
    audit = make_audit([police, council], title="Neglect of teenagers")
    case = add_case(audit, "DCC-A-017", [police, council], owner=council)
    return spoc, business_unit, audit, case, police, council


def test_an_agency_completes_its_audit_return(page, sign_in_browser):
    spoc, _, audit, case, police, _ = _setup()
    sign_in_browser(spoc)
    page.goto(reverse("learning:audit-returns"))
    expect(page.locator("h1")).to_have_text("Audit returns")
    assert_accessible(page, "learning-audit-returns")
    page.get_by_role("link", name=re.compile("DCC-A-017")).click()
    expect(page.locator("h1")).to_have_text("Case DCC-A-017: Durham Constabulary")
    assert_accessible(page, "learning-audit-return-form")

    page.get_by_role("group", name="Was the child seen?").get_by_label("Yes").check()
    page.get_by_role("button", name="Submit the return").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Answer every question before submitting")
    assert_accessible(page, "learning-audit-return-errors")
    expect(page.get_by_role("group", name="Was the child seen?").get_by_label("Yes")).to_be_checked()

    page.get_by_label("How was risk assessed?").fill("At each strategy discussion, with a chronology.")
    page.get_by_role("group", name="Grade your practice").get_by_label("Requires improvement").check()
    page.get_by_role("button", name="Submit the return").click()
    expect(page.get_by_text("Your return on case DCC-A-017 has been submitted.")).to_be_visible()
    audit_return = AuditReturn.objects.get(case=case, agency=police)
    assert audit_return.status == AuditReturn.Status.SUBMITTED

    page.goto(reverse("learning:audit", args=[audit.uuid]))
    expect(page.locator("h1")).to_have_text("Neglect of teenagers")
    assert_accessible(page, "learning-audit-spoc")


def test_the_business_unit_moderates_records_a_finding_and_raises_its_action(page, sign_in_browser):
    _, business_unit, audit, case, police, council = _setup()
    case.returns.update(status=AuditReturn.Status.SUBMITTED)
    Audit.objects.filter(pk=audit.pk).update(status=Audit.Status.MODERATION)
    category("system", "System")
    sign_in_browser(business_unit)

    page.goto(reverse("learning:audit", args=[audit.uuid]))
    assert_accessible(page, "learning-audit-business-unit")
    page.get_by_role("link", name=re.compile("Record the grades")).click()
    page.get_by_role("button", name="Record the agreed grades").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "learning-moderation-errors")
    page.get_by_role("group", name="Assessment: agreed grade").get_by_label("Requires improvement").check()
    page.get_by_role("group", name="Voice of the child: agreed grade").get_by_label("Good").check()
    page.get_by_role("group", name="Overall agreed grade").get_by_label("Requires improvement").check()
    page.get_by_label("Why the meeting agreed this grade").fill("The history was not drawn together.")
    page.get_by_label("Dissenting views (optional)").fill("Education graded good.")
    page.get_by_role("button", name="Record the agreed grades").click()
    expect(page.get_by_text("The agreed grades for case DCC-A-017 have been recorded.")).to_be_visible()

    page.get_by_role("link", name="Record a finding").click()
    assert_accessible(page, "learning-finding-form")
    page.get_by_label("Area for development").check()
    page.get_by_label("System").check()
    page.get_by_label("The finding in one sentence").fill("Siblings were missed in plans.")
    page.get_by_label("Recommendation (optional)").fill("Promote group supervision.")
    page.get_by_role("button", name="Save the finding").click()
    expect(page.locator("h1")).to_have_text("Siblings were missed in plans.")
    assert_accessible(page, "learning-finding")
    page.get_by_role("link", name="Raise an action").click()
    assert_accessible(page, "learning-finding-action")
    page.get_by_label("Agency that owns the action").select_option(label="Durham County Council")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2099")
    page.get_by_role("button", name="Raise the action").click()
    expect(page.get_by_text(re.compile("raised on the action tracker"))).to_be_visible()
    finding = Finding.objects.get()
    assert finding.audit == audit

    page.goto(reverse("learning:audit-report", args=[audit.uuid]))
    expect(page.get_by_text("Education graded good.")).to_be_visible()
    assert_accessible(page, "learning-findings-report")
    page.goto(reverse("learning:recurring-themes"))
    assert_accessible(page, "learning-recurring-themes")
    page.goto(reverse("learning:audit-programme", args=[audit.programme.financial_year.slug]))
    assert_accessible(page, "learning-audit-programme")
    page.goto(reverse("learning:audit-case-add", args=[audit.uuid]))
    page.get_by_role("button", name="Add the case").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "learning-case-add-errors")
    page.goto(reverse("learning:home"))
    assert_accessible(page, "learning-home")
