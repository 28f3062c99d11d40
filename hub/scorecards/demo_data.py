"""The scorecards demo as plain data: indicators, five years of quarterly values, return states and key figures.

Nothing here touches the database; the demo loader turns these records into models. Figures quoted
from the Durham Safeguarding Children Partnership's annual report 2021/22 are used exactly (the
child population profile, Supporting Families outcomes, harmful sexual behaviour referrals and the
2021/22 year-end counts of children in need, on plans, looked after, missing education and home
educated). Every other value is made up for the demo, shaped to be plausible for County Durham.

Some series are designed so that the statistical process control chart (XmR: limits at the mean
plus or minus 2.66 times the average moving range) shows each of its signals at least once; the
comment beside each such series names the signal it is meant to show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from hub.core.periods import FinancialYear

# Indicators ----------------------------------------------------------------------------------

COUNT, PERCENTAGE, RATE = "count", "percentage", "rate"
HIGHER, LOWER, RANGE, INFORMATION = "higher", "lower", "range", "information"
QUARTERLY = "quarterly"

LIQUID_LOGIC = "Liquid Logic (children's social care case system)"
EARLY_HELP_MODULE = "Liquid Logic Early Help Module"
POLICE_NICHE = "Police Niche RMS"
HUB = "Partnership Hub"

BENCHMARK_AREAS = ("England", "North East", "Statistical neighbours")


def _d(value: int | str) -> Decimal:
    return Decimal(str(value))


@dataclass(frozen=True)
class DemoIndicator:
    code: str
    name: str
    definition: str
    numerator_definition: str
    denominator_definition: str
    unit: str
    polarity: str
    agency: str
    themes: tuple[str, ...]
    data_source: str
    frequency: str = QUARTERLY
    target: Decimal | None = None
    target_range: tuple[Decimal, Decimal] | None = None
    tolerance: Decimal | None = None
    headline: bool = False
    benchmarks: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict, hash=False)
    rules: tuple[tuple, ...] = ()
    change_factor: Decimal | None = None


def _benchmarks(**years: tuple[str, str, str]) -> dict[str, dict[str, Decimal]]:
    """``y2021_22=("21.5", "20.1", "21.9")`` becomes ``{"2021/22": {"England": 21.5, ...}}``."""
    result = {}
    for key, figures in years.items():
        label = f"{key[1:5]}/{key[6:8]}"
        result[label] = {area: _d(figure) for area, figure in zip(BENCHMARK_AREAS, figures, strict=True)}
    return result


PERCENTAGE_RULES = (("range", 0, 100), ("numerator_at_most_denominator",))
COUNT_RULES = (("min", 0), ("whole_number",))
RATE_RULES = (("min", 0),)


def _percentage(code: str, name: str, **kwargs) -> DemoIndicator:
    kwargs.setdefault("rules", PERCENTAGE_RULES)
    return DemoIndicator(code=code, name=name, unit=PERCENTAGE, **kwargs)


def _count(code: str, name: str, **kwargs) -> DemoIndicator:
    kwargs.setdefault("rules", COUNT_RULES)
    kwargs.setdefault("change_factor", _d(2))
    kwargs.setdefault("denominator_definition", "")
    return DemoIndicator(code=code, name=name, unit=COUNT, **kwargs)


def _rate(code: str, name: str, **kwargs) -> DemoIndicator:
    kwargs.setdefault("rules", RATE_RULES)
    kwargs.setdefault("change_factor", _d("1.5"))
    kwargs.setdefault("denominator_definition", "Children under 18 living in County Durham (mid-year estimate)")
    return DemoIndicator(code=code, name=name, unit=RATE, **kwargs)


INDICATORS: tuple[DemoIndicator, ...] = (
    # Front door and assessment
    _count(
        "CSC-01",
        "Contacts to First Contact",
        definition="Every contact about a child received by First Contact (the front door to children's social "
        "care) in the quarter, whatever its source.",
        numerator_definition="Contacts received in the quarter",
        polarity=INFORMATION,
        agency="dcc",
        themes=("early-help",),
        data_source=LIQUID_LOGIC,
    ),
    _percentage(
        "CSC-02",
        "Contacts progressing to referral",
        definition="The share of contacts in the quarter that led to a referral to children's social care. Too "
        "high may mean partners are not using early help; too low may mean thresholds are set too high.",
        numerator_definition="Contacts in the quarter that became referrals",
        denominator_definition="Contacts received in the quarter",
        polarity=RANGE,
        target_range=(_d(15), _d(22)),
        agency="dcc",
        themes=("management-decision-making",),
        data_source=LIQUID_LOGIC,
    ),
    _rate(
        "CSC-03",
        "Referrals to children's social care (rate per 10,000 children)",
        definition="Referrals received in the twelve months to the end of the quarter, per 10,000 children. A "
        "referral is a request for services for a child who is not already open to children's social care.",
        numerator_definition="Referrals received in the twelve months to the end of the quarter",
        polarity=RANGE,
        target_range=(_d(500), _d(650)),
        agency="dcc",
        themes=("management-decision-making",),
        data_source=LIQUID_LOGIC,
        headline=True,
        benchmarks=_benchmarks(
            y2019_20=("534.8", "734.0", "662.0"),
            y2020_21=("494.3", "652.0", "601.0"),
            y2021_22=("544.5", "701.0", "633.0"),
        ),
    ),
    _percentage(
        "CSC-04",
        "Re-referrals within 12 months",
        definition="Referrals in the quarter for children who had another referral in the previous twelve "
        "months. A high rate can mean cases were closed before the family's needs were met.",
        numerator_definition="Referrals in the quarter within 12 months of a previous referral",
        denominator_definition="Referrals received in the quarter",
        polarity=LOWER,
        target=_d(20),
        tolerance=_d(2),
        agency="dcc",
        themes=("cumulative-harm", "management-decision-making"),
        data_source=LIQUID_LOGIC,
        headline=True,
        benchmarks=_benchmarks(
            y2019_20=("22.6", "21.4", "22.0"),
            y2020_21=("22.7", "21.0", "21.8"),
            y2021_22=("21.5", "20.3", "20.9"),
        ),
    ),
    _percentage(
        "CSC-05",
        "Assessments completed within 45 working days",
        definition="Children and family assessments completed in the quarter within the statutory timescale of "
        "45 working days from the referral.",
        numerator_definition="Assessments completed in the quarter within 45 working days",
        denominator_definition="Assessments completed in the quarter",
        polarity=HIGHER,
        target=_d(85),
        tolerance=_d(5),
        agency="dcc",
        themes=("voice-of-the-child",),
        data_source=LIQUID_LOGIC,
        headline=True,
        benchmarks=_benchmarks(
            y2019_20=("83.8", "86.9", "85.1"),
            y2020_21=("87.6", "88.2", "87.0"),
            y2021_22=("84.5", "86.0", "85.4"),
        ),
    ),
    _rate(
        "CSC-06",
        "Children in need (rate per 10,000 children)",
        definition="Children in need at the end of the quarter (including those on child protection plans and "
        "looked after), per 10,000 children.",
        numerator_definition="Children in need at the end of the quarter",
        polarity=RANGE,
        target_range=(_d(330), _d(400)),
        agency="dcc",
        themes=("neglect", "cumulative-harm"),
        data_source=LIQUID_LOGIC,
        benchmarks=_benchmarks(
            y2019_20=("323.7", "441.0", "398.0"),
            y2020_21=("321.2", "437.0", "392.0"),
            y2021_22=("334.3", "452.0", "401.0"),
        ),
    ),
    # Child protection
    _count(
        "CP-01",
        "Section 47 enquiries started",
        definition="Enquiries under section 47 of the Children Act 1989 started in the quarter, where there is "
        "reasonable cause to suspect a child is suffering, or likely to suffer, significant harm.",
        numerator_definition="Section 47 enquiries started in the quarter",
        polarity=INFORMATION,
        agency="dcc",
        themes=("child-sexual-abuse", "domestic-abuse"),
        data_source=LIQUID_LOGIC,
    ),
    _percentage(
        "CP-02",
        "Initial child protection conferences within 15 working days",
        definition="Initial child protection conferences held in the quarter within 15 working days of the "
        "strategy discussion that started the section 47 enquiry.",
        numerator_definition="Initial conferences in the quarter held within 15 working days",
        denominator_definition="Initial conferences held in the quarter",
        polarity=HIGHER,
        target=_d(85),
        tolerance=_d(5),
        agency="dcc",
        themes=("management-decision-making",),
        data_source=LIQUID_LOGIC,
        benchmarks=_benchmarks(
            y2019_20=("77.9", "84.0", "81.2"),
            y2020_21=("82.6", "86.1", "83.5"),
            y2021_22=("78.4", "83.2", "80.9"),
        ),
    ),
    _rate(
        "CP-03",
        "Children on child protection plans (rate per 10,000 children)",
        definition="Children subject to a child protection plan at the end of the quarter, per 10,000 children.",
        numerator_definition="Children on a child protection plan at the end of the quarter",
        polarity=RANGE,
        target_range=(_d(35), _d(50)),
        agency="dcc",
        themes=("neglect", "signs-of-safety"),
        data_source=LIQUID_LOGIC,
        headline=True,
        benchmarks=_benchmarks(
            y2019_20=("42.8", "62.1", "51.0"),
            y2020_21=("41.4", "59.8", "49.6"),
            y2021_22=("42.1", "58.9", "48.7"),
        ),
    ),
    _percentage(
        "CP-04",
        "Child protection plans for a second or subsequent time",
        definition="Children who became subject to a child protection plan in the quarter who had been on a plan "
        "before, at any time. A high share can point to plans ending before change was sustained.",
        numerator_definition="Children starting a plan in the quarter who had a previous plan",
        denominator_definition="Children starting a plan in the quarter",
        polarity=LOWER,
        target=_d(20),
        tolerance=_d(3),
        agency="dcc",
        themes=("cumulative-harm", "signs-of-safety"),
        data_source=LIQUID_LOGIC,
        headline=True,
        benchmarks=_benchmarks(
            y2019_20=("21.9", "22.8", "22.1"),
            y2020_21=("22.1", "23.0", "22.4"),
            y2021_22=("23.3", "23.9", "23.1"),
        ),
    ),
    _percentage(
        "CP-05",
        "Child protection plans lasting two years or more",
        definition="Child protection plans that ended in the quarter having lasted two years or more.",
        numerator_definition="Plans ending in the quarter that had lasted two years or more",
        denominator_definition="Plans ending in the quarter",
        polarity=LOWER,
        target=_d(3),
        tolerance=_d(1),
        agency="dcc",
        themes=("neglect", "management-decision-making"),
        data_source=LIQUID_LOGIC,
        benchmarks=_benchmarks(
            y2019_20=("3.9", "3.1", "3.5"),
            y2020_21=("4.0", "3.4", "3.7"),
            y2021_22=("3.6", "3.0", "3.3"),
        ),
    ),
    # Children looked after
    _rate(
        "CLA-01",
        "Children looked after (rate per 10,000 children)",
        definition="Children looked after by the council at the end of the quarter, per 10,000 children.",
        numerator_definition="Children looked after at the end of the quarter",
        polarity=RANGE,
        target_range=(_d(85), _d(105)),
        agency="dcc",
        themes=("cumulative-harm",),
        data_source=LIQUID_LOGIC,
        headline=True,
        benchmarks=_benchmarks(
            y2019_20=("67.0", "107.0", "94.0"),
            y2020_21=("67.0", "110.0", "97.0"),
            y2021_22=("70.0", "110.0", "99.0"),
        ),
    ),
    _percentage(
        "CLA-02",
        "Children looked after with three or more placements in the year",
        definition="Children looked after at the end of the quarter who had three or more placements in the "
        "previous twelve months.",
        numerator_definition="Children looked after with three or more placements in the last 12 months",
        denominator_definition="Children looked after at the end of the quarter",
        polarity=LOWER,
        target=_d(10),
        tolerance=_d(1),
        agency="dcc",
        themes=("voice-of-the-child",),
        data_source=LIQUID_LOGIC,
        benchmarks=_benchmarks(
            y2019_20=("11.0", "9.0", "10.0"),
            y2020_21=("9.0", "8.0", "9.0"),
            y2021_22=("10.0", "9.0", "10.0"),
        ),
    ),
    _percentage(
        "CLA-03",
        "Review health assessments for children looked after on time",
        definition="Review health assessments for children looked after that were due in the quarter and done by "
        "the due date.",
        numerator_definition="Review health assessments due in the quarter and done on time",
        denominator_definition="Review health assessments due in the quarter",
        polarity=HIGHER,
        target=_d(90),
        tolerance=_d(5),
        agency="cddft",
        themes=("voice-of-the-child",),
        data_source="CDDFT looked after children health tracker",
        benchmarks=_benchmarks(
            y2019_20=("90.0", "92.0", "91.0"),
            y2020_21=("91.0", "91.0", "90.0"),
            y2021_22=("89.0", "90.0", "90.0"),
        ),
    ),
    _percentage(
        "CLA-04",
        "Initial health assessments within 20 working days",
        definition="Children who came into care and had their initial health assessment within 20 working days "
        "of entering care.",
        numerator_definition="Initial health assessments in the quarter done within 20 working days",
        denominator_definition="Initial health assessments due in the quarter",
        polarity=HIGHER,
        target=_d(90),
        tolerance=_d(10),
        agency="icb",
        themes=("voice-of-the-child",),
        data_source="ICB designated nurse for children looked after: health assessment returns",
    ),
    # Missing and exploitation
    _count(
        "EXP-01",
        "Missing episodes",
        definition="Episodes in the quarter in which a child living in County Durham was reported missing to "
        "the police.",
        numerator_definition="Missing episodes reported in the quarter",
        polarity=LOWER,
        agency="police",
        themes=("child-exploitation",),
        data_source=POLICE_NICHE,
    ),
    _percentage(
        "EXP-02",
        "Return home interviews offered within 72 hours",
        definition="Missing episodes in the quarter after which the child was offered a return home interview "
        "within 72 hours of coming back, as statutory guidance on missing children expects.",
        numerator_definition="Missing episodes followed by a return home interview offered within 72 hours",
        denominator_definition="Missing episodes in the quarter",
        polarity=HIGHER,
        target=_d(95),
        tolerance=_d(5),
        agency="dcc",
        themes=("child-exploitation", "voice-of-the-child"),
        data_source=LIQUID_LOGIC,
    ),
    _count(
        "EXP-03",
        "National Referral Mechanism referrals for children",
        definition="Children referred in the quarter to the National Referral Mechanism as potential victims of "
        "modern slavery or trafficking, including criminal exploitation.",
        numerator_definition="Children referred to the National Referral Mechanism in the quarter",
        polarity=INFORMATION,
        agency="police",
        themes=("child-exploitation",),
        data_source=POLICE_NICHE,
    ),
    # Early help
    _count(
        "EH-01",
        "Early help assessments started",
        definition="Early help assessments started in the quarter by any agency in the early help system.",
        numerator_definition="Early help assessments started in the quarter",
        polarity=HIGHER,
        agency="early-help",
        themes=("early-help",),
        data_source=EARLY_HELP_MODULE,
    ),
    _percentage(
        "EH-02",
        "Early help assessments led by partner agencies",
        definition="Early help assessments started in the quarter where the lead professional works for an agency "
        "other than the council (schools, health, voluntary sector).",
        numerator_definition="Early help assessments started in the quarter led by a non-council agency",
        denominator_definition="Early help assessments started in the quarter",
        polarity=HIGHER,
        target=_d(40),
        tolerance=_d(5),
        agency="early-help",
        themes=("early-help",),
        data_source=EARLY_HELP_MODULE,
    ),
    _count(
        "EH-03",
        "Supporting Families successful outcomes",
        definition="Families in the Supporting Families programme (Stronger Families in Durham) whose significant "
        "and sustained outcomes were claimed in the quarter. The government sets a yearly target (761 for "
        "2021/22); the quarterly target is that figure spread evenly across the year.",
        numerator_definition="Families with successful outcomes claimed in the quarter",
        polarity=HIGHER,
        target=_d(190),
        tolerance=_d(20),
        agency="early-help",
        themes=("early-help",),
        data_source="Stronger Families outcome claims to the government",
        headline=True,
    ),
    # Health
    _percentage(
        "HLT-01",
        "ICON touchpoint coverage",
        definition="Contacts at the five ICON touchpoints (hospital, community midwife, health visitor twice, GP "
        "six-to-eight-week check) in the quarter at which the ICON message about coping with a crying baby was "
        "given. Reported from the third quarter of 2020/21, when the programme started in Durham.",
        numerator_definition="Touchpoint contacts in the quarter at which the ICON message was given",
        denominator_definition="Touchpoint contacts due in the quarter",
        polarity=HIGHER,
        target=_d(90),
        tolerance=_d(5),
        agency="icb",
        themes=("cumulative-harm",),
        data_source="ICB designated nurse: ICON returns from maternity, health visiting and GP practices",
    ),
    _percentage(
        "HLT-02",
        "Safeguarding children training compliance (CDDFT)",
        definition="Staff in roles needing safeguarding children training who are up to date with training at the "
        "level their role requires, at the end of the quarter.",
        numerator_definition="Staff up to date with safeguarding children training",
        denominator_definition="Staff whose role requires safeguarding children training",
        polarity=HIGHER,
        target=_d(90),
        tolerance=_d(5),
        agency="cddft",
        themes=("management-decision-making",),
        data_source="CDDFT electronic staff record",
    ),
    _percentage(
        "HLT-03",
        "Safeguarding children training compliance (TEWV)",
        definition="Staff in roles needing safeguarding children training who are up to date with training at the "
        "level their role requires, at the end of the quarter.",
        numerator_definition="Staff up to date with safeguarding children training",
        denominator_definition="Staff whose role requires safeguarding children training",
        polarity=HIGHER,
        target=_d(90),
        tolerance=_d(5),
        agency="tewv",
        themes=("management-decision-making",),
        data_source="TEWV electronic staff record",
    ),
    _percentage(
        "HLT-04",
        "New birth visits within 14 days",
        definition="Babies who had their new birth visit from a health visitor within 14 days of birth.",
        numerator_definition="New birth visits in the quarter made within 14 days of birth",
        denominator_definition="New birth visits due in the quarter",
        polarity=HIGHER,
        target=_d(95),
        tolerance=_d(3),
        agency="hdft",
        themes=("neglect",),
        data_source="HDFT 0-19 service clinical record",
        benchmarks=_benchmarks(
            y2019_20=("87.0", "93.0", "90.0"),
            y2020_21=("86.0", "92.0", "89.0"),
            y2021_22=("82.0", "91.0", "88.0"),
        ),
    ),
    _rate(
        "PH-01",
        "Hospital admissions for injuries to children aged 0 to 14 (rate per 10,000)",
        definition="Emergency hospital admissions caused by unintentional and deliberate injuries to children aged "
        "0 to 14 in the twelve months to the end of the quarter, per 10,000 children of that age.",
        numerator_definition="Emergency admissions for injury of children aged 0 to 14 in the last 12 months",
        denominator_definition="Children aged 0 to 14 living in County Durham (mid-year estimate)",
        polarity=LOWER,
        target=_d(110),
        tolerance=_d(10),
        agency="public-health",
        themes=("neglect",),
        data_source="Hospital episode statistics, analysed by Durham public health intelligence",
        benchmarks=_benchmarks(
            y2019_20=("91.2", "124.0", "112.0"),
            y2020_21=("75.7", "107.0", "98.0"),
            y2021_22=("84.3", "111.0", "103.0"),
        ),
    ),
    # Harmful sexual behaviour, police and education
    _count(
        "HSB-01",
        "Referrals to the harmful sexual behaviour pathway",
        definition="Referrals received in the quarter by the harmful sexual behaviour pathway, which the youth "
        "justice service runs for the partnership. The partnership relaunched its procedures in February 2020.",
        numerator_definition="Referrals to the harmful sexual behaviour pathway in the quarter",
        polarity=INFORMATION,
        agency="cdyjs",
        themes=("harmful-sexual-behaviour",),
        data_source="CDYJS case management system",
        headline=True,
    ),
    _count(
        "POL-01",
        "Operation Encompass notifications to schools",
        definition="Notifications sent by the police to a child's school before the next school day after a "
        "domestic abuse incident the child was present at or affected by.",
        numerator_definition="Operation Encompass notifications sent to schools in the quarter",
        polarity=HIGHER,
        agency="police",
        themes=("domestic-abuse",),
        data_source=POLICE_NICHE,
    ),
    _count(
        "POL-02",
        "Domestic abuse incidents with children present",
        definition="Domestic abuse incidents recorded by the police in the quarter at which one or more children "
        "were present.",
        numerator_definition="Domestic abuse incidents in the quarter with a child present",
        polarity=INFORMATION,
        agency="police",
        themes=("domestic-abuse", "cumulative-harm"),
        data_source=POLICE_NICHE,
    ),
    _count(
        "EDU-01",
        "Children missing education",
        definition="Children of compulsory school age known to be missing education (not on a school roll and "
        "not receiving a suitable education otherwise) at the end of the quarter.",
        numerator_definition="Children missing education at the end of the quarter",
        polarity=INFORMATION,
        agency="education",
        themes=("child-exploitation", "neglect"),
        data_source="Education case management system (children missing education register)",
    ),
    _count(
        "EDU-02",
        "Children electively home educated",
        definition="Children whose parents have told the council they are educating them at home, at the end of "
        "the quarter.",
        numerator_definition="Children electively home educated at the end of the quarter",
        polarity=INFORMATION,
        agency="education",
        themes=("voice-of-the-child",),
        data_source="Education case management system (elective home education register)",
    ),
    # The partnership itself
    _percentage(
        "PART-01",
        "Section 11 self-assessments returned on time",
        definition="Section 11 (Children Act 2004) safeguarding self-assessments due from agencies in the quarter "
        "that were returned by the deadline. Agencies are audited on a staggered two-year cycle.",
        numerator_definition="Section 11 self-assessments due in the quarter and returned by the deadline",
        denominator_definition="Section 11 self-assessments due in the quarter",
        polarity=HIGHER,
        target=_d(100),
        tolerance=_d(15),
        agency="dcc",
        themes=("management-decision-making",),
        data_source=HUB,
    ),
    _count(
        "PART-02",
        "Partnership actions overdue",
        definition="Actions on the partnership's tracker (from reviews, audits and inspections) that were past "
        "their due date and not completed at the end of the quarter.",
        numerator_definition="Actions overdue at the end of the quarter",
        polarity=LOWER,
        target=_d(10),
        tolerance=_d(3),
        agency="dcc",
        themes=("management-decision-making",),
        data_source=HUB,
    ),
    _percentage(
        "PART-03",
        "Multi-agency training no-shows",
        definition="Places booked on partnership training in the quarter where the person neither came nor cancelled.",
        numerator_definition="Booked places not attended and not cancelled",
        denominator_definition="Places booked on training held in the quarter",
        polarity=LOWER,
        target=_d(10),
        tolerance=_d(2),
        agency="dcc",
        themes=("management-decision-making",),
        data_source=HUB,
    ),
)

INDICATORS_BY_CODE: dict[str, DemoIndicator] = {indicator.code: indicator for indicator in INDICATORS}


# Periods -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoPeriod:
    start: date
    end: date
    label: str  # "Q1 2018/19"
    key: str  # "2018-19-q1"

    @property
    def year_label(self) -> str:
        return self.label.split(" ")[1]


def _periods() -> tuple[DemoPeriod, ...]:
    result = []
    for start_year in range(2018, 2023):
        year = FinancialYear(start_year)
        for number, quarter in enumerate(year.quarters(), start=1):
            result.append(DemoPeriod(quarter.start, quarter.end, quarter.label, f"{year.slug}-q{number}"))
    return tuple(result)


PERIODS: tuple[DemoPeriod, ...] = _periods()
PERIOD_KEYS: tuple[str, ...] = tuple(period.key for period in PERIODS)
LATEST_PERIOD = PERIODS[-1]

# Children under 18 living in County Durham by financial year. The 2021/22 figure is the annual
# report's; the others are demo estimates around it.
CHILD_POPULATION: dict[str, int] = {
    "2018/19": 100_912,
    "2019/20": 101_347,
    "2020/21": 101_702,
    "2021/22": 101_979,
    "2022/23": 102_240,
}
# Children aged 0 to 14. The 2021/22 figure is the sum of the report's 0-4, 5-9 and 10-14 bands.
CHILDREN_AGED_0_TO_14: dict[str, int] = {
    "2018/19": 85_204,
    "2019/20": 85_390,
    "2020/21": 85_512,
    "2021/22": 85_631,
    "2022/23": 85_702,
}


# Values --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoValue:
    period: str  # a PERIODS key
    numerator: Decimal | None  # None: the agency sent no figure for that quarter
    denominator: Decimal | None
    comment: str = ""


def computed_value(indicator: DemoIndicator, value: DemoValue) -> Decimal | None:
    """The figure that is charted: the count itself, a percentage, or a rate per 10,000."""
    if value.numerator is None:
        return None
    if indicator.unit == COUNT:
        return value.numerator
    scale = 100 if indicator.unit == PERCENTAGE else 10_000
    return value.numerator / value.denominator * scale


def _values(
    numerators: Sequence[int | str | None],
    denominators: Sequence[int | None] | None = None,
    comments: Mapping[str, str] | None = None,
    first_period: str = PERIOD_KEYS[0],
) -> tuple[DemoValue, ...]:
    keys = PERIOD_KEYS[PERIOD_KEYS.index(first_period) :]
    if len(numerators) != len(keys) or (denominators is not None and len(denominators) != len(keys)):
        raise ValueError(f"Expected {len(keys)} values from {first_period}")
    comments = comments or {}
    unknown = set(comments) - set(keys)
    if unknown:
        raise ValueError(f"Comments for unknown periods: {sorted(unknown)}")
    result = []
    for index, key in enumerate(keys):
        numerator = numerators[index]
        denominator = denominators[index] if denominators is not None else None
        result.append(
            DemoValue(
                key,
                None if numerator is None else _d(numerator),
                None if denominator is None else _d(denominator),
                comments.get(key, ""),
            )
        )
    return tuple(result)


def _from_percentages(percentages: Sequence[str | None], denominators: Sequence[int | None]) -> list[int | None]:
    """Whole-number numerators that give (to the nearest person) the designed percentages."""
    return [
        None if p is None else round(Decimal(p) * denominator / 100)
        for p, denominator in zip(percentages, denominators, strict=True)
    ]


def _population(table: Mapping[str, int], first_period: str = PERIOD_KEYS[0]) -> list[int]:
    keys = PERIOD_KEYS[PERIOD_KEYS.index(first_period) :]
    return [table[f"{key[:4]}/{key[5:7]}"] for key in keys]


POPULATION = _population(CHILD_POPULATION)

CONTACTS = [8412, 8705, 8390, 8871, 8544, 8912, 8301, 8688, 7963, 8820, 8459, 8790, 8536, 8948, 8410, 8763, 8602]
CONTACTS += [8890, 8475, 8731]
REFERRALS = [1521, 1588, 1493, 1609, 1536, 1617, 1482, 1575, 1398, 1612, 1514, 1590, 1548, 1631, 1502, 1580]
REFERRALS += [1559, 1622, 1507, 1596]
# Referrals in the last three quarters of 2017/18, so the first rolling twelve-month totals are whole.
REFERRALS_2017_18 = [1502, 1466, 1574]

MISSING_EPISODES = [318, 342, 305, 331, 326, 349, 312, 338, 296, 327, 344, 315, 333, 309, 341, 322, 336, 314]
MISSING_EPISODES += [329, 548]

EARLY_HELP_ASSESSMENTS = [688, 731, 702, 746, 715, 752, 694, 739, 611, 724, 709, 757, 721, 768, 712, 749]
EARLY_HELP_ASSESSMENTS += [736, 771, 719, 760]

TEWV_STAFF = [1712, 1726, 1719, 1734, 1741, 1738, 1752, 1747, None, 1755, 1768, 1763, 1771, 1779, 1774, 1786]
TEWV_STAFF += [1781, 1790, 1795, 1802]

CHILDREN_LOOKED_AFTER = [826, 841, 858, 866, 879, 890, 902, 915, 928, 936, 949, 957, 963, 971, 978, 985]
CHILDREN_LOOKED_AFTER += [992, 1001, 996, 1010]


@dataclass(frozen=True)
class IconTouchpoint:
    number: int
    description: str
    agency: str
    contacts_due: int
    contacts_with_message: int

    @property
    def coverage(self) -> Decimal:
        return (_d(self.contacts_with_message) * 100 / self.contacts_due).quantize(Decimal("0.1"))


# The five touchpoints at which the ICON message is mandated, with the latest quarter's coverage.
ICON_TOUCHPOINTS: tuple[IconTouchpoint, ...] = (
    IconTouchpoint(1, "At the hospital, before the baby goes home", "cddft", 1192, 1146),
    IconTouchpoint(2, "By the community midwife in the baby's first 10 days", "cddft", 1188, 1083),
    IconTouchpoint(3, "By the health visitor in the first 14 days", "hdft", 1185, 1121),
    IconTouchpoint(4, "By the health visitor again at three weeks", "hdft", 1179, 1036),
    IconTouchpoint(5, "By the GP at the six-to-eight-week postnatal check", "icb", 1174, 752),
)


def icon_coverage_by_agency() -> dict[str, Decimal]:
    """Coverage of the ICON message across the touchpoints each agency delivers (latest quarter)."""
    totals: dict[str, list[int]] = {}
    for touchpoint in ICON_TOUCHPOINTS:
        due, given = totals.setdefault(touchpoint.agency, [0, 0])
        totals[touchpoint.agency] = [due + touchpoint.contacts_due, given + touchpoint.contacts_with_message]
    return {agency: (_d(given) * 100 / due).quantize(Decimal("0.1")) for agency, (due, given) in totals.items()}


ICON_FIRST_PERIOD = "2020-21-q3"
ICON_DUE = [5762, 5840, 5691, 5903, 5855, 5798, 5946, 5870, 5812]
ICON_DUE.append(sum(touchpoint.contacts_due for touchpoint in ICON_TOUCHPOINTS))
ICON_GIVEN = _from_percentages(["41.8", "55.3", "62.9", "69.6", "73.8", "77.5", "80.4", "82.7", "84.1"], ICON_DUE[:-1])
ICON_GIVEN.append(sum(touchpoint.contacts_with_message for touchpoint in ICON_TOUCHPOINTS))


def _rolling_year(quarters: Sequence[int], before: Sequence[int]) -> list[int]:
    padded = list(before) + list(quarters)
    return [sum(padded[index : index + 4]) for index in range(len(quarters))]


_SERIES: dict[str, tuple[DemoValue, ...]] = {
    # Stable: common-cause variation only.
    "CSC-01": _values(
        CONTACTS,
        comments={
            "2020-21-q1": "Fewer contacts from schools while they were closed to most pupils in the first lockdown."
        },
    ),
    # Stable.
    "CSC-02": _values(REFERRALS, CONTACTS),
    # A rolling twelve-month total moves slowly, so its chart flags drifts that are not special causes
    # (the dip after the first lockdown, for one); it is judged against the range instead.
    "CSC-03": _values(_rolling_year(REFERRALS, REFERRALS_2017_18), POPULATION),
    # Shift (improvement, lower is better): after the front door was redesigned in autumn 2020 every
    # quarter is below the mean (and the quarters before it above).
    "CSC-04": _values(
        _from_percentages(
            ["24.1", "23.4", "25.0", "23.8", "24.6", "23.2", "24.9", "23.7", "24.3", "23.5"]
            + ["20.2", "19.4", "20.6", "19.1", "19.9", "18.8", "20.1", "19.3", "19.7", "18.9"],
            REFERRALS,
        ),
        REFERRALS,
        comments={
            "2020-21-q3": "First full quarter of the redesigned front door: closures are now checked by a "
            "team manager, with the family's plan in place.",
            "2021-22-q4": "Eight quarters below the long-run average; the change appears to be holding.",
        },
    ),
    # Stable.
    "CSC-05": _values(
        _from_percentages(
            ["86.2", "88.9", "85.4", "87.8", "86.9", "89.1", "85.7", "88.4", "84.9", "87.6"]
            + ["86.1", "88.7", "85.9", "88.2", "86.4", "89.0", "85.6", "88.1", "86.8", "87.9"],
            [1402, 1466, 1388, 1495, 1420, 1503, 1371, 1460, 1310, 1489, 1398, 1472, 1431, 1512, 1389, 1466]
            + [1447, 1498, 1402, 1478],
        ),
        [1402, 1466, 1388, 1495, 1420, 1503, 1371, 1460, 1310, 1489, 1398, 1472, 1431, 1512, 1389, 1466]
        + [1447, 1498, 1402, 1478],
    ),
    # Stable; the 2021/22 year-end figure (3,763) is the annual report's.
    "CSC-06": _values(
        [3655, 3712, 3684, 3741, 3698, 3759, 3667, 3735, 3690, 3751, 3672, 3728, 3701, 3749, 3686, 3763]
        + [3709, 3744, 3681, 3736],
        POPULATION,
    ),
    # Stable.
    "CP-01": _values(
        [512, 548, 497, 533, 521, 556, 503, 541, 468, 539, 515, 552, 526, 561, 508, 544, 530, 557, 512, 549],
        comments={"2020-21-q1": "Fewer enquiries during the first lockdown, in line with fewer contacts."},
    ),
    # Two of three beyond the 2-sigma line (concern, higher is better): two of the last three
    # quarters fall well below the usual range, without crossing the lower limit.
    "CP-02": _values(
        _from_percentages(
            ["86.7", "83.1", "87.4", "84.0", "86.9", "82.8", "87.2", "84.3", "85.1", "87.8"]
            + ["83.5", "86.4", "84.1", "87.3", "83.9", "86.6", "84.8", "76.7", "84.2", "76.9"],
            [121, 128, 115, 133, 124, 131, 118, 126, 102, 129, 120, 134, 125, 137, 119, 128, 126, 133, 121, 130],
        ),
        [121, 128, 115, 133, 124, 131, 118, 126, 102, 129, 120, 134, 125, 137, 119, 128, 126, 133, 121, 130],
        comments={
            "2022-23-q2": "Two conference chairs were off sick; conferences were rebooked as soon as a chair was free.",
            "2022-23-q4": "Chair vacancies again this quarter. Two agency chairs start in April.",
        },
    ),
    # Stable; the 2021/22 year-end figure (389) is the annual report's.
    "CP-03": _values(
        [431, 409, 427, 402, 424, 398, 421, 405, 417, 396, 412, 401, 418, 394, 411, 389, 414, 397, 416, 402],
        POPULATION,
    ),
    # Stable.
    "CP-04": _values(
        _from_percentages(
            ["21.4", "19.8", "22.6", "20.3", "21.9", "19.5", "22.1", "20.6", "21.2", "19.9"]
            + ["22.4", "20.1", "21.6", "19.7", "22.3", "20.4", "21.8", "20.0", "22.0", "20.5"],
            [131, 142, 126, 138, 129, 145, 123, 137, 112, 140, 128, 143, 132, 146, 125, 139, 133, 141, 127, 144],
        ),
        [131, 142, 126, 138, 129, 145, 123, 137, 112, 140, 128, 143, 132, 146, 125, 139, 133, 141, 127, 144],
    ),
    # Stable.
    "CP-05": _values(
        [4, 3, 5, 3, 4, 2, 5, 4, 3, 5, 4, 3, 5, 3, 4, 2, 4, 3, 5, 3],
        [138, 145, 131, 149, 136, 152, 128, 143, 119, 147, 134, 150, 139, 155, 130, 146, 141, 149, 133, 151],
    ),
    # A steady rise in children looked after over five years; the 2021/22 year-end figure (985) is
    # the annual report's. Judged against the range rather than as a special cause.
    "CLA-01": _values(
        CHILDREN_LOOKED_AFTER,
        POPULATION,
        comments={"2022-23-q2": "More very young children coming into care; a review of pre-birth work has started."},
    ),
    # Stable.
    "CLA-02": _values(
        _from_percentages(
            ["10.4", "9.2", "10.9", "9.6", "10.7", "9.1", "10.5", "9.7", "10.8", "9.4"]
            + ["10.3", "9.0", "10.6", "9.5", "10.2", "9.3", "10.7", "9.6", "10.4", "9.2"],
            CHILDREN_LOOKED_AFTER,
        ),
        CHILDREN_LOOKED_AFTER,
    ),
    # Astronomical point (concern, higher is better): review health assessments stopped in the first
    # lockdown, taking one quarter far below the lower limit.
    "CLA-03": _values(
        _from_percentages(
            ["89.5", "91.2", "87.4", "90.7", "87.1", "91.6", "87.8", "90.2", "61.3", "86.0"]
            + ["89.7", "91.0", "87.6", "90.9", "87.3", "91.4", "87.9", "90.5", "87.8", "91.1"],
            [232, 241, 228, 246, 237, 249, 230, 244, 238, 251, 236, 247, 242, 255, 239, 250, 246, 258, 241, 253],
        ),
        [232, 241, 228, 246, 237, 249, 230, 244, 238, 251, 236, 247, 242, 255, 239, 250, 246, 258, 241, 253],
        comments={
            "2020-21-q1": "Face-to-face health assessments were paused in the first lockdown; those done by video "
            "call are counted from July.",
            "2020-21-q2": "Backlog cleared by the end of September.",
        },
    ),
    # Stable, well below target.
    "CLA-04": _values(
        _from_percentages(
            ["64.2", "69.8", "62.5", "68.1", "65.7", "70.3", "63.4", "68.9", "61.8", "67.5"]
            + ["64.9", "70.1", "63.2", "68.6", "65.3", "69.7", "64.1", "69.2", "62.9", "68.4"],
            [68, 74, 63, 77, 70, 79, 66, 73, 58, 76, 69, 80, 72, 83, 67, 78, 74, 81, 70, 79],
        ),
        [68, 74, 63, 77, 70, 79, 66, 73, 58, 76, 69, 80, 72, 83, 67, 78, 74, 81, 70, 79],
    ),
    # Astronomical point (concern, lower is better): a spike in missing episodes in the latest quarter.
    "EXP-01": _values(
        MISSING_EPISODES,
        comments={
            "2022-23-q4": "A small group of young people in two children's homes went missing repeatedly; "
            "a multi-agency exploitation meeting was held in March.",
        },
    ),
    # Stable.
    "EXP-02": _values(
        _from_percentages(
            ["93.1", "94.7", "92.5", "94.2", "93.6", "95.0", "92.8", "94.4", "93.3", "94.9"]
            + ["92.7", "94.6", "93.5", "95.1", "92.9", "94.3", "93.8", "94.8", "93.0", "94.1"],
            MISSING_EPISODES,
        ),
        MISSING_EPISODES,
    ),
    # Stable.
    "EXP-03": _values([14, 19, 12, 17, 15, 21, 13, 18, 11, 20, 16, 22, 15, 19, 13, 21, 17, 20, 14, 19]),
    # Stable.
    "EH-01": _values(
        EARLY_HELP_ASSESSMENTS,
        comments={"2020-21-q1": "Fewer requests from schools during the first lockdown."},
    ),
    # Trend (improvement, higher is better): nine quarters in a row rising as schools and health
    # visitors took on the lead professional role.
    "EH-02": _values(
        _from_percentages(
            ["29.4", "31.0", "28.7", "30.6", "29.1", "30.9", "28.4", "30.3", "29.0", "30.8", "28.9"]
            + ["30.2", "31.5", "33.0", "34.1", "35.8", "37.2", "38.0", "39.6", "41.3"],
            EARLY_HELP_ASSESSMENTS,
        ),
        EARLY_HELP_ASSESSMENTS,
        comments={
            "2020-21-q4": "Lead professional training for schools and health visitors started this quarter.",
            "2022-23-q4": "Above the 40% target for the first time.",
        },
    ),
    # Shift (improvement, higher is better): outcomes stepped up in 2021/22 (995 against a target of
    # 761, the annual report's figures) and stayed up.
    "EH-03": _values(
        [142, 155, 138, 161, 150, 163, 147, 171, 139, 158, 166, 177, 226, 241, 247, 281, 238, 252, 229, 264],
        comments={
            "2021-22-q1": "Outcome claims now checked against the new outcomes framework every month, not at year end.",
            "2021-22-q4": "995 successful outcomes this year against the government's target of 761.",
        },
    ),
    # Run chart only: fewer than twelve quarters since the programme started in Durham.
    "HLT-01": _values(
        ICON_GIVEN,
        ICON_DUE,
        first_period=ICON_FIRST_PERIOD,
        comments={"2020-21-q3": "First quarter of ICON: hospital and health visiting only."},
    ),
    # Stable.
    "HLT-02": _values(
        _from_percentages(
            ["88.4", "90.6", "87.9", "90.1", "88.8", "91.0", "87.5", "89.9", "88.2", "90.4"]
            + ["88.9", "90.8", "88.1", "90.3", "88.6", "91.2", "88.0", "90.5", "88.7", "90.2"],
            [2384, 2401, 2392, 2415, 2408, 2421, 2399, 2433, 2446, 2452, 2440, 2461, 2458, 2470, 2463, 2479]
            + [2471, 2486, 2480, 2492],
        ),
        [2384, 2401, 2392, 2415, 2408, 2421, 2399, 2433, 2446, 2452, 2440, 2461, 2458, 2470, 2463, 2479]
        + [2471, 2486, 2480, 2492],
    ),
    # Stable, with one quarter missing (no return in the first lockdown).
    "HLT-03": _values(
        _from_percentages(
            ["85.3", "87.9", "84.8", "87.2", "85.6", "88.1", "84.9", "87.5", None, "86.0"]
            + ["84.7", "87.4", "85.2", "88.0", "85.5", "87.7", "84.9", "87.1", "85.8", "87.6"],
            TEWV_STAFF,
        ),
        TEWV_STAFF,
        comments={"2020-21-q1": "No return: training records were not reconciled while staff were redeployed."},
    ),
    # Stable.
    "HLT-04": _values(
        _from_percentages(
            ["93.8", "95.2", "93.1", "94.9", "93.5", "95.4", "92.9", "94.6", "93.2", "95.0"]
            + ["93.7", "95.3", "93.0", "94.8", "93.6", "95.1", "93.3", "94.7", "93.9", "95.2"],
            [1241, 1268, 1225, 1197, 1236, 1259, 1213, 1188, 1204, 1247, 1219, 1176, 1228, 1251, 1207, 1183]
            + [1215, 1240, 1198, 1174],
        ),
        [1241, 1268, 1225, 1197, 1236, 1259, 1213, 1188, 1204, 1247, 1219, 1176, 1228, 1251, 1207, 1183]
        + [1215, 1240, 1198, 1174],
    ),
    # Stable rolling twelve-month rate.
    "PH-01": _values(
        [1038, 1012, 1047, 1019, 1041, 1008, 1044, 1016, 1035, 1003, 1039, 1011, 1046, 1014, 1040, 1009]
        + [1043, 1017, 1037, 1012],
        _population(CHILDREN_AGED_0_TO_14),
    ),
    # Shift (neutral, information only): referrals rose after the procedures were relaunched in
    # February 2020; 24 in 2019/20 and 152 in 2021/22 are the annual report's figures.
    "HSB-01": _values(
        [5, 6, 4, 7, 5, 6, 5, 8, 14, 18, 22, 26, 34, 37, 39, 42, 40, 43, 41, 44],
        comments={
            "2019-20-q4": "Harmful sexual behaviour procedures relaunched in February, with briefings for "
            "children's services.",
            "2020-21-q3": "Referral pathway with First Contact agreed; referrals from schools rising.",
            "2021-22-q4": "152 referrals this year, against 24 in 2019/20.",
        },
    ),
    # Stable apart from the first lockdown, which shows as a point below the lower limit.
    "POL-01": _values(
        [912, 968, 874, 945, 931, 987, 889, 958, 702, 951, 917, 979, 938, 994, 902, 966] + [949, 1003, 921, 973],
        comments={"2020-21-q1": "Fewer notifications while schools were closed to most pupils."},
    ),
    # Stable.
    "POL-02": _values(
        [1596, 1648, 1571, 1623, 1608, 1662, 1584, 1637, 1702, 1651, 1602, 1645, 1619, 1671, 1593]
        + [1640, 1627, 1676, 1605, 1652]
    ),
    # Stable; the 2021/22 year-end figure (76) is the annual report's.
    "EDU-01": _values(
        [71, 82, 68, 79, 74, 85, 70, 81, 66, 83, 72, 80, 75, 84, 69, 76, 78, 86, 73, 88],
        comments={"2022-23-q4": "Includes newly arrived families waiting for school places."},
    ),
    # Trend (neutral, information only): home education rose for nine quarters in a row after schools
    # reopened in 2020; the 2021/22 year-end figure (501) is the annual report's.
    "EDU-02": _values(
        [352, 368, 349, 372, 361, 379, 366, 383, 390, 418, 436, 452, 467, 481, 493, 501, 488, 509, 497, 514],
        comments={"2020-21-q2": "A rise in families choosing home education when schools reopened in September."},
    ),
    # Stable.
    "PART-01": _values(
        [5, 6, 6, 5, 6, 7, 5, 6, 4, 6, 7, 5, 6, 6, 5, 7, 6, 6, 5, 7],
        [6, 6, 7, 6, 6, 7, 6, 7, 6, 6, 7, 6, 6, 7, 6, 7, 6, 7, 6, 7],
    ),
    # Trend (concern, lower is better): overdue actions rose for nine quarters in a row as the
    # learning review action plans grew faster than agencies closed actions.
    "PART-02": _values(
        [12, 9, 14, 10, 13, 8, 12, 11, 14, 9, 12, 8, 10, 12, 15, 17, 19, 22, 24, 27],
        comments={
            "2022-23-q2": "Most overdue actions are from two learning reviews; owners have been asked for dates.",
            "2022-23-q4": "Raised with the Safeguarding Executive as an exception.",
        },
    ),
    # Two of three beyond the 2-sigma line (concern, lower is better): two of the last three quarters
    # had far more no-shows than usual.
    "PART-03": _values(
        _from_percentages(
            ["10.4", "8.9", "11.2", "9.5", "10.8", "9.1", "11.0", "9.7", "10.5", "8.8"]
            + ["10.9", "9.4", "10.6", "9.0", "11.1", "9.6", "10.3", "15.4", "11.3", "15.1"],
            [612, 655, 598, 641, 627, 668, 604, 650, 432, 571, 589, 634, 618, 662, 601, 647, 623, 671, 609, 652],
        ),
        [612, 655, 598, 641, 627, 668, 604, 650, 432, 571, 589, 634, 618, 662, 601, 647, 623, 671, 609, 652],
        comments={
            "2022-23-q2": "Many no-shows on the two face-to-face days in August.",
            "2022-23-q4": "No-shows again high; reminders two days before each course start in April.",
        },
    ),
}

# Which designed series is meant to show which chart signal, and in which direction. "improvement"
# and "concern" follow the indicator's polarity; "neutral" is for information-only indicators.
DESIGNED_SIGNALS: dict[str, tuple[str, str]] = {
    "CLA-03": ("astronomical", "concern"),
    "EXP-01": ("astronomical", "concern"),
    "EH-03": ("shift", "improvement"),
    "CSC-04": ("shift", "improvement"),
    "HSB-01": ("shift", "neutral"),
    "EH-02": ("trend", "improvement"),
    "PART-02": ("trend", "concern"),
    "EDU-02": ("trend", "neutral"),
    "CP-02": ("two_of_three", "concern"),
    "PART-03": ("two_of_three", "concern"),
}
# Series with only common-cause variation: no chart signal at all.
STABLE_SERIES: tuple[str, ...] = (
    "CSC-01",
    "CSC-02",
    "CSC-05",
    "CSC-06",
    "CP-01",
    "CP-03",
    "CP-04",
    "CP-05",
    "CLA-02",
    "CLA-04",
    "EXP-02",
    "EXP-03",
    "EH-01",
    "HLT-02",
    "HLT-03",
    "HLT-04",
    "PH-01",
    "POL-02",
    "EDU-01",
    "PART-01",
)


def series(code: str) -> tuple[DemoValue, ...]:
    """The quarterly values of one indicator, oldest first; raises ``KeyError`` for an unknown code."""
    return _SERIES[code]


# Returns -------------------------------------------------------------------------------------

DRAFT, SUBMITTED, APPROVED, RETURNED, MISSING = "draft", "submitted", "approved", "returned", "missing"
RETURN_STATES = (DRAFT, SUBMITTED, APPROVED, RETURNED, MISSING)

# Returns are due six weeks after the end of the quarter.
RETURN_DUE_AFTER = timedelta(weeks=6)


def return_due(period: DemoPeriod) -> date:
    return period.end + RETURN_DUE_AFTER


def _agencies_reporting(period_key: str) -> list[str]:
    agencies = []
    for indicator in INDICATORS:
        if indicator.agency not in agencies and any(value.period == period_key for value in series(indicator.code)):
            agencies.append(indicator.agency)
    return agencies


def _latest_states(due: date) -> dict[str, tuple[str, dict]]:
    return {
        "police": (APPROVED, {"submitted_on": due - timedelta(days=9), "approved_on": due - timedelta(days=3)}),
        "hdft": (APPROVED, {"submitted_on": due - timedelta(days=6), "approved_on": due - timedelta(days=2)}),
        "cdyjs": (APPROVED, {"submitted_on": due - timedelta(days=11), "approved_on": due - timedelta(days=4)}),
        "public-health": (APPROVED, {"submitted_on": due - timedelta(days=5), "approved_on": due - timedelta(days=1)}),
        "dcc": (SUBMITTED, {"submitted_on": due - timedelta(days=1)}),
        # Submitted a week after the deadline.
        "early-help": (SUBMITTED, {"submitted_on": due + timedelta(days=7), "late": True}),
        "icb": (DRAFT, {}),
        "cddft": (
            RETURNED,
            {
                "submitted_on": due - timedelta(days=4),
                "returned_on": due - timedelta(days=2),
                "reason": "Review health assessments: fewer assessments are shown as due than children who have "
                "been looked after for a year. Please check the count against the looked after children health "
                "tracker and resubmit.",
            },
        ),
        "education": (
            RETURNED,
            {
                "submitted_on": due - timedelta(days=3),
                "returned_on": due - timedelta(days=1),
                "reason": "Children missing education: the figure rose this quarter but has no comment. Please say "
                "what is behind the rise before the Performance and Learning Group meets.",
            },
        ),
        # No return at all for the latest quarter.
        "tewv": (MISSING, {}),
    }


def return_states() -> dict[tuple[str, str], tuple[str, dict]]:
    """The state of each agency's return for each quarter, keyed by (agency slug, period key).

    Every return before the latest quarter was approved. The latest quarter has one return in each
    state, including an agency that has sent nothing (``missing``: the loader creates no return) and
    one submitted after the deadline. Every extra dict carries the ``due`` date.
    """
    states: dict[tuple[str, str], tuple[str, dict]] = {}
    for period in PERIODS[:-1]:
        due = return_due(period)
        for agency in _agencies_reporting(period.key):
            extra = {"due": due, "submitted_on": due - timedelta(days=7), "approved_on": due - timedelta(days=2)}
            states[(agency, period.key)] = (APPROVED, extra)
    due = return_due(LATEST_PERIOD)
    latest = _latest_states(due)
    for agency in _agencies_reporting(LATEST_PERIOD.key):
        state, extra = latest[agency]
        states[(agency, LATEST_PERIOD.key)] = (state, {"due": due, **extra})
    return states


# Key figures ---------------------------------------------------------------------------------

ANNUAL_REPORT = "Durham Safeguarding Children Partnership annual report 2021/22"
PANEL = f"{ANNUAL_REPORT}: 'Children and Young People in County Durham'"
SCHOOLS_PANEL = f"{ANNUAL_REPORT}: 'Schools in County Durham'"
SCHOOL_CENSUS = f"{PANEL} (January 2022 school census)"
SCHOOL_CENSUS_DAY = date(2022, 1, 20)
YEAR_END = date(2022, 3, 31)
UNDATED = "The report does not date this figure; the end of the year it covers is used."


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    value: Decimal
    unit: str  # "count" | "percentage"
    group: str
    as_at: date
    source: str
    note: str = ""


def _figure(key, label, value, group, as_at, source, unit=COUNT, note="") -> KeyFigure:
    return KeyFigure(key, label, _d(value), unit, group, as_at, source, note)


KEY_FIGURES: tuple[KeyFigure, ...] = (
    _figure(
        "children-under-18", "Children and young people under 18", 101_979, "population", YEAR_END, PANEL, note=UNDATED
    ),
    _figure(
        "children-share-of-population",
        "Children and young people as a share of the whole population",
        19,
        "population",
        YEAR_END,
        PANEL,
        unit=PERCENTAGE,
        note=UNDATED,
    ),
    _figure("age-0-4", "Aged 0 to 4", 25_658, "population", YEAR_END, PANEL, note=UNDATED),
    _figure("age-5-9", "Aged 5 to 9", 29_949, "population", YEAR_END, PANEL, note=UNDATED),
    _figure("age-10-14", "Aged 10 to 14", 30_024, "population", YEAR_END, PANEL, note=UNDATED),
    _figure(
        "age-15-19",
        "Aged 15 to 19",
        29_348,
        "population",
        YEAR_END,
        PANEL,
        note=f"The report's band runs to 19, beyond childhood. {UNDATED}",
    ),
    _figure(
        "pupils-state-funded", "Pupils in state-funded schools", 74_472, "pupils", SCHOOL_CENSUS_DAY, SCHOOL_CENSUS
    ),
    _figure(
        "pupils-black-minority-ethnic",
        "Pupils who are Black and minority ethnic",
        "6.7",
        "pupils",
        SCHOOL_CENSUS_DAY,
        SCHOOL_CENSUS,
        unit=PERCENTAGE,
    ),
    _figure(
        "pupils-english-additional-language",
        "Pupils with a first language other than English",
        3,
        "pupils",
        SCHOOL_CENSUS_DAY,
        SCHOOL_CENSUS,
        unit=PERCENTAGE,
    ),
    _figure(
        "pupils-free-school-meals",
        "Pupils eligible for free school meals",
        21_658,
        "pupils",
        SCHOOL_CENSUS_DAY,
        SCHOOL_CENSUS,
        note="The report gives the date for the census figures around it.",
    ),
    _figure(
        "pupils-free-school-meals-share",
        "Pupils eligible for free school meals (share)",
        "29.1",
        "pupils",
        SCHOOL_CENSUS_DAY,
        SCHOOL_CENSUS,
        unit=PERCENTAGE,
    ),
    _figure(
        "pupils-sen-support",
        "Pupils with special educational needs (SEN) support in Durham schools",
        10_462,
        "pupils",
        SCHOOL_CENSUS_DAY,
        SCHOOL_CENSUS,
    ),
    _figure(
        "children-with-ehcp",
        "Children and young people with an education, health and care plan",
        2_624,
        "pupils",
        SCHOOL_CENSUS_DAY,
        SCHOOL_CENSUS,
        note="Includes plans maintained by other local authorities.",
    ),
    _figure(
        "pupils-special-schools",
        "Pupils attending state-funded special schools",
        1_590,
        "pupils",
        SCHOOL_CENSUS_DAY,
        SCHOOL_CENSUS,
    ),
    _figure("children-in-need", "Children in need", 3_763, "children's social care", YEAR_END, PANEL, note=UNDATED),
    _figure(
        "child-protection-plans",
        "Children subject to a child protection plan",
        389,
        "children's social care",
        YEAR_END,
        PANEL,
        note=UNDATED,
    ),
    _figure(
        "children-looked-after", "Children looked after", 985, "children's social care", YEAR_END, PANEL, note=UNDATED
    ),
    _figure(
        "children-missing-education", "Children missing from education", 76, "education", YEAR_END, PANEL, note=UNDATED
    ),
    _figure(
        "elective-home-education",
        "Children and young people electively home educated",
        501,
        "education",
        YEAR_END,
        PANEL,
        note=UNDATED,
    ),
    _figure(
        "schools-primary",
        "Primary schools",
        196,
        "schools",
        SCHOOL_CENSUS_DAY,
        SCHOOLS_PANEL,
        note="Including 8 infant-only and 8 junior-only schools.",
    ),
    _figure("schools-infant", "Infant-only schools", 8, "schools", SCHOOL_CENSUS_DAY, SCHOOLS_PANEL),
    _figure("schools-junior", "Junior-only schools", 8, "schools", SCHOOL_CENSUS_DAY, SCHOOLS_PANEL),
    _figure("schools-secondary", "Secondary schools", 31, "schools", SCHOOL_CENSUS_DAY, SCHOOLS_PANEL),
    _figure(
        "schools-special", "Special schools", 10, "schools", SCHOOL_CENSUS_DAY, SCHOOLS_PANEL, note="One is an academy."
    ),
    _figure("schools-pupil-referral-units", "Pupil referral units", 1, "schools", SCHOOL_CENSUS_DAY, SCHOOLS_PANEL),
    _figure("schools-nursery", "Nursery schools", 11, "schools", SCHOOL_CENSUS_DAY, SCHOOLS_PANEL),
)

KEY_FIGURES_BY_KEY: dict[str, KeyFigure] = {figure.key: figure for figure in KEY_FIGURES}


# Programme targets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeTarget:
    programme: str
    measure: str
    year: str
    target: Decimal
    achieved: Decimal
    as_at: date
    set_by: str
    indicator: str  # the INDICATORS code that carries the quarterly figures
    source: str

    @property
    def met(self) -> bool:
        return self.achieved >= self.target


SUPPORTING_FAMILIES_2021_22 = ProgrammeTarget(
    programme="Supporting Families (Stronger Families in Durham)",
    measure="Families achieving significant and sustained outcomes",
    year="2021/22",
    target=_d(761),
    achieved=_d(995),
    as_at=date(2022, 3, 22),
    set_by="Department for Levelling Up, Housing and Communities",
    indicator="EH-03",
    source=f"{ANNUAL_REPORT}: 'Early Help Transformation Programme'",
)

# Stronger Families results since the programme began in 2015, as the annual report gives them.
SUPPORTING_FAMILIES_SINCE_2015: dict[str, int] = {
    "families turned around": 6085,
    "families with significant and sustained outcomes": 5331,
    "families achieving continuous employment": 754,
}

PROGRAMME_TARGETS: dict[str, object] = {
    "supporting-families": (SUPPORTING_FAMILIES_2021_22,),
    "supporting-families-since-2015": SUPPORTING_FAMILIES_SINCE_2015,
    "icon-touchpoints": ICON_TOUCHPOINTS,
    "icon-coverage-by-agency": icon_coverage_by_agency(),
    "icon-indicator": "HLT-01",
    "icon-period": LATEST_PERIOD.key,
}
