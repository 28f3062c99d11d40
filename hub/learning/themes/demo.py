"""The demo partnership's improvement themes, their 2021/22 work and the 2022/23 delivery cycles.

The four practice improvement themes of the 2021/22 annual report, with rationale, activities and
impact statements written for the demo. Tracker actions raised by the core demo are linked to
the demo courses and 7-minute briefings that answered them, so each theme page shows the whole
thread. Three Improvement Delivery Group cycles for 2022/23 stand at different steps.

Idempotent: every record is found by a stable key (slug, title, year and number) and written
only when missing; links are added only when absent. Records other parts of the demo make
(actions, courses, briefings, indicators, audit findings, Executive meetings) are looked up,
and skipped when that part of the demo is not loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from hub.core.models import Action, Agency, Theme, User
from hub.learning.audits.models import Finding
from hub.learning.themes import services
from hub.learning.themes.models import DeliveryCycle, ImpactStatement, ImprovementActivity, ImprovementTheme

DOMAIN = "demo.example.org"
A = ImprovementActivity.Status
E = ImpactStatement.EvidenceKind

# Actions the core demo raises, by title.
VOICE_STANDARDS = "Introduce Standards of Expectation for the voice of the child in every partner agency"
PLEDGE = "Relaunch the Professional Pledge"
REFLECTIVE = "Develop Standards for Reflective Discussion"
CRU_BRIEFING = "Brief the Central Referral Unit on the harmful sexual behaviour pathway"
HSB_TOOL = "Promote the harmful sexual behaviour stages-of-development tool"
HARM_PLAN = "Complete the cumulative harm action plan"
HARM_MATRIX = "Promote the harm matrix as a shared multi-agency tool"


@dataclass(frozen=True)
class DemoOutputs:
    """The courses and briefings (by slug) made in response to one demo action."""

    action: str
    courses: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()


OUTPUTS: tuple[DemoOutputs, ...] = (
    DemoOutputs(VOICE_STANDARDS, ("voice-and-lived-experience",), ("seven-minute-briefing-voice-of-the-child",)),
    DemoOutputs(
        REFLECTIVE,
        ("management-oversight-decision-making", "safeguarding-managers"),
        ("seven-minute-briefing-reflective-supervision",),
    ),
    DemoOutputs(HSB_TOOL, ("harmful-sexual-behaviour",), ("seven-minute-briefing-harmful-sexual-behaviour",)),
    DemoOutputs(HARM_PLAN, ("cumulative-harm",), ("seven-minute-briefing-cumulative-harm",)),
)


@dataclass(frozen=True)
class DemoActivity:
    title: str
    status: str
    starts_on: date
    ends_on: date | None = None
    description: str = ""
    action: str = ""


@dataclass(frozen=True)
class DemoStatement:
    statement: str
    kind: str
    evidence: str = ""
    indicator: str = ""
    action: str = ""


@dataclass(frozen=True)
class DemoImprovementTheme:
    slug: str
    title: str
    practice_theme: str
    summary: str
    rationale: str
    lead: str
    lead_agency: str
    indicators: tuple[str, ...] = ()
    reviews: tuple[str, ...] = ()
    activities: tuple[DemoActivity, ...] = field(default_factory=tuple)
    statements: tuple[DemoStatement, ...] = field(default_factory=tuple)


THEMES: tuple[DemoImprovementTheme, ...] = (
    DemoImprovementTheme(
        "voice-of-the-child",
        "The lived experience and voice of children",
        "voice-of-the-child",
        "Every agency hears what a child's daily life is like, records it, and shares it so it shapes decisions.",
        "Our audits kept finding the same contrast: some records brought a child's day-to-day life vividly to "
        "life, others said almost nothing about it. Where agencies did capture a child's views, they often kept "
        "them to themselves, so the professionals making decisions did not have the full picture.\n\n"
        "Tools for talking with children were built for one agency at a time. We chose this theme to set one "
        "standard for every partner and to make sure what children tell us travels with them through the "
        "safeguarding response.",
        "alex.morgan",
        "dcc",
        reviews=("Local learning review: a child whose views were not shared at strategy meetings (2021)",),
        activities=(
            DemoActivity(
                "Standards of Expectation for the voice of the child agreed and adopted by every partner agency",
                A.COMPLETED,
                date(2021, 5, 10),
                date(2021, 10, 20),
                action=VOICE_STANDARDS,
            ),
            DemoActivity(
                "Professional Pledge updated and relaunched",
                A.COMPLETED,
                date(2021, 6, 1),
                date(2021, 12, 6),
                "Partners recommitted that children are central to all we do and that we hold each other to account.",
                action=PLEDGE,
            ),
            DemoActivity(
                "Lived experience built into every course in the training programme",
                A.COMPLETED,
                date(2021, 4, 1),
                date(2022, 3, 31),
            ),
            DemoActivity(
                "Impact Forums introduced to hear how training changed practice",
                A.COMPLETED,
                date(2021, 9, 1),
                date(2022, 1, 31),
            ),
            DemoActivity(
                "Voice and lived experience questions added to every partnership and single-agency audit",
                A.IN_PROGRESS,
                date(2022, 1, 10),
            ),
        ),
        statements=(
            DemoStatement(
                "Agencies understand what is expected of them when they record a child's lived experience and views.",
                E.OTHER,
                "Every partner agency returned a signed adoption of the Standards of Expectation.",
            ),
            DemoStatement(
                "Each agency now has a way to check and report on whether the standards are met.",
                E.OTHER,
                "Compliance reported through single-agency audits to the Embedding Learning Group.",
            ),
            DemoStatement(
                "Practitioners who attended the voice and lived experience course say it changed how they record "
                "children's views.",
                E.TRAINING,
                action=VOICE_STANDARDS,
            ),
        ),
    ),
    DemoImprovementTheme(
        "management-decision-making",
        "Management understanding and decision making",
        "management-decision-making",
        "Reflective supervision, management oversight and recorded challenge behind every decision about a child.",
        "Audits showed that practice was better where managers gave steady supervision and oversight: "
        "practitioners had room to reflect, to test their decisions and to challenge each other. Where that was "
        "missing, partnership working faltered after the first strategy meeting and dissenting views went "
        "unrecorded.\n\n"
        "We chose this theme to set standards for reflective discussion across agencies and to fill a gap in "
        "our training offer for managers and designated safeguarding leads.",
        "priya.shah",
        "dcc",
        indicators=("CSC-04",),
        activities=(
            DemoActivity(
                "Standards for Reflective Discussion written and embedded in partner agencies",
                A.COMPLETED,
                date(2021, 5, 10),
                date(2022, 1, 24),
                action=REFLECTIVE,
            ),
            DemoActivity(
                "Professional Pledge relaunched with a commitment to hold each other to account for decisions",
                A.COMPLETED,
                date(2021, 6, 1),
                date(2021, 12, 6),
            ),
            DemoActivity(
                "Risk assessment and cumulative harm added to Safeguarding Managers training",
                A.COMPLETED,
                date(2021, 9, 1),
                date(2022, 2, 28),
            ),
            DemoActivity(
                "Audit and third-party assurance of decision making in child protection processes",
                A.IN_PROGRESS,
                date(2022, 1, 4),
            ),
        ),
        statements=(
            DemoStatement(
                "Reflective supervision is taking place across agencies.",
                E.OTHER,
                "Seen in multi-agency audit and in key scrutiny of child protection cases during the year.",
            ),
            DemoStatement(
                "Strong supervision and management oversight show up in a high proportion of the cases we look at.",
                E.OTHER,
                "Case audit grades for management oversight, 2021/22.",
            ),
            DemoStatement(
                "Managers and designated safeguarding leads report more confidence in leading reflective discussion.",
                E.TRAINING,
                action=REFLECTIVE,
            ),
        ),
    ),
    DemoImprovementTheme(
        "harmful-sexual-behaviour",
        "Harmful sexual behaviour",
        "harmful-sexual-behaviour",
        "Recognising harmful sexual behaviour by children early and referring through one multi-agency pathway.",
        "Referrals to the harmful sexual behaviour pathway were low, and practitioners told us they were unsure "
        "where healthy behaviour ended and concerning behaviour began. After relaunching the procedures, the "
        "partnership chose this theme to make the pathway known in every agency and to give practitioners a "
        "shared tool for judging behaviour and responding to it.",
        "dan.walsh",
        "cdyjs",
        indicators=("HSB-01",),
        activities=(
            DemoActivity(
                "Enhanced multi-agency training on harmful sexual behaviour",
                A.COMPLETED,
                date(2021, 4, 1),
                date(2022, 3, 31),
            ),
            DemoActivity(
                "Twelve-week multi-agency communications plan",
                A.COMPLETED,
                date(2021, 9, 6),
                date(2021, 11, 26),
            ),
            DemoActivity("Good practice guidance published", A.COMPLETED, date(2021, 6, 1), date(2021, 10, 29)),
            DemoActivity(
                "Partnership development day on harmful sexual behaviour",
                A.COMPLETED,
                date(2021, 10, 14),
                date(2021, 10, 14),
            ),
            DemoActivity(
                "Central Referral Unit and prosecutors briefed on the pathway",
                A.COMPLETED,
                date(2021, 11, 1),
                date(2022, 3, 14),
                action=CRU_BRIEFING,
            ),
            DemoActivity(
                "Stages of sexual development tool promoted through briefings",
                A.IN_PROGRESS,
                date(2022, 2, 1),
                action=HSB_TOOL,
            ),
        ),
        statements=(
            DemoStatement(
                "Referrals to the harmful sexual behaviour pathway rose from 24 in 2019/20 to 152 in 2021/22.",
                E.INDICATOR_TREND,
                "The youth justice service, which runs the pathway for the partnership, counts every referral.",
                indicator="HSB-01",
            ),
            DemoStatement(
                "Partners share information better at professionals' meetings, so young people under police "
                "investigation and their families get support and safety plans sooner.",
                E.OTHER,
                "Feedback from police, health, youth justice, schools and children's services at the pathway's "
                "professionals' meetings.",
            ),
            DemoStatement(
                "More children have a specialist assessment, with supervision from a manager trained to oversee it.",
                E.OTHER,
                "Count of AIM3 and AIM under-12s assessments completed jointly with children's social care.",
            ),
            DemoStatement(
                "Practitioners trained on harmful sexual behaviour report using the stages of development tool.",
                E.TRAINING,
                action=HSB_TOOL,
            ),
        ),
    ),
    DemoImprovementTheme(
        "cumulative-harm",
        "Cumulative harm and risk assessment",
        "cumulative-harm",
        "Seeing the build-up of harm over time and across the whole family when we assess risk.",
        "Audits found that plans often looked only at the child referred and at the latest incident. Risks to "
        "brothers, sisters and the wider family were frequently missed, and closures seldom considered what "
        "early help or specialist services could still offer. Practice was better where people used "
        "chronologies, genograms and the harm matrix.\n\n"
        "We chose this theme to make those tools part of everyday practice in every agency.",
        "jordan.reid",
        "dcc",
        indicators=("CP-04",),
        activities=(
            DemoActivity(
                "Cumulative harm guidance shared on every channel: harm matrix and chronologies",
                A.COMPLETED,
                date(2021, 5, 10),
                date(2022, 3, 28),
                action=HARM_PLAN,
            ),
            DemoActivity(
                "Twelve-month rollout plan for practice expectations",
                A.IN_PROGRESS,
                date(2021, 10, 1),
                date(2022, 9, 30),
            ),
            DemoActivity(
                "Signs of Safety briefings woven into all partnership training",
                A.COMPLETED,
                date(2021, 6, 1),
                date(2022, 3, 31),
            ),
            DemoActivity(
                "Harm matrix promoted as one tool for every partner",
                A.PLANNED,
                date(2022, 4, 20),
                date(2022, 12, 31),
                action=HARM_MATRIX,
            ),
        ),
        statements=(
            DemoStatement(
                "Multi-agency meetings are well run, so risk and progress are assessed again at each one.",
                E.OTHER,
                "Scrutiny and health checks of child protection conferences and core groups.",
            ),
            DemoStatement(
                "Assessments analyse family history, capacity to change and the impact on the child well.",
                E.OTHER,
                "Multi-agency audit of assessments, 2021/22.",
            ),
            DemoStatement(
                "Professionals use plainer language that children and families understand.",
                E.SURVEY,
                "Feedback from families at child protection conferences.",
            ),
            DemoStatement(
                "Practitioners trained on cumulative harm use chronologies and the harm matrix in their work.",
                E.TRAINING,
                action=HARM_PLAN,
            ),
        ),
    ),
)


@dataclass(frozen=True)
class DemoCycle:
    number: int
    focus: str
    themes: tuple[str, ...]
    plan: str
    endorse_after: date | None = None
    started_on: date | None = None
    review: str = ""
    reviewed_on: date | None = None


CYCLE_YEAR = 2022

CYCLES: tuple[DemoCycle, ...] = (
    DemoCycle(
        1,
        "Hearing babies and children who cannot yet speak",
        ("voice-of-the-child",),
        "Bring health visitors, early years and social workers together on how to observe and record the lived "
        "experience of babies and pre-verbal children.\n"
        "Agree three practice prompts and a short observation guide by December.\n"
        "Test them in two localities and re-audit 20 cases in February.",
        endorse_after=date(2022, 9, 1),
        started_on=date(2022, 10, 17),
        review="The re-audit found the child's daily routine and the carer's interaction recorded in 15 of 20 "
        "cases, up from 6 of 20 before the cycle. Health visitors asked for the observation guide in their "
        "own records system.",
        reviewed_on=date(2023, 2, 23),
    ),
    DemoCycle(
        2,
        "Recording and escalating professional disagreement",
        ("management-decision-making",),
        "Review the escalation policy with practitioners who used it in the last year.\n"
        "Add a dissent section to strategy meeting records.\n"
        "Brief managers in every agency and report escalations to the Performance and Learning Group quarterly.",
        endorse_after=date(2022, 12, 1),
        started_on=date(2023, 1, 16),
    ),
    DemoCycle(
        3,
        "Harmful sexual behaviour in primary schools",
        ("harmful-sexual-behaviour", "cumulative-harm"),
        "Work with designated safeguarding leads in primary schools on using the stages of development tool "
        "and when to refer to the pathway.",
    ),
)


def _user(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@{DOMAIN}").first()


def _actions(titles) -> dict[str, Action]:
    return {action.title: action for action in Action.objects.filter(title__in=set(titles))}


def _link_outputs(log: Callable[[str], None]) -> int:
    """Link the demo actions to the courses and briefings made in response. Returns the links added."""
    course_model = apps.get_model("training", "Course")
    resource_model = apps.get_model("website", "ResourcePage")
    actions = _actions(output.action for output in OUTPUTS)
    added = 0
    for demo in OUTPUTS:
        action = actions.get(demo.action)
        if action is None:
            continue
        for course in course_model.objects.filter(slug__in=demo.courses):
            if not course.actions.filter(pk=action.pk).exists():
                course.actions.add(action)
                added += 1
        for page in resource_model.objects.filter(slug__in=demo.resources):
            if page.actions.filter(pk=action.pk).exists():
                continue
            # Through a revision, so that the page's editors see the link and keep it when they publish.
            page.actions.add(action)
            revision = page.save_revision(log_action=False, clean=False)
            if page.live:
                revision.publish(log_action=False)
            added += 1
    return added


def _load_theme(demo: DemoImprovementTheme, actions: dict[str, Action]) -> tuple[ImprovementTheme | None, int]:
    practice_theme = Theme.objects.filter(slug=demo.practice_theme).first()
    if practice_theme is None:
        return None, 0
    written = 0
    theme = ImprovementTheme.objects.filter(slug=demo.slug).first()
    if theme is None:
        theme = ImprovementTheme.objects.create(
            slug=demo.slug,
            title=demo.title,
            practice_theme=practice_theme,
            summary=demo.summary,
            rationale=demo.rationale,
            lead=_user(demo.lead),
            lead_agency=Agency.objects.filter(short_code=demo.lead_agency).first(),
            status=ImprovementTheme.Status.ACTIVE,
            first_year=2021,
            review_references="\n".join(demo.reviews),
            position=THEMES.index(demo) + 1,
        )
        written += 1
    indicator_model = apps.get_model("scorecards", "Indicator")
    indicators = {indicator.code: indicator for indicator in indicator_model.objects.filter(code__in=demo.indicators)}
    missing = [indicator for indicator in indicators.values() if not theme.indicators.filter(pk=indicator.pk).exists()]
    if missing:
        theme.indicators.add(*missing)
        written += len(missing)
    # Development findings of the audits tagged with the theme's practice theme led to it.
    findings = Finding.objects.filter(themes=practice_theme, kind=Finding.Kind.DEVELOPMENT).exclude(
        improvement_themes=theme
    )
    new_findings = list(findings)
    if new_findings:
        theme.findings.add(*new_findings)
        written += len(new_findings)
    for demo_activity in demo.activities:
        if theme.activities.filter(title=demo_activity.title).exists():
            continue
        ImprovementActivity.objects.create(
            theme=theme,
            title=demo_activity.title,
            description=demo_activity.description,
            status=demo_activity.status,
            starts_on=demo_activity.starts_on,
            ends_on=demo_activity.ends_on,
            action=actions.get(demo_activity.action),
        )
        written += 1
    for position, demo_statement in enumerate(demo.statements, start=1):
        if theme.impact_statements.filter(statement=demo_statement.statement).exists():
            continue
        indicator = indicators.get(demo_statement.indicator)
        action = actions.get(demo_statement.action)
        kind = demo_statement.kind
        # Without the linked record the statement still stands, as other evidence.
        if (kind == E.INDICATOR_TREND and indicator is None) or (kind == E.TRAINING and action is None):
            kind = E.OTHER
        ImpactStatement.objects.create(
            theme=theme,
            statement=demo_statement.statement,
            year=2021,
            evidence_kind=kind,
            evidence=demo_statement.evidence or "Course evaluations and Impact Forum follow-ups.",
            indicator=indicator,
            action=action,
            position=position,
        )
        written += 1
    return theme, written


def _executive_meeting_after(day: date):
    meeting_model = apps.get_model("governance", "Meeting")
    return (
        meeting_model.objects.filter(group__is_executive=True, starts_at__date__gte=day)
        .exclude(status="cancelled")
        .select_related("group")
        .order_by("starts_at")
        .first()
    )


def _load_cycles(themes: dict[str, ImprovementTheme], actor: User | None) -> int:
    written = 0
    today = timezone.localdate()
    for demo in CYCLES:
        if DeliveryCycle.objects.filter(year=CYCLE_YEAR, number=demo.number).exists():
            continue
        cycle = services.plan_cycle(
            actor=actor,
            year=CYCLE_YEAR,
            number=demo.number,
            focus=demo.focus,
            focus_themes=[themes[slug] for slug in demo.themes if slug in themes],
            improvement_plan=demo.plan,
        )
        written += 1
        if demo.endorse_after is None or demo.endorse_after > today:
            continue
        meeting = _executive_meeting_after(demo.endorse_after)
        if meeting is not None and timezone.localdate(meeting.starts_at) <= today:
            cycle = services.endorse_cycle(
                actor=actor, cycle=cycle, endorsed_on=timezone.localdate(meeting.starts_at), meeting=meeting
            )
        else:
            cycle = services.endorse_cycle(actor=actor, cycle=cycle, endorsed_on=demo.endorse_after)
        if demo.started_on and demo.started_on <= today:
            started_on = max(demo.started_on, cycle.endorsed_on)
            cycle = services.start_delivery(actor=actor, cycle=cycle, started_on=started_on)
            if demo.review and demo.reviewed_on and demo.reviewed_on <= today:
                services.review_impact(
                    actor=actor,
                    cycle=cycle,
                    impact_review=demo.review,
                    reviewed_on=max(demo.reviewed_on, started_on),
                )
    return written


def load(log: Callable[[str], None]) -> None:
    """Add the improvement themes, their thread and the 2022/23 cycles; safe to run any number of times."""
    with transaction.atomic():
        links = _link_outputs(log)
        actions = _actions(
            title
            for demo in THEMES
            for title in [*(a.action for a in demo.activities), *(s.action for s in demo.statements)]
            if title
        )
        themes: dict[str, ImprovementTheme] = {}
        written = 0
        for demo in THEMES:
            theme, count = _load_theme(demo, actions)
            if theme is not None:
                themes[demo.slug] = theme
                written += count
        cycles = _load_cycles(themes, _user("alex.morgan"))
    log(
        f"{len(themes)} improvement themes ({written} records and links new), {len(CYCLES)} improvement cycles "
        f"({cycles} new), {links} actions linked to courses and briefings"
    )
