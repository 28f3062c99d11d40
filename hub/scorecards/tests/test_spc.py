"""Hand-worked series for the Making Data Count rules.

Most tests start from BASELINE = 12, 10, 12, 10, ... (12 points) and freeze the limits after it:
    mean = 132 / 12 = 11
    moving ranges are all |10 - 12| = 2, so MR-bar = 22 / 11 = 2
    process limits = 11 +/- 2.66 x 2 = 16.32 and 5.68
    near lines     = 11 +/- 1.7733 x 2 = 14.5467 and 7.4533
The baseline alternates around the mean and stays well inside the near lines, so on its own it shows
only common cause variation; the baseline's last point (index 11) is 10, below the mean.
"""

from decimal import Decimal

import pytest

from hub.scorecards.spc import Assurance, Direction, Rule, Variation, analyse

BASELINE = [12, 10] * 6


def frozen(extra, **kwargs):
    return analyse(BASELINE + list(extra), freeze_after=12, **kwargs)


def flagged(analysis, rule=None):
    return [p.index for p in analysis.points if (p.rules if rule is None else rule in p.rules)]


def test_baseline_limits_are_mean_plus_and_minus_2_66_mean_moving_ranges():
    analysis = analyse(BASELINE)
    (segment,) = analysis.segments
    assert segment.mean == 11
    assert segment.mean_moving_range == 2
    assert segment.upper == pytest.approx(16.32)
    assert segment.lower == pytest.approx(5.68)
    assert segment.upper_near == pytest.approx(11 + 2.66 * 2 / 3 * 2)
    assert segment.lower_near == pytest.approx(11 - 2.66 * 2 / 3 * 2)
    assert segment.median == 11
    assert not segment.is_run_chart
    assert (segment.start, segment.end, segment.baseline_end) == (0, 12, 12)
    assert {p.variation for p in analysis.points} == {Variation.COMMON}
    assert analysis.special_cause_points == ()
    assert analysis.points[3].centre == 11
    assert analysis.points[3].upper == pytest.approx(16.32)


def test_labels_default_to_point_numbers_and_can_be_given():
    assert [p.label for p in analyse([1, 2, 3]).points] == ["1", "2", "3"]
    assert [p.label for p in analyse([1, 2], labels=["Q1", "Q2"]).points] == ["Q1", "Q2"]


def test_astronomical_point_without_frozen_limits():
    # 8, 14, 8, 14, ... (12 points) then 40: sum 132 + 40 = 172, mean 172/13 = 13.23, so the 8s and
    # 14s still alternate either side of it. Moving ranges: eleven of 6 and |40 - 14| = 26 -> 92 / 12;
    # upper = 13.23 + 2.66 x 7.667 = 33.62, below 40.
    analysis = analyse([8, 14] * 6 + [40], direction=Direction.INCREASE)
    segment = analysis.segments[0]
    assert segment.mean == pytest.approx(172 / 13)
    assert segment.mean_moving_range == pytest.approx(92 / 12)
    assert segment.upper == pytest.approx(172 / 13 + 2.66 * 92 / 12)
    assert flagged(analysis) == [12]
    assert analysis.points[12].rules == {Rule.ASTRONOMICAL}
    assert analysis.variation == Variation.IMPROVEMENT_HIGH


@pytest.mark.parametrize(
    ("value", "direction", "expected"),
    [
        (17, Direction.INCREASE, Variation.IMPROVEMENT_HIGH),
        (17, Direction.DECREASE, Variation.CONCERN_HIGH),
        (17, Direction.NEUTRAL, Variation.NEUTRAL_HIGH),
        (5, Direction.INCREASE, Variation.CONCERN_LOW),
        (5, Direction.DECREASE, Variation.IMPROVEMENT_LOW),
        (5, Direction.NEUTRAL, Variation.NEUTRAL_LOW),
        (16.3, Direction.INCREASE, Variation.COMMON),  # inside 16.32
        (5.7, Direction.INCREASE, Variation.COMMON),  # inside 5.68
    ],
)
def test_astronomical_point_is_classified_by_direction(value, direction, expected):
    analysis = frozen([value], direction=direction)
    assert analysis.variation == expected
    assert analysis.latest.rules == ({Rule.ASTRONOMICAL} if expected.is_special else set())


def test_direction_may_be_given_as_text():
    assert frozen([17], direction="decrease").variation == Variation.CONCERN_HIGH


