"""Permission matrix for the action tracker, and the builder its tests share.

The action used is owned by the practitioner of agency A: the practitioner (owner), the SPOC of
agency A, the business unit, the executive and the scrutineer may see it; only the owner, the
SPOC of agency A and the business unit may record progress; only the business unit changes it.
"""

from __future__ import annotations

from datetime import date

from hub.core.models import Action
from hub.core.services import create_action
from hub.testing import ANONYMOUS, Route


def make_action(personas, *, owner="practitioner", owner_agency=None, due_on=None, **fields) -> Action:
    """An action raised by the business unit, owned by ``owner`` (a persona name, or None) for agency A."""
    owner_user = getattr(personas, owner) if isinstance(owner, str) else owner
    fields.setdefault("title", "Refresh the neglect toolkit briefing")
    return create_action(
        actor=personas.business_unit,
        owner_agency=owner_agency or personas.agency_a,
        owner=owner_user,
        due_on=due_on or date(2030, 3, 31),
        **fields,
    )


def _action(personas) -> dict:
    return {"uuid": make_action(personas).uuid}


READERS = {"business_unit": 200, "executive": 200, "scrutineer": 200}
VIEWERS = {"practitioner": 200, "spoc_a": 200, **READERS}
PROGRESS = {"practitioner": 200, "spoc_a": 200, "business_unit": 200}

ROUTES = [
    Route("core:my-actions", {"*": 200, ANONYMOUS: 302}),
    Route("core:action-list", {"*": 404, ANONYMOUS: 302, **READERS}),
    Route("core:action-list", {"*": 404, ANONYMOUS: 302, **READERS}, query="rag=red&agency=aga&q=%3D1"),
    Route("core:action-export-csv", {"*": 404, ANONYMOUS: 302, **READERS}),
    Route("core:action-export-xlsx", {"*": 404, ANONYMOUS: 302, **READERS}),
    Route("core:action-create", {"*": 404, ANONYMOUS: 302, "business_unit": 200}),
    Route("core:action-create", {"*": 404, ANONYMOUS: 302, "business_unit": 200}, method="POST"),
    Route("core:action-detail", {"*": 404, ANONYMOUS: 302, **VIEWERS}, kwargs=_action),
    Route("core:action-edit", {"*": 404, ANONYMOUS: 302, "business_unit": 200}, kwargs=_action),
    Route("core:action-edit", {"*": 404, ANONYMOUS: 302, "business_unit": 200}, kwargs=_action, method="POST"),
    Route("core:action-progress", {"*": 404, ANONYMOUS: 302, **PROGRESS}, kwargs=_action),
    Route("core:action-progress", {"*": 404, ANONYMOUS: 302, **PROGRESS}, kwargs=_action, method="POST"),
]
