"""Capacity is never exceeded, however many people book, cancel and accept at once.

Real threads, each with its own database connection, against the database the suite runs on:
SQLite here and PostgreSQL in CI (``DATABASE_URL=postgresql://...``). On PostgreSQL the
event row lock (``SELECT ... FOR UPDATE``) queues the transactions; on SQLite the IMMEDIATE
transactions configured in hub/settings.py take the write lock at BEGIN. No call is retried:
a thread that failed would show up in ``errors``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from hub.core.models import User
from hub.testing import make_agency
from hub.training.models import Booking, Event
from hub.training.services import accept_offer, book_place, cancel_booking, offer_next_place
from hub.training.tests.factories import make_booking, make_course, make_event

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def file_database(transactional_db, tmp_path):
    """On SQLite, run the test against a database file, as the Hub does in use.

    The suite's SQLite test database lives in memory in "shared cache" mode, where a second
    writer fails at once with "database table is locked" instead of waiting for the lock: that
    mode cannot show how the Hub behaves. The migrated in-memory database is copied to a file
    (SQLite's backup API), every connection opened during the test uses the file, with the
    Hub's own options (WAL, IMMEDIATE transactions, busy timeout), and the in-memory database
    comes back afterwards. On PostgreSQL nothing changes.
    """
    if connection.vendor != "sqlite":
        yield
        return
    settings_dict = connection.settings_dict  # shared with the connections other threads open
    memory_name = settings_dict["NAME"]
    connection.ensure_connection()
    # Keeps the in-memory database alive while no Django connection points at it.
    keep_alive = sqlite3.connect(memory_name, uri=True, check_same_thread=False)
    path = tmp_path / "concurrency.sqlite3"
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    settings_dict["NAME"] = str(path)
    connection.close()
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = memory_name
        connection.ensure_connection()
        keep_alive.close()


def make_people(count: int, agency, prefix: str = "delegate") -> list[User]:
    """Many people at once (no history or search indexing needed for these tests)."""
    stamp = timezone.now()
    people = [
        User(
            email=f"{prefix}{number}@example.org",
            first_name=f"{prefix.title()}{number}",
            last_name="Tester",
            agency=agency,
            email_verified_at=stamp,
            password="!",
        )
        for number in range(count)
    ]
    User.objects.bulk_create(people)
    return list(User.objects.filter(email__startswith=prefix).order_by("pk"))


def connection_slots(wanted: int) -> int:
    """How many threads may hold a database connection at the same time.

    PostgreSQL refuses connections beyond ``max_connections`` (100 by default), so a real
    deployment sizes its pool of app-server workers below it; threads beyond the slots queue
    for one, as requests queue for a worker. A closed connection's server process takes a
    moment to exit and free its place, so only half the free places are used. SQLite has no
    such limit.
    """
    if connection.vendor != "postgresql":
        return wanted
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('max_connections')::int - count(*) FROM pg_stat_activity")
        free = cursor.fetchone()[0]
    return max(2, min(wanted, free // 2))


def run_at_once(jobs) -> list[str]:
    """Run every job in its own thread, released together; return the errors raised."""
    barrier = threading.Barrier(len(jobs))
    slots = threading.BoundedSemaphore(connection_slots(len(jobs)))
    errors: list[str] = []

    def run(job):
        try:
            barrier.wait()
            with slots:
                try:
                    job()
                finally:
                    connection.close()
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def status_counts(event: Event) -> Counter:
    return Counter(event.bookings.values_list("status", flat=True))


def test_200_people_booking_a_30_place_event_at_once_end_30_confirmed_and_170_waiting(file_database):
    event = make_event(make_course("Signs of Safety", slug="signs-of-safety"), capacity=30)
    people = make_people(200, make_agency())

    errors = run_at_once(
        [lambda person=person: book_place(event=event, person=person, actor=person) for person in people]
    )

    assert errors == []
    counts = status_counts(event)
    assert counts == Counter({Booking.Status.CONFIRMED: 30, Booking.Status.WAITLISTED: 170})
    assert event.bookings.values("person").distinct().count() == 200
    assert event.places_left() == 0


def test_concurrent_cancellations_offers_and_acceptances_never_exceed_capacity(file_database):
    now = timezone.now()
    event = make_event(make_course("Child sexual abuse", slug="csa"), capacity=30)
    people = make_people(130, make_agency())
    confirmed = [make_booking(event, person) for person in people[:20]]
    offered = [make_booking(event, person, status=Booking.Status.OFFERED) for person in people[20:30]]
    for minutes, person in enumerate(people[30:90]):
        make_booking(event, person, status=Booking.Status.WAITLISTED, joined_at=now + timedelta(minutes=minutes))
    newcomers = people[90:]
    assert event.places_left() == 0

    # A watcher reads the committed state again and again while everything else runs.
    samples: list[int] = []
    done = threading.Event()

    def watch():
        try:
            while not done.is_set():
                samples.append(Event.objects.get(pk=event.pk).places_taken())
        finally:
            connection.close()

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        errors = run_at_once(
            [lambda b=booking: cancel_booking(booking=b, actor=b.person) for booking in confirmed[:15]]
            + [lambda b=booking: accept_offer(booking=b, actor=b.person) for booking in offered]
            + [lambda p=person: book_place(event=event, person=p, actor=p) for person in newcomers]
            + [lambda: offer_next_place(event=event) for _ in range(5)]
        )
    finally:
        done.set()
        watcher.join()

    assert errors == []
    assert samples, "the watcher read the event at least once"
    assert max(samples) <= 30
    counts = status_counts(event)
    # 15 places freed and each offered straight away to the next person waiting.
    assert counts[Booking.Status.CONFIRMED] == 15
    assert counts[Booking.Status.OFFERED] == 15
    assert counts[Booking.Status.CANCELLED] == 15
    assert counts[Booking.Status.WAITLISTED] == 60 - 15 + len(newcomers)
    assert event.places_taken() == 30

    # Second round: everyone offered a place accepts while others cancel and more people book.
    offers = list(event.bookings.filter(status=Booking.Status.OFFERED).select_related("person"))
    still_confirmed = list(event.bookings.filter(status=Booking.Status.CONFIRMED).select_related("person"))
    late_comers = make_people(10, make_agency(), prefix="latecomer")
    errors = run_at_once(
        [lambda b=booking: accept_offer(booking=b, actor=b.person) for booking in offers]
        + [lambda b=booking: cancel_booking(booking=b, actor=b.person) for booking in still_confirmed[:10]]
        + [lambda p=person: book_place(event=event, person=p, actor=p) for person in late_comers]
    )
    assert errors == []
    counts = status_counts(event)
    assert counts[Booking.Status.CONFIRMED] == 5 + 15
    assert counts[Booking.Status.OFFERED] == 10
    assert event.places_taken() == 30
