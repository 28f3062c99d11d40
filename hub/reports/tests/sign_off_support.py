"""What the sign-off, publication and sending tests share: three lead partners, a report awaiting
their sign-off, and a tiny PDF in place of the real one (fixtures in conftest.py)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from hub.core import roles
from hub.core.periods import FinancialYear
from hub.reports.models import LeadPartner, ReportSignOff, SignOffDecision
from hub.testing import make_agency, make_user

YEAR = FinancialYear(2021)


def tiny_pdf() -> bytes:
    """A real one-page PDF, made in a moment: the tests that publish do not need the report's own."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@dataclass
class Leads:
    local_authority: LeadPartner
    police: LeadPartner
    health: LeadPartner

    @property
    def all(self) -> list[LeadPartner]:
        return [self.local_authority, self.police, self.health]


def make_leads() -> Leads:
    """Three lead partners, each an executive of their own agency (not the executive persona)."""
    rows = []
    for order, (name, title, email) in enumerate(
        [
            ("County Council", "Director of Children's Services, County Council", "dcs@example.org"),
            ("Constabulary", "Chief Constable, Constabulary", "chief@example.org"),
            ("Care Board", "Chief Nurse, Care Board", "nurse@example.org"),
        ],
        start=1,
    ):
        agency = make_agency(name)
        person = make_user(email, agency=agency, roles_=(roles.EXECUTIVE,))
        rows.append(LeadPartner.objects.create(order=order, role_title=title, agency=agency, person=person))
    return Leads(*rows)


def awaiting(leads: Leads, *, approved_by: tuple[LeadPartner, ...] = ()) -> ReportSignOff:
    """The year's report awaiting sign-off in round 1, approved by ``approved_by``."""
    sign_off = ReportSignOff.objects.create(year=YEAR.start_year, state=ReportSignOff.State.AWAITING, round=1)
    for partner in approved_by:
        SignOffDecision.objects.create(
            sign_off=sign_off,
            lead_partner=partner,
            round=1,
            decision=SignOffDecision.Decision.APPROVED,
            decided_by=partner.person,
        )
    return sign_off
