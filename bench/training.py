"""Benchmark of training bookings and the programme on PostgreSQL: ``make bench`` (or ``bench/training.py``).

Creates a throwaway PostgreSQL database (``hub_bench_<random>``) on the server in
``--database-url`` (default ``postgres://postgres@127.0.0.1:5432``), migrates it and adds what the
benchmark needs directly: an agency, 1,000 practitioners with verified work e-mail addresses and
one personal API token each, a course without manager approval with one 30-place event open for
booking, and 300 future events of 60 courses across the practice themes for the programme. Then
it starts gunicorn with the documented worker count (``--workers 3``, docs/operations/deploy.md)
configured as in production: the anonymous page cache on, shared by the workers through Redis
(``--redis-url``, a database the script empties first; without Redis each worker keeps its own).
It measures over real HTTP:

1. bookings: the bare Django endpoint, then ``POST /api/v1/events/{uuid}/bookings`` once for each
   of the 1,000 people, each burst sent by 100 client threads released together by a barrier so
   the requests overlap as much as the clients allow. The database must then hold exactly 30
   confirmed bookings and 970 on the waiting list, and every request must have answered 201; the
   script prints PASS or FAIL and exits with status 1 on a FAIL;
2. the programme: the bare endpoint again, ``/training/`` as a visitor first sees it and the same
   page filtered by a theme, each from 20 concurrent clients for ``--seconds``; target p95 under
   150 ms. Anonymous visitors get the programme from the page cache, which every booking change
   renews (hub.training.caching), so this is measured twice: with the cache on as in production,
   then with it off (every request rendered) for the cost of a page after a change.

For each endpoint it prints requests per second, median and 95th percentile latency and the ratio
to the bare endpoint of the same phase. The clients run in this process, on the same machine as
gunicorn and PostgreSQL, so every figure is a little pessimistic. The database is dropped at the
end whatever happens. Options: ``--seconds S`` per programme endpoint (default 10), ``--clients N``
for the programme (default 20), ``--requests N`` booking requests (default 1000), ``--workers N``
(default 3), ``--database-url URL``, ``--redis-url URL``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The helpers bench/website.py measures the public website with.
from website import (
    DOCUMENTED_WORKERS,
    P95_TARGET_MS,
    Endpoint,
    Result,
    configure,
    environment,
    free_port,
    measure,
    print_table,
    start_gunicorn,
    stop,
)

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"
PRODUCTION_PAGE_CACHE_SECONDS = 300
CAPACITY = 30
BOOKING_CLIENTS = 100
PROGRAMME_EVENTS = 300
PROGRAMME_COURSES = 60
THEMES = (
    "Neglect",
    "Domestic abuse",
    "Child sexual exploitation",
    "Voice of the child",
    "Online safety",
    "Mental health",
    "Missing children",
    "Substance misuse",
)
REQUEST_TIMEOUT = 120


# The throwaway database ---------------------------------------------------------------------------


def database_urls(server: str) -> tuple[str, str, str]:
    """The maintenance database's URL, the new database's URL and its name, on ``server``."""
    parts = urlsplit(server)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit("--database-url must be a PostgreSQL address (postgres://user@host:port)")
    name = f"hub_bench_{secrets.token_hex(4)}"
    maintenance = urlunsplit((parts.scheme, parts.netloc, parts.path if parts.path.strip("/") else "/postgres", "", ""))
    return maintenance, urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", "")), name


def run_sql(maintenance_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        connection.execute(statement)


# Data ---------------------------------------------------------------------------------------------


@dataclass
class Data:
    event_uuid: str
    secrets: list[str]
    theme_slug: str


def build_data(requests: int) -> Data:
    """Migrate, then add the agency, people, tokens, the 30-place event and the programme's events."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone
    from django.utils.text import slugify

    from hub.core.models import Agency, ApiToken, Theme, User
    from hub.training import services
    from hub.training.models import Course, Level

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"Database migrated in {time.perf_counter() - started:.1f} s", flush=True)

    started = time.perf_counter()
    now = timezone.now()
    agency = Agency.objects.create(
        name="Bench County Council", short_code="bench", sector=Agency.Sector.OTHER, email_domains="bench.example.org"
    )
    User.objects.bulk_create(
        User(
            email=f"practitioner{number}@bench.example.org",
            first_name=f"Practitioner{number}",
            last_name="Bench",
            agency=agency,
            email_verified_at=now,
            password=make_password(None),
        )
        for number in range(requests)
    )
    people = list(User.objects.filter(agency=agency).order_by("pk"))
    # One personal token each, written in bulk: create_api_token would add an audit entry per token.
    token_secrets = [ApiToken.generate_secret() for _ in people]
    ApiToken.objects.bulk_create(
        ApiToken(name="Booking benchmark", user=person, key_prefix=secret[:12], key_digest=ApiToken.digest(secret))
        for person, secret in zip(people, token_secrets, strict=True)
    )
    themes = [Theme.objects.create(name=name, slug=slugify(name)) for name in THEMES]

    def sessions(days_ahead: int, hour: int = 9) -> list:
        start = timezone.localtime(now).replace(hour=hour, minute=30, second=0, microsecond=0) + timedelta(
            days=days_ahead
        )
        return [(start, start + timedelta(hours=3))]

    course = Course.objects.create(
        title="Working together to safeguard children",
        slug="bench-working-together",
        summary="The benchmark's course: no approval needed.",
        level=Level.ONE,
        duration_hours=Decimal("3.0"),
        is_published=True,
    )
    course.themes.set(themes[:1])
    event = services.create_event(
        course=course, sessions=sessions(21), capacity=CAPACITY, actor=None, venue_name="Bench Training Room"
    )

    modes = [Course.DeliveryMode.IN_PERSON, Course.DeliveryMode.LIVE_ONLINE]
    levels = list(Level.values)
    courses = []
    for number in range(PROGRAMME_COURSES):
        theme = themes[number % len(themes)]
        programme_course = Course.objects.create(
            title=f"{theme.name}: practice course {number + 1}",
            slug=f"bench-course-{number + 1}",
            summary=f"Practice in {theme.name.lower()} for practitioners in every agency, course {number + 1}.",
            level=levels[number % len(levels)],
            delivery_mode=modes[number % len(modes)],
            duration_hours=Decimal("3.0"),
            is_published=True,
        )
        programme_course.themes.set([theme, themes[(number * 3 + 1) % len(themes)]])
        courses.append(programme_course)
    for number in range(PROGRAMME_EVENTS):
        services.create_event(
            course=courses[number % len(courses)],
            sessions=sessions(3 + number % 180, hour=9 + number % 4),
            capacity=12 + number % 20,
            actor=None,
            venue_name="Partnership Training Room",
        )
    print(
        f"{len(people):,} practitioners with tokens, 1 booking event and {PROGRAMME_EVENTS} programme events "
        f"created in {time.perf_counter() - started:.1f} s",
        flush=True,
    )

    from django.db import connections

    connections.close_all()
    return Data(event_uuid=str(event.uuid), secrets=token_secrets, theme_slug=themes[0].slug)