def test_seven_points_above_the_mean_are_a_shift_and_all_are_flagged():
    # 11.5 is above the mean (11) and inside the near line (14.55).
    analysis = frozen([11.5] * 7, direction=Direction.DECREASE)
    assert flagged(analysis) == list(range(12, 19))
    assert all(analysis.points[i].rules == {Rule.SHIFT} for i in range(12, 19))
    assert {analysis.points[i].variation for i in range(12, 19)} == {Variation.CONCERN_HIGH}


def test_seven_points_below_the_mean_are_a_low_shift():
    # Index 11 (10) starts the run: 10 then six points of 10.5 make seven below the mean.
    analysis = frozen([10.5] * 6, direction=Direction.DECREASE)
    assert flagged(analysis) == list(range(11, 18))
    assert analysis.variation == Variation.IMPROVEMENT_LOW


def test_six_points_are_a_shift_only_when_run_length_is_six():
    assert flagged(frozen([11.5] * 6)) == []
    six = frozen([11.5] * 6, run_length=6)
    assert flagged(six) == list(range(12, 18))
    assert six.variation == Variation.NEUTRAL_HIGH
    assert six.run_length == 6


def test_a_point_on_the_mean_breaks_a_shift():
    # Three above, one exactly on the mean (11), four above: no run of seven.
    analysis = frozen([11.5] * 3 + [11] + [11.5] * 4)
    assert flagged(analysis) == []
    # The same series without the point on the mean has eight above.
    assert flagged(frozen([11.5] * 8)) == list(range(12, 20))


def test_a_rising_trend_of_seven_is_flagged_as_a_whole():
    # From index 11 (10): 10, 10.5, 10.8, 11.2, 11.4, 11.6, 11.8 rises seven times in a row while
    # crossing the mean (4 below, 3 above) so no shift, and stays inside the near lines.
    analysis = frozen([10.5, 10.8, 11.2, 11.4, 11.6, 11.8], direction=Direction.INCREASE)
    assert flagged(analysis) == list(range(11, 18))
    assert all(analysis.points[i].rules == {Rule.TREND} for i in range(11, 18))
    # Below-mean points in a rising trend are still improvement: the trend's direction decides.
    assert analysis.points[11].variation == Variation.IMPROVEMENT_HIGH
    assert analysis.variation == Variation.IMPROVEMENT_HIGH


def test_a_falling_trend_is_low():
    # From index 10 (12): 12, 11.8, 11.6, 11.4, 10.8, 10.6, 10.4 after a baseline ending ..., 12, 10.
    series = BASELINE[:11] + [11.8, 11.6, 11.4, 10.8, 10.6, 10.4]
    analysis = analyse(series, freeze_after=12, direction=Direction.DECREASE, minimum_points=12)
    assert flagged(analysis, Rule.TREND) == list(range(10, 17))
    assert analysis.variation == Variation.IMPROVEMENT_LOW
    assert analyse(series, freeze_after=12, direction=Direction.INCREASE).variation == Variation.CONCERN_LOW


def test_six_point_trend_needs_run_length_six():
    rising = [10.5, 10.8, 11.2, 11.4, 11.6]  # with index 11 (10): six rising points
    assert flagged(frozen(rising)) == []
    assert flagged(frozen(rising, run_length=6)) == list(range(11, 17))


def test_equal_values_neither_extend_nor_break_a_trend():
    # 10, 10.5, 10.5, 10.8, 11.2, 11.4, 11.6, 11.8: the repeated 10.5 does not break the rise,
    # and the whole run including it is flagged.
    analysis = frozen([10.5, 10.5, 10.8, 11.2, 11.4, 11.6, 11.8])
    assert flagged(analysis) == list(range(11, 19))
    # 10, 10.5, 10.5, 10.8, 11.2, 11.4, 11.6 is seven points but only six distinct rising values.
    assert flagged(frozen([10.5, 10.5, 10.8, 11.2, 11.4, 11.6])) == []


def test_a_trend_runs_from_where_the_movement_starts_to_where_it_stops():
    # 10, 10 then six rises: the first 10 (index 11) is before the movement starts.
    assert flagged(frozen([10, 10.5, 10.8, 11.2, 11.4, 11.6, 11.8])) == list(range(12, 19))
    # A repeat of the last value (index 18) comes after the movement stops.
    assert flagged(frozen([10.5, 10.8, 11.2, 11.4, 11.6, 11.8, 11.8])) == list(range(11, 18))


