"""The restraint section of the yearly report: the seed's figures, the chart with its text and data,
the scrutiny summary, and never a young person's or incident's reference."""

from __future__ import annotations

import json
import re

import pytest

from hub.core.registry import registry
from hub.restraint import demo
from hub.restraint.models import Incident
from hub.restraint.reports import report_sections
from hub.restraint.tests.factories import make_home


@pytest.fixture
def demo_home(db):
    home = make_home("Aycliffe Secure Centre", demo.HOME)
    demo.load(lambda line: None)
    return home


def test_the_section_holds_the_years_figures_chart_and_scrutiny(demo_home):
    (section,) = report_sections("2021-22")
    figures = {figure.label: (figure.value, figure.unit) for figure in section.figures}
    assert figures["Incidents of restraint"] == (408, "")
    assert figures["Incidents that caused no injury"] == (71, "%")
    assert figures["Incidents that resulted in injury"] == (117, "")
    assert figures["Injuries at level 1"] == (96, "%")
    assert figures["Injuries at level 3, the most serious"] == (1, "")
    assert section.statements[0].startswith("Of the 408 incidents of restraint recorded in 2021/22, 71%")
    assert section.statements[1].startswith("12 CCTV scrutiny sessions in 2021/22 reviewed")
    (chart,) = section.charts
    assert chart.svg.lstrip().startswith("<svg") and chart.summary
    assert len(chart.table.rows) == 48
    assert section.table("quarters").rows[-1][0] == "Q4 2021/22"
    assert sum(row[1] for row in section.table("quarters").rows) == 408
    assert section.table("year-on-year").headers == ["Figure", "2020/21", "2021/22"]


def test_no_young_person_or_incident_reference_appears(demo_home):
    (section,) = report_sections("2021-22")
    text = json.dumps(section.as_dict())
    references = set(Incident.objects.values_list("young_person", flat=True)) | set(
        Incident.objects.values_list("home_reference", flat=True)[:50]
    )
    assert not [reference for reference in references if re.search(rf"\b{re.escape(reference)}\b", text)]


def test_a_year_without_incidents_gives_no_section(db):
    assert report_sections("2030-31") == []


def test_the_section_is_offered_to_the_yearly_report():
    assert registry.report_sections["restraint"] is report_sections
