"""The assurance part of the demo partnership: the report template, the forward plan and the reports.

From September 2022 the partners report to the executive once a year on an agreed topic (the
forward plan of Appendix 1); in 2021/22 the executive already took assurance reports from the
three statutory partners. The council, police and the integrated care board have reports
submitted and considered, with the members' questions and the agencies' responses; the ICB has
one more report due, with a draft saved, so the health SPOC can finish and submit it. Records are
found by natural keys and written only when missing, so a second run writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from hub.core.models import Agency, User
from hub.core.services import create_action
from hub.learning.assurance import services
from hub.learning.assurance.models import (
    AssurancePlanItem,
    AssuranceQuestion,
    AssuranceReport,
    AssuranceSection,
    AssuranceTemplate,
)
from hub.learning.common import Grade, GradingScheme, QuestionKind

DOMAIN = "demo.example.org"
TEMPLATE_NAME = "Partner assurance and impact report"
RAG_SCHEME = "Assurance self-assessment (red, amber, green)"

RAG_GRADES = (
    ("green", "Green", "Improvement is embedded and there is evidence of its impact on children.", "green"),
    ("amber", "Amber", "Improvement is under way; evidence of impact is partial or early.", "yellow"),
    ("red", "Red", "Little progress yet, or no evidence of impact; the executive's help may be needed.", "red"),
)

# (key, question, hint, kind, required)
SECTIONS = (
    (
        "outcomes",
        "Improvement outcomes",
        "What you set out to improve for children and young people on this topic, and what you did.",
        QuestionKind.LONG_TEXT,
        True,
    ),
    (
        "impact",
        "Impact",
        "What difference it has made to children, young people and families, and how you know.",
        QuestionKind.LONG_TEXT,
        True,
    ),
    (
        "evidence",
        "Evidence",
        "Audits, performance data, feedback from children and families, inspection findings.",
        QuestionKind.LONG_TEXT,
        True,
    ),
    (
        "challenges",
        "Challenges and next steps",
        "What is getting in the way, what you will do about it, and any help you need from partners.",
        QuestionKind.LONG_TEXT,
        True,
    ),
    ("rag", "Self-assessed RAG rating", "How assured you are, overall.", QuestionKind.GRADE, True),
    ("other", "Anything else the executive should know", "", QuestionKind.LONG_TEXT, False),
)


@dataclass(frozen=True)
class DemoQuestion:
    asked_by: str
    question: str
    response: str = ""


@dataclass(frozen=True)
class DemoReport:
    agency: str
    year: int
    topic: str
    due_on: date
    meeting_on: date | None
    status: str  # "", draft, submitted or considered
    answers: dict = field(default_factory=dict)
    submitted_on: date | None = None
    outcome: str = ""
    outcome_notes: str = ""
    questions: tuple[DemoQuestion, ...] = ()


def _answers(outcomes, impact, evidence, challenges, rag, other=""):
    values = {"outcomes": outcomes, "impact": impact, "evidence": evidence, "challenges": challenges, "rag": rag}
    if other:
        values["other"] = other
    return values


A = AssuranceReport.Outcome

REPORTS: tuple[DemoReport, ...] = (
    DemoReport(
        "icb",
        2021,
        "Health safeguarding through the pandemic",
        date(2021, 10, 1),
        date(2021, 10, 20),
        "considered",
        _answers(
            "Keep health visiting and school nursing contacts going for children on plans while clinics were "
            "closed, and restore face-to-face contacts first for the most vulnerable children.",
            "Every child on a child protection plan kept a named health professional; face-to-face contacts for "
            "children on plans returned to pre-pandemic levels by July 2021.",
            "Monthly contact data from the providers, a dip sample of 30 health records by the designated nurses "
            "and feedback from parents collected by health visitors.",
            "Staff absence in the autumn may again limit visits. Providers have agreed which contacts are kept "
            "face to face whatever the pressure.",
            "amber",
        ),
        submitted_on=date(2021, 9, 28),
        outcome=A.PARTLY_ASSURED,
        outcome_notes="The executive was assured that children on plans were seen and asked for the dip sample "
        "to be repeated in the spring to show the improvement has lasted.",
        questions=(
            DemoQuestion(
                "Chair",
                "How do you know the virtual contacts gave practitioners a view of the child's home?",
                "The dip sample looked for this; in 9 of 30 records it was not clear. Guidance on video contacts "
                "now asks practitioners to record what they saw of the home and who else was present.",
            ),
        ),
    ),
    DemoReport(
        "police",
        2021,
        "Protecting vulnerable people: the PEEL inspection",
        date(2022, 1, 7),
        date(2022, 1, 19),
        "considered",
        _answers(
            "Act on the areas for improvement from the inspection of how the force protects vulnerable people, "
            "in particular how quickly domestic abuse incidents involving children are shared with schools.",
            "The inspection judged the force good at protecting vulnerable people. Schools now hear of domestic "
            "abuse incidents before the start of the next school day in most cases.",
            "The inspection report, the force's performance data on notifications to schools and a survey of "
            "Designated Safeguarding Leads.",
            "Notifications at weekends are slower. A rota in the safeguarding hub is being tested.",
            "green",
        ),
        submitted_on=date(2022, 1, 5),
        outcome=A.ASSURED,
        outcome_notes="Assured. The executive asked for the weekend notification figures in the next "
        "performance report.",
        questions=(
            DemoQuestion(
                "Executive for the local authority",
                "What do schools say about the notifications?",
                "Most Designated Safeguarding Leads who answered the survey said the notifications help them "
                "support the child on the day; some asked for more detail, which is being agreed with them.",
            ),
        ),
    ),
    DemoReport(
        "dcc",
        2021,
        "Children's social care: getting ready for inspection",
        date(2022, 3, 31),
        date(2022, 4, 20),
        "considered",
        _answers(
            "Strengthen management oversight and the voice of the child in assessments and plans, the two areas "
            "the partnership's audits found weakest.",
            "Audits show more plans written in plain language that children and families understand, and more "
            "records of what children said.",
            "The service's quarterly audits, supervision records and the partnership's multi-agency audits.",
            "Recruiting and keeping experienced social workers remains the main risk to caseloads.",
            "green",
        ),
        submitted_on=date(2022, 3, 30),
        outcome=A.ASSURED,
        outcome_notes="Assured; the executive noted the inspection due in 2022/23.",
    ),
    DemoReport(
        "dcc",
        2022,
        "Children's social care: improvement after the Ofsted inspection",
        date(2022, 9, 30),
        date(2022, 10, 19),
        "considered",
        _answers(
            "Act on the inspection's recommendations for care leavers and for the help given to children who go "
            "missing, while keeping the strengths the inspection found.",
            "Return home conversations are now offered to every child who goes missing; more care leavers are in "
            "touch with their personal adviser.",
            "The inspection report, monthly performance data and audits of return home conversations.",
            "The take-up of return home conversations is still too low for children placed outside the county.",
            "green",
        ),
        submitted_on=date(2022, 9, 26),
        outcome=A.ASSURED,
        outcome_notes="Assured. An action was raised for return home conversations for children placed outside "
        "the county.",
        questions=(
            DemoQuestion(
                "Independent scrutineer",
                "How are children placed outside the county offered a return home conversation?",
                "By the host authority under an agreement with it; the service is checking each agreement.",
            ),
        ),
    ),
    DemoReport(
        "police",
        2022,
        "Child exploitation: disruption and support",
        date(2022, 9, 30),
        date(2022, 10, 19),
        "considered",
        _answers(
            "Use every disruption tool to protect children at risk of exploitation and make sure each child is "
            "referred for support.",
            "More disruption orders were used and every child found in a county line was referred to children's "
            "services in the reporting period.",
            "Force data on disruption orders and referrals, and the Child Exploitation Group's case reviews.",
            "Referrals for children exploited online are slower; a training package for officers is planned.",
            "amber",
        ),
        submitted_on=date(2022, 10, 3),
        outcome=A.PARTLY_ASSURED,
        outcome_notes="Partly assured: the executive wants evidence that referrals for children exploited online "
        "have speeded up.",
        questions=(
            DemoQuestion(
                "Chair",
                "Why are referrals for children exploited online slower?",
                "Officers are less sure of the threshold; the training package covers it.",
            ),
            DemoQuestion("Executive for health", "Are health services told when a child is found in a county line?"),
        ),
    ),
    DemoReport(
        "icb",
        2022,
        "Health assessments for children in care",
        date(2022, 12, 16),
        date(2023, 1, 18),
        "submitted",
        _answers(
            "Make sure initial health assessments for children coming into care happen within 20 working days.",
            "More assessments are on time, so health needs are found and met sooner.",
            "Monthly data from the providers and the designated nurse's audit of 20 assessments.",
            "Delays in receiving consent forms; a shared process with children's services is being agreed.",
            "amber",
        ),
        submitted_on=date(2022, 12, 14),
    ),
    DemoReport(
        "icb",
        2022,
        "Safeguarding in primary care",
        date(2023, 3, 17),
        None,
        "draft",
        {
            "outcomes": "Every GP practice to have a safeguarding lead who has completed level 3 training and "
            "takes part in the practice's safeguarding meetings."
        },
    ),
    DemoReport(
        "education",
        2022,
        "Designated Safeguarding Leads: training and supervision",
        date(2023, 3, 17),
        None,
        "",
    ),
)


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _person(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@{DOMAIN}").first()


def _load_template() -> tuple[AssuranceTemplate, dict[str, AssuranceSection]]:
    scheme, _ = GradingScheme.objects.get_or_create(
        name=RAG_SCHEME, defaults={"description": "How assured an agency is, in its own view."}
    )
    for position, (code, label, description, colour) in enumerate(RAG_GRADES, start=1):
        Grade.objects.get_or_create(
            scheme=scheme,
            code=code,
            defaults={"position": position, "label": label, "description": description, "colour": colour},
        )
    template, _ = AssuranceTemplate.objects.get_or_create(
        name=TEMPLATE_NAME,
        defaults={
            "description": "Tell the executive what your agency has done on the agreed topic, what difference it "
            "made to children and families, the evidence, and what still needs to change."
        },
    )
    sections = {}
    for position, (key, text, hint, kind, required) in enumerate(SECTIONS, start=1):
        section, _ = AssuranceSection.objects.get_or_create(
            template=template,
            position=position,
            defaults={
                "text": text,
                "help_text": hint,
                "kind": kind,
                "required": required,
                "grading_scheme": scheme if kind == QuestionKind.GRADE else None,
            },
        )
        sections[key] = section
    return template, sections


def _executive_meeting(day: date | None):
    from hub.governance.models import Meeting

    if day is None:
        return None
    return Meeting.objects.filter(group__is_executive=True, starts_at__date=day).first()


def _load_report(demo: DemoReport, template, sections, agencies, business_unit) -> bool:
    agency = agencies.get(demo.agency)
    if agency is None:
        return False
    meeting = _executive_meeting(demo.meeting_on)
    item, created = AssurancePlanItem.objects.get_or_create(
        year=demo.year,
        agency=agency,
        topic=demo.topic,
        defaults={"template": template, "due_on": demo.due_on, "meeting": meeting},
    )
    if not demo.status or hasattr(item, "report"):
        return created
    spoc = User.objects.filter(role_assignments__role__slug="spoc", role_assignments__agency=agency).first()
    report = AssuranceReport(
        plan_item=item,
        agency=agency,
        status=demo.status,
        answers={sections[key].key: value for key, value in demo.answers.items()},
    )
    if demo.submitted_on:
        report.submitted_at = _aware(demo.submitted_on)
        report.submitted_by = spoc
    if demo.status == AssuranceReport.Status.CONSIDERED:
        report.considered_meeting = meeting
        report.considered_on = demo.meeting_on
        report.outcome = demo.outcome
        report.outcome_notes = demo.outcome_notes
        report.recorded_by = business_unit
    report._history_user = spoc
    report.save()
    for question in demo.questions:
        AssuranceQuestion.objects.create(
            report=report,
            question=question.question,
            asked_by_name=question.asked_by,
            asked_on=demo.meeting_on,
            response=question.response,
            responded_at=_aware(demo.meeting_on, 15) if question.response else None,
            recorded_by=business_unit,
        )
    return True


def _load_action(business_unit, agencies) -> None:
    """The action the executive raised from the council's 2022/23 report (once)."""
    report = AssuranceReport.objects.filter(
        agency__short_code="dcc", plan_item__topic__startswith="Children's social care: improvement"
    ).first()
    if report is None or business_unit is None or services.actions_from(report).exists():
        return
    create_action(
        actor=business_unit,
        title="Agree return home conversations with every authority hosting a child from County Durham",
        description="From the executive's consideration of the council's assurance report, October 2022.",
        owner_agency=agencies["dcc"],
        due_on=date(2023, 3, 31),
        source=report,
        source_label=report.source_label,
    )


def load(log) -> None:
    agencies = {agency.short_code: agency for agency in Agency.objects.all()}
    business_unit = _person("alex.morgan")
    with transaction.atomic():
        template, sections = _load_template()
        written = sum(_load_report(demo, template, sections, agencies, business_unit) for demo in REPORTS)
        _load_action(business_unit, agencies)
    log(
        f"{AssurancePlanItem.objects.count()} assurance plan items, {AssuranceReport.objects.count()} reports "
        f"({written} new)"
    )
