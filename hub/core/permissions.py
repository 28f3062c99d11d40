"""Who may see what. One helper per resource lives beside its views; these are the shared parts.

Objects a person may not see are answered with 404 (``Http404``), never 403, so that the
existence of a record is not disclosed. Refusals are written to the audit log.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from hub.core import roles


def is_business_unit(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.has_role(roles.BUSINESS_UNIT)))


def is_scrutineer(user) -> bool:
    return bool(user.is_authenticated and user.has_role(roles.SCRUTINEER))


def can_read_across_partnership(user) -> bool:
    """Business unit, executive and the independent scrutineer read across every agency."""
    return bool(
        user.is_authenticated
        and (is_business_unit(user) or user.has_role(roles.EXECUTIVE) or user.has_role(roles.SCRUTINEER))
    )


def refuse(request, what: str = "") -> Http404:
    """Log a refusal and return the 404 to raise."""
    from hub.core.audit import log_action

    log_action(
        "core.permission.refused",
        request=request,
        data={"path": request.path, "method": request.method, "what": what},
    )
    return Http404("Page not found")


def role_required(test, what: str = ""):
    """Decorator: signed-in people passing ``test(user)`` get the view; others sign in or get 404."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not test(request.user):
                raise refuse(request, what or view.__name__)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


business_unit_required = role_required(is_business_unit, "business unit page")
