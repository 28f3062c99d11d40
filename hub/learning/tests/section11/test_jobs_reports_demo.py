"""Reminders go once each; the yearly report's section; the demo loads and loads again without writing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from hub.core import roles
from hub.core.audit import entries_for
from hub.core.models import Agency, AuditEntry
from hub.core.periods import FinancialYear
from hub.learning.section11 import demo, jobs
from hub.learning.section11.models import (
    Section11Assessment,
    Section11Reminder,
    Section11Round,
    StandardRating,
)
from hub.learning.section11.reports import sections
from hub.learning.tests.section11.factories import all_rated, make_assessment, make_round
from hub.testing import make_user

pytestmark = pytest.mark.django_db


def test_reminders_go_before_the_due_date_and_when_overdue_each_once(personas, standards):
    today = timezone.localdate()
    round_ = make_round([personas.agency_a, personas.agency_b], standards=standards, due_on=today + timedelta(days=3))
    make_assessment(round_, personas.agency_b, status=Section11Assessment.Status.SUBMITTED, ratings=all_rated())
    make_assessment(round_, personas.agency_a)

    assert jobs.send_reminders(log=lambda line: None, today=today - timedelta(days=10)) == 0
    assert jobs.send_reminders(log=lambda line: None, today=today) == 1
    assert jobs.send_reminders(log=lambda line: None, today=today + timedelta(days=1)) == 0
    assert [message.to for message in mail.outbox] == [["spoc.a@example.org"]]
    assert "due" in mail.outbox[0].subject and "Agency A" in mail.outbox[0].subject

    assert jobs.send_reminders(log=lambda line: None, today=today + timedelta(days=4)) == 1
    assert jobs.send_reminders(log=lambda line: None, today=today + timedelta(days=5)) == 0
    assert mail.outbox[-1].subject.startswith("Overdue:")
    assert sorted(Section11Reminder.objects.values_list("kind", flat=True)) == ["due-soon", "overdue"]
    assert AuditEntry.objects.filter(action="learning.section11.reminded").count() == 2


def test_closed_and_planned_rounds_send_no_reminders(personas, standards):
    today = timezone.localdate()
    for year, status in ((2030, Section11Round.Status.PLANNED), (2031, Section11Round.Status.CLOSED)):
        make_round([personas.agency_a], year=year, standards=standards, status=status, due_on=today)
    assert jobs.send_reminders(log=lambda line: None, today=today) == 0
    assert mail.outbox == []


def test_the_yearly_report_has_the_return_rate_and_ratings_by_standard(personas, standards):
    round_ = make_round([personas.agency_a, personas.agency_b, personas.agency_c], year=2021, standards=standards)
    make_assessment(
        round_,
        personas.agency_a,
        status=Section11Assessment.Status.MODERATED,
        submitted_at=timezone.now(),
        ratings={1: ("fully-met", "x", "mostly-met"), 2: ("fully-met", "x", "fully-met"), 3: ("not-met", "x", "")},
    )
    make_assessment(
        round_,
        personas.agency_b,
        status=Section11Assessment.Status.SUBMITTED,
        submitted_at=timezone.now() + timedelta(days=31),  # after the due date
        ratings=all_rated(),
    )

    (section,) = sections(FinancialYear(2021))

    figures = {figure.label: figure.value for figure in section.figures}
    assert figures["Agencies asked to complete a self-assessment"] == 3
    assert figures["Self-assessments returned"] == 2
    assert figures["Return rate"] == 66.7
    assert figures["Self-assessments moderated"] == 1
    assert figures["Returned by the due date"] == 1
    self_ratings = section.table("self-ratings")
    assert self_ratings.headers == ["Standard", "Fully met", "Mostly met", "Partly met", "Not met", "Not rated"]
    assert self_ratings.rows[0] == ["Standard 1: Senior management commitment", 1, 1, 0, 0, 1]
    assert section.table("moderated-ratings").rows[0] == ["Standard 1: Senior management commitment", 0, 1, 0, 0, 1]
    assert sections(FinancialYear(2019)) == []


def _demo_partnership():
    codes = (
        "dcc",
        "police",
        "icb",
        "cddft",
        "tewv",
        "hdft",
        "probation",
        "cdyjs",
        "education",
        "early-help",
        "public-health",
        "vcs",
        "aycliffe",
    )
    for code in codes:
        Agency.objects.create(name=f"Demo {code}", short_code=code, sector=Agency.Sector.OTHER)
    make_user("alex.morgan@demo.example.org", roles_=(roles.BUSINESS_UNIT,))
    make_user("dan.walsh@demo.example.org", roles_=((roles.SPOC, Agency.objects.get(short_code="police")),))
    make_user("helen.carter@demo.example.org", roles_=((roles.SPOC, Agency.objects.get(short_code="icb")),))


def _counts():
    return [AuditEntry.objects.count()] + [
        model.history.count() for model in (Section11Round, Section11Assessment, StandardRating)
    ]


def test_the_demo_has_a_2021_22_round_with_drafts_and_carried_forward_answers_and_loads_twice_unchanged(
    django_capture_on_commit_callbacks,
):
    _demo_partnership()
    lines = []
    demo.load(lines.append)

    round_ = Section11Round.objects.get(year=2021)
    statuses = dict(Section11Assessment.objects.filter(round=round_).values_list("agency__short_code", "status"))
    assert len(statuses) == 13
    assert statuses["icb"] == statuses["vcs"] == "draft"
    assert statuses["police"] == "submitted"
    assert list(statuses.values()).count("moderated") == 10
    carried = StandardRating.objects.filter(assessment__round=round_, carried_forward=True)
    assert sorted(carried.values_list("standard__number", flat=True)) == [4, 6, 7, 8]
    assert set(carried.values_list("assessment__agency__short_code", flat=True)) == {"icb"}
    police = Section11Assessment.objects.get(round=round_, agency__short_code="police")
    assert "learning.section11.started" in [entry.action for entry in entries_for(police)]
    assert round_.challenge_sessions.count() == 2
    assert "returned by 11 of 13 agencies (84.6%)" in lines[-1]

    before = _counts()
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(lambda line: None)
    assert _counts() == before
    assert mail.outbox == []
