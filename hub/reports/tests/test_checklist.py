"""The statutory checklist: presence judged from the year's sections and narrative, reasons for
missing items, whether sign-off may proceed, and who may see the page."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from hub.core.models import AuditEntry
from hub.core.periods import FinancialYear
from hub.core.registry import registry
from hub.core.reporting import Figure, ReportSection
from hub.reports.checklist import checklist, record_missing_reason
from hub.reports.models import ChecklistItem, ChecklistReason, NarrativeBlock, OutlineChapter

pytestmark = pytest.mark.django_db

YEAR = FinancialYear(2021)


@pytest.fixture
def items():
    """A checklist of our own in place of the seeded one."""
    ChecklistItem.objects.all().delete()
    learning = OutlineChapter.objects.get(slug="learning")
    return {
        "budget": ChecklistItem.objects.create(
            order=1, slug="funding", title="The funding", judged_by="section", section_pattern="governance.budget"
        ),
        "reviews": ChecklistItem.objects.create(
            order=2, slug="reviews", title="Practice reviews", judged_by="section", section_pattern="reviews*"
        ),
        "feedback": ChecklistItem.objects.create(
            order=3, slug="feedback", title="Feedback from families", judged_by="narrative", chapter=learning
        ),
        "training": ChecklistItem.objects.create(
            order=4,
            slug="training",
            title="Training",
            judged_by="section",
            section_pattern="training.*",
            required=False,
        ),
    }


@pytest.fixture
def providers(monkeypatch):
    replaced = {
        "governance": lambda year: [
            ReportSection(title="Budget", slug="governance.budget", figures=[Figure("Total budget", 100, "£")])
        ],
        # A section with nothing in it does not count as present.
        "reviews": lambda year: [ReportSection(title="Reviews", slug="reviews.rapid")],
    }
    monkeypatch.setattr(registry, "report_sections", replaced)
    return replaced


def _statuses(result):
    return {status.item.slug: (status.present, status.reason is not None) for status in result.items}


def test_the_seeded_checklist_marks_recalled_items_unconfirmed():
    seeded = ChecklistItem.objects.all()
    assert seeded.count() == 12
    funding = seeded.get(slug="funding")
    assert (funding.verified, funding.required, funding.section_pattern) == (False, True, "governance.budget")
    assert seeded.get(slug="effectiveness").verified
    assert seeded.get(slug="effectiveness").chapter.slug == "learning"


def test_presence_is_judged_from_sections_with_content_and_written_narrative(items, providers, personas):
    result = checklist(YEAR)
    assert _statuses(result) == {
        "funding": (True, False),
        "reviews": (False, False),
        "feedback": (False, False),
        "training": (False, False),
    }
    assert not result.may_proceed
    assert [status.item.slug for status in result.blocking] == ["reviews", "feedback"]

    NarrativeBlock.objects.create(year=2021, chapter=items["feedback"].chapter, text="   ")
    assert _statuses(checklist(YEAR))["feedback"] == (False, False)
    NarrativeBlock.objects.filter(year=2021).update(text="We asked young people.")
    assert _statuses(checklist(YEAR))["feedback"] == (True, False)


def test_sign_off_may_proceed_once_each_missing_required_item_has_a_reason(items, providers, personas):
    NarrativeBlock.objects.create(year=2021, chapter=items["feedback"].chapter, text="Written.")
    record_missing_reason(
        actor=personas.business_unit, item=items["reviews"], year=YEAR, reason="No review met the criteria."
    )
    result = checklist(YEAR)
    assert _statuses(result)["reviews"] == (False, True)
    assert result.may_proceed  # the optional training item is missing, which does not block
    assert not checklist(FinancialYear(2022), sections=[]).may_proceed  # reasons belong to their year


def test_a_reason_needs_the_business_unit_and_some_text(items, personas):
    from hub.core.errors import DomainError

    with pytest.raises(DomainError, match="Only the business unit"):
        record_missing_reason(actor=personas.executive, item=items["reviews"], year=YEAR, reason="Because.")
    with pytest.raises(DomainError, match="Enter why the report goes ahead without this item"):
        record_missing_reason(actor=personas.business_unit, item=items["reviews"], year=YEAR, reason="  ")
    assert not ChecklistReason.objects.exists()


def _url():
    return reverse("reports:checklist", args=[YEAR.slug])


def test_the_page_shows_each_item_with_its_status(items, providers, client_for, personas):
    page = BeautifulSoup(client_for(personas.business_unit).get(_url()).content, "html.parser")
    statuses = {row["id"]: row.select("td")[-1].get_text(strip=True) for row in page.select("tbody tr")}
    assert statuses == {
        "item-funding": "Present",
        "item-reviews": "Missing",
        "item-feedback": "Missing",
        "item-training": "Missing",
    }
    assert "2 required items are missing with no reason recorded." in page.get_text()
    assert [heading.get_text(strip=True) for heading in page.select(".hub-checklist-reason h2")] == [
        "Missing: Practice reviews",
        "Missing: Feedback from families",
    ]
    assert "Not yet confirmed against the guidance" in page.select_one("#item-funding").get_text()


def test_the_business_unit_records_a_reason_which_is_audited(items, providers, client_for, personas):
    client = client_for(personas.business_unit)
    response = client.post(_url(), {"item": "reviews", "reviews-reason": "No case met the criteria this year."})
    assert response.status_code == 302
    reason = ChecklistReason.objects.get(item=items["reviews"], year=2021)
    assert (reason.reason, reason.recorded_by) == ("No case met the criteria this year.", personas.business_unit)
    entry = AuditEntry.objects.get(action="reports.checklist.reason_recorded")
    assert entry.data["item"] == "Practice reviews"
    page = BeautifulSoup(client.get(_url()).content, "html.parser")
    assert page.select_one("#item-reviews td:last-child").get_text(strip=True) == "Missing, reason recorded"
    assert "No case met the criteria this year." in page.get_text()


def test_an_empty_reason_is_refused_with_a_message(items, providers, client_for, personas):
    response = client_for(personas.business_unit).post(_url(), {"item": "reviews", "reviews-reason": ""})
    assert response.status_code == 400
    summary = BeautifulSoup(response.content, "html.parser").select_one(".govuk-error-summary")
    assert "Enter why the report goes ahead without this item" in summary.get_text()
    assert summary.select_one("a")["href"] == "#id_reviews-reason"
    assert not ChecklistReason.objects.exists()


def test_a_reason_for_a_present_item_is_not_recorded(items, providers, client_for, personas):
    response = client_for(personas.business_unit).post(_url(), {"item": "funding", "funding-reason": "Why not."})
    assert response.status_code == 302
    assert not ChecklistReason.objects.exists()


@pytest.mark.parametrize("persona", ["executive", "scrutineer", "practitioner"])
def test_only_the_business_unit_sees_the_checklist(items, providers, client_for, personas, persona):
    client = client_for(getattr(personas, persona))
    assert client.get(_url()).status_code == 404
    assert client.post(_url(), {"item": "reviews", "reviews-reason": "Mine."}).status_code == 404
    assert not ChecklistReason.objects.exists()


def test_the_report_page_links_the_business_unit_to_the_checklist(providers, client_for, personas):
    page = BeautifulSoup(
        client_for(personas.business_unit).get(reverse("reports:report", args=[YEAR.slug])).content, "html.parser"
    )
    assert page.select_one(f'a[href="{_url()}"]') is not None
