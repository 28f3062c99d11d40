"""The scaling-question summary: a meeting's ratings as a chart of their spread, with the reasons grouped.

The chart is a hand-drawn SVG (bars of how many people gave each rating from 0 to 10) with
presentation attributes only, so the site's Content Security Policy, which refuses inline
styles, lets it be inlined; it carries a title and description, and the page also gives a text
summary and the data table, so nothing depends on seeing it.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe

RATINGS = range(0, 11)
BAR_COLOUR = "#1d70b8"
AXIS_COLOUR = "#505a5f"
TEXT_COLOUR = "#0b0c0c"


@dataclass(frozen=True)
class Rating:
    agency: str
    rating: int
    why_this_number: str = ""
    up_one: str = ""


@dataclass(frozen=True)
class Band:
    label: str
    low: int
    high: int
    ratings: list[Rating] = field(default_factory=list)


BANDS = (("Higher ratings: 7 to 10", 7, 10), ("Middle ratings: 4 to 6", 4, 6), ("Lower ratings: 0 to 3", 0, 3))


@dataclass
class Summary:
    question: str
    ratings: list[Rating]

    @property
    def count(self) -> int:
        return len(self.ratings)

    @property
    def values(self) -> list[int]:
        return [rating.rating for rating in self.ratings]

    @property
    def lowest(self) -> int:
        return min(self.values)

    @property
    def highest(self) -> int:
        return max(self.values)

    @property
    def median(self) -> str:
        value = statistics.median(self.values)
        return str(int(value)) if float(value).is_integer() else f"{value:.1f}"

    @property
    def agencies(self) -> list[str]:
        return sorted({rating.agency for rating in self.ratings}, key=str.casefold)

    @property
    def counts(self) -> list[tuple[int, int, list[str]]]:
        """Each rating from 0 to 10 with how many gave it and which agencies."""
        tally = Counter(self.values)
        return [
            (
                value,
                tally.get(value, 0),
                sorted({r.agency for r in self.ratings if r.rating == value}, key=str.casefold),
            )
            for value in RATINGS
        ]

    @property
    def most_common(self) -> list[int]:
        tally = Counter(self.values)
        top = max(tally.values())
        return sorted(value for value, count in tally.items() if count == top)

    @property
    def text(self) -> str:
        """The chart in words."""
        people = "person" if self.count == 1 else "people"
        agencies = len(self.agencies)
        words = [
            f"{self.count} {people} from {agencies} agenc{'y' if agencies == 1 else 'ies'} gave a rating.",
        ]
        if self.lowest == self.highest:
            words.append(f"Everyone rated {self.lowest}.")
        else:
            common = " and ".join(str(value) for value in self.most_common)
            words.append(
                f"Ratings ranged from {self.lowest} to {self.highest} (a spread of {self.highest - self.lowest}); "
                f"the middle rating was {self.median} and the most common {common}."
            )
        return " ".join(words)

    @property
    def bands(self) -> list[Band]:
        """The reasons grouped: higher, middle and lower ratings, highest first, empty bands left out."""
        result = []
        for label, low, high in BANDS:
            members = sorted(
                (r for r in self.ratings if low <= r.rating <= high), key=lambda r: (-r.rating, r.agency.casefold())
            )
            if members:
                result.append(Band(label, low, high, members))
        return result

    def chart_svg(self, chart_id: str = "scaling-chart") -> SafeString:
        return spread_chart(self, chart_id)


def spread_chart(summary: Summary, chart_id: str) -> SafeString:
    """Bars of how many people gave each rating, 0 to 10, with the count written on each bar."""
    width, height = 560, 260
    left, right, top, bottom = 48, 16, 16, 52
    plot_width = width - left - right
    plot_height = height - top - bottom
    counts = summary.counts
    biggest = max(count for _, count, _ in counts) or 1
    slot = plot_width / len(counts)
    bar_width = slot * 0.6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="hub-chart" focusable="false">',
        f'<title id="{chart_id}-title">How many people gave each rating</title>',
        f'<desc id="{chart_id}-desc">{escape(summary.text)}</desc>',
        f'<line x1="{left}" y1="{top + plot_height}" x2="{left + plot_width}" y2="{top + plot_height}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>',
    ]
    # Horizontal guide lines at whole numbers of people (at most five of them).
    step = max(1, -(-biggest // 5))
    for people in range(0, biggest + 1, step):
        y = top + plot_height - plot_height * people / biggest
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_width}" y2="{y:.1f}" stroke="#b1b4b6" '
            f'stroke-width="0.5"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="{TEXT_COLOUR}" '
            f'font-family="Arial, Helvetica, sans-serif">{people}</text>'
        )
    for index, (value, count, _) in enumerate(counts):
        x = left + slot * index + (slot - bar_width) / 2
        bar_height = plot_height * count / biggest
        y = top + plot_height - bar_height
        if count:
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_width:.1f}" height="{bar_height:.1f}" '
                f'fill="{BAR_COLOUR}"/>'
                f'<text x="{x + bar_width / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="12" '
                f'font-weight="bold" fill="{TEXT_COLOUR}" font-family="Arial, Helvetica, sans-serif">{count}</text>'
            )
        parts.append(
            f'<text x="{x + bar_width / 2:.1f}" y="{top + plot_height + 18}" text-anchor="middle" font-size="13" '
            f'fill="{TEXT_COLOUR}" font-family="Arial, Helvetica, sans-serif">{value}</text>'
        )
    parts.append(
        f'<text x="{left + plot_width / 2:.1f}" y="{height - 8}" text-anchor="middle" font-size="13" '
        f'fill="{TEXT_COLOUR}" font-family="Arial, Helvetica, sans-serif">Rating (0 to 10)</text>'
        f'<text x="14" y="{top + plot_height / 2:.1f}" text-anchor="middle" font-size="13" fill="{TEXT_COLOUR}" '
        f'font-family="Arial, Helvetica, sans-serif" transform="rotate(-90 14 {top + plot_height / 2:.1f})">'
        "People</text>"
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  every value in it is a number or escaped text
