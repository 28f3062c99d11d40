"""Benchmark of the public website under gunicorn: ``make bench`` (or ``.venv/bin/python bench/website.py``).

Builds a throwaway SQLite database in a temporary folder, migrates it, loads the core and
website demo and tops the resource library up to 5,000 resources. Then it starts gunicorn with
the documented worker count (``--workers 3``, docs/operations/deploy.md) and sends requests from
20 concurrent clients over real HTTP, in two phases:

1. page cache on (the production default): the bare Django endpoint and the home page as an
   anonymous visitor gets it, from the cache;
2. page cache off (``PAGE_CACHE_SECONDS=0``): the bare endpoint again, the home page rendered
   every time, the resource library filtered by a theme, and a site search for "neglect". The
   parts of pages that are the same for every request (site, settings, themes, private sections,
   "Most downloaded") still come from the cache, as they do in production for pages built per
   visitor; the results themselves are read for each request (docs/operations/caching.md).

For each it prints requests per second, median and 95th percentile latency and the ratio to the
bare endpoint of the same phase, then checks the issue's targets: library and search p95 under
150 ms uncached, and the cached home page at least half the bare endpoint's throughput.

The cache is Redis, as the deployment guide asks for whenever more than one process serves the
Hub: ``--redis URL`` (default ``redis://127.0.0.1:6379/15``, a database the benchmark empties
before and after it runs, so give it one nothing else uses). If Redis cannot be reached the
benchmark says so and each worker keeps its own cache in memory; ``--redis none`` asks for that.

The clients run in this process, on the same machine as gunicorn, so every figure is a little
pessimistic. Options: ``--seconds S`` per endpoint (default 10), ``--clients N`` (default 20),
``--resources N`` (default 5000), ``--workers N`` (default 3), ``--redis URL``.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import io
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTED_WORKERS = 3
WARM_UP_SECONDS = 2.0
P95_TARGET_MS = 150.0
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"


@dataclass
class Endpoint:
    label: str
    path: str


@dataclass
class Result:
    label: str
    requests: int
    errors: int
    per_second: float
    p50_ms: float
    p95_ms: float


def environment(workdir: Path, port: int, redis_url: str | None) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": "hub.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "0",
        "EMAIL_URL": "locmem://",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "LOG_LEVEL": "ERROR",
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def empty_redis(url: str) -> bool:
    """Empty the benchmark's Redis database; False if it cannot be reached."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.flushdb()
        client.close()
    except redis.RedisError:
        return False
    return True


def configure(env: dict[str, str]) -> None:
    for name in ("REDIS_URL", "HUB_TESTING", "PAGE_CACHE_SECONDS"):
        os.environ.pop(name, None)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

    import django

    django.setup()


# Data ---------------------------------------------------------------------------------------------

WORDS = (
    "assessment",
    "chronology",
    "supervision",
    "planning",
    "referral",
    "school",
    "health",
    "housing",
    "parenting",
    "online",
    "missing",
    "conference",
)


