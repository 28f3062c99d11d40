"""Fixtures of the sign-off, publication and sending tests."""

from __future__ import annotations

import pytest

from hub.core.registry import registry
from hub.reports import reporting
from hub.reports.models import ChecklistItem
from hub.reports.tests.sign_off_support import Leads, make_leads, tiny_pdf
from hub.training.tests.test_concurrency import file_database  # noqa: F401  (fixture)


@pytest.fixture
def leads(db) -> Leads:
    return make_leads()


@pytest.fixture
def empty_report(monkeypatch):
    """No sections and no checklist items: the report builds at once and sign-off may start."""
    monkeypatch.setattr(registry, "report_sections", {})
    ChecklistItem.objects.all().delete()


@pytest.fixture
def fake_pdf(monkeypatch):
    """Publishing makes a tiny PDF instead of the full report's; the calls are counted."""
    calls = []

    def render(report, html=None):
        calls.append(report.year)
        return tiny_pdf()

    monkeypatch.setattr(reporting, "render_pdf", render)
    return calls
