"""record_progress works on the current row, locked, not on the copy the caller happened to load."""

from __future__ import annotations

import pytest

from hub.core.errors import DomainError
from hub.core.models import Action, ActionUpdate
from hub.core.services import record_progress
from hub.core.tests.permission_matrix_actions import make_action


def test_evidence_recorded_by_someone_else_meanwhile_counts_towards_completion(personas):
    stale_copy = make_action(personas)
    record_progress(
        actor=personas.spoc_a,
        action=Action.objects.get(pk=stale_copy.pk),
        note="Evidence in",
        status="in-progress",
        evidence="Procedure revised",
    )

    record_progress(actor=personas.practitioner, action=stale_copy, note="Closing", status="completed")

    stale_copy.refresh_from_db()
    assert stale_copy.status == Action.Status.COMPLETED
    assert stale_copy.evidence == "Procedure revised"
    assert [u.status_before for u in ActionUpdate.objects.order_by("created_at", "id")] == [
        "not-started",
        "in-progress",
    ]


def test_the_status_before_is_read_from_the_database_not_the_callers_copy(personas):
    stale_copy = make_action(personas)
    record_progress(
        actor=personas.spoc_a, action=Action.objects.get(pk=stale_copy.pk), note="Begun", status="in-progress"
    )

    update = record_progress(actor=personas.practitioner, action=stale_copy, note="Still going", status="in-progress")

    assert update.status_before == "in-progress"


def test_completing_without_any_evidence_is_refused_and_nothing_is_saved(personas):
    action = make_action(personas)

    with pytest.raises(DomainError) as error:
        record_progress(actor=personas.practitioner, action=action, note="Done", status="completed", evidence=" ")

    assert error.value.field == "evidence"
    action.refresh_from_db()
    assert action.status == Action.Status.NOT_STARTED
    assert not ActionUpdate.objects.exists()
