"""Making a year's PDF in the background, to download it or to publish it.

The PDF of a full year takes a while, so no request waits for it. The report page's "Prepare the
PDF" and the publish form record a ``ReportGeneration`` run and queue the task
``hub.reports.tasks.generate_report``, which calls ``run_generation``: it gathers the report's
sections one provider at a time, writes the HTML, renders the PDF, stores it (privately, downloaded
only through a checked view) and, for a publication, publishes it through
``hub.reports.signoff.publish_report``. The progress page shows the run's stage as it goes.

At most one run a year and purpose is queued or running (a database constraint): asking again
while one is under way leads to that run. A finished run is never reused for a new download: the
report follows the records of every part of the Hub, so only a new run is sure to be up to date.
A run whose worker stopped (no progress for ``STALLED_AFTER``) is marked failed when next looked at.
Each finished run keeps its PDF; only the newest ``KEEP_RUNS`` of a year and purpose are kept.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.core.audit import log_action, register_event
from hub.core.errors import DomainError
from hub.core.models import PartnershipSettings, User
from hub.core.periods import FinancialYear
from hub.core.registry import registry
from hub.reports import reporting, signoff
from hub.reports.models import ReportGeneration

logger = logging.getLogger(__name__)

register_event("reports.report.publication_requested", "Publication of the yearly report requested")

Purpose = ReportGeneration.Purpose
State = ReportGeneration.State

# A queued or running run that has not moved for this long has lost its worker.
STALLED_AFTER = timedelta(minutes=15)
# Finished runs kept for each year and purpose, newest first; older ones are removed with their PDF.
KEEP_RUNS = 3

FAILED_MESSAGE = (
    "Something went wrong while the PDF was being made. The problem has been recorded for the people "
    "who run the Hub. Try again, and tell them if it happens again."
)
STALLED_MESSAGE = "Making the PDF stopped part of the way through. Start it again."


def active_run(year: FinancialYear, purpose: str) -> ReportGeneration | None:
    """The run of ``year`` and ``purpose`` that is queued or running, if there is one."""
    return (
        ReportGeneration.objects.filter(year=year.start_year, purpose=purpose, state__in=[State.QUEUED, State.RUNNING])
        .order_by("-created_at", "-pk")
        .first()
    )


def fail_stalled(year: FinancialYear, purpose: str | None = None) -> int:
    """Mark as failed the year's runs that have not moved for ``STALLED_AFTER``; returns how many."""
    now = timezone.now()
    stalled = ReportGeneration.objects.filter(
        year=year.start_year, state__in=[State.QUEUED, State.RUNNING], updated_at__lt=now - STALLED_AFTER
    )
    if purpose is not None:
        stalled = stalled.filter(purpose=purpose)
    return stalled.update(state=State.FAILED, error=STALLED_MESSAGE, stage="", finished_at=now, updated_at=now)


def _queue(run: ReportGeneration) -> None:
    from hub.reports.tasks import generate_report

    run_uuid = str(run.uuid)
    transaction.on_commit(lambda: generate_report.enqueue(run_uuid))


def request_pdf(
    *, actor: User, year: FinancialYear, purpose: str = Purpose.DOWNLOAD, summary: str = ""
) -> tuple[ReportGeneration, bool]:
    """Queue a run making ``year``'s PDF, or find the one already under way for the same purpose.

    Returns the run and whether it is new. Who may ask is for the caller to check.
    """
    fail_stalled(year, purpose)
    for _ in range(2):
        existing = active_run(year, purpose)
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                run = ReportGeneration.objects.create(
                    year=year.start_year,
                    purpose=purpose,
                    requested_by=actor,
                    summary=summary,
                    stage="Waiting to start",
                )
                _queue(run)
        except IntegrityError:
            # Someone asked for the same year and purpose at the same moment: theirs is the run.
            continue
        return run, True
    raise DomainError("The PDF is being prepared already. Try again in a moment")


