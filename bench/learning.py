"""Benchmark of the recurring-themes analysis: ``make bench`` (or ``.venv/bin/python bench/learning.py``).

Builds a throwaway SQLite database with the settings of bench/run.py, then ten years of audits:
60 audits (six a year) with 2,000 findings between them, spread over the four categories and ten
practice themes (one to three themes each), and one action for every fourth finding, some
completed. Measured: ``recurring.analyse()`` over every year (what the recurring-themes page and
the yearly report run), median of ``--repeat`` runs, against the target of under 1 s; and the
recurring-themes page through Django's test client as a business unit user.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import configure

YEARS = 10
AUDITS_PER_YEAR = 6
FINDINGS = 2_000
THEMES = 10
TARGET_SECONDS = 1.0


def build(seed: int) -> None:
    from hub.core.models import Action, Agency, Theme
    from hub.learning.audits.models import Audit, AuditProgramme, AuditTemplate, Finding, FindingCategory
    from hub.learning.common import GradingScheme

    rng = random.Random(seed)
    agency = Agency.objects.create(name="Bench agency", short_code="bench")
    themes = [Theme.objects.create(name=f"Theme {number}", slug=f"theme-{number}") for number in range(THEMES)]
    categories = [
        FindingCategory.objects.create(name=name, slug=name.lower().replace(" ", "-"), position=position)
        for position, name in enumerate(("System", "Think Others", "Working Together", "Child Centred"), start=1)
    ]
    template = AuditTemplate.objects.create(
        name="Bench template", grading_scheme=GradingScheme.objects.create(name="Bench grades")
    )
    audits = []
    for year in range(2012, 2012 + YEARS):
        programme = AuditProgramme.objects.create(year=year)
        for number in range(AUDITS_PER_YEAR):
            audits.append(
                Audit(
                    programme=programme,
                    title=f"Audit {year}-{number}",
                    topic="Bench",
                    key_lines_of_enquiry="One",
                    scope="Cases",
                    method="Returns",
                    template=template,
                    status=Audit.Status.COMPLETED,
                    moderation_on=date(year, 4 + number, 10),
                )
            )
    audits = Audit.objects.bulk_create(audits)
    findings = Finding.objects.bulk_create(
        Finding(
            audit=rng.choice(audits),
            kind=rng.choice([Finding.Kind.STRENGTH, Finding.Kind.DEVELOPMENT, Finding.Kind.DEVELOPMENT]),
            category=rng.choice(categories),
            summary=f"Finding {number}",
        )
        for number in range(FINDINGS)
    )
    through = Finding.themes.through
    through.objects.bulk_create(
        through(finding_id=finding.pk, theme_id=theme.pk)
        for finding in findings
        for theme in rng.sample(themes, rng.randint(1, 3))
    )
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(Finding)
    Action.objects.bulk_create(
        Action(
            reference=f"B-{number:05d}",
            title="Bench action",
            owner_agency=agency,
            due_on=date(2022, 3, 31) - timedelta(days=number),
            source_content_type=content_type,
            source_object_id=finding.pk,
            status=rng.choice([Action.Status.COMPLETED, Action.Status.IN_PROGRESS]),
        )
        for number, finding in enumerate(findings[::4])
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2022)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        configure(Path(folder))
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        build(options.seed)
        from hub.learning.audits.recurring import analyse

        analyse()  # warm: content types, first queries
        timings = []
        for _ in range(options.repeat):
            started = time.perf_counter()
            analysis = analyse()
            timings.append(time.perf_counter() - started)
        median = statistics.median(timings)

        from django.test import Client

        from hub.core import roles
        from hub.testing import make_user, sign_in

        client = sign_in(Client(), make_user("bench@example.org", roles_=(roles.BUSINESS_UNIT,)))
        client.get("/learning/recurring-themes/", secure=True)
        page_timings = []
        for _ in range(options.repeat):
            started = time.perf_counter()
            response = client.get("/learning/recurring-themes/", secure=True)
            page_timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        page = statistics.median(page_timings)
        result = "met" if median < TARGET_SECONDS else "NOT met"
        print(f"Recurring themes: {analysis.total} findings, {analysis.audits} audits, {len(analysis.years)} years")
        print("| Measurement | seconds | target |")
        print("|---|---|---|")
        print(f"| recurring.analyse(), every year | {median:.3f} | < {TARGET_SECONDS:.0f} s, {result} |")
        print(f"| GET /learning/recurring-themes/ | {page:.3f} | none |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
