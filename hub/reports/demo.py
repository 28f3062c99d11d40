"""Demo narrative for the 2021/22 yearly report, its lead partners, and its sign-off under way.

The texts are the demo partnership's own, and name the headline figures by token so that they
print the figures the other apps' demo data produces. A text already there is left as it is, so
running ``load_demo`` again changes nothing, and neither does it undo a change made in the Hub.

The three lead partners are the demo executives. The 2021/22 report is left awaiting sign-off with
the local authority's approval, so the police and health executives each find a report to sign
off. Sign-off is set up only when the year has no sign-off record yet and its checklist is
complete, and nothing is published (making the PDF of a full year takes too long for the demo).
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from hub.core.models import Agency, User
from hub.core.periods import FinancialYear
from hub.reports.checklist import checklist
from hub.reports.models import (
    LeadPartner,
    NarrativeBlock,
    OutlineChapter,
    ReportSignOff,
    SignOffDecision,
)

DEMO_YEAR = 2021

CHAPTER_TEXTS = {
    "introduction": (
        "This report sets out what the three statutory partners, the local authority, the NHS and "
        "the police, did together in 2021/22 to keep children safe, and what difference it made.\n\n"
        "The partners contributed {{governance.budget.total-budget}} to run the arrangements. Every figure in "
        "this report is taken from the records the partnership keeps during the year."
    ),
    "children-in-the-area": (
        "Most children in the county grow up safe and well, supported by their families and by universal "
        "services. This chapter sets out the figures we watch most closely: how many children need help, "
        "protection or care, and how that has changed over the year.\n\n"
        "We read these figures alongside what practitioners and families tell us, because a number on its own "
        "never explains why it moved."
    ),
    "external-pressures": (
        "The year was shaped by recovery from the pandemic. Schools, health services and the police returned to "
        "face-to-face work while demand that had been hidden during lockdowns came through the front door.\n\n"
        "Partners kept multi-agency meetings running online and in person, and agreed together which work "
        "could wait and which could not."
    ),
    "learning": (
        "Reviews, audits and the views of practitioners each tell us something different about how well "
        "children are protected. This chapter brings them together so that a lesson found in one place is "
        "followed through to the training, guidance and audits that test whether practice changed."
    ),
    "training": (
        "The partnership ran {{training.programme.courses-run}} courses this year, and "
        "{{training.programme.people-who-attended}} people attended them.\n\n"
        "We ask every delegate how confident they felt before and after a course, and we follow up some months "
        "later to find out what changed in their work with children and families."
    ),
    "key-considerations": (
        "Children who are looked after and young people leaving care need partners to act as good parents. "
        "We also keep a close watch on the use of restraint at the secure children's home: staff recorded "
        "{{restraint.incidents-of-restraint}} incidents of restraint this year, and an independent panel "
        "reviewed a random sample of them on camera."
    ),
    "early-help": (
        "Help offered early stops many problems from growing. Through the Supporting Families programme, "
        "{{scorecards-early-help.supporting-families-successful-outcomes}} achieved a lasting change, against a "
        "government target of {{scorecards-early-help.government-target}}."
    ),
    "achievements": (
        "Each priority the partners set has a lead, a plan and a way of showing impact. This chapter reports "
        "what was done on each one and what difference it made for children."
    ),
    "scrutiny": (
        "Our independent scrutineer reads across the partnership's work, attends its groups and challenges "
        "partners where the evidence is thin. Their overview follows in their own words."
    ),
    "whats-next": (
        "Next year the partners will keep the same priorities and sharpen how they measure impact. The budget of "
        "{{governance.budget.total-budget}} agreed for this year is the starting point for the next."
    ),
}


# Order, role, the agency's short code and the demo person's e-mail (before the @).
LEAD_PARTNERS = [
    (1, "Director of Children and Young People's Services, Durham County Council", "dcc", "mark.ellis"),
    (2, "Head of Crime and Safeguarding, Durham Constabulary", "police", "ruth.okafor"),
    (3, "Director of Nursing, North East and North Cumbria Integrated Care Board", "icb", "ian.bell"),
]

BUSINESS_UNIT_MANAGER = "alex.morgan"
SIGN_OFF_STARTED = datetime(2022, 9, 12, 10, 0)
FIRST_APPROVAL = datetime(2022, 9, 14, 16, 30)


def _person(local: str) -> User | None:
    return User.objects.filter(email__startswith=f"{local}@").first()


def _load_lead_partners() -> int:
    added = 0
    for order, role_title, short_code, local in LEAD_PARTNERS:
        agency = Agency.objects.filter(short_code=short_code).first()
        if agency is None or LeadPartner.objects.filter(agency=agency).exists():
            continue
        LeadPartner.objects.create(order=order, role_title=role_title, agency=agency, person=_person(local))
        added += 1
    return added


def _load_sign_off(log) -> None:
    year = FinancialYear(DEMO_YEAR)
    if ReportSignOff.objects.filter(year=DEMO_YEAR).exists():
        return
    manager = _person(BUSINESS_UNIT_MANAGER)
    unexplained = checklist(year).blocking
    partners = list(LeadPartner.objects.filter(active=True).select_related("person").order_by("order", "pk"))
    if unexplained or not partners or any(partner.person is None for partner in partners):
        log("Yearly report 2021/22 left as a draft: its checklist or lead partners are not complete")
        return
    started = timezone.make_aware(SIGN_OFF_STARTED)
    sign_off = ReportSignOff.objects.create(
        year=DEMO_YEAR, state=ReportSignOff.State.AWAITING, round=1, started_by=manager, started_at=started
    )
    SignOffDecision.objects.create(
        sign_off=sign_off,
        lead_partner=partners[0],
        round=1,
        decision=SignOffDecision.Decision.APPROVED,
        comment="A clear account of the year. Approved for the local authority.",
        decided_by=partners[0].person,
        decided_at=timezone.make_aware(FIRST_APPROVAL),
    )
    log("Yearly report 2021/22 awaiting sign-off, approved by 1 of 3 lead partners")


def load(log) -> None:
    added = 0
    for chapter in OutlineChapter.objects.filter(slug__in=CHAPTER_TEXTS, has_narrative=True):
        _, created = NarrativeBlock.objects.get_or_create(
            year=DEMO_YEAR, chapter=chapter, defaults={"text": CHAPTER_TEXTS[chapter.slug]}
        )
        added += created
    total = NarrativeBlock.objects.filter(year=DEMO_YEAR).count()
    log(f"{total} yearly report narrative texts for 2021/22 ({added} new)")
    added = _load_lead_partners()
    log(f"{LeadPartner.objects.count()} lead partners ({added} new)")
    _load_sign_off(log)
