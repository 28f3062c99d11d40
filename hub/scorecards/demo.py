"""The scorecards part of ``load_demo``: indicators, five years of quarterly returns, key figures.

The data is in ``demo_data`` (plain Python, designed so that between them the series show every
statistical process control rule). This loader writes it idempotently: records are found by
their natural keys (indicator code, period key, agency and period) and changed only when they
differ, so a second run writes nothing. The latest quarter has a return in every state; the
draft and returned ones get an exception open for a month, so the demo SPOCs can still change
them although the quarter closed long ago. The last quarter's exception report is generated.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hub.core.models import Agency, Theme, User
from hub.scorecards import demo_data
from hub.scorecards.models import (
    Benchmark,
    Indicator,
    IndicatorVersion,
    KeyFigure,
    KeyFigureSet,
    ReportingPeriod,
    Return,
    ReturnValue,
    ScorecardSettings,
)
from hub.scorecards.validation import LineSpec, Unit, computed_value

FIRST_YEAR = 2018
# The agencies that deliver ICON touchpoints, each reporting its own coverage.
ICON_AGENCIES = ("cddft", "hdft", "icb")
BENCHMARK_SOURCES = {
    "England": Benchmark.Source.ENGLAND,
    "North East": Benchmark.Source.REGION,
    "Statistical neighbours": Benchmark.Source.NEIGHBOURS,
}
BUSINESS_UNIT_EMAIL = "alex.morgan@"


def _aware(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _update(instance, **fields) -> bool:
    changed = [name for name, value in fields.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, fields[name])
    if changed:
        instance.save()
    return bool(changed)


def _load_indicators(agencies, themes) -> dict[str, Indicator]:
    indicators = {}
    for item in demo_data.INDICATORS:
        indicator, _ = Indicator.objects.get_or_create(code=item.code)
        version, _ = IndicatorVersion.objects.get_or_create(
            indicator=indicator,
            year=FIRST_YEAR,
            defaults={
                "name": item.name,
                "definition": item.definition,
                "numerator_definition": item.numerator_definition,
                "denominator_definition": item.denominator_definition,
                "unit": item.unit,
                "polarity": item.polarity,
                "agency": agencies[item.agency],
            },
        )
        low, high = item.target_range or (None, None)
        _update(
            version,
            name=item.name,
            definition=item.definition,
            numerator_definition=item.numerator_definition,
            denominator_definition=item.denominator_definition,
            unit=item.unit,
            polarity=item.polarity,
            frequency=item.frequency,
            agency=agencies[item.agency],
            target=item.target,
            target_low=low,
            target_high=high,
            tolerance=item.tolerance,
            data_source=item.data_source,
            headline=item.headline,
            change_factor=item.change_factor,
        )
        annual = {
            target.indicator: target.target
            for target in demo_data.PROGRAMME_TARGETS["supporting-families"]
            if target.year == "2021/22"
        }
        _update(version, annual_target=annual.get(item.code))
        if item.code == demo_data.PROGRAMME_TARGETS["icon-indicator"]:
            wanted_reporters = {agencies[slug] for slug in ICON_AGENCIES}
            if set(version.reporting_agencies.all()) != wanted_reporters:
                version.reporting_agencies.set(wanted_reporters)
        wanted = {themes[slug] for slug in item.themes}
        if set(version.themes.all()) != wanted:
            version.themes.set(wanted)
        for year_label, values in item.benchmarks.items():
            year = int(year_label[:4])
            for area, value in values.items():
                benchmark, created = Benchmark.objects.get_or_create(
                    indicator=indicator, year=year, source=BENCHMARK_SOURCES[area], defaults={"value": value}
                )
                if not created:
                    _update(benchmark, value=value)
        indicators[item.code] = indicator
    return indicators


def _load_periods() -> dict[str, ReportingPeriod]:
    periods = {}
    for item in demo_data.PERIODS:
        period, _ = ReportingPeriod.objects.get_or_create(
            key=item.key,
            defaults={
                "label": item.label,
                "start": item.start,
                "end": item.end,
                "deadline": demo_data.return_due(item),
            },
        )
        _update(period, label=item.label, start=item.start, end=item.end, deadline=demo_data.return_due(item))
        periods[item.key] = period
    return periods


def _spoc_or_business_unit(agency: Agency) -> User | None:
    spoc = User.objects.filter(role_assignments__role__slug="spoc", role_assignments__agency=agency).first()
    return spoc or User.objects.filter(email__startswith=BUSINESS_UNIT_EMAIL).first()


def _load_returns(agencies, periods, indicators) -> int:
    states = demo_data.return_states()
    reviewer = User.objects.filter(email__startswith=BUSINESS_UNIT_EMAIL).first()
    by_return: dict[tuple[str, str], list[tuple[demo_data.DemoIndicator, demo_data.DemoValue]]] = {}
    icon_code = demo_data.PROGRAMME_TARGETS["icon-indicator"]
    for item in demo_data.INDICATORS:
        if item.code == icon_code:
            for (slug, period_key), value in _icon_by_agency().items():
                by_return.setdefault((slug, period_key), []).append((item, value))
            continue
        for value in demo_data.series(item.code):
            by_return.setdefault((item.agency, value.period), []).append((item, value))
    today = timezone.localdate()
    written = 0
    for (agency_slug, period_key), (state, extra) in sorted(states.items()):
        if state == demo_data.MISSING:
            continue
        agency = agencies[agency_slug]
        period = periods[period_key]
        scorecard_return, _ = Return.objects.get_or_create(agency=agency, period=period)
        for item, value in by_return.get((agency_slug, period_key), []):
            if value.numerator is None:
                continue
            spec = LineSpec(code=item.code, name=item.name, unit=Unit(item.unit), uses_denominator=item.unit != "count")
            denominator = value.denominator if item.unit != "count" else None
            figure = computed_value(spec, value.numerator, denominator)
            existing = ReturnValue.objects.filter(
                scorecard_return=scorecard_return, indicator=indicators[item.code]
            ).first()
            if existing is None:
                ReturnValue.objects.create(
                    scorecard_return=scorecard_return,
                    indicator=indicators[item.code],
                    numerator=value.numerator,
                    denominator=denominator,
                    value=figure,
                    comment=value.comment,
                )
                written += 1
            elif _update(
                existing, numerator=value.numerator, denominator=denominator, value=figure, comment=value.comment
            ):
                written += 1
        submitted_on = extra.get("submitted_on")
        decided_on = extra.get("approved_on") or extra.get("returned_on")
        spoc = _spoc_or_business_unit(agency)
        fields = {
            "status": state,
            "submitted_at": _aware(submitted_on) if submitted_on and state != demo_data.DRAFT else None,
            "submitted_by": spoc if submitted_on and state != demo_data.DRAFT else None,
            "decided_at": _aware(decided_on) if decided_on else None,
            "decided_by": reviewer if decided_on else None,
            "returned_reason": extra.get("reason", ""),
        }
        if state in (demo_data.DRAFT, demo_data.RETURNED):
            # The demo's quarter closed long ago; keep these open so the demo SPOCs can work on them.
            current = scorecard_return.open_until
            fields["open_until"] = current if current and current >= today else today + timedelta(days=30)
        if _update(scorecard_return, **fields):
            written += 1
    return written


def _icon_by_agency() -> dict[tuple[str, str], demo_data.DemoValue]:
    """Each ICON agency's quarterly coverage: the partnership series shared out by the touchpoints
    each agency delivers, keeping each agency's coverage relative to the others as in the latest quarter."""
    latest = demo_data.icon_coverage_by_agency()
    due_share: dict[str, int] = {}
    for touchpoint in demo_data.ICON_TOUCHPOINTS:
        due_share[touchpoint.agency] = due_share.get(touchpoint.agency, 0) + touchpoint.contacts_due
    total_due = sum(due_share.values())
    overall = sum(touchpoint.contacts_with_message for touchpoint in demo_data.ICON_TOUCHPOINTS) / total_due * 100
    values = {}
    for value in demo_data.series(demo_data.PROGRAMME_TARGETS["icon-indicator"]):
        if value.numerator is None or not value.denominator:
            continue
        rate = float(value.numerator / value.denominator * 100)
        for slug in ICON_AGENCIES:
            due = round(float(value.denominator) * due_share[slug] / total_due)
            given = min(due, round(due * min(100.0, rate * float(latest[slug]) / overall) / 100))
            values[(slug, value.period)] = demo_data.DemoValue(
                value.period, Decimal(given), Decimal(due), value.comment
            )
    return values


