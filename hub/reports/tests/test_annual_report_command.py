"""``manage.py annual_report``: the report as an HTML file and a tagged PDF (PDF/UA)."""

from __future__ import annotations

from io import StringIO

import pikepdf
import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command

from hub.core.registry import registry
from hub.core.reporting import Chart, Figure, ReportSection, Table

pytestmark = pytest.mark.django_db

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200" role="img" '
    'aria-labelledby="chart-title"><title id="chart-title">Restraint incidents each month</title>'
    '<rect x="10" y="50" width="40" height="150" fill="#1d70b8"/></svg>'
)


def _restraint(year):
    return [
        ReportSection(
            title="Use of restraint",
            slug="restraint",
            figures=[Figure("Incidents of restraint", 408, previous=389)],
            charts=[
                Chart(
                    title="Restraint incidents each month",
                    svg=SVG,
                    summary="Incidents were highest in the summer.",
                    table=Table("Incidents each month", ["Month", "Incidents"], [["April 2021", 40]]),
                )
            ],
            statements=["There were 408 incidents of restraint in 2021/22."],
        )
    ]


def _broken(year):
    raise RuntimeError("broken")


@pytest.fixture
def providers(monkeypatch):
    replaced = {"restraint": _restraint, "training": _broken}
    monkeypatch.setattr(registry, "report_sections", replaced)
    return replaced


def _walk(node, found):
    if isinstance(node, pikepdf.Dictionary):
        if node.get("/S") is not None:
            found.append(node)
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            for kid in kids:
                _walk(kid, found)
        elif kids is not None:
            _walk(kids, found)
    return found


def test_the_command_writes_an_accessible_html_file_and_a_tagged_pdf(tmp_path, providers):
    html_path, pdf_path = tmp_path / "report.html", tmp_path / "report.pdf"
    out, err = StringIO(), StringIO()
    call_command("annual_report", "2021-22", "--html", str(html_path), "--pdf", str(pdf_path), stdout=out, stderr=err)

    assert f"Wrote the 2021/22 report as HTML to {html_path}" in out.getvalue()
    assert f"Wrote the 2021/22 report as PDF to {pdf_path}" in out.getvalue()
    assert "The training section could not be produced and is left out" in err.getvalue()

    page = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    assert page.html["lang"] == "en-GB"
    assert page.title.get_text() == "Safeguarding Children Partnership: yearly report 2021/22"
    assert [tag.name for tag in page.select("h1, h2, h3, h4")] == ["h1", "h2", "h2", "h3", "h4"]
    assert page.select_one("figure figcaption").get_text(strip=True) == "Incidents were highest in the summer."
    assert page.select_one("figure + .hub-report-table caption").get_text(strip=True) == "Incidents each month"
    assert "could not be produced" not in page.get_text()  # failures stay out of the published document
    assert "408" in page.select_one(".hub-report-figure").get_text()

    pdf = pikepdf.open(pdf_path)
    root = pdf.Root
    assert root.MarkInfo.Marked
    assert "/StructTreeRoot" in root
    assert str(root.Lang) == "en-GB"
    assert str(pdf.docinfo["/Title"]) == "Safeguarding Children Partnership: yearly report 2021/22"
    assert root.ViewerPreferences.DisplayDocTitle
    elements = _walk(root.StructTreeRoot, [])
    figures = [element for element in elements if element.S == "/Figure"]
    assert figures, "the chart is tagged as a figure"
    assert all(str(figure.get("/Alt", "")).strip() for figure in figures), "every figure has alt text"
    kinds = {str(element.S) for element in elements}
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD"} <= kinds
    bookmarks = [item.title for item in pdf.open_outline().root]
    assert "Yearly report 2021/22" in bookmarks
    assert len(pdf.pages) >= 3  # cover, contents, a chapter


def test_the_command_needs_an_output_and_a_year(tmp_path, providers):
    with pytest.raises(CommandError, match="Give --html FILE, --pdf FILE or both"):
        call_command("annual_report", "2021-22")
    with pytest.raises(CommandError, match="Enter a year like 2021-22"):
        call_command("annual_report", "twenty-one", "--html", str(tmp_path / "report.html"))
