"""Governance's part of the demo partnership: groups, members, meetings, budget and development sessions.

Modelled on the 2021/22 annual report: the groups of 2021/22, the new structure from
1 September 2022 (the Performance and Learning Group and the Improvement Delivery Group replace
the Performance, Challenge and Impact Group and the Embedding Learning Group), meetings through
2021/22 and 2022/23, the 2021/22 budget exactly as published and the two development sessions.

Everything is derived from the tables below (no randomness), people and agencies are looked up
by e-mail address and short code (core's loader creates them), and every record is found by its
natural key before it is created, so running the loader again changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from hub.core.models import Action, ActionUpdate, Agency, Theme, User
from hub.core.periods import FinancialYear
from hub.core.services import record_progress
from hub.governance.models import (
    AgendaItem,
    Attendance,
    BudgetYear,
    Contribution,
    Decision,
    DevelopmentSession,
    ForwardPlanItem,
    Group,
    Meeting,
    Membership,
    Minutes,
    Paper,
)
from hub.governance.services import (
    ActionRequest,
    add_paper,
    approve_minutes,
    record_attendance,
    record_decision,
    record_minutes,
    schedule_meeting,
)

DEMO_DOMAIN = "demo.example.org"
NEW_STRUCTURE_FROM = date(2022, 9, 1)
OLD_STRUCTURE_TO = date(2022, 8, 31)
ARRANGEMENTS_FROM = date(2019, 4, 1)
DEMO_YEARS = (FinancialYear(2021), FinancialYear(2022))
COUNTY_HALL = "Committee Room 2, County Hall, Durham DH1 5UL"

F = Group.Frequency
R = Membership.Role


def _email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


class DemoPrerequisiteMissing(LookupError):
    """Core's demo (agencies and people) has not been loaded."""


# Groups ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoGroup:
    slug: str
    name: str
    short_name: str
    frequency: str
    purpose: str
    terms: tuple[str, ...]
    members: tuple[tuple[str, str], ...]  # (person, role); the chair comes first
    first_month: int  # the month of the year its meeting cycle starts
    weekday: int  # Monday is 0
    week: int  # which occurrence of the weekday in the month
    start_hour: int = 10
    active_from: date | None = None
    active_to: date | None = None
    is_executive: bool = False
    is_restricted: bool = False
    topics: tuple[str, ...] = ()


