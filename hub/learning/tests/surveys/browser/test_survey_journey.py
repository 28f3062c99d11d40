"""A practitioner answers a survey through its link, signed out, putting right a missed answer; the
business unit then reads the results. Every page is checked by axe-core in a real browser."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.core import roles
from hub.learning.common import QuestionKind
from hub.learning.surveys.models import Survey, SurveyResponse
from hub.learning.tests.surveys.factories import add_question, add_response, make_survey
from hub.testing import make_agency, make_user

pytestmark = BROWSER_TEST


def _setup():
    council = make_agency("Durham County Council", short_code="dcc", sector="local-authority")
    police = make_agency("Durham Constabulary", short_code="police", sector="police")
    business_unit = make_user(
        "alex.bu@example.org", first_name="Alex", last_name="Morgan", roles_=(roles.BUSINESS_UNIT,)
    )
    survey = make_survey("Practitioner survey", thank_you="The results go to the Improving Delivery Group.")
    add_question(
        survey,
        "How do you hear about the partnership's learning?",
        QuestionKind.MULTIPLE_CHOICE,
        options=["E-bulletin", "Team meetings", "Training"],
        required=False,
    )
    for scale in ("4", "5", "3", "4", "2"):
        add_response(survey, {"scale": scale, "yes-no": "yes", "long-text": "Shorter briefings"}, agency=police)
    return survey, council, business_unit


def test_a_practitioner_responds_and_the_business_unit_reads_the_results(page, sign_in_browser):
    survey, council, business_unit = _setup()

    page.goto(reverse("learning:survey-respond", args=[survey.token]))
    expect(page.locator("h1")).to_have_text("Practitioner survey")
    assert_accessible(page, "surveys-respond")

    page.get_by_role("group", name="Do you know where to find the threshold document?").get_by_label("Yes").check()
    page.get_by_label("What would help you keep children safer?").fill("More joint training on neglect.")
    page.get_by_label("Which agency do you work for?").select_option(label="Durham County Council")
    page.get_by_role("button", name="Send your response").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("I feel confident to escalate a concern: select an answer")
    expect(page.get_by_label("What would help you keep children safer?")).to_have_value(
        "More joint training on neglect."
    )
    assert_accessible(page, "surveys-respond-errors")
    summary.get_by_role("link", name=re.compile("select an answer")).click()
    page.get_by_role("group", name="I feel confident to escalate a concern").get_by_label("4", exact=True).check()
    page.get_by_role("group", name="How do you hear about the partnership's learning?").get_by_label("Training").check()
    page.get_by_role("group", name="Which best describes your role?").get_by_label("Prefer not to say").check()
    page.get_by_role("button", name="Send your response").click()

    expect(page.locator("h1")).to_have_text("Response sent")
    expect(page.get_by_text("The results go to the Improving Delivery Group.")).to_be_visible()
    assert_accessible(page, "surveys-thanks")
    saved = SurveyResponse.objects.get(survey=survey, agency=council)
    assert saved.sector == "local-authority"
    assert saved.role == ""
    assert len(saved.answers) == 4

    sign_in_browser(business_unit)
    page.goto(reverse("learning:survey-list"))
    assert_accessible(page, "surveys-list")
    page.get_by_role("link", name="Practitioner survey").click()
    expect(page.locator("h1")).to_have_text("Practitioner survey")
    expect(page.get_by_text("6 responses.")).to_be_visible()
    page.get_by_text("Read the 6 written answers").click()
    expect(page.get_by_text("More joint training on neglect.")).to_be_visible()
    assert_accessible(page, "surveys-results")

    page.get_by_label("Show results for").select_option(label="Police")
    page.get_by_role("button", name="Show results").click()
    expect(page.get_by_role("heading", name="Results for Police")).to_be_visible()
    assert_accessible(page, "surveys-results-police")

    page.get_by_role("button", name="Close the survey").click()
    assert_accessible(page, "surveys-close")
    page.get_by_role("button", name="Close the survey").click()
    expect(page.get_by_text("is closed. The link now says so.")).to_be_visible()
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED

    page.context.clear_cookies()
    page.goto(reverse("learning:survey-respond", args=[survey.token]))
    expect(page.locator("h1")).to_have_text("This survey has closed")
    assert_accessible(page, "surveys-closed")
