"""Recurring-theme analysis and the audits' sections of the yearly report, on hand-built findings."""

from __future__ import annotations

import pytest

from hub.core.models import Action, Theme
from hub.learning.audits.recurring import analyse
from hub.learning.audits.reports import sections
from hub.learning.reports import report_sections
from hub.learning.tests.audits.factories import make_audit, make_finding

pytestmark = pytest.mark.django_db


@pytest.fixture
def findings(personas):
    voice = Theme.objects.create(name="Voice", slug="voice-t")
    harm = Theme.objects.create(name="Harm", slug="harm-t")
    audits = [
        make_audit([personas.agency_a], status="completed", year=year, title=f"Audit {year}")
        for year in (2019, 2020, 2021)
    ]
    make_finding(audits[0], themes=[voice], summary="Voice missing 2019")
    make_finding(audits[1], themes=[voice, harm], summary="Voice missing 2020")
    make_finding(audits[2], themes=[voice], summary="Voice missing 2021")
    make_finding(audits[2], themes=[harm], kind="strength", category_slug="child-centred", summary="Harm matrix used")
    return audits


def test_a_theme_recurs_when_more_than_one_audit_finds_it(findings):
    analysis = analyse()
    assert analysis.total == 4
    assert analysis.years == [2019, 2020, 2021]
    top = analysis.recurring[0]
    assert (top.kind, top.category, top.theme, top.audit_count, top.findings) == (
        "development",
        "System",
        "Voice",
        3,
        3,
    )
    assert top.year_labels == ["2019/20", "2020/21", "2021/22"]
    # Harm as development appears once, as a strength once: neither recurs.
    assert [(item.theme, item.kind) for item in analysis.recurring] == [("Voice", "development")]
    assert {row["theme"]: row["counts"] for row in analysis.theme_rows()} == {"Voice": [1, 1, 1], "Harm": [0, 1, 1]}


def test_counts_follow_the_years_chosen_and_actions_are_counted(findings, personas):
    from hub.core.services import create_action
    from hub.learning.audits.models import Finding

    finding = Finding.objects.get(summary="Voice missing 2021")
    create_action(
        actor=None,
        title="Voice standards",
        owner_agency=personas.agency_a,
        due_on=finding.audit.moderation_on,
        source=finding,
    )
    done = create_action(
        actor=None, title="Pledge", owner_agency=personas.agency_a, due_on=finding.audit.moderation_on, source=finding
    )
    Action.objects.filter(pk=done.pk).update(status=Action.Status.COMPLETED)
    analysis = analyse(2020, 2021)
    assert analysis.total == 3
    top = analysis.recurring[0]
    assert (top.audit_count, top.open_actions, top.completed_actions) == (2, 1, 1)
    assert analyse(2021, 2021).recurring == []


def test_the_yearly_report_has_the_years_audits_learning_and_recurring_themes(findings):
    from hub.core.periods import FinancialYear

    audit = findings[2]
    audit.summary = "Children were seen but not heard"
    audit.save()
    audits_section, recurring_section = sections(FinancialYear(2021))
    figures = {figure.label: figure.value for figure in audits_section.figures}
    assert figures["Audits completed"] == 1
    assert figures["Areas for development found"] == 1
    assert figures["Strengths found"] == 1
    assert audits_section.table("audits").rows[0][0] == "Audit 2021"
    recurring = recurring_section.table("recurring").rows
    assert recurring[0][:3] == ["Area for development: System, Voice", 3, 3]
    titles = [section.title for section in report_sections("2021/22")]
    assert "Practitioner-led multi-agency audits" in titles
