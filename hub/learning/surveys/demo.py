"""The practitioner surveys of the demo partnership: the 2021/22 yearly survey, and one open now.

Responses are generated from a seeded ``random.Random``, so every run builds the same answers.
Each made-up respondent has a level of confidence shaped by their agency and role, and their
answers follow it with some noise, so results differ plausibly between sectors. Surveys are
found by year and title; questions and responses are added only to a survey that has none, so
a second run writes nothing.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from hub.core.models import Agency
from hub.core.periods import FinancialYear
from hub.learning.common import QuestionKind
from hub.learning.surveys.models import Survey, SurveyQuestion, SurveyResponse

YEARLY_TITLE = "Practitioner survey"
PULSE_TITLE = "Learning into practice: pulse survey"
YEARLY_RESPONSES = 412
PULSE_RESPONSES = 31

AGREE = {"scale_min": 1, "scale_max": 5, "scale_min_label": "Strongly disagree", "scale_max_label": "Strongly agree"}


@dataclass(frozen=True)
class DemoQuestion:
    key: str
    text: str
    kind: str
    help_text: str = ""
    required: bool = True
    options: tuple[str, ...] = ()
    # How far this question's answers sit above (or below) a respondent's general confidence.
    lean: float = 0.0


YEARLY_QUESTIONS: tuple[DemoQuestion, ...] = (
    DemoQuestion(
        "escalation",
        "I feel confident to escalate a concern when I disagree with another agency's decision about a child",
        QuestionKind.SCALE,
        lean=0.1,
    ),
    DemoQuestion(
        "escalation-procedure",
        "Do you know about the partnership's procedure for resolving professional disagreements?",
        QuestionKind.YES_NO,
        lean=0.9,
    ),
    DemoQuestion(
        "threshold-found",
        "Do you know where to find the partnership's threshold document?",
        QuestionKind.YES_NO,
        help_text="The guidance on the level of need and the help a family should get.",
        lean=1.5,
    ),
    DemoQuestion(
        "threshold-used",
        "I understand the threshold document and use it when deciding what help a family needs",
        QuestionKind.SCALE,
        lean=-0.1,
    ),
    DemoQuestion(
        "review-learning",
        "I am aware of the learning from local and national child safeguarding practice reviews",
        QuestionKind.SCALE,
        lean=-0.35,
    ),
    DemoQuestion(
        "briefing",
        "Have you used a 7-minute briefing with your team in the last year?",
        QuestionKind.YES_NO,
        lean=0.1,
    ),
    DemoQuestion(
        "training",
        "Have you attended partnership safeguarding training in the last year?",
        QuestionKind.YES_NO,
        lean=0.4,
    ),
    DemoQuestion(
        "training-useful",
        "The partnership training I attended was useful for my practice",
        QuestionKind.SCALE,
        help_text="Leave this out if you have not attended partnership training in the last year.",
        required=False,
        lean=0.55,
    ),
    DemoQuestion(
        "hear-about",
        "How do you hear about the partnership's learning?",
        QuestionKind.MULTIPLE_CHOICE,
        help_text="Select all that apply.",
        options=(
            "E-bulletin",
            "Partnership website",
            "Team meetings",
            "Training",
            "7-minute briefings",
            "My line manager",
        ),
    ),
    DemoQuestion(
        "what-would-help",
        "What would help you to keep children safer in your work?",
        QuestionKind.LONG_TEXT,
        required=False,
    ),
)

PULSE_QUESTIONS: tuple[DemoQuestion, ...] = (
    YEARLY_QUESTIONS[0],
    YEARLY_QUESTIONS[4],
    DemoQuestion(
        "website",
        "I can find what I need on the partnership's new website",
        QuestionKind.SCALE,
        lean=0.2,
    ),
    YEARLY_QUESTIONS[5],
    YEARLY_QUESTIONS[9],
)

# Share of respondents from each agency (by short code); the rest prefer not to say.
AGENCY_WEIGHTS = {
    "dcc": 20,
    "police": 11,
    "cddft": 13,
    "tewv": 5,
    "icb": 2,
    "hdft": 4,
    "probation": 4,
    "cdyjs": 3,
    "education": 14,
    "early-help": 8,
    "public-health": 2,
    "vcs": 5,
    "aycliffe": 1,
}
PREFER_NOT_TO_SAY_WEIGHT = 8
# How much more (or less) confident than average practitioners from each agency tend to be.
AGENCY_LEAN = {
    "dcc": 0.25,
    "police": -0.15,
    "cddft": 0.05,
    "tewv": -0.05,
    "education": -0.2,
    "early-help": 0.2,
    "vcs": -0.45,
    "probation": -0.1,
    "cdyjs": 0.1,
}
ROLES = (
    (SurveyResponse.Role.PRACTITIONER, 60, 0.0),
    (SurveyResponse.Role.MANAGER, 22, 0.3),
    (SurveyResponse.Role.SENIOR, 7, 0.45),
    (SurveyResponse.Role.OTHER, 6, -0.2),
    ("", 5, 0.0),
)
WRITTEN_ANSWERS = (
    "More multi-agency training in person, not only online.",
    "Feedback after I make a referral, so I know what happened next.",
    "Clearer guidance on who to contact out of hours.",
    "Short briefings I can go through in a team meeting.",
    "Protected time for reflective supervision.",
    "Knowing the escalation steps when I disagree with another agency.",
    "Better sharing of information between schools and the police.",
    "Examples of good practice as well as learning from reviews.",
    "Making the threshold document easier to find on the website.",
    "Joint training with children's social care on neglect.",
    "Case studies about older children and exploitation.",
    "A single contact list for safeguarding leads in each agency.",
)


def _answer(question: SurveyQuestion, demo: DemoQuestion, confidence: float, rng: random.Random):
    if demo.kind == QuestionKind.SCALE:
        score = 3.55 + 0.85 * (confidence + demo.lean) + rng.gauss(0, 0.6)
        return str(min(question.scale_max, max(question.scale_min, round(score))))
    if demo.kind == QuestionKind.YES_NO:
        chance = 1 / (1 + math.exp(-(0.9 * confidence + demo.lean)))
        return "yes" if rng.random() < chance else "no"
    if demo.kind == QuestionKind.MULTIPLE_CHOICE:
        picked = [option for option in question.options if rng.random() < 0.35 + 0.1 * confidence]
        return picked or [rng.choice(question.options)]
    if rng.random() < 0.18:
        return rng.choice(WRITTEN_ANSWERS)
    return None


def _responses(survey: Survey, demos, count: int, moments: list[datetime], rng: random.Random) -> list:
    agencies = {agency.short_code: agency for agency in Agency.objects.filter(short_code__in=AGENCY_WEIGHTS)}
    codes = [code for code in AGENCY_WEIGHTS if code in agencies] + [""]
    weights = [AGENCY_WEIGHTS[code] for code in codes[:-1]] + [PREFER_NOT_TO_SAY_WEIGHT]
    questions = {question.position: question for question in survey.questions.all()}
    built = []
    for number in range(count):
        code = rng.choices(codes, weights)[0]
        agency = agencies.get(code)
        role, _, role_lean = rng.choices(ROLES, [weight for _, weight, _ in ROLES])[0]
        confidence = rng.gauss(0, 0.8) + AGENCY_LEAN.get(code, 0.0) + role_lean
        answers = {}
        attended = True
        for position, demo in enumerate(demos, start=1):
            question = questions[position]
            if demo.key == "training-useful" and not attended:
                continue
            value = _answer(question, demo, confidence, rng)
            if demo.key == "training":
                attended = value == "yes"
            if value is not None:
                answers[question.key] = value
        sector = agency.sector if agency else ""
        if agency is None and rng.random() < 0.5:
            # Some who would not name their agency still gave their sector.
            sector = rng.choice([value for value, _ in Agency.Sector.choices if value != Agency.Sector.OTHER])
        built.append(
            SurveyResponse(
                survey=survey,
                submitted_at=moments[number],
                answers=answers,
                agency=agency,
                sector=sector,
                role=role,
            )
        )
    return built


def _moments(start: datetime, end: datetime, count: int, rng: random.Random) -> list[datetime]:
    """Working-hours moments between ``start`` and ``end``: busiest after the launch and near the end."""
    days = []
    day = start.date()
    while day <= end.date():
        days.append(day)
        day += timedelta(days=1)
    weights = []
    for index, day in enumerate(days):
        weight = 1.0 + 3.0 * math.exp(-index / 3) + 2.0 * math.exp(-(len(days) - 1 - index) / 3)
        weights.append(weight * (0.12 if day.weekday() >= 5 else 1.0))
    moments = []
    zone = timezone.get_current_timezone()
    for _ in range(count):
        day = rng.choices(days, weights)[0]
        moment = timezone.make_aware(datetime.combine(day, time(8, 0)), zone) + timedelta(
            minutes=rng.randrange(0, 10 * 60)
        )
        moments.append(min(max(moment, start), end))
    return sorted(moments)


def _questions(survey: Survey, demos) -> int:
    if survey.questions.exists():
        return 0
    for position, demo in enumerate(demos, start=1):
        fields = AGREE if demo.kind == QuestionKind.SCALE else {}
        SurveyQuestion.objects.create(
            survey=survey,
            position=position,
            text=demo.text,
            help_text=demo.help_text,
            kind=demo.kind,
            required=demo.required,
            options=list(demo.options),
            **fields,
        )
    return len(demos)


def _aware(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _load_yearly() -> tuple[Survey, int]:
    year = FinancialYear(2021)
    survey, _ = Survey.objects.get_or_create(
        year=year.start_year,
        title=YEARLY_TITLE,
        defaults={
            "introduction": (
                "Each year the partnership asks practitioners in every agency how confident they feel about "
                "safeguarding children, and how well they know the partnership's procedures, learning and "
                "training. It takes about ten minutes.\n\n"
                "What you tell us shapes the partnership's priorities, its training programme and its website."
            ),
            "thank_you": "The business unit will share the results with the Improving Delivery Group in "
            "January and in the partnership's yearly report.",
            "opens_at": _aware(year.start.replace(month=11), 9),
            "closes_at": _aware(year.start.replace(month=12, day=17), 17),
            "status": Survey.Status.CLOSED,
        },
    )
    _questions(survey, YEARLY_QUESTIONS)
    if survey.responses.exists():
        return survey, 0
    rng = random.Random(20211101)
    moments = _moments(survey.opens_at, survey.closes_at, YEARLY_RESPONSES, rng)
    responses = _responses(survey, YEARLY_QUESTIONS, YEARLY_RESPONSES, moments, rng)
    SurveyResponse.objects.bulk_create(responses)
    return survey, len(responses)


def _load_pulse() -> tuple[Survey, int]:
    now = timezone.now()
    today = timezone.localdate()
    opens = _aware(today - timedelta(days=10), 9)
    survey, created = Survey.objects.get_or_create(
        year=FinancialYear.containing(today).start_year,
        title=PULSE_TITLE,
        defaults={
            "introduction": (
                "A short survey, five questions, on whether the learning from reviews and audits is reaching "
                "your practice, and on the partnership's new website. It takes about three minutes."
            ),
            "thank_you": "The business unit reports the results to the Embedding Learning sub-group.",
            "opens_at": opens,
            "closes_at": opens + timedelta(weeks=8),
            "status": Survey.Status.OPEN,
        },
    )
    if survey.closes_at and survey.closes_at <= now:
        # Keep the demo's survey open on a later run, long after it was first loaded.
        survey.closes_at = now + timedelta(weeks=8)
        survey.save(update_fields=["closes_at"])
    _questions(survey, PULSE_QUESTIONS)
    if survey.responses.exists():
        return survey, 0
    rng = random.Random(4242)
    end = min(now, survey.closes_at) if created else now
    moments = _moments(survey.opens_at or opens, end, PULSE_RESPONSES, rng)
    responses = _responses(survey, PULSE_QUESTIONS, PULSE_RESPONSES, moments, rng)
    SurveyResponse.objects.bulk_create(responses)
    return survey, len(responses)


def load(log) -> None:
    with transaction.atomic():
        yearly, yearly_new = _load_yearly()
        pulse, pulse_new = _load_pulse()
    log(
        f"Practitioner surveys: {yearly} with {yearly.responses.count()} responses ({yearly_new} new); "
        f"{pulse} open at {pulse.response_path} ({pulse_new} new responses)"
    )
