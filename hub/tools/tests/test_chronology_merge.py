"""Merging agencies' events: order (approximate dates at the start of their month or year), flags and gaps."""

from __future__ import annotations

from datetime import date

from hub.tools.chronology import Accuracy, Event, build_chronology, export_rows


def event(day, agency, text, accuracy=Accuracy.EXACT, significance=""):
    return Event(day=day, accuracy=accuracy, description=text, agency=agency, significance=significance)


def test_events_from_every_agency_are_merged_oldest_first():
    chronology = build_chronology(
        [
            event(date(2021, 5, 2), "Police", "C"),
            event(date(2020, 1, 9), "School", "A"),
            event(date(2021, 1, 1), "Health", "B"),
        ],
        gap_days=0,
    )
    assert [e.description for e in chronology.events] == ["A", "B", "C"]
    assert chronology.agencies == ["Health", "Police", "School"]


def test_dates_known_to_the_month_or_year_sort_at_the_start_of_it():
    chronology = build_chronology(
        [
            event(date(2021, 3, 1), "Police", "exact 1 March"),
            event(date(2021, 3, 20), "School", "March, day unknown", Accuracy.MONTH),
            event(date(2021, 2, 27), "Health", "end of February"),
            event(date(2021, 6, 1), "Council", "sometime in 2021", Accuracy.YEAR),
            event(date(2021, 3, 18), "Health", "about 18 March", Accuracy.APPROXIMATE),
            event(date(2020, 12, 31), "Council", "new year's eve"),
        ],
        gap_days=0,
    )
    assert [e.description for e in chronology.events] == [
        "new year's eve",
        "sometime in 2021",
        "end of February",
        "March, day unknown",
        "about 18 March",
        "exact 1 March",
    ]
    texts = [e.date_text for e in chronology.events]
    assert texts[1] == "2021 (year known)"
    assert texts[3] == "March 2021 (month known)"
    assert texts[4] == "About 18 March 2021 (approximate)"
    assert texts[5] == "1 March 2021"


def test_exact_events_on_the_same_day_from_different_agencies_are_flagged():
    chronology = build_chronology(
        [
            event(date(2021, 3, 14), "Police", "Attended incident"),
            event(date(2021, 3, 14), "Health", "A and E attendance"),
            event(date(2021, 3, 14), "Police", "Second police visit"),
            event(date(2021, 3, 14), "School", "Sometime that month", Accuracy.MONTH),
            event(date(2021, 4, 2), "School", "Alone on its day"),
        ],
        gap_days=0,
    )
    flags = {entry.event.description: entry.same_day_agencies for entry in chronology.entries}
    assert flags["Attended incident"] == ("Health",)
    assert flags["Second police visit"] == ("Health",)
    assert flags["A and E attendance"] == ("Police",)
    assert flags["Sometime that month"] == ()
    assert flags["Alone on its day"] == ()
    assert chronology.same_day_count == 3


def test_events_on_the_same_day_from_one_agency_are_not_flagged():
    chronology = build_chronology(
        [event(date(2021, 3, 14), "Police", "One"), event(date(2021, 3, 14), "Police", "Two")], gap_days=0
    )
    assert chronology.same_day_count == 0


def test_gaps_longer_than_the_chosen_period_become_rows():
    chronology = build_chronology(
        [
            event(date(2021, 1, 1), "Police", "A"),
            event(date(2021, 3, 1), "Health", "B"),  # 59 days: not a gap at 60
            event(date(2021, 5, 1), "Health", "C"),  # 61 days: a gap
            event(date(2021, 9, 1), "School", "D", Accuracy.MONTH),
        ],
        gap_days=60,
    )
    kinds = ["gap" if entry.is_gap else entry.event.description for entry in chronology.entries]
    assert kinds == ["A", "B", "gap", "C", "gap", "D"]
    first_gap, second_gap = (entry.gap for entry in chronology.entries if entry.is_gap)
    assert first_gap.days == 61 and not first_gap.is_uncertain
    assert second_gap.days == 123 and second_gap.is_uncertain


def test_significant_events_are_counted_and_named_in_words():
    chronology = build_chronology(
        [event(date(2021, 1, 1), "Police", "Arrest", significance="high"), event(date(2021, 1, 2), "Health", "Visit")],
        gap_days=0,
    )
    assert chronology.significant_count == 1
    headers, rows = export_rows(chronology)
    assert headers[4] == "Significance"
    assert rows[0][4] == "Significant event"
    assert rows[1][4] == "Not given"
