"""The PDF made in the background: asking for it, its progress page, its download, a failure, who
may do each, and publication through the same task. The PDF itself is a tiny one (``fake_pdf``)."""

from __future__ import annotations

import logging

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from hub.core.registry import registry
from hub.core.reporting import ReportSection
from hub.reports import generation, reporting
from hub.reports.models import LeadPartner, ReportGeneration, ReportSignOff
from hub.reports.tests.sign_off_support import YEAR, awaiting
from hub.website.models import ResourcePage
from hub.website.tests.factories import build_site

pytestmark = pytest.mark.django_db

State = ReportGeneration.State


def _url(name: str, *args) -> str:
    return reverse(name, args=[YEAR.slug, *args])


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def _text(response) -> str:
    return " ".join(_soup(response).get_text(" ").split())


def test_a_reader_prepares_the_pdf_watches_it_and_downloads_it(
    client_for, personas, empty_report, fake_pdf, django_capture_on_commit_callbacks
):
    client = client_for(personas.executive)
    report = client.get(_url("reports:report"))
    assert _soup(report).find("form", action=_url("reports:pdf")).find("button").get_text(strip=True) == (
        "Prepare the PDF"
    )

    # Queued and not yet run: the page refreshes itself and says where the run is.
    response = client.post(_url("reports:pdf"))
    run = ReportGeneration.objects.get()
    assert (run.state, run.purpose, run.year, run.requested_by) == (State.QUEUED, "download", 2021, personas.executive)
    assert response.url == _url("reports:pdf-progress", run.uuid)
    waiting = _soup(client.get(response.url))
    assert waiting.find("meta", attrs={"http-equiv": "refresh"})["content"] == "3"
    assert "Waiting to start" in waiting.select_one("[aria-live]").get_text()
    assert client.get(_url("reports:pdf-download", run.uuid)).status_code == 404

    # Asking again while it is queued leads to the same run.
    again = client_for(personas.business_unit).post(_url("reports:pdf"))
    assert again.url == response.url
    assert ReportGeneration.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        ReportGeneration.objects.all().delete()
        client.post(_url("reports:pdf"))
    run = ReportGeneration.objects.get()
    assert (run.state, run.stage, run.steps_done, run.steps_total) == (State.DONE, "Done", 2, 2)
    assert run.size > 0 and run.started_at and run.finished_at
    with run.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert run.file.name == f"reports/generated/{run.uuid.hex}.pdf"
    done = client.get(_url("reports:pdf-progress", run.uuid))
    page = _soup(done)
    assert page.find("meta", attrs={"http-equiv": "refresh"}) is None
    assert "The PDF is ready" in page.select_one("[aria-live]").get_text()
    link = page.find("a", string="Download the PDF")
    assert link["href"] == _url("reports:pdf-download", run.uuid)
    download = client.get(link["href"])
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="yearly-report-2021-22.pdf"'
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_the_run_says_which_section_it_is_gathering(personas, empty_report, fake_pdf, monkeypatch):
    stages = []

    def provider(year):
        stages.append(ReportGeneration.objects.values_list("stage", "steps_done", "steps_total").get())
        return [ReportSection(title="Budget", slug="governance.budget", statements=["Spent."])]

    monkeypatch.setattr(registry, "report_sections", {"governance": provider, "training": provider})
    run, created = generation.request_pdf(actor=personas.business_unit, year=YEAR)
    assert created
    assert generation.run_generation(str(run.uuid)) == State.DONE
    assert stages == [("Gathering sections (1 of 2)", 0, 4), ("Gathering sections (2 of 2)", 1, 4)]
    # Run again, a run already done is not done again.
    assert generation.run_generation(str(run.uuid)) == State.DONE
    assert len(fake_pdf) == 1


