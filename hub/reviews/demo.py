"""The demo partnership's case reviews, as the 2021/22 yearly report describes them.

Three rapid reviews in 2021/22: one progressed to a learning review (with a learning event for
practitioners and recommendations on the action tracker); in one the criteria for a local review
were met but all the learning had been identified at the rapid review; in the third the learning
was identified in the rapid review. Six serious case reviews from before 2018 were concluded and
published during the year. Every reference, date and text is fictional and identifies nobody.
Loading twice writes nothing new.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from hub.core.demo import DEMO_EMAIL_DOMAIN
from hub.core.models import Action, Agency, Theme, User
from hub.core.services import create_action
from hub.reviews.models import (
    ChildDeath,
    LearningEvent,
    MonitoringCheck,
    NationalReview,
    Notification,
    PracticeReview,
    RapidReview,
    Recommendation,
    SummaryRequest,
)

RAPID_REVIEWS = (
    {
        "reference": "DSCP-RR-2021-01",
        "harm": Notification.Harm.SERIOUSLY_HARMED,
        "incident_on": date(2021, 5, 14),
        "became_aware_on": date(2021, 5, 17),
        "agency": "dcc",
        "summary": "A baby under one year old was admitted to hospital with injuries that were not explained. "
        "The family were known to early help services.",
        "notified_panel_on": date(2021, 5, 21),
        "summaries": (
            ("dcc", "Early help worked with the family for four months; the father was not seen at any visit."),
            ("police", "No previous police contact with the household."),
            ("cddft", "Health visiting contacts were completed; the mother's low mood was recorded but not shared."),
        ),
        "meeting_on": date(2021, 6, 2),
        "decision": RapidReview.Decision.LEARNING_REVIEW,
        "rationale": "The criteria for a local review are not met, but the involvement of fathers and men in the "
        "household is a recurring theme that practitioners should explore together in a learning review.",
        "decided_on": date(2021, 6, 4),
        "submitted_to_panel_on": date(2021, 6, 7),
        "decision_notified_on": date(2021, 6, 9),
        "panel_responded_on": date(2021, 6, 28),
        "panel_response": "The panel agreed with the decision and noted the links with its national review of "
        "non-accidental injury in babies.",
    },
    {
        "reference": "DSCP-RR-2021-02",
        "harm": Notification.Harm.SERIOUSLY_HARMED,
        "incident_on": date(2021, 10, 3),
        "became_aware_on": date(2021, 10, 4),
        "agency": "police",
        "summary": "A teenager was seriously harmed after being criminally exploited outside the county.",
        "notified_panel_on": date(2021, 10, 8),
        "summaries": (
            ("dcc", "Known to the exploitation team for six months; a return interview was missed."),
            ("police", "Three missing episodes in the previous quarter, each followed up."),
            ("education", "Attendance fell below 50% in the autumn term."),
        ),
        "meeting_on": date(2021, 10, 19),
        "decision": RapidReview.Decision.NO_LOCAL_REVIEW,
        "rationale": "The criteria for a local child safeguarding practice review are met, but all the learning "
        "about transitions and contextual safeguarding was identified at this rapid review, so a further review "
        "would add nothing. The actions join the exploitation improvement plan.",
        "decided_on": date(2021, 10, 22),
        "submitted_to_panel_on": date(2021, 10, 22),
        "decision_notified_on": date(2021, 10, 26),
        "panel_responded_on": date(2021, 11, 15),
        "panel_response": "The panel agreed that a local review would not add to the learning already identified.",
    },
    {
        "reference": "DSCP-RR-2022-01",
        "harm": Notification.Harm.DIED,
        "incident_on": date(2022, 1, 28),
        "became_aware_on": date(2022, 1, 31),
        "agency": "dcc",
        "summary": "A young person died; neglect over a long period was suspected.",
        "notified_panel_on": date(2022, 2, 4),
        "summaries": (
            ("dcc", "The family had a child in need plan twice in three years."),
            ("tewv", "The young person was on the waiting list for a mental health assessment."),
        ),
        "meeting_on": date(2022, 2, 16),
        "decision": RapidReview.Decision.NO_LOCAL_REVIEW,
        "rationale": "The learning about teenage neglect and waiting lists was identified at the rapid review "
        "and is taken forward through the neglect strategy.",
        "decided_on": date(2022, 2, 18),
        "submitted_to_panel_on": date(2022, 2, 21),
        "decision_notified_on": date(2022, 2, 24),
        "panel_responded_on": date(2022, 3, 14),
        "panel_response": "The panel agreed with the decision.",
    },
)

SERIOUS_CASE_REVIEWS = (
    ("DSCP-SCR-2017-03", "Child D", date(2017, 11, 20), date(2021, 6, 30), "cumulative-harm"),
    ("DSCP-SCR-2017-05", "Siblings F and G", date(2018, 1, 15), date(2021, 7, 28), "cumulative-harm"),
    ("DSCP-SCR-2018-01", "Child K", date(2018, 3, 12), date(2021, 9, 15), "voice-of-the-child"),
    ("DSCP-SCR-2018-02", "Young person L", date(2018, 4, 30), date(2021, 11, 24), "management-decision-making"),
    ("DSCP-SCR-2018-04", "Child M", date(2018, 5, 21), date(2022, 1, 19), "voice-of-the-child"),
    ("DSCP-SCR-2018-05", "Child P", date(2018, 6, 18), date(2022, 3, 16), "management-decision-making"),
)


def load(log) -> None:
    agencies = {agency.short_code: agency for agency in Agency.objects.all()}
    if "dcc" not in agencies:
        log("Case reviews: no demo agencies; skipped")
        return
    panel = User.objects.filter(email=f"tom.fraser@{DEMO_EMAIL_DOMAIN}").first()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    created = 0
    with transaction.atomic():
        for data in RAPID_REVIEWS:
            created += _rapid_review(data, agencies, panel, themes)
        for reference, title, decided_on, published_on, theme in SERIOUS_CASE_REVIEWS:
            if PracticeReview.objects.filter(reference=reference).exists():
                continue
            review = PracticeReview.objects.create(
                reference=reference,
                kind=PracticeReview.Kind.SERIOUS_CASE,
                title=title,
                decided_on=decided_on,
                stage=PracticeReview.Stage.PUBLISHED,
                reviewer="Independent reviewer",
                final_report_on=published_on.replace(day=1),
                sent_to_panel_on=published_on.replace(day=1),
                published_on=published_on,
                published_url=f"https://www.durham-scp.org.uk/reviews/{reference.lower()}/",
                summary="Concluded and published during the move from serious case reviews to child safeguarding "
                "practice reviews.",
            )
            if theme in themes:
                review.themes.add(themes[theme])
            created += 1
        created += _national_reviews(agencies, panel, themes)
        created += _child_deaths(agencies, panel)
    log(
        f"{Notification.objects.count()} serious incident notifications, {PracticeReview.objects.count()} practice "
        f"reviews, {NationalReview.objects.count()} national reviews, {ChildDeath.objects.count()} child deaths "
        f"({created} new)"
    )


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _rapid_review(data: dict, agencies: dict, panel, themes) -> int:
    if Notification.objects.filter(reference=data["reference"]).exists():
        return 0
    notification = Notification.objects.create(
        reference=data["reference"],
        harm=data["harm"],
        incident_on=data["incident_on"],
        became_aware_on=data["became_aware_on"],
        notifying_agency=agencies[data["agency"]],
        summary=data["summary"],
        notified_panel_on=data["notified_panel_on"],
        panel_reference=f"CSPRP-{data['reference'][-7:]}",
        partners_told_on=data["notified_panel_on"],
        created_by=panel,
    )
    rapid_review = RapidReview.objects.create(
        notification=notification,
        meeting_on=data["meeting_on"],
        decision=data["decision"],
        rationale=data["rationale"],
        decided_on=data["decided_on"],
        decided_by=panel,
        submitted_to_panel_on=data["submitted_to_panel_on"],
        decision_notified_on=data["decision_notified_on"],
        panel_responded_on=data["panel_responded_on"],
        panel_response=data["panel_response"],
    )
    for short_code, involvement in data["summaries"]:
        if short_code not in agencies:
            continue
        SummaryRequest.objects.create(
            rapid_review=rapid_review,
            agency=agencies[short_code],
            due_on=data["meeting_on"],
            requested_by=panel,
            involvement=involvement,
            completed_at=_at(data["meeting_on"]),
        )
    if data["decision"] == RapidReview.Decision.LEARNING_REVIEW:
        _learning_review(rapid_review, agencies, panel, themes)
    return 1


def _learning_review(rapid_review: RapidReview, agencies: dict, panel, themes) -> None:
    review = PracticeReview.objects.create(
        reference="DSCP-LR-2021-01",
        kind=PracticeReview.Kind.LEARNING,
        title="Baby A: the men in the household",
        rapid_review=rapid_review,
        decided_on=rapid_review.decided_on,
        stage=PracticeReview.Stage.PUBLISHED,
        terms_of_reference="How did agencies find out about, and work with, the adult men in the baby's life?",
        reviewer="Independent reviewer with the DSCP business unit",
        reviewer_commissioned_on=date(2021, 6, 21),
        draft_received_on=date(2021, 10, 1),
        final_report_on=date(2021, 11, 5),
        sent_to_panel_on=date(2021, 11, 12),
        publication_planned_on=date(2021, 11, 30),
        published_on=date(2021, 11, 30),
        published_url="https://www.durham-scp.org.uk/reviews/dscp-lr-2021-01/",
        summary="Fathers and other men in the household were not seen or assessed; information about the mother's "
        "low mood was not shared between health and early help.",
    )
    for slug in ("voice-of-the-child", "cumulative-harm"):
        if slug in themes:
            review.themes.add(themes[slug])
    MonitoringCheck.objects.create(
        review=review,
        checked_on=date(2021, 8, 10),
        timeliness=MonitoringCheck.OnTrack.YES,
        quality="Practitioner conversations held with every agency; the chronology is complete.",
        recorded_by=panel,
    )
    MonitoringCheck.objects.create(
        review=review,
        checked_on=date(2021, 10, 12),
        timeliness=MonitoringCheck.OnTrack.YES,
        quality="The draft answers the terms of reference; the analysis of information sharing needs more depth.",
        requested_draft=True,
        recorded_by=panel,
    )
    event = LearningEvent.objects.create(
        review=review,
        held_on=date(2022, 1, 20),
        title="Seeing the whole household: learning event",
        practitioners=46,
        notes="Practitioners from health visiting, early help, police and midwifery discussed the learning.",
    )
    event.agencies.set([agencies[code] for code in ("dcc", "police", "cddft") if code in agencies])
    owners = ("dcc", "cddft")
    texts = (
        "Every early help assessment records who lives in the household and who visits, and sees them.",
        "Health visitors share concerns about a parent's mental health with the early help worker.",
    )
    for number, (text, owner) in enumerate(zip(texts, owners, strict=True), start=1):
        recommendation = Recommendation.objects.create(review=review, number=number, text=text)
        action = create_action(
            actor=panel,
            title=text,
            owner_agency=agencies[owner],
            due_on=date(2022, 6, 30),
            source=review,
            source_label=recommendation.source_label,
        )
        if number == 1:
            Action.objects.filter(pk=action.pk).update(status=Action.Status.COMPLETED, completed_on=date(2022, 5, 31))
        recommendation.action = action
        recommendation.save(update_fields=["action"])


def _national_reviews(agencies: dict, panel, themes) -> int:
    title = "The myth of invisible men: safeguarding children under 1 from non-accidental injury caused by male carers"
    if NationalReview.objects.filter(title=title).exists():
        return 0
    review = NationalReview.objects.create(
        title=title,
        published_on=date(2021, 9, 15),
        url="https://www.gov.uk/government/publications/safeguarding-children-under-1-year-old-from-non-accidental-injury",
        summary="Men in babies' lives are often unseen by services; practice needs to know who they are, engage them "
        "and assess the risks and strengths they bring.",
        local_response="Early help and health visiting assessments now record every adult in the household; the "
        "learning from our own learning review on the same theme was shared at joint events, and informed the "
        "teenage neglect and transitions work of the Asset team.",
        responded_on=date(2021, 12, 8),
    )
    for slug in ("voice-of-the-child", "cumulative-harm"):
        if slug in themes:
            review.themes.add(themes[slug])
    if "dcc" in agencies:
        create_action(
            actor=panel,
            title="Add 'who else lives here or visits' to the early help assessment",
            owner_agency=agencies["dcc"],
            due_on=date(2022, 3, 31),
            source=review,
            source_label=review.source_label,
        )
    return 1


# Child deaths: 28 reviewed by the panel in 2021/22, and a few still open -------------------------

# (category code, count, modifiable judgement for the first n of them, unexpected for the first m)
DEATH_PATTERN = (
    ("8", 9, 1, 0),
    ("7", 6, 0, 0),
    ("6", 3, 0, 0),
    ("4", 2, 0, 0),
    ("10", 3, 2, 3),
    ("9", 2, 0, 1),
    ("3", 2, 2, 2),
    ("2", 1, 1, 1),
)
OPEN_DEATHS = (
    ("CDOP-2022-031", ChildDeath.Status.WAITING, 5210, True),
    ("CDOP-2022-034", ChildDeath.Status.GATHERING, 40, False),
    ("CDOP-2023-002", ChildDeath.Status.READY_FOR_CDRM, 2900, True),
)
SEXES = (ChildDeath.Sex.MALE, ChildDeath.Sex.FEMALE)
ETHNICITIES = (ChildDeath.Ethnicity.WHITE,) * 8 + (ChildDeath.Ethnicity.ASIAN, ChildDeath.Ethnicity.MIXED)


def _age_days(code: str, number: int) -> int:
    if code == "8":
        return 1 + number * 3  # neonatal
    if code == "10":
        return 60 + number * 45  # sudden unexpected deaths in infancy
    if code in ("2", "3"):
        return 5500 + number * 120
    return 400 + number * 530


def _child_deaths(agencies: dict, panel) -> int:
    from hub.reviews.models import DeathAnalysis, DeathCategory, Factor, ReportingRequest, ThematicReview

    if ChildDeath.objects.filter(reference__startswith="CDOP-").exists():
        return 0
    categories = {category.code: category for category in DeathCategory.objects.filter(valid_until__isnull=True)}
    if not categories:
        return 0
    number = 0
    sudden = []
    for code, count, modifiable_count, unexpected_count in DEATH_PATTERN:
        for index in range(count):
            number += 1
            died_on = date(2020, 10, 1) + timedelta(days=number * 11)
            analysed_on = date(2021, 4, 20) + timedelta(days=(number - 1) * 12)
            death = ChildDeath.objects.create(
                reference=f"CDOP-2021-{number:03d}",
                age_days=_age_days(code, index),
                sex=SEXES[number % 2],
                ethnicity=ETHNICITIES[number % len(ETHNICITIES)],
                died_on=died_on,
                place=ChildDeath.Place.HOSPITAL if index % 3 else ChildDeath.Place.HOME,
                unexpected=index < unexpected_count,
                joint_agency_response=index < unexpected_count,
                notified_on=died_on + timedelta(days=1),
                status=ChildDeath.Status.REVIEWED,
                cdrm_on=died_on + timedelta(days=70),
                panel_on=analysed_on,
            )
            modifiable = DeathAnalysis.Modifiable.YES if index < modifiable_count else DeathAnalysis.Modifiable.NO
            analysis = DeathAnalysis.objects.create(
                death=death, category=categories[code], modifiable=modifiable, analysed_on=analysed_on
            )
            if modifiable == DeathAnalysis.Modifiable.YES:
                Factor.objects.create(
                    analysis=analysis,
                    domain=Factor.Domain.FAMILY if code in ("10", "8") else Factor.Domain.SERVICES,
                    description="Unsafe sleeping arrangements"
                    if code == "10"
                    else "Smoking in pregnancy"
                    if code == "8"
                    else "Delay in access to specialist services",
                    grade=Factor.Grade.CONTRIBUTED,
                )
            if code == "10":
                sudden.append(death)
            for short_code in ("cddft", "dcc"):
                if short_code in agencies:
                    ReportingRequest.objects.create(
                        death=death,
                        agency=agencies[short_code],
                        professional_role="Health visitor" if short_code == "cddft" else "Social worker",
                        due_on=died_on + timedelta(days=28),
                        received_on=died_on + timedelta(days=24),
                    )
    for reference, status, age_days, unexpected in OPEN_DEATHS:
        died_on = date(2022, 2, 10) + timedelta(days=len(reference) * 3 + age_days % 40)
        death = ChildDeath.objects.create(
            reference=reference,
            age_days=age_days,
            sex=ChildDeath.Sex.FEMALE,
            ethnicity=ChildDeath.Ethnicity.WHITE,
            died_on=died_on,
            place=ChildDeath.Place.HOSPITAL,
            unexpected=unexpected,
            joint_agency_response=unexpected,
            notified_on=died_on + timedelta(days=1),
            status=status,
        )
        if "dcc" in agencies:
            ReportingRequest.objects.create(
                death=death,
                agency=agencies["dcc"],
                professional_role="Social worker",
                due_on=died_on + timedelta(days=28),
                received_on=None if status == ChildDeath.Status.GATHERING else died_on + timedelta(days=20),
            )
    death = ChildDeath.objects.get(reference="CDOP-2022-031")
    death.set_nhs_number("9990000018")  # in the range never issued to patients
    death.save(update_fields=["nhs_number_encrypted", "nhs_number_last4"])
    theme = ThematicReview.objects.create(
        title="Safer sleep",
        held_on=date(2022, 2, 9),
        findings="Three sudden unexpected infant deaths shared unsafe sleeping arrangements after a change in the "
        "family's routine. The panel recommended safer sleep advice at every health visiting contact and in early "
        "help plans.",
    )
    theme.deaths.set(sudden)
    return number + len(OPEN_DEATHS)
