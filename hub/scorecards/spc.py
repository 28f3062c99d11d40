"""Statistical process control for scorecard measures, following NHS England's "Making Data Count".

An XmR chart summarises a series with its mean, the mean of the moving ranges |x(i) - x(i-1)| and
process limits at mean +/- 2.66 x mean moving range (three sigma). A "near the limit" line sits at
mean +/- (2/3 x 2.66) x mean moving range (two sigma). A point shows special cause variation when any
of these rules applies to it:

- astronomical: the point is beyond a process limit;
- shift: it is one of ``run_length`` (default 7) or more consecutive points all above, or all below,
  the mean; a point exactly on the mean breaks the run; the whole run is flagged;
- trend: it is one of ``run_length`` or more consecutive points each higher (or each lower) than the
  one before; equal consecutive values neither extend nor break the trend; the run is flagged from
  the point where the movement starts to the point where it stops (equal values inside it included);
- two of three: two of three consecutive points are beyond the near line (including beyond the limit)
  with all three on the same side of the mean; only the points beyond the near line are flagged.

Each rule says whether a point is unusually high or low: astronomical, shift and two-of-three by the
side of the mean the point is on, trend by the direction of the run (rising means high). The direction
of improvement turns that into improvement or concern; when rules disagree, improvement wins (as in
the Making Data Count tool). With no direction the point is neutral high or low, and disagreements
are settled by the rule order astronomical, trend, two of three, shift.

Segments: ``rebase_at`` starts a new segment at recorded change points, each with its own limits.
``freeze_after`` computes each segment's limits from its first n present points and judges later
points against them. A segment with fewer than ``minimum_points`` present points is a run chart:
its centre line is the median, it has no limits and its points are not classified (trends are still
recorded in ``PointResult.rules`` for information).

Missing values (``None`` or NaN) keep their place in ``Analysis.points`` with ``value=None`` so a
chart can show the gap, and are skipped in every calculation: moving ranges and runs are taken over
the present points in order, so a missing period neither breaks nor extends a run.

A constant baseline has a mean moving range of zero, so both limits equal the mean. Points equal to
the mean are common cause; any later point that differs from a frozen constant baseline is beyond a
limit and flagged as astronomical. Comparisons allow for floating-point rounding (one part in 10^9 of
the segment's largest value), so values that are equal on paper are treated as equal.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from numbers import Real

LIMIT_FACTOR = 2.66  # 3 / d2 for moving ranges of two points (d2 = 1.128)
NEAR_LIMIT_FACTOR = LIMIT_FACTOR * 2 / 3  # two sigma
RUN_LENGTHS = range(6, 10)
_RELATIVE_TOLERANCE = 1e-9

HIGH = 1
LOW = -1


class Direction(StrEnum):
    """Which way is improvement for a measure."""

    INCREASE = "increase"
    DECREASE = "decrease"
    NEUTRAL = "neutral"


class Rule(StrEnum):
    ASTRONOMICAL = "astronomical"
    SHIFT = "shift"
    TREND = "trend"
    TWO_OF_THREE = "two_of_three"

    @property
    def label(self) -> str:
        return _RULE_LABELS[self]


_RULE_LABELS = {
    Rule.ASTRONOMICAL: "A point outside the process limits",
    Rule.SHIFT: "A run of points all above or all below the mean",
    Rule.TREND: "A run of points each higher, or each lower, than the one before",
    Rule.TWO_OF_THREE: "Two out of three points close to or beyond a process limit",
}

# Order used to settle which side a neutral point is on when rules disagree.
_RULE_PRIORITY = (Rule.ASTRONOMICAL, Rule.TREND, Rule.TWO_OF_THREE, Rule.SHIFT)


class Variation(StrEnum):
    COMMON = "common"
    IMPROVEMENT_HIGH = "improvement_high"
    IMPROVEMENT_LOW = "improvement_low"
    CONCERN_HIGH = "concern_high"
    CONCERN_LOW = "concern_low"
    NEUTRAL_HIGH = "neutral_high"
    NEUTRAL_LOW = "neutral_low"
    NOT_ENOUGH_DATA = "not_enough_data"

    @property
    def label(self) -> str:
        return _VARIATION_LABELS[self]

    @property
    def is_special(self) -> bool:
        return self not in (Variation.COMMON, Variation.NOT_ENOUGH_DATA)

    @property
    def is_improvement(self) -> bool:
        return self in (Variation.IMPROVEMENT_HIGH, Variation.IMPROVEMENT_LOW)

    @property
    def is_concern(self) -> bool:
        return self in (Variation.CONCERN_HIGH, Variation.CONCERN_LOW)

    @property
    def is_high(self) -> bool:
        return self in (Variation.IMPROVEMENT_HIGH, Variation.CONCERN_HIGH, Variation.NEUTRAL_HIGH)

    @property
    def is_low(self) -> bool:
        return self in (Variation.IMPROVEMENT_LOW, Variation.CONCERN_LOW, Variation.NEUTRAL_LOW)


_VARIATION_LABELS = {
    Variation.COMMON: "Common cause variation",
    Variation.IMPROVEMENT_HIGH: "Special cause variation: improving high values",
    Variation.IMPROVEMENT_LOW: "Special cause variation: improving low values",
    Variation.CONCERN_HIGH: "Special cause variation: concerning high values",
    Variation.CONCERN_LOW: "Special cause variation: concerning low values",
    Variation.NEUTRAL_HIGH: "Special cause variation: unusually high values",
    Variation.NEUTRAL_LOW: "Special cause variation: unusually low values",
    Variation.NOT_ENOUGH_DATA: "Not enough data to judge variation",
}


class Assurance(StrEnum):
    PASS = "pass"  # noqa: S105  (an assurance outcome, not a password)
    FAIL = "fail"
    INCONSISTENT = "inconsistent"
    NONE = "none"

    @property
    def label(self) -> str:
        return _ASSURANCE_LABELS[self]


_ASSURANCE_LABELS = {
    Assurance.PASS: "Consistently passing the target",
    Assurance.FAIL: "Consistently failing the target",
    Assurance.INCONSISTENT: "Inconsistent: will sometimes meet and sometimes miss the target",
    Assurance.NONE: "No target assurance",
}


@dataclass(frozen=True)
class Segment:
    """A stretch of the series with its own centre line and limits.

    ``start`` and ``end`` index the series (``end`` exclusive); ``baseline_end`` (exclusive) marks
    the points the mean and limits were calculated from. Limits are ``None`` for a run chart.
    """

    start: int
    end: int
    baseline_end: int
    mean: float | None
    mean_moving_range: float | None
    upper: float | None
    lower: float | None
    upper_near: float | None
    lower_near: float | None
    median: float | None
    is_run_chart: bool

    @property
    def centre(self) -> float | None:
        return self.median if self.is_run_chart else self.mean


@dataclass(frozen=True)
class PointResult:
    index: int
    label: str
    value: float | None
    segment: int
    centre: float | None
    upper: float | None
    lower: float | None
    rules: frozenset[Rule]
    variation: Variation | None  # None only for a missing value


@dataclass(frozen=True)
class Analysis:
    points: tuple[PointResult, ...]
    segments: tuple[Segment, ...]
    direction: Direction
    target: float | None
    target_range: tuple[float, float] | None
    run_length: int
    minimum_points: int = 12

    @property
    def latest(self) -> PointResult | None:
        """The last point with a value."""
        for point in reversed(self.points):
            if point.value is not None:
                return point
        return None

    @property
    def variation(self) -> Variation:
        latest = self.latest
        if latest is None or latest.variation is None:
            return Variation.NOT_ENOUGH_DATA
        return latest.variation

    @property
    def latest_segment(self) -> Segment:
        return self.segments[-1]

    @property
    def is_run_chart(self) -> bool:
        return self.latest_segment.is_run_chart

    @property
    def special_cause_points(self) -> tuple[PointResult, ...]:
        return tuple(p for p in self.points if p.variation is not None and p.variation.is_special)

    @property
    def assurance(self) -> Assurance:
        """Compare the target with the latest segment's process limits."""
        segment = self.latest_segment
        if segment.is_run_chart or segment.upper is None or segment.lower is None:
            return Assurance.NONE
        lower, upper = segment.lower, segment.upper
        if self.target_range is not None:
            low, high = self.target_range
            if low <= lower and upper <= high:
                return Assurance.PASS
            if upper < low or lower > high:
                return Assurance.FAIL
            return Assurance.INCONSISTENT
        if self.target is None or self.direction == Direction.NEUTRAL:
            return Assurance.NONE
        # Pass is tested first so that a constant series sitting on its target passes.
        if self.direction == Direction.INCREASE:
            if self.target <= lower:
                return Assurance.PASS
            if self.target >= upper:
                return Assurance.FAIL
        else:
            if self.target >= upper:
                return Assurance.PASS
            if self.target <= lower:
                return Assurance.FAIL
        return Assurance.INCONSISTENT


