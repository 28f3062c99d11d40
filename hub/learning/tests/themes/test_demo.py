"""The demo's improvement themes and cycles: written once, unchanged by a second run."""

from __future__ import annotations

import pytest

from hub.core import demo as core_demo
from hub.core.models import AuditEntry
from hub.learning.themes import demo
from hub.learning.themes.models import DeliveryCycle, ImpactStatement, ImprovementActivity, ImprovementTheme

pytestmark = pytest.mark.django_db


def _counts() -> dict:
    return {
        "themes": ImprovementTheme.objects.count(),
        "activities": ImprovementActivity.objects.count(),
        "statements": ImpactStatement.objects.count(),
        "cycles": DeliveryCycle.objects.count(),
        "audit": AuditEntry.objects.count(),
        "history": ImprovementTheme.history.count() + DeliveryCycle.history.count(),
    }


def test_the_demo_loads_the_four_themes_and_three_cycles_and_a_second_run_writes_nothing():
    core_demo.load(lambda line: None)
    lines = []

    demo.load(lines.append)
    first = _counts()
    demo.load(lines.append)

    assert _counts() == first
    assert lines[-1].startswith("4 improvement themes (0 records and links new), 3 improvement cycles (0 new)")
    assert list(ImprovementTheme.objects.values_list("title", flat=True)) == [
        "The lived experience and voice of children",
        "Management understanding and decision making",
        "Harmful sexual behaviour",
        "Cumulative harm and risk assessment",
    ]
    assert sorted(DeliveryCycle.objects.values_list("status", flat=True)) == ["in-delivery", "planned", "reviewed"]
    standards = ImprovementActivity.objects.get(title__startswith="Standards of Expectation")
    assert standards.action.title == demo.VOICE_STANDARDS
    assert ImpactStatement.objects.filter(evidence_kind="training", action__isnull=False).count() == 4