GROUPS: tuple[DemoGroup, ...] = (
    DemoGroup(
        "executive",
        "Safeguarding Executive Group",
        "Executive",
        F.QUARTERLY,
        "The three safeguarding partners, with the independent scrutineer and the business manager, set the "
        "partnership's strategic direction and receive assurance from partner agencies.",
        (
            "Provide strategic direction for the partnership.",
            "Promote active learning across agencies.",
            "Make decisions on rapid reviews and local child safeguarding practice reviews.",
            "Receive assurance from partner agencies and consider the impact of their work.",
        ),
        (
            ("mark.ellis", R.CHAIR),
            ("ruth.okafor", R.MEMBER),
            ("ian.bell", R.MEMBER),
            ("grace.turner", R.ADVISER),
            ("alex.morgan", R.SECRETARIAT),
        ),
        first_month=4,
        weekday=2,
        week=3,
        start_hour=14,
        is_executive=True,
        topics=(
            "Partnership performance report",
            "Rapid review decisions",
            "Independent scrutineer's update",
            "Budget and business plan",
            "Annual report for sign-off",
            "Agency assurance reports",
        ),
    ),
    DemoGroup(
        "performance-challenge-and-impact",
        "Performance, Challenge and Impact Group",
        "PCIG",
        F.BIMONTHLY,
        "Monitors the impact and outcomes of partner activity on behalf of the partnership, using data and "
        "intelligence, and reports good practice and concerns to the Safeguarding Executive Group.",
        (
            "Consider the performance of every agency involved in safeguarding children.",
            "Use the partnership's vision as the basis for judging good practice and concerns.",
            "Report to the Safeguarding Executive Group.",
        ),
        (
            ("helen.carter", R.CHAIR),
            ("dan.walsh", R.MEMBER),
            ("priya.shah", R.MEMBER),
            ("tom.fraser", R.MEMBER),
            ("sam.patel", R.SECRETARIAT),
        ),
        first_month=5,
        weekday=1,
        week=2,
        active_to=OLD_STRUCTURE_TO,
        topics=(
            "Quarterly performance scorecard",
            "Exception report: children on a child protection plan",
            "Early help performance",
            "Agency challenge log",
        ),
    ),
    DemoGroup(
        "embedding-learning",
        "Embedding Learning Group",
        "ELG",
        F.MONTHLY,
        "Improves the quality of multi-agency safeguarding practice through a joint approach evidenced by "
        "multi-agency audit, peer review and inspection.",
        (
            "Respond to recommendations from inspection, audit and child safeguarding practice reviews.",
            "Make sure learning from reviews, complaints and feedback from families reaches frontline practice.",
            "Keep safeguarding assurance under review while the pandemic affects services.",
        ),
        (
            ("priya.shah", R.CHAIR),
            ("helen.carter", R.VICE_CHAIR),
            ("beth.lloyd", R.MEMBER),
            ("chris.hughes", R.MEMBER),
            ("tom.fraser", R.MEMBER),
            ("sam.patel", R.SECRETARIAT),
        ),
        first_month=4,
        weekday=3,
        week=1,
        active_to=OLD_STRUCTURE_TO,
        topics=(
            "Multi-agency audit findings",
            "Learning from rapid reviews",
            "Harmful sexual behaviour communications plan",
            "Covid-19 safeguarding assurance",
            "Signs of Safety implementation",
        ),
    ),
    DemoGroup(
        "child-exploitation",
        "Child Exploitation Group",
        "CEG",
        F.BIMONTHLY,
        "Leads the partnership's response to the criminal and sexual exploitation of children.",
        (
            "Oversee the multi-agency response to children at risk of exploitation.",
            "Share intelligence on places and people posing a risk to children.",
        ),
        (
            ("dan.walsh", R.CHAIR),
            ("chris.hughes", R.MEMBER),
            ("helen.carter", R.MEMBER),
            ("lee.harper", R.MEMBER),
            ("sam.patel", R.SECRETARIAT),
        ),
        first_month=4,
        weekday=0,
        week=4,
        topics=(
            "Children missing from home and care",
            "Exploitation vulnerability tracker",
            "County lines intelligence",
        ),
    ),
    DemoGroup(
        "workforce-learning-and-development",
        "Workforce Learning and Development Group",
        "WLD",
        F.QUARTERLY,
        "Makes sure safeguarding training needs are identified, training is delivered to a consistently high "
        "standard and its effectiveness is evaluated.",
        (
            "Integrate learning from local and national reviews into training.",
            "Monitor and evaluate the effectiveness of training.",
            "Deliver a communications strategy to raise the profile of the partnership.",
        ),
        (
            ("jordan.reid", R.CHAIR),
            ("lee.harper", R.MEMBER),
            ("priya.shah", R.MEMBER),
            ("helen.carter", R.MEMBER),
        ),
        first_month=6,
        weekday=1,
        week=3,
        topics=("Training programme", "Training evaluation and impact", "Safeguarding week"),
    ),
    DemoGroup(
        "neglect",
        "Neglect Group",
        "Neglect",
        F.QUARTERLY,
        "Leads the partnership's work to recognise and respond early to neglect.",
        ("Oversee the neglect strategy and practice toolkit.", "Review what audits tell us about neglect."),
        (
            ("priya.shah", R.CHAIR),
            ("chris.hughes", R.MEMBER),
            ("helen.carter", R.MEMBER),
            ("beth.lloyd", R.MEMBER),
            ("sam.patel", R.SECRETARIAT),
        ),
        first_month=5,
        weekday=3,
        week=2,
        topics=("Neglect strategy", "Neglect practice toolkit", "Neglect of teenagers"),
    ),
    DemoGroup(
        "child-death-overview-panel",
        "Child Death Overview Panel",
        "CDOP",
        F.BIMONTHLY,
        "Reviews the deaths of all children normally resident in the area, whatever the cause, to learn "
        "lessons and help prevent future deaths.",
        ("Review every child death.", "Identify modifiable factors and share learning with the Executive."),
        (
            ("ian.bell", R.CHAIR),
            ("nina.kaur", R.MEMBER),
            ("tom.fraser", R.MEMBER),
            ("dan.walsh", R.MEMBER),
            ("alex.morgan", R.SECRETARIAT),
        ),
        first_month=4,
        weekday=4,
        week=2,
        is_restricted=True,
        topics=("Child death reviews", "Thematic review", "National Child Mortality Database"),
    ),
    DemoGroup(
        "independent-scrutiny-panel",
        "Independent Scrutiny Panel",
        "Scrutiny",
        F.THREE_TIMES_A_YEAR,
        "Supports the independent scrutineer in testing how well the arrangements keep children safe.",
        ("Agree the scrutiny plan.", "Consider the scrutineer's findings and the partners' responses."),
        (
            ("grace.turner", R.CHAIR),
            ("mark.ellis", R.MEMBER),
            ("ruth.okafor", R.MEMBER),
            ("alex.morgan", R.SECRETARIAT),
        ),
        first_month=6,
        weekday=2,
        week=1,
        topics=("Scrutiny plan", "Challenge log", "Scrutiny of the annual report"),
    ),
    DemoGroup(
        "performance-and-learning",
        "Performance and Learning Group",
        "PLG",
        F.BIMONTHLY,
        "Takes forward learning for the partnership's three priority areas, receives exception reports and "
        "audit findings, and sets the focus of the Improvement Delivery Group with the Executive.",
        (
            "Take forward learning priorities for three key areas, identified annually with the Executive.",
            "Receive exception reports and identify key lines of enquiry for deep dives.",
            "Oversee the annual programme of multi-agency audits.",
            "Receive and share the learning from rapid reviews, local reviews and near misses.",
            "Work with the Executive and the Improvement Delivery Group to set the group's focus three times a year.",
        ),
        (
            ("helen.carter", R.CHAIR),
            ("dan.walsh", R.VICE_CHAIR),
            ("priya.shah", R.MEMBER),
            ("beth.lloyd", R.MEMBER),
            ("tom.fraser", R.MEMBER),
            ("sam.patel", R.SECRETARIAT),
        ),
        first_month=9,
        weekday=1,
        week=3,
        active_from=NEW_STRUCTURE_FROM,
        topics=("Exception report", "Multi-agency audit findings", "Agency assurance reports", "Deep dive"),
    ),
    DemoGroup(
        "improvement-delivery",
        "Improvement Delivery Group",
        "IDG",
        F.MONTHLY,
        "Brings together the views of children, families and professionals on one multi-agency practice issue "
        "at a time and develops an improvement plan for it.",
        (
            "Consider a range of information on a multi-agency practice issue linked to a partnership priority.",
            "Recommend improvements to the Executive and the Performance and Learning Group.",
            "Develop an improvement plan three times a year.",
        ),
        (
            ("priya.shah", R.CHAIR),
            ("beth.lloyd", R.MEMBER),
            ("chris.hughes", R.MEMBER),
            ("lee.harper", R.MEMBER),
            ("alex.morgan", R.SECRETARIAT),
        ),
        first_month=9,
        weekday=3,
        week=4,
        active_from=NEW_STRUCTURE_FROM,
        topics=("Practice issue in focus", "Voice of practitioners", "Improvement plan progress"),
    ),
)