def _load_key_figures() -> int:
    written = 0
    sets: dict[tuple[str, object], KeyFigureSet] = {}
    for order, item in enumerate(demo_data.KEY_FIGURES, start=1):
        slug = "child-population-profile"
        figure_set = sets.get((slug, item.as_at))
        if figure_set is None:
            figure_set, created = KeyFigureSet.objects.get_or_create(
                slug=slug,
                as_at=item.as_at,
                defaults={"title": "Children and young people in County Durham", "source": item.source},
            )
            written += created
            sets[(slug, item.as_at)] = figure_set
        group = item.group.replace("-", " ").capitalize()
        unit = "%" if item.unit == "percentage" else ""
        figure, created = KeyFigure.objects.get_or_create(
            figure_set=figure_set,
            group=group,
            label=item.label,
            defaults={"value": item.value, "unit": unit, "source": item.source, "order": order},
        )
        if created or _update(figure, value=item.value, unit=unit, source=item.source, order=order):
            written += 1
    return written


def load(log) -> None:
    agencies = {agency.short_code: agency for agency in Agency.objects.all()}
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    with transaction.atomic():
        indicators = _load_indicators(agencies, themes)
        periods = _load_periods()
        written = _load_returns(agencies, periods, indicators)
        figures = _load_key_figures()
        scorecard_settings = ScorecardSettings.load()
        from hub.governance.models import Group

        plg = Group.objects.filter(slug="performance-and-learning").first()
        sf_code = demo_data.SUPPORTING_FAMILIES_2021_22.indicator
        _update(
            scorecard_settings,
            performance_group=plg,
            supporting_families_indicator=indicators.get(sf_code),
            icon_indicator=indicators.get(demo_data.PROGRAMME_TARGETS["icon-indicator"]),
        )
    from hub.scorecards.exceptions import generate_exception_report
    from hub.scorecards.models import ExceptionReport

    latest = periods[demo_data.LATEST_PERIOD.key]
    previous = periods[demo_data.PERIODS[-2].key]
    for period in (previous, latest):
        if written or not ExceptionReport.objects.filter(period=period).exists():
            generate_exception_report(period=period, actor=None)
    enquiry_written = _load_enquiry(latest, agencies)
    log(
        f"Scorecards: {len(indicators)} indicators, {len(periods)} quarters, {written} return records written, "
        f"{figures} key figures written; exception reports for {previous.label} and {latest.label}; "
        f"{'a line of enquiry with its deep dive' if enquiry_written else 'the line of enquiry unchanged'}."
    )


