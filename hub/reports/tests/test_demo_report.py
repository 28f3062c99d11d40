"""The demo partnership's 2021/22 report carries the headline figures of the modules that have landed.

Child deaths reviewed (28 in 2021/22) are left out: the reviews module, which will provide them,
has not landed yet, and until it does its section is absent rather than faked.
"""

from __future__ import annotations

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from hub.core.periods import FinancialYear
from hub.reports import reporting
from hub.reports.checklist import checklist
from hub.reports.models import LeadPartner, NarrativeBlock, OutlineChapter, ReportSignOff
from hub.reports.narrative import unknown_tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_report():
    call_command("load_demo", stdout=StringIO())
    report = reporting.build_report(FinancialYear(2021))
    return report, reporting.render_document(report)


def _sections(report) -> dict:
    return {item.slug: item.section for chapter in report.chapters for item in chapter.sections}


def _figure(section, label):
    return next(figure for figure in section.figures if figure.label == label)


def test_the_demo_year_report_has_the_seed_headline_figures(demo_report):
    report, html = demo_report
    assert report.failures == []
    sections = _sections(report)

    key_figures = [row for table in sections["scorecards-key-figures"].tables for row in table.rows]
    values = {row[1]: row[2] for row in key_figures}
    assert values["Children subject to a child protection plan"] == 389
    assert values["Children looked after"] == 985
    assert values["Children in need"] == 3763
    assert any(value == 101979 for value in values.values())

    assert _figure(sections["governance.budget"], "Total budget").value == 347060
    assert _figure(sections["restraint"], "Incidents of restraint").value == 408
    early_help = sections["scorecards-early-help"]
    assert _figure(early_help, "Supporting Families successful outcomes").value == 995
    assert _figure(early_help, "Government target").value == 761

    child_deaths = sections["reviews-child-deaths"]
    assert _figure(child_deaths, "Child deaths reviewed").value == 28
    assert _figure(sections["reviews"], "Rapid reviews completed").value == "fewer than 5"
    assert "DSCP-RR-2021-01" not in html and "CDOP-2021-001" not in html

    for text in ("101,979", "389", "985", "3,763", "£347,060", "408", "995 families", "761 families"):
        assert text in html, f"{text} is not in the report"
    # The harmful sexual behaviour referrals: the year's total of the approved quarterly returns,
    # beside the year before's, and the evidence of the improvement theme they belong to.
    referrals = _figure(
        sections["scorecards-headlines"], "Referrals to the harmful sexual behaviour pathway in the year"
    )
    assert (referrals.value, referrals.previous) == (152, 80)
    assert "harmful sexual behaviour pathway rose from 24 in 2019/20 to 152 in 2021/22" in html

    # Abbreviations are written out once and marked everywhere; the groups table names the Child
    # Death Overview Panel just before CDOP, so it is not written out twice.
    page = BeautifulSoup(html, "html.parser")
    assert page.get_text().count("the National Health Service (NHS) and the police") == 1
    assert page.get_text().count("Child Death Overview Panel") == 1
    assert len(page.select('abbr[title="Child Death Overview Panel"]')) == 2
    assert not page.select("nav abbr, h1 abbr, h2 abbr, h3 abbr, h4 abbr")


def test_the_demo_narrative_fills_every_narrative_chapter_with_tokens_that_resolve(demo_report):
    report, html = demo_report
    blocks = NarrativeBlock.objects.filter(year=2021)
    narrated = set(OutlineChapter.objects.filter(has_narrative=True).values_list("slug", flat=True))
    assert {block.chapter.slug for block in blocks} == narrated
    for block in blocks:
        assert unknown_tokens(block.text, report.figures) == [], block.chapter.slug
    text = BeautifulSoup(html, "html.parser").get_text()
    assert "staff recorded 408 incidents of restraint" in text
    assert "995 families achieved a lasting change, against a government target of 761 families" in text
    assert "figure not available" not in text

    history = NarrativeBlock.history.count()
    call_command("load_demo", stdout=StringIO())
    assert (NarrativeBlock.objects.count(), NarrativeBlock.history.count()) == (len(narrated), history)


def test_the_demo_report_awaits_sign_off_with_the_local_authority_approval(demo_report):
    partners = list(LeadPartner.objects.order_by("order").values_list("agency__short_code", "person__email"))
    assert partners == [
        ("dcc", "mark.ellis@demo.example.org"),
        ("police", "ruth.okafor@demo.example.org"),
        ("icb", "ian.bell@demo.example.org"),
    ]
    sign_off = ReportSignOff.objects.get(year=2021)
    assert (sign_off.state, sign_off.round, sign_off.resource_page_id) == ("awaiting", 1, None)
    assert [(decision.lead_partner.agency.short_code, decision.decision) for decision in sign_off.decisions.all()] == [
        ("dcc", "approved")
    ]
    assert checklist(FinancialYear(2021)).may_proceed
