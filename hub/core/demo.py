"""Core's part of the demo partnership: settings, agencies, practice themes, people and tracker actions.

The partnership is modelled on the Durham Safeguarding Children Partnership's 2021/22 annual
report. Agencies are the real organisations the report names; every person is fictional.
``load(log)`` is registered as a demo loader (order 10) and is idempotent: records are looked up
by e-mail address, short code, slug or title, and saved only when something differs, so a second
run writes nothing (no new history rows, no new audit entries).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import models
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.core import roles
from hub.core.audit import entries_for
from hub.core.models import Action, ActionUpdate, Agency, PartnershipSettings, Role, RoleAssignment, Theme, User
from hub.core.services import create_action, record_progress

SITE_ADDRESS = "http://127.0.0.1:8000/"
BACK_OFFICE_PATH = "/admin/"

# Every demo login shares this password; it is printed by load_demo and documented in docs/demo.md.
DEMO_PASSWORD = "safeguarding-demo-2022"  # noqa: S105
DEMO_EMAIL_DOMAIN = "demo.example.org"
CONTACT_EMAIL = "dscp.business.unit@demo.example.org"

# Two-factor sign-in for the demo. The secret is fixed (not random) so the printed value can be
# added to an authenticator app once and keeps working after the demo is reloaded. The backup
# codes are restored on every run, so the printed codes always work again after a reload.
TOTP_DEVICE_NAME = "Demo authenticator app"
STATIC_DEVICE_NAME = "Demo backup codes"
TOTP_SECRET = b"dscp-demo-totp-2022!"  # 20 bytes, the size django-otp generates
BACKUP_CODES = ("kite2345", "lamp3456", "moon4567", "nest5672", "pear6723", "reed7234")


def totp_key_hex() -> str:
    return TOTP_SECRET.hex()


def totp_secret_base32() -> str:
    """The authenticator-app form of the demo secret (what people type into the app)."""
    return base64.b32encode(TOTP_SECRET).decode("ascii")


# Partnership ---------------------------------------------------------------------------------

PARTNERSHIP = {
    "name": "Durham Safeguarding Children Partnership",
    "short_name": "DSCP",
    "area_name": "County Durham",
    "financial_year_start_month": 4,
    "contact_email": CONTACT_EMAIL,
    # Shown above the home page's "Worried about a child?" help, and wherever else help is offered.
    "emergency_text": "Call 999 in an emergency, if a child is in immediate danger.",
    "vision": "Keeping Children Safe",
    "values": "Tenacity, Curiosity, Openness",
}


@dataclass(frozen=True)
class DemoAgency:
    short_code: str
    name: str
    sector: str
    statutory: bool = False


S = Agency.Sector

# The three statutory partners, the relevant agencies the report names (health trusts, probation,
# youth justice, the voluntary sector) and the council services that attend groups and send
# returns on their own account (education, early help, public health). Children's services are
# the council itself (``dcc``), the statutory partner. The secure children's home is listed
# because the partnership scrutinises its use of restraint.
AGENCIES: tuple[DemoAgency, ...] = (
    DemoAgency("dcc", "Durham County Council", S.LOCAL_AUTHORITY, statutory=True),
    DemoAgency("police", "Durham Constabulary", S.POLICE, statutory=True),
    DemoAgency("icb", "North East and North Cumbria Integrated Care Board", S.HEALTH, statutory=True),
    DemoAgency("cddft", "County Durham and Darlington NHS Foundation Trust", S.HEALTH),
    DemoAgency("tewv", "Tees, Esk and Wear Valleys NHS Foundation Trust", S.HEALTH),
    DemoAgency("hdft", "Harrogate and District NHS Foundation Trust", S.HEALTH),
    DemoAgency("probation", "Durham and Darlington Probation Service", S.CRIMINAL_JUSTICE),
    DemoAgency("cdyjs", "County Durham Youth Justice Service", S.CRIMINAL_JUSTICE),
    DemoAgency("education", "Durham County Council Education", S.EDUCATION),
    DemoAgency("early-help", "Durham Early Help Services", S.LOCAL_AUTHORITY),
    DemoAgency("public-health", "Durham Public Health", S.HEALTH),
    DemoAgency("vcs", "County Durham Voluntary and Community Sector", S.VOLUNTARY),
    DemoAgency("aycliffe", "Aycliffe Secure Centre", S.LOCAL_AUTHORITY),
)


@dataclass(frozen=True)
class DemoTheme:
    slug: str
    name: str
    description: str
    improvement: bool = False


THEMES: tuple[DemoTheme, ...] = (
    DemoTheme(
        "voice-of-the-child",
        "Voice and lived experience of the child",
        "Seeing each child's day-to-day life through their own eyes, in every setting they spend time in, "
        "and making sure what they tell us is shared with partners and shapes decisions.",
        improvement=True,
    ),
    DemoTheme(
        "management-decision-making",
        "Management understanding and decision making",
        "Reflective supervision, management oversight and professional challenge, with dissenting views "
        "recorded, so that decisions about children are well reasoned and shared across agencies.",
        improvement=True,
    ),
    DemoTheme(
        "harmful-sexual-behaviour",
        "Harmful sexual behaviour",
        "Recognising healthy, problematic and abusive sexual behaviour by children and young people, "
        "and referring through the multi-agency pathway.",
        improvement=True,
    ),
    DemoTheme(
        "cumulative-harm",
        "Cumulative harm and risk assessment",
        "Seeing the build-up of harm over time and across the whole family, using chronologies, the harm "
        "matrix and family network meetings.",
        improvement=True,
    ),
    DemoTheme(
        "neglect",
        "Neglect",
        "Spotting and responding early to children whose basic needs are not met, including neglect of teenagers.",
    ),
    DemoTheme(
        "child-exploitation",
        "Child exploitation",
        "Protecting children from criminal and sexual exploitation, in and outside the home.",
    ),
    DemoTheme(
        "child-sexual-abuse",
        "Child sexual abuse",
        "Recognising signs of sexual abuse within and outside the family and helping children to tell someone.",
    ),
    DemoTheme(
        "domestic-abuse",
        "Domestic abuse",
        "Children living with domestic abuse are victims in their own right; partners share what they know.",
    ),
    DemoTheme(
        "early-help",
        "Early help",
        "The right support at the right time for families before problems grow, through the early help system.",
    ),
    DemoTheme(
        "signs-of-safety",
        "Signs of Safety",
        "The partnership's practice framework: building on families' strengths and their networks, "
        "and asking how worried we are.",
    ),
)


# People --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoPerson:
    email: str
    description: str
    job_title: str
    agency: str | None
    roles: tuple[tuple[str, str | None], ...]

    @property
    def first_name(self) -> str:
        return self.email.split("@")[0].split(".")[0].capitalize()

    @property
    def last_name(self) -> str:
        surname = self.email.split("@")[0].split(".")[1]
        return surname[0].upper() + surname[1:]


def _person(local: str, description: str, job_title: str, agency: str | None, *roles_) -> DemoPerson:
    pairs = tuple(entry if isinstance(entry, tuple) else (entry, None) for entry in roles_)
    return DemoPerson(f"{local}@{DEMO_EMAIL_DOMAIN}", description, job_title, agency, pairs)


PEOPLE: tuple[DemoPerson, ...] = (
    _person("alex.morgan", "Business unit manager", "DSCP Business Manager", "dcc", roles.BUSINESS_UNIT),
    _person("sam.patel", "Business unit officer", "DSCP Business Officer", "dcc", roles.BUSINESS_UNIT),
    _person(
        "jordan.reid",
        "Training coordinator",
        "DSCP Training Coordinator",
        "dcc",
        roles.BUSINESS_UNIT,
        roles.TRAINER,
    ),
    _person("chris.hughes", "Social worker", "Social Worker, Children's Services", "dcc", roles.PRACTITIONER),
    _person(
        "priya.shah",
        "Team manager",
        "Team Manager, Children's Services",
        "dcc",
        roles.LINE_MANAGER,
        roles.PRACTITIONER,
    ),
    _person(
        "dan.walsh",
        "Police single point of contact",
        "Detective Inspector, Safeguarding",
        "police",
        (roles.SPOC, "police"),
    ),
    _person(
        "helen.carter",
        "Health single point of contact",
        "Designated Nurse for Safeguarding Children",
        "icb",
        (roles.SPOC, "icb"),
    ),
    _person(
        "mark.ellis",
        "Executive for the local authority",
        "Director of Children and Young People's Services",
        "dcc",
        roles.EXECUTIVE,
    ),
    _person(
        "ruth.okafor",
        "Executive for the police",
        "Head of Crime and Safeguarding",
        "police",
        roles.EXECUTIVE,
    ),
    _person("ian.bell", "Executive for health", "Director of Nursing", "icb", roles.EXECUTIVE),
    _person("grace.turner", "Independent scrutineer", "Independent Chair and Scrutineer", None, roles.SCRUTINEER),
    _person(
        "tom.fraser",
        "Case review panel chair",
        "Named Nurse for Safeguarding Children",
        "cddft",
        roles.REVIEWS_PANEL,
        roles.REVIEWS_CHAIR,
    ),
    _person(
        "nina.kaur",
        "Child death overview panel chair",
        "Consultant Paediatrician",
        "cddft",
        roles.CDOP_PANEL,
        roles.CDOP_CHAIR,
        roles.CDOP_EXPORTER,
    ),
    _person("lee.harper", "Trainer", "Safeguarding Trainer", "tewv", roles.TRAINER),
    _person(
        "kim.dobson",
        "Secure home staff (restraint records)",
        "Registered Manager, Aycliffe Secure Centre",
        "aycliffe",
        (roles.RESTRAINT_RECORDER, "aycliffe"),
    ),
    _person(
        "olivia.grant",
        "Restraint scrutiny reviewer",
        "DSCP Quality Assurance Officer",
        "dcc",
        roles.RESTRAINT_REVIEWER,
    ),
    _person(
        "beth.lloyd",
        "Group member (PLG and IDG)",
        "Safeguarding Practitioner",
        "tewv",
        roles.PRACTITIONER,
    ),
)

# When the demo people's e-mail addresses were verified: the start of the 2021/22 year.
EMAIL_VERIFIED_AT = (2021, 4, 1, 9, 0)


# Tracker actions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoProgress:
    on: date
    status: str
    note: str
    evidence: str | None = None
    impact_note: str | None = None


@dataclass(frozen=True)
class DemoAction:
    title: str
    description: str
    theme: str
    agency: str
    owner: str | None
    raised_on: date
    due_on: date
    progress: tuple[DemoProgress, ...] = field(default_factory=tuple)


def _email(local: str) -> str:
    return f"{local}@{DEMO_EMAIL_DOMAIN}"


DONE = Action.Status.COMPLETED
GOING = Action.Status.IN_PROGRESS

# Actions from the practice improvement themes, not tied to a meeting. Dates are fixed so that
# every run builds the same tracker: completed ones from 2021/22, open ones now overdue.
ACTIONS: tuple[DemoAction, ...] = (
    DemoAction(
        "Introduce Standards of Expectation for the voice of the child in every partner agency",
        "Agree one set of standards for hearing and recording the voice and lived experience of children, "
        "and adopt them in each partner agency.",
        "voice-of-the-child",
        "dcc",
        _email("alex.morgan"),
        date(2021, 5, 10),
        date(2021, 10, 31),
        (
            DemoProgress(date(2021, 7, 15), GOING, "Draft standards shared with agency leads for comment."),
            DemoProgress(
                date(2021, 10, 20),
                DONE,
                "Standards agreed by the Safeguarding Executive and adopted by all partner agencies.",
                evidence="Signed adoption returns from every partner agency; standards published on the website.",
                impact_note="Agencies report compliance with the standards through their single-agency audits.",
            ),
        ),
    ),
    DemoAction(
        "Relaunch the Professional Pledge",
        "Update the pledge so partners commit that children are central to all we do and that we hold each "
        "other to account for decisions made.",
        "voice-of-the-child",
        "dcc",
        _email("sam.patel"),
        date(2021, 6, 1),
        date(2021, 12, 31),
        (
            DemoProgress(
                date(2021, 12, 6),
                DONE,
                "Updated pledge relaunched at safeguarding week.",
                evidence="Pledge published and promoted in the e-bulletin; signed by each agency's senior lead.",
            ),
        ),
    ),
    DemoAction(
        "Develop Standards for Reflective Discussion",
        "Set out what good reflective supervision and management oversight look like across agencies.",
        "management-decision-making",
        "dcc",
        _email("priya.shah"),
        date(2021, 5, 10),
        date(2022, 1, 31),
        (
            DemoProgress(
                date(2022, 1, 24),
                DONE,
                "Standards embedded in Safeguarding Managers training.",
                evidence="Standards document and updated course outline for Safeguarding Managers training.",
                impact_note="Audits show reflective supervision taking place across agencies.",
            ),
        ),
    ),
    DemoAction(
        "Brief the Central Referral Unit on the harmful sexual behaviour pathway",
        "Make sure referrals about harmful sexual behaviour reach the youth justice service through First Contact.",
        "harmful-sexual-behaviour",
        "police",
        _email("dan.walsh"),
        date(2021, 11, 1),
        date(2022, 3, 31),
        (
            DemoProgress(
                date(2022, 3, 14),
                DONE,
                "Briefings delivered to all Central Referral Unit teams.",
                evidence="Attendance lists for four briefing sessions.",
            ),
        ),
    ),
    DemoAction(
        "Promote the harmful sexual behaviour stages-of-development tool",
        "Brief practitioners across partners on the tool for judging whether sexual behaviour is healthy, "
        "problematic or abusive, and how to respond.",
        "harmful-sexual-behaviour",
        "cdyjs",
        None,
        date(2022, 2, 1),
        date(2022, 9, 30),
        (DemoProgress(date(2022, 7, 18), GOING, "First round of briefings delivered in July."),),
    ),
    DemoAction(
        "Complete the cumulative harm action plan",
        "Cascade the cumulative harm guidance, the harm matrix and multi-agency chronologies, and embed them "
        "in Safeguarding Managers training.",
        "cumulative-harm",
        "dcc",
        _email("jordan.reid"),
        date(2021, 5, 10),
        date(2022, 3, 31),
        (
            DemoProgress(
                date(2022, 3, 28),
                DONE,
                "Action plan completed; topic included in safeguarding week.",
                evidence="Closure report to the Embedding Learning Group with the completed plan.",
            ),
        ),
    ),
    DemoAction(
        "Promote the harm matrix as a shared multi-agency tool",
        "Audits found engagement tools were agency-centric; promote one tool every partner can use.",
        "cumulative-harm",
        "tewv",
        _email("beth.lloyd"),
        date(2022, 4, 20),
        date(2022, 12, 31),
    ),
    DemoAction(
        "Launch the new Early Help Assessment based on Signs of Safety",
        "Build the assessment with partners, children, young people and carers, and capture Team Around the "
        "Family arrangements across the early help system.",
        "early-help",
        "early-help",
        None,
        date(2022, 1, 10),
        date(2022, 8, 31),
        (DemoProgress(date(2022, 6, 30), GOING, "Assessment tested with three locality teams."),),
    ),
    DemoAction(
        "Extend the reach of ICON across partner agencies",
        "Phase 2 of the ICON programme on coping with a crying baby: reinforce the message at every contact "
        "with new or expectant parents and carers.",
        "early-help",
        "icb",
        _email("helen.carter"),
        date(2022, 5, 3),
        date(2023, 3, 31),
        (DemoProgress(date(2022, 11, 2), GOING, "Touchpoint leaflets agreed with health visiting and GP practices."),),
    ),
    DemoAction(
        "Draft the child sexual abuse improvement plan",
        "Child sexual abuse is an improvement area for 2022/23: agree the multi-agency plan, building on the "
        "training commissioned during the year.",
        "child-sexual-abuse",
        "dcc",
        _email("alex.morgan"),
        date(2022, 7, 25),
        date(2023, 1, 31),
    ),
)


# Loading -------------------------------------------------------------------------------------


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _sync(model: type[models.Model], lookup: dict, values: dict) -> tuple[models.Model, bool]:
    """Get or create a row, then save only the fields that differ. Returns ``(row, changed)``."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        return model.objects.create(**lookup, **values), True
    differing = [name for name, value in values.items() if getattr(row, name) != value]
    for name in differing:
        setattr(row, name, values[name])
    if differing:
        row.save()
    return row, bool(differing)