ENQUIRY_QUESTION = (
    "Missing episodes reached 548 in Q4 2022/23, far above the usual range. What lies behind the rise, "
    "and how are the children who went missing repeatedly being protected?"
)
ENQUIRY_ANSWERS = {
    "police": "Most of the rise comes from eleven young people in two children's homes, several reported "
    "missing many times. Each has had a return home interview offer and a multi-agency exploitation "
    "meeting; a missing-from-care protocol with the homes' providers starts in May.",
    "dcc": "Both homes have new managers since January. The placement team has reviewed the eleven "
    "placements; two young people have moved closer to their families and every child has an allocated "
    "worker who has seen them since the episodes.",
}
ENQUIRY_FINDINGS = (
    "The rise is concentrated in two children's homes and a small group of young people, not a county-wide "
    "change. Return home interviews were offered in time, but information from them was not always shared "
    "with the police missing persons co-ordinator. The group asked for the protocol to include sharing "
    "interview findings within 72 hours, and for the next two quarters' figures to be reported by home."
)


def _load_enquiry(latest: ReportingPeriod, agencies) -> bool:
    """A line of enquiry the PLG opened from the Q4 2022/23 spike in missing episodes, answered by the
    police and the council, with its deep dive's findings and one action on the tracker."""
    from hub.core.models import Action
    from hub.core.services import create_action
    from hub.scorecards.enquiries import source_label
    from hub.scorecards.models import EnquiryAnswer, ExceptionEntry, LineOfEnquiry

    entry = ExceptionEntry.objects.filter(
        report__period=latest, kind=ExceptionEntry.Kind.CONCERN, indicator__code="EXP-01"
    ).first()
    if LineOfEnquiry.objects.filter(question=ENQUIRY_QUESTION).exists():
        LineOfEnquiry.objects.filter(question=ENQUIRY_QUESTION, entry__isnull=True).update(entry=entry)
        return False
    business_unit = User.objects.filter(email__startswith=BUSINESS_UNIT_EMAIL).first()
    opened_on = latest.deadline + timedelta(days=14)
    with transaction.atomic():
        enquiry = LineOfEnquiry.objects.create(
            entry=entry,
            question=ENQUIRY_QUESTION,
            due_on=opened_on + timedelta(days=28),
            status=LineOfEnquiry.Status.DEEP_DIVE,
            findings=ENQUIRY_FINDINGS,
            opened_by=business_unit,
            opened_at=_aware(opened_on),
        )
        enquiry.indicators.set(Indicator.objects.filter(code__in=["EXP-01", "EXP-02"]))
        enquiry.agencies.set([agencies["police"], agencies["dcc"]])
        for slug, answer in ENQUIRY_ANSWERS.items():
            EnquiryAnswer.objects.create(
                enquiry=enquiry,
                agency=agencies[slug],
                answer=answer,
                answered_by=_spoc_or_business_unit(agencies[slug]),
                answered_at=_aware(opened_on + timedelta(days=20)),
            )
        if not Action.objects.filter(source_label=source_label(enquiry)).exists():
            create_action(
                actor=business_unit,
                title="Add sharing of return home interview findings within 72 hours to the missing protocol",
                description="From the deep dive into missing episodes in Q4 2022/23.",
                owner_agency=agencies["police"],
                due_on=opened_on + timedelta(days=90),
                source=enquiry,
                source_label=source_label(enquiry),
            )
    return True
