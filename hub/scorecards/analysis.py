"""Series of approved values, analysed with statistical process control for dashboards and reports.

A series is one indicator for one agency over the periods of its frequency, oldest first; a
period with no approved value is a gap. For an indicator several agencies report, the
partnership series adds their numerators and denominators before computing the value, so a
percentage is the partnership's percentage, not an average of agencies' percentages.

Only approved returns count: a draft or a submitted return never moves a chart.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from hub.core.models import Agency
from hub.scorecards import spc
from hub.scorecards.models import (
    Benchmark,
    ChangePoint,
    IndicatorVersion,
    Polarity,
    ReportingPeriod,
    Return,
    ReturnValue,
    ScorecardSettings,
)
from hub.scorecards.validation import LineSpec, computed_value


@dataclass
class Series:
    version: IndicatorVersion
    agency: Agency | None  # None: the partnership as a whole
    periods: list[ReportingPeriod]
    values: list[Decimal | None]
    numerators: list[Decimal | None]
    denominators: list[Decimal | None]
    comments: list[str]
    analysis: spc.Analysis
    benchmarks: dict[str, Decimal] = field(default_factory=dict)

    @property
    def indicator(self):
        return self.version.indicator

    def _present(self) -> list[int]:
        return [position for position, value in enumerate(self.values) if value is not None]

    @property
    def latest_value(self) -> Decimal | None:
        """The most recent approved value (a later period may still be waiting for approval)."""
        present = self._present()
        return self.values[present[-1]] if present else None

    @property
    def latest_period(self) -> ReportingPeriod | None:
        present = self._present()
        return self.periods[present[-1]] if present else None

    @property
    def latest_is_current(self) -> bool:
        """Whether the latest value is for the last period of the series."""
        return bool(self.values) and self.values[-1] is not None

    @property
    def previous_value(self) -> Decimal | None:
        present = self._present()
        return self.values[present[-2]] if len(present) > 1 else None

    @property
    def direction_of_travel(self) -> str:
        """ "Up", "down", "no change" or "" (not enough values), compared with the last value before."""
        latest, previous = self.latest_value, self.previous_value
        if latest is None or previous is None:
            return ""
        if latest > previous:
            return "up"
        if latest < previous:
            return "down"
        return "no change"

    @property
    def travel_is_better(self) -> bool | None:
        travel = self.direction_of_travel
        if travel in ("", "no change") or self.version.polarity not in (Polarity.HIGHER, Polarity.LOWER):
            return None
        return (travel == "up") == (self.version.polarity == Polarity.HIGHER)

    @property
    def latest_comment(self) -> str:
        present = self._present()
        return self.comments[present[-1]] if present else ""

    @property
    def scope_label(self) -> str:
        return self.agency.name if self.agency else "Partnership"

    def table_rows(self) -> list[dict]:
        rows = []
        for period, point, numerator, denominator, comment in zip(
            self.periods, self.analysis.points, self.numerators, self.denominators, self.comments, strict=True
        ):
            rows.append(
                {
                    "period": period.label,
                    "numerator": _plain(numerator),
                    "denominator": _plain(denominator),
                    "value": point.value,
                    "centre": point.centre,
                    "lower": point.lower,
                    "upper": point.upper,
                    "special": bool(point.rules),
                    "rules": [rule.label for rule in sorted(point.rules)],
                    "comment": comment,
                    # Ready to show: a report's tables run to thousands of rows, and formatting
                    # once here is much cheaper than template filters on every view.
                    "value_text": _one_place(point.value, "No value"),
                    "centre_text": _one_place(point.centre, ""),
                    "lower_text": _one_place(point.lower, "None"),
                    "upper_text": _one_place(point.upper, "None"),
                    "rules_text": "; ".join(rule.label for rule in sorted(point.rules)) or "No",
                }
            )
        return rows


def _one_place(value: float | None, missing: str) -> str:
    return missing if value is None else f"{value:,.1f}"


def _plain(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


def recent_periods(
    frequency: str, *, up_to: ReportingPeriod | None = None, count: int | None = None
) -> list[ReportingPeriod]:
    count = count or ScorecardSettings.load().history_periods
    periods = ReportingPeriod.objects.filter(frequency=frequency)
    if up_to is not None:
        periods = periods.filter(start__lte=up_to.start)
    return list(reversed(periods.order_by("-start")[:count]))


def _approved_values(indicator_ids, periods) -> dict[tuple[int, int, int], ReturnValue]:
    values = ReturnValue.objects.filter(
        indicator_id__in=indicator_ids,
        scorecard_return__period__in=periods,
        scorecard_return__status=Return.Status.APPROVED,
    ).values_list(
        "indicator_id",
        "scorecard_return__agency_id",
        "scorecard_return__period_id",
        "numerator",
        "denominator",
        "value",
        "comment",
    )
    return {(row[0], row[1], row[2]): row[3:] for row in values}


def build_series(
    versions: list[IndicatorVersion],
    periods: list[ReportingPeriod],
    *,
    agency: Agency | None = None,
    partnership: bool = True,
) -> list[Series]:
    """Analysed series for each version: per reporting agency (or only ``agency``), plus a
    partnership series for indicators several agencies report when ``partnership`` is set.

    Three queries whatever the number of indicators: values, change points and benchmarks.
    """
    if not versions or not periods:
        return []
    scorecard_settings = ScorecardSettings.load()
    indicator_ids = [version.indicator_id for version in versions]
    values = _approved_values(indicator_ids, periods)
    index_of = {period.pk: position for position, period in enumerate(periods)}
    change_points: dict[tuple[int, int | None], list[int]] = defaultdict(list)
    for point in ChangePoint.objects.filter(indicator_id__in=indicator_ids, period__in=periods):
        change_points[(point.indicator_id, point.agency_id)].append(index_of[point.period_id])
    latest_year = periods[-1].year
    benchmarks: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for benchmark in Benchmark.objects.filter(indicator_id__in=indicator_ids, year=latest_year):
        benchmarks[benchmark.indicator_id][benchmark.get_source_display()] = benchmark.value

    result: list[Series] = []
    for version in versions:
        reporters = version.reporters()
        scopes: list[Agency | None] = [reporter for reporter in reporters if agency is None or reporter == agency]
        if partnership and agency is None and len(reporters) > 1:
            scopes.append(None)
        for scope in scopes:
            members = reporters if scope is None else [scope]
            numerators, denominators, computed, comments = [], [], [], []
            for period in periods:
                rows = [values.get((version.indicator_id, member.pk, period.pk)) for member in members]
                present = [row for row in rows if row is not None and row[0] is not None]
                if not present or (scope is None and len(present) < len(members)):
                    numerators.append(None)
                    denominators.append(None)
                    computed.append(None)
                    comments.append("")
                    continue
                numerator = sum((row[0] for row in present), Decimal(0))
                denominator = (
                    sum((row[1] or Decimal(0) for row in present), Decimal(0)) if version.uses_denominator else None
                )
                numerators.append(numerator)
                denominators.append(denominator)
                if scope is None:
                    computed.append(_value_of(version, numerator, denominator))
                    comments.append("")
                else:
                    computed.append(present[0][2])
                    comments.append(present[0][3] or "")
            rebase = sorted(
                set(change_points.get((version.indicator_id, None), []))
                | set(change_points.get((version.indicator_id, scope.pk if scope else None), []))
            )
            analysis = spc.analyse(
                [float(value) if value is not None else None for value in computed],
                labels=[period.label for period in periods],
                direction=version.direction,
                target=float(version.target) if version.target is not None and version.is_rated else None,
                target_range=version.target_range,
                run_length=scorecard_settings.run_length,
                rebase_at=[position for position in rebase if position > 0],
                freeze_after=version.freeze_after,
                minimum_points=scorecard_settings.minimum_points,
            )
            result.append(
                Series(
                    version=version,
                    agency=scope,
                    periods=periods,
                    values=computed,
                    numerators=numerators,
                    denominators=denominators,
                    comments=comments,
                    analysis=analysis,
                    benchmarks=benchmarks.get(version.indicator_id, {}),
                )
            )
    return result


def _value_of(version: IndicatorVersion, numerator: Decimal, denominator: Decimal | None) -> Decimal | None:
    spec = LineSpec(
        code=version.indicator.code,
        name=version.name,
        unit=version.unit_enum,
        uses_denominator=version.uses_denominator,
    )
    return computed_value(spec, numerator, denominator)


def target_status(series: Series) -> str:
    """The assurance line for dashboards, in words; information-only indicators are never rated."""
    if not series.version.is_rated:
        return "Not rated (information only)"
    return series.analysis.assurance.label