def build_data(resources: int) -> None:
    """Migrate, load the core and website demo, and add resources until the library holds ``resources``."""
    from django.core.management import call_command
    from django.db.models.signals import post_save
    from modelsearch import index as search_index
    from modelsearch.signal_handlers import post_save_signal_handler
    from wagtail.search.backends import get_search_backend
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from hub.core.models import Theme
    from hub.core.registry import registry
    from hub.website.models import ResourceLibraryPage, ResourcePage

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    registry.demo_loaders = [row for row in registry.demo_loaders if row[1] in {"core", "website"}]
    call_command("load_demo", stdout=io.StringIO())
    print(f"Database migrated and demo loaded in {time.perf_counter() - started:.1f} s", flush=True)

    started = time.perf_counter()
    library = ResourceLibraryPage.objects.get()
    themes = list(Theme.objects.order_by("slug"))
    types = ResourcePage.ResourceType.values
    existing = ResourcePage.objects.count()
    # One search index update per page at the end instead of one per save while adding them.
    indexed = [model for model in search_index.get_indexed_models() if getattr(model, "search_auto_update", True)]
    for model in indexed:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            for number in range(existing, resources):
                theme = themes[number % len(themes)]
                word = WORDS[number % len(WORDS)]
                page = ResourcePage(
                    title=f"{theme.name}: {word} resource {number + 1}",
                    slug=f"bench-resource-{number + 1}",
                    resource_type=types[number % len(types)],
                    summary=(
                        f"Practice material on {theme.name.lower()} and {word} for practitioners in every agency, "
                        f"number {number + 1} of the benchmark library."
                    ),
                    publication_date=date(2019, 4, 1) + timedelta(days=number % 1300),
                    review_date=date(2027, 4, 1) + timedelta(days=number % 700),
                    external_url=f"https://resources.example.org/{number + 1}",
                    for_parents=number % 3 == 0,
                    live=True,
                )
                page.themes.set([theme, themes[(number * 7) % len(themes)]])
                library.add_child(instance=page)
    finally:
        for model in indexed:
            post_save.connect(post_save_signal_handler, sender=model)
    backend = get_search_backend()
    queryset = ResourcePage.objects.filter(slug__startswith="bench-resource-").order_by("pk")
    for start in range(0, queryset.count(), 500):
        backend.add_bulk(ResourcePage, list(queryset[start : start + 500]))
    print(
        f"Resource library topped up to {ResourcePage.objects.count():,} resources in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )

    from django.db import connections

    connections.close_all()


# Serving and measuring ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, workers: int, page_cache_seconds: int) -> subprocess.Popen:
    process_env = {
        **os.environ,
        **env,
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
        # Static files come from the plain storage; whitenoise's note about collectstatic is noise here.
        "PYTHONWARNINGS": "ignore:No directory at:UserWarning",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "website_wsgi:application",
        "--chdir",
        str(ROOT),
        "--pythonpath",
        f"{ROOT},{ROOT / 'bench'}",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env=process_env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start-up (exit status {process.returncode})")
        try:
            if get(port, "/healthz")[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 60 seconds")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def get(port: int, path: str) -> tuple[int, float]:
    """One GET on a new connection (gunicorn's sync workers close each one): status and seconds taken."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept": "text/html"})
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


def hammer(port: int, path: str, seconds: float, clients: int) -> tuple[list[float], int]:
    """``clients`` threads sending GETs back to back for ``seconds``: latencies of 200s, and errors."""
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def client():
        nonlocal errors
        own, own_errors = [], 0
        while time.perf_counter() < deadline:
            try:
                status, taken = get(port, path)
            except OSError:
                own_errors += 1
                continue
            if status == 200:
                own.append(taken)
            else:
                own_errors += 1
        with lock:
            latencies.extend(own)
            errors += own_errors

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def measure(port: int, endpoint: Endpoint, seconds: float, clients: int) -> Result:
    status, _ = get(port, endpoint.path)
    if status != 200:
        raise SystemExit(f"{endpoint.label}: GET {endpoint.path} answered {status}, not 200")
    hammer(port, endpoint.path, WARM_UP_SECONDS, clients)
    started = time.perf_counter()
    latencies, errors = hammer(port, endpoint.path, seconds, clients)
    elapsed = time.perf_counter() - started
    if len(latencies) < 2:
        raise SystemExit(f"{endpoint.label}: too few answers ({len(latencies)}) to measure")
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return Result(
        label=endpoint.label,
        requests=len(latencies),
        errors=errors,
        per_second=len(latencies) / elapsed,
        p50_ms=statistics.median(latencies) * 1000,
        p95_ms=cuts[94] * 1000,
    )


def run_phase(
    env: dict[str, str], port: int, workers: int, cache_seconds: int, endpoints: list[Endpoint], options
) -> list[Result]:
    process = start_gunicorn(env, port, workers, cache_seconds)
    try:
        results = []
        for endpoint in endpoints:
            print(f"Measuring {endpoint.label} ...", flush=True)
            results.append(measure(port, endpoint, options.seconds, options.clients))
        return results
    finally:
        stop(process)


def print_table(title: str, results: list[Result]) -> None:
    bare = results[0]
    header = f"{'Endpoint':<44} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'x bare':>7}"
    print()
    print(title)
    print(header)
    print("-" * len(header))
    for result in results:
        print(
            f"{result.label:<44} {result.requests:>8} {result.errors:>6} {result.per_second:>8.1f} "
            f"{result.p50_ms:>8.1f} {result.p95_ms:>8.1f} {bare.per_second / result.per_second:>7.2f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="time measured per endpoint (default 10)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--resources", type=int, default=5000, help="resources in the library (default 5000)")
    parser.add_argument("--workers", type=int, default=DOCUMENTED_WORKERS, help="gunicorn workers (default 3)")
    parser.add_argument(
        "--redis",
        default=DEFAULT_REDIS,
        help=f"Redis database for the cache, emptied before and after (default {DEFAULT_REDIS}); 'none' for memory",
    )
    options = parser.parse_args(argv)
    if options.seconds <= 0 or options.clients < 1 or options.resources < 1 or options.workers < 1:
        parser.error("--seconds, --clients, --resources and --workers must be above 0")

    redis_url = None if options.redis.lower() == "none" else options.redis
    if redis_url and not empty_redis(redis_url):
        print(f"Redis at {redis_url} cannot be reached: each worker keeps its own cache in memory", flush=True)
        redis_url = None
    try:
        run(options, redis_url)
    finally:
        if redis_url:
            empty_redis(redis_url)
    return 0


def run(options, redis_url: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="hub-bench-website-") as folder:
        port = free_port()
        env = environment(Path(folder), port, redis_url)
        configure(env)
        build_data(options.resources)
        from hub.core.models import Theme

        theme = Theme.objects.filter(slug="neglect").first() or Theme.objects.order_by("slug").first()
        from django.db import connections

        connections.close_all()
        print(
            f"gunicorn: {options.workers} sync workers; {options.clients} concurrent clients; "
            f"{options.seconds:g} s per endpoint after a {WARM_UP_SECONDS:g} s warm-up; {os.cpu_count()} CPUs; "
            f"cache: {'Redis' if redis_url else 'memory in each worker'}",
            flush=True,
        )
        cached = run_phase(
            env,
            port,
            options.workers,
            300,
            [Endpoint("Bare Django view", "/bench/bare"), Endpoint("Home page, anonymous, cached", "/")],
            options,
        )
        uncached = run_phase(
            env,
            port,
            options.workers,
            0,
            [
                Endpoint("Bare Django view", "/bench/bare"),
                Endpoint("Home page, not cached", "/"),
                Endpoint(f"/resources/?theme={theme.slug}, not cached", f"/resources/?theme={theme.slug}"),
                Endpoint("/search/?q=neglect", "/search/?q=neglect"),
            ],
            options,
        )
    print_table("Page cache on (as in production)", cached)
    print_table("Page cache off", uncached)
    print()
    home, bare = cached[1], cached[0]
    ratio = home.per_second / bare.per_second
    print(
        f"Cached home page: {home.per_second:.0f} req/s, {ratio:.0%} of the bare view's {bare.per_second:.0f} req/s "
        f"(target: at least 50%) - {'met' if ratio >= 0.5 else 'NOT met'}"
    )
    for result in uncached[2:]:
        verdict = "met" if result.p95_ms < P95_TARGET_MS else "NOT met"
        print(f"{result.label}: p95 {result.p95_ms:.0f} ms (target: under {P95_TARGET_MS:.0f} ms) - {verdict}")
    print()
    print("x bare: how many bare-view requests take the time of one of these (bare req/s divided by req/s).")


if __name__ == "__main__":
    sys.exit(main())
