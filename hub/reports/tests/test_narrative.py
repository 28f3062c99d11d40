"""The business unit's narrative text: figure tokens, the list and edit pages, the preview,
optimistic locking, history, and who may write or only read."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils.timezone import localtime

from hub.core.models import AuditEntry
from hub.core.periods import FinancialYear
from hub.core.registry import registry
from hub.core.reporting import Figure, ReportSection, Table
from hub.reports import reporting
from hub.reports.models import NarrativeBlock, OutlineChapter
from hub.reports.narrative import available_figures, render, unknown_tokens

pytestmark = pytest.mark.django_db

YEAR = FinancialYear(2021)
BUDGET_TOKEN = "{{governance.budget.total-budget}}"


@pytest.fixture
def providers(monkeypatch):
    replaced = {"governance": _budget}
    monkeypatch.setattr(registry, "report_sections", replaced)
    return replaced


def _budget(year, total=347060):
    return [
        ReportSection(
            title="Budget and contributions",
            slug="governance.budget",
            figures=[Figure("Total budget", total, "£"), Figure("Partners", 4, key="partners-count")],
            tables=[Table("Contributions", ["Contributor", "Amount"], [["County Council", "£191,604"]])],
            narrative_slots=["How the money was spent"],
        )
    ]


def _chapter_url(slug="whats-next"):
    return reverse("reports:narrative-chapter", args=[YEAR.slug, slug])


def _slot_url():
    return reverse("reports:narrative-slot", args=[YEAR.slug, "governance.budget", "how-the-money-was-spent"])


def _list_url():
    return reverse("reports:narrative", args=[YEAR.slug])


def _page(response):
    return BeautifulSoup(response.content, "html.parser")


# Tokens --------------------------------------------------------------------------------------------


def test_a_figure_key_defaults_to_the_slug_of_its_label_and_can_be_named():
    assert Figure("Total budget", 1).key == "total-budget"
    assert Figure("Partners", 4, key="partners-count").key == "partners-count"


def test_a_token_prints_the_figure_as_the_report_does_with_thousands_separated():
    figures = available_figures(_budget(YEAR))
    html = render(
        f"We spent {BUDGET_TOKEN}.\n\nThere were {{{{governance.budget.partners-count}}}} partners.",
        figures,
        staff=False,
    )
    page = BeautifulSoup(html, "html.parser")
    assert [p.get_text() for p in page.find_all("p")] == ["We spent £347,060.", "There were 4 partners."]


def test_text_is_escaped_and_line_breaks_kept():
    html = render("<script>alert(1)</script>\nsecond line", {}, staff=True)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<br>second line" in html


def test_a_token_that_no_longer_resolves_is_marked_never_blank():
    text = "We spent {{governance.budget.old-total}}."
    staff = BeautifulSoup(render(text, {}, staff=True), "html.parser")
    assert staff.select_one(".hub-report-stale").get_text() == (
        "[The figure {{governance.budget.old-total}} is no longer in the report]"
    )
    readers = BeautifulSoup(render(text, {}, staff=False), "html.parser")
    assert readers.get_text() == "We spent [figure not available]."


def test_unknown_tokens_are_listed_as_written_including_malformed_ones():
    figures = available_figures(_budget(YEAR))
    text = f"{BUDGET_TOKEN} {{{{ governance.budget.nope }}}} {{{{Total budget}}}}"
    assert unknown_tokens(text, figures) == ["{{governance.budget.nope}}", "{{Total budget}}"]


# The report ---------------------------------------------------------------------------------------


def test_the_report_prints_chapter_and_slot_text_with_figures_and_marks_stale_tokens_for_staff(
    client_for, personas, providers
):
    whats_next = OutlineChapter.objects.get(slug="whats-next")
    NarrativeBlock.objects.create(year=2021, chapter=whats_next, text=f"We plan with {BUDGET_TOKEN}.")
    NarrativeBlock.objects.create(
        year=2021, section_slug="governance.budget", slot="How the money was spent", text="Mostly on training."
    )
    NarrativeBlock.objects.create(year=2020, chapter=whats_next, text="Another year's text.")
    providers["governance"] = lambda year: [
        ReportSection(
            title="Budget and contributions",
            slug="governance.budget",
            figures=[Figure("Budget", 1000, "£")],
            narrative_slots=["How the money was spent"],
        )
    ]
    page = _page(client_for(personas.scrutineer).get(reverse("reports:report", args=[YEAR.slug])))
    chapter = page.select_one('section[aria-labelledby="chapter-whats-next"]')
    assert "[The figure {{governance.budget.total-budget}} is no longer in the report]" in chapter.get_text()
    assert "Another year's text." not in page.get_text()
    slot = page.select_one("#section-governance\\.budget ~ .hub-report-narrative")
    assert slot.h4.get_text() == "How the money was spent"
    assert "Mostly on training." in slot.get_text()

    document = reporting.render_document(reporting.build_report(YEAR))
    assert "We plan with [figure not available]." in BeautifulSoup(document, "html.parser").get_text()


# Writing ------------------------------------------------------------------------------------------


def test_the_list_shows_each_place_with_its_state(client_for, personas, providers):
    NarrativeBlock.objects.create(
        year=2021,
        chapter=OutlineChapter.objects.get(slug="whats-next"),
        text="Our priorities.",
        updated_by=personas.business_unit,
    )
    page = _page(client_for(personas.business_unit).get(_list_url()))
    rows = {row.th.get_text(strip=True): row.select("td")[0].get_text(strip=True) for row in page.select("tbody tr")}
    assert rows["Chapter: What's next"] == "Written"
    assert rows["Chapter: The children in our area"] == "Empty"
    assert rows["Budget and contributions: How the money was spent"] == "Empty"
    assert page.select_one(f'a[href="{_slot_url()}"]') is not None


def test_the_business_unit_writes_a_chapter_text_with_history_and_an_audit_entry(client_for, personas, providers):
    client = client_for(personas.business_unit)
    response = client.post(_chapter_url(), {"text": f"First: {BUDGET_TOKEN}.", "version": "0", "action": "save"})
    assert response.status_code == 302
    block = NarrativeBlock.objects.get(year=2021, chapter__slug="whats-next")
    assert (block.text, block.version, block.updated_by) == (f"First: {BUDGET_TOKEN}.", 1, personas.business_unit)

    client.post(_chapter_url(), {"text": "Second.", "version": "1", "action": "save"})
    block.refresh_from_db()
    assert (block.text, block.version) == ("Second.", 2)
    assert [entry.text for entry in block.history.order_by("history_date")] == [f"First: {BUDGET_TOKEN}.", "Second."]
    entries = AuditEntry.objects.filter(action="reports.narrative.saved", object_id=str(block.pk))
    assert entries.count() == 2
    assert entries.first().data["place"] == "What's next"

    page = client.get(_chapter_url()).content.decode()
    saver = personas.business_unit.get_full_name() or personas.business_unit.email
    assert f"Last saved {localtime(block.updated_at):%-d %B %Y, %H:%M} by {saver}." in page


def test_a_slot_text_is_saved_for_its_section(client_for, personas, providers):
    response = client_for(personas.business_unit).post(
        _slot_url(), {"text": "Mostly on training.", "version": "0", "action": "save"}
    )
    assert response.status_code == 302
    block = NarrativeBlock.objects.get(year=2021, section_slug="governance.budget")
    assert (block.slot, block.chapter) == ("How the money was spent", None)


def test_text_naming_an_unknown_figure_is_refused_with_the_token_named(client_for, personas, providers):
    response = client_for(personas.business_unit).post(
        _chapter_url(), {"text": "We spent {{governance.budget.totl}}.", "version": "0", "action": "save"}
    )
    assert response.status_code == 400
    page = _page(response)
    assert (
        page.select_one(".govuk-error-summary")
        .get_text(" ", strip=True)
        .endswith("The figure {{governance.budget.totl}} does not exist. Choose one from the list of figures.")
    )
    assert page.select_one("textarea").get_text().strip() == "We spent {{governance.budget.totl}}."
    assert page.select_one("#figures code").get_text() == BUDGET_TOKEN
    assert not NarrativeBlock.objects.exists()


def test_the_preview_shows_the_text_beside_the_sections_data_without_saving(client_for, personas, providers):
    response = client_for(personas.business_unit).post(
        _slot_url(), {"text": f"We spent {BUDGET_TOKEN}.", "version": "0", "action": "preview"}
    )
    assert response.status_code == 200
    preview = _page(response).select_one(".hub-report-preview")
    assert preview.select_one(".hub-report-narrative").get_text().strip() == "We spent £347,060."
    figures = preview.select_one("table.hub-report-figures")
    assert [cell.get_text(strip=True) for cell in figures.select("tbody tr")[0].find_all(["th", "td"])] == [
        "Total budget",
        "£347,060",
    ]
    assert "County Council" in preview.get_text()
    assert not NarrativeBlock.objects.exists()


def test_a_second_editor_who_saved_in_between_wins_and_the_first_keeps_the_typed_text(client_for, personas, providers):
    chapter = OutlineChapter.objects.get(slug="whats-next")
    block = NarrativeBlock.objects.create(year=2021, chapter=chapter, text="Opened.", version=1)
    other = client_for(personas.business_unit)
    other.post(_chapter_url(), {"text": "Saved by the other editor.", "version": "1", "action": "save"})

    response = other.post(_chapter_url(), {"text": "My late change.", "version": "1", "action": "save"})
    assert response.status_code == 400
    page = _page(response)
    assert "Someone else saved this text since you opened it." in page.select_one(".govuk-error-summary").get_text()
    assert page.select_one("textarea").get_text().strip() == "My late change."
    assert "Saved by the other editor." in page.select_one(".hub-report-conflict").get_text()
    assert page.select_one('input[name="version"]')["value"] == "2"
    block.refresh_from_db()
    assert (block.text, block.version) == ("Saved by the other editor.", 2)

    other.post(_chapter_url(), {"text": "My late change.", "version": "2", "action": "save"})
    block.refresh_from_db()
    assert (block.text, block.version) == ("My late change.", 3)


@pytest.mark.parametrize("persona", ["executive", "scrutineer"])
def test_executives_and_the_scrutineer_read_the_list_but_cannot_write(client_for, personas, providers, persona):
    client = client_for(getattr(personas, persona))
    page = _page(client.get(_list_url()))
    assert "Only the business unit can change the text." in page.get_text()
    assert page.select_one(f'a[href="{_chapter_url()}"]') is None
    assert client.get(_chapter_url()).status_code == 404
    assert client.post(_chapter_url(), {"text": "Mine.", "version": "0", "action": "save"}).status_code == 404
    assert not NarrativeBlock.objects.exists()
    report_page = _page(client.get(reverse("reports:report", args=[YEAR.slug])))
    assert report_page.select_one(f'a[href="{_list_url()}"]') is None


def test_practitioners_and_signed_out_visitors_are_refused(client_for, personas, providers):
    practitioner = client_for(personas.practitioner)
    assert practitioner.get(_list_url()).status_code == 404
    assert practitioner.post(_slot_url(), {"text": "x", "version": "0"}).status_code == 404
    response = Client().get(_chapter_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign-in"))
    assert not NarrativeBlock.objects.exists()


def test_the_report_page_links_the_business_unit_to_the_narrative(client_for, personas, providers):
    page = _page(client_for(personas.business_unit).get(reverse("reports:report", args=[YEAR.slug])))
    assert page.select_one(f'a[href="{_list_url()}"]') is not None


def test_a_chapter_without_narrative_text_or_an_unknown_slot_is_not_found(client_for, personas, providers):
    client = client_for(personas.business_unit)
    assert client.get(_chapter_url("about-the-partnership")).status_code == 404
    url = reverse("reports:narrative-slot", args=[YEAR.slug, "governance.budget", "no-such-slot"])
    assert client.get(url).status_code == 404
