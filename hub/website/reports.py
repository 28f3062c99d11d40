"""The website's part of the yearly report: 7-minute briefings used and resources downloaded.

Registered with ``registry.register_report_sections("website", report_sections)``. The core
registry defines no section type yet, so each section is a plain dict: ``key``, ``title``,
``figures`` (label and value), ``tables`` (caption, headers, rows) and ``narrative_slots``
(named places for the business unit's text).
"""

from __future__ import annotations

from hub.core.periods import FinancialYear
from hub.website.library import briefing_use_counts, briefing_use_totals, downloads_in_year, most_downloaded_in


def report_sections(year: FinancialYear) -> list[dict]:
    counts = briefing_use_counts(year)
    totals = briefing_use_totals(year)
    downloads = most_downloaded_in(year, limit=10)
    return [
        {
            "key": "website.briefings",
            "title": "7-minute briefings",
            "figures": [
                {"label": "Briefings used", "value": len(counts)},
                {"label": "Times a team used a briefing", "value": totals["uses"]},
                {"label": "Teams that used a briefing", "value": totals["teams"]},
                {"label": "Staff reached", "value": totals["staff"]},
            ],
            "tables": [
                {
                    "caption": f"7-minute briefings used in {year.label}",
                    "headers": ["Briefing", "Times used", "Teams", "Staff reached"],
                    "rows": [[row.briefing.title, row.uses, row.teams, row.staff] for row in counts],
                }
            ],
            "narrative_slots": ["What teams told us about the briefings"],
        },
        {
            "key": "website.downloads",
            "title": "Resource library",
            "figures": [{"label": "Resources downloaded", "value": downloads_in_year(year)}],
            "tables": [
                {
                    "caption": f"Most downloaded resources in {year.label}",
                    "headers": ["Resource", "Type", "Downloads"],
                    "rows": [[page.title, page.get_resource_type_display(), total] for page, total in downloads],
                }
            ],
            "narrative_slots": ["How practitioners used the website"],
        },
    ]