def _load_settings() -> bool:
    settings = PartnershipSettings.load()
    differing = [name for name, value in PARTNERSHIP.items() if getattr(settings, name) != value]
    for name in differing:
        setattr(settings, name, PARTNERSHIP[name])
    if differing:
        settings.save()
    return bool(differing)


def _load_agencies() -> dict[str, Agency]:
    agencies = {}
    for demo in AGENCIES:
        agency, _ = _sync(
            Agency,
            {"short_code": demo.short_code},
            {"name": demo.name, "sector": demo.sector, "is_statutory_partner": demo.statutory, "is_active": True},
        )
        agencies[demo.short_code] = agency
    return agencies


def _load_themes() -> dict[str, Theme]:
    themes = {}
    for demo in THEMES:
        theme, _ = _sync(
            Theme,
            {"slug": demo.slug},
            {
                "name": demo.name,
                "description": demo.description,
                "is_improvement_theme": demo.improvement,
                "is_active": True,
            },
        )
        themes[demo.slug] = theme
    return themes


def _load_person(demo: DemoPerson, agencies: dict[str, Agency], roles_by_slug: dict[str, Role]) -> User:
    agency = agencies[demo.agency] if demo.agency else None
    user = User.objects.filter(email=demo.email).first()
    if user is None:
        user = User.objects.create_user(
            demo.email,
            DEMO_PASSWORD,
            first_name=demo.first_name,
            last_name=demo.last_name,
            job_title=demo.job_title,
            agency=agency,
            email_verified_at=timezone.make_aware(datetime(*EMAIL_VERIFIED_AT)),
        )
    else:
        user, _ = _sync(
            User,
            {"pk": user.pk},
            {
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "job_title": demo.job_title,
                "agency": agency,
                "is_active": True,
            },
        )
        if user.email_verified_at is None:
            user.email_verified_at = timezone.make_aware(datetime(*EMAIL_VERIFIED_AT))
            user.save(update_fields=["email_verified_at"])
        # Someone may have changed the password while trying the demo; the printed one must work.
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
    for slug, agency_code in demo.roles:
        role = roles_by_slug[slug]
        RoleAssignment.objects.get_or_create(
            user=user, role=role, agency=agencies[agency_code] if agency_code else None
        )
        if role.permission_group_id:
            user.groups.add(role.permission_group)
    user.forget_cached_roles()
    if user.requires_two_factor:
        _load_two_factor(user)
    return user


