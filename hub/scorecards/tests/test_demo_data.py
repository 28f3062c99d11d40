from datetime import date
from decimal import Decimal

import pytest

from hub.core.demo import AGENCIES, THEMES
from hub.scorecards import demo_data
from hub.scorecards.demo_data import (
    DESIGNED_SIGNALS,
    INDICATORS,
    INDICATORS_BY_CODE,
    KEY_FIGURES_BY_KEY,
    PERIODS,
    PROGRAMME_TARGETS,
    STABLE_SERIES,
    computed_value,
    return_states,
    series,
)
from hub.scorecards.spc import Rule, analyse

AGENCY_SLUGS = {agency.short_code for agency in AGENCIES}
THEME_SLUGS = {theme.slug for theme in THEMES}
DIRECTIONS = {"higher": "increase", "lower": "decrease", "range": "neutral", "information": "neutral"}
LATE_STARTER = "HLT-01"


def _yearly_total(code, year_label):
    return sum(value.numerator for value in series(code) if value.period.startswith(year_label.replace("/", "-")))


def _analysis(code, run_length=7):
    indicator = INDICATORS_BY_CODE[code]
    values = [computed_value(indicator, value) for value in series(code)]
    return analyse(values, direction=DIRECTIONS[indicator.polarity], run_length=run_length)


def test_there_are_about_thirty_indicators_with_unique_codes():
    codes = [indicator.code for indicator in INDICATORS]
    assert 28 <= len(codes) <= 36
    assert len(set(codes)) == len(codes)


def test_indicators_belong_to_known_agencies_and_themes():
    for indicator in INDICATORS:
        assert indicator.agency in AGENCY_SLUGS, indicator.code
        assert indicator.themes, indicator.code
        assert set(indicator.themes) <= THEME_SLUGS, indicator.code


def test_indicators_are_spread_across_agencies():
    owners = [indicator.agency for indicator in INDICATORS]
    assert len(set(owners)) >= 6
    assert sum(1 for agency in set(owners) if owners.count(agency) > 1) >= 3


def test_indicator_fields_use_the_allowed_options():
    for indicator in INDICATORS:
        assert indicator.unit in {"count", "percentage", "rate"}
        assert indicator.polarity in DIRECTIONS
        assert indicator.frequency == "quarterly"
        assert indicator.name and indicator.definition and indicator.numerator_definition and indicator.data_source
        if indicator.unit == "count":
            assert indicator.denominator_definition == "", indicator.code
        else:
            assert indicator.denominator_definition, indicator.code


def test_information_only_indicators_have_no_target():
    information = [indicator for indicator in INDICATORS if indicator.polarity == "information"]
    assert information
    for indicator in information:
        assert indicator.target is None and indicator.target_range is None and indicator.tolerance is None


def test_range_indicators_have_a_target_range_and_no_single_target():
    for indicator in INDICATORS:
        if indicator.polarity == "range":
            low, high = indicator.target_range
            assert low < high and indicator.target is None, indicator.code
        else:
            assert indicator.target_range is None, indicator.code


def test_about_eight_indicators_are_headlines():
    assert 6 <= sum(indicator.headline for indicator in INDICATORS) <= 10


def test_benchmarks_cover_the_three_comparators_for_percentages_and_rates_only():
    with_benchmarks = [indicator for indicator in INDICATORS if indicator.benchmarks]
    assert len(with_benchmarks) >= 8
    for indicator in with_benchmarks:
        assert indicator.unit in {"percentage", "rate"}
        for year, figures in indicator.benchmarks.items():
            assert year in {"2019/20", "2020/21", "2021/22"}
            assert set(figures) == {"England", "North East", "Statistical neighbours"}
            assert all(isinstance(figure, Decimal) for figure in figures.values())


def test_periods_are_the_twenty_quarters_from_april_2018():
    assert len(PERIODS) == 20
    assert (PERIODS[0].start, PERIODS[0].label, PERIODS[0].key) == (date(2018, 4, 1), "Q1 2018/19", "2018-19-q1")
    assert (PERIODS[-1].end, PERIODS[-1].label, PERIODS[-1].key) == (date(2023, 3, 31), "Q4 2022/23", "2022-23-q4")
    for earlier, later in zip(PERIODS, PERIODS[1:], strict=False):
        assert (later.start - earlier.end).days == 1


