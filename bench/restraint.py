"""Benchmark of the restraint pages and the monthly return: ``make bench`` (or ``.venv/bin/python bench/restraint.py``).

Builds a throwaway SQLite database with the settings of bench/run.py and the demo's four years of
restraint incidents (1,686) with 48 scrutiny sessions. Measured, median of ``--repeat`` runs:
the figures page (statement, four-year SPC chart, quarters and months) for a reviewer, against a
target of under 0.5 s; a typical month's return (40 incidents) checked, under 0.5 s; and a return
of 2,000 incidents (the most a return may hold, about four years of the demo home's incidents)
checked and then saved, under 5 s and 10 s. Reading the workbook itself (openpyxl parsing the
sheet's XML) is most of the check's time.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import configure

PAGE_TARGET = 0.5
CHECK_TARGET = 5.0
MONTH_TARGET = 0.5
MONTH_ROWS = 40
APPLY_TARGET = 10.0
RETURN_ROWS = 2_000


def _return(rows: int) -> bytes:
    from openpyxl import load_workbook

    from hub.restraint import importing

    workbook = load_workbook(io.BytesIO(importing.build_template()))
    sheet = workbook[importing.SHEET]
    for number in range(1, rows + 1):
        sheet.append(
            [
                f"BENCH-{number:05d}",
                f"{number % 28 + 1:02d}/03/2023",
                f"{number % 24:02d}:{number % 60:02d}",
                f"YP-B{number % 60:03d}",
                "13-14",
                "Corridor",
                "Risk of harm to others",
                "Two-person escort; Standing hold",
                str(number % 20 + 1),
                "2",
                ["None", "Level 1"][number % 2],
                "No injury",
                "Yes",
                "",
                "Yes",
                "Reviewed",
                "31/03/2023",
                "",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        configure(Path(folder))
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        from django.test import Client

        from hub.core import roles
        from hub.core.models import Agency
        from hub.restraint import demo, services
        from hub.restraint.models import Incident
        from hub.testing import make_user, sign_in

        home = Agency.objects.create(name="Aycliffe Secure Centre", short_code=demo.HOME, sector="local-authority")
        demo.load(lambda line: None)
        reviewer = make_user("reviewer@example.org", roles_=(roles.RESTRAINT_REVIEWER,))
        staff = make_user("staff@example.org", agency=home, roles_=((roles.RESTRAINT_RECORDER, home),))
        client = sign_in(Client(), reviewer)
        client.get("/restraint/?year=2021-22", secure=True)
        timings = []
        for _ in range(options.repeat):
            started = time.perf_counter()
            response = client.get("/restraint/?year=2021-22", secure=True)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        page = statistics.median(timings)

        month = _return(MONTH_ROWS)
        month_timings = []
        for _ in range(options.repeat):
            started = time.perf_counter()
            services.check_import(actor=staff, home=home, file_name="month.xlsx", content=month)
            month_timings.append(time.perf_counter() - started)
        month_check = statistics.median(month_timings)

        content = _return(RETURN_ROWS)
        check_timings = []
        for _ in range(options.repeat):
            started = time.perf_counter()
            pending, result, _ = services.check_import(actor=staff, home=home, file_name="bench.xlsx", content=content)
            check_timings.append(time.perf_counter() - started)
        assert not result.problems, result.problems[:3]
        started = time.perf_counter()
        applied = services.apply_import(actor=staff, pending=pending)
        apply_seconds = time.perf_counter() - started
        assert applied.created == RETURN_ROWS, applied.created
        check = statistics.median(check_timings)

        def verdict(seconds: float, target: float) -> str:
            return f"< {target:g} s, {'met' if seconds < target else 'NOT met'}"

        print(f"Restraint: {Incident.objects.count():,} incidents after the return")
        print("| Measurement | seconds | target |")
        print("|---|---|---|")
        print(f"| GET /restraint/ (figures, chart, tables) | {page:.3f} | {verdict(page, PAGE_TARGET)} |")
        print(
            f"| Check a month's return of {MONTH_ROWS} incidents | {month_check:.3f} "
            f"| {verdict(month_check, MONTH_TARGET)} |"
        )
        print(f"| Check a return of {RETURN_ROWS:,} incidents | {check:.3f} | {verdict(check, CHECK_TARGET)} |")
        print(f"| Save it (all or nothing) | {apply_seconds:.3f} | {verdict(apply_seconds, APPLY_TARGET)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
