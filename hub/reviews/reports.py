"""The case reviews part of the yearly report: aggregate figures only.

No case reference, date or agency of a single case appears, and any count below the configured
threshold (``ReviewSettings.small_number_threshold``, default 5) is shown as "fewer than N" so
that no child can be identified from the report.
"""

from __future__ import annotations

from collections import Counter

from hub.core.models import Action
from hub.core.periods import FinancialYear
from hub.core.reporting import Figure, ReportSection, Table
from hub.reviews.models import (
    ChildDeath,
    DeathAnalysis,
    DeathCategory,
    NationalReview,
    Notification,
    PracticeReview,
    RapidReview,
    ReviewSettings,
)


def suppress(count: int, threshold: int) -> int | str:
    """``count``, or "fewer than N" when it is above zero and below the threshold."""
    return f"fewer than {threshold}" if 0 < count < threshold else count


def _year_records(year: FinancialYear):
    notifications = Notification.objects.filter(became_aware_on__gte=year.start, became_aware_on__lte=year.end)
    decided = RapidReview.objects.filter(decided_on__gte=year.start, decided_on__lte=year.end)
    published = PracticeReview.objects.filter(published_on__gte=year.start, published_on__lte=year.end)
    in_progress = (
        PracticeReview.objects.filter(decided_on__lte=year.end)
        .exclude(published_on__lte=year.end)
        .exclude(stage=PracticeReview.Stage.CLOSED)
        .exclude(kind=PracticeReview.Kind.SERIOUS_CASE)
    )
    return notifications, decided, published, in_progress


def report_sections(year: FinancialYear | str) -> list[ReportSection]:
    year = year if isinstance(year, FinancialYear) else FinancialYear.parse(year)
    threshold = ReviewSettings.load().small_number_threshold
    return _practice_reviews(year, threshold) + _child_deaths(year, threshold)


def _child_deaths(year: FinancialYear, threshold: int) -> list[ReportSection]:
    """Deaths reviewed by the panel in the year, by category and modifiable-factor judgement."""
    analyses = DeathAnalysis.objects.filter(analysed_on__gte=year.start, analysed_on__lte=year.end)
    notified = ChildDeath.objects.filter(notified_on__gte=year.start, notified_on__lte=year.end).count()
    reviewed = analyses.count()
    if not reviewed and not notified:
        return []
    previous_year = FinancialYear(year.start_year - 1)
    reviewed_before = DeathAnalysis.objects.filter(
        analysed_on__gte=previous_year.start, analysed_on__lte=previous_year.end
    ).count()
    by_category = Counter(analyses.values_list("category__code", flat=True))
    categories = {}
    for category in DeathCategory.objects.filter(code__in=by_category).order_by("order"):
        categories.setdefault(category.code, category.name)
    modifiable = Counter(analyses.values_list("modifiable", flat=True))
    unexpected = analyses.filter(death__unexpected=True).count()
    return [
        ReportSection(
            title="Child death reviews",
            slug="reviews-child-deaths",
            figures=[
                Figure(
                    "Child deaths reviewed",
                    suppress(reviewed, threshold),
                    previous=suppress(reviewed_before, threshold) if reviewed_before else None,
                ),
                Figure("Child deaths notified", suppress(notified, threshold)),
                Figure("Unexpected deaths reviewed", suppress(unexpected, threshold)),
                Figure(
                    "Deaths reviewed with modifiable factors",
                    suppress(modifiable.get(DeathAnalysis.Modifiable.YES, 0), threshold),
                ),
            ],
            tables=[
                Table(
                    caption=f"Deaths reviewed by category, {year.label}",
                    headers=["Category of death", "Deaths reviewed"],
                    rows=[
                        [categories[code], suppress(count, threshold)]
                        for code, count in sorted(
                            by_category.items(), key=lambda item: int(item[0]) if item[0].isdigit() else 99
                        )
                    ],
                    slug="categories",
                ),
                Table(
                    caption=f"Modifiable factors, {year.label}",
                    headers=["The panel's judgement", "Deaths reviewed"],
                    rows=[
                        [label, suppress(modifiable.get(value, 0), threshold)]
                        for value, label in DeathAnalysis.Modifiable.choices
                    ],
                    slug="modifiable",
                ),
            ],
            narrative_slots=["child-deaths"],
            statements=[
                "The child death overview panel reviews the deaths of all children normally resident in the area. "
                f"Counts below {threshold} are shown as 'fewer than {threshold}' so that no child can be identified."
            ],
        )
    ]


def _practice_reviews(year: FinancialYear, threshold: int) -> list[ReportSection]:
    notifications, decided, published, in_progress = _year_records(year)
    before = [records.count() for records in _year_records(FinancialYear(year.start_year - 1))]
    if not (notifications.exists() or decided.exists() or published.exists() or in_progress.exists()):
        return []
    outcomes = Counter(decided.values_list("decision", flat=True))
    kinds_published = Counter(published.values_list("kind", flat=True))
    reviews = PracticeReview.objects.filter(decided_on__lte=year.end)
    actions = Action.objects.from_sources(PracticeReview, reviews.values("pk"))
    action_counts = Counter(actions.values_list("status", flat=True))
    section_figures = [
        Figure(
            label, suppress(records.count(), threshold), previous=suppress(earlier, threshold) if any(before) else None
        )
        for label, records, earlier in zip(
            (
                "Serious incidents notified",
                "Rapid reviews completed",
                "Practice reviews published",
                "Practice reviews in progress at the year end",
            ),
            (notifications, decided, published, in_progress),
            before,
            strict=True,
        )
    ]
    outcome_table = Table(
        caption=f"Rapid review decisions, {year.label}",
        headers=["Decision", "Rapid reviews"],
        rows=[[label, suppress(outcomes.get(value, 0), threshold)] for value, label in RapidReview.Decision.choices],
        slug="rapid-review-decisions",
    )
    published_table = Table(
        caption=f"Reviews published, {year.label}",
        headers=["Type of review", "Published"],
        rows=[
            [label, suppress(kinds_published.get(value, 0), threshold)] for value, label in PracticeReview.Kind.choices
        ],
        slug="published",
    )
    actions_table = Table(
        caption="Actions from local review recommendations",
        headers=["Status", "Actions"],
        rows=[[label, action_counts.get(value, 0)] for value, label in Action.Status.choices],
        slug="actions",
    )
    themes = Counter(
        theme
        for theme in reviews.filter(published_on__gte=year.start, published_on__lte=year.end).values_list(
            "themes__name", flat=True
        )
        if theme
    )
    statements = []
    if themes:
        statements.append(
            "Learning themes of the reviews published this year: "
            + ", ".join(name for name, _ in sorted(themes.items(), key=lambda item: (-item[1], item[0])))
            + "."
        )
    national = NationalReview.objects.filter(responded_on__gte=year.start, responded_on__lte=year.end)
    for review in national:
        statements.append(f"The partnership agreed its response to the national review “{review.title}”.")
    return [
        ReportSection(
            title="Child safeguarding practice reviews",
            slug="reviews",
            figures=section_figures,
            tables=[outcome_table, published_table, actions_table],
            narrative_slots=["reviews"],
            statements=statements,
        )
    ]
