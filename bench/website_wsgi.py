"""The WSGI application ``bench/website.py`` serves with gunicorn: the Hub, plus ``/bench/bare``.

``/bench/bare`` is a view that only returns "ok", behind the Hub's full middleware stack, so the
benchmark can compare each page with the cheapest request Django can answer in the same run.
Static file URLs come from the plain storage (as in ``bench/run.py``), so no collectstatic run
is needed; everything else is the production configuration the environment describes.
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()


def _configure() -> None:
    from django.conf import settings

    # bench/run.py: the same two changes for its in-process measurements.
    from run import route_bare_view, serve_plain_static_files

    serve_plain_static_files(settings)
    route_bare_view(settings)


_configure()
