"""Courses made in response to tracker actions, with their evaluation and impact figures.

Registered in ``apps.py`` as the training app's ``action_outputs`` provider: the action page and
the improvement themes list the courses linked to an action (``Course.actions``) without
importing this app. Each course's evidence lines come from its attended bookings: how many
people attended, their evaluations (confidence before and after), and the Impact Forum
follow-ups sent and answered. With a year, only the courses' runs starting in that financial
year count, as in the training part of the yearly report.

A course's evidence ends with one practitioner's words, when the business unit has chosen an
impact response for the yearly report (only chosen responses are quoted anywhere).

Four queries whatever the number of actions or courses: links, courses, figures and quotes.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q
from django.urls import reverse

from hub.core.periods import FinancialYear
from hub.core.registry import ActionOutput
from hub.training.impact import ATTENDED, attended_bookings
from hub.training.models import Booking, Course, ImpactResponse

KIND = "Course"

_MEASURES = {
    "attended": Count("id"),
    "evaluations": Count("evaluation"),
    "before": Avg("evaluation__confidence_before"),
    "after": Avg("evaluation__confidence_after"),
    "requests_sent": Count("impact_request", filter=Q(impact_request__sent_at__isnull=False)),
    "responses": Count("impact_request__response"),
}


def _one_decimal(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def evidence_lines(figures: dict | None, *, year: FinancialYear | None = None) -> list[str]:
    """Short lines saying what a course reached and changed, from its aggregated figures."""
    when = f" in {year.label}" if year else ""
    if not figures or not figures["attended"]:
        return [f"Nobody attended{when}" if year else "Nobody has attended yet"]
    lines = [f"{_plural(figures['attended'], 'person', 'people')} attended{when}"]
    if figures["evaluations"]:
        line = f"{_plural(figures['evaluations'], 'evaluation', 'evaluations')}"
        if figures["before"] is not None and figures["after"] is not None:
            line += (
                f"; average confidence rose from {_one_decimal(figures['before'])} "
                f"to {_one_decimal(figures['after'])} out of 10"
            )
        lines.append(line)
    if figures["requests_sent"]:
        share = (Decimal(figures["responses"] * 100) / Decimal(figures["requests_sent"])).quantize(
            Decimal("1"), rounding=ROUND_HALF_UP
        )
        lines.append(
            f"{_plural(figures['responses'], 'impact follow-up', 'impact follow-ups')} answered of "
            f"{figures['requests_sent']:,} sent ({share}%)"
        )
    elif figures["responses"]:
        lines.append(f"{_plural(figures['responses'], 'impact follow-up', 'impact follow-ups')} answered")
    return lines


QUOTE_LENGTH = 200


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > QUOTE_LENGTH:
        text = text[: QUOTE_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return f"In a practitioner's words: “{text}”"


def outputs_for_actions(action_ids: Iterable[int], *, year: FinancialYear | None = None) -> list[ActionOutput]:
    """One ``ActionOutput`` per (action, course) link for ``action_ids``."""
    ids = list(action_ids)
    if not ids:
        return []
    links = list(Course.actions.through.objects.filter(action_id__in=ids).values_list("action_id", "course_id"))
    if not links:
        return []
    course_ids = {course_id for _, course_id in links}
    courses = {course.pk: course for course in Course.objects.filter(pk__in=course_ids)}
    bookings = attended_bookings(year) if year else Booking.objects.filter(status__in=ATTENDED)
    figures = {
        row["event__course"]: row
        for row in bookings.filter(event__course__in=course_ids)
        .values("event__course")
        .annotate(**_MEASURES)
        .order_by()
    }
    quotes: dict[int, str] = {}
    chosen = (
        ImpactResponse.objects.filter(
            chosen_for_report=True,
            request__booking__in=bookings.filter(event__course__in=course_ids).values("pk"),
        )
        .values_list("request__booking__event__course", "practice_change")
        .order_by("-answered_at", "-id")
    )
    for course_id, practice_change in chosen:
        quotes.setdefault(course_id, _quote(practice_change))
    outputs = []
    for action_id, course_id in links:
        course = courses[course_id]
        outputs.append(
            ActionOutput(
                action_id=action_id,
                kind=KIND,
                title=course.title,
                url=reverse("training:course", kwargs={"slug": course.slug}) if course.is_published else "",
                summary=course.summary,
                evidence=[
                    *evidence_lines(figures.get(course_id), year=year),
                    *([quotes[course_id]] if course_id in quotes else []),
                ],
            )
        )
    return outputs
