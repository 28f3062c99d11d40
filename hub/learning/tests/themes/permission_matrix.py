"""How each improvement themes and cycles URL answers each persona (see ``hub.testing.Route``).

The business unit edits; readers of the learning work (executives, the scrutineer, members of the
improvement and audit groups) read; everyone else gets 404; signed-out visitors sign in.
POST routes are checked with an empty form: the business unit sees the form's errors (200).
"""

from __future__ import annotations

from hub.learning.tests.themes.factories import make_cycle, make_improvement_theme
from hub.testing import ANONYMOUS, Route

READERS = {"business_unit": 200, "executive": 200, "scrutineer": 200, ANONYMOUS: 302, "*": 404}
EDITORS = {"business_unit": 200, ANONYMOUS: 302, "*": 404}


def _theme(personas) -> dict:
    return {"slug": make_improvement_theme(slug="voice-of-the-child").slug}


def _cycle(personas) -> dict:
    return {"uuid": make_cycle().uuid}


def _endorsed(personas) -> dict:
    return {"uuid": make_cycle(status="endorsed").uuid}


ROUTES = [
    Route("learning:improvement-list", READERS),
    Route("learning:improvement-theme", READERS, kwargs=_theme),
    Route("learning:cycle-list", READERS),
    Route("learning:cycle", READERS, kwargs=_cycle),
    Route("learning:cycle-create", EDITORS),
    Route("learning:cycle-create", EDITORS, method="POST"),
    Route("learning:cycle-edit", EDITORS, kwargs=_cycle),
    Route("learning:cycle-edit", EDITORS, kwargs=_cycle, method="POST"),
    Route("learning:cycle-endorse", EDITORS, kwargs=_cycle),
    Route("learning:cycle-endorse", EDITORS, kwargs=_cycle, method="POST"),
    Route("learning:cycle-start", EDITORS, kwargs=_endorsed),
    Route("learning:cycle-start", EDITORS, kwargs=_endorsed, method="POST"),
    Route("learning:cycle-review", EDITORS, kwargs=_endorsed),
    Route("learning:cycle-review", EDITORS, kwargs=_endorsed, method="POST"),
]