def _load_two_factor(user: User) -> None:
    totp = TOTPDevice.objects.filter(user=user, name=TOTP_DEVICE_NAME).first()
    if totp is None:
        TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, key=totp_key_hex(), confirmed=True)
    elif totp.key != totp_key_hex() or not totp.confirmed or totp.throttling_failure_count:
        totp.key = totp_key_hex()
        totp.confirmed = True
        totp.throttling_failure_count = 0
        totp.throttling_failure_timestamp = None
        totp.save()

    static, _ = StaticDevice.objects.get_or_create(user=user, name=STATIC_DEVICE_NAME, defaults={"confirmed": True})
    if not static.confirmed or static.throttling_failure_count:
        static.confirmed = True
        static.throttling_failure_count = 0
        static.throttling_failure_timestamp = None
        static.save()
    static.token_set.exclude(token__in=BACKUP_CODES).delete()
    present = set(static.token_set.values_list("token", flat=True))
    StaticToken.objects.bulk_create(
        [StaticToken(device=static, token=code) for code in BACKUP_CODES if code not in present]
    )


def _backdate_action(action: Action, since: datetime, when: datetime, **fields) -> None:
    """Move what a service call just wrote to the demo's own date.

    The services stamp records with the current time; the demo's tracker must read as the
    partnership's 2021/22 and 2022/23 history whenever it is loaded, so the action, its latest
    update, its audit entries and its history rows written since ``since`` take ``when``.
    """
    Action.objects.filter(pk=action.pk).update(last_updated_at=when, **fields)
    ActionUpdate.objects.filter(action=action, created_at__gte=since).update(created_at=when)
    entries_for(action).filter(created_at__gte=since).update(created_at=when)
    action.history.filter(history_date__gte=since).update(history_date=when)


