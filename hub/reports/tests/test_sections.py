"""Gathering sections from the providers and arranging them in the outline's chapters."""

from __future__ import annotations

import logging

import pytest
from django.core.exceptions import ValidationError

from hub.core.periods import FinancialYear
from hub.core.reporting import Chart, Figure, ReportSection, Table
from hub.reports.models import OutlineChapter
from hub.reports.sections import OTHER_SECTIONS_TITLE, arrange, gather_sections, normalise

YEAR = FinancialYear(2021)


def _sections(*slugs):
    return lambda year: [ReportSection(title=f"Section {slug}", slug=slug) for slug in slugs]


def _broken(year):
    raise RuntimeError("the database went away")


def test_a_provider_that_raises_leaves_an_error_section_and_the_other_sections(caplog):
    providers = {"core": _sections("core.partners"), "training": _broken, "governance": _sections("governance.budget")}
    with caplog.at_level(logging.ERROR, logger="hub.reports.sections"):
        gathered = gather_sections(YEAR, providers)
    assert [item.slug for item in gathered] == ["core.partners", "training.unavailable", "governance.budget"]
    failed = gathered[1]
    assert failed.failed
    assert failed.app_label == "training"
    assert failed.section.title == "Training: section not available"
    assert "The training section provider failed for the yearly report 2021/22" in caplog.text
    assert "the database went away" in caplog.text  # the traceback is logged
    assert not gathered[0].failed and not gathered[2].failed


def test_a_provider_returning_something_that_is_not_a_section_is_a_failure_too(caplog):
    gathered = gather_sections(YEAR, {"website": lambda year: ["not a section"]})
    assert [(item.slug, item.failed) for item in gathered] == [("website.unavailable", True)]


def test_dict_sections_become_typed_sections():
    section = normalise(
        {
            "key": "website.downloads",
            "title": "Resource library",
            "figures": [{"label": "Resources downloaded", "value": 1200}],
            "tables": [{"caption": "Most downloaded", "headers": ["Resource", "Downloads"], "rows": [["A", 3]]}],
            "charts": [
                {
                    "title": "Downloads",
                    "svg": "<svg></svg>",
                    "summary": "Rising",
                    "table": {"caption": "Downloads by month", "headers": ["Month", "Downloads"], "rows": []},
                }
            ],
            "narrative_slots": ["How practitioners used the website"],
        }
    )
    assert section.slug == "website.downloads"
    assert section.figures == [Figure("Resources downloaded", 1200)]
    assert section.tables == [Table("Most downloaded", ["Resource", "Downloads"], [["A", 3]])]
    assert section.charts[0].table == Table("Downloads by month", ["Month", "Downloads"], [])
    assert isinstance(section.charts[0], Chart)
    assert section.narrative_slots == ["How practitioners used the website"]


def test_a_typed_section_round_trips_through_its_dict_form():
    section = ReportSection(
        title="Budget",
        slug="governance.budget",
        figures=[Figure("Total budget", 347060, "£", previous=300000)],
        statements=["Partners contributed £347,060."],
    )
    assert normalise(section.as_dict()) == section
    assert normalise(section) is section


def _chapter(order, slug, patterns, has_narrative=False):
    return OutlineChapter(
        order=order, title=slug.title(), slug=slug, section_slugs=patterns, has_narrative=has_narrative
    )


def test_chapters_hold_their_sections_in_the_order_of_their_patterns():
    gathered = gather_sections(
        YEAR,
        {
            "core": _sections("core.partners", "core.vision"),
            "governance": _sections("governance.groups", "governance.budget"),
            "learning": _sections("learning-survey-2021-22", "learning-survey-2021-22-2", "learning-audits"),
        },
    )
    chapters = arrange(
        [
            _chapter(1, "about", "core.vision\ncore.partners\ngovernance.budget"),
            _chapter(2, "learning", "learning-audits, learning-survey-*"),
        ],
        gathered,
    )
    assert [chapter.slug for chapter in chapters] == ["about", "learning", "other-sections"]
    assert [item.slug for item in chapters[0].sections] == ["core.vision", "core.partners", "governance.budget"]
    assert [item.slug for item in chapters[1].sections] == [
        "learning-audits",
        "learning-survey-2021-22",
        "learning-survey-2021-22-2",
    ]
    assert chapters[2].title == OTHER_SECTIONS_TITLE
    assert [item.slug for item in chapters[2].sections] == ["governance.groups"]


def test_a_section_goes_to_the_first_chapter_that_claims_it():
    gathered = gather_sections(YEAR, {"training": _sections("training.programme")})
    chapters = arrange([_chapter(1, "first", "training.*"), _chapter(2, "second", "training.programme")], gathered)
    assert [chapter.slug for chapter in chapters] == ["first"]


def test_chapters_without_sections_are_left_out_and_failures_go_to_other_sections():
    gathered = gather_sections(YEAR, {"core": _sections("core.partners"), "training": _broken})
    chapters = arrange(
        [
            _chapter(1, "introduction", "", has_narrative=True),
            _chapter(2, "about", "core.*"),
            _chapter(3, "training", "training.*"),
        ],
        gathered,
    )
    assert [chapter.slug for chapter in chapters] == ["about", "other-sections"]
    assert [(item.slug, item.failed) for item in chapters[1].sections] == [("training.unavailable", True)]


def test_without_unclaimed_sections_there_is_no_other_sections_chapter():
    chapters = arrange([_chapter(1, "about", "core.*")], gather_sections(YEAR, {"core": _sections("core.partners")}))
    assert [chapter.title for chapter in chapters] == ["About"]


def test_a_chapter_refuses_a_section_with_a_space_in_it():
    with pytest.raises(ValidationError, match="Enter one section a line"):
        _chapter(1, "about", "core.vision\ncore partners").clean()
    _chapter(1, "about", "core.vision, core.partners\n\ntraining.*").clean()
