"""Training's part of the demo partnership: the 2021/22 programme, a safeguarding week and open dates.

Built from the tables below, with no randomness:

- the programme's courses at levels 1 to 4 on the 2021/22 themes (management understanding and
  decision making, voice and lived experience, cumulative harm, child sexual abuse, harmful
  sexual behaviour, Signs of Safety, child protection conferences, safeguarding managers and
  designated safeguarding leads), with their charging rules (£50 a half day, £90 a full day,
  schools the full cost for the leads' update);
- dates through 2021/22 with bookings, registers (some no-shows and late cancellations, which are
  charged), evaluations, certificates and Impact Forum responses, some chosen as quotes;
- Safeguarding Week 2021: twenty short sessions, booked, attended and evaluated as a week;
- dates in the coming months, counted from the day the demo is loaded, so booking works: some
  full with a waiting list, one course needing line-manager approval, and a date that has just
  happened whose register the trainer has still to take.

Every record goes through the services (``create_event``, ``book_place``, ``mark_attendance``...)
with the service's ``now`` set to the demo's own date, so the audit trail, charges, blocks and
certificates are the real ones. The e-mails those services would send are not sent: they are
addressed to made-up people about courses long past. People are fictional; core's loader
creates the demo logins (the trainer lee.harper, the line manager priya.shah, the practitioner
chris.hughes) and this loader adds the other delegates. Running it again changes nothing: a
course is found by its slug, a dated run by its course and start, and relative dates are
topped up only when a course has fewer open dates than the table asks for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from hub.core import roles
from hub.core.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, EMAIL_VERIFIED_AT
from hub.core.errors import DomainError
from hub.core.models import Agency, Role, RoleAssignment, Theme, User
from hub.core.workdays import add_working_days
from hub.training import services
from hub.training.models import (
    Booking,
    BookingBlock,
    Course,
    Event,
    ImpactRequest,
    ImpactResponse,
    Level,
    SafeguardingWeek,
    TrainingSettings,
)

Mode = Course.DeliveryMode

COUNTY_HALL = "Training Suite, County Hall"
COUNTY_HALL_ADDRESS = "County Hall\nDurham\nDH1 5UL"
COUNTY_HALL_ACCESS = (
    "Step-free entrance from the main car park, hearing loop in the training suite, quiet room on request."
)
TEAMS_LINK = "https://meet.example.org/dscp-training/{slug}"
BUSINESS_UNIT = "alex.morgan"
LINE_MANAGER = "priya.shah"
PRACTITIONER = "chris.hughes"


def _email(local: str) -> str:
    return f"{local}@{DEMO_EMAIL_DOMAIN}"


# Delegates -----------------------------------------------------------------------------------
# Fictional practitioners from across the partnership (core adds the demo logins). They share the
# demo password, so any of them can sign in to look at their own training.
DELEGATES: tuple[tuple[str, str, str], ...] = (
    ("amy.fletcher", "Social Worker", "dcc"),
    ("ben.oduya", "Family Worker", "early-help"),
    ("carla.dunn", "Health Visitor", "cddft"),
    ("david.marsh", "Police Constable, Safeguarding", "police"),
    ("ella.brooks", "Designated Safeguarding Lead", "education"),
    ("farah.iqbal", "School Nurse", "cddft"),
    ("gary.nolan", "Probation Officer", "probation"),
    ("hannah.price", "Youth Justice Worker", "cdyjs"),
    ("imran.butt", "Mental Health Practitioner", "tewv"),
    ("julia.reeve", "Early Help Practitioner", "early-help"),
    ("kevin.lowe", "Detective Constable", "police"),
    ("laura.finch", "Midwife", "cddft"),
    ("marcus.hale", "Residential Care Worker", "aycliffe"),
    ("nadia.rahman", "Deputy Head Teacher", "education"),
    ("owen.pike", "Youth Worker", "vcs"),
    ("paula.grant", "Senior Social Worker", "dcc"),
    ("rachel.stone", "Practice Nurse", "icb"),
    ("simon.ward", "Substance Misuse Worker", "public-health"),
    ("tara.quinn", "Children's Centre Worker", "early-help"),
    ("usman.ali", "Police Sergeant", "police"),
    ("vicky.hart", "Family Support Worker", "vcs"),
    ("will.barker", "Child and Adolescent Mental Health Nurse", "tewv"),
    ("yasmin.cole", "Designated Safeguarding Lead", "education"),
    ("zoe.kemp", "Team Manager, Early Help", "early-help"),
)
# Core's demo logins who also book training.
LOGINS_WHO_BOOK = (PRACTITIONER, LINE_MANAGER, "beth.lloyd")


# Courses -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoCourse:
    slug: str
    title: str
    summary: str
    outcomes: tuple[str, ...]
    level: int
    themes: tuple[str, ...]
    mode: str
    hours: str
    audience: str
    trainers: tuple[str, ...]
    late: str | None = None
    no_show: str | None = None
    schools_full_cost: str | None = None
    needs_approval: bool = False
    days: int = 1
    # 2021/22 dates (start day, capacity) and how many open dates to keep in the coming months.
    past: tuple[tuple[date, int], ...] = ()
    upcoming: tuple[int, ...] = ()  # capacity of each open date
    elearning_url: str = ""


HALF_DAY = "50.00"
FULL_DAY = "90.00"

COURSES: tuple[DemoCourse, ...] = (
    DemoCourse(
        "safeguarding-essentials",
        "Safeguarding children: the essentials",
        "A short introduction for anyone whose work brings them into contact with children: spotting the signs "
        "and knowing who to tell.",
        (
            "Recognise the main signs of abuse and neglect",
            "Know how to share a worry through First Contact",
            "Understand your own duty to keep children safe",
        ),
        Level.ONE,
        ("early-help", "neglect"),
        Mode.ELEARNING,
        "1.5",
        "Everyone who works or volunteers with children, in any agency",
        (),
        elearning_url="https://learning.example.org/dscp/safeguarding-essentials",
    ),
    DemoCourse(
        "voice-and-lived-experience",
        "Hearing the voice and lived experience of the child",
        "How to see a child's day-to-day life through their eyes and make sure what they tell us shapes the "
        "plan, using the partnership's Standards of Expectation.",
        (
            "Use direct work tools to understand a child's daily life",
            "Record the child's own words and what they mean for the plan",
            "Share the child's views with partner agencies",
        ),
        Level.TWO,
        ("voice-of-the-child",),
        Mode.LIVE_ONLINE,
        "3.0",
        "Practitioners in any agency who work with children and families",
        ("lee.harper",),
        late=HALF_DAY,
        no_show=HALF_DAY,
        past=((date(2021, 5, 18), 20), (date(2021, 9, 21), 20), (date(2022, 2, 8), 20)),
        upcoming=(20, 12),
    ),
    DemoCourse(
        "management-oversight-decision-making",
        "Management oversight and decision making",
        "For managers: reflective supervision, professional challenge and recording the reasons for decisions, "
        "including dissenting views, so that plans for children are sound.",
        (
            "Lead reflective discussions using the Standards for Reflective Discussion",
            "Challenge decisions across agencies and use the escalation policy",
            "Record the reasons for a decision and any dissent",
        ),
        Level.FOUR,
        ("management-decision-making",),
        Mode.IN_PERSON,
        "6.0",
        "Team managers, supervisors and safeguarding leads",
        ("jordan.reid",),
        late=FULL_DAY,
        no_show=FULL_DAY,
        needs_approval=True,
        past=((date(2021, 6, 15), 16), (date(2022, 1, 25), 16)),
        upcoming=(16,),
    ),
    DemoCourse(
        "cumulative-harm",
        "Cumulative harm: seeing the whole picture",
        "Spotting the build-up of harm over time and across the family, with multi-agency chronologies, the "
        "harm matrix and family network meetings.",
        (
            "Build and use a multi-agency chronology",
            "Use the harm matrix to weigh risk with partners",
            "Plan a family network meeting",
        ),
        Level.THREE,
        ("cumulative-harm", "neglect"),
        Mode.IN_PERSON,
        "6.0",
        "Practitioners who hold case responsibility or contribute to plans",
        ("jordan.reid",),
        late=FULL_DAY,
        no_show=FULL_DAY,
        past=((date(2021, 7, 13), 18), (date(2021, 11, 9), 18), (date(2022, 3, 15), 18)),
        upcoming=(10,),
    ),
    DemoCourse(
        "child-sexual-abuse",
        "Recognising and responding to child sexual abuse",
        "Signs of sexual abuse within and outside the family, helping children to tell, and what to do when they do.",
        (
            "Recognise indicators of sexual abuse in the family environment",
            "Respond well when a child tells you",
            "Know the multi-agency response and your part in it",
        ),
        Level.THREE,
        ("child-sexual-abuse",),
        Mode.IN_PERSON,
        "6.0",
        "Practitioners in any agency",
        ("lee.harper",),
        late=FULL_DAY,
        no_show=FULL_DAY,
        past=((date(2021, 10, 12), 20), (date(2022, 3, 8), 20)),
        upcoming=(20,),
    ),
    DemoCourse(
        "harmful-sexual-behaviour",
        "Harmful sexual behaviour: healthy, problematic or abusive?",
        "Using the stages-of-development tool to judge children's sexual behaviour and refer through the "
        "multi-agency harmful sexual behaviour pathway.",
        (
            "Tell healthy, problematic and abusive sexual behaviour apart",
            "Use the stages-of-development tool",
            "Refer through the pathway to the youth justice service",
        ),
        Level.THREE,
        ("harmful-sexual-behaviour",),
        Mode.LIVE_ONLINE,
        "3.0",
        "Practitioners in schools, health, police, youth justice and children's services",
        ("lee.harper",),
        late=HALF_DAY,
        no_show=HALF_DAY,
        past=((date(2021, 11, 23), 24), (date(2022, 2, 22), 24)),
        upcoming=(24,),
    ),
    DemoCourse(
        "signs-of-safety-foundation",
        "Signs of Safety: two-day foundation",
        "The partnership's practice framework: mapping what we are worried about, what is working well and "
        "what needs to happen, with families and their networks.",
        (
            "Map a case with the three questions",
            "Use scaling questions with families and professionals",
            "Build a safety network with the family",
        ),
        Level.TWO,
        ("signs-of-safety", "early-help"),
        Mode.IN_PERSON,
        "12.0",
        "Practitioners in any agency new to Signs of Safety",
        ("jordan.reid",),
        late=FULL_DAY,
        no_show="180.00",
        days=2,
        past=((date(2021, 9, 7), 16), (date(2022, 1, 11), 16)),
        upcoming=(14,),
    ),
    DemoCourse(
        "child-protection-conferences",
        "Taking part in child protection conferences",
        "What a good report looks like, how to share your agency's view in the conference and how the child "
        "and family's voice is heard in the plan.",
        (
            "Write a clear, balanced conference report",
            "Contribute your agency's view and challenge when needed",
            "Help make sure the child's voice is heard in the plan",
        ),
        Level.TWO,
        ("signs-of-safety", "voice-of-the-child"),
        Mode.LIVE_ONLINE,
        "3.0",
        "Practitioners invited to child protection conferences",
        ("lee.harper",),
        late=HALF_DAY,
        no_show=HALF_DAY,
        past=((date(2021, 6, 29), 24), (date(2021, 12, 14), 24)),
        upcoming=(8,),
    ),
    DemoCourse(
        "safeguarding-managers",
        "Safeguarding managers: leading multi-agency practice",
        "For agency safeguarding leads: supervision, audit, learning from reviews and holding partners to "
        "account, with the Professional Pledge.",
        (
            "Embed learning from reviews in your agency",
            "Use multi-agency audit findings to improve practice",
            "Lead your agency's part in the Professional Pledge",
        ),
        Level.FOUR,
        ("management-decision-making", "cumulative-harm"),
        Mode.IN_PERSON,
        "6.0",
        "Safeguarding managers and leads in partner agencies",
        ("jordan.reid",),
        late=FULL_DAY,
        no_show=FULL_DAY,
        past=((date(2021, 10, 5), 14),),
        upcoming=(14,),
    ),
    DemoCourse(
        "designated-safeguarding-leads",
        "Designated safeguarding leads: annual update",
        "What has changed this year for designated safeguarding leads in schools and colleges: guidance, "
        "local pathways and learning from reviews.",
        (
            "Know this year's changes to statutory guidance",
            "Use local pathways for harmful sexual behaviour and exploitation",
            "Share learning from reviews with your staff",
        ),
        Level.FOUR,
        ("harmful-sexual-behaviour", "child-exploitation"),
        Mode.LIVE_ONLINE,
        "3.0",
        "Designated safeguarding leads and deputies in schools and colleges",
        ("lee.harper",),
        late=HALF_DAY,
        no_show=HALF_DAY,
        schools_full_cost="75.00",
        past=((date(2021, 9, 28), 30),),
        upcoming=(30,),
    ),
)

# The course whose last date happened two working days ago, with its register still to take.
REGISTER_TO_TAKE = "voice-and-lived-experience"

# Safeguarding week ----------------------------------------------------------------------------
WEEK_SLUG = "safeguarding-week-2021"
WEEK_START = date(2021, 11, 29)  # Monday
WEEK_TOPICS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("week-2021-pledge", "The Professional Pledge: what it asks of us", ("voice-of-the-child",)),
    ("week-2021-day-in-the-life", "A day in the life: direct work with young children", ("voice-of-the-child",)),
    ("week-2021-neglect-teenagers", "Neglect of teenagers", ("neglect",)),
    ("week-2021-harm-matrix", "Using the harm matrix", ("cumulative-harm",)),
    ("week-2021-chronologies", "Multi-agency chronologies in practice", ("cumulative-harm",)),
    ("week-2021-hsb-tool", "The stages-of-development tool", ("harmful-sexual-behaviour",)),
    ("week-2021-online-harm", "Online harm and sexual images", ("harmful-sexual-behaviour", "child-sexual-abuse")),
    ("week-2021-telling", "When a child tells: first responses", ("child-sexual-abuse",)),
    ("week-2021-exploitation", "Criminal exploitation and county lines", ("child-exploitation",)),
    ("week-2021-missing", "Children missing from home and care", ("child-exploitation",)),
    ("week-2021-domestic-abuse", "Children as victims of domestic abuse", ("domestic-abuse",)),
    ("week-2021-icon", "ICON: coping with a crying baby", ("early-help",)),
    ("week-2021-early-help", "The early help assessment", ("early-help", "signs-of-safety")),
    ("week-2021-scaling", "Scaling questions with families", ("signs-of-safety",)),
    ("week-2021-supervision", "Reflective supervision in ten minutes", ("management-decision-making",)),
    ("week-2021-escalation", "Professional challenge and escalation", ("management-decision-making",)),
    ("week-2021-conference-reports", "Writing for a child protection conference", ("signs-of-safety",)),
    ("week-2021-disabled-children", "Safeguarding disabled children", ("voice-of-the-child",)),
    ("week-2021-fathers", "Seeing the men in children's lives", ("cumulative-harm",)),
    ("week-2021-reviews", "Learning from local reviews", ("management-decision-making",)),
)
WEEK_SESSION_HOURS = (9, 11, 13, 15)  # four 75-minute sessions a day, Monday to Friday
WEEK_CAPACITY = 40

# Words -----------------------------------------------------------------------------------------
DO_DIFFERENTLY = (
    "Ask the child directly about their day and write their words into my assessment.",
    "Start a chronology earlier, as soon as several small worries build up.",
    "Use the escalation policy when I disagree with a decision instead of letting it go.",
    "Bring the family's network into planning from the first meeting.",
    "Check with partner agencies what they know before I close a case.",
)
COMMENTS = (
    "Good mix of case studies and discussion.",
    "The trainer knew the local pathways well.",
    "",
    "More time for the group exercise would help.",
    "",
)
PRACTICE_CHANGES = (
    "I now spend part of every visit with the child on their own and record what they say in their words.",
    "Our team uses the harm matrix in supervision, which has made us look at the whole history, not the "
    "latest incident.",
    "I challenged a decision to close a case and used the escalation policy; the case stayed open.",
    "I invite grandparents and friends the family trusts to planning meetings, and plans are more realistic.",
    "I refer sexual behaviour worries through the pathway instead of handling them alone in school.",
)
DIFFERENCE_FOR_CHILDREN = (
    "A seven-year-old told us what evenings at home were like, and the plan now covers bedtime support.",
    "Two brothers were seen as part of one family picture and got help months earlier than before.",
    "A teenager's worries about exploitation were taken seriously and a safety plan was put in place.",
    "Children have adults from their own network they can call when things get difficult at home.",
    "Pupils get a consistent response, and parents understand the support on offer.",
)


# Helpers -------------------------------------------------------------------------------------
def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


EMAIL_MODULES = {"hub.training.notifications", "hub.training.impact"}


@contextmanager
def _without_emails() -> Iterator[None]:
    """Drop the e-mails the services queue while the demo is built.

    The services send e-mail through ``transaction.on_commit``; the demo's bookings belong to
    made-up people and mostly to courses long past, so nothing should be sent (the console
    backend would also bury the printed logins). Must run inside a transaction.
    """
    pending = len(connection.run_on_commit)
    try:
        yield
    finally:
        queued = connection.run_on_commit[pending:]
        # Only the training e-mails go; other callbacks (the page cache's new version) still run.
        connection.run_on_commit[pending:] = [entry for entry in queued if not _is_training_email(entry[1])]


def _is_training_email(callback) -> bool:
    function = getattr(callback, "func", callback)
    return getattr(function, "__module__", "") in EMAIL_MODULES


class _Context:
    def __init__(self, log: Callable[[str], None]) -> None:
        self.log = log
        self.now = timezone.now()
        self.themes = {theme.slug: theme for theme in Theme.objects.all()}
        self.agencies = {agency.short_code: agency for agency in Agency.objects.all()}
        emails = [_email(local) for local in (BUSINESS_UNIT, "jordan.reid", "lee.harper", *LOGINS_WHO_BOOK)]
        self.people = {user.email: user for user in User.objects.filter(email__in=emails)}
        missing = sorted(set(emails) - set(self.people))
        if missing:
            raise RuntimeError(f"Load core's demo first: {', '.join(missing)} missing")
        self.counts = {"events": 0, "bookings": 0}

    def person(self, local: str) -> User:
        return self.people[_email(local)]

    @property
    def business_unit(self) -> User:
        return self.person(BUSINESS_UNIT)


def _load_delegates(context: _Context) -> list[User]:
    emails = [_email(local) for local, _, _ in DELEGATES]
    existing = {user.email: user for user in User.objects.filter(email__in=emails)}
    practitioner = Role.objects.get(slug=roles.PRACTITIONER)
    password = None
    delegates = []
    for local, job_title, agency_code in DELEGATES:
        user = existing.get(_email(local))
        if user is None:
            # One hash for all of them: hashing the password 24 times would take seconds.
            password = password or make_password(DEMO_PASSWORD)
            first, last = local.split(".")
            user = User(
                email=_email(local),
                first_name=first.capitalize(),
                last_name=last.capitalize(),
                job_title=job_title,
                agency=context.agencies[agency_code],
                email_verified_at=timezone.make_aware(datetime(*EMAIL_VERIFIED_AT)),
                password=password,
            )
            user.save()
        RoleAssignment.objects.get_or_create(user=user, role=practitioner, agency=None)
        delegates.append(user)
    # Core's logins who book: the practitioner first, so they appear on the most dates.
    return [*(context.person(local) for local in LOGINS_WHO_BOOK), *delegates]


def _load_course(demo: DemoCourse, context: _Context) -> Course:
    values = {
        "title": demo.title,
        "summary": demo.summary,
        "learning_outcomes": "\n".join(demo.outcomes),
        "level": demo.level,
        "audience": demo.audience,
        "delivery_mode": demo.mode,
        "elearning_url": demo.elearning_url,
        "duration_hours": Decimal(demo.hours),
        "needs_manager_approval": demo.needs_approval,
        "late_cancellation_charge": Decimal(demo.late) if demo.late else None,
        "non_attendance_charge": Decimal(demo.no_show) if demo.no_show else None,
        "charge_schools_full_cost": demo.schools_full_cost is not None,
        "full_cost": Decimal(demo.schools_full_cost) if demo.schools_full_cost else None,
        "is_published": True,
    }
    course = Course.objects.filter(slug=demo.slug).first()
    if course is None:
        course = Course.objects.create(slug=demo.slug, **values)
    else:
        differing = [name for name, value in values.items() if getattr(course, name) != value]
        for name in differing:
            setattr(course, name, values[name])
        if differing:
            course.save()
    wanted_themes = {context.themes[slug].pk for slug in demo.themes if slug in context.themes}
    if set(course.themes.values_list("pk", flat=True)) != wanted_themes:
        course.themes.set(wanted_themes)
    wanted_trainers = {context.person(local).pk for local in demo.trainers}
    if set(course.trainers.values_list("pk", flat=True)) != wanted_trainers:
        course.trainers.set(wanted_trainers)
    return course


def _sessions(demo: DemoCourse, day: date) -> list[tuple[datetime, datetime]]:
    hours = Decimal(demo.hours) / demo.days
    sessions = []
    for offset in range(demo.days):
        session_day = add_working_days(day, offset) if offset else day
        start = _at(session_day, 9, 30)
        sessions.append((start, start + timedelta(hours=float(hours))))
    return sessions


def _event_details(course: Course, *, week: SafeguardingWeek | None = None) -> dict:
    if course.delivery_mode == Mode.LIVE_ONLINE:
        return {"joining_link": TEAMS_LINK.format(slug=course.slug), "week": week}
    return {
        "venue_name": COUNTY_HALL,
        "venue_address": COUNTY_HALL_ADDRESS,
        "accessibility_notes": COUNTY_HALL_ACCESS,
        "week": week,
    }


def _create_event(course, sessions, capacity, context: _Context, *, week=None) -> Event:
    created_at = sessions[0][0] - timedelta(days=60)
    event = services.create_event(
        course=course,
        sessions=sessions,
        capacity=capacity,
        actor=context.business_unit,
        now=created_at,
        **_event_details(course, week=week),
    )
    context.counts["events"] += 1
    return event


def _book(event: Event, person: User, when: datetime, context: _Context) -> Booking | None:
    """Book through the service; a person the rules refuse (blocked, already booked) is skipped."""
    manager = context.person(LINE_MANAGER)
    needs_manager = event.course.needs_manager_approval and person.pk != manager.pk
    try:
        booking = services.book_place(
            event=event,
            person=person,
            actor=person,
            manager_email=manager.email if needs_manager else "",
            manager_name=manager.full_name if needs_manager else "",
            now=when,
        )
    except DomainError:
        return None
    context.counts["bookings"] += 1
    if booking.status == Booking.Status.PENDING_APPROVAL and when < context.now - timedelta(days=14):
        # Past requests were answered: the team manager approved them a day later.
        booking = services.approve_booking(booking=booking, actor=manager, now=when + timedelta(days=1))
    return booking


def _rotation(people: list[User], start: int, count: int) -> list[User]:
    return [people[(start + index) % len(people)] for index in range(min(count, len(people)))]


# 2021/22 -------------------------------------------------------------------------------------
def _run_past_event(event: Event, people: list[User], seed: int, context: _Context, *, booked: int) -> None:
    """Bookings, a cancellation or two, the register, evaluations and impact follow-up."""
    start = event.starts_at
    delegates = _rotation(people, seed * 5, booked)
    bookings = [
        b
        for index, person in enumerate(delegates)
        if (b := _book(event, person, start - timedelta(days=30 - index % 20), context))
    ]
    confirmed = [b for b in bookings if b.status == Booking.Status.CONFIRMED]
    # One cancels in good time and one the day before (a late cancellation, charged).
    if len(confirmed) > 4:
        services.cancel_booking(
            booking=confirmed[1],
            actor=confirmed[1].person,
            reason="Clash with a court hearing",
            now=start - timedelta(days=10),
        )
        services.cancel_booking(
            booking=confirmed[3], actor=confirmed[3].person, reason="Off sick", now=start - timedelta(days=1)
        )
    marked_at = event.ends_at - timedelta(minutes=15)
    trainer = (event.delivering_trainers() or [context.business_unit])[0]
    attended = []
    for index, booking in enumerate(
        Booking.objects.filter(event=event, status=Booking.Status.CONFIRMED).select_related("person")
    ):
        if (index + seed) % 9 == 4:
            status = Booking.Status.NO_SHOW
        elif (index + seed) % 11 == 7:
            status = Booking.Status.PARTLY_ATTENDED
        else:
            status = Booking.Status.ATTENDED
        booking = services.mark_attendance(booking=booking, status=status, actor=trainer, now=marked_at)
        if booking.has_attended:
            attended.append(booking)
    for index, booking in enumerate(attended):
        if (index + seed) % 5 == 3:
            continue  # did not evaluate
        before = 3 + (index + seed) % 4
        services.submit_evaluation(
            booking=booking,
            actor=booking.person,
            confidence_before=before,
            confidence_after=min(before + 2 + (index % 3), 10),
            content_rating=4 + (index % 3 == 0),
            trainer_rating=5 - (index % 4 == 1),
            materials_rating=3 + (index % 3 != 0),
            overall_rating=4 + (index % 2),
            will_do_differently=DO_DIFFERENTLY[(index + seed) % len(DO_DIFFERENTLY)],
            comments=COMMENTS[(index + seed) % len(COMMENTS)],
            now=event.ends_at + timedelta(hours=2 + index),
        )


def _run_impact_follow_up(context: _Context) -> None:
    """Ask 2021/22's delegates about impact on their follow-up days; most answer, some become quotes."""
    follow_up_days = TrainingSettings.load().impact_follow_up_days
    days = sorted(
        {
            timezone.localdate(ends_at) + timedelta(days=follow_up_days)
            for ends_at in Event.objects.filter(
                ends_at__lt=_at(date(2022, 4, 1), 0), ends_at__gte=_at(date(2021, 4, 1), 0)
            ).values_list("ends_at", flat=True)
        }
    )
    asked_before = set(ImpactRequest.objects.values_list("pk", flat=True))
    for day in days:
        services.send_due_impact_requests(now=_at(day, 8))
    # Only the requests sent in this run are answered, so a second run answers nothing more.
    requests = (
        ImpactRequest.objects.exclude(pk__in=asked_before)
        .filter(booking__event__ends_at__lt=_at(date(2022, 4, 1), 0))
        .select_related("booking__person", "booking__event__course")
        .order_by("booking__event__starts_at", "booking__person__email")
    )
    chosen_courses = set()
    for index, impact_request in enumerate(requests):
        if index % 3 == 2:
            continue  # not answered
        booking = impact_request.booking
        response = services.submit_impact_response(
            impact_request=impact_request,
            actor=booking.person,
            practice_change=PRACTICE_CHANGES[index % len(PRACTICE_CHANGES)],
            difference_for_children=DIFFERENCE_FOR_CHILDREN[index % len(DIFFERENCE_FOR_CHILDREN)],
            impact_themes=list(booking.event.course.themes.all()),
            now=impact_request.sent_at + timedelta(days=4 + index % 10),
        )
        course_id = booking.event.course_id
        if course_id not in chosen_courses and booking.event.week_id is None:
            chosen_courses.add(course_id)
            services.choose_quote_for_report(response=response, chosen=True, actor=context.business_unit)