def _load_actions(agencies: dict[str, Agency], themes: dict[str, Theme], people: dict[str, User]) -> int:
    raised_by = people[_email("alex.morgan")]
    created = 0
    for demo in ACTIONS:
        if Action.objects.filter(title=demo.title, source_content_type__isnull=True).exists():
            continue
        owner = people[demo.owner] if demo.owner else None
        since = timezone.now()
        action = create_action(
            actor=raised_by,
            title=demo.title,
            description=demo.description,
            owner_agency=agencies[demo.agency],
            owner=owner,
            due_on=demo.due_on,
            theme=themes[demo.theme],
            source_label=f"Practice improvement theme: {themes[demo.theme].name}",
        )
        _backdate_action(action, since, _at(demo.raised_on), created_at=_at(demo.raised_on))
        for step in demo.progress:
            since = timezone.now()
            record_progress(
                actor=owner or raised_by,
                action=action,
                note=step.note,
                status=step.status,
                evidence=step.evidence,
                impact_note=step.impact_note,
            )
            completed_on = step.on if step.status == Action.Status.COMPLETED else None
            _backdate_action(action, since, _at(step.on, hour=15), completed_on=completed_on)
        created += 1
    return created


def load(log: Callable[[str], None]) -> None:
    """Add core's part of the demo partnership; safe to run any number of times."""
    roles.ensure_standard_roles()
    if _load_settings():
        log("Partnership settings set for the Durham Safeguarding Children Partnership")
    agencies = _load_agencies()
    themes = _load_themes()
    roles_by_slug = {role.slug: role for role in Role.objects.select_related("permission_group")}
    people = {demo.email: _load_person(demo, agencies, roles_by_slug) for demo in PEOPLE}
    new_actions = _load_actions(agencies, themes, people)
    log(
        f"{len(agencies)} agencies, {len(themes)} practice themes, {len(people)} demo people, "
        f"{len(ACTIONS)} tracker actions ({new_actions} new)"
    )