# Bursts: every request sent once, as nearly at once as the clients allow ---------------------------


@dataclass
class Burst:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    booking_statuses: Counter = field(default_factory=Counter)
    errors: int = 0
    elapsed: float = 0.0


def send(port: int, method: str, path: str, headers: dict[str, str], body: bytes | None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def burst(port: int, requests: list[tuple[str, str, dict, bytes | None]], clients: int) -> Burst:
    """Send each of ``requests`` once from ``clients`` threads that start together."""
    result = Burst()
    lock = threading.Lock()
    pending = iter(requests)
    barrier = threading.Barrier(clients + 1)

    def client():
        own: list[float] = []
        statuses: Counter = Counter()
        booking_statuses: Counter = Counter()
        errors = 0
        barrier.wait()
        while True:
            with lock:
                request = next(pending, None)
            if request is None:
                break
            method, path, headers, body = request
            started = time.perf_counter()
            try:
                status, content = send(port, method, path, headers, body)
            except OSError:
                errors += 1
                continue
            own.append(time.perf_counter() - started)
            statuses[status] += 1
            if method == "POST" and status == 201:
                booking_statuses[json.loads(content)["status"]] += 1
        with lock:
            result.latencies.extend(own)
            result.statuses.update(statuses)
            result.booking_statuses.update(booking_statuses)
            result.errors += errors

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    result.elapsed = time.perf_counter() - started
    return result


def burst_result(label: str, outcome: Burst, expected_status: int) -> Result:
    good = outcome.statuses[expected_status]
    cuts = statistics.quantiles(outcome.latencies, n=100, method="inclusive")
    return Result(
        label=label,
        requests=good,
        errors=outcome.errors + sum(outcome.statuses.values()) - good,
        per_second=len(outcome.latencies) / outcome.elapsed,
        p50_ms=statistics.median(outcome.latencies) * 1000,
        p95_ms=cuts[94] * 1000,
    )


def booking_phase(port: int, data: Data) -> tuple[list[Result], Burst]:
    bare_requests = [("GET", "/bench/bare", {}, None)] * len(data.secrets)
    path = f"/api/v1/events/{data.event_uuid}/bookings"
    booking_requests = [
        ("POST", path, {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}, b"{}")
        for secret in data.secrets
    ]
    # Warm every worker up (imports, URL resolvers, the API's routers) before anything is timed.
    burst(port, bare_requests[:300], BOOKING_CLIENTS)
    for _ in range(30):
        send(port, "GET", f"/api/v1/events/{data.event_uuid}", {}, None)
    print(f"Measuring the bare endpoint, {len(bare_requests):,} requests ...", flush=True)
    bare = burst(port, bare_requests, BOOKING_CLIENTS)
    print(f"Measuring {len(booking_requests):,} booking requests ...", flush=True)
    bookings = burst(port, booking_requests, BOOKING_CLIENTS)
    return [
        burst_result("Bare Django view", bare, 200),
        burst_result(f"POST {path.replace(data.event_uuid, '{uuid}')}", bookings, 201),
    ], bookings


def check_counts(data: Data, bookings: Burst, requests: int) -> bool:
    """Whether the database and the answers hold exactly the expected bookings; prints each check."""
    from hub.training.models import Booking, Event

    event = Event.objects.get(uuid=data.event_uuid)
    stored = Counter(event.bookings.values_list("status", flat=True))
    confirmed, waitlisted = min(CAPACITY, requests), max(requests - CAPACITY, 0)
    checks = [
        (f"answers: {requests:,} x 201", bookings.statuses[201] == requests and bookings.errors == 0),
        (
            f"answers: {confirmed} confirmed, {waitlisted:,} waitlisted",
            bookings.booking_statuses[Booking.Status.CONFIRMED] == confirmed
            and bookings.booking_statuses[Booking.Status.WAITLISTED] == waitlisted,
        ),
        (
            f"database: {confirmed} confirmed, {waitlisted:,} on the waiting list, nothing else",
            stored[Booking.Status.CONFIRMED] == confirmed
            and stored[Booking.Status.WAITLISTED] == waitlisted
            and sum(stored.values()) == requests,
        ),
    ]
    print()
    print(
        f"Answers: {dict(sorted(bookings.statuses.items()))}, connection errors {bookings.errors}; "
        f"booking statuses {dict(bookings.booking_statuses)}"
    )
    print(f"Database: {dict(stored)}")
    for label, passed in checks:
        print(f"{'PASS' if passed else 'FAIL'} {label}")
    return all(passed for _, passed in checks)


def x_cache(port: int, path: str) -> str:
    """The ``X-Cache`` header of an anonymous GET (HIT, MISS, or none for a page the cache never keeps)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path, headers={"Accept": "text/html"})
        response = connection.getresponse()
        response.read()
        return response.getheader("X-Cache") or "no X-Cache header"
    finally:
        connection.close()


def redis_answers(url: str) -> bool:
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.flushdb()
        client.close()
        return True
    except Exception:
        return False


def programme_endpoints(theme_slug: str) -> list[Endpoint]:
    return [
        Endpoint("Bare Django view", "/bench/bare"),
        Endpoint(f"/training/ ({PROGRAMME_EVENTS} events)", "/training/"),
        Endpoint(f"/training/?theme={theme_slug}", f"/training/?theme={theme_slug}"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="time measured per programme endpoint (default 10)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients on the programme (default 20)")
    parser.add_argument("--requests", type=int, default=1000, help="booking requests, one person each (default 1000)")
    parser.add_argument("--workers", type=int, default=DOCUMENTED_WORKERS, help="gunicorn workers (default 3)")
    parser.add_argument(
        "--database-url",
        default=DEFAULT_SERVER,
        help=f"PostgreSQL server for the throwaway database (default {DEFAULT_SERVER})",
    )
    parser.add_argument(
        "--redis-url",
        default=DEFAULT_REDIS,
        help=f"Redis database for the shared cache; emptied first (default {DEFAULT_REDIS})",
    )
    options = parser.parse_args(argv)
    if options.seconds <= 0 or options.clients < 1 or options.requests < 2 or options.workers < 1:
        parser.error("--seconds, --clients and --workers must be above 0, --requests at least 2")
    redis_url = options.redis_url if redis_answers(options.redis_url) else None

    maintenance_url, database_url, name = database_urls(options.database_url)
    run_sql(maintenance_url, f'CREATE DATABASE "{name}"')
    print(f"Created database {name}", flush=True)
    try:
        with tempfile.TemporaryDirectory(prefix="hub-bench-training-") as folder:
            port = free_port()
            env = {**environment(Path(folder), port), "DATABASE_URL": database_url}
            configure(env)
            data = build_data(options.requests)
            from django.db import connections

            connections.close_all()
            cached_env = {**env, "REDIS_URL": redis_url} if redis_url else env
            print(
                f"gunicorn: {options.workers} sync workers; cache: "
                f"{'Redis ' + redis_url if redis_url else 'memory in each worker (Redis did not answer)'}; "
                f"bookings: {BOOKING_CLIENTS} clients released together; programme: {options.clients} concurrent "
                f"clients, {options.seconds:g} s per endpoint; {os.cpu_count()} CPUs, load average "
                f"{os.getloadavg()[0]:.2f}",
                flush=True,
            )
            # As in production: the page cache on, shared through Redis.
            process = start_gunicorn(cached_env, port, options.workers, PRODUCTION_PAGE_CACHE_SECONDS)
            try:
                booking_results, bookings = booking_phase(port, data)
                counts_ok = check_counts(data, bookings, options.requests)
                cached_results = []
                for endpoint in programme_endpoints(data.theme_slug):
                    print(f"Measuring {endpoint.label}, page cache on ...", flush=True)
                    cached_results.append(measure(port, endpoint, options.seconds, options.clients))
                cache_header = x_cache(port, "/training/")
            finally:
                stop(process)
            # The same pages rendered for every request.
            process = start_gunicorn(env, port, options.workers, 0)
            try:
                uncached_results = []
                for endpoint in programme_endpoints(data.theme_slug):
                    print(f"Measuring {endpoint.label}, page cache off ...", flush=True)
                    uncached_results.append(measure(port, endpoint, options.seconds, options.clients))
            finally:
                stop(process)
            connections.close_all()
    finally:
        run_sql(maintenance_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        print(f"Dropped database {name}", flush=True)

    print_table(f"Bookings: {options.requests:,} requests from {BOOKING_CLIENTS} clients at once", booking_results)
    print_table(f"Programme: {options.clients} concurrent clients, page cache on (as in production)", cached_results)
    print_table(f"Programme: {options.clients} concurrent clients, page cache off", uncached_results)
    print()
    bare, booking = booking_results
    print(
        f"Bookings: {booking.per_second:.0f} per second, p95 {booking.p95_ms:.0f} ms; the bare view answered "
        f"{bare.per_second:.0f} req/s in the same run ({bare.per_second / booking.per_second:.1f} x)"
    )
    print(f"Anonymous GET /training/ after the run, page cache on: X-Cache {cache_header}")
    for title, results in (("cache on", cached_results), ("cache off", uncached_results)):
        for result in results[1:]:
            verdict = "met" if result.p95_ms < P95_TARGET_MS else "NOT met"
            print(
                f"{result.label}, {title}: p95 {result.p95_ms:.0f} ms "
                f"(target: under {P95_TARGET_MS:.0f} ms) - {verdict}"
            )
    print(f"Final counts: {'PASS' if counts_ok else 'FAIL'}")
    print()
    print("x bare: how many bare-view requests take the time of one of these (bare req/s divided by req/s).")
    return 0 if counts_ok else 1


if __name__ == "__main__":
    sys.exit(main())