def _lift_blocks(context: _Context) -> None:
    """Repeated no-shows in 2021/22 blocked a few people; the business unit lifted the blocks."""
    for block in BookingBlock.objects.filter(lifted_at__isnull=True, created_at__lt=_at(date(2022, 4, 1), 0)):
        services.lift_block(
            block=block,
            actor=context.business_unit,
            reason="Discussed with the line manager; absences were due to urgent casework",
            now=block.created_at + timedelta(days=7),
        )


def _load_past(courses: dict[str, Course], people: list[User], context: _Context) -> None:
    for seed, demo in enumerate(COURSES):
        for day, capacity in demo.past:
            sessions = _sessions(demo, day)
            if Event.objects.filter(course=courses[demo.slug], starts_at=sessions[0][0]).exists():
                continue
            event = _create_event(courses[demo.slug], sessions, capacity, context)
            _run_past_event(event, people, seed + day.month, context, booked=capacity // 2 + 2)


def _load_week(people: list[User], context: _Context) -> SafeguardingWeek:
    week, _ = SafeguardingWeek.objects.get_or_create(
        slug=WEEK_SLUG,
        defaults={
            "title": "Safeguarding Week 2021",
            "starts_on": WEEK_START,
            "ends_on": WEEK_START + timedelta(days=4),
            "summary": "Twenty short sessions over five days, live online, on the partnership's practice themes. "
            "Book as many as you like in one go.",
            "is_published": True,
        },
    )
    week_themes = {context.themes[s].pk for _, _, slugs in WEEK_TOPICS for s in slugs if s in context.themes}
    if set(week.themes.values_list("pk", flat=True)) != week_themes:
        week.themes.set(week_themes)
    for index, (slug, title, theme_slugs) in enumerate(WEEK_TOPICS):
        demo = DemoCourse(
            slug,
            title,
            f"A 75-minute session in Safeguarding Week 2021: {title[0].lower() + title[1:]}.",
            (),
            Level.ONE,
            theme_slugs,
            Mode.LIVE_ONLINE,
            "1.25",
            "Anyone who works with children",
            ("jordan.reid",),
        )
        course = _load_course(demo, context)
        day = WEEK_START + timedelta(days=index // len(WEEK_SESSION_HOURS))
        start = _at(day, WEEK_SESSION_HOURS[index % len(WEEK_SESSION_HOURS)])
        if Event.objects.filter(course=course, starts_at=start).exists():
            continue
        event = _create_event(course, [(start, start + timedelta(minutes=75))], WEEK_CAPACITY, context, week=week)
        _run_past_event(event, people, index, context, booked=5 + index % 4)
    evaluated = set(week.evaluations.values_list("person_id", flat=True))
    attendees = (
        User.objects.filter(
            training_bookings__event__week=week,
            training_bookings__status__in=(Booking.Status.ATTENDED, Booking.Status.PARTLY_ATTENDED),
        )
        .distinct()
        .order_by("email")
    )
    for index, person in enumerate(attendees):
        if person.pk in evaluated or index % 4 == 3:
            continue
        services.submit_week_evaluation(
            week=week,
            actor=person,
            overall_rating=4 + (index % 2),
            relevance_rating=5 - (index % 3 == 0),
            organisation_rating=4 + (index % 3 == 1),
            most_useful=DO_DIFFERENTLY[index % len(DO_DIFFERENTLY)],
            comments="Short sessions fitted around visits." if index % 2 else "",
            now=_at(WEEK_START + timedelta(days=5), 12),
        )
    return week


# The coming months ---------------------------------------------------------------------------
def _load_upcoming(courses: dict[str, Course], people: list[User], context: _Context) -> None:
    today = timezone.localdate(context.now)
    slot = 0
    for seed, demo in enumerate(COURSES):
        course = courses[demo.slug]
        open_dates = Event.objects.upcoming(context.now).filter(course=course).count()
        for index, capacity in enumerate(demo.upcoming):
            slot += 1
            if index < open_dates:
                continue
            day = _weekday_on_or_after(today + timedelta(days=9 + 7 * slot + 21 * index))
            event = _create_event(course, _sessions(demo, day), capacity, context)
            # Every other date is full with people waiting; the rest about half booked.
            full = (seed + index) % 2 == 0
            wanted = capacity + 3 if full else capacity // 2
            start = min(context.now - timedelta(hours=1), event.starts_at - timedelta(days=30))
            delegates = _rotation(people, seed * 3, wanted)
            if course.needs_manager_approval:
                # The demo practitioner asks first, so their request waits for the demo manager.
                practitioner = context.person(PRACTITIONER)
                delegates = [practitioner, *(person for person in delegates if person.pk != practitioner.pk)]
            for offset, person in enumerate(delegates):
                _book(event, person, start + timedelta(minutes=offset), context)


def _load_register_to_take(courses: dict[str, Course], people: list[User], context: _Context) -> None:
    """A date two working days ago: the trainer's register is still to take."""
    course = courses[REGISTER_TO_TAKE]
    recent = Event.objects.filter(
        course=course, starts_at__lt=context.now, starts_at__gte=context.now - timedelta(days=21)
    )
    if recent.exists():
        return
    demo = next(d for d in COURSES if d.slug == REGISTER_TO_TAKE)
    day = add_working_days(timezone.localdate(context.now), -2)
    event = _create_event(course, _sessions(demo, day), 16, context)
    for offset, person in enumerate(_rotation(people, 7, 12)):
        _book(event, person, event.starts_at - timedelta(days=20, minutes=-offset), context)


# Loading -------------------------------------------------------------------------------------
def load(log: Callable[[str], None]) -> None:
    """Add the training programme to the demo partnership; safe to run any number of times."""
    with transaction.atomic(), _without_emails():
        context = _Context(log)
        people = _load_delegates(context)
        courses = {demo.slug: _load_course(demo, context) for demo in COURSES}
        _load_past(courses, people, context)
        _load_week(people, context)
        _run_impact_follow_up(context)
        _lift_blocks(context)
        _load_upcoming(courses, people, context)
        _load_register_to_take(courses, people, context)
    log(
        f"{Course.objects.count()} courses, {Event.objects.count()} dates, {Booking.objects.count()} bookings "
        f"({context.counts['events']} dates and {context.counts['bookings']} bookings new), "
        f"{ImpactResponse.objects.count()} impact responses"
    )
