"""update_action: changes an action's details, with the before and after of each changed field audited."""

from __future__ import annotations

from datetime import date

import pytest

from hub.core.errors import DomainError
from hub.core.models import AuditEntry, Theme
from hub.core.services import update_action
from hub.core.tests.permission_matrix_actions import make_action


def test_changed_fields_are_saved_and_audited_with_before_and_after(personas):
    action = make_action(personas, title="Old title")
    theme = Theme.objects.create(name="Neglect", slug="neglect")

    update_action(actor=personas.business_unit, action=action, title="  New title ", theme=theme)

    action.refresh_from_db()
    assert action.title == "New title"
    assert action.theme == theme
    entry = AuditEntry.objects.get(action="core.action.updated")
    assert entry.data["changes"] == {
        "title": {"before": "Old title", "after": "New title"},
        "theme": {"before": None, "after": "Neglect"},
    }


def test_nothing_is_written_when_nothing_changed(personas):
    action = make_action(personas)

    update_action(actor=personas.business_unit, action=action, title=action.title, due_on=action.due_on)

    assert not AuditEntry.objects.filter(action="core.action.updated").exists()


def test_an_owner_from_another_agency_is_refused(personas):
    action = make_action(personas)

    with pytest.raises(DomainError) as error:
        update_action(actor=personas.business_unit, action=action, owner=personas.spoc_b)

    assert error.value.field == "owner"
    action.refresh_from_db()
    assert action.owner == personas.practitioner


def test_a_blank_title_is_refused(personas):
    action = make_action(personas)

    with pytest.raises(DomainError, match="Enter what the action is"):
        update_action(actor=personas.business_unit, action=action, title="   ")


def test_status_is_not_changed_here_but_through_recorded_progress(personas):
    action = make_action(personas)

    with pytest.raises(TypeError):
        update_action(actor=personas.business_unit, action=action, status="completed")


def test_the_change_is_kept_in_the_record_history(personas):
    action = make_action(personas)

    update_action(actor=personas.business_unit, action=action, due_on=date(2031, 1, 1))

    assert action.history.count() == 2
    assert action.history.first().due_on == date(2031, 1, 1)
