"""The demo partnership's audit programme, 2019/20 to 2022/23.

The 2021/22 findings carry the substance of the seed report's "Recurring Themes and
Observations" under its four categories, in our own words; earlier years repeat some of them so
the recurring-themes page has something to find. 2022/23 is under way: one audit completed, one at
moderation, one taking returns (the demo SPOCs have returns to complete) and one planned.
Answers and grades are generated from a seeded random source, so every run writes the same data,
and a second run writes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from hub.core.models import Action, Agency, Theme, User
from hub.learning.audits.models import (
    AreaGrade,
    Audit,
    AuditArea,
    AuditCase,
    AuditProgramme,
    AuditQuestion,
    AuditReturn,
    AuditTemplate,
    CaseModeration,
    Finding,
    FindingCategory,
)
from hub.learning.common import Grade, GradingScheme, LearningSettings, QuestionKind

DEMO_DOMAIN = "demo.example.org"

CATEGORIES = (
    ("system", "System", "How procedures, tools, supervision and management oversight support practice."),
    ("think-others", "Think Others", "Seeing the whole family: siblings, extended family and other adults."),
    ("working-together", "Working Together", "Partnership working throughout the safeguarding response."),
    ("child-centred", "Child Centred", "Keeping the child, their voice and lived experience at the centre."),
)

GRADES = (
    ("outstanding", "Outstanding", Grade.Colour.GREEN),
    ("good", "Good", Grade.Colour.TURQUOISE),
    ("requires-improvement", "Requires improvement", Grade.Colour.YELLOW),
    ("inadequate", "Inadequate", Grade.Colour.RED),
)
GRADE_WEIGHTS = (1, 5, 4, 1)

AREAS = (
    ("Assessment and risk", "How well risk and need were assessed, including cumulative harm."),
    ("Planning and intervention", "Whether plans were specific, timely and reviewed."),
    ("Voice and lived experience of the child", "Whether the child was seen, heard and understood in every setting."),
    ("Working together", "Information sharing, joint work and challenge between agencies."),
    ("Management oversight", "Supervision, reflective discussion and management decisions on the record."),
)

# (area index or None, text, kind, help)
QUESTIONS = (
    (0, "How well did your agency understand the risks to the child?", QuestionKind.SCALE, ""),
    (0, "Describe how your agency assessed risk, including any history of harm.", QuestionKind.LONG_TEXT, ""),
    (1, "Was there a clear plan with timescales for your agency's part?", QuestionKind.YES_NO, ""),
    (2, "Was the child seen and were their views recorded?", QuestionKind.YES_NO, ""),
    (2, "How well does your record show the child's day-to-day life?", QuestionKind.SCALE, ""),
    (3, "How did your agency share information and work with partners?", QuestionKind.LONG_TEXT, ""),
    (4, "Is management oversight or supervision recorded on the case?", QuestionKind.YES_NO, ""),
    (None, "How would you grade your agency's practice on this case?", QuestionKind.GRADE, ""),
    (None, "What would your agency do differently?", QuestionKind.LONG_TEXT, ""),
)

TEXT_ANSWERS = (
    "Risk was assessed at the first contact and reviewed at each strategy discussion; the chronology was updated.",
    "The assessment focused on the presenting incident; earlier concerns in the record were not drawn together.",
    "Information was shared promptly at the strategy meeting and through the lead professional.",
    "Partners were invited to the core group but information between meetings relied on e-mail.",
    "We would involve the school nurse earlier and record the child's own words, not a summary.",
    "A multi-agency chronology from the start would have shown the pattern of missed appointments sooner.",
    "Supervision notes show reflective discussion and a clear management decision with reasons.",
)


@dataclass(frozen=True)
class DemoFinding:
    kind: str
    category: str
    themes: tuple[str, ...]
    summary: str
    learning_point: str = ""
    recommendation: str = ""
    action_agency: str = ""
    action_status: str = ""


@dataclass(frozen=True)
class DemoAudit:
    year: int
    title: str
    topic: str
    themes: tuple[str, ...]
    agencies: tuple[str, ...]
    status: str
    case_count: int
    moderation: tuple[int, int]  # months after the year's start, and the day of that month
    summary: str = ""
    findings: tuple[DemoFinding, ...] = ()
    lines: tuple[str, ...] = field(default=())


S, D = Finding.Kind.STRENGTH, Finding.Kind.DEVELOPMENT

SEED_FINDINGS_2021 = (
    DemoFinding(
        S,
        "system",
        ("management-decision-making",),
        "Consistent supervision and case oversight helped practitioners reflect, decide and challenge.",
        "Regular supervision gives practitioners room to reflect on outcomes, test their decisions and feel "
        "supported to challenge.",
    ),
    DemoFinding(
        S,
        "system",
        ("signs-of-safety",),
        "Clear pathways and tools brought partners in early and kept action timely and the record consistent.",
        "Practitioners do better when they can reach clear procedures, tools and management support.",
    ),
    DemoFinding(
        D,
        "think-others",
        ("cumulative-harm",),
        "Risks to siblings and the wider family were often missing or thin in plans and multi-agency responses.",
        "Look beyond the referred child, especially in complex family arrangements.",
        "Promote group supervision across partner agencies to widen the focus of concern.",
        "dcc",
        Action.Status.COMPLETED,
    ),
    DemoFinding(
        S,
        "think-others",
        ("cumulative-harm",),
        "Outcomes were better where practitioners used chronologies, genograms, the harm matrix or family "
        "network meetings.",
        "Tools that draw the history together help practitioners see cumulative harm.",
        "Promote the harm matrix and multi-agency chronologies through every communication channel.",
        "dcc",
        Action.Status.IN_PROGRESS,
    ),
    DemoFinding(
        D,
        "think-others",
        ("early-help",),
        "Early help and specialist services were seldom considered before a case was closed.",
        "Closing a case is a decision that needs the same look at support options as opening one.",
        "Develop a new early help assessment with partners, children and families, built on Signs of Safety.",
        "early-help",
        Action.Status.IN_PROGRESS,
    ),
    DemoFinding(
        D,
        "working-together",
        ("management-decision-making",),
        "Keeping partnership working going throughout the response was the area most often needing development.",
        "Leadership that engages partners, communicates and seeks information before deciding is the single most "
        "important practice to develop.",
        "Develop standards for reflective discussion, including recording dissenting views.",
        "dcc",
        Action.Status.IN_PROGRESS,
    ),
    DemoFinding(
        D,
        "working-together",
        ("management-decision-making",),
        "Professional curiosity and engagement beyond strategy meetings were inconsistent.",
        "Information sharing is a continuous process, not an event at formal meetings.",
    ),
    DemoFinding(
        S,
        "child-centred",
        ("voice-of-the-child",),
        "Practitioners across agencies kept a child-centred approach; this was the most consistent strength.",
    ),
    DemoFinding(
        D,
        "child-centred",
        ("voice-of-the-child",),
        "Recording of the child's voice and lived experience ranged from very good to absent.",
        "Understanding the child's lived experience only helps decisions if it covers every setting the child "
        "lives in.",
        "Agree standards of expectation for the voice of the child across all partner agencies.",
        "dcc",
        Action.Status.COMPLETED,
    ),
    DemoFinding(
        D,
        "child-centred",
        ("voice-of-the-child", "cumulative-harm"),
        "Engagement tools were agency-centred, giving a strong but narrow view of the child's life.",
        "A shared multi-agency tool would give practitioners the same expectation of holistic information.",
        "Promote the harm matrix across the partnership as the shared tool.",
        "icb",
        Action.Status.NOT_STARTED,
    ),
    DemoFinding(
        D,
        "child-centred",
        ("voice-of-the-child",),
        "What the child said was not always shared with partners, so the whole picture was missing.",
        "",
        "Update the partners' professional pledge and relaunch the commitment that children are central.",
        "police",
        Action.Status.COMPLETED,
    ),
)


def _earlier(year: int) -> tuple[DemoFinding, ...]:
    """Findings of earlier years that the 2021/22 audits found again."""
    return (
        DemoFinding(
            D,
            "working-together",
            ("management-decision-making",),
            f"Agencies were not always invited beyond the strategy meeting ({year} audit).",
        ),
        DemoFinding(
            D,
            "child-centred",
            ("voice-of-the-child",),
            "Records described the child's circumstances but seldom the child's own words.",
        ),
        DemoFinding(
            D,
            "think-others",
            ("cumulative-harm",),
            "Plans focused on the referred child; siblings' needs were not assessed.",
        ),
        DemoFinding(
            S,
            "system",
            ("signs-of-safety",),
            "Signs of Safety mapping helped families and partners agree the worries and what needed to happen.",
        ),
    )


def _audits() -> tuple[DemoAudit, ...]:
    core = ("dcc", "police", "icb", "cddft", "education")
    return (
        DemoAudit(
            2019,
            "Neglect in families with younger children",
            "Neglect",
            ("neglect",),
            core,
            "completed",
            3,
            (10, 14),
            "Neglect was recognised but plans drifted without a shared chronology.",
            _earlier(2019)[:3],
        ),
        DemoAudit(
            2019,
            "Children missing from education",
            "Child exploitation",
            ("child-exploitation",),
            core,
            "completed",
            3,
            (2, 10),
            "Schools and police shared information well once a child was missing.",
            _earlier(2019)[3:],
        ),
        DemoAudit(
            2020,
            "Children living with domestic abuse during lockdown",
            "Domestic abuse",
            ("domestic-abuse",),
            core,
            "completed",
            3,
            (11, 18),
            "Remote contact kept children visible but their voice was thin.",
            _earlier(2020),
        ),
        DemoAudit(
            2021,
            "Neglect of teenagers",
            "Neglect",
            ("neglect",),
            core + ("cdyjs",),
            "completed",
            5,
            (6, 16),
            "Teenage neglect was often seen as behaviour; the family's history was not drawn together.",
            SEED_FINDINGS_2021[2:5],
        ),
        DemoAudit(
            2021,
            "Harmful sexual behaviour between children",
            "Harmful sexual behaviour",
            ("harmful-sexual-behaviour",),
            core + ("tewv",),
            "completed",
            4,
            (8, 20),
            "Responses improved where practitioners used a shared framework to judge the behaviour.",
            SEED_FINDINGS_2021[:2],
        ),
        DemoAudit(
            2021,
            "The voice of the child in child protection plans",
            "Voice of the child",
            ("voice-of-the-child",),
            core,
            "completed",
            5,
            (10, 18),
            "Children were seen, but what they said did not always shape the plan or reach partners.",
            SEED_FINDINGS_2021[7:],
        ),
        DemoAudit(
            2021,
            "Step-down from children's social care to early help",
            "Early help",
            ("early-help",),
            core + ("early-help",),
            "completed",
            4,
            (0, 24),
            "Partnership working was strong at the start and faded as cases stepped down.",
            SEED_FINDINGS_2021[5:7],
        ),
        DemoAudit(
            2022,
            "Cumulative harm in families known to several agencies",
            "Cumulative harm",
            ("cumulative-harm",),
            core,
            "completed",
            4,
            (7, 14),
            "Chronologies were used more often than in earlier audits; siblings were still sometimes missed.",
            _earlier(2022)[2:],
        ),
        DemoAudit(
            2022,
            "Management oversight of decisions to close cases",
            "Management decision making",
            ("management-decision-making",),
            core,
            "moderation",
            4,
            (9, 22),
        ),
        DemoAudit(
            2022,
            "Children at risk of exploitation outside the home",
            "Child exploitation",
            ("child-exploitation",),
            core + ("cdyjs",),
            "returns",
            4,
            (11, 19),
        ),
        DemoAudit(
            2022,
            "Babies under one with a parent misusing substances",
            "Neglect",
            ("neglect",),
            core,
            "planned",
            0,
            (1, 15),
        ),
    )


def _grading_scheme() -> GradingScheme:
    scheme, _ = GradingScheme.objects.get_or_create(
        name="Practice grades",
        defaults={"description": "The four grades used to judge practice, best first."},
    )
    for position, (code, label, colour) in enumerate(GRADES, start=1):
        Grade.objects.get_or_create(
            scheme=scheme, code=code, defaults={"position": position, "label": label, "colour": colour}
        )
    return scheme


def _template(scheme: GradingScheme) -> AuditTemplate:
    template, _ = AuditTemplate.objects.get_or_create(
        name="Multi-agency case audit",
        defaults={
            "grading_scheme": scheme,
            "description": "The partnership's standard questions for each agency on each audited case.",
        },
    )
    areas = []
    for position, (name, description) in enumerate(AREAS, start=1):
        area, _ = AuditArea.objects.get_or_create(
            template=template, name=name, defaults={"position": position, "description": description}
        )
        areas.append(area)
    for position, (area_index, text, kind, help_text) in enumerate(QUESTIONS, start=1):
        AuditQuestion.objects.get_or_create(
            template=template,
            text=text,
            defaults={
                "position": position,
                "area": areas[area_index] if area_index is not None else None,
                "kind": kind,
                "help_text": help_text,
                "grading_scheme": scheme if kind == QuestionKind.GRADE else None,
                "scale_min_label": "Not at all" if kind == QuestionKind.SCALE else "",
                "scale_max_label": "Very well" if kind == QuestionKind.SCALE else "",
            },
        )
    return template


def _answers(questions, rng: random.Random, complete: bool) -> dict:
    answers = {}
    for index, question in enumerate(questions):
        if not complete and index >= len(questions) // 2:
            break
        if question.kind == QuestionKind.SCALE:
            answers[question.key] = str(rng.choice((2, 3, 3, 4, 4, 5)))
        elif question.kind == QuestionKind.YES_NO:
            answers[question.key] = rng.choice(("yes", "yes", "no"))
        elif question.kind == QuestionKind.GRADE:
            answers[question.key] = rng.choices([code for code, _, _ in GRADES], weights=GRADE_WEIGHTS)[0]
        else:
            answers[question.key] = rng.choice(TEXT_ANSWERS)
    return answers


def _dates(demo: DemoAudit) -> tuple[date, date, date]:
    month, day = demo.moderation
    start = date(demo.year, 4, 1)
    moderation = date(start.year + (start.month + month - 1) // 12, (start.month + month - 1) % 12 + 1, day)
    return moderation - timedelta(days=42), moderation - timedelta(days=14), moderation


def load(log) -> None:
    agencies = {agency.short_code: agency for agency in Agency.objects.all()}
    if "dcc" not in agencies:
        log("Audits: skipped, the demo agencies are not loaded.")
        return
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    business_unit = User.objects.filter(email=f"alex.morgan@{DEMO_DOMAIN}").first()
    scheme = _grading_scheme()
    template = _template(scheme)
    questions = list(template.questions.select_related("grading_scheme"))
    areas = list(template.areas.all())
    categories = {}
    for position, (slug, name, description) in enumerate(CATEGORIES, start=1):
        categories[slug], _ = FindingCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
    _settings()
    created = 0
    for demo in _audits():
        audit, made = _audit(demo, template, agencies, themes, business_unit)
        if not made:
            continue
        created += 1
        _cases(audit, demo, agencies, questions, areas)
        _findings(audit, demo, categories, themes, agencies, business_unit)
    log(f"Audits: {created} audits added." if created else "Audits: already loaded.")


def _settings() -> None:
    from hub.governance.models import Group

    settings = LearningSettings.load()
    changed = False
    for field_name, slug in (
        ("audit_group", "performance-and-learning"),
        ("improvement_group", "improvement-delivery"),
    ):
        if getattr(settings, f"{field_name}_id") is None:
            group = Group.objects.filter(slug=slug).first()
            if group is not None:
                setattr(settings, field_name, group)
                changed = True
    if changed:
        settings.save()


def _audit(demo: DemoAudit, template, agencies, themes, lead) -> tuple[Audit, bool]:
    programme, _ = AuditProgramme.objects.get_or_create(
        year=demo.year,
        defaults={
            "target_audits": 5 if demo.year >= 2021 else 4,
            "aim": "Between four and six practitioner-led multi-agency audits, chosen by the business manager "
            "and the chairs of the two main sub-groups from what performance data and reviews show.",
        },
    )
    existing = Audit.objects.filter(programme=programme, title=demo.title).first()
    if existing:
        return existing, False
    case_selection, returns_due, moderation = _dates(demo)
    audit = Audit.objects.create(
        programme=programme,
        title=demo.title,
        topic=demo.topic,
        key_lines_of_enquiry="\n".join(
            demo.lines
            or (
                f"How well do agencies identify and assess {demo.topic.lower()}?",
                "Is the child seen and heard, and does what they say shape the plan?",
                "How well do agencies share information and challenge each other?",
                "Is management oversight evident in decisions?",
            )
        ),
        scope=f"{demo.case_count or 4} cases open to at least three agencies in the six months before case "
        "selection, chosen by the business unit from agency lists.",
        method="Each agency answers the partnership's audit questions on each case from its own records; "
        "practitioners and managers meet to moderate the grades and agree the findings.",
        lead=lead,
        template=template,
        case_selection_on=case_selection,
        returns_due_on=returns_due,
        moderation_on=moderation,
        status=demo.status,
        summary=demo.summary,
        completed_on=moderation + timedelta(days=30) if demo.status == Audit.Status.COMPLETED else None,
    )
    audit.agencies.set([agencies[code] for code in demo.agencies if code in agencies])
    audit.themes.set([themes[slug] for slug in demo.themes if slug in themes])
    return audit, True


def _cases(audit: Audit, demo: DemoAudit, agencies, questions, areas) -> None:
    rng = random.Random(f"{demo.year}-{demo.title}")
    taking_part = [agencies[code] for code in demo.agencies if code in agencies]
    codes = [code for code, _, _ in GRADES]
    for number in range(1, demo.case_count + 1):
        owner = taking_part[(number - 1) % 2]  # council or police issue the references
        reference = f"{owner.short_code.upper()}-{demo.year % 100:02d}{audit.pk:02d}-{number:03d}"
        case = AuditCase.objects.create(
            audit=audit,
            reference=reference,
            owning_agency=owner,
            context="Open to children's social care and at least two other agencies in the period.",
        )
        case_agencies = taking_part if number % 3 else taking_part[:4]
        case.agencies.set(case_agencies)
        for agency in case_agencies:
            if audit.status == Audit.Status.RETURNS:
                # Part way through: some agencies have submitted, the demo SPOCs have drafts to finish.
                done = agency.short_code not in {"police", "icb"} and number % 2 == 1
                status = AuditReturn.Status.SUBMITTED if done else AuditReturn.Status.DRAFT
                answers = _answers(questions, rng, complete=done) if done or number == 1 else {}
            elif audit.status == Audit.Status.PLANNED:
                continue
            else:
                status, answers = AuditReturn.Status.SUBMITTED, _answers(questions, rng, complete=True)
            AuditReturn.objects.create(
                case=case,
                agency=agency,
                status=status,
                answers=answers,
                submitted_at=timezone.make_aware(datetime.combine(audit.returns_due_on, time(9)))
                if status == AuditReturn.Status.SUBMITTED
                else None,
            )
        if audit.status in {Audit.Status.REPORTING, Audit.Status.COMPLETED} or (
            audit.status == Audit.Status.MODERATION and number <= 2
        ):
            overall = rng.choices(codes, weights=GRADE_WEIGHTS)[0]
            moderation = CaseModeration.objects.create(
                case=case,
                overall_grade=overall,
                rationale="The agencies agreed the grade from the returns and the practitioners' discussion: "
                "risk was understood, with gaps in how information moved between meetings.",
                dissent="Education graded one grade higher: the school's daily contact was a protective factor."
                if number == 2
                else "",
            )
            AreaGrade.objects.bulk_create(
                AreaGrade(moderation=moderation, area=area, grade=rng.choices(codes, weights=GRADE_WEIGHTS)[0])
                for area in areas
            )


def _findings(audit: Audit, demo: DemoAudit, categories, themes, agencies, business_unit) -> None:
    content_type = ContentType.objects.get_for_model(Finding)
    for demo_finding in demo.findings:
        finding = Finding.objects.create(
            audit=audit,
            kind=demo_finding.kind,
            category=categories[demo_finding.category],
            summary=demo_finding.summary,
            learning_point=demo_finding.learning_point,
            recommendation=demo_finding.recommendation,
            created_by=business_unit,
        )
        finding.themes.set([themes[slug] for slug in demo_finding.themes if slug in themes])
        if demo_finding.action_agency and demo_finding.action_agency in agencies:
            if Action.objects.filter(source_content_type=content_type, source_object_id=finding.pk).exists():
                continue
            _action(finding, demo_finding, agencies[demo_finding.action_agency], business_unit)


def _action(finding: Finding, demo: DemoFinding, agency, actor) -> None:
    from hub.core.services import create_action

    moderation = finding.audit.moderation_on or date(finding.audit.programme.year, 9, 1)
    action = create_action(
        actor=actor,
        title=demo.recommendation[:250],
        description=f"From the audit {finding.audit.title}: {finding.summary}",
        owner_agency=agency,
        due_on=moderation + timedelta(days=180),
        theme=finding.themes.first(),
        source=finding,
        source_label=finding.source_label,
    )
    if demo.action_status != Action.Status.NOT_STARTED:
        action.status = demo.action_status
        if demo.action_status == Action.Status.COMPLETED:
            action.completed_on = moderation + timedelta(days=150)
            action.evidence = "Completed and reported to the Embedding Learning Group."
        action.save(update_fields=["status", "completed_on", "evidence"])