def test_a_peak_belongs_to_the_rise_that_ends_there():
    # 2, 3, ..., 8 then 7, 6, ..., 1: a rise of seven and a fall of eight sharing the peak (8).
    series = [1, 2, 1, 2, 1] + [2, 3, 4, 5, 6, 7, 8, 7, 6, 5, 4, 3, 2, 1]
    analysis = analyse(series, direction=Direction.DECREASE)
    peak = analysis.points[11]
    assert peak.value == 8
    assert Rule.TREND in peak.rules
    assert peak.variation == Variation.CONCERN_HIGH
    assert analysis.points[12].variation == Variation.IMPROVEMENT_LOW


def test_two_of_three_beyond_the_near_line_flags_only_those_two():
    # 15 is beyond the near line (14.55) but inside the limit (16.32); 11.5 is above the mean only.
    analysis = frozen([15, 11.5, 15], direction=Direction.INCREASE)
    assert flagged(analysis) == [12, 14]
    assert analysis.points[12].rules == {Rule.TWO_OF_THREE}
    assert analysis.points[13].variation == Variation.COMMON
    assert analysis.points[14].variation == Variation.IMPROVEMENT_HIGH


def test_two_of_three_counts_points_beyond_the_limit():
    # 17 is beyond the upper limit (16.32); it still counts towards two of three with 15.
    analysis = frozen([17, 11.5, 15])
    assert analysis.points[12].rules == {Rule.ASTRONOMICAL, Rule.TWO_OF_THREE}
    assert analysis.points[13].rules == set()
    assert analysis.points[14].rules == {Rule.TWO_OF_THREE}


def test_two_of_three_low_side():
    # 7 is beyond the lower near line (7.45), 10.5 below the mean.
    analysis = frozen([7, 10.5, 7], direction=Direction.INCREASE)
    assert flagged(analysis) == [12, 14]
    assert analysis.variation == Variation.CONCERN_LOW


def test_two_of_three_needs_all_three_on_the_same_side_and_two_beyond():
    assert flagged(frozen([15, 10, 15])) == []  # the middle point is below the mean
    assert flagged(frozen([15, 11.5, 11.5])) == []  # only one beyond the near line
    assert flagged(frozen([14.5, 11.5, 14.5])) == []  # 14.5 is just inside the near line


def test_improvement_beats_concern_when_rules_disagree():
    # 10, 10.1, ..., 10.6 from index 11: a rising trend (improvement when higher is better) that is
    # also seven points below the mean (a concerning low shift).
    analysis = frozen([10.1, 10.2, 10.3, 10.4, 10.5, 10.6], direction=Direction.INCREASE)
    point = analysis.points[14]
    assert point.rules == {Rule.SHIFT, Rule.TREND}
    assert point.variation == Variation.IMPROVEMENT_HIGH
    # When lower is better the shift is the improvement and still wins.
    assert frozen([10.1, 10.2, 10.3, 10.4, 10.5, 10.6], direction="decrease").points[14].variation == (
        Variation.IMPROVEMENT_LOW
    )


def test_neutral_point_meeting_two_rules_takes_the_trend_side_before_the_shift():
    analysis = frozen([10.1, 10.2, 10.3, 10.4, 10.5, 10.6])
    assert analysis.points[14].variation == Variation.NEUTRAL_HIGH


def test_rebased_segments_have_their_own_limits():
    # Second segment 22, 20, ...: mean 21, MR-bar 2 (the jump across the rebase is not a moving range).
    series = BASELINE + [22, 20] * 6
    analysis = analyse(series, rebase_at=[12], direction=Direction.INCREASE)
    first, second = analysis.segments
    assert (first.start, first.end, first.mean, first.mean_moving_range) == (0, 12, 11, 2)
    assert (second.start, second.end, second.mean, second.mean_moving_range) == (12, 24, 21, 2)
    assert second.upper == pytest.approx(26.32)
    assert analysis.points[12].segment == 1
    assert analysis.points[12].centre == 21
    assert analysis.special_cause_points == ()
    # Without the rebase the step up is special cause.
    assert analyse(series, direction=Direction.INCREASE).variation == Variation.IMPROVEMENT_HIGH


