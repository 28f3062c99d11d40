"""Reminders before the due date and when overdue, and the yearly report's assurance section."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from hub.core.periods import FinancialYear
from hub.core.registry import registry
from hub.learning.assurance import jobs
from hub.learning.assurance.models import AssuranceReminder, AssuranceReport
from hub.learning.assurance.reports import sections
from hub.learning.tests.assurance.factories import make_plan_item, make_report

pytestmark = pytest.mark.django_db


def test_reminders_go_once_before_the_due_date_and_once_when_overdue(personas, template):
    item = make_plan_item(personas.agency_a, template=template, due_on=date(2023, 3, 17))
    assert jobs.send_reminders(log=lambda line: None, today=date(2023, 3, 1)) == 0
    assert jobs.send_reminders(log=lambda line: None, today=date(2023, 3, 10)) == 1
    assert jobs.send_reminders(log=lambda line: None, today=date(2023, 3, 12)) == 0
    assert mail.outbox[0].to == ["spoc.a@example.org"]
    assert mail.outbox[0].subject == "Agency A: assurance report on Voice of the child due 17 March 2023"
    assert jobs.send_reminders(log=lambda line: None, today=date(2023, 3, 18)) == 1
    assert jobs.send_reminders(log=lambda line: None, today=date(2023, 3, 19)) == 0
    assert mail.outbox[1].subject == "Overdue: Agency A assurance report on Voice of the child"
    assert sorted(AssuranceReminder.objects.filter(plan_item=item).values_list("kind", flat=True)) == [
        "due-soon",
        "overdue",
    ]
    assert "learning.assurance_reminders" in registry.periodic_jobs


def test_no_reminder_for_a_submitted_report(personas, template):
    make_report(personas.agency_a, template=template, status=AssuranceReport.Status.SUBMITTED, due_on=date(2023, 3, 17))
    assert jobs.send_reminders(log=lambda line: None, today=date(2023, 3, 20)) == 0
    assert mail.outbox == []


def test_the_yearly_report_counts_reports_planned_received_and_self_assessed(personas, template):
    due = date(2022, 9, 30)
    on_time = make_report(
        personas.agency_a, template=template, status=AssuranceReport.Status.CONSIDERED, due_on=due, topic="Neglect"
    )
    on_time.submitted_at = timezone.make_aware(datetime(2022, 9, 28, 10))
    on_time.outcome = AssuranceReport.Outcome.ASSURED
    on_time.save()
    make_report(personas.agency_b, template=template, due_on=due, topic="Exploitation")
    make_plan_item(personas.agency_b, template=template, due_on=due - timedelta(days=400), year=2021)
    [section] = sections(FinancialYear(2022))
    figures = {figure.label: figure.value for figure in section.figures}
    assert figures == {
        "Assurance reports planned": 2,
        "Assurance reports received": 1,
        "Received by the due date": 1,
        "Considered by the executive": 1,
    }
    rows = section.table("assurance-reports").rows
    assert rows == [
        ["Agency A", "Neglect", "30 September 2022", "Considered", "Amber", "Assured"],
        ["Agency B", "Exploitation", "30 September 2022", "Not received", "", ""],
    ]
    assert section.table("assurance-self-assessment").rows == [["Amber", 1]]
    assert sections(FinancialYear(2019)) == []
