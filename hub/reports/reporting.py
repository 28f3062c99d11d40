"""The yearly report for one financial year: assembled from the apps' sections, as HTML and tagged PDF.

The web page, the stand-alone HTML file and the PDF are rendered from the same body template
(``reports/_report_body.html``). The PDF uses WeasyPrint's PDF/UA variant: tagged, with the
document's language and title, headings as bookmarks, alt text on every chart, page numbers and
a contents page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from hub.core.models import PartnershipSettings
from hub.core.periods import FinancialYear
from hub.core.reporting import ReportSection
from hub.reports.models import NarrativeBlock, OutlineChapter
from hub.reports.narrative import AvailableFigure, available_figures
from hub.reports.sections import Chapter, GatheredSection, arrange, gather_sections

PDF_VARIANT = "pdf/ua-1"
PDF_TEMPLATE = "reports/report_document.html"


@dataclass
class Report:
    year: FinancialYear
    partnership_name: str
    chapters: list[Chapter]
    failures: list[GatheredSection] = field(default_factory=list)
    sections: list[ReportSection] = field(default_factory=list)
    figures: dict[str, AvailableFigure] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"Yearly report {self.year.label}"

    @property
    def document_title(self) -> str:
        return f"{self.partnership_name}: yearly report {self.year.label}"

    @property
    def previous_year(self) -> FinancialYear:
        return self.year.previous()

    def without_failures(self) -> Report:
        """The report as readers outside the partnership's staff get it: no error sections of failed
        providers, and no chapter left empty by leaving them out."""
        chapters = []
        for chapter in self.chapters:
            sections = [item for item in chapter.sections if not item.failed]
            if sections or chapter.narrative:
                chapters.append(replace(chapter, sections=sections))
        return replace(self, chapters=chapters)


def parse_year(text: str) -> FinancialYear:
    """The financial year named in a URL or a command (``2021-22``), in the partnership's calendar.

    Raises ``ValueError`` for text that is not a year, and for a year that has not started yet.
    """
    start_month = PartnershipSettings.load().financial_year_start_month
    year = FinancialYear.parse(text, start_month)
    if year.start_year < 2000 or year.start > timezone.localdate():
        raise ValueError(f"There is no report for {year.label} yet")
    return year


def build_report(year: FinancialYear, progress: Callable[[int, int], None] | None = None) -> Report:
    """The report for ``year``: every provider's sections in the outline's chapters, with the
    business unit's narrative text for the chapters and the sections' narrative slots.

    ``progress`` is passed to ``gather_sections`` (the PDF task shows it on the progress page)."""
    gathered = gather_sections(year, progress=progress)
    blocks = list(NarrativeBlock.objects.filter(year=year.start_year).select_related("chapter"))
    slot_texts = {(block.section_slug, block.slot): block.text for block in blocks if not block.chapter_id}
    gathered = [
        replace(
            item,
            narratives=tuple(
                (slot, slot_texts[(item.slug, slot)])
                for slot in item.section.narrative_slots
                if slot_texts.get((item.slug, slot), "").strip()
            ),
        )
        if not item.failed
        else item
        for item in gathered
    ]
    chapters = arrange(
        OutlineChapter.objects.order_by("order", "title"),
        gathered,
        narratives={block.chapter.slug: block.text for block in blocks if block.chapter_id},
    )
    sections = [item.section for item in gathered if not item.failed]
    return Report(
        year=year,
        partnership_name=PartnershipSettings.load().name,
        chapters=chapters,
        failures=[item for item in gathered if item.failed],
        sections=sections,
        figures=available_figures(sections),
    )


def recent_years(today: date | None = None, count: int = 6) -> list[FinancialYear]:
    """The current financial year and the ``count - 1`` before it, newest first."""
    start_month = PartnershipSettings.load().financial_year_start_month
    year = FinancialYear.containing(today or timezone.localdate(), start_month)
    years = []
    for _ in range(count):
        years.append(year)
        year = year.previous()
    return years


def render_document(report: Report) -> str:
    """The report as one stand-alone, accessible HTML document (also the source of the PDF).

    Failed sections are left out of the document: it is meant for readers outside the business
    unit. ``report.failures`` says which providers failed, for the caller to report.
    """
    return render_to_string(PDF_TEMPLATE, {"report": report.without_failures(), "show_failures": False})


def render_pdf(report: Report, html: str | None = None) -> bytes:
    from weasyprint import HTML

    return HTML(string=html or render_document(report), base_url=settings.SITE_URL).write_pdf(pdf_variant=PDF_VARIANT)


def pdf_filename(year: FinancialYear) -> str:
    return f"yearly-report-{year.slug}.pdf"
