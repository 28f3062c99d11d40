"""The audit workflow through its services: cases, returns, stages, moderation, findings, actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from hub.core.errors import DomainError
from hub.core.models import Action, AuditEntry
from hub.learning.audits import services
from hub.learning.audits.models import Audit, AuditReturn, CaseModeration
from hub.learning.tests.audits.factories import add_case, complete_answers, make_audit, make_finding

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit(personas):
    return make_audit([personas.agency_a, personas.agency_b], status=Audit.Status.CASE_SELECTION)


def test_a_case_gets_a_draft_return_for_each_agency_named(audit, personas):
    case = services.add_case(
        actor=personas.business_unit,
        audit=audit,
        reference="DCC-A-017",
        owning_agency=personas.agency_a,
        agencies=[personas.agency_a, personas.agency_b],
    )
    returns = AuditReturn.objects.filter(case=case).order_by("agency__name")
    assert [(item.agency, item.status) for item in returns] == [
        (personas.agency_a, "draft"),
        (personas.agency_b, "draft"),
    ]
    assert AuditEntry.objects.filter(action="learning.audit.case_added").count() == 1


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("", "Enter the case reference"),
        ("Jane Smith", "no spaces and no names"),
        ("A", "no spaces and no names"),
    ],
)
def test_a_case_reference_must_be_an_agency_reference_not_a_name(audit, personas, reference, message):
    with pytest.raises(DomainError, match=message):
        services.add_case(
            actor=personas.business_unit,
            audit=audit,
            reference=reference,
            owning_agency=personas.agency_a,
            agencies=[personas.agency_a],
        )
    assert not audit.cases.exists()


def test_a_case_is_added_once_and_only_for_agencies_taking_part(audit, personas):
    services.add_case(
        actor=personas.business_unit,
        audit=audit,
        reference="A-1",
        owning_agency=personas.agency_a,
        agencies=[personas.agency_a],
    )
    with pytest.raises(DomainError, match="already in this audit"):
        services.add_case(
            actor=personas.business_unit,
            audit=audit,
            reference="a-1",
            owning_agency=personas.agency_a,
            agencies=[personas.agency_a],
        )
    with pytest.raises(DomainError, match="not taking part in the audit: Agency C"):
        services.add_case(
            actor=personas.business_unit,
            audit=audit,
            reference="A-2",
            owning_agency=personas.agency_a,
            agencies=[personas.agency_a, personas.agency_c],
        )
    assert audit.cases.count() == 1


def test_opening_returns_needs_a_case_and_emails_the_agencies_spocs(
    audit, personas, django_capture_on_commit_callbacks
):
    with pytest.raises(DomainError, match="Add at least one case"):
        services.change_status(actor=personas.business_unit, audit=audit, status=Audit.Status.RETURNS)
    add_case(audit, "A-1", [personas.agency_a])
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(actor=personas.business_unit, audit=audit, status=Audit.Status.RETURNS)
    assert [message.to for message in mail.outbox] == [[personas.spoc_a.email]]
    assert "Neglect audit" in mail.outbox[0].subject


def test_an_audit_cannot_skip_stages(audit, personas):
    with pytest.raises(DomainError, match="cannot move to completed"):
        services.change_status(actor=personas.business_unit, audit=audit, status=Audit.Status.COMPLETED)
    audit.refresh_from_db()
    assert audit.status == Audit.Status.CASE_SELECTION


def test_a_draft_is_saved_without_checks_and_submitting_lists_what_is_missing(personas):
    audit = make_audit([personas.agency_a])
    case = add_case(audit, "A-1", [personas.agency_a])
    audit_return = case.returns.get()
    questions = list(audit.template.questions.all())
    services.save_return(actor=personas.spoc_a, audit_return=audit_return, cleaned_data={questions[1].key: "yes"})
    audit_return.refresh_from_db()
    assert audit_return.status == "draft"
    assert audit_return.answers == {questions[1].key: "yes"}
    with pytest.raises(DomainError) as failure:
        services.save_return(
            actor=personas.spoc_a, audit_return=audit_return, cleaned_data={questions[1].key: "yes"}, submit=True
        )
    assert "How was risk assessed?; Grade your practice" in failure.value.message
    assert "Anything else" not in failure.value.message  # optional
    audit_return.refresh_from_db()
    assert audit_return.status == "draft"


def test_a_submitted_return_is_locked_until_the_business_unit_reopens_it(personas):
    audit = make_audit([personas.agency_a])
    audit_return = add_case(audit, "A-1", [personas.agency_a]).returns.get()
    answers = complete_answers(audit.template)
    services.save_return(actor=personas.spoc_a, audit_return=audit_return, cleaned_data=answers, submit=True)
    audit_return.refresh_from_db()
    assert audit_return.status == "submitted"
    assert audit_return.submitted_by == personas.spoc_a
    with pytest.raises(DomainError, match="has been submitted"):
        services.save_return(actor=personas.spoc_a, audit_return=audit_return, cleaned_data=answers)
    services.reopen_return(actor=personas.business_unit, audit_return=audit_return)
    audit_return.refresh_from_db()
    assert audit_return.status == "draft"
    assert audit_return.answers == answers  # nothing lost
    assert audit_return.history.count() == 3


def test_returns_are_taken_only_while_the_audit_is_taking_returns(personas):
    audit = make_audit([personas.agency_a], status=Audit.Status.MODERATION)
    audit_return = add_case(audit, "A-1", [personas.agency_a]).returns.get()
    with pytest.raises(DomainError, match="not taking returns"):
        services.save_return(actor=personas.spoc_a, audit_return=audit_return, cleaned_data={})


def test_moderation_waits_for_every_agency_and_names_those_still_to_submit(personas):
    audit = make_audit([personas.agency_a, personas.agency_b])
    case = add_case(audit, "A-1", [personas.agency_a, personas.agency_b])
    case.returns.filter(agency=personas.agency_a).update(status="submitted")
    with pytest.raises(DomainError, match="Still to submit: Agency B"):
        services.change_status(actor=personas.business_unit, audit=audit, status=Audit.Status.MODERATION)
    case.returns.update(status="submitted")
    services.change_status(actor=personas.business_unit, audit=audit, status=Audit.Status.MODERATION)
    assert Audit.objects.get(pk=audit.pk).status == "moderation"


def test_moderation_records_a_grade_per_area_overall_the_rationale_and_dissent(personas):
    audit = make_audit([personas.agency_a], status=Audit.Status.MODERATION)
    case = add_case(audit, "A-1", [personas.agency_a])
    areas = list(audit.template.areas.all())
    with pytest.raises(DomainError, match="Select the grade agreed for Voice of the child"):
        services.record_moderation(
            actor=personas.business_unit,
            case=case,
            overall_grade="good",
            rationale="Agreed",
            area_grades={areas[0]: ("good", "", "")},
        )
    with pytest.raises(DomainError, match="overall grade"):
        services.record_moderation(
            actor=personas.business_unit,
            case=case,
            overall_grade="excellent",
            rationale="Agreed",
        )
    moderation = services.record_moderation(
        actor=personas.business_unit,
        case=case,
        overall_grade="ri",
        rationale="Plans drifted",
        dissent="Agency B graded good",
        area_grades={areas[0]: ("ri", "Chronology missing", ""), areas[1]: ("good", "", "Health disagreed")},
    )
    assert (moderation.overall_grade, moderation.dissent) == ("ri", "Agency B graded good")
    assert {(row.area.name, row.grade, row.dissent) for row in moderation.area_grades.all()} == {
        ("Assessment", "ri", ""),
        ("Voice of the child", "good", "Health disagreed"),
    }
    # Recording again changes the same rows.
    services.record_moderation(
        actor=personas.business_unit,
        case=case,
        overall_grade="good",
        rationale="Reconsidered",
        area_grades={areas[0]: ("good", "", ""), areas[1]: ("good", "", "")},
    )
    assert CaseModeration.objects.get(case=case).overall_grade == "good"
    assert CaseModeration.objects.get(case=case).area_grades.count() == 2


def test_completing_needs_findings_and_a_summary(personas):
    audit = make_audit([personas.agency_a], status=Audit.Status.REPORTING)
    with pytest.raises(DomainError, match="summary"):
        services.change_status(actor=personas.business_unit, audit=audit, status=Audit.Status.COMPLETED)
    audit.summary = "Neglect was recognised late."
    audit.save()
    with pytest.raises(DomainError, match="findings"):
        services.change_status(actor=personas.business_unit, audit=audit, status=Audit.Status.COMPLETED)
    make_finding(audit)
    services.change_status(actor=personas.business_unit, audit=audit, status=Audit.Status.COMPLETED)
    audit.refresh_from_db()
    assert (audit.status, audit.completed_on) == ("completed", timezone.localdate())


def test_a_recommendation_becomes_an_action_whose_source_is_the_finding(personas):
    from hub.core.models import Theme

    theme = Theme.objects.create(name="Neglect", slug="neglect-test")
    audit = make_audit([personas.agency_a], status=Audit.Status.REPORTING)
    finding = make_finding(audit, themes=[theme], recommendation="Use the neglect toolkit")
    action = services.raise_action(
        actor=personas.business_unit,
        finding=finding,
        title="Relaunch the neglect toolkit",
        owner_agency=personas.agency_a,
        due_on=timezone.localdate() + timedelta(days=90),
    )
    assert action.source == finding
    assert action.theme == theme
    assert action.description == "Use the neglect toolkit"
    assert "Finding of the audit Neglect audit" in action.source_label
    assert services.actions_for_findings([finding.pk]) == [action]
    with pytest.raises(DomainError, match="today or in the future"):
        services.raise_action(
            actor=personas.business_unit,
            finding=finding,
            title="Late",
            owner_agency=personas.agency_a,
            due_on=timezone.localdate() - timedelta(days=1),
        )
    assert Action.objects.count() == 1


def test_findings_are_recorded_from_moderation_on(personas):
    from hub.learning.tests.audits.factories import category

    audit = make_audit([personas.agency_a], status=Audit.Status.RETURNS)
    with pytest.raises(DomainError, match="from moderation on"):
        services.save_finding(
            actor=personas.business_unit, audit=audit, kind="strength", category=category(), summary="Good"
        )
