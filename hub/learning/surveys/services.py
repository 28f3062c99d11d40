"""Practitioner survey workflows: opening and closing, taking a response, results and the export.

Responses are anonymous by design. ``submit_response`` stores the answers and the optional
"about you" answers only, and writes no audit entry (an entry would keep the time and the
address of the person responding). The flood guard counts responses per client under a keyed
hash of the address, held only in the cache for ten minutes and never in the database.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from hub.core.audit import log_action, register_event
from hub.core.errors import DomainError
from hub.core.models import Agency
from hub.learning.common import QuestionKind, Tally, tally
from hub.learning.surveys.models import MIN_GROUP_SIZE, Survey, SurveyQuestion, SurveyResponse

# At most this many responses from one client in the window, so that nobody can flood a survey
# and skew its results. A team sharing one office connection can still respond together.
RESPONSES_PER_WINDOW = 10
RESPONSE_WINDOW_SECONDS = 10 * 60

register_event("learning.survey.opened", "Practitioner survey opened")
register_event("learning.survey.closed", "Practitioner survey closed")
register_event("learning.survey.exported", "Practitioner survey responses exported")


# Opening and closing ------------------------------------------------------------------------------


def open_survey(*, actor, survey: Survey, request=None) -> Survey:
    """Open ``survey`` for responses (from its opening date, if that is still to come)."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.status == Survey.Status.OPEN:
            raise DomainError("The survey is already open")
        if not survey.questions.exists():
            raise DomainError("Add at least one question in the back office before opening the survey")
        now = timezone.now()
        if survey.closes_at and survey.closes_at <= now:
            raise DomainError(
                "The survey's closing date has passed. Change or remove it in the back office, then open the survey"
            )
        previous = survey.status
        survey.status = Survey.Status.OPEN
        survey.save(update_fields=["status"])
        log_action(
            "learning.survey.opened",
            actor=actor,
            obj=survey,
            request=request,
            data={"previous_status": previous, "opens_at": survey.opens_at.isoformat() if survey.opens_at else None},
        )
    return survey


def close_survey(*, actor, survey: Survey, request=None) -> Survey:
    """Close ``survey`` now: the link then says that the survey has closed."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.status != Survey.Status.OPEN:
            raise DomainError("Only an open survey can be closed")
        now = timezone.now()
        survey.status = Survey.Status.CLOSED
        if survey.closes_at is None or survey.closes_at > now:
            survey.closes_at = now
        survey.save(update_fields=["status", "closes_at"])
        log_action(
            "learning.survey.closed",
            actor=actor,
            obj=survey,
            request=request,
            data={"responses": survey.responses.count()},
        )
    return survey


# Responding ---------------------------------------------------------------------------------------


def _client_key(request) -> str:
    # Behind the reverse proxy the proxy appends the visitor's own address to X-Forwarded-For.
    # The key is a keyed hash, so the cache never holds an address that could be read back.
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
    digest = salted_hmac("hub.learning.surveys.response-limit", f"{address}|{forwarded}").hexdigest()[:32]
    return f"learning:survey-response:{digest}"


def over_response_limit(request) -> bool:
    """Count one response from this client; True when it is over ``RESPONSES_PER_WINDOW``."""
    key = _client_key(request)
    if cache.add(key, 1, RESPONSE_WINDOW_SECONDS):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.add(key, 1, RESPONSE_WINDOW_SECONDS)
        return False
    return count > RESPONSES_PER_WINDOW


def submit_response(
    *, survey: Survey, answers: dict, agency: Agency | None = None, sector: str = "", role: str = ""
) -> SurveyResponse:
    """Store one anonymous response to ``survey``; refused unless the survey is taking responses.

    ``answers`` is keyed by question key, as ``common.answers_from`` gives it. No audit entry is
    written and nothing about the person or their device is kept.
    """
    # A fresh read, so a survey closed a moment ago takes nothing more. No lock: responses never
    # change the survey, and one arriving as the survey closes does no harm.
    survey = Survey.objects.get(pk=survey.pk)
    availability = survey.availability()
    if availability == Survey.Availability.CLOSED:
        raise DomainError("This survey has closed, so your response could not be sent")
    if availability == Survey.Availability.NOT_YET_OPEN:
        raise DomainError("This survey is not open yet, so your response could not be sent")
    if agency is not None and sector and sector != agency.sector:
        raise DomainError(
            f"{agency.name} is in the {agency.get_sector_display().lower()} sector. "
            "Select that sector, or select prefer not to say",
            field="sector",
        )
    return SurveyResponse.objects.create(
        survey=survey,
        answers=answers,
        agency=agency,
        sector=sector or (agency.sector if agency else ""),
        role=role,
    )


# Results ------------------------------------------------------------------------------------------


@dataclass
class GroupCount:
    """How many responded in one group; ``count`` is None when the group is too small to show."""

    label: str
    count: int | None
    share: float | None = None
    key: str = ""


@dataclass
class WeekCount:
    week_start: date
    count: int
    cumulative: int


@dataclass
class ScaleComparison:
    """A scale question's mean for everyone and for each sector large enough to show."""

    question: SurveyQuestion
    overall: float | None
    by_group: list[float | None]


