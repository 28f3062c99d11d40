"""The learning thread of one improvement theme: why, what was done, what changed.

Shared by the theme's page and the yearly report. The actions of a theme are those

- raised from one of its findings (the action tracker's ``source`` is the finding),
- tagged with its practice theme,
- delivering one of its activities, or named as the evidence of an impact statement.

What those actions produced (courses, 7-minute briefings, resources) and the evidence of their
reach and impact come from the core registry's ``action_outputs``: other apps answer for their
own records. Each part is one query, however long the thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse

from hub.core.models import Action
from hub.core.periods import FinancialYear
from hub.core.registry import ActionOutput, registry
from hub.learning.audits.models import Finding
from hub.learning.themes.models import DeliveryCycle, ImpactStatement, ImprovementActivity, ImprovementTheme


def url_or_blank(obj) -> str:
    """The record's page, or "" for a record without a page of its own."""
    get_url = getattr(obj, "get_absolute_url", None)
    return get_url() if get_url else ""


def indicator_url(indicator) -> str:
    return reverse("scorecards:indicator", args=[indicator.code])


@dataclass
class ActionRow:
    action: Action
    why: str
    outputs: list[ActionOutput] = field(default_factory=list)


@dataclass
class StatementRow:
    statement: ImpactStatement
    outputs: list[ActionOutput] = field(default_factory=list)


@dataclass
class ThemeThread:
    theme: ImprovementTheme
    findings: list[Finding]
    indicators: list
    activities: list[ImprovementActivity]
    actions: list[ActionRow]
    cycles: list[DeliveryCycle]
    statements: list[StatementRow]

    @property
    def outputs(self) -> list[ActionOutput]:
        """Every output of the theme's actions once, even when several actions share a course."""
        seen: dict[tuple[str, str, str], ActionOutput] = {}
        for row in self.actions:
            for output in row.outputs:
                seen.setdefault((output.kind, output.title, output.url), output)
        return sorted(seen.values(), key=lambda output: (output.kind, output.title.lower()))


def thread_for(theme: ImprovementTheme, *, year: FinancialYear | None = None) -> ThemeThread:
    """Gather ``theme``'s thread. With ``year``, only activities, actions, cycles and statements of that
    year are kept, and the outputs' evidence counts only that year."""
    findings = list(theme.findings.select_related("audit__programme", "category").order_by("audit__title", "id"))
    indicators = list(theme.indicators.prefetch_related("versions").order_by("code"))
    activities = list(theme.activities.select_related("action").order_by("starts_on", "id"))
    statements = list(theme.impact_statements.select_related("indicator", "audit", "action__owner_agency"))
    cycles = list(theme.delivery_cycles.select_related("endorsement_meeting__group").order_by("year", "number"))
    if year is not None:
        activities = [activity for activity in activities if activity.overlaps(year)]
        statements = [statement for statement in statements if statement.year == year.start.year]
        cycles = [cycle for cycle in cycles if cycle.year == year.start.year]

    finding_ids = [finding.pk for finding in findings]
    named = {activity.action_id for activity in activities if activity.action_id}
    named |= {statement.action_id for statement in statements if statement.action_id}
    condition = Q(theme_id=theme.practice_theme_id) | Q(pk__in=named)
    if finding_ids:
        finding_type = ContentType.objects.get_for_model(Finding)
        condition |= Q(source_content_type=finding_type, source_object_id__in=finding_ids)
    actions = Action.objects.filter(condition).select_related("owner_agency", "theme").order_by("due_on", "reference")
    if year is not None:
        # Open at some point in the year: raised by its end, and not completed before it began.
        actions = actions.filter(created_at__date__lte=year.end).exclude(completed_on__lt=year.start)
    actions = list(actions)

    findings_by_id = {finding.pk: finding for finding in findings}
    finding_type_id = ContentType.objects.get_for_model(Finding).pk if finding_ids else None
    outputs = registry.outputs_for_actions({action.pk for action in actions} | named, year=year)
    rows = []
    for action in actions:
        if finding_type_id and action.source_content_type_id == finding_type_id:
            finding = findings_by_id.get(action.source_object_id)
            why = f"Recommendation of the finding “{finding.summary}”" if finding else "Raised from an audit finding"
        elif action.pk in named and action.theme_id != theme.practice_theme_id:
            why = "Delivers an activity of this theme"
        else:
            why = f"Tagged with the practice theme {theme.practice_theme.name}"
        rows.append(ActionRow(action=action, why=why, outputs=outputs.get(action.pk, [])))
    return ThemeThread(
        theme=theme,
        findings=findings,
        indicators=indicators,
        activities=activities,
        actions=rows,
        cycles=cycles,
        statements=[StatementRow(statement, outputs.get(statement.action_id, [])) for statement in statements],
    )
