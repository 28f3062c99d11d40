"""Abbreviations written out on first use in the yearly report (hub.reports.acronyms)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from hub.core.reporting import ReportSection
from hub.reports import acronyms, reporting
from hub.reports.models import Acronym
from hub.reports.tests.sign_off_support import YEAR

TABLE = {
    "CDOP": "Child Death Overview Panel",
    "NHS": "National Health Service",
    "LADO": "Local Authority Designated Officer",
    "ICB": "Integrated Care Board",
}


def _abbr(word: str) -> str:
    return f'<abbr title="{TABLE[word]}">{word}</abbr>'


def test_the_first_use_is_written_out_and_every_use_marked():
    html = "<p>The CDOP met. Then the CDOP met again.</p><p>CDOP, again.</p>"
    assert acronyms.expand(html, TABLE) == (
        f"<p>The Child Death Overview Panel ({_abbr('CDOP')}) met. Then the {_abbr('CDOP')} met again.</p>"
        f"<p>{_abbr('CDOP')}, again.</p>"
    )


def test_headings_contents_attributes_scripts_and_charts_are_left_alone():
    html = (
        '<nav><a href="#cdop" title="CDOP">CDOP</a></nav>'
        '<h2 id="CDOP">The CDOP</h2>'
        '<svg viewBox="0 0 1 1"><title>CDOP</title></svg>'
        '<script>let a = "<p>NHS</p>";</script>'
        '<p class="NHS">The CDOP and the NHS.</p>'
    )
    expected = (
        '<nav><a href="#cdop" title="CDOP">CDOP</a></nav>'
        '<h2 id="CDOP">The CDOP</h2>'
        '<svg viewbox="0 0 1 1"><title>CDOP</title></svg>'
        '<script>let a = "<p>NHS</p>";</script>'
        f'<p class="NHS">The Child Death Overview Panel ({_abbr("CDOP")}) and the '
        f"National Health Service ({_abbr('NHS')}).</p>"
    )
    assert acronyms.expand(html, TABLE) == expected


def test_only_whole_words_with_the_same_capitals_are_matched():
    html = "<p>NHSE, nhs, the Nhs and CDOP-2021-001 are not the NHS.</p>"
    assert acronyms.expand(html, TABLE) == (
        f"<p>NHSE, nhs, the Nhs and CDOP-2021-001 are not the National Health Service ({_abbr('NHS')}).</p>"
    )


def test_words_already_written_out_or_brackets_already_there_are_not_doubled():
    html = (
        "<p><strong>Local Authority Designated Officer</strong> (LADO) and the LADO.</p>"
        "<table><tr><th>Child Death Overview Panel</th><td>CDOP</td></tr></table>"
        "<p>Clinical Commissioning Groups (ICB) became the ICB.</p>"
    )
    assert acronyms.expand(html, TABLE) == (
        f"<p><strong>Local Authority Designated Officer</strong> ({_abbr('LADO')}) and the {_abbr('LADO')}.</p>"
        f"<table><tr><th>Child Death Overview Panel</th><td>{_abbr('CDOP')}</td></tr></table>"
        f"<p>Clinical Commissioning Groups ({_abbr('ICB')}) became the Integrated Care Board ({_abbr('ICB')}).</p>"
    )


def test_html_without_abbreviations_is_returned_as_it_came():
    html = '<svg viewBox="0 0 1 1"><rect/></svg><p>Nothing to expand &amp; no change.</p>'
    assert acronyms.expand(html, TABLE) is html
    assert acronyms.expand(html, {}) is html


@pytest.mark.django_db
def test_the_report_page_and_document_use_the_business_units_list(client_for, personas, monkeypatch):
    from hub.core.registry import registry

    assert Acronym.objects.get(abbreviation="CDOP").expansion == "Child Death Overview Panel"
    Acronym.objects.create(abbreviation="XYZ", expansion="Example Yearly Zone")
    statements = ["The CDOP reviewed 28 deaths.", "The XYZ and the CDOP met twice."]
    monkeypatch.setattr(
        registry,
        "report_sections",
        {"reviews": lambda year: [ReportSection(title="CDOP", slug="reviews.cdop", statements=statements)]},
    )
    response = client_for(personas.executive).get(reverse("reports:report", args=[YEAR.slug]))
    page = BeautifulSoup(response.content, "html.parser")
    document = BeautifulSoup(reporting.render_document(reporting.build_report(YEAR)), "html.parser")
    for soup in (page, document):
        body = soup.select_one(".hub-report-chapter")
        assert body.h3.get_text() == "CDOP"  # headings keep the short form
        paragraphs = [p.get_text() for p in body.select("p.govuk-body")]
        assert "The Child Death Overview Panel (CDOP) reviewed 28 deaths." in paragraphs
        assert "The Example Yearly Zone (XYZ) and the CDOP met twice." in paragraphs
        assert soup.select_one("nav").get_text().count("Child Death") == 0


@pytest.mark.django_db
def test_the_business_unit_keeps_the_list_in_the_back_office(client_for, personas):
    client = client_for(personas.business_unit)
    listing = client.get(reverse("reports_acronym:index"))
    assert listing.status_code == 200
    assert "Child Death Overview Panel" in listing.content.decode()
    response = client.post(
        reverse("reports_acronym:add"),
        {"abbreviation": "MAPPA", "expansion": "Multi-Agency Public Protection Arrangements"},
    )
    assert response.status_code == 302
    assert Acronym.objects.get(abbreviation="MAPPA").expansion == "Multi-Agency Public Protection Arrangements"
    assert client_for(personas.executive).get(reverse("reports_acronym:index")).status_code == 302
