"""The restraint part of the demo partnership: four years of incidents at the secure centre and
monthly CCTV scrutiny sessions.

2021/22 is the seed's year exactly: 408 incidents, 291 (71%) with no injury and 117 with injury,
112 of them (96%) at level 1, four at level 2 and one at level 3. The three years before are
plausible history. Everything is generated from fixed seeds, so every run makes the same records,
and nothing is written when the records are already there. Young people's references are
fictional pseudonyms (YP-0001...).
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from hub.core.demo import DEMO_EMAIL_DOMAIN
from hub.core.models import Agency, User
from hub.core.periods import FinancialYear
from hub.core.services import create_action
from hub.restraint import sampling
from hub.restraint.figures import in_period, month_end, months
from hub.restraint.models import (
    AgeBand,
    CctvReview,
    Conclusion,
    Incident,
    Location,
    ManagementReview,
    Reason,
    Sample,
    SampleItem,
    ScrutinySession,
    StaffInjury,
    Technique,
)

HOME = "aycliffe"
TECHNIQUES = (
    ("Single-person escort", "One member of staff guides the young person by the arm."),
    ("Two-person escort", "Two members of staff guide the young person, one on each side."),
    ("Standing hold", "The young person is held upright by two or more staff."),
    ("Seated hold", "The young person is held while seated, usually on a bean bag or sofa."),
    ("Kneeling hold", "Staff kneel beside the young person, who is held kneeling."),
    ("Ground recovery hold", "The young person is held on the ground; used only when other holds fail."),
)
REASONS = (
    "Risk of harm to self",
    "Risk of harm to others",
    "Serious damage to property",
    "Attempting to leave the secure area",
    "Preventing a serious offence",
)
LOCATIONS = ("Bedroom", "Corridor", "Education block", "Dining room", "Lounge", "Outdoor area", "Admissions")

# Incidents and injuries (none, level 1, 2, 3) per year: 2021/22 is the seed's.
YEARS = {
    2018: (452, (309, 133, 8, 2)),
    2019: (437, (305, 124, 7, 1)),
    2020: (389, (272, 111, 6, 0)),
    2021: (408, (291, 112, 4, 1)),
}
# How the year's incidents spread over April to March (relative weights).
MONTH_WEIGHTS = (8, 9, 8, 7, 9, 9, 8, 8, 7, 9, 9, 9)
SAMPLE_SIZE = 6


def _weekday_time(rng: random.Random) -> time:
    # Incidents cluster in the late afternoon and evening, as in most secure homes.
    hour = rng.choices(range(7, 24), weights=[1, 2, 3, 3, 3, 4, 4, 5, 6, 7, 8, 8, 7, 6, 4, 3, 2])[0]
    return time(hour, rng.randrange(0, 60))


def _spread(total: int, rng: random.Random) -> list[int]:
    weights = [weight + rng.uniform(-1.5, 1.5) for weight in MONTH_WEIGHTS]
    scale = total / sum(weights)
    counts = [int(weight * scale) for weight in weights]
    for index in sorted(range(12), key=lambda i: weights[i] * scale - counts[i], reverse=True)[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _lists() -> tuple[dict, dict, dict]:
    techniques, reasons, locations = {}, {}, {}
    for order, (name, description) in enumerate(TECHNIQUES):
        techniques[name], _ = Technique.objects.get_or_create(
            name=name, defaults={"description": description, "order": order}
        )
    for order, name in enumerate(REASONS):
        reasons[name], _ = Reason.objects.get_or_create(name=name, defaults={"order": order})
    for order, name in enumerate(LOCATIONS):
        locations[name], _ = Location.objects.get_or_create(name=name, defaults={"order": order})
    return techniques, reasons, locations


def _incidents(home: Agency, recorder: User | None, techniques: dict, reasons: dict, locations: dict) -> int:
    if Incident.objects.filter(home=home, home_reference__startswith="ASC-").exists():
        return 0
    created = 0
    technique_list = list(techniques.values())
    for start_year, (total, levels) in YEARS.items():
        rng = random.Random(f"restraint-{start_year}")
        year = FinancialYear(start_year)
        injuries = [level for level, count in enumerate(levels) for _ in range(count)]
        rng.shuffle(injuries)
        # About 70 young people pass through the centre in a year; a few are restrained often, some
        # once or twice, and some never.
        people = [f"YP-{start_year % 100:02d}{number:02d}" for number in range(1, 71)]
        weights = [14 if number < 4 else 5 if number < 14 else 1.2 if number < 50 else 0.15 for number in range(70)]
        ages = {person: rng.choice(AgeBand.values) for person in people}
        moments = []
        for month, count in zip(months(year.start, year.end), _spread(total, rng), strict=True):
            last_day = month_end(month).day
            for _ in range(count):
                day = month.replace(day=rng.randint(1, last_day))
                moments.append(timezone.make_aware(datetime.combine(day, _weekday_time(rng))))
        moments.sort()
        rows, links = [], []
        for number, (occurred_at, injury) in enumerate(zip(moments, injuries, strict=True), start=1):
            person = rng.choices(people, weights=weights)[0]
            reviewed_on = timezone.localtime(occurred_at).date() + timedelta(days=rng.randint(1, 4))
            rows.append(
                Incident(
                    home=home,
                    home_reference=f"ASC-{start_year}-{number:04d}",
                    occurred_at=occurred_at,
                    young_person=person,
                    age_band=ages[person],
                    location=rng.choice(list(locations.values())),
                    reason=rng.choices(list(reasons.values()), weights=[4, 6, 2, 1, 1])[0],
                    duration_minutes=rng.choice([1, 2, 2, 3, 3, 4, 5, 6, 8, 10, 12, 15, 20]),
                    staff_involved=rng.choice([2, 2, 2, 3, 3, 4]),
                    injury=injury,
                    staff_injury=rng.choices(StaffInjury.values, weights=[88, 11, 1])[0],
                    debrief_held=rng.random() < 0.93,
                    cctv_available=injury >= 2 or rng.random() < 0.95,
                    management_review=ManagementReview.COMPLETED,
                    management_review_on=reviewed_on,
                    recorded_by=recorder,
                )
            )
        Incident.objects.bulk_create(rows)
        saved = {
            incident.home_reference: incident
            for incident in Incident.objects.filter(home=home, home_reference__startswith=f"ASC-{start_year}-")
        }
        through = Incident.techniques.through
        for reference in sorted(saved):
            incident = saved[reference]
            chosen = {technique_list[0] if rng.random() < 0.45 else technique_list[1]}
            if rng.random() < 0.5:
                chosen.add(rng.choices(technique_list[2:], weights=[6, 4, 2, 1])[0])
            links.extend(through(incident_id=incident.pk, technique_id=technique.pk) for technique in chosen)
        through.objects.bulk_create(links)
        # Recorded within the hour, as the regulations expect.
        for incident in saved.values():
            Incident.objects.filter(pk=incident.pk).update(recorded_at=incident.occurred_at + timedelta(minutes=45))
        created += len(rows)
    return created


CONCERNS = (
    (
        "The hold continued for some minutes after the young person had calmed.",
        "Staff to recognise the point at which a hold should be released; the home will use this footage in "
        "refresher training.",
        "Use the reviewed footage in the next restraint refresher training on releasing holds",
    ),
    (
        "Staff moved to a hold before trying to talk the young person down in the corridor.",
        "Verbal de-escalation should come first wherever it is safe; the night team has fewer staff trained in it.",
        "Refresh de-escalation training for the night staff team",
    ),
)


def _sessions(home: Agency, reviewer: User | None) -> int:
    if ScrutinySession.objects.filter(home=home).exists():
        return 0
    created = 0
    first_month = FinancialYear(min(YEARS)).start
    last_month = FinancialYear(max(YEARS)).end
    month_list = months(first_month, last_month)
    for index, month in enumerate(month_list):
        held_on = month_end(month) + timedelta(days=12)
        latest = index == len(month_list) - 1
        session = ScrutinySession.objects.create(
            home=home,
            held_on=held_on,
            period_start=month,
            period_end=month_end(month),
            reviewers="Partnership quality assurance officer\nIndependent scrutiny panel member",
            home_manager="Deputy manager",
            created_by=reviewer,
        )
        candidates = list(
            in_period(Incident.objects.filter(home=home, cctv_available=True), month, month_end(month)).order_by(
                "home_reference"
            )
        )
        seed = hashlib.sha256(f"demo-sample-{month:%Y-%m}".encode()).hexdigest()[:32]
        drawn_at = timezone.make_aware(datetime.combine(held_on - timedelta(days=7), time(9, 30)))
        sample = Sample.objects.create(
            session=session,
            drawn_at=drawn_at,
            drawn_by=reviewer,
            method=sampling.METHOD,
            seed=seed,
            size=SAMPLE_SIZE,
            always_include_from_level=2,
            only_with_cctv=True,
            period_start=month,
            period_end=month_end(month),
            population_count=len(candidates),
            population_digest=sampling.population_digest(incident.home_reference for incident in candidates),
        )
        by_reference = {incident.home_reference: incident for incident in candidates}
        drawn = sampling.draw(
            [sampling.Candidate(incident.home_reference, incident.injury) for incident in candidates],
            size=SAMPLE_SIZE,
            seed=seed,
            always_include_from_level=2,
        )
        items = SampleItem.objects.bulk_create(
            SampleItem(
                sample=sample,
                incident=by_reference[item.reference],
                position=position,
                because=item.because,
                rank=item.rank,
            )
            for position, item in enumerate(drawn, start=1)
        )
        rng = random.Random(f"restraint-review-{month:%Y-%m}")
        concerns_at = 2 if month.month in (7, 1) else None
        reviewed = items[:2] if latest else items
        for position, item in enumerate(reviewed):
            concern = CONCERNS[month.month % 2] if position == concerns_at else None
            review = CctvReview.objects.create(
                item=item,
                lawful=Conclusion.YES,
                necessary=Conclusion.YES,
                proportionate=Conclusion.CONCERNS if concern else Conclusion.YES,
                circumstances=rng.choice(
                    (
                        "Escalating distress after a phone call; staff tried distraction and offered space first.",
                        "A dispute between two young people in the lounge became physical.",
                        "The young person tried to climb the outdoor fence after a visit was cancelled.",
                        "Refusal to return to the bedroom at night, then an attempt to hit a member of staff.",
                    )
                ),
                restraint=concern[0]
                if concern
                else "The hold used was the least restrictive that would work and was released promptly.",
                afterwards="A debrief with the young person took place the next morning; their view was recorded.",
                learning=concern[1] if concern else "",
                reviewed_by=reviewer,
                reviewed_at=drawn_at + timedelta(days=7, hours=2),
            )
            if concern and reviewer is not None and month.year >= 2021:
                create_action(
                    actor=reviewer,
                    title=concern[2],
                    description="Raised at the CCTV scrutiny session.",
                    owner_agency=home,
                    due_on=held_on + timedelta(days=90),
                    source=review,
                    source_label=review.source_label,
                )
        if not latest:
            with_concerns = 1 if concerns_at is not None and len(items) > concerns_at else 0
            session.status = ScrutinySession.Status.COMPLETED
            session.summary = f"{len(items)} incidents from {month:%B %Y} reviewed with the deputy manager. " + (
                "All were lawful and necessary; the reviewers raised a concern about proportionality in one, "
                "and the home agreed an action."
                if with_concerns
                else "All were lawful, necessary and proportionate, with good debriefs recorded."
            )
            session.save(update_fields=["status", "summary"])
        created += 1
    return created


def load(log) -> None:
    home = Agency.objects.filter(short_code=HOME).first()
    if home is None:
        log("Restraint: no secure home in the demo agencies; skipped")
        return
    recorder = User.objects.filter(email=f"kim.dobson@{DEMO_EMAIL_DOMAIN}").first()
    reviewer = User.objects.filter(email=f"olivia.grant@{DEMO_EMAIL_DOMAIN}").first()
    with transaction.atomic():
        techniques, reasons, locations = _lists()
        incidents = _incidents(home, recorder, techniques, reasons, locations)
        sessions = _sessions(home, reviewer)
    log(
        f"{Incident.objects.filter(home=home).count()} restraint incidents ({incidents} new), "
        f"{ScrutinySession.objects.filter(home=home).count()} scrutiny sessions ({sessions} new)"
    )
