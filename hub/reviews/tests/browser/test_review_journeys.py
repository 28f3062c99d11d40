"""A panel member asks agencies for summaries and records the rapid review's decision (with a
mistake first); an agency's single point of contact sends its summary (with a mistake first);
the chair reads who has seen the record. Every page on the way is checked by axe-core."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from hub.browser_testing import BROWSER_TEST, assert_accessible
from hub.core import roles
from hub.reviews.models import PracticeReview, SummaryRequest
from hub.reviews.tests.factories import make_notification
from hub.testing import make_agency, make_user, sign_in

pytestmark = BROWSER_TEST


@pytest.fixture
def browser_context_for(chromium, live_server):
    """``browser_context_for(user)`` opens a second tab with its own cookies, signed in as ``user``."""
    contexts = []

    def _open(user):
        context = chromium.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
        contexts.append(context)
        cookie = sign_in(Client(), user).cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        return tab

    yield _open
    for context in contexts:
        context.close()


def test_an_agency_sends_its_summary_and_the_panel_decides(page, sign_in_browser, browser_context_for):
    council = make_agency("Durham County Council", short_code="dcc")
    police = make_agency("Durham Constabulary", short_code="police")
    panel = make_user("panel@example.org", agency=council, roles_=(roles.REVIEWS_PANEL,))
    chair = make_user("chair@example.org", agency=police, roles_=(roles.REVIEWS_CHAIR,))
    spoc = make_user("spoc@example.org", agency=police, roles_=((roles.SPOC, police),))
    notification = make_notification(council, reference="DSCP-RR-2022-07", became_aware_on=date.today())

    sign_in_browser(panel)
    page.goto(reverse("reviews:overview"))
    assert_accessible(page, "reviews-overview")
    page.get_by_role("rowheader").get_by_role("link", name="DSCP-RR-2022-07").click()
    assert_accessible(page, "reviews-notification")
    page.get_by_role("link", name="Ask agencies for summaries").click()
    page.get_by_role("button", name="Send the requests").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select at least one agency")
    assert_accessible(page, "reviews-request-summaries-errors")
    page.get_by_label("Durham Constabulary").check()
    page.get_by_role("button", name="Send the requests").click()
    expect(page.get_by_text("1 agency asked for a summary.")).to_be_visible()
    summary = SummaryRequest.objects.get()

    agency_page = browser_context_for(spoc)
    agency_page.goto(reverse("core:account"))
    agency_page.get_by_role("link", name="Rapid review DSCP-RR-2022-07: summary from Durham Constabulary").click()
    assert_accessible(agency_page, "reviews-summary-form")
    agency_page.get_by_role("button", name="Send the summary to the panel").click()
    expect(agency_page.locator(".govuk-error-summary")).to_contain_text("Describe the agency's involvement")
    assert_accessible(agency_page, "reviews-summary-form-errors")
    agency_page.get_by_label("The agency's involvement with the child and family").fill("Two missing episodes.")
    agency_page.get_by_role("button", name="Send the summary to the panel").click()
    expect(agency_page.get_by_text("has been sent to the panel")).to_be_visible()
    summary.refresh_from_db()
    assert summary.is_complete

    page.goto(notification.get_absolute_url())
    page.get_by_role("link", name="Record the meeting and decision").click()
    assert_accessible(page, "reviews-decision-form")
    page.get_by_label("Commission a learning review").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Explain the reasons for the decision")
    assert_accessible(page, "reviews-decision-form-errors")
    page.get_by_label("Reasons for the decision").fill("The learning about fathers is worth exploring together.")
    decision_date = page.get_by_role("group", name="Date of the decision", exact=True)
    decision_date.get_by_label("Day").fill(str(date.today().day))
    decision_date.get_by_label("Month").fill(str(date.today().month))
    decision_date.get_by_label("Year").fill(str(date.today().year))
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The rapid review's decision is recorded.")).to_be_visible()
    review = PracticeReview.objects.get()
    assert review.kind == PracticeReview.Kind.LEARNING
    page.get_by_role("link", name=review.reference).click()
    assert_accessible(page, "reviews-practice-review")
    page.goto(reverse("reviews:clocks"))
    assert_accessible(page, "reviews-clocks")

    chair_page = browser_context_for(chair)
    chair_page.goto(notification.get_absolute_url())
    chair_page.get_by_role("link", name="Who has seen this record").click()
    summary_views = chair_page.locator("tbody tr", has_text="Viewed an agency summary")
    expect(summary_views.filter(has_text=spoc.get_full_name()).first).to_be_visible()
    assert_accessible(chair_page, "reviews-access-log")


def test_a_child_death_panel_member_records_a_death_and_the_panels_analysis(page, sign_in_browser):
    from hub.reviews.models import ChildDeath, DeathCategory

    # Browser tests empty the database between tests, so the seeded code list is added again.
    DeathCategory.objects.get_or_create(
        version="2019",
        code="10",
        defaults={"name": "Sudden unexpected, unexplained death", "valid_from": date(2019, 4, 1), "order": 10},
    )
    member = make_user("cdop@example.org", roles_=(roles.CDOP_PANEL,))
    sign_in_browser(member)
    page.goto(reverse("reviews:child-deaths"))
    assert_accessible(page, "reviews-child-deaths")
    page.get_by_role("link", name="Record a child's death").click()
    page.get_by_label("NHS number (optional)").fill("999 000 0019")
    page.get_by_role("button", name="Record the death").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the case reference")
    assert_accessible(page, "reviews-child-death-form-errors")
    page.get_by_label("Case reference").fill("CDOP-2022-050")
    page.get_by_label("Age at death, in days").fill("120")
    page.get_by_label("Female", exact=True).check()
    page.get_by_label("Ethnicity").select_option(label="White")
    for legend, day in (("Date of death", "3"), ("Date the child death review team was notified", "4")):
        group = page.get_by_role("group", name=legend, exact=True)
        group.get_by_label("Day").fill(day)
        group.get_by_label("Month").fill("6")
        group.get_by_label("Year").fill("2022")
    page.get_by_label("Home", exact=True).check()
    page.get_by_label("Unexpected", exact=True).check()
    page.get_by_role("button", name="Record the death").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("valid 10-digit NHS number")
    page.get_by_label("NHS number (optional)").fill("999 000 0018")
    page.get_by_role("button", name="Record the death").click()
    expect(page.get_by_text("Death CDOP-2022-050 recorded.")).to_be_visible()
    expect(page.get_by_text("*** *** 0018")).to_be_visible()
    assert_accessible(page, "reviews-child-death")

    page.get_by_role("link", name="Record the panel's analysis").click()
    assert_accessible(page, "reviews-child-death-analysis")
    page.get_by_label("Category of death").select_option(label="10. Sudden unexpected, unexplained death")
    group = page.get_by_role("group", name="Date of the panel's review")
    group.get_by_label("Day").fill("1")
    group.get_by_label("Month").fill("11")
    group.get_by_label("Year").fill("2022")
    page.get_by_label("Factor 1: domain").select_option(
        label="Social environment, including family and parenting capacity"
    )
    page.get_by_label("Factor 1: description").fill("Unsafe sleeping arrangements")
    page.get_by_label("Factor 1: grade").select_option(label="2: may have contributed to the death")
    page.get_by_label("No modifiable factors identified").check()
    page.get_by_role("button", name="Record the analysis").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("A factor graded 2 may have contributed")
    assert_accessible(page, "reviews-child-death-analysis-errors")
    page.get_by_label("Modifiable factors identified", exact=True).check()
    page.get_by_role("button", name="Record the analysis").click()
    expect(page.get_by_text("The panel's analysis of CDOP-2022-050 is recorded.")).to_be_visible()
    assert ChildDeath.objects.get().status == ChildDeath.Status.REVIEWED