def test_every_series_has_twenty_quarters_except_the_late_starter():
    keys = [period.key for period in PERIODS]
    for indicator in INDICATORS:
        periods = [value.period for value in series(indicator.code)]
        if indicator.code == LATE_STARTER:
            assert periods == keys[10:]
        else:
            assert periods == keys, indicator.code


def test_the_late_starter_has_too_few_points_for_limits():
    assert len(series(LATE_STARTER)) < 12
    assert _analysis(LATE_STARTER).is_run_chart


def test_one_series_has_a_quarter_with_no_return():
    gaps = [
        (indicator.code, value)
        for indicator in INDICATORS
        for value in series(indicator.code)
        if value.numerator is None
    ]
    assert len(gaps) == 1
    code, value = gaps[0]
    assert value.denominator is None and value.comment


def test_values_are_whole_non_negative_numbers_with_sensible_denominators():
    for indicator in INDICATORS:
        for value in series(indicator.code):
            if value.numerator is None:
                continue
            assert value.numerator >= 0 and value.numerator == value.numerator.to_integral_value()
            if indicator.unit == "count":
                assert value.denominator is None, indicator.code
            else:
                assert value.denominator > 0, indicator.code
            if indicator.unit == "percentage":
                assert value.numerator <= value.denominator, (indicator.code, value.period)


def test_rates_use_the_child_population_as_denominator():
    rates = [indicator for indicator in INDICATORS if indicator.unit == "rate"]
    assert rates
    populations = set(demo_data.CHILD_POPULATION.values()) | set(demo_data.CHILDREN_AGED_0_TO_14.values())
    for indicator in rates:
        assert {value.denominator for value in series(indicator.code)} <= populations, indicator.code


def test_a_rate_is_per_ten_thousand_children():
    indicator = INDICATORS_BY_CODE["CLA-01"]
    value = next(value for value in series("CLA-01") if value.period == "2021-22-q4")
    assert value.numerator == 985 and value.denominator == 101_979
    assert round(computed_value(indicator, value), 1) == Decimal("96.6")


def test_seed_figures_appear_in_the_series():
    assert _yearly_total("HSB-01", "2019/20") == 24
    assert _yearly_total("HSB-01", "2021/22") == 152
    assert _yearly_total("EH-03", "2021/22") == 995
    year_end = {
        code: next(v for v in series(code) if v.period == "2021-22-q4").numerator for code in INDICATORS_BY_CODE
    }
    assert year_end["CSC-06"] == 3763
    assert year_end["CP-03"] == 389
    assert year_end["CLA-01"] == 985
    assert year_end["EDU-01"] == 76
    assert year_end["EDU-02"] == 501


def test_contacts_referrals_and_missing_episodes_agree_across_indicators():
    def numerators(code):
        return [value.numerator for value in series(code)]

    def denominators(code):
        return [value.denominator for value in series(code)]

    assert denominators("CSC-02") == numerators("CSC-01")
    assert denominators("CSC-04") == numerators("CSC-02")
    assert denominators("EXP-02") == numerators("EXP-01")
    assert denominators("EH-02") == numerators("EH-01")
    assert numerators("CSC-03")[4] == sum(numerators("CSC-02")[1:5])


def test_unknown_indicator_code_has_no_series():
    with pytest.raises(KeyError):
        series("XX-99")


# Chart signals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "expected"), sorted(DESIGNED_SIGNALS.items()))
def test_designed_series_shows_its_chart_signal(code, expected):
    rule, kind = expected
    flagged = [point for point in _analysis(code).points if Rule(rule) in point.rules]
    assert flagged, f"{code} does not show {rule}"
    if kind == "improvement":
        assert any(point.variation.is_improvement for point in flagged)
    elif kind == "concern":
        assert any(point.variation.is_concern for point in flagged)
    else:
        assert INDICATORS_BY_CODE[code].polarity == "information"
        assert all(not point.variation.is_improvement and not point.variation.is_concern for point in flagged)


def test_every_rule_is_shown_for_both_polarities():
    shown = {(rule, INDICATORS_BY_CODE[code].polarity) for code, (rule, _kind) in DESIGNED_SIGNALS.items()}
    for rule in Rule:
        assert (rule.value, "higher") in shown
        assert (rule.value, "lower") in shown


def test_an_improvement_for_higher_is_better_and_a_concern_for_lower_is_better_are_shown():
    kinds = {(INDICATORS_BY_CODE[code].polarity, kind) for code, (_rule, kind) in DESIGNED_SIGNALS.items()}
    assert ("higher", "improvement") in kinds
    assert ("lower", "concern") in kinds