# (group, index of the meeting within the group's demo meetings) that were cancelled.
CANCELLED = {("neglect", 2), ("child-exploitation", 5)}


# Decisions -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAction:
    title: str
    agency: str
    owner: str | None
    due_on: date
    completed_on: date | None = None
    evidence: str = ""


@dataclass(frozen=True)
class DemoDecision:
    group: str
    month: date  # the decision is made at the group's first meeting in or after this month
    text: str
    theme: str | None = None
    actions: tuple[DemoAction, ...] = ()


DECISIONS: tuple[DemoDecision, ...] = (
    DemoDecision(
        "executive",
        date(2021, 4, 1),
        "Keep the four practice improvement themes for 2021/22: voice and lived experience of the child; "
        "management understanding and decision making; harmful sexual behaviour; cumulative harm and risk "
        "assessment.",
    ),
    DemoDecision(
        "embedding-learning",
        date(2021, 9, 1),
        "Run a 12 week multi-agency communications plan on harmful sexual behaviour, with good practice "
        "guidance for practitioners.",
        theme="harmful-sexual-behaviour",
        actions=(
            DemoAction(
                "Publish good practice guidance on harmful sexual behaviour",
                "dcc",
                "jordan.reid",
                date(2021, 12, 17),
                completed_on=date(2021, 12, 10),
                evidence="Guidance published on the website and sent in the December bulletin.",
            ),
        ),
    ),
    DemoDecision(
        "child-exploitation",
        date(2021, 10, 1),
        "Review how agencies share information about children missing from home who are at risk of exploitation.",
        theme="child-exploitation",
        actions=(
            DemoAction(
                "Report on information sharing after missing episodes",
                "police",
                "dan.walsh",
                date(2022, 3, 31),
                completed_on=date(2022, 3, 18),
                evidence="Report presented to the Child Exploitation Group in March 2022.",
            ),
        ),
    ),
    DemoDecision(
        "neglect",
        date(2022, 5, 1),
        "Offer neglect practice toolkit training to early help practitioners across the partnership.",
        theme="neglect",
        actions=(
            DemoAction(
                "Arrange neglect toolkit training for early help staff", "dcc", "jordan.reid", date(2022, 11, 30)
            ),
        ),
    ),
    DemoDecision(
        "executive",
        date(2022, 7, 1),
        "Conclude the Embedding Learning Group and the Performance, Challenge and Impact Group on 31 August 2022; "
        "the Performance and Learning Group and the Improvement Delivery Group start on 1 September 2022.",
        actions=(
            DemoAction(
                "Ask partner agencies to name their representatives for the new groups",
                "dcc",
                "alex.morgan",
                date(2022, 8, 5),
                completed_on=date(2022, 8, 5),
                evidence="Representatives named by every agency listed in the letter to the partnership.",
            ),
            DemoAction(
                "Send Microsoft Teams invitations for the new groups",
                "dcc",
                "alex.morgan",
                date(2022, 8, 15),
                completed_on=date(2022, 8, 12),
                evidence="Invitations sent for meetings from September 2022.",
            ),
        ),
    ),
    DemoDecision(
        "performance-and-learning",
        date(2022, 9, 1),
        "Ask for a deep dive into referrals for neglect from health agencies.",
        theme="neglect",
        actions=(
            DemoAction(
                "Lead the deep dive into neglect referrals from health", "icb", "helen.carter", date(2023, 1, 31)
            ),
        ),
    ),
    DemoDecision(
        "improvement-delivery",
        date(2022, 10, 1),
        "Develop an improvement plan on hearing the voice and lived experience of the child in assessments.",
        theme="voice-of-the-child",
        actions=(DemoAction("Draft the voice of the child improvement plan", "tewv", "beth.lloyd", date(2023, 3, 31)),),
    ),
)