def test_rebase_at_the_ends_is_ignored():
    analysis = analyse(BASELINE, rebase_at=[0, 12])
    assert len(analysis.segments) == 1


def test_a_short_segment_after_a_rebase_is_a_run_chart():
    analysis = analyse(BASELINE + [30, 31, 29], rebase_at=[12], target=20, direction="increase")
    assert [s.is_run_chart for s in analysis.segments] == [False, True]
    assert analysis.is_run_chart
    assert analysis.segments[1].median == 30
    assert analysis.points[13].centre == 30
    assert analysis.points[13].upper is None
    assert analysis.variation == Variation.NOT_ENOUGH_DATA
    assert analysis.assurance == Assurance.NONE


def test_freeze_after_judges_later_points_against_the_baseline():
    analysis = frozen([22, 20] * 6)
    segment = analysis.segments[0]
    assert (segment.mean, segment.baseline_end, segment.end) == (11, 12, 24)
    assert flagged(analysis, Rule.ASTRONOMICAL) == list(range(12, 24))
    # Unfrozen, the limits widen to include the later points: mean 16, MR-bar (22 x 2 + 12) / 23.
    unfrozen = analyse(BASELINE + [22, 20] * 6).segments[0]
    assert unfrozen.mean == 16
    assert unfrozen.mean_moving_range == pytest.approx(56 / 23)


def test_freeze_after_counts_present_points():
    analysis = analyse([12, None, 10] + [12, 10] * 5 + [13], freeze_after=12)
    assert analysis.segments[0].baseline_end == 13
    assert analysis.segments[0].mean == 11


@pytest.mark.parametrize(
    ("direction", "target", "expected"),
    [
        # Limits are 5.68 to 16.32.
        (Direction.INCREASE, 5, Assurance.PASS),
        (Direction.INCREASE, 17, Assurance.FAIL),
        (Direction.INCREASE, 11, Assurance.INCONSISTENT),
        (Direction.DECREASE, 17, Assurance.PASS),
        (Direction.DECREASE, 5, Assurance.FAIL),
        (Direction.DECREASE, 11, Assurance.INCONSISTENT),
        (Direction.NEUTRAL, 5, Assurance.NONE),
        (Direction.INCREASE, None, Assurance.NONE),
    ],
)
def test_assurance_compares_the_target_with_the_limits(direction, target, expected):
    assert analyse(BASELINE, direction=direction, target=target).assurance == expected


@pytest.mark.parametrize(
    ("target_range", "expected"),
    [
        ((5, 17), Assurance.PASS),
        ((20, 30), Assurance.FAIL),
        ((0, 3), Assurance.FAIL),
        ((10, 20), Assurance.INCONSISTENT),
        ((6, 16), Assurance.INCONSISTENT),
    ],
)
def test_assurance_against_a_target_range(target_range, expected):
    analysis = analyse(BASELINE, target_range=target_range)
    assert analysis.assurance == expected
    assert analysis.target_range == (float(target_range[0]), float(target_range[1]))


def test_assurance_labels_read_plainly():
    assert Assurance.INCONSISTENT.label == "Inconsistent: will sometimes meet and sometimes miss the target"
    assert Variation.CONCERN_HIGH.label == "Special cause variation: concerning high values"
    assert Rule.ASTRONOMICAL.label == "A point outside the process limits"


def test_variation_properties():
    assert Variation.IMPROVEMENT_LOW.is_improvement and Variation.IMPROVEMENT_LOW.is_special
    assert Variation.CONCERN_LOW.is_concern and not Variation.CONCERN_LOW.is_improvement
    assert Variation.NEUTRAL_HIGH.is_special and not Variation.NEUTRAL_HIGH.is_concern
    assert not Variation.COMMON.is_special
    assert not Variation.NOT_ENOUGH_DATA.is_special


def test_constant_series_has_limits_on_the_mean_and_no_special_cause():
    analysis = analyse([5] * 12, direction=Direction.INCREASE, target=5)
    segment = analysis.segments[0]
    assert (segment.mean, segment.mean_moving_range, segment.upper, segment.lower) == (5, 0, 5, 5)
    assert analysis.special_cause_points == ()
    assert analysis.variation == Variation.COMMON
    assert analysis.assurance == Assurance.PASS  # always exactly on target
    assert analyse([5] * 12, direction=Direction.INCREASE, target=6).assurance == Assurance.FAIL
    assert analyse([5] * 12, direction=Direction.DECREASE, target=5).assurance == Assurance.PASS


