"""The partnership's own part of the yearly report: who the partners are, and the vision and values.

Registered in ``CoreConfig.ready()`` with ``registry.register_report_sections("core", ...)``.
Agencies are not dated, so the partner list is the partnership as it is now; the counts carry
no year-before value.
"""

from __future__ import annotations

from hub.core.models import Agency, PartnershipSettings
from hub.core.periods import FinancialYear
from hub.core.reporting import Figure, ReportSection, Table


def _year(year: FinancialYear | str) -> FinancialYear:
    return year if isinstance(year, FinancialYear) else FinancialYear.parse(year)


def partners_section() -> ReportSection:
    agencies = list(Agency.objects.filter(is_active=True).order_by("name"))
    statutory = [agency for agency in agencies if agency.is_statutory_partner]
    relevant = [agency for agency in agencies if not agency.is_statutory_partner]
    return ReportSection(
        title="The safeguarding partners and relevant agencies",
        slug="core.partners",
        figures=[
            Figure("Statutory safeguarding partners", len(statutory)),
            Figure("Relevant agencies working with the partners", len(relevant)),
        ],
        tables=[
            Table(
                caption="The statutory safeguarding partners",
                headers=["Partner", "Sector"],
                rows=[[agency.name, agency.get_sector_display()] for agency in statutory],
                slug="statutory-partners",
            ),
            Table(
                caption="Relevant agencies",
                headers=["Agency", "Sector"],
                rows=[[agency.name, agency.get_sector_display()] for agency in relevant],
                slug="relevant-agencies",
            ),
        ],
        narrative_slots=["Introduction by the statutory partners"],
    )


def vision_section() -> ReportSection | None:
    settings = PartnershipSettings.load()
    statements = []
    if settings.vision.strip():
        statements.append(settings.vision.strip())
    if settings.values.strip():
        statements.append(f"Our values: {settings.values.strip()}")
    if not statements:
        return None
    return ReportSection(title="Our vision and values", slug="core.vision", statements=statements)


def report_sections(year: FinancialYear | str) -> list[ReportSection]:
    """The core part of the yearly report (``registry.register_report_sections``)."""
    _year(year)
    return [section for section in (vision_section(), partners_section()) if section is not None]