# Forward plans -----------------------------------------------------------------------------------

A = ForwardPlanItem.ItemType
P = ForwardPlanItem.Status
FORWARD_PLAN: tuple[tuple[str, date, str, str, str | None, str], ...] = (
    (
        "performance-challenge-and-impact",
        date(2021, 7, 1),
        "Quarterly performance scorecard, quarter 1",
        A.PERFORMANCE,
        None,
        P.RECEIVED,
    ),
    (
        "performance-challenge-and-impact",
        date(2021, 11, 1),
        "Quarterly performance scorecard, quarter 2",
        A.PERFORMANCE,
        None,
        P.RECEIVED,
    ),
    (
        "performance-challenge-and-impact",
        date(2022, 1, 1),
        "Quarterly performance scorecard, quarter 3",
        A.PERFORMANCE,
        None,
        P.RECEIVED,
    ),
    (
        "embedding-learning",
        date(2021, 11, 1),
        "Multi-agency audit: harmful sexual behaviour",
        A.AUDIT,
        None,
        P.RECEIVED,
    ),
    (
        "embedding-learning",
        date(2022, 1, 1),
        "Learning from a local child safeguarding practice review",
        A.REVIEW_LEARNING,
        None,
        P.RECEIVED,
    ),
    ("embedding-learning", date(2022, 6, 1), "Multi-agency audit: cumulative harm", A.AUDIT, None, P.DEFERRED),
    ("executive", date(2022, 10, 1), "Annual report 2021/22 for sign-off", A.OTHER, None, P.RECEIVED),
    ("executive", date(2023, 1, 1), "Section 11 self-assessment summary", A.ASSURANCE_REPORT, None, P.PLANNED),
    (
        "performance-and-learning",
        date(2022, 10, 1),
        "Annual assurance report: Durham County Council",
        A.ASSURANCE_REPORT,
        "dcc",
        P.RECEIVED,
    ),
    (
        "performance-and-learning",
        date(2022, 11, 1),
        "Annual assurance report: Durham Constabulary",
        A.ASSURANCE_REPORT,
        "police",
        P.RECEIVED,
    ),
    (
        "performance-and-learning",
        date(2022, 11, 1),
        "Multi-agency audit: neglect of teenagers",
        A.AUDIT,
        None,
        P.RECEIVED,
    ),
    (
        "performance-and-learning",
        date(2022, 12, 1),
        "Annual assurance report: Integrated Care Board",
        A.ASSURANCE_REPORT,
        "icb",
        P.RECEIVED,
    ),
    (
        "performance-and-learning",
        date(2023, 1, 1),
        "Annual assurance report: County Durham and Darlington NHS Foundation Trust",
        A.ASSURANCE_REPORT,
        "cddft",
        P.PLANNED,
    ),
    ("performance-and-learning", date(2023, 1, 1), "Learning from rapid reviews", A.REVIEW_LEARNING, None, P.PLANNED),
    (
        "performance-and-learning",
        date(2023, 2, 1),
        "Annual assurance report: Tees, Esk and Wear Valleys NHS Foundation Trust",
        A.ASSURANCE_REPORT,
        "tewv",
        P.PLANNED,
    ),
    (
        "performance-and-learning",
        date(2023, 3, 1),
        "Annual assurance report: Harrogate and District NHS Foundation Trust",
        A.ASSURANCE_REPORT,
        "hdft",
        P.PLANNED,
    ),
    (
        "performance-and-learning",
        date(2023, 3, 1),
        "Annual assurance report: Durham and Darlington Probation Service",
        A.ASSURANCE_REPORT,
        "probation",
        P.PLANNED,
    ),
)

