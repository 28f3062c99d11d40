"""Yearly report workflows: the business unit's narrative text.

Two people editing the same narrative never overwrite each other silently: each block carries a
``version`` that a save must name, and a stale save is refused with the text that was saved in
between, so the person can combine the two (optimistic locking, as for restraint incidents).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse

from hub.core.audit import log_action, register_event
from hub.core.errors import DomainError
from hub.core.models import User
from hub.core.periods import FinancialYear
from hub.core.permissions import is_business_unit
from hub.core.reporting import ReportSection
from hub.reports.models import NarrativeBlock, OutlineChapter, ReportSignOff
from hub.reports.narrative import AvailableFigure, slot_slug, unknown_tokens
from hub.reports.reporting import Report

register_event("reports.narrative.saved", "Yearly report narrative saved")

STALE = (
    "Someone else saved this text since you opened it. Your text has not been saved: it is still in the box. "
    "Compare it with the saved text shown below, then save again."
)


class NarrativeConflict(DomainError):
    """A save named an older version than the stored one; ``current`` is the block as stored now."""

    def __init__(self, current: NarrativeBlock):
        super().__init__(STALE)
        self.current = current


@dataclass(frozen=True)
class NarrativePlace:
    """A place in one year's report where the business unit writes text: a chapter with narrative
    text, or a named narrative slot of a section."""

    year: FinancialYear
    title: str
    chapter: OutlineChapter | None = None
    section: ReportSection | None = None
    slot: str = ""

    @property
    def lookup(self) -> dict:
        if self.chapter is not None:
            return {"year": self.year.start_year, "chapter": self.chapter}
        return {"year": self.year.start_year, "chapter": None, "section_slug": self.section.slug, "slot": self.slot}

    @property
    def url(self) -> str:
        if self.chapter is not None:
            return reverse("reports:narrative-chapter", args=[self.year.slug, self.chapter.slug])
        return reverse("reports:narrative-slot", args=[self.year.slug, self.section.slug, slot_slug(self.slot)])

    def find(self, blocks: list[NarrativeBlock]) -> NarrativeBlock | None:
        for block in blocks:
            if self.chapter is not None and block.chapter_id == self.chapter.pk:
                return block
            if self.chapter is None and (block.section_slug, block.slot) == (self.section.slug, self.slot):
                return block
        return None


def narrative_places(report: Report) -> list[NarrativePlace]:
    """Every place in ``report`` that takes narrative text, in the report's order: each chapter
    with narrative text, followed by the narrative slots of the sections it holds."""
    arranged = {chapter.slug: chapter for chapter in report.chapters}
    places: list[NarrativePlace] = []
    outline = {chapter.slug: chapter for chapter in OutlineChapter.objects.order_by("order", "title")}
    for slug in [*outline, *[slug for slug in arranged if slug not in outline]]:
        chapter = outline.get(slug)
        if chapter is not None and chapter.has_narrative:
            places.append(NarrativePlace(year=report.year, title=chapter.title, chapter=chapter))
        for item in arranged[slug].sections if slug in arranged else []:
            if item.failed:
                continue
            for slot in item.section.narrative_slots:
                places.append(
                    NarrativePlace(
                        year=report.year, title=f"{item.section.title}: {slot}", section=item.section, slot=slot
                    )
                )
    return places


def blocks_for(year: FinancialYear) -> list[NarrativeBlock]:
    return list(NarrativeBlock.objects.filter(year=year.start_year).select_related("chapter", "updated_by"))


def unknown_tokens_message(unknown: list[str]) -> str:
    if len(unknown) == 1:
        return f"The figure {unknown[0]} does not exist. Choose one from the list of figures."
    names = ", ".join(unknown[:-1]) + f" and {unknown[-1]}"
    return f"The figures {names} do not exist. Choose them from the list of figures."


def check_tokens(text: str, figures: dict[str, AvailableFigure]) -> None:
    """Refuse text naming a figure the year's report does not have."""
    unknown = unknown_tokens(text, figures)
    if unknown:
        raise DomainError(unknown_tokens_message(unknown), field="text")


def save_narrative(
    *,
    actor: User,
    place: NarrativePlace,
    text: str,
    version: int,
    figures: dict[str, AvailableFigure],
    request=None,
) -> NarrativeBlock:
    """Save the business unit's ``text`` for ``place``, checking its figure tokens against ``figures``
    (the year's report, ``Report.figures``).

    ``version`` is the block's version when the editor opened it (0 for a block never saved).
    Raises ``DomainError`` for someone outside the business unit, once sign-off of the year has
    started (the text is frozen, decision 0013) or for an unknown token, and
    ``NarrativeConflict`` when someone else saved in between. Saving unchanged text changes nothing.
    """
    if not is_business_unit(actor):
        raise DomainError("Only the business unit can write the yearly report's text")
    ReportSignOff.check_content_open(place.year)
    text = text.replace("\r\n", "\n").strip()
    check_tokens(text, figures)
    try:
        with transaction.atomic():
            # Ordered by key alone: the default ordering joins the chapter, and PostgreSQL will not
            # lock rows on the nullable side of an outer join.
            block = NarrativeBlock.objects.select_for_update().filter(**place.lookup).order_by("pk").first()
            if block is None:
                if version != 0:
                    raise DomainError("This text is no longer in the report: reload the page")
                block = NarrativeBlock(**place.lookup, version=0)
                if not text:
                    return block
            elif block.version != version:
                raise NarrativeConflict(block)
            if block.pk and block.text == text:
                return block
            block.text = text
            block.version += 1
            block.updated_by = actor
            block.save()
            log_action(
                "reports.narrative.saved",
                actor=actor,
                obj=block,
                data={"year": place.year.label, "place": place.title, "characters": len(text)},
                request=request,
            )
    except IntegrityError:
        # Two first saves of the same block at once: the unique constraint lets one win.
        raise NarrativeConflict(NarrativeBlock.objects.get(**place.lookup)) from None
    return block
