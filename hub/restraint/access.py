"""Who sees restraint records.

- Staff of the secure home (role "Secure home staff", held for the home's agency) record and
  see their home's incidents and monthly returns, and its figures.
- The partnership's scrutiny reviewers (role "Restraint scrutiny reviewer") see every home's
  incidents and figures, draw samples and record CCTV reviews.

Nobody else, including business-unit staff and administrators without one of the roles, learns
that a record exists: every refusal is a 404, logged. Both roles need two-factor sign-in. The
yearly report's figures (``reports.py``) are aggregates without young people's references.
"""

from __future__ import annotations

from hub.core import roles
from hub.core.permissions import refuse


def recorder_homes(user) -> list:
    return user.agencies_with_role(roles.RESTRAINT_RECORDER) if user.is_authenticated else []


def is_reviewer(user) -> bool:
    return bool(user.is_authenticated and user.has_role(roles.RESTRAINT_REVIEWER))


def sees_restraint(user) -> bool:
    return is_reviewer(user) or bool(recorder_homes(user))


def visible_homes(user):
    """The homes whose incidents ``user`` sees: a queryset-friendly list of agency ids, or None for all."""
    if is_reviewer(user):
        return None
    return [home.pk for home in recorder_homes(user)]


def visible_incidents(user, queryset=None):
    from hub.restraint.models import Incident

    queryset = Incident.objects.all() if queryset is None else queryset
    homes = visible_homes(user)
    return queryset if homes is None else queryset.filter(home_id__in=homes)


def require_access(request, what: str) -> None:
    if not sees_restraint(request.user):
        raise refuse(request, what)


def require_reviewer(request, what: str) -> None:
    if not is_reviewer(request.user):
        raise refuse(request, what)


def require_recorder(request, what: str) -> None:
    if not recorder_homes(request.user):
        raise refuse(request, what)