# Budget 2021/22, exactly as the annual report publishes it (the NHS trusts pay through the CCG total).
BUDGETS: dict[int, tuple[str, tuple[tuple[str, str | None, str], ...]]] = {
    2021: (
        "Monies from the four NHS trusts are part of the Clinical Commissioning Groups' overall total.",
        (
            ("Durham County Council", "dcc", "191604"),
            ("Clinical Commissioning Groups (ICB)", "icb", "105135"),
            ("Durham Constabulary", "police", "39285"),
            ("CDDFT – admin costs for CDOP", "cddft", "6036"),
            ("Training fees", None, "5000"),
        ),
    ),
}

DEVELOPMENT_SESSIONS: tuple[dict, ...] = (
    {
        "held_on": date(2021, 4, 21),
        "topic": "Signs of Safety Practice Framework",
        "questions": (
            "How do the values underpinning the vision align with the values and ambition of the partnership?\n"
            "Where are the opportunities for the partnership to embed this framework?"
        ),
        "outcomes": "Partners agreed to embed Signs of Safety across the partnership: in child protection strategy "
        "meetings and conferences, in multi-agency training and in the language of the procedures.",
        "attendees_count": 46,
        "theme": "signs-of-safety",
    },
    {
        "held_on": date(2021, 10, 13),
        "topic": "Development day: harmful sexual behaviour",
        "questions": (
            "What does our data tell us about harmful sexual behaviour referrals?\n"
            "How confident are practitioners in telling healthy, problematic and abusive sexual behaviour apart?\n"
            "What should the partnership's referral pathway look like?"
        ),
        "outcomes": "A national academic expert on harmful sexual behaviour led the day. Partners agreed a referral "
        "pathway with the youth justice service and First Contact, and a tool for practitioners to identify stages "
        "of sexual development.",
        "attendees_count": 58,
        "theme": "harmful-sexual-behaviour",
    },
)


