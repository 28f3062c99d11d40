"""Checking a return's values: each rule, how serious it is, and warnings explained by a comment."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hub.scorecards.validation import (
    Importance,
    LineSpec,
    Problem,
    RuleKind,
    RuleSpec,
    Unit,
    ValueInput,
    blocking,
    computed_value,
    validate_values,
)

D = Decimal

ON_A_PLAN = LineSpec("CP1", "Children on a child protection plan", Unit.COUNT, uses_denominator=False)
RE_REFERRALS = LineSpec("RR1", "Re-referrals within 12 months", Unit.PERCENTAGE, uses_denominator=True)
IN_NEED = LineSpec("CIN1", "Children in need", Unit.RATE, uses_denominator=True)


def _line(line: LineSpec, **changes) -> LineSpec:
    return LineSpec(**{**line.__dict__, **changes})


def _messages(problems: list[Problem]) -> list[str]:
    return [problem.message for problem in problems]


def _check(line: LineSpec, numerator, denominator=None, comment: str = "") -> list[Problem]:
    numerator = None if numerator is None else D(numerator)
    denominator = None if denominator is None else D(denominator)
    return validate_values([line], [ValueInput(line.code, numerator, denominator, comment)])


# Units and computed values


def test_units_know_their_multiplier_and_label():
    assert [unit.multiplier for unit in Unit] == [1, 100, 10_000]
    assert Unit.RATE.label == "Rate per 10,000 children"
    assert Unit.PERCENTAGE.label == "Percentage"


def test_a_count_is_its_numerator_whatever_the_denominator():
    assert computed_value(ON_A_PLAN, D(42), None) == D(42)
    assert computed_value(ON_A_PLAN, D(42), D(0)) == D(42)


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        ("30", "120", "25.0"),
        ("1", "3", "33.3"),
        ("2", "3", "66.7"),
        # Half up, not the banker's rounding Decimal uses by default: 0.25 -> 0.3, 6.25 -> 6.3.
        ("1", "400", "0.3"),
        ("1", "16", "6.3"),
        ("130", "120", "108.3"),
    ],
)
def test_a_percentage_is_rounded_half_up_to_one_decimal_place(numerator, denominator, expected):
    value = computed_value(RE_REFERRALS, D(numerator), D(denominator))
    assert value == D(expected)
    assert str(value) == expected


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [("350", "50000", "70.0"), ("3", "7", "4285.7"), ("1", "40000", "0.3"), ("1", "160000", "0.1")],
)
def test_a_rate_is_per_ten_thousand_children_rounded_half_up(numerator, denominator, expected):
    assert str(computed_value(IN_NEED, D(numerator), D(denominator))) == expected


@pytest.mark.parametrize(("numerator", "denominator"), [(None, D(10)), (D(3), None), (D(3), D(0)), (D(0), D(0))])
def test_a_percentage_has_no_value_without_both_numbers_or_with_a_denominator_of_zero(numerator, denominator):
    assert computed_value(RE_REFERRALS, numerator, denominator) is None


# Missing values


def test_good_values_have_no_problems():
    values = [
        ValueInput("CP1", D(120), None),
        ValueInput("RR1", D(30), D(120)),
        ValueInput("CIN1", D("350.5"), D(50000)),
    ]
    assert validate_values([ON_A_PLAN, RE_REFERRALS, IN_NEED], values) == []


def test_a_missing_numerator_is_an_error_naming_the_indicator():
    [problem] = _check(ON_A_PLAN, None)
    assert problem.message == "Children on a child protection plan: enter the numerator"
    assert (problem.code, problem.field, problem.importance) == ("CP1", "numerator", Importance.ERROR)
    assert problem.blocking


def test_a_line_with_no_value_at_all_is_reported_like_a_missing_numerator():
    problems = validate_values([ON_A_PLAN, RE_REFERRALS], [ValueInput("CP1", D(4), None)])
    assert _messages(problems) == [
        "Re-referrals within 12 months: enter the numerator",
        "Re-referrals within 12 months: enter the denominator",
    ]
    assert [problem.field for problem in problems] == ["numerator", "denominator"]


def test_the_missing_value_message_uses_the_lines_own_definitions():
    line = _line(
        RE_REFERRALS,
        numerator_label="Number of referrals within 12 months of a previous one",
        denominator_label="Referrals in the period",
    )
    assert _messages(_check(line, None)) == [
        "Re-referrals within 12 months: enter the number of referrals within 12 months of a previous one",
        "Re-referrals within 12 months: enter the denominator (referrals in the period)",
    ]


def test_a_missing_denominator_is_an_error_even_with_a_numerator():
    [problem] = _check(RE_REFERRALS, 12)
    assert problem.message == "Re-referrals within 12 months: enter the denominator"
    assert problem.field == "denominator"


def test_a_required_rule_as_a_warning_lets_a_blank_line_stand_when_the_comment_explains_it():
    line = _line(ON_A_PLAN, rules=(RuleSpec(RuleKind.REQUIRED, importance=Importance.WARNING),))
    [unexplained] = _check(line, None)
    [explained] = _check(line, None, comment="The new case system cannot report this yet")
    assert unexplained.message == (
        "Children on a child protection plan: enter the numerator, or explain in the comment why there is no value"
    )
    assert unexplained.importance == Importance.WARNING
    assert unexplained.blocking
    assert explained.resolved
    assert not explained.blocking


# Numbers that cannot be right


@pytest.mark.parametrize(("numerator", "denominator", "field"), [(-3, None, "numerator"), (3, -120, "denominator")])
def test_negative_numbers_are_errors(numerator, denominator, field):
    line = ON_A_PLAN if denominator is None else RE_REFERRALS
    [problem] = _check(line, numerator, denominator)
    assert problem.field == field
    assert f"the {field} must be 0 or more (it is -" in problem.message


def test_both_numbers_are_reported_when_both_are_wrong():
    problems = _check(RE_REFERRALS, "-1", "2.5")
    assert _messages(problems) == [
        "Re-referrals within 12 months: the numerator must be 0 or more (it is -1)",
        "Re-referrals within 12 months: the denominator must be a whole number (it is 2.5)",
    ]


def test_a_count_must_be_a_whole_number_but_a_percentage_numerator_need_not_be():
    assert _messages(_check(ON_A_PLAN, "12.5")) == [
        "Children on a child protection plan: the numerator must be a whole number (it is 12.5)"
    ]
    assert _check(RE_REFERRALS, "12.5", "100") == []


def test_a_whole_number_rule_applies_to_any_numerator():
    line = _line(RE_REFERRALS, rules=(RuleSpec(RuleKind.WHOLE_NUMBER),))
    assert _messages(_check(line, "12.5", "100")) == [
        "Re-referrals within 12 months: the numerator must be a whole number (it is 12.5)"
    ]


def test_numbers_too_big_to_be_real_are_errors():
    assert _messages(_check(ON_A_PLAN, "1E+20")) == [
        "Children on a child protection plan: the numerator must be less than 1,000,000,000,000"
    ]


def test_not_a_number_is_an_error_not_a_crash():
    [problem] = _check(RE_REFERRALS, "NaN", "10")
    assert problem.message == "Re-referrals within 12 months: the numerator must be a number"


def test_a_denominator_on_a_line_without_one_is_an_error():
    [problem] = _check(ON_A_PLAN, 5, 10)
    assert problem.message == (
        "Children on a child protection plan: this indicator has no denominator; remove the denominator (10)"
    )
    assert problem.field == "denominator"


def test_a_denominator_of_zero_needs_a_numerator_of_zero():
    [problem] = _check(IN_NEED, 5, 0)
    assert problem.message == (
        "Children in need: the denominator is 0 but the numerator is 5; "
        "the denominator can only be 0 when the numerator is 0"
    )
    assert _check(IN_NEED, 0, 0) == []


def test_a_percentage_numerator_above_its_denominator_is_an_error_without_any_rule():
    [problem] = _check(RE_REFERRALS, 130, 120)
    assert problem.message == "Re-referrals within 12 months: the numerator (130) is more than the denominator (120)"
    assert (problem.field, problem.importance) == ("numerator", Importance.ERROR)


def test_a_rate_numerator_may_be_above_its_denominator_unless_a_rule_says_otherwise():
    assert _check(IN_NEED, 130, 120) == []
    line = _line(IN_NEED, rules=(RuleSpec(RuleKind.NUMERATOR_NOT_ABOVE_DENOMINATOR),))
    assert _messages(_check(line, 1300, 1200)) == [
        "Children in need: the numerator (1,300) is more than the denominator (1,200)"
    ]


def test_a_numerator_above_denominator_rule_can_be_a_warning():
    line = _line(IN_NEED, rules=(RuleSpec(RuleKind.NUMERATOR_NOT_ABOVE_DENOMINATOR, importance=Importance.WARNING),))
    [problem] = _check(line, 130, 120, comment="Includes children from neighbouring areas")
    assert problem.importance == Importance.WARNING
    assert problem.resolved


# Range


def test_a_value_outside_the_range_is_reported_with_the_value_and_the_limit():
    line = _line(RE_REFERRALS, rules=(RuleSpec(RuleKind.RANGE, minimum=D(5), maximum=D(40)),))
    assert _messages(_check(line, 1, 40)) == [
        "Re-referrals within 12 months: the value (2.5%) is below the minimum of 5%"
    ]
    assert _messages(_check(line, 50, 120)) == [
        "Re-referrals within 12 months: the value (41.7%) is above the maximum of 40%"
    ]
    assert _check(line, 48, 120) == []


def test_a_range_on_a_rate_and_on_a_count_uses_their_units():
    rate = _line(IN_NEED, rules=(RuleSpec(RuleKind.RANGE, maximum=D(500)),))
    count = _line(ON_A_PLAN, rules=(RuleSpec(RuleKind.RANGE, minimum=D(10)),))
    assert _messages(_check(rate, 3000, 50000)) == [
        "Children in need: the value (600 per 10,000 children) is above the maximum of 500 per 10,000 children"
    ]
    assert _messages(_check(count, 4)) == [
        "Children on a child protection plan: the value (4) is below the minimum of 10",
    ]


def test_a_range_rule_as_a_warning_is_resolved_by_a_comment():
    line = _line(ON_A_PLAN, rules=(RuleSpec(RuleKind.RANGE, maximum=D(500), importance=Importance.WARNING),))
    [unexplained] = _check(line, 600)
    [explained] = _check(line, 600, comment="A large sibling group joined the plan")
    assert (unexplained.importance, unexplained.resolved, unexplained.blocking) == (Importance.WARNING, False, True)
    assert (explained.resolved, explained.blocking) == (True, False)


# Change since the previous period

CHANGE = RuleSpec(RuleKind.CHANGE_FACTOR, factor=D(2))


def test_a_change_rule_is_a_warning_unless_it_says_otherwise():
    assert CHANGE.importance == Importance.WARNING
    assert RuleSpec(RuleKind.CHANGE_FACTOR, importance=Importance.ERROR, factor=D(2)).importance == Importance.ERROR
    assert RuleSpec(RuleKind.RANGE).importance == Importance.ERROR


def test_a_value_more_than_factor_times_the_previous_one_needs_a_comment():
    line = _line(RE_REFERRALS, rules=(CHANGE,), previous_value=D("20.0"))
    [problem] = _check(line, 54, 120)
    assert problem.message == (
        "Re-referrals within 12 months: the value has risen from 20% to 45%, a change of more than 2 times; "
        "it needs a comment explaining the change"
    )
    assert (problem.importance, problem.resolved, problem.field) == (Importance.WARNING, False, "")


def test_a_fall_to_less_than_the_previous_value_divided_by_the_factor_needs_a_comment():
    line = _line(ON_A_PLAN, rules=(CHANGE,), previous_value=D(120))
    assert _messages(_check(line, 59)) == [
        "Children on a child protection plan: the value has fallen from 120 to 59, a change of more than 2 times; "
        "it needs a comment explaining the change"
    ]
    assert _check(line, 60) == []
    assert _check(line, 240) == []


def test_any_rise_from_a_previous_value_of_zero_needs_a_comment():
    line = _line(ON_A_PLAN, rules=(CHANGE,), previous_value=D(0))
    assert len(_check(line, 1)) == 1
    assert _check(line, 0) == []


def test_there_is_no_change_check_without_a_previous_value():
    line = _line(ON_A_PLAN, rules=(CHANGE,))
    assert _check(line, 10_000) == []


def test_a_comment_resolves_a_change_warning_but_a_blank_one_does_not():
    line = _line(ON_A_PLAN, rules=(CHANGE,), previous_value=D(120))
    [explained] = _check(line, 300, comment="Two large sibling groups")
    [blank] = _check(line, 300, comment="   ")
    assert explained.resolved
    assert not explained.blocking
    assert not blank.resolved
    assert blank.blocking


def test_a_change_rule_set_as_an_error_is_not_resolved_by_a_comment():
    rule = RuleSpec(RuleKind.CHANGE_FACTOR, importance=Importance.ERROR, factor=D(2))
    line = _line(ON_A_PLAN, rules=(rule,), previous_value=D(120))
    [problem] = _check(line, 300, comment="Explained")
    assert problem.importance == Importance.ERROR
    assert not problem.resolved
    assert problem.blocking


# The return as a whole


def test_values_for_indicators_not_on_the_return_are_errors():
    values = [ValueInput("CP1", D(3), None), ValueInput("XX9", D(1), None)]
    [problem] = validate_values([ON_A_PLAN], values)
    assert problem.message == "There is no indicator with the code 'XX9' on this return"
    assert (problem.code, problem.importance) == ("XX9", Importance.ERROR)


def test_a_second_value_for_one_indicator_is_an_error_and_the_first_is_checked():
    values = [ValueInput("CP1", D(-1), None), ValueInput("CP1", D(3), None)]
    assert _messages(validate_values([ON_A_PLAN], values)) == [
        "Children on a child protection plan: the numerator must be 0 or more (it is -1)",
        "Children on a child protection plan: there is more than one value for this indicator; enter it once",
    ]


def test_rows_say_where_each_problem_is():
    values = [ValueInput("CP1", None, None), ValueInput("RR1", D(130), D(120)), ValueInput("ZZ1", D(1), None)]
    problems = validate_values([ON_A_PLAN, RE_REFERRALS], values, rows={"CP1": 7, "RR1": 8, "ZZ1": 9})
    assert [(problem.code, problem.row) for problem in problems] == [("CP1", 7), ("RR1", 8), ("ZZ1", 9)]


def test_blocking_keeps_errors_and_unexplained_warnings():
    error = Problem("CP1", "error")
    unexplained = Problem("CP1", "warning", importance=Importance.WARNING)
    explained = Problem("CP1", "warning", importance=Importance.WARNING, resolved=True)
    assert blocking([error, unexplained, explained]) == [error, unexplained]


def test_more_than_two_decimal_places_is_refused_because_figures_are_stored_to_two():
    line = LineSpec(code="R-01", name="Referral rate", unit=Unit.RATE, uses_denominator=True)
    problems = validate_values([line], [ValueInput("R-01", Decimal("12.345"), Decimal("1000"))])
    assert [problem.message for problem in problems] == [
        "Referral rate: the numerator must have no more than 2 decimal places (it is 12.345)"
    ]
