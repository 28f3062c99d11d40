"""Benchmark of the yearly report: ``make bench`` (or ``.venv/bin/python bench/reports.py``).

Builds a throwaway SQLite database with the settings of bench/run.py (DEBUG off, template
caching) and the whole demo partnership, then measures the 2021/22 report:

1. the HTML report (every provider's sections gathered and the stand-alone document rendered),
   first with no chart in the cache (as after the data changed; the process itself warmed up by
   one earlier render) and then as it is built on every later request; target under 1 s;
2. the same HTML rendered from the report already built, without a single data query, and the
   ratio of (2, later requests) to it: what gathering the figures costs on top of the template;
3. the report page a business-unit user opens, through the test client;
4. the tagged PDF made from the HTML; target under 15 s.

Each figure is the median of ``--repeat`` runs (default 5; the PDF 3), with the database queries
of one run. Loading the demo takes several minutes; ``--database FILE`` starts from a copy of a
database where the demo is already loaded (it is copied, never changed).
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import configure

YEAR = "2021-22"
HTML_TARGET = 1.0
PDF_TARGET = 15.0


def timed(work: Callable[[], object], repeat: int) -> tuple[float, int, object]:
    """Median seconds of ``repeat`` runs of ``work``, the queries of the last run, and its result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    result = None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = work()
            times.append(time.perf_counter() - started)
    return statistics.median(times), len(queries.captured_queries), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each HTML measurement (default 5)")
    parser.add_argument("--pdf-repeat", type=int, default=3, help="runs of the PDF (default 3)")
    parser.add_argument("--database", type=Path, help="a SQLite database with the demo already loaded")
    options = parser.parse_args(argv)
    if options.repeat < 1 or options.pdf_repeat < 1:
        parser.error("--repeat and --pdf-repeat must be at least 1")
    if options.database and not options.database.is_file():
        parser.error(f"There is no database at {options.database}")

    with tempfile.TemporaryDirectory(prefix="hub-bench-reports-") as folder:
        if options.database:
            shutil.copyfile(options.database, Path(folder) / "bench.sqlite3")
        configure(Path(folder))
        from django.core.cache import cache
        from django.core.management import call_command
        from django.test import Client

        from hub.core.models import User
        from hub.reports import reporting
        from hub.testing import sign_in

        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        if not options.database:
            call_command("load_demo", stdout=io.StringIO())
        print(f"Database ready in {time.perf_counter() - started:.1f} s", flush=True)
        year = reporting.parse_year(YEAR)

        def html() -> str:
            return reporting.render_document(reporting.build_report(year))

        html()  # the process warmed up: templates compiled, fonts found, connections open
        cache.clear()
        first, first_queries, _ = timed(html, 1)
        later, later_queries, document = timed(html, options.repeat)
        built = reporting.build_report(year)
        template_only, template_queries, _ = timed(lambda: reporting.render_document(built), options.repeat)

        business_unit = User.objects.get(email="alex.morgan@demo.example.org")
        client = sign_in(Client(), business_unit)
        page_url = f"/reports/{year.slug}/"

        def page() -> bytes:
            response = client.get(page_url, secure=True)
            if response.status_code != 200:
                raise SystemExit(f"GET {page_url} answered {response.status_code}, not 200")
            return response.content

        page_time, page_queries, _ = timed(page, options.repeat)
        pdf_time, _, pdf = timed(lambda: reporting.render_pdf(built, document), options.pdf_repeat)

    rows = [
        ("HTML report, charts not yet drawn", first, first_queries),
        ("HTML report, later requests", later, later_queries),
        ("Same HTML from the built report (no data queries)", template_only, template_queries),
        (f"Report page {page_url} (business unit)", page_time, page_queries),
        ("PDF from the HTML", pdf_time, 0),
    ]
    header = f"{'Yearly report ' + YEAR:<52} {'seconds':>8} {'queries':>8}"
    print()
    print(header)
    print("-" * len(header))
    for label, seconds, queries in rows:
        print(f"{label:<52} {seconds:>8.3f} {queries:>8}")
    print()
    print(f"HTML: {len(document) / 1024:.0f} KiB; PDF: {len(pdf) / 1024:.0f} KiB.")
    print(f"Ratio of the HTML report (later requests) to the HTML without data queries: {later / template_only:.1f}")
    for label, seconds, target in (
        ("HTML report, later requests", later, HTML_TARGET),
        ("HTML report, charts not yet drawn", first, HTML_TARGET),
        ("PDF", pdf_time, PDF_TARGET),
    ):
        verdict = "met" if seconds < target else "NOT met"
        print(f"{label}: {seconds:.2f} s (target: under {target:g} s) - {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
