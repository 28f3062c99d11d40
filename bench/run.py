"""Benchmarks for the Hub's foundation pages: ``make bench`` (or ``.venv/bin/python bench/run.py``).

Builds a throwaway SQLite database in a temporary folder, migrates it and loads the demo
partnership, then sends requests through Django's test client (the full middleware stack, no
network, nothing started outside this process) and prints requests per second, median and 95th
percentile latency, the cost relative to a bare Django view measured in the same run, and memory.

Settings are production-like (DEBUG off, HTTPS requests, template caching) except that static
file URLs come from the plain storage, so no collectstatic run is needed.

Options: ``--requests N`` (per endpoint, default 300) and ``--seconds S`` (time limit per
endpoint, default 10); each endpoint stops at whichever comes first.
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import resource
import secrets
import statistics
import sys
import tempfile
import time
import tracemalloc
import types
import warnings
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARM_UP_REQUESTS = 10
MEMORY_SAMPLE_REQUESTS = 10
ACTION_ROWS = 50


@dataclass
class Endpoint:
    label: str
    url: str
    client: object


@dataclass
class Result:
    label: str
    requests: int
    per_second: float
    p50_ms: float
    p95_ms: float
    peak_kib: float


def configure(workdir: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "hub.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
            "ALLOWED_HOSTS": "testserver,127.0.0.1",
            "SITE_URL": "https://testserver",
            "EMAIL_URL": "locmem://",
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(workdir / "media"),
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "LOG_LEVEL": "ERROR",
        }
    )
    for name in ("REDIS_URL", "HUB_TESTING"):
        os.environ.pop(name, None)
    sys.path.insert(0, str(ROOT))

    # Static files are served by the plain storage here; whitenoise's note about the missing
    # collectstatic folder is noise in a benchmark.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

    import django
    from django.conf import settings

    django.setup()
    serve_plain_static_files(settings)
    route_bare_view(settings)


def serve_plain_static_files(settings) -> None:
    """Static file URLs from the plain storage, so no collectstatic run is needed."""
    from django.test.utils import override_settings

    # override_settings (not assignment) so the already-built storage handlers are reset too.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()


def route_bare_view(settings) -> None:
    """Serve ``/bench/bare`` from a view that only returns "ok", in front of the Hub's own URLs."""
    from django.http import HttpResponse
    from django.urls import clear_url_caches, path

    import hub.urls

    def bare(request):
        return HttpResponse("ok", content_type="text/plain")

    urlconf = types.ModuleType("bench_urls")
    urlconf.urlpatterns = [path("bench/bare", bare), *hub.urls.urlpatterns]
    for handler in ("handler400", "handler403", "handler404", "handler500"):
        setattr(urlconf, handler, getattr(hub.urls, handler))
    sys.modules["bench_urls"] = urlconf
    settings.ROOT_URLCONF = "bench_urls"
    clear_url_caches()


def build_data() -> dict:
    """Migrate, load the demo partnership and make sure the business unit sees 50 actions."""
    from datetime import date, timedelta

    from django.core.management import call_command

    from hub.core.models import Action, Agency, User
    from hub.core.services import create_action

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    practitioner = User.objects.get(email="chris.hughes@demo.example.org")
    business_unit = User.objects.get(email="alex.morgan@demo.example.org")
    agency = Agency.objects.get(short_code="police")
    for number in range(Action.objects.count(), ACTION_ROWS):
        create_action(
            actor=business_unit,
            title=f"Benchmark action {number + 1}",
            owner_agency=agency,
            due_on=date(2030, 1, 1) + timedelta(days=number),
        )
    print(f"Database migrated and demo loaded in {time.perf_counter() - started:.1f} s", flush=True)
    return {"practitioner": practitioner, "business_unit": business_unit}


def endpoints(people: dict) -> list[Endpoint]:
    from django.test import Client
    from django.urls import reverse

    from hub.testing import sign_in

    anonymous = Client()
    return [
        Endpoint("Bare Django view", "/bench/bare", anonymous),
        Endpoint("Health check /healthz", reverse("core:healthz"), anonymous),
        Endpoint("Home page", "/", anonymous),
        Endpoint("Sign-in page", reverse("core:sign-in"), anonymous),
        Endpoint("Account page (practitioner)", reverse("core:account"), sign_in(Client(), people["practitioner"])),
        Endpoint(
            f"Action list, {ACTION_ROWS} rows (business unit)",
            reverse("core:action-list"),
            sign_in(Client(), people["business_unit"]),
        ),
    ]


def get(endpoint: Endpoint):
    response = endpoint.client.get(endpoint.url, secure=True)
    if response.status_code != 200:
        raise SystemExit(f"{endpoint.label}: GET {endpoint.url} answered {response.status_code}, not 200")
    return response


def measure(endpoint: Endpoint, max_requests: int, max_seconds: float) -> Result:
    for _ in range(WARM_UP_REQUESTS):
        get(endpoint)
    latencies = []
    started = time.perf_counter()
    deadline = started + max_seconds
    while len(latencies) < max_requests and time.perf_counter() < deadline:
        before = time.perf_counter()
        get(endpoint)
        latencies.append(time.perf_counter() - before)
    elapsed = time.perf_counter() - started

    tracemalloc.start()
    for _ in range(MEMORY_SAMPLE_REQUESTS):
        tracemalloc.reset_peak()
        get(endpoint)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return Result(
        label=endpoint.label,
        requests=len(latencies),
        per_second=len(latencies) / elapsed,
        p50_ms=statistics.median(latencies) * 1000,
        p95_ms=cuts[94] * 1000,
        peak_kib=peak / 1024,
    )


def print_table(results: list[Result]) -> None:
    bare = results[0]
    header = f"{'Endpoint':<38} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'x bare':>7} {'peak KiB':>9}"
    print()
    print(header)
    print("-" * len(header))
    for result in results:
        print(
            f"{result.label:<38} {result.requests:>8} {result.per_second:>8.1f} {result.p50_ms:>8.2f} "
            f"{result.p95_ms:>8.2f} {bare.per_second / result.per_second:>7.1f} {result.peak_kib:>9.0f}"
        )
    max_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print()
    print("x bare: how many bare-view requests take the time of one of these (bare req/s divided by req/s).")
    print("peak KiB: the largest Python allocation peak while serving one request (tracemalloc).")
    print(f"Peak resident memory of the whole run: {max_rss_mib:.0f} MiB.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per endpoint (default 300)")
    parser.add_argument("--seconds", type=float, default=10.0, help="time limit per endpoint (default 10)")
    options = parser.parse_args(argv)
    if options.requests < 20 or options.seconds <= 0:
        parser.error("--requests must be at least 20 and --seconds above 0")

    with tempfile.TemporaryDirectory(prefix="hub-bench-") as folder:
        configure(Path(folder))
        people = build_data()
        results = []
        for endpoint in endpoints(people):
            print(f"Measuring {endpoint.label} ...", flush=True)
            results.append(measure(endpoint, options.requests, options.seconds))
        print_table(results)
        from django.db import connections

        connections.close_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