def test_constant_decimals_are_not_split_by_rounding():
    analysis = analyse([Decimal("0.1")] * 13)
    assert analysis.special_cause_points == ()
    assert analysis.points[0].value == 0.1


def test_a_change_from_a_frozen_constant_baseline_is_astronomical():
    analysis = analyse([5] * 12 + [6], freeze_after=12, direction=Direction.INCREASE)
    assert analysis.points[12].rules == {Rule.ASTRONOMICAL}
    assert analysis.variation == Variation.IMPROVEMENT_HIGH


def test_fewer_than_twelve_points_is_a_run_chart():
    analysis = analyse([3, 1, 2, 8, 4], direction=Direction.INCREASE, target=2)
    segment = analysis.segments[0]
    assert analysis.is_run_chart
    assert segment.median == 3
    assert segment.mean == pytest.approx(3.6)
    assert (segment.upper, segment.lower, segment.mean_moving_range) == (None, None, None)
    assert analysis.points[0].centre == 3
    assert {p.variation for p in analysis.points} == {Variation.NOT_ENOUGH_DATA}
    assert analysis.variation == Variation.NOT_ENOUGH_DATA
    assert analysis.assurance == Assurance.NONE
    assert analysis.special_cause_points == ()


def test_run_chart_records_trends_without_classifying_them():
    analysis = analyse([1, 2, 3, 4, 5, 6, 7])
    assert analysis.points[3].rules == {Rule.TREND}
    assert analysis.points[3].variation == Variation.NOT_ENOUGH_DATA


def test_minimum_points_can_be_lowered():
    assert not analyse([3, 1, 2, 8, 4], minimum_points=5).is_run_chart
    assert analyse(BASELINE[:11]).is_run_chart


def test_empty_series():
    analysis = analyse([])
    assert analysis.points == ()
    assert analysis.latest is None
    assert analysis.variation == Variation.NOT_ENOUGH_DATA
    assert analysis.is_run_chart
    assert analysis.assurance == Assurance.NONE


def test_missing_values_keep_their_place_and_are_skipped():
    # The baseline with gaps after index 0 and 5: moving ranges still pair 12 with 10, so MR-bar = 2.
    series = [12, None, 10, 12, 10, 12, 10, float("nan"), 12, 10, 12, 10, 12, 10, None]
    analysis = analyse(series, labels=[f"M{i}" for i in range(len(series))])
    assert len(analysis.points) == 15
    gap = analysis.points[1]
    assert (gap.value, gap.variation, gap.rules, gap.label, gap.centre) == (None, None, set(), "M1", 11)
    assert analysis.points[7].value is None
    segment = analysis.segments[0]
    assert (segment.mean, segment.mean_moving_range) == (11, 2)
    assert not segment.is_run_chart
    assert analysis.latest.index == 13
    assert analysis.variation == Variation.COMMON


def test_a_gap_does_not_break_a_shift():
    analysis = frozen([11.5] * 3 + [None] + [11.5] * 4)
    assert flagged(analysis) == [12, 13, 14, 16, 17, 18, 19]


def test_missing_values_do_not_count_towards_minimum_points():
    assert analyse(BASELINE[:11] + [None, None]).is_run_chart


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"run_length": 5}, "run_length must be between 6 and 9"),
        ({"run_length": 10}, "run_length must be between 6 and 9"),
        ({"labels": ["a", "b"]}, "one label per value"),
        ({"direction": "up"}, "not a valid Direction"),
        ({"target": 1, "target_range": (0, 2)}, "either a target or a target range"),
        ({"target_range": (5, 1)}, "low not greater than high"),
        ({"freeze_after": 6}, r"freeze_after \(6\) must be at least minimum_points \(12\)"),
        ({"minimum_points": 1}, "minimum_points must be at least 2"),
        ({"rebase_at": [13]}, "outside the series"),
        ({"rebase_at": [-1]}, "outside the series"),
        ({"target": float("inf")}, "finite"),
    ],
)
def test_bad_arguments_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        analyse(BASELINE, **kwargs)


def test_values_must_be_numbers():
    with pytest.raises(TypeError, match="Value 2 must be a number"):
        analyse([1, "2", 3])
    with pytest.raises(ValueError, match="Value 1 is infinite"):
        analyse([float("inf")])