# Building blocks -------------------------------------------------------------------------------


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _nth_weekday(year: int, month: int, weekday: int, week: int) -> date:
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + timedelta(days=offset + 7 * (week - 1))


def meeting_days(group: DemoGroup) -> list[date]:
    """The days a demo group meets in 2021/22 and 2022/23, at its frequency, while it is active."""
    step = Group.FREQUENCY_MONTHS[group.frequency]
    start = DEMO_YEARS[0].start
    end = DEMO_YEARS[-1].end
    first_year = start.year if group.first_month >= start.month else start.year + 1
    month_index = first_year * 12 + group.first_month - 1
    days = []
    while True:
        year, month = divmod(month_index, 12)
        if date(year, month + 1, 1) > end:
            break
        day = _nth_weekday(year, month + 1, group.weekday, group.week)
        after_start = group.active_from is None or day >= group.active_from
        before_end = group.active_to is None or day <= group.active_to
        if start <= day <= end and after_start and before_end:
            days.append(day)
        month_index += step
    return days


def _minimal_pdf(title: str) -> bytes:
    """A small, valid one-page PDF with ``title`` on it (papers in the demo need real files)."""
    text = title.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 16 Tf 72 760 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(output)
    output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    output += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    output += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(output)


class _Context:
    def __init__(self):
        codes = {row.agency for decision in DECISIONS for row in decision.actions}
        codes |= {row[4] for row in FORWARD_PLAN if row[4]}
        codes |= {agency for _, rows in BUDGETS.values() for _, agency, _ in rows if agency}
        self.agencies = {agency.short_code: agency for agency in Agency.objects.all()}
        missing = sorted(codes - set(self.agencies))
        emails = {_email(local) for group in GROUPS for local, _ in group.members}
        self.people = {user.email: user for user in User.objects.filter(email__in=emails).select_related("agency")}
        missing += sorted(emails - set(self.people))
        if missing:
            raise DemoPrerequisiteMissing(
                "Load core's demo first (agencies and people are missing: " + ", ".join(missing) + ")"
            )
        self.themes = {theme.slug: theme for theme in Theme.objects.all()}
        self.business_manager = self.person("alex.morgan")

    def person(self, local: str) -> User:
        return self.people[_email(local)]


def _load_group(demo: DemoGroup, context: _Context) -> Group:
    terms = "".join(f"<p>{line}</p>" for line in demo.terms)
    wanted = {
        "name": demo.name,
        "short_name": demo.short_name,
        "purpose": demo.purpose,
        "terms_of_reference": terms,
        "chair": context.person(demo.members[0][0]),
        "meeting_frequency": demo.frequency,
        "active_from": demo.active_from,
        "active_to": demo.active_to,
        "is_executive": demo.is_executive,
        "is_restricted": demo.is_restricted,
    }
    group, created = Group.objects.get_or_create(slug=demo.slug, defaults=wanted)
    if not created and any(getattr(group, name) != value for name, value in wanted.items()):
        for name, value in wanted.items():
            setattr(group, name, value)
        group.save()
    for local, role in demo.members:
        person = context.person(local)
        Membership.objects.get_or_create(
            group=group,
            person=person,
            started_on=demo.active_from or ARRANGEMENTS_FROM,
            defaults={"role": role, "agency": person.agency, "ended_on": demo.active_to},
        )
    return group


def _load_meetings(demo: DemoGroup, group: Group, context: _Context) -> list[Meeting]:
    secretary = context.business_manager
    existing = {meeting.starts_at: meeting for meeting in group.meetings.all()}
    meetings = []
    days = meeting_days(demo)
    for index, day in enumerate(days):
        starts_at = _local(day, demo.start_hour)
        meeting = existing.get(starts_at)
        if meeting is None:
            # Covid kept most meetings on Teams; from 2022/23 the Executive and PLG meet hybrid every other time.
            hybrid = (
                day >= DEMO_YEARS[1].start and demo.slug in {"executive", "performance-and-learning"} and index % 2 == 0
            )
            meeting = schedule_meeting(
                actor=secretary,
                group=group,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=2),
                mode=Meeting.Mode.HYBRID if hybrid else Meeting.Mode.TEAMS,
                location=COUNTY_HALL if hybrid else "",
                joining_link=f"https://teams.microsoft.com/l/meetup-join/dscp-demo-{demo.slug}-{day:%Y%m%d}",
            )
        status = Meeting.Status.CANCELLED if (demo.slug, index) in CANCELLED else Meeting.Status.HELD
        if meeting.status != status:
            meeting.status = status
            meeting.save(update_fields=["status", "updated_at"])
        meetings.append(meeting)
    return meetings


