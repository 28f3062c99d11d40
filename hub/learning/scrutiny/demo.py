"""The independent scrutiny part of the demo partnership.

The scrutiny plans for 2021/22 and 2022/23; the scrutiny panel's review of how effective
Designated Safeguarding Leads in education are (begun near the end of 2021/22, reported to the
executive in September 2022), with actions raised from its recommendations; a challenge log with
open, responded and closed challenges; and the scrutineer's signed-off statement for 2021/22.
The wording is the demo's own. Records are found by natural keys and written only when missing,
so a second run writes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from hub.core.models import Agency, User
from hub.core.services import create_action
from hub.learning.scrutiny import services
from hub.learning.scrutiny.models import Challenge, ScrutinyPlanItem, ScrutinyReview, ScrutinyStatement

DOMAIN = "demo.example.org"
DSL_REVIEW = "Effectiveness of Designated Safeguarding Leads in education"

PLAN = (
    # year, topic, method, start, end, status, linked to the DSL review
    (
        2021,
        "Voice of the child: follow-up of last year's review",
        "Panel review of agency updates",
        date(2021, 6, 1),
        date(2021, 9, 30),
        "completed",
        False,
    ),
    (
        2021,
        DSL_REVIEW,
        "Panel review: questionnaire, focus groups and interviews",
        date(2022, 2, 1),
        date(2022, 8, 31),
        "completed",
        True,
    ),
    (
        2021,
        "Scrutiny of the annual report 2020/21",
        "Reading and challenge by the scrutineer",
        date(2021, 9, 1),
        date(2021, 10, 31),
        "completed",
        False,
    ),
    (
        2022,
        "The new learning model: is it making a difference?",
        "Observation of the new groups and interviews with chairs",
        date(2022, 11, 1),
        date(2023, 3, 31),
        "in-progress",
        False,
    ),
    (
        2022,
        "Scrutiny of the annual report 2021/22",
        "Reading and challenge by the scrutineer",
        date(2022, 9, 1),
        date(2022, 10, 31),
        "completed",
        False,
    ),
    (
        2022,
        "Multi-agency response to harmful sexual behaviour",
        "Panel review of a sample of cases",
        date(2023, 4, 1),
        None,
        "planned",
        False,
    ),
)

REVIEW = {
    "title": DSL_REVIEW,
    "year": 2021,
    "status": ScrutinyReview.Status.REPORTED,
    "purpose": "To seek assurance, or otherwise, that Designated Safeguarding Leads in schools and colleges are "
    "effective in their single-agency role and in multi-agency work to keep children safe.",
    "scope": "Designated Safeguarding Leads and their deputies in primary, secondary and special schools and in "
    "further education colleges across the county.",
    "panel_members": "Independent Chair and Scrutineer\nIndependent member (education background)\n"
    "Independent member (health background)\nIndependent member (community and voluntary sector)",
    "method": "An online questionnaire to every Designated Safeguarding Lead, two focus groups, interviews with "
    "the local authority's education safeguarding team, and a look at the training and supervision on offer.",
    "started_on": date(2022, 2, 7),
    "completed_on": date(2022, 8, 31),
    "findings": "Designated Safeguarding Leads were confident in recognising concerns and knew how to make a "
    "referral. Most valued the domestic abuse notifications from the police and the termly network meetings.\n\n"
    "Fewer were confident about their part in child protection conferences and core groups, and some said "
    "they were not always told the outcome of a referral. Leads in small primary schools often held the role "
    "with a heavy teaching load and little protected time. Few had regular safeguarding supervision.",
    "recommendations": "Offer every Designated Safeguarding Lead safeguarding supervision at least termly.\n"
    "Agree with children's services how schools are told the outcome of a referral.\n"
    "Add a session on taking part in child protection conferences and core groups to the training programme.",
}

CHALLENGES = (
    # summary, to agency, to group, raised, challenge, response, responded, closed, evidence, from the review
    (
        "Domestic abuse notifications to schools at weekends",
        "police",
        "",
        date(2021, 7, 21),
        "Notifications of domestic abuse incidents reach schools more slowly after weekends. What is being done so "
        "that schools know before the start of the school day?",
        "A weekend rota in the safeguarding hub now sends notifications from incidents on Friday to Sunday by 8am "
        "on Monday.",
        date(2021, 9, 15),
        date(2022, 1, 19),
        "Force data reported to the executive in January 2022: 94% of weekend notifications reached schools before "
        "the school day, up from 61%.",
        False,
    ),
    (
        "Outcome of referrals made by schools",
        "dcc",
        "",
        date(2022, 9, 21),
        "The scrutiny panel heard that schools are not always told the outcome of a referral. How will children's "
        "services make sure they are?",
        "The front door team will send the referrer the outcome of every referral from a school within three "
        "working days, starting in November 2022. Compliance will be audited in the new year.",
        date(2022, 10, 28),
        None,
        "",
        True,
    ),
    (
        "Exception reporting shows activity but not impact",
        None,
        "Performance and Learning Group",
        date(2022, 11, 16),
        "The exception reports describe what agencies have done but rarely say what difference it has made to "
        "children. How will the group report impact?",
        "",
        None,
        None,
        "",
        False,
    ),
    (
        "Health attendance at strategy discussions",
        "icb",
        "",
        date(2023, 1, 18),
        "How do you know health practitioners take part in every strategy discussion they are invited to, and what "
        "happens when they cannot?",
        "",
        None,
        None,
        "",
        False,
    ),
)

STATEMENT_2021 = "\n\n".join(
    (
        "I was appointed by the Executive in September 2020 as Independent Chair and Scrutineer, to chair "
        "some of the partnership's meetings and to act as a critical friend in testing how effective its "
        "arrangements are.",
        "In 2021/22 the partners and their staff kept working together to keep children safe through a second "
        "year of the pandemic. My independent review of how the partnership worked led the Executive to agree "
        "a new way of working, with a stronger assurance model and a clearer model for learning, which starts "
        "in September 2022.",
        "I have asked the partnership to focus more on the difference its work makes to children and "
        "families. This report sets out impact against each improvement theme, which is a welcome step.",
        "With three independent members, the scrutiny panel began a review of how effective Designated "
        "Safeguarding Leads in education are, following last year's review of the voice of the child. Its "
        "findings go to the Executive in September 2022. I thank the panel's members for their commitment.",
        "Single-agency inspections of the police and of children's services during the year looked at parts "
        "of multi-agency working and give some further assurance.",
        "In my view the partnership is meeting its statutory duties and will keep improving as the new "
        "arrangements take effect in 2022/23.",
    )
)


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _person(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@{DOMAIN}").first()


def _load_review(scrutineer) -> tuple[ScrutinyReview, bool]:
    review = ScrutinyReview.objects.filter(title=REVIEW["title"], year=REVIEW["year"]).first()
    if review is not None:
        return review, False
    review = ScrutinyReview(created_by=scrutineer, **REVIEW)
    review._history_user = scrutineer
    review.save()
    return review, True


def _load_review_actions(review, scrutineer, agencies) -> None:
    if scrutineer is None or "education" not in agencies or services.actions_from(review).exists():
        return
    for title, due in (
        ("Offer every Designated Safeguarding Lead termly safeguarding supervision", date(2023, 3, 31)),
        (
            "Add a session on child protection conferences to the training for Designated Safeguarding Leads",
            date(2023, 1, 31),
        ),
    ):
        create_action(
            actor=scrutineer,
            title=title,
            description="From the scrutiny panel's review of Designated Safeguarding Leads, September 2022.",
            owner_agency=agencies["education"],
            due_on=due,
            source=review,
            source_label=review.source_label,
        )


def _load_plan(review) -> int:
    written = 0
    for year, topic, method, start, end, status, linked in PLAN:
        _, created = ScrutinyPlanItem.objects.get_or_create(
            year=year,
            topic=topic,
            defaults={
                "method": method,
                "planned_start": start,
                "planned_end": end,
                "status": status,
                "review": review if linked else None,
            },
        )
        written += created
    return written


def _load_challenges(review, scrutineer, agencies) -> int:
    written = 0
    for summary, agency, group, raised, text, response, responded, closed, evidence, from_review in CHALLENGES:
        if Challenge.objects.filter(summary=summary, raised_on=raised).exists():
            continue
        to_agency = agencies.get(agency) if agency else None
        spoc = (
            User.objects.filter(role_assignments__role__slug="spoc", role_assignments__agency=to_agency).first()
            if to_agency
            else None
        )
        status = (
            Challenge.Status.CLOSED if closed else Challenge.Status.RESPONDED if response else Challenge.Status.OPEN
        )
        challenge = Challenge(
            summary=summary,
            challenge=text,
            to_agency=to_agency,
            to_group=group,
            raised_on=raised,
            raised_by=scrutineer,
            review=review if from_review else None,
            response=response,
            responded_on=responded,
            responded_by=spoc or scrutineer if response else None,
            status=status,
            closed_on=closed,
            closure_evidence=evidence,
            closed_by=scrutineer if closed else None,
        )
        challenge._history_user = scrutineer
        challenge.save()
        written += 1
    return written


def _load_statement(scrutineer) -> bool:
    if ScrutinyStatement.objects.filter(year=2021).exists():
        return False
    statement = ScrutinyStatement(
        year=2021,
        text=STATEMENT_2021,
        written_by=scrutineer,
        signed_off_by=scrutineer,
        signed_off_at=_aware(date(2022, 9, 14)),
    )
    statement._history_user = scrutineer
    statement.save()
    return True


def load(log) -> None:
    agencies = {agency.short_code: agency for agency in Agency.objects.all()}
    scrutineer = _person("grace.turner")
    with transaction.atomic():
        review, new_review = _load_review(scrutineer)
        _load_review_actions(review, scrutineer, agencies)
        plan = _load_plan(review)
        challenges = _load_challenges(review, scrutineer, agencies)
        statement = _load_statement(scrutineer)
    log(
        f"{ScrutinyPlanItem.objects.count()} scrutiny plan items ({plan} new), "
        f"{ScrutinyReview.objects.count()} scrutiny reviews ({int(new_review)} new), "
        f"{Challenge.objects.count()} challenges ({challenges} new), statement 2021/22 "
        f"{'added' if statement else 'unchanged'}"
    )