def test_the_latest_missing_episodes_are_a_concern():
    analysis = _analysis("EXP-01")
    assert analysis.latest.rules == {Rule.ASTRONOMICAL}
    assert analysis.variation.is_concern


@pytest.mark.parametrize("code", STABLE_SERIES)
def test_stable_series_show_only_common_cause_variation(code):
    assert not _analysis(code).special_cause_points
    # Under the looser six-point run as well, so the demo stays calm if the partnership changes it.
    assert not [point for point in _analysis(code, run_length=6).points if point.rules]


def test_large_changes_carry_a_comment():
    for code in DESIGNED_SIGNALS:
        assert any(value.comment for value in series(code)), code


# Returns, key figures and programme targets ------------------------------------------------------


def test_return_states_include_every_state_in_the_latest_quarter():
    latest = PERIODS[-1].key
    states = {key: state for key, state in return_states().items() if key[1] == latest}
    assert {state for state, _extra in states.values()} == {"draft", "submitted", "approved", "returned", "missing"}
    returned = [extra for state, extra in states.values() if state == "returned"]
    assert all(extra["reason"] for extra in returned)
    late = [extra for state, extra in states.values() if extra.get("late")]
    assert len(late) == 1 and late[0]["submitted_on"] > late[0]["due"]
    assert [agency for (agency, _), (state, _) in states.items() if state == "missing"] == ["tewv"]


def test_returns_before_the_latest_quarter_are_all_approved_on_time():
    latest = PERIODS[-1].key
    earlier = {key: value for key, value in return_states().items() if key[1] != latest}
    assert len({period for _, period in earlier}) == 19
    for state, extra in earlier.values():
        assert state == "approved"
        assert extra["submitted_on"] <= extra["due"]


def test_every_agency_that_owns_indicators_has_a_return_each_quarter():
    owners = {indicator.agency for indicator in INDICATORS}
    states = return_states()
    for period in PERIODS:
        assert {agency for agency, key in states if key == period.key} == owners


def test_key_figures_match_the_annual_report():
    expected = {
        "children-under-18": 101_979,
        "age-0-4": 25_658,
        "age-5-9": 29_949,
        "age-10-14": 30_024,
        "age-15-19": 29_348,
        "pupils-free-school-meals": 21_658,
        "pupils-free-school-meals-share": Decimal("29.1"),
        "pupils-sen-support": 10_462,
        "children-with-ehcp": 2_624,
        "children-in-need": 3_763,
        "child-protection-plans": 389,
        "children-looked-after": 985,
        "children-missing-education": 76,
        "elective-home-education": 501,
        "pupils-state-funded": 74_472,
        "pupils-special-schools": 1_590,
        "schools-primary": 196,
        "schools-secondary": 31,
        "schools-special": 10,
        "schools-pupil-referral-units": 1,
        "schools-nursery": 11,
    }
    for key, value in expected.items():
        assert KEY_FIGURES_BY_KEY[key].value == value, key
    for figure in KEY_FIGURES_BY_KEY.values():
        assert figure.source and isinstance(figure.as_at, date)


def test_supporting_families_beat_the_government_target():
    (target,) = PROGRAMME_TARGETS["supporting-families"]
    assert (target.year, target.target, target.achieved, target.met) == ("2021/22", 761, 995, True)
    assert _yearly_total(target.indicator, target.year) == target.achieved


def test_icon_has_five_touchpoints_delivered_by_health_agencies():
    touchpoints = PROGRAMME_TARGETS["icon-touchpoints"]
    assert [touchpoint.number for touchpoint in touchpoints] == [1, 2, 3, 4, 5]
    assert {touchpoint.agency for touchpoint in touchpoints} == {"cddft", "hdft", "icb"}
    coverage = PROGRAMME_TARGETS["icon-coverage-by-agency"]
    assert set(coverage) == {"cddft", "hdft", "icb"}
    assert all(Decimal(0) < figure <= 100 for figure in coverage.values())
    latest = series(PROGRAMME_TARGETS["icon-indicator"])[-1]
    assert latest.numerator == sum(touchpoint.contacts_with_message for touchpoint in touchpoints)
    assert latest.denominator == sum(touchpoint.contacts_due for touchpoint in touchpoints)