# Printing the logins --------------------------------------------------------------------------


def login_lines() -> list[str]:
    """The demo logins as printed by ``load_demo``: who each is, the e-mail, and two-factor help."""
    users = {user.email: user for user in User.objects.filter(email__in=[p.email for p in PEOPLE])}
    rows = []
    for demo in PEOPLE:
        user = users.get(demo.email)
        needs_code = bool(user and user.requires_two_factor)
        rows.append((demo.description, demo.email, DEMO_PASSWORD, "yes, see below" if needs_code else "no"))
    heading = ("Role", "E-mail", "Password", "Two-factor")
    widths = [max(len(row[i]) for row in [heading, *rows]) for i in range(len(heading))]

    def line(cells) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    return [
        "",
        "Demo partnership: Durham Safeguarding Children Partnership (fictional people)",
        f"Site: {SITE_ADDRESS}",
        f"Back office (business unit): {SITE_ADDRESS.rstrip('/')}{BACK_OFFICE_PATH}",
        f"Sign in at {SITE_ADDRESS}account/sign-in/ with an e-mail address and password from this table",
        f"(every demo login has the same password, {DEMO_PASSWORD}):",
        "",
        line(heading),
        line(tuple("-" * width for width in widths)),
        *(line(row) for row in rows),
        "",
        "Two-factor sign-in (business unit, case review panel, child death overview panel):",
        "  after the password, enter one of these backup codes (each works once per person until",
        "  load_demo is run again): " + " ".join(BACKUP_CODES),
        f"  or add this secret to an authenticator app (time-based, 6 digits): {totp_secret_base32()}",
        "",
    ]
