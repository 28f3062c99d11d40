"""The yearly report pages: the index, the report for a year and its PDF."""

from __future__ import annotations

import io

import pikepdf
import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse

from hub.core.registry import registry
from hub.core.reporting import Figure, ReportSection, Table
from hub.reports.models import ReportGeneration

pytestmark = pytest.mark.django_db


@pytest.fixture
def providers(monkeypatch):
    """Replace the registered providers with the test's own for the duration of a test."""
    replaced = {}
    monkeypatch.setattr(registry, "report_sections", replaced)
    return replaced


def _budget(year):
    return [
        ReportSection(
            title="Budget and contributions",
            slug="governance.budget",
            figures=[Figure("Total budget", 347060, "£", previous=320500), Figure("Partners", 4)],
            tables=[Table("Contributions", ["Contributor", "Amount"], [["County Council", "£191,604"]])],
            statements=["Partners contributed £347,060."],
        )
    ]


def _broken(year):
    raise ValueError("no such column")


def _url(name="reports:report", year="2021-22"):
    return reverse(name, kwargs={"year_slug": year})


def test_the_report_shows_chapters_sections_figures_with_the_year_before_and_tables(client_for, personas, providers):
    providers["governance"] = _budget
    response = client_for(personas.business_unit).get(_url())
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.h1.get_text(strip=True) == "Yearly report 2021/22"
    headings = [(tag.name, tag.get_text(strip=True)) for tag in page.select("main h2, main h3")]
    assert headings == [("h2", "Contents"), ("h2", "About the partnership"), ("h3", "Budget and contributions")]
    figures = page.select_one("table.hub-report-figures")
    assert [th.get_text(strip=True) for th in figures.select("thead th")] == ["Figure", "2021/22", "2020/21"]
    first = [cell.get_text(" ", strip=True) for cell in figures.select("tbody tr")[0].find_all(["th", "td"])]
    assert first == ["Total budget", "£347,060", "£320,500"]
    second = figures.select("tbody tr")[1]
    assert second.select("td")[1].get_text(strip=True) == "No figure for the year before–"
    assert all(th.get("scope") in ("col", "row") for th in page.select("main th"))
    assert "Partners contributed £347,060." in page.get_text()
    assert page.select_one('a[href="#section-governance.budget"]').get_text(strip=True) == "Budget and contributions"


def test_a_failing_provider_shows_an_error_box_to_staff_and_the_rest_of_the_report(
    client_for, personas, providers, caplog
):
    providers["governance"] = _budget
    providers["training"] = _broken
    response = client_for(personas.scrutineer).get(_url())
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    box = page.select_one(".hub-report-error")
    assert "This section could not be produced" in box.get_text()
    assert "no such column" not in response.content.decode()  # the error's detail stays in the log
    assert page.select_one("#chapter-other-sections").get_text(strip=True) == "Other sections"
    assert "Budget and contributions" in page.get_text()
    assert "The training section provider failed" in caplog.text


def test_a_year_that_is_not_a_year_or_has_not_started_is_not_found(client_for, personas, providers):
    client = client_for(personas.business_unit)
    with time_machine.travel("2026-11-26 09:00"):
        assert client.get(_url(year="2021-23")).status_code == 404
        assert client.get(_url(year="nonsense")).status_code == 404
        assert client.get(_url(year="2027-28")).status_code == 404
        assert client.get(_url(year="2026-27")).status_code == 200


def test_the_index_lists_recent_years_newest_first(client_for, personas):
    with time_machine.travel("2022-06-01 09:00"):
        response = client_for(personas.executive).get(reverse("reports:index"))
    page = BeautifulSoup(response.content, "html.parser")
    links = [link.get_text(strip=True) for link in page.select("main ul.govuk-list a")]
    assert links[:3] == ["Yearly report 2022/23", "Yearly report 2021/22", "Yearly report 2020/21"]
    assert page.select_one(f'a[href="{_url()}"]') is not None


def test_the_menu_shows_the_report_to_readers_only(client_for, personas):
    assert b'href="/reports/"' in client_for(personas.business_unit).get("/account/").content
    assert b'href="/reports/"' not in client_for(personas.practitioner).get("/account/").content


def test_the_pdf_downloads_with_a_year_in_its_name_and_is_tagged(
    client_for, personas, providers, django_capture_on_commit_callbacks
):
    providers["governance"] = _budget
    providers["training"] = _broken
    client = client_for(personas.executive)
    with django_capture_on_commit_callbacks(execute=True):
        progress = client.post(_url("reports:pdf"))
    run = ReportGeneration.objects.get()
    assert progress.url == reverse("reports:pdf-progress", args=["2021-22", run.uuid])
    response = client.get(reverse("reports:pdf-download", args=["2021-22", run.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="yearly-report-2021-22.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    pdf = pikepdf.open(io.BytesIO(b"".join(response.streaming_content)))
    assert "/StructTreeRoot" in pdf.Root


def test_numbers_in_tables_are_formatted_and_aligned_with_their_headers(client_for, personas, providers):
    providers["governance"] = lambda year: [
        ReportSection(
            title="Groups",
            slug="governance.groups",
            tables=[Table("Meetings", ["Group", "Meetings held", "Chair"], [["Executive", 1204, "Sam"]])],
        )
    ]
    page = BeautifulSoup(client_for(personas.business_unit).get(_url()).content, "html.parser")
    headers = page.select("main .hub-report-table th[scope=col]")
    assert ["govuk-table__header--numeric" in header["class"] for header in headers] == [False, True, False]
    row = page.select_one("main .hub-report-table tbody tr")
    assert row.th.get_text() == "Executive"
    assert [cell.get_text() for cell in row.select("td")] == ["1,204", "Sam"]
    assert "govuk-table__cell--numeric" in row.select("td")[0]["class"]


def test_the_year_before_column_appears_only_when_a_figure_has_one(client_for, personas, providers):
    providers["website"] = lambda year: [
        {"key": "website.downloads", "title": "Resource library", "figures": [{"label": "Downloads", "value": 12}]}
    ]
    page = BeautifulSoup(client_for(personas.business_unit).get(_url()).content, "html.parser")
    assert [th.get_text(strip=True) for th in page.select("table.hub-report-figures thead th")] == ["Figure", "2021/22"]
    assert page.select_one("table.hub-report-figures tbody td").get_text(strip=True) == "12"