def _load_agenda(demo: DemoGroup, meeting: Meeting, index: int, context: _Context) -> None:
    if meeting.agenda_items.exists():
        return
    chair = context.person(demo.members[0][0])
    presenters = [context.person(local) for local, role in demo.members if role != R.SECRETARIAT]
    topics = [demo.topics[(index + offset) % len(demo.topics)] for offset in range(min(2, len(demo.topics)))]
    items = [
        ("Welcome, introductions and apologies", chair, 5),
        ("Minutes and action log of the last meeting", chair, 10),
    ]
    for offset, topic in enumerate(topics):
        items.append((topic, presenters[(index + offset + 1) % len(presenters)], 30))
    items.append(("Any other business", chair, 10))
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, order=order, title=title, presenter=presenter, duration_minutes=minutes)
        for order, (title, presenter, minutes) in enumerate(items, start=1)
    )


def _load_attendance(demo: DemoGroup, meeting: Meeting, index: int, context: _Context) -> None:
    if meeting.status != Meeting.Status.HELD:
        return
    recorded = set(meeting.attendance.values_list("person_id", flat=True))
    for position, (local, _role) in enumerate(demo.members):
        person = context.person(local)
        if person.pk in recorded:
            continue
        turn = index * 3 + position
        status = Attendance.Status.APOLOGIES if turn % 11 == 5 else Attendance.Status.PRESENT
        if turn % 17 == 9:
            status = Attendance.Status.ABSENT
        record_attendance(actor=context.business_manager, meeting=meeting, person=person, status=status)


def _load_minutes(demo: DemoGroup, meetings: list[Meeting], context: _Context) -> None:
    held = [meeting for meeting in meetings if meeting.status == Meeting.Status.HELD]
    with_minutes = set(Minutes.objects.filter(meeting__in=held).values_list("meeting_id", flat=True))
    chair = context.person(demo.members[0][0])
    for position, meeting in enumerate(held):
        if meeting.pk in with_minutes:
            continue
        topics = ", ".join(item.title.lower() for item in list(meeting.agenda_items.order_by("order"))[2:-1])
        text = (
            f"The chair welcomed members. The minutes of the last meeting were agreed as accurate and the action "
            f"log was reviewed.\n\nThe group discussed {topics or 'the items on the agenda'}. Members from each agency "
            f"described what their services had seen since the last meeting and agreed what to report to the "
            f"Safeguarding Executive Group.\n\nNo child is named in these minutes."
        )
        minutes = record_minutes(actor=context.business_manager, meeting=meeting, text=text)
        # Minutes are approved at the group's next meeting; the last meeting's minutes stay in draft.
        if position + 1 < len(held):
            approve_minutes(actor=chair, minutes=minutes, approved_at=held[position + 1].starts_at)


def _load_papers(demo: DemoGroup, meetings: list[Meeting], context: _Context) -> int:
    if demo.slug not in {"executive", "performance-and-learning"}:
        return 0
    created = 0
    for meeting in meetings:
        if meeting.status != Meeting.Status.HELD:
            continue
        title = f"{demo.topics[0]}, {timezone.localtime(meeting.starts_at):%B %Y}"
        if meeting.papers.filter(title=title).exists():
            continue
        upload = ContentFile(_minimal_pdf(title), name=f"{demo.slug}-{meeting.starts_at:%Y-%m}.pdf")
        paper = add_paper(
            actor=context.business_manager,
            meeting=meeting,
            title=title,
            file=upload,
            confidentiality_note="For members of the group only: not for circulation.",
        )
        meeting.agenda_items.filter(order=3, paper__isnull=True).update(paper=paper)
        created += 1
    return created