def test_a_failing_render_marks_the_run_failed_logs_it_and_tells_staff_plainly(
    client_for, personas, empty_report, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(report, html=None):
        raise RuntimeError("cairo surface went away")

    monkeypatch.setattr(reporting, "render_pdf", broken)
    client = client_for(personas.business_unit)
    with (
        caplog.at_level(logging.ERROR, logger="hub.reports.generation"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(_url("reports:pdf"))
    run = ReportGeneration.objects.get()
    assert (run.state, run.error, run.file.name) == (State.FAILED, generation.FAILED_MESSAGE, "")
    assert "Making the PDF of the yearly report 2021/22 failed" in caplog.text
    assert "cairo surface went away" in caplog.text
    page = client.get(response.url)
    assert "The PDF could not be made" in _text(page)
    assert "cairo" not in page.content.decode()
    assert _soup(page).find("button", string="Prepare the PDF again")
    assert _soup(page).find("meta", attrs={"http-equiv": "refresh"}) is None
    assert client.get(_url("reports:pdf-download", run.uuid)).status_code == 404


def test_a_run_whose_worker_stopped_is_failed_and_a_new_one_starts(personas, empty_report):
    run, _ = generation.request_pdf(actor=personas.business_unit, year=YEAR)
    ReportGeneration.objects.filter(pk=run.pk).update(updated_at=run.created_at - generation.STALLED_AFTER)
    again, created = generation.request_pdf(actor=personas.business_unit, year=YEAR)
    assert created and again != run
    run.refresh_from_db()
    assert (run.state, run.error) == (State.FAILED, generation.STALLED_MESSAGE)


def test_only_the_newest_runs_of_a_year_are_kept(personas, empty_report, fake_pdf):
    runs = []
    for _ in range(generation.KEEP_RUNS + 2):
        run, _ = generation.request_pdf(actor=personas.business_unit, year=YEAR)
        generation.run_generation(str(run.uuid))
        runs.append(ReportGeneration.objects.get(pk=run.pk))
    assert list(ReportGeneration.objects.order_by("pk")) == runs[-generation.KEEP_RUNS :]
    assert not runs[0].file.storage.exists(runs[0].file.name)


def test_who_may_prepare_see_and_download_the_pdf(client, client_for, personas, empty_report, leads):
    run = ReportGeneration.objects.create(year=YEAR.start_year, state=State.DONE)
    urls = [_url("reports:pdf-progress", run.uuid), _url("reports:pdf-download", run.uuid)]
    assert client.post(_url("reports:pdf")).status_code == 302
    assert client.get(urls[0]).status_code == 302
    practitioner = client_for(personas.practitioner)
    assert practitioner.post(_url("reports:pdf")).status_code == 404
    assert [practitioner.get(url).status_code for url in urls] == [404, 404]
    assert not ReportGeneration.objects.exclude(pk=run.pk).exists()
    # A lead partner reads the report before publication, so may prepare the PDF, but not publish.
    LeadPartner.objects.filter(pk=leads.police.pk).update(person=personas.practitioner)
    assert practitioner.post(_url("reports:pdf")).status_code == 302
    assert practitioner.get(urls[0]).status_code == 200
    assert practitioner.post(_url("reports:publish"), {"summary": "Text"}).status_code == 404


def test_a_run_is_found_only_under_its_own_year(client_for, personas, empty_report, fake_pdf):
    run, _ = generation.request_pdf(actor=personas.business_unit, year=YEAR)
    generation.run_generation(str(run.uuid))
    client = client_for(personas.scrutineer)
    assert client.get(_url("reports:pdf-download", run.uuid)).status_code == 200
    other = reverse("reports:pdf-download", args=[YEAR.previous().slug, run.uuid])
    assert client.get(other).status_code == 404
    assert client.get(reverse("reports:pdf-progress", args=[YEAR.previous().slug, run.uuid])).status_code == 404


def test_a_publication_refused_in_the_background_says_why(
    client_for, personas, leads, empty_report, fake_pdf, django_capture_on_commit_callbacks
):
    """The report was signed off when asked, but the website has no library to publish it to."""
    sign_off = awaiting(leads, approved_by=tuple(leads.all))
    sign_off.state = ReportSignOff.State.SIGNED_OFF
    sign_off.save()
    client = client_for(personas.business_unit)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("reports:publish"), {"summary": "What we did."})
    run = ReportGeneration.objects.get()
    assert (run.purpose, run.state, run.summary) == ("publication", State.FAILED, "What we did.")
    assert "resource library" in run.error
    page = client.get(response.url)
    assert "The report was not published" in _text(page)
    assert _soup(page).find("a", string="Try publishing again")["href"] == _url("reports:publish")
    sign_off.refresh_from_db()
    assert sign_off.state == ReportSignOff.State.SIGNED_OFF

    # With the library in place, publishing again goes through.
    build_site()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("reports:publish"), {"summary": "What we did."})
    sign_off.refresh_from_db()
    assert sign_off.state == ReportSignOff.State.PUBLISHED
    assert ResourcePage.objects.get().summary == "What we did."
