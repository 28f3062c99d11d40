"""Run every registered periodic job once: ``python manage.py run_periodic``.

Started every few minutes by cron or a systemd timer (docs/operations/periodic-jobs.md). Each app
registers its jobs with ``registry.register_periodic_job``; each job looks for work that is due
and does only that, so running the command often (or twice) is safe. A job that fails is
reported and the others still run; the command then exits with an error so the scheduler's
monitoring notices.
"""

from __future__ import annotations

import logging
import time

from django.core.management.base import BaseCommand, CommandError

from hub.core.registry import registry

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Runs the jobs that must happen on a clock (publishing scheduled pages, reminders). Safe to run often."

    def add_arguments(self, parser):
        parser.add_argument(
            "--job",
            action="append",
            default=[],
            metavar="NAME",
            help="Run only this job (repeat for several). See --list for the names.",
        )
        parser.add_argument("--list", action="store_true", help="List the registered jobs and run nothing.")

    def handle(self, *args, job: list[str], list: bool = False, **options):
        jobs = registry.periodic_jobs
        if list:
            for name, periodic in sorted(jobs.items()):
                self.stdout.write(f"{name}: {periodic.description}" if periodic.description else name)
            return
        unknown = sorted(set(job) - set(jobs))
        if unknown:
            raise CommandError(f"No periodic job is called {', '.join(unknown)}. Run with --list to see the job names.")
        chosen = [jobs[name] for name in sorted(job or jobs)]
        failed = []
        for periodic in chosen:
            started = time.monotonic()
            self.stdout.write(f"{periodic.name}:")
            try:
                periodic.run(lambda line: self.stdout.write(f"  {line}"))
            except Exception:
                # One broken job must not stop the others (scheduled pages still go live when a
                # reminder job fails); the error goes to the log and the exit status.
                logger.exception("Periodic job %s failed", periodic.name)
                failed.append(periodic.name)
                self.stderr.write("  failed (see the log for the error)")
            else:
                self.stdout.write(f"  done in {time.monotonic() - started:.1f} s")
        if failed:
            raise CommandError(f"These periodic jobs failed: {', '.join(failed)}.")