def analyse(
    values: Sequence[float | Decimal | None],
    *,
    labels: Sequence[str] | None = None,
    direction: Direction | str = Direction.NEUTRAL,
    target: float | None = None,
    target_range: tuple[float, float] | None = None,
    run_length: int = 7,
    rebase_at: Sequence[int] = (),
    freeze_after: int | None = None,
    minimum_points: int = 12,
) -> Analysis:
    """Analyse a series in time order and classify each point's variation.

    ``rebase_at`` holds series indexes where a new segment starts; 0 and ``len(values)`` are accepted
    and ignored. ``freeze_after`` must be at least ``minimum_points``, otherwise every segment would
    be a run chart. Raises ``ValueError`` for arguments that do not make sense.
    """
    series = [_to_float(value, index) for index, value in enumerate(values)]
    count = len(series)
    if labels is None:
        label_list = [str(index + 1) for index in range(count)]
    else:
        label_list = [str(label) for label in labels]
        if len(label_list) != count:
            raise ValueError(f"Give one label per value: {len(label_list)} labels for {count} values.")
    direction = Direction(direction)
    if run_length not in RUN_LENGTHS:
        raise ValueError(
            f"run_length must be between {RUN_LENGTHS.start} and {RUN_LENGTHS.stop - 1} points, not {run_length}."
        )
    if minimum_points < 2:
        raise ValueError("minimum_points must be at least 2: limits need at least one moving range.")
    if freeze_after is not None and freeze_after < minimum_points:
        raise ValueError(
            f"freeze_after ({freeze_after}) must be at least minimum_points ({minimum_points}): "
            "limits from fewer points would never be shown."
        )
    if target is not None and target_range is not None:
        raise ValueError("Give either a target or a target range, not both.")
    target = _optional_finite(target, "target")
    if target_range is not None:
        low, high = (_optional_finite(bound, "target_range") for bound in target_range)
        if low is None or high is None or low > high:
            raise ValueError("target_range must be (low, high) with low not greater than high.")
        target_range = (low, high)
    boundaries = _segment_boundaries(rebase_at, count)

    segments: list[Segment] = []
    points: list[PointResult] = []
    for number, (start, end) in enumerate(zip(boundaries, boundaries[1:], strict=False)):
        segment, findings = _analyse_segment(series, start, end, freeze_after, minimum_points, run_length)
        segments.append(segment)
        for index in range(start, end):
            value = series[index]
            found = findings.get(index, {})
            if value is None:
                variation = None
            elif segment.is_run_chart:
                variation = Variation.NOT_ENOUGH_DATA
            else:
                variation = _classify(found, direction)
            points.append(
                PointResult(
                    index=index,
                    label=label_list[index],
                    value=value,
                    segment=number,
                    centre=segment.centre,
                    upper=segment.upper,
                    lower=segment.lower,
                    rules=frozenset(found),
                    variation=variation,
                )
            )
    return Analysis(
        points=tuple(points),
        segments=tuple(segments),
        direction=direction,
        target=target,
        target_range=target_range,
        run_length=run_length,
        minimum_points=minimum_points,
    )