def request_publication(
    *, actor: User, year: FinancialYear, summary: str, request=None
) -> tuple[ReportGeneration, bool]:
    """Queue the publication of ``year``'s signed-off report, after the checks ``publish_report``
    makes (so a refusal shows at once); audited. Returns the run and whether it is new."""
    summary = signoff.check_publication(actor=actor, year=year, summary=summary)
    run, created = request_pdf(actor=actor, year=year, purpose=Purpose.PUBLICATION, summary=summary)
    if created:
        log_action(
            "reports.report.publication_requested",
            actor=actor,
            obj=run,
            data={"year": year.label, "run": str(run.uuid)},
            request=request,
        )
    return run, created


def _progress(run: ReportGeneration, done: int, total: int, stage: str) -> None:
    run.steps_done, run.steps_total, run.stage = done, total, stage
    ReportGeneration.objects.filter(pk=run.pk).update(
        steps_done=done, steps_total=total, stage=stage, updated_at=timezone.now()
    )


def _fail(run: ReportGeneration, message: str) -> None:
    now = timezone.now()
    ReportGeneration.objects.filter(pk=run.pk).update(
        state=State.FAILED, error=message[:500], stage="", finished_at=now, updated_at=now
    )


def run_generation(run_uuid: str) -> str:
    """Make the run's PDF, and publish it for a publication run; returns the run's state.

    Safe to run again: only a queued run is started, so a run done (or failed) is not done again.
    A failure is logged and marks the run failed with a message for staff: a refusal of the
    publication says why in its own words, anything else says only that it went wrong.
    """
    now = timezone.now()
    claimed = ReportGeneration.objects.filter(uuid=run_uuid, state=State.QUEUED).update(
        state=State.RUNNING, started_at=now, updated_at=now, stage="Starting"
    )
    run = ReportGeneration.objects.select_related("requested_by").filter(uuid=run_uuid).first()
    if run is None or not claimed:
        return run.state if run is not None else ""
    year = FinancialYear(run.year, PartnershipSettings.load().financial_year_start_month)
    publication = run.purpose == Purpose.PUBLICATION
    providers = len(registry.report_sections)
    total = providers + (3 if publication else 2)

    def gathering(number: int, count: int) -> None:
        _progress(run, number - 1, total, f"Gathering sections ({number} of {count})")

    try:
        built = reporting.build_report(year, progress=gathering)
        _progress(run, providers, total, "Putting the document together")
        html = reporting.render_document(built)
        _progress(run, providers + 1, total, "Rendering the PDF")
        pdf = reporting.render_pdf(built, html)
        if publication:
            _progress(run, providers + 2, total, "Publishing the report in the resource library")
            if run.requested_by is None:
                raise DomainError("The person who asked to publish the report no longer has an account")
            signoff.publish_report(actor=run.requested_by, year=year, summary=run.summary, built=built, pdf=pdf)
        run.file.save(reporting.pdf_filename(year), ContentFile(pdf), save=False)
        run.size = len(pdf)
        run.state = State.DONE
        run.steps_done = total
        run.stage = "Done"
        run.finished_at = timezone.now()
        run.save()
    except DomainError as error:
        logger.warning("The yearly report %s was not published (run %s): %s", year.label, run.uuid, error.message)
        _fail(run, error.message.rstrip(".") + ".")
    except Exception:
        logger.exception("Making the PDF of the yearly report %s failed (run %s)", year.label, run.uuid)
        _fail(run, FAILED_MESSAGE)
    prune(run.year, run.purpose)
    return ReportGeneration.objects.values_list("state", flat=True).get(pk=run.pk)


def prune(year: int, purpose: str) -> int:
    """Remove all but the newest ``KEEP_RUNS`` finished runs of a year and purpose, and their PDFs."""
    finished = ReportGeneration.objects.filter(year=year, purpose=purpose, state__in=[State.DONE, State.FAILED])
    removed = 0
    for run in finished.order_by("-created_at", "-pk")[KEEP_RUNS:]:
        if run.file:
            run.file.delete(save=False)
        run.delete()
        removed += 1
    return removed