def _backdate(action: Action, when: datetime, since: datetime, **fields) -> None:
    """The tracker services stamp today's date; the demo's actions belong to 2021/22 and 2022/23."""
    Action.objects.filter(pk=action.pk).update(last_updated_at=when, **fields)
    ActionUpdate.objects.filter(action=action, created_at__gte=since).update(created_at=when)
    action.history.filter(history_date__gte=since).update(history_date=when)


def _load_decisions(meetings_by_group: dict[str, list[Meeting]], context: _Context) -> int:
    created = 0
    for demo in DECISIONS:
        meeting = next(
            meeting
            for meeting in meetings_by_group[demo.group]
            if meeting.status == Meeting.Status.HELD and timezone.localdate(meeting.starts_at) >= demo.month
        )
        if Decision.objects.filter(meeting=meeting, text=demo.text).exists():
            continue
        theme = context.themes.get(demo.theme) if demo.theme else None
        chair = meeting.group.chair
        requests = [
            ActionRequest(
                title=row.title,
                owner_agency=context.agencies[row.agency],
                owner=context.person(row.owner) if row.owner else None,
                due_on=row.due_on,
            )
            for row in demo.actions
        ]
        since = timezone.now()
        _decision, actions = record_decision(
            actor=context.business_manager,
            meeting=meeting,
            text=demo.text,
            decided_by=chair,
            theme=theme,
            actions=requests,
        )
        for row, action in zip(demo.actions, actions, strict=True):
            _backdate(action, meeting.ends_at, since, created_at=meeting.ends_at)
            if row.completed_on:
                since = timezone.now()
                record_progress(
                    actor=action.owner or context.business_manager,
                    action=action,
                    note="Done.",
                    status=Action.Status.COMPLETED,
                    evidence=row.evidence,
                )
                _backdate(action, _local(row.completed_on, 15), since, completed_on=row.completed_on)
        created += 1
    return created


def _load_forward_plan(groups: dict[str, Group], context: _Context) -> None:
    for slug, month, topic, item_type, agency, status in FORWARD_PLAN:
        ForwardPlanItem.objects.get_or_create(
            group=groups[slug],
            planned_month=month,
            topic=topic,
            defaults={
                "item_type": item_type,
                "agency": context.agencies.get(agency) if agency else None,
                "status": status,
            },
        )


def _load_budgets(context: _Context) -> None:
    for start_year, (notes, rows) in BUDGETS.items():
        budget, _ = BudgetYear.objects.get_or_create(start_year=start_year, defaults={"notes": notes})
        for order, (label, agency, amount) in enumerate(rows, start=1):
            Contribution.objects.get_or_create(
                budget_year=budget,
                label=label,
                defaults={
                    "agency": context.agencies.get(agency) if agency else None,
                    "amount": Decimal(amount),
                    "order": order,
                },
            )


def _load_development_sessions(context: _Context) -> None:
    for row in DEVELOPMENT_SESSIONS:
        values = {**row, "theme": context.themes.get(row["theme"])}
        DevelopmentSession.objects.get_or_create(
            held_on=values.pop("held_on"), topic=values.pop("topic"), defaults=values
        )


def load(log: Callable[[str], None]) -> None:
    """Add governance's part of the demo partnership; safe to run any number of times."""
    context = _Context()
    groups: dict[str, Group] = {}
    meetings_by_group: dict[str, list[Meeting]] = {}
    papers = 0
    for demo in GROUPS:
        group = _load_group(demo, context)
        groups[demo.slug] = group
        meetings = _load_meetings(demo, group, context)
        meetings_by_group[demo.slug] = meetings
        for index, meeting in enumerate(meetings):
            _load_agenda(demo, meeting, index, context)
            _load_attendance(demo, meeting, index, context)
        _load_minutes(demo, meetings, context)
        papers += _load_papers(demo, meetings, context)
    decisions = _load_decisions(meetings_by_group, context)
    _load_forward_plan(groups, context)
    _load_budgets(context)
    _load_development_sessions(context)
    meeting_count = sum(len(meetings) for meetings in meetings_by_group.values())
    log(
        f"{len(groups)} groups, {meeting_count} meetings, {Paper.objects.count()} papers ({papers} new), "
        f"{decisions} new decisions, budget 2021/22 £{BudgetYear.objects.get(start_year=2021).total():,.0f}, "
        f"{DevelopmentSession.objects.count()} development sessions"
    )
