"""Section 11's part of the demo partnership: the eight standards, a four-point scheme and two rounds.

2020/21 is closed and moderated for ten agencies. 2021/22 is open to every agency in the demo:
most have submitted and been moderated, the police's is waiting for moderation, and two are still
drafts (the ICB's, which started from its carried-forward 2020/21 answers, and the voluntary
sector's, new to Section 11 this year). Challenge sessions and one tracker action complete the
picture. Ratings are worked out from fixed numbers, so every run builds the same records; rows are
found by natural keys and saved only when something differs, so a second run writes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from hub.core.models import Action, Agency, User
from hub.core.services import create_action
from hub.learning.common import Grade, GradingScheme
from hub.learning.section11 import services
from hub.learning.section11.models import (
    ChallengeSession,
    Section11Assessment,
    Section11Round,
    Section11Standard,
    StandardRating,
)

SCHEME_NAME = "Section 11: how well a standard is met"
GRADES = (
    ("fully-met", "Fully met", "Arrangements are in place, understood by staff and shown to work.", "green"),
    ("mostly-met", "Mostly met", "Arrangements are in place with minor gaps the agency knows about.", "turquoise"),
    ("partly-met", "Partly met", "Some arrangements are in place; important gaps remain.", "yellow"),
    ("not-met", "Not met", "Arrangements are missing or are not working.", "red"),
)
CODES = [code for code, *_ in GRADES]

STANDARDS = (
    (
        1,
        "Senior management commitment",
        "Senior managers show their commitment to safeguarding and promoting children's welfare: a named "
        "executive lead, safeguarding in the organisation's plans and regular reports to the board.",
        "The chief executive is the named lead; safeguarding is a standing item at every board meeting and the "
        "annual safeguarding report was presented in public.",
    ),
    (
        2,
        "A clear statement of the agency's responsibilities",
        "A statement of the agency's responsibilities towards children is available to all staff, with "
        "policies that reflect the partnership's procedures.",
        "The safeguarding policy was refreshed after the partnership's procedures changed and is on the intranet "
        "front page; managers confirmed their teams have read it.",
    ),
    (
        3,
        "A clear line of accountability",
        "A clear line of accountability for safeguarding runs from the front line to the board, with named and "
        "designated professionals and supervision.",
        "Named leads in every service; supervision records show safeguarding discussed in nine out of ten "
        "sessions sampled.",
    ),
    (
        4,
        "Service development that hears children and families",
        "Services are planned and developed with the need to safeguard in mind, informed by the views of "
        "children and families.",
        "Young people's panel reviewed two service changes this year; their comments are recorded in the "
        "decision papers.",
    ),
    (
        5,
        "Safeguarding training for all staff",
        "All staff working with or in contact with children and families receive safeguarding training at the "
        "right level, and its effect on practice is checked.",
        "Training compliance at level 1 is 96% and at level 3 is 88%; a recovery plan is in place for the teams "
        "below target.",
    ),
    (
        6,
        "Safer recruitment, vetting and allegations",
        "Staff are recruited safely with the right checks, and allegations against people who work with "
        "children are referred to the LADO and managed.",
        "Checks audited on a sample of new starters found every DBS check in place; two allegations were referred "
        "to the LADO within one working day.",
    ),
    (
        7,
        "Effective inter-agency working",
        "The agency works with partners to safeguard children: it attends strategy meetings, conferences and "
        "partnership groups, and follows the escalation policy.",
        "Attendance at initial child protection conferences was 94%; the escalation policy was used three times, "
        "each resolved at the first stage.",
    ),
    (
        8,
        "Effective information sharing",
        "Information is shared with partners in good time to safeguard children, in line with the law and the "
        "partnership's information sharing agreement.",
        "Staff use the information sharing flowchart; an audit of MASH requests found replies within the agreed "
        "time in most cases.",
    ),
)

# The ten agencies that took part in 2020/21; 2021/22 asked every agency in the demo.
FIRST_ROUND_AGENCIES = ("dcc", "police", "icb", "cddft", "tewv", "hdft", "probation", "cdyjs", "education", "aycliffe")
# 2021/22: the police's is waiting for moderation; these two are drafts, the ICB's part changed.
SUBMITTED_ONLY = ("police",)
DRAFTS = ("icb", "vcs")
ICB_CHANGED_STANDARDS = (1, 2, 3, 5)
VCS_RATED_STANDARDS = (1, 2, 3)
LATE = ("public-health", "hdft")


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _update(instance, **fields) -> bool:
    changed = [name for name, value in fields.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, fields[name])
    if changed:
        instance.save()
    return bool(changed)


def _sync(model, lookup: dict, values: dict):
    row = model.objects.filter(**lookup).first()
    if row is None:
        return model.objects.create(**lookup, **values), True
    return row, _update(row, **values)


def _self_rating(agency_index: int, number: int, year: int) -> str:
    score = (agency_index * 7 + number * 3 + year) % 13
    if score <= 5:
        return "fully-met"
    if score <= 10:
        return "mostly-met"
    return "partly-met" if score == 11 else "not-met"


def _moderated_rating(self_rating: str, agency_index: int, number: int) -> str:
    # Moderation agrees with most self-ratings and marks one in five down a step.
    if (agency_index + number) % 5 == 0:
        return CODES[min(CODES.index(self_rating) + 1, len(CODES) - 1)]
    return self_rating


def _load_scheme() -> GradingScheme:
    scheme, _ = _sync(
        GradingScheme,
        {"name": SCHEME_NAME},
        {"description": "The four ratings agencies and moderators give each Section 11 standard."},
    )
    for position, (code, label, description, colour) in enumerate(GRADES, 1):
        _sync(
            Grade,
            {"scheme": scheme, "code": code},
            {"position": position, "label": label, "description": description, "colour": colour},
        )
    return scheme


def _load_standards() -> list[Section11Standard]:
    standards = []
    for number, title, description, _ in STANDARDS:
        standard, _ = _sync(
            Section11Standard,
            {"number": number},
            {"title": title, "description": description, "position": number, "active": True},
        )
        standards.append(standard)
    return standards


def _load_round(year, scheme, standards, agencies, *, status, opens_on, due_on) -> Section11Round:
    round_, _ = _sync(
        Section11Round,
        {"year": year},
        {
            "opens_on": opens_on,
            "due_on": due_on,
            "status": status,
            "grading_scheme": scheme,
            "introduction": "Rate your agency against each standard and give your evidence: what you have, "
            "what it shows and what you are doing about any gaps. Attach documents where they help.",
        },
    )
    if set(round_.standards.all()) != set(standards):
        round_.standards.set(standards)
    if set(round_.agencies.all()) != set(agencies):
        round_.agencies.set(agencies)
    return round_


def _fill(assessment, standards, agency_index, *, numbers, year, moderate: bool) -> None:
    evidence = {number: text for number, _, _, text in STANDARDS}
    ratings = {rating.standard_id: rating for rating in assessment.ratings.all()}
    for standard in standards:
        rating = ratings.get(standard.pk) or StandardRating.objects.create(assessment=assessment, standard=standard)
        if standard.number not in numbers:
            continue
        self_rating = _self_rating(agency_index, standard.number, year)
        values = {"self_rating": self_rating, "evidence": evidence[standard.number], "carried_forward": False}
        if moderate:
            moderated = _moderated_rating(self_rating, agency_index, standard.number)
            values["moderated_rating"] = moderated
            values["moderation_note"] = (
                "The evidence supports the agency's rating."
                if moderated == self_rating
                else "Agreed one step lower: the evidence shows the arrangement but not yet its effect on practice."
            )
        _update(rating, **values)


def _load_first_round(scheme, standards, agencies, business_unit) -> Section11Round:
    round_ = _load_round(
        2020,
        scheme,
        standards,
        [agencies[code] for code in FIRST_ROUND_AGENCIES],
        status=Section11Round.Status.CLOSED,
        opens_on=date(2020, 9, 1),
        due_on=date(2020, 11, 30),
    )
    for index, code in enumerate(FIRST_ROUND_AGENCIES):
        assessment, _ = _sync(
            Section11Assessment,
            {"round": round_, "agency": agencies[code]},
            {
                "status": Section11Assessment.Status.MODERATED,
                "submitted_at": _aware(date(2020, 11, 2 + index * 2)),
                "moderated_at": _aware(date(2021, 1, 12)),
                "moderated_by": business_unit,
                "moderation_summary": "Arrangements are sound; training compliance is the main area to improve.",
            },
        )
        _fill(assessment, standards, index, numbers=range(1, 9), year=2020, moderate=True)
    return round_


def _load_second_round(scheme, standards, agencies, people, business_unit) -> Section11Round:
    round_ = _load_round(
        2021,
        scheme,
        standards,
        list(agencies.values()),
        status=Section11Round.Status.OPEN,
        opens_on=date(2021, 9, 1),
        due_on=date(2021, 11, 30),
    )
    spocs = {"police": people.get("dan.walsh"), "icb": people.get("helen.carter")}
    for index, code in enumerate(sorted(agencies)):
        agency = agencies[code]
        # Started as the business unit opening the round would: last cycle's answers carried forward.
        assessment, _ = services.start_assessment(actor=business_unit, round_=round_, agency=agency)
        if code == "icb":
            _fill(assessment, standards, index, numbers=ICB_CHANGED_STANDARDS, year=2021, moderate=False)
            continue
        if code == "vcs":
            _fill(assessment, standards, index, numbers=VCS_RATED_STANDARDS, year=2021, moderate=False)
            continue
        moderated = code not in SUBMITTED_ONLY
        submitted_on = date(2021, 12, 8 + index) if code in LATE else date(2021, 11, 5 + index)
        _fill(assessment, standards, index, numbers=range(1, 9), year=2021, moderate=moderated)
        values = {
            "status": Section11Assessment.Status.MODERATED if moderated else Section11Assessment.Status.SUBMITTED,
            "submitted_at": _aware(submitted_on),
            "submitted_by": spocs.get(code),
        }
        if moderated:
            values |= {
                "moderated_at": _aware(date(2022, 1, 20)),
                "moderated_by": business_unit,
                "moderation_summary": "The self-assessment is honest and well evidenced. The agency should show "
                "the effect of training on practice, not only the numbers trained.",
            }
        _update(assessment, **values)
    return round_


def _load_challenge_sessions(first, second, agencies, business_unit) -> None:
    sessions = (
        (
            first,
            "dcc",
            date(2021, 1, 28),
            "Business Manager, DSCP; Independent Scrutineer; Head of Children's Social Care, DCC",
            "How does the council know that staff read the refreshed safeguarding policy?",
            "Managers confirm it in supervision and the policy page records who opened it.",
            "Rating for standard 2 agreed as mostly met; the council will report policy reach to the board.",
        ),
        (
            second,
            "police",
            date(2022, 2, 9),
            "Business Manager, DSCP; Independent Scrutineer; Detective Inspector, Safeguarding, Durham Constabulary",
            "Training figures are high, but what has changed in practice? How are dissenting views recorded "
            "at strategy meetings?",
            "Dip samples of domestic abuse notifications show better recording of the child's voice; strategy "
            "meeting minutes now have a section for dissent.",
            "Ratings agreed as submitted, except standard 5 moderated to mostly met until the dip samples are "
            "repeated. An action was raised on the tracker.",
        ),
        (
            second,
            "cddft",
            date(2022, 2, 16),
            "Business Officer, DSCP; Named Nurse for Safeguarding Children, CDDFT",
            "How does the trust hear from children and families when it changes services?",
            "The paediatric patient panel reviews each change; the trust showed two examples from this year.",
            "Standard 4 agreed as fully met.",
        ),
    )
    for round_, code, held_on, attendees, challenges, responses, outcome in sessions:
        _sync(
            ChallengeSession,
            {"round": round_, "agency": agencies[code], "held_on": held_on},
            {
                "attendees": attendees,
                "challenges": challenges,
                "responses": responses,
                "outcome": outcome,
                "recorded_by": business_unit,
                "recorded_at": _aware(held_on, 16),
            },
        )


ACTION_TITLE = "Repeat the dip sample of domestic abuse notifications and report the effect of training"


def _load_action(second, agencies, business_unit) -> None:
    assessment = Section11Assessment.objects.get(round=second, agency=agencies["police"])
    content_type = ContentType.objects.get_for_model(Section11Assessment)
    if Action.objects.filter(
        source_content_type=content_type, source_object_id=assessment.pk, title=ACTION_TITLE
    ).exists():
        return
    create_action(
        actor=business_unit,
        title=ACTION_TITLE,
        description="Agreed at the Section 11 challenge session on 9 February 2022.",
        owner_agency=agencies["police"],
        due_on=date(2022, 6, 30),
        source=assessment,
        source_label=assessment.source_label,
    )


def load(log) -> None:
    agencies = {agency.short_code: agency for agency in Agency.objects.filter(is_active=True)}
    if "police" not in agencies or "icb" not in agencies:
        log("Section 11: the demo agencies are missing, so no rounds were added.")
        return
    people = {
        user.email.split("@")[0]: user
        for user in User.objects.filter(
            email__in=[f"{local}@demo.example.org" for local in ("alex.morgan", "dan.walsh", "helen.carter")]
        )
    }
    business_unit = people.get("alex.morgan")
    known = {
        code: agencies[code]
        for code in agencies
        if code in {*FIRST_ROUND_AGENCIES, *DRAFTS, "early-help", "public-health"}
    }
    with transaction.atomic():
        scheme = _load_scheme()
        standards = _load_standards()
        first = _load_first_round(scheme, standards, known, business_unit)
        second = _load_second_round(scheme, standards, known, people, business_unit)
        _load_challenge_sessions(first, second, known, business_unit)
        _load_action(second, known, business_unit)
    board = services.dashboard(second)
    log(
        f"Section 11: {len(standards)} standards; {second} returned by {board.returned} of {board.expected} "
        f"agencies ({board.return_rate}%), {board.drafts} in draft."
    )
