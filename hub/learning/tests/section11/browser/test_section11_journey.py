"""A SPOC completes and submits the Section 11 self-assessment, then the business unit reads the
dashboard and moderates it, in a real browser, with every page checked by axe-core."""

from django.urls import reverse
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.core import roles
from hub.learning.section11.models import Section11Assessment, Section11Round
from hub.learning.tests.section11.factories import make_assessment, make_round, make_standards
from hub.testing import make_agency, make_user

pytestmark = BROWSER_TEST


def _setup():
    agency = make_agency("North East and North Cumbria Integrated Care Board", short_code="icb")
    other = make_agency("Durham Constabulary", short_code="police")
    spoc = make_user(
        "helen.spoc@example.org", agency=agency, first_name="Helen", last_name="Carter", roles_=((roles.SPOC, agency),)
    )
    business_unit = make_user(
        "alex.bu@example.org", first_name="Alex", last_name="Morgan", roles_=(roles.BUSINESS_UNIT,)
    )
    standards = make_standards(2)
    earlier = make_round([agency], year=2020, standards=standards, status=Section11Round.Status.CLOSED)
    make_assessment(
        earlier,
        agency,
        status=Section11Assessment.Status.MODERATED,
        ratings={1: ("mostly-met", "Safeguarding is a standing item at every board meeting.")},
    )
    round_ = make_round([agency, other], standards=standards, status=Section11Round.Status.PLANNED)
    return spoc, business_unit, round_


def test_a_spoc_completes_and_submits_and_the_business_unit_moderates(page, sign_in_browser, tmp_path):
    spoc, business_unit, round_ = _setup()
    sign_in_browser(business_unit)
    page.goto(reverse("learning:section11-round-open", kwargs={"year": round_.financial_year.slug}))
    assert_accessible(page, "section11-round-open")
    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_text("is open. Started 2 self-assessments")).to_be_visible()

    page.context.clear_cookies()
    sign_in_browser(spoc)
    page.goto(reverse("learning:section11-home"))
    expect(page.locator("h1")).to_have_text("Section 11 self-assessment")
    assert_accessible(page, "section11-home-spoc")
    page.get_by_role("link", name=f"{spoc.agency.name} {round_.financial_year.label}").click()
    expect(page.get_by_text("Carried forward").first).to_be_visible()
    assert_accessible(page, "section11-assessment-draft")

    page.get_by_role("link", name="Change standard 1").click()
    expect(page.locator("h1")).to_have_text("Standard 1: Senior management commitment")
    assert_accessible(page, "section11-standard-carried-forward")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("h1")).to_have_text("Standard 2: Statement of responsibilities")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "section11-standard-errors")

    page.get_by_label("Fully met").check()
    page.get_by_label("Evidence", exact=True).fill(
        "The policy was refreshed in March and is on the intranet front page."
    )
    evidence = tmp_path / "policy.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    page.get_by_label("Add an evidence file (optional)").set_input_files(str(evidence))
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("h1")).to_have_text("Submit the Section 11 self-assessment")
    assert_accessible(page, "section11-submit")
    page.get_by_role("button", name="Submit the self-assessment").click()
    expect(page.get_by_text("self-assessment for")).to_be_visible()
    assessment = Section11Assessment.objects.get(round=round_, agency=spoc.agency)
    assert assessment.status == Section11Assessment.Status.SUBMITTED
    assert assessment.ratings.get(standard__number=2).files.count() == 1

    page.context.clear_cookies()
    sign_in_browser(business_unit)
    page.goto(round_.get_absolute_url())
    expect(page.get_by_text("50.0%")).to_be_visible()
    assert_accessible(page, "section11-dashboard")
    page.goto(reverse("learning:section11-moderate", kwargs={"uuid": assessment.uuid}))
    assert_accessible(page, "section11-moderate")
    page.get_by_role("group", name="Moderated rating for standard 1").get_by_label("Mostly met").check()
    page.get_by_role("group", name="Moderated rating for standard 2").get_by_label("Fully met").check()
    page.get_by_role("button", name="Finish moderation").click()
    expect(page.get_by_text("Moderation finished.")).to_be_visible()
    assert_accessible(page, "section11-assessment-moderated")
    assessment.refresh_from_db()
    assert assessment.status == Section11Assessment.Status.MODERATED

    page.goto(reverse("learning:section11-challenge-new", kwargs={"year": round_.financial_year.slug}))
    page.get_by_role("button", name="Record the session").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "section11-challenge-errors")