@dataclass
class Results:
    survey: Survey
    total: int
    in_scope: int
    group_label: str = ""
    suppressed: bool = False
    tallies: list[Tally] = field(default_factory=list)
    by_agency: list[GroupCount] = field(default_factory=list)
    by_sector: list[GroupCount] = field(default_factory=list)
    by_role: list[GroupCount] = field(default_factory=list)
    over_time: list[WeekCount] = field(default_factory=list)
    comparison_groups: list[str] = field(default_factory=list)
    comparisons: list[ScaleComparison] = field(default_factory=list)
    agency_choices: list[tuple[str, str]] = field(default_factory=list)
    sector_choices: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Row:
    answers: dict
    agency_id: int | None
    sector: str
    role: str
    submitted_at: object


def _share(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def _group_counts(counter: Counter, labels: dict, total: int, *, unsaid_label: str) -> list[GroupCount]:
    """Named groups of at least ``MIN_GROUP_SIZE``; the smaller ones folded into one row."""
    shown, small = [], 0
    for key, count in sorted(counter.items(), key=lambda item: (-item[1], labels.get(item[0], ""))):
        if not key:
            continue
        if count >= MIN_GROUP_SIZE:
            shown.append(GroupCount(labels.get(key, str(key)), count, _share(count, total), key=str(key)))
        else:
            small += count
    if small:
        shown.append(GroupCount(f"Groups of fewer than {MIN_GROUP_SIZE} people, together", small, _share(small, total)))
    if counter.get(""):
        shown.append(GroupCount(unsaid_label, counter[""], _share(counter[""], total)))
    return shown


def _weeks(rows: list[_Row]) -> list[WeekCount]:
    per_week: Counter = Counter()
    for row in rows:
        day = timezone.localtime(row.submitted_at).date()
        per_week[day - timedelta(days=day.weekday())] += 1
    weeks, running = [], 0
    for week_start in sorted(per_week):
        running += per_week[week_start]
        weeks.append(WeekCount(week_start, per_week[week_start], running))
    return weeks


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def survey_results(survey: Survey, *, agency_code: str = "", sector: str = "") -> Results:
    """Counts and percentages per question, for everyone or for one agency or sector.

    A group of fewer than ``MIN_GROUP_SIZE`` respondents is never shown on its own: asking for
    one gives ``suppressed`` results with no figures.
    """
    questions = list(survey.questions.select_related("grading_scheme").prefetch_related("grading_scheme__grades"))
    rows = [
        _Row(*values)
        for values in survey.responses.order_by("submitted_at", "id").values_list(
            "answers", "agency_id", "sector", "role", "submitted_at"
        )
    ]
    agency_counts = Counter(row.agency_id or "" for row in rows)
    sector_counts = Counter(row.sector for row in rows)
    role_counts = Counter(row.role for row in rows)
    agencies = Agency.objects.in_bulk([pk for pk in agency_counts if pk])
    agency_labels = {pk: agency.name for pk, agency in agencies.items()}
    sector_labels = dict(Agency.Sector.choices)
    total = len(rows)
    results = Results(
        survey=survey,
        total=total,
        in_scope=total,
        by_agency=_group_counts(agency_counts, agency_labels, total, unsaid_label="Preferred not to say"),
        by_sector=_group_counts(sector_counts, sector_labels, total, unsaid_label="Preferred not to say"),
        by_role=_group_counts(
            role_counts, dict(SurveyResponse.Role.choices), total, unsaid_label="Preferred not to say"
        ),
        over_time=_weeks(rows),
        agency_choices=sorted(
            (
                (agencies[pk].short_code, agencies[pk].name)
                for pk, n in agency_counts.items()
                if pk and n >= MIN_GROUP_SIZE
            ),
            key=lambda choice: choice[1],
        ),
        sector_choices=[
            (value, label) for value, label in Agency.Sector.choices if sector_counts.get(value, 0) >= MIN_GROUP_SIZE
        ],
    )

    scoped = rows
    if agency_code:
        agency = next((a for a in agencies.values() if a.short_code == agency_code), None)
        if agency is None:
            agency = Agency.objects.filter(short_code=agency_code).first()
        results.group_label = agency.name if agency else "an agency not in this survey"
        scoped = [row for row in rows if agency and row.agency_id == agency.pk]
    elif sector:
        results.group_label = sector_labels.get(sector, "a sector not in this survey")
        scoped = [row for row in rows if row.sector == sector]
    results.in_scope = len(scoped)
    if (agency_code or sector) and len(scoped) < MIN_GROUP_SIZE:
        results.suppressed = True
        results.in_scope = 0
        return results

    results.tallies = [tally(question, (row.answers for row in scoped)) for question in questions]

    shown_sectors = [value for value, _ in results.sector_choices]
    if shown_sectors and not (agency_code or sector):
        results.comparison_groups = [sector_labels[value] for value in shown_sectors]
        by_sector: dict[str, list[_Row]] = defaultdict(list)
        for row in rows:
            by_sector[row.sector].append(row)
        for question in questions:
            if question.kind != QuestionKind.SCALE:
                continue
            results.comparisons.append(
                ScaleComparison(
                    question=question,
                    overall=_mean(_scale_values(question, rows)),
                    by_group=[_mean(_scale_values(question, by_sector[value])) for value in shown_sectors],
                )
            )
    return results


def _scale_values(question: SurveyQuestion, rows) -> list[int]:
    values = []
    for row in rows:
        value = row.answers.get(question.key)
        if value not in (None, ""):
            try:
                values.append(int(value))
            except (TypeError, ValueError):
                continue
    return values


def positive_share(result: Tally) -> float | None:
    """The share answering "yes", or above the middle of a scale (agree or strongly agree)."""
    question = result.question
    if not result.answered:
        return None
    if question.kind == QuestionKind.YES_NO:
        return next((share for label, _, share in result.counts if label == "Yes"), 0.0)
    if question.kind == QuestionKind.SCALE:
        middle = (question.scale_min + question.scale_max) / 2
        positive = sum(
            count
            for (value, _), (_, count, _) in zip(question.choices(), result.counts, strict=True)
            if int(value) > middle
        )
        return _share(positive, result.answered)
    return None


def positive_label(question: SurveyQuestion) -> str:
    """What ``positive_share`` counts, in words: "answered yes" or "answered 4 or 5 (agree)"."""
    if question.kind == QuestionKind.YES_NO:
        return "answered yes"
    middle = (question.scale_min + question.scale_max) / 2
    points = [point for point in range(question.scale_min, question.scale_max + 1) if point > middle]
    chosen = " or ".join(str(point) for point in points) if len(points) <= 2 else f"{points[0]} or more"
    towards = f" (towards {question.scale_max_label.lower()})" if question.scale_max_label else ""
    return f"answered {chosen}{towards}"


# Export -------------------------------------------------------------------------------------------


def export_responses(*, actor, survey: Survey, request=None) -> tuple[list[str], list[list]]:
    """Headers and one row per response, answers in words, for ``core.exports.csv_response``.

    The export is logged (who, when, how many); what the responses say is not.
    """
    questions = list(survey.questions.select_related("grading_scheme").prefetch_related("grading_scheme__grades"))
    headers = ["Response", "Submitted", "Agency", "Sector", "Role", *(question.text for question in questions)]
    rows = []
    for response in survey.responses.select_related("agency").order_by("submitted_at", "id"):
        answers = response.answers
        rows.append(
            [
                str(response.uuid),
                response.submitted_at,
                response.agency.name if response.agency else "Preferred not to say",
                response.get_sector_display() or "Preferred not to say",
                response.get_role_display() or "Preferred not to say",
                *(
                    ""
                    if answers.get(question.key) in (None, "", [])
                    else question.display_answer(answers[question.key])
                    for question in questions
                ),
            ]
        )
    log_action("learning.survey.exported", actor=actor, obj=survey, request=request, data={"responses": len(rows)})
    return headers, rows
