"""How the practitioner tools answer each persona (see hub.testing.Route): everyone may use them.

An empty POST is refused with the form's errors (400) for everyone and stores nothing.
"""

from __future__ import annotations

from hub.testing import ANONYMOUS, Route

EVERYONE = {ANONYMOUS: 200, "*": 200}
REFUSED_EMPTY = {ANONYMOUS: 400, "*": 400}
NOT_FOUND = {ANONYMOUS: 404, "*": 404}


def _band(personas):
    from hub.tools.models import AgeBand

    band, _ = AgeBand.objects.get_or_create(
        slug="5-to-9", defaults={"label": "5 to 9 years", "youngest": 5, "oldest": 9, "review_date": "2030-01-01"}
    )
    return {"slug": band.slug}


ROUTES = [
    Route("tools:index", EVERYONE),
    Route("tools:guide", EVERYONE),
    Route("tools:guide", REFUSED_EMPTY, method="POST"),
    Route("tools:guide-age-band", EVERYONE, kwargs=_band),
    Route("tools:guide-age-band", NOT_FOUND, kwargs=lambda personas: {"slug": "no-such-age"}),
    Route("tools:harm-matrix", EVERYONE),
    Route("tools:harm-matrix", REFUSED_EMPTY, method="POST"),
    Route("tools:chronology", EVERYONE),
    Route("tools:chronology", REFUSED_EMPTY, method="POST"),
    Route("tools:chronology-template", EVERYONE, kwargs=lambda personas: {"extension": "xlsx"}),
    Route("tools:chronology-template", EVERYONE, kwargs=lambda personas: {"extension": "csv"}),
    Route("tools:chronology-template", NOT_FOUND, kwargs=lambda personas: {"extension": "pdf"}),
    Route("tools:chronology-download", {ANONYMOUS: 405, "*": 405}),
    Route("tools:chronology-download", REFUSED_EMPTY, method="POST"),
    Route("tools:scaling", EVERYONE),
    Route("tools:scaling", REFUSED_EMPTY, method="POST"),
]
