"""How the restraint pages answer the project's personas: none of them holds a restraint role, so
every page is a 404 once signed in (business unit, scrutineer and executives included). The
home's staff and the reviewers are tested in ``test_permissions.py``."""

from __future__ import annotations

from hub.testing import ANONYMOUS, Route

NOBODY = {ANONYMOUS: 302, "*": 404}


def _home(personas):
    from hub.restraint.tests.factories import make_home

    return make_home()


def _incident(personas):
    from hub.restraint.tests.factories import make_incident

    return {"uuid": make_incident(_home(personas)).uuid}


def _import(personas):
    from hub.restraint.models import IncidentImport

    return {"uuid": IncidentImport.objects.create(home=_home(personas), file_name="march.xlsx", sha256="0" * 64).uuid}


def _session(personas):
    from hub.restraint.tests.test_services import session_with_sample

    session, sample = session_with_sample(_home(personas))
    return {"uuid": session.uuid}


def _sample(personas):
    from hub.restraint.tests.test_services import session_with_sample

    session, sample = session_with_sample(_home(personas))
    return {"uuid": session.uuid, "sample_uuid": sample.uuid}


def _item(personas):
    from hub.restraint.tests.test_services import session_with_sample

    session, sample = session_with_sample(_home(personas))
    return {"uuid": session.uuid, "item_uuid": sample.items.first().uuid}


ROUTES = [
    Route("restraint:overview", NOBODY),
    Route("restraint:incidents", NOBODY),
    Route("restraint:incident-new", NOBODY),
    Route("restraint:incident-new", NOBODY, method="POST"),
    Route("restraint:incident", NOBODY, kwargs=_incident),
    Route("restraint:incident-edit", NOBODY, kwargs=_incident),
    Route("restraint:incident-edit", NOBODY, kwargs=_incident, method="POST"),
    Route("restraint:import-upload", NOBODY),
    Route("restraint:import-upload", NOBODY, method="POST"),
    Route("restraint:import-template", NOBODY, kwargs=lambda personas: {"kind": "xlsx"}),
    Route("restraint:import", NOBODY, kwargs=_import),
    Route("restraint:import", NOBODY, kwargs=_import, method="POST"),
    Route("restraint:sessions", NOBODY),
    Route("restraint:session-new", NOBODY),
    Route("restraint:session-new", NOBODY, method="POST"),
    Route("restraint:session", NOBODY, kwargs=_session),
    Route("restraint:session-edit", NOBODY, kwargs=_session),
    Route("restraint:session-edit", NOBODY, kwargs=_session, method="POST"),
    Route("restraint:session-draw", NOBODY, kwargs=_session),
    Route("restraint:session-draw", NOBODY, kwargs=_session, method="POST"),
    Route("restraint:session-complete", NOBODY, kwargs=_session, method="POST"),
    Route("restraint:sample-verify", NOBODY, kwargs=_sample),
    Route("restraint:review", NOBODY, kwargs=_item),
    Route("restraint:review", NOBODY, kwargs=_item, method="POST"),
    Route("restraint:review-action", NOBODY, kwargs=_item),
    Route("restraint:review-action", NOBODY, kwargs=_item, method="POST"),
]
