"""Builders for governance tests."""

from __future__ import annotations

import io
import itertools
import zipfile
from datetime import date, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hub.core import roles
from hub.core.models import Agency, Theme
from hub.governance.models import Group, Meeting, Membership
from hub.testing import make_agency, make_user

_counter = itertools.count(1)


def make_group(name: str | None = None, **fields) -> Group:
    number = next(_counter)
    name = name or f"Test Group {number}"
    fields.setdefault("slug", f"test-group-{number}")
    fields.setdefault("purpose", f"The purpose of {name}.")
    return Group.objects.create(name=name, **fields)


def make_membership(group: Group, person, *, role=Membership.Role.MEMBER, started_on=date(2020, 1, 1), **fields):
    fields.setdefault("agency", person.agency)
    return Membership.objects.create(group=group, person=person, role=role, started_on=started_on, **fields)


def make_meeting(group: Group, *, starts_at: datetime | None = None, hours: int = 2, **fields) -> Meeting:
    starts_at = starts_at or timezone.now() + timedelta(days=7)
    fields.setdefault("mode", Meeting.Mode.TEAMS)
    fields.setdefault("joining_link", "https://teams.microsoft.com/l/meetup-join/test")
    return Meeting.objects.create(
        group=group, starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours), **fields
    )


# Files ------------------------------------------------------------------------------------------


def pdf_bytes() -> bytes:
    from hub.governance.demo import _minimal_pdf

    return _minimal_pdf("Test paper")


def ooxml_bytes(part: str = "word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<document/>")
    return buffer.getvalue()


def odf_bytes(mimetype: str = "application/vnd.oasis.opendocument.text") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


# Demo prerequisites (what core's demo loader provides) ---------------------------------------

DEMO_AGENCIES = {
    "dcc": ("Durham County Council", Agency.Sector.LOCAL_AUTHORITY),
    "police": ("Durham Constabulary", Agency.Sector.POLICE),
    "icb": ("North East and North Cumbria Integrated Care Board", Agency.Sector.HEALTH),
    "cddft": ("County Durham and Darlington NHS Foundation Trust", Agency.Sector.HEALTH),
    "tewv": ("Tees, Esk and Wear Valleys NHS Foundation Trust", Agency.Sector.HEALTH),
    "hdft": ("Harrogate and District NHS Foundation Trust", Agency.Sector.HEALTH),
    "probation": ("Durham and Darlington Probation Service", Agency.Sector.CRIMINAL_JUSTICE),
}

DEMO_PEOPLE = (
    ("alex.morgan", "dcc", (roles.BUSINESS_UNIT,)),
    ("sam.patel", "dcc", (roles.BUSINESS_UNIT,)),
    ("jordan.reid", "dcc", (roles.BUSINESS_UNIT, roles.TRAINER)),
    ("chris.hughes", "dcc", (roles.PRACTITIONER,)),
    ("priya.shah", "dcc", (roles.LINE_MANAGER, roles.PRACTITIONER)),
    ("dan.walsh", "police", ()),
    ("helen.carter", "icb", ()),
    ("mark.ellis", "dcc", (roles.EXECUTIVE,)),
    ("ruth.okafor", "police", (roles.EXECUTIVE,)),
    ("ian.bell", "icb", (roles.EXECUTIVE,)),
    ("grace.turner", None, (roles.SCRUTINEER,)),
    ("tom.fraser", "cddft", (roles.REVIEWS_PANEL,)),
    ("nina.kaur", "cddft", (roles.CDOP_PANEL,)),
    ("lee.harper", "tewv", (roles.TRAINER,)),
    ("beth.lloyd", "tewv", (roles.PRACTITIONER,)),
)


def make_demo_prerequisites() -> dict:
    """The agencies, themes and people core's demo loader creates, made with the test helpers."""
    agencies = {
        code: make_agency(name, short_code=code, sector=sector) for code, (name, sector) in DEMO_AGENCIES.items()
    }
    for slug, name in (
        ("harmful-sexual-behaviour", "Harmful sexual behaviour"),
        ("neglect", "Neglect"),
        ("child-exploitation", "Child exploitation"),
        ("voice-of-the-child", "Voice and lived experience of the child"),
        ("signs-of-safety", "Signs of Safety"),
    ):
        Theme.objects.create(slug=slug, name=name)
    people = {}
    for local, code, role_slugs in DEMO_PEOPLE:
        first, last = local.split(".")
        agency = agencies[code] if code else None
        grants = list(role_slugs)
        if local == "dan.walsh":
            grants = [(roles.SPOC, agency)]
        if local == "helen.carter":
            grants = [(roles.SPOC, agency)]
        people[local] = make_user(
            f"{local}@demo.example.org",
            agency=agency,
            roles_=tuple(grants),
            first_name=first.capitalize(),
            last_name=last.capitalize(),
        )
    return {"agencies": agencies, "people": people}
