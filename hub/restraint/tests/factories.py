"""Records the restraint tests build: the lists, a home, its staff, reviewers and incidents."""

from __future__ import annotations

from datetime import datetime
from itertools import count

from django.utils import timezone

from hub.core import roles
from hub.core.models import Agency
from hub.restraint.models import Incident, Location, Reason, Technique
from hub.testing import make_agency, make_user

_numbers = count(1)


def make_lists() -> tuple[Technique, Reason, Location]:
    technique, _ = Technique.objects.get_or_create(name="Two-person escort")
    Technique.objects.get_or_create(name="Standing hold", defaults={"order": 1})
    reason, _ = Reason.objects.get_or_create(name="Risk of harm to others")
    location, _ = Location.objects.get_or_create(name="Corridor")
    return technique, reason, location


def make_home(name: str = "Secure Centre", code: str = "secure") -> Agency:
    return Agency.objects.filter(short_code=code).first() or make_agency(
        name, short_code=code, sector=Agency.Sector.LOCAL_AUTHORITY
    )


def make_recorder(home: Agency, email: str = "home.staff@example.org"):
    return make_user(email, agency=home, roles_=((roles.RESTRAINT_RECORDER, home),))


def make_reviewer(email: str = "reviewer@example.org"):
    return make_user(email, roles_=(roles.RESTRAINT_REVIEWER,))


def make_incident(
    home: Agency,
    *,
    when: datetime | None = None,
    injury: int = 0,
    cctv: bool = True,
    reference: str | None = None,
    young_person: str = "YP-0001",
    techniques=None,
) -> Incident:
    technique, reason, location = make_lists()
    incident = Incident.objects.create(
        home=home,
        home_reference=reference or f"INC-{next(_numbers):05d}",
        occurred_at=when or timezone.make_aware(datetime(2022, 3, 14, 15, 30)),
        young_person=young_person,
        age_band="13-14",
        location=location,
        reason=reason,
        duration_minutes=4,
        staff_involved=2,
        injury=injury,
        staff_injury="none",
        debrief_held=True,
        cctv_available=cctv,
        management_review="completed",
        management_review_on=(when or timezone.make_aware(datetime(2022, 3, 14))).date(),
    )
    incident.techniques.set(techniques or [technique])
    return incident
