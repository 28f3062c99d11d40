"""Pages every partnership site has: health check, cookies and the error pages.

The accessibility statement and privacy notice are editable website pages (``hub.website``).
"""

from django.conf import settings
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def cookies(request):
    # The page states the cookies' names and lifetimes from the settings, so it cannot drift from them.
    return render(
        request,
        "core/pages/cookies.html",
        {
            "session_cookie_name": settings.SESSION_COOKIE_NAME,
            "session_hours": settings.SESSION_COOKIE_AGE // 3600,
            "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
            "csrf_weeks": settings.CSRF_COOKIE_AGE // (7 * 24 * 3600),
        },
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request: the context processors query the database, which may be the
    # very thing that failed.
    return HttpResponseServerError(loader.render_to_string("500.html"))


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token (often one left open too long) gets the site's 403 page."""
    return render(request, "403.html", {"csrf_failed": True}, status=403)
