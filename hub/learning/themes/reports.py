"""The yearly report's "Achievements against our priorities": each improvement theme's year.

For every improvement theme active in the year: the activity under way or finished in the year
(activities and tracker actions), the difference made (impact statements of the year with their
evidence), and the reach and impact of the courses and briefings the theme's actions produced,
counted for the year through the core registry's ``action_outputs``. Then the Improvement
Delivery Group's cycles of the year.
"""

from __future__ import annotations

from hub.core.periods import FinancialYear
from hub.core.reporting import Figure, ReportSection, Table
from hub.learning.themes.models import DeliveryCycle, ImprovementActivity, ImprovementTheme
from hub.learning.themes.thread import ThemeThread, thread_for

TITLE = "Achievements against our priorities"
SLUG = "learning.improvement-themes"


def _dates(activity: ImprovementActivity) -> str:
    start = activity.starts_on.strftime("%B %Y")
    return f"{start} to {activity.ends_on.strftime('%B %Y')}" if activity.ends_on else f"From {start}"


def _activity_rows(thread: ThemeThread) -> list[list[str]]:
    rows = [[activity.title, activity.get_status_display(), _dates(activity)] for activity in thread.activities]
    listed = {activity.action_id for activity in thread.activities if activity.action_id}
    for row in thread.actions:
        action = row.action
        if action.pk in listed:
            continue
        when = f"Completed {action.completed_on:%B %Y}" if action.completed_on else f"Due {action.due_on:%B %Y}"
        rows.append([f"Action {action.reference}: {action.title}", action.get_status_display(), when])
    return rows


def _impact_rows(thread: ThemeThread) -> list[list[str]]:
    rows = []
    for row in thread.statements:
        statement = row.statement
        evidence = [statement.get_evidence_kind_display()]
        if statement.indicator_id:
            evidence.append(f"indicator {statement.indicator.code}")
        if statement.audit_id:
            evidence.append(f"audit: {statement.audit.title}")
        if statement.evidence:
            evidence.append(statement.evidence)
        for output in row.outputs:
            evidence.append(f"{output.kind} {output.title}: {'; '.join(output.evidence)}")
        rows.append([statement.statement, ". ".join(evidence)])
    return rows


def sections(year: FinancialYear) -> list[ReportSection]:
    themes = list(
        ImprovementTheme.objects.active_in(year.start.year)
        .exclude(status=ImprovementTheme.Status.PROPOSED)
        .select_related("practice_theme")
        .order_by("position", "title")
    )
    cycles = list(
        DeliveryCycle.objects.filter(year=year.start.year).prefetch_related("focus_themes").order_by("number")
    )
    if not themes and not cycles:
        return []
    tables = []
    activities_done = statements = 0
    for theme in themes:
        thread = thread_for(theme, year=year)
        activities_done += sum(1 for activity in thread.activities if activity.status == activity.Status.COMPLETED)
        statements += len(thread.statements)
        tables.append(
            Table(
                caption=f"{theme.title}: activity in {year.label}",
                headers=["Activity", "Status", "When"],
                rows=_activity_rows(thread),
                slug=f"{theme.slug}-activity",
            )
        )
        tables.append(
            Table(
                caption=f"{theme.title}: impact and difference",
                headers=["Difference made", "Evidence"],
                rows=_impact_rows(thread),
                slug=f"{theme.slug}-impact",
            )
        )
        tables.append(
            Table(
                caption=f"{theme.title}: reach and impact of courses and briefings in {year.label}",
                headers=["What", "Title", "Reach and impact"],
                rows=[[output.kind, output.title, "; ".join(output.evidence)] for output in thread.outputs],
                slug=f"{theme.slug}-outputs",
            )
        )
    if cycles:
        tables.append(
            Table(
                caption=f"Improvement Delivery Group cycles in {year.label}",
                headers=["Cycle", "Focus", "Improvement themes", "Status", "Endorsed", "Impact reviewed"],
                rows=[
                    [
                        f"Cycle {cycle.number}",
                        cycle.focus,
                        ", ".join(theme.title for theme in cycle.focus_themes.all()),
                        cycle.get_status_display(),
                        cycle.endorsed_on.strftime("%-d %B %Y") if cycle.endorsed_on else "Not yet",
                        cycle.reviewed_on.strftime("%-d %B %Y") if cycle.reviewed_on else "Not yet",
                    ]
                    for cycle in cycles
                ],
                slug="delivery-cycles",
            )
        )
    return [
        ReportSection(
            title=TITLE,
            slug=SLUG,
            figures=[
                Figure("Practice improvement themes", len(themes)),
                Figure("Activities completed", activities_done),
                Figure("Impact statements", statements),
                Figure("Improvement Delivery Group cycles", len(cycles)),
            ],
            tables=tables,
            narrative_slots=[
                "Why focusing on a few priorities matters",
                *(f"{theme.title}: what made the difference" for theme in themes),
            ],
        )
    ]