def _to_float(value: object, index: int) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Real | Decimal):
        raise TypeError(f"Value {index + 1} must be a number or None, not {type(value).__name__}.")
    number = float(value)
    if math.isnan(number):
        return None
    if math.isinf(number):
        raise ValueError(f"Value {index + 1} is infinite.")
    return number


def _optional_finite(value: float | Decimal | None, name: str) -> float | None:
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number.")
    return number


def _segment_boundaries(rebase_at: Sequence[int], count: int) -> list[int]:
    inner = set()
    for index in rebase_at:
        if isinstance(index, bool) or not isinstance(index, int):
            raise ValueError(f"rebase_at must hold whole-number indexes, not {index!r}.")
        if not 0 <= index <= count:
            raise ValueError(f"rebase_at index {index} is outside the series (0 to {count}).")
        if 0 < index < count:
            inner.add(index)
    return [0, *sorted(inner), count]


def _analyse_segment(
    series: list[float | None],
    start: int,
    end: int,
    freeze_after: int | None,
    minimum_points: int,
    run_length: int,
) -> tuple[Segment, dict[int, dict[Rule, set[int]]]]:
    """Work out one segment's centre and limits and which rules each of its points meets.

    Returns the segment and, per series index, the rules met with the side (HIGH or LOW) each
    rule puts the point on.
    """
    present = [(index, series[index]) for index in range(start, end) if series[index] is not None]
    indexes = [index for index, _ in present]
    values = [value for _, value in present]
    baseline = values if freeze_after is None else values[:freeze_after]
    baseline_end = end if len(baseline) == len(values) else indexes[len(baseline)]
    tolerance = _RELATIVE_TOLERANCE * max((abs(v) for v in values), default=0.0)
    findings: dict[int, dict[Rule, set[int]]] = {}

    def flag(position: int, rule: Rule, side: int) -> None:
        findings.setdefault(indexes[position], {}).setdefault(rule, set()).add(side)

    for position, side in _trend_runs(values, run_length, tolerance):
        flag(position, Rule.TREND, side)

    if len(values) < minimum_points:
        segment = Segment(
            start=start,
            end=end,
            baseline_end=baseline_end,
            mean=math.fsum(baseline) / len(baseline) if baseline else None,
            mean_moving_range=None,
            upper=None,
            lower=None,
            upper_near=None,
            lower_near=None,
            median=statistics.median(baseline) if baseline else None,
            is_run_chart=True,
        )
        return segment, findings

    mean = math.fsum(baseline) / len(baseline)
    moving_ranges = [abs(b - a) for a, b in zip(baseline, baseline[1:], strict=False)]
    mean_moving_range = math.fsum(moving_ranges) / len(moving_ranges)
    upper = mean + LIMIT_FACTOR * mean_moving_range
    lower = mean - LIMIT_FACTOR * mean_moving_range
    upper_near = mean + NEAR_LIMIT_FACTOR * mean_moving_range
    lower_near = mean - NEAR_LIMIT_FACTOR * mean_moving_range
    segment = Segment(
        start=start,
        end=end,
        baseline_end=baseline_end,
        mean=mean,
        mean_moving_range=mean_moving_range,
        upper=upper,
        lower=lower,
        upper_near=upper_near,
        lower_near=lower_near,
        median=statistics.median(baseline),
        is_run_chart=False,
    )

    sides = [_compare(value, mean, tolerance) for value in values]
    for position, value in enumerate(values):
        if value - upper > tolerance:
            flag(position, Rule.ASTRONOMICAL, HIGH)
        elif lower - value > tolerance:
            flag(position, Rule.ASTRONOMICAL, LOW)

    for first, last, side in _runs_of_equal(sides):
        if side and last - first + 1 >= run_length:
            for position in range(first, last + 1):
                flag(position, Rule.SHIFT, side)

    def near_or_beyond(position: int, side: int) -> bool:
        if side == HIGH:
            return values[position] - upper_near > tolerance
        return lower_near - values[position] > tolerance

    for first in range(len(values) - 2):
        window = range(first, first + 3)
        side = sides[first]
        if side and all(sides[p] == side for p in window):
            qualifying = [p for p in window if near_or_beyond(p, side)]
            if len(qualifying) >= 2:
                for position in qualifying:
                    flag(position, Rule.TWO_OF_THREE, side)
    return segment, findings


