"""The exception report for a period: what the Performance and Learning Group should look at.

Entries, in this order:

1. concerning special-cause variation in the period's value (Making Data Count rules);
2. indicators failing their target, or only inconsistently meeting it (target assurance);
3. returns missing (not approved) or sent after the deadline;
4. data-quality warnings: values the SPOC had to explain because they changed unusually.

Each indicator entry keeps the chart, its summary and the data table as they stood when the
report was generated, so a report tabled at a meeting reads the same later. Regenerating keeps
the business unit's analysis for entries that are still there.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from hub.core.audit import log_action, register_event
from hub.scorecards import charts
from hub.scorecards.analysis import Series, build_series, recent_periods
from hub.scorecards.models import (
    ExceptionEntry,
    ExceptionReport,
    ReportingPeriod,
    Return,
    ReturnValue,
    ScorecardSettings,
)
from hub.scorecards.services import expected_agencies, versions_in_force
from hub.scorecards.spc import Assurance

register_event("scorecards.exception_report.generated", "Exception report generated")
register_event("scorecards.exception_report.tabled", "Exception report added to a meeting's papers")

PDF_VARIANT = "pdf/ua-1"


def _format(series: Series):
    unit = series.version.unit

    def fmt(value: float) -> str:
        # The unit ("%", "per 10,000 children") is added by the chart, after the number.
        if unit in ("percentage", "rate"):
            return f"{value:.1f}"
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"

    return fmt


def unit_label(series: Series) -> str:
    return series.version.unit_enum.suffix


def chart_for(series: Series, *, chart_id: str) -> tuple[str, str]:
    """The SVG chart and its text summary for one series."""
    title = f"{series.indicator.code} {series.version.name}: {series.scope_label}"
    fmt = _format(series)
    svg = charts.render_svg(
        series.analysis,
        title=title,
        unit=unit_label(series),
        value_format=fmt,
        chart_id=chart_id,
        benchmarks={label: float(value) for label, value in series.benchmarks.items()},
    )
    summary = charts.describe(series.analysis, name=title, unit=unit_label(series), value_format=fmt)
    return svg, summary


def _entry_for_series(series: Series, kind: str, finding: str, order: int) -> ExceptionEntry:
    svg, summary = chart_for(series, chart_id=f"chart-{series.indicator.code.lower()}-{order}")
    return ExceptionEntry(
        kind=kind,
        indicator=series.indicator,
        agency=series.agency,
        finding=finding,
        spoc_commentary=series.latest_comment,
        order=order,
        chart_svg=svg,
        chart_summary=summary,
        table=[{key: _json(value) for key, value in row.items()} for row in series.table_rows()],
    )


def _json(value):
    if isinstance(value, float):
        return round(value, 4)
    return value


def findings_for(period: ReportingPeriod) -> list[tuple[str, Series | None, object, str]]:
    """What the report will list: (kind, series or None, agency or None, finding text)."""
    periods = recent_periods(period.frequency, up_to=period)
    versions = [
        version
        for version in versions_in_force(period.year, with_themes=False)
        if version.frequency == period.frequency
    ]
    all_series = build_series(versions, periods)
    found: list[tuple[str, Series | None, object, str]] = []
    for series in all_series:
        latest = series.analysis.points[-1] if series.analysis.points else None
        if latest is None or latest.value is None:
            continue
        if latest.variation is not None and latest.variation.is_concern:
            rules = "; ".join(rule.label for rule in sorted(latest.rules))
            found.append((ExceptionEntry.Kind.CONCERN, series, series.agency, f"{latest.variation.label}. {rules}."))
    for series in all_series:
        if not series.version.is_rated or series.analysis.is_run_chart:
            continue
        if series.analysis.assurance in (Assurance.FAIL, Assurance.INCONSISTENT):
            found.append((ExceptionEntry.Kind.TARGET, series, series.agency, f"{series.analysis.assurance.label}."))
    returns = {item.agency_id: item for item in Return.objects.filter(period=period)}
    for agency in expected_agencies(period):
        scorecard_return = returns.get(agency.pk)
        if scorecard_return is None or scorecard_return.status != Return.Status.APPROVED:
            state = "not started" if scorecard_return is None else scorecard_return.get_status_display().lower()
            found.append(
                (ExceptionEntry.Kind.MISSING, None, agency, f"No approved return for {period.label} (return {state}).")
            )
        elif (
            scorecard_return.submitted_at and timezone.localtime(scorecard_return.submitted_at).date() > period.deadline
        ):
            days = (timezone.localtime(scorecard_return.submitted_at).date() - period.deadline).days
            found.append(
                (
                    ExceptionEntry.Kind.LATE,
                    None,
                    agency,
                    f"Submitted {days} day{'s' if days != 1 else ''} after the deadline of "
                    f"{period.deadline:%-d %B %Y}.",
                )
            )
    series_by_key = {
        (series.indicator.pk, series.agency.pk if series.agency else None): series for series in all_series
    }
    explained = ReturnValue.objects.filter(
        scorecard_return__period=period, scorecard_return__status=Return.Status.APPROVED
    ).exclude(comment="")
    for value in explained.select_related("indicator", "scorecard_return__agency"):
        series = series_by_key.get((value.indicator_id, value.scorecard_return.agency_id))
        if series is None or series.previous_value is None or series.latest_value is None:
            continue
        factor = series.version.change_factor
        previous, latest = series.previous_value, series.latest_value
        if factor and previous > 0 and (latest > previous * factor or latest < previous / factor):
            found.append(
                (
                    ExceptionEntry.Kind.DATA_QUALITY,
                    series,
                    series.agency,
                    f"The value changed from {previous.normalize():f} to {latest.normalize():f}, more than "
                    f"{factor.normalize():f} times; the agency explained it in its comment.",
                )
            )
    return found


def generate_exception_report(*, period: ReportingPeriod, actor=None, request=None) -> ExceptionReport:
    """Build (or rebuild) the period's report; the business unit's analysis and summary are kept."""
    found = findings_for(period)
    with transaction.atomic():
        report, _ = ExceptionReport.objects.select_for_update().get_or_create(period=period)
        kept = {
            (entry.kind, entry.indicator_id, entry.agency_id): entry.analysis
            for entry in report.entries.all()
            if entry.analysis
        }
        report.entries.all().delete()
        entries = []
        for order, (kind, series, agency, finding) in enumerate(found, start=1):
            if series is not None:
                entry = _entry_for_series(series, kind, finding, order)
            else:
                entry = ExceptionEntry(kind=kind, agency=agency, finding=finding, order=order)
            entry.report = report
            entry.analysis = kept.get((entry.kind, entry.indicator_id, entry.agency_id), "")
            entries.append(entry)
        ExceptionEntry.objects.bulk_create(entries)
        report.generated_at = timezone.now()
        report.generated_by = actor if getattr(actor, "pk", None) else None
        report.save()
        log_action(
            "scorecards.exception_report.generated",
            actor=actor,
            obj=report,
            request=request,
            data={"entries": len(entries)},
        )
    return report


def report_context(report: ExceptionReport) -> dict:
    entries = list(report.entries.select_related("indicator", "agency").prefetch_related("indicator__versions"))
    groups = []
    for kind, label in ExceptionEntry.Kind.choices:
        items = [entry for entry in entries if entry.kind == kind]
        groups.append({"kind": kind, "label": label, "entries": items})
    return {"report": report, "groups": groups, "entry_count": len(entries)}


def exception_report_pdf(report: ExceptionReport) -> bytes:
    from weasyprint import HTML

    from hub.core.models import PartnershipSettings

    context = report_context(report) | {"partnership_name": PartnershipSettings.load().name}
    html = render_to_string("scorecards/exception_report_pdf.html", context)
    return HTML(string=html, base_url=settings.SITE_URL).write_pdf(pdf_variant=PDF_VARIANT)


def meetings_to_table_at(report: ExceptionReport):
    """Meetings of the group that receives exception reports, from the report's period on, soonest first."""
    from hub.governance.models import Meeting

    group_id = ScorecardSettings.load().performance_group_id
    if group_id is None:
        return Meeting.objects.none()
    return (
        Meeting.objects.filter(group_id=group_id, starts_at__date__gte=report.period.end)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("group")
        .order_by("starts_at")
    )


def table_at_meeting(*, actor, report: ExceptionReport, meeting, request=None):
    """Add the report's PDF to ``meeting``'s papers (through the governance service, so it is
    checked, stored and audited like any other paper)."""
    from django.core.files.base import ContentFile

    from hub.governance.services import add_paper

    pdf = ContentFile(exception_report_pdf(report), name=f"exception-report-{report.period.key}.pdf")
    paper = add_paper(
        actor=actor,
        meeting=meeting,
        title=f"Performance exception report, {report.period.label}",
        file=pdf,
        confidentiality_note="For members of the group; no information identifying children or families.",
        request=request,
    )
    log_action(
        "scorecards.exception_report.tabled",
        actor=actor,
        obj=report,
        request=request,
        data={"meeting": str(meeting.uuid), "paper": str(paper.uuid)},
    )
    return paper