def _compare(a: float, b: float, tolerance: float) -> int:
    """HIGH if a is above b, LOW if below, 0 if equal within the tolerance."""
    if a - b > tolerance:
        return HIGH
    if b - a > tolerance:
        return LOW
    return 0


def _runs_of_equal(items: Sequence[int]) -> list[tuple[int, int, int]]:
    """Maximal runs of equal items as (first position, last position, item)."""
    runs = []
    first = 0
    for position in range(1, len(items) + 1):
        if position == len(items) or items[position] != items[first]:
            if items:
                runs.append((first, position - 1, items[first]))
            first = position
    return runs


def _trend_runs(values: Sequence[float], run_length: int, tolerance: float) -> list[tuple[int, int]]:
    """Positions in a trend of ``run_length`` or more points, with HIGH for rising and LOW for falling.

    Equal neighbours are merged into one plateau so that they neither extend nor break a trend;
    a trend runs from the last point of its first plateau to the first point of its last plateau.
    A point where a rise turns into a fall (or back) belongs to the run that ends there: a peak is
    high and a trough is low.
    """
    plateaus: list[tuple[int, int]] = []  # (first position, last position)
    for position, value in enumerate(values):
        if plateaus and _compare(value, values[plateaus[-1][1]], tolerance) == 0:
            plateaus[-1] = (plateaus[-1][0], position)
        else:
            plateaus.append((position, position))
    moves = [
        _compare(values[next_first], values[last], tolerance)
        for (_, last), (next_first, _) in zip(plateaus, plateaus[1:], strict=False)
    ]
    flagged: dict[int, int] = {}
    for first_move, last_move, side in _runs_of_equal(moves):
        if last_move - first_move + 2 >= run_length:
            start = plateaus[first_move][1]
            stop = plateaus[last_move + 1][0]
            for position in range(start, stop + 1):
                flagged.setdefault(position, side)
    return list(flagged.items())


def _classify(found: dict[Rule, set[int]], direction: Direction) -> Variation:
    if not found:
        return Variation.COMMON
    sides = set().union(*found.values())
    if direction == Direction.INCREASE:
        return Variation.IMPROVEMENT_HIGH if HIGH in sides else Variation.CONCERN_LOW
    if direction == Direction.DECREASE:
        return Variation.IMPROVEMENT_LOW if LOW in sides else Variation.CONCERN_HIGH
    # Each rule puts a point on one side only, so the first rule met decides.
    rule = next(rule for rule in _RULE_PRIORITY if rule in found)
    return Variation.NEUTRAL_HIGH if HIGH in found[rule] else Variation.NEUTRAL_LOW
