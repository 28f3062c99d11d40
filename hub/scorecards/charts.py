"""Statistical process control charts as inline SVG, with plain-English summaries and icons.

Charts are drawn with matplotlib's object API (no pyplot state, so it is safe in threaded servers)
and post-processed so they can be inlined in a page under the site's Content Security Policy: the
XML prolog and metadata are dropped, ``style`` attributes become presentation attributes (CSP blocks
inline styles), ids are prefixed with the chart id so several charts can share a page, and the root
element gets ``role="img"`` with a ``<title>`` and ``<desc>``. The same analysis always gives the
same bytes.

Colours follow Making Data Count (grey common cause, blue improvement, orange concern, purple
neutral), darkened where needed for 3:1 contrast against white; marker shapes repeat the meaning so
colour is never the only cue.

Drawing a chart takes matplotlib a fifth of a second, and the same chart is asked for again and
again (the yearly report, the exception reports, the dashboards) while its data stays put. A drawn
chart is therefore kept in Django's cache under a key made of everything that decides its bytes:
the analysis, the title, the unit, the number format, the benchmarks, the chart id, and a stamp of
this module's source and matplotlib's version. New data or new code gives a new key, so a kept
chart is never out of date; nothing has to clear it.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import io
import math
import re
import textwrap
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib
from django.core.cache import cache
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from hub.scorecards.spc import Analysis, Assurance, Variation

COMMON_GREY = "#767676"  # Making Data Count #a6a6a6, darkened for contrast
IMPROVEMENT_BLUE = "#007ab8"  # Making Data Count #00b0f0, darkened for contrast
CONCERN_ORANGE = "#c55a11"  # Making Data Count #e46c0a, darkened for contrast
NEUTRAL_PURPLE = "#490092"
TEXT_BLACK = "#0b0c0c"
LIMIT_GREY = "#505a5f"
TARGET_GREEN = "#00703c"
BENCHMARK_COLOURS = ("#1d70b8", "#912b88", "#6f72af", "#b58840")

_RC = {
    "svg.fonttype": "none",  # keep text as text: searchable, selectable, read by screen readers
    "svg.hashsalt": "lscp-hub-spc",  # fixed salt so generated ids, and so the output, are repeatable
    "svg.id": None,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
    "font.size": 9,
    "axes.edgecolor": LIMIT_GREY,
    "axes.labelcolor": TEXT_BLACK,
    "xtick.color": LIMIT_GREY,
    "ytick.color": LIMIT_GREY,
    "xtick.labelcolor": TEXT_BLACK,
    "ytick.labelcolor": TEXT_BLACK,
    "legend.frameon": False,
}
# rcParams are process-wide: rendering holds the lock so a concurrent render cannot change them midway.
_RENDER_LOCK = threading.Lock()

_FIGURE_SIZE = (8.0, 4.2)  # inches; at 72 points per inch the viewBox is 576 x 302
_MAX_TICK_LABELS = 12
_LEGEND_COLUMNS = 4
_CHARACTER_WIDTH = 5.6  # average width in points of a 9pt DejaVu Sans character
_CHART_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_CACHE_SECONDS = 60 * 60 * 24 * 30
_CODE_STAMP = hashlib.sha256(Path(__file__).read_bytes() + matplotlib.__version__.encode()).hexdigest()[:16]


# Marker and legend entry for each kind of point; the shape carries the meaning as well as the colour.
_POINT_STYLES: dict[Variation, tuple[str, str, float, str]] = {
    Variation.COMMON: (COMMON_GREY, "o", 4.5, "Common cause"),
    Variation.NOT_ENOUGH_DATA: (COMMON_GREY, "o", 4.5, "Value"),
    Variation.IMPROVEMENT_HIGH: (IMPROVEMENT_BLUE, "^", 9, "Special cause: improvement (high)"),
    Variation.IMPROVEMENT_LOW: (IMPROVEMENT_BLUE, "v", 9, "Special cause: improvement (low)"),
    Variation.CONCERN_HIGH: (CONCERN_ORANGE, "s", 7.5, "Special cause: concern (high)"),
    Variation.CONCERN_LOW: (CONCERN_ORANGE, "D", 7, "Special cause: concern (low)"),
    Variation.NEUTRAL_HIGH: (NEUTRAL_PURPLE, "P", 8.5, "Special cause: high"),
    Variation.NEUTRAL_LOW: (NEUTRAL_PURPLE, "X", 8.5, "Special cause: low"),
}


def format_value(value: float, unit: str = "", value_format: Callable[[float], str] | None = None) -> str:
    """Show a value as people read it: 1,234 or 12.5, with the unit (``%`` joins the number)."""
    if value_format is not None:
        text = value_format(value)
    elif float(value).is_integer():
        text = f"{value:,.0f}"
    else:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def render_svg(
    analysis: Analysis,
    *,
    title: str,
    unit: str = "",
    value_format: Callable[[float], str] | None = None,
    chart_id: str = "chart",
    benchmarks: Mapping[str, float] | None = None,
) -> str:
    """Draw the analysis as an accessible SVG fragment ready to inline in HTML.

    ``chart_id`` must be unique on the page; every id in the SVG is prefixed with it.
    ``benchmarks`` maps a name (for example "England") to a value drawn as a reference line.
    """
    if not _CHART_ID.fullmatch(chart_id):
        raise ValueError("chart_id must start with a letter and use only letters, digits, '-' and '_'.")
    key = _cache_key(analysis, title, unit, value_format, chart_id, benchmarks or {})
    svg = cache.get(key) if key else None
    if svg is None:
        svg = _render(
            analysis, title=title, unit=unit, value_format=value_format, chart_id=chart_id, benchmarks=benchmarks
        )
        if key:
            cache.set(key, svg, _CACHE_SECONDS)
    return svg


def _render(
    analysis: Analysis,
    *,
    title: str,
    unit: str,
    value_format: Callable[[float], str] | None,
    chart_id: str,
    benchmarks: Mapping[str, float] | None,
) -> str:
    summary = describe(analysis, name=title, unit=unit, value_format=value_format)
    with _RENDER_LOCK, matplotlib.rc_context(_RC):
        figure = Figure(figsize=_FIGURE_SIZE)
        FigureCanvasSVG(figure)
        _draw(figure, analysis, title=title, unit=unit, value_format=value_format, benchmarks=benchmarks or {})
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        figure.clear()
    return _make_inlineable(buffer.getvalue(), chart_id=chart_id, title=title, description=summary)


def _cache_key(
    analysis: Analysis,
    title: str,
    unit: str,
    value_format: Callable[[float], str] | None,
    chart_id: str,
    benchmarks: Mapping[str, float],
) -> str | None:
    """The cache key of a chart, or None when the number format cannot be told apart from another
    (a callable that is not a plain function, or one holding objects without a stable text form)."""
    formatter = _formatter_identity(value_format)
    if formatter is None:
        return None
    parts = (
        _CODE_STAMP,
        _canonical(analysis),
        title,
        unit,
        formatter,
        chart_id,
        sorted((str(name), float(value)) for name, value in benchmarks.items()),
    )
    return "scorecards.chart." + hashlib.sha256(repr(parts).encode()).hexdigest()


def _formatter_identity(value_format: Callable[[float], str] | None) -> str | None:
    if value_format is None:
        return ""
    code = getattr(value_format, "__code__", None)
    if code is None:
        return None
    cells = tuple(cell.cell_contents for cell in value_format.__closure__ or ())
    text = repr(
        (
            value_format.__module__,
            value_format.__qualname__,
            code.co_code,
            code.co_consts,
            cells,
            value_format.__defaults__,
        )
    )
    return None if " at 0x" in text else text


def _canonical(value):
    """A text form of an analysis that is the same in every process (sets sorted, enums by value)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__name__,
            tuple(_canonical(getattr(value, item.name)) for item in dataclasses.fields(value)),
        )
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(repr(_canonical(item)) for item in value))
    if isinstance(value, (list, tuple)):
        return tuple(_canonical(item) for item in value)
    if isinstance(value, enum.Enum):
        return (type(value).__name__, value.value)
    return value


def _draw(
    figure: Figure,
    analysis: Analysis,
    *,
    title: str,
    unit: str,
    value_format: Callable[[float], str] | None,
    benchmarks: Mapping[str, float],
) -> None:
    axes = figure.add_subplot()
    points = analysis.points
    present = [p for p in points if p.value is not None]
    heading = title
    if analysis.is_run_chart:
        heading += f" (run chart: fewer than {analysis.minimum_points} points, no limits)"
    axes.set_title(textwrap.fill(heading, 90), loc="left", fontsize=10, color=TEXT_BLACK)
    axes.spines[["top", "right"]].set_visible(False)
    axes.yaxis.grid(True, color="#e5e5e5", linewidth=0.6)
    axes.set_axisbelow(True)
    if unit:
        axes.set_ylabel(unit)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: format_value(value, "", value_format)))

    if not present:
        axes.set_yticks([])
        axes.set_xticks([])
        axes.text(0.5, 0.5, "No data yet", transform=axes.transAxes, ha="center", va="center", color=TEXT_BLACK)
        return

    xs = range(len(points))
    # NaN breaks the line, leaving a visible gap for a missing period.
    ys = [math.nan if p.value is None else p.value for p in points]
    axes.plot(xs, ys, color=COMMON_GREY, linewidth=1.4, zorder=3, gid="spc-series")

    _draw_segments(axes, analysis)

    if analysis.target_range is not None:
        low, high = analysis.target_range
        axes.axhspan(
            low,
            high,
            color=TARGET_GREEN,
            alpha=0.12,
            linewidth=0,
            zorder=1,
            label="Target range",
            gid="spc-target-range",
        )
    if analysis.target is not None:
        axes.axhline(
            analysis.target,
            color=TARGET_GREEN,
            linestyle="dashdot",
            linewidth=1.4,
            zorder=2,
            gid="spc-target",
            label=f"Target ({format_value(analysis.target, unit, value_format)})",
        )
    for number, (name, value) in enumerate(sorted(benchmarks.items())):
        axes.axhline(
            float(value),
            color=BENCHMARK_COLOURS[number % len(BENCHMARK_COLOURS)],
            linestyle=(0, (1, 1.5)),
            linewidth=1.4,
            zorder=2,
            gid=f"spc-benchmark-{number + 1}",
            label=f"{name} ({format_value(float(value), unit, value_format)})",
        )

    for variation, (colour, marker, size, label) in _POINT_STYLES.items():
        chosen = [p for p in present if p.variation == variation]
        if not chosen:
            continue
        special = variation.is_special
        axes.plot(
            [p.index for p in chosen],
            [p.value for p in chosen],
            linestyle="none",
            marker=marker,
            markersize=size,
            color=colour,
            markeredgecolor="#ffffff" if special else colour,
            markeredgewidth=0.8 if special else 0,
            zorder=5 if special else 4,
            label=label,
            gid=f"spc-points-{variation}",
        )

    rotated = _set_x_ticks(axes, [p.label for p in points])
    axes.set_xlim(-0.6, len(points) - 0.4)
    legend = figure.legend(loc="lower center", bbox_to_anchor=(0.5, 0.0), ncols=_LEGEND_COLUMNS, fontsize=8)
    legend_rows = math.ceil(len(legend.texts) / _LEGEND_COLUMNS)
    _fit_margins(figure, axes, rotated=rotated, legend_rows=legend_rows, value_format=value_format)


def _fit_margins(
    figure: Figure, axes, *, rotated: int, legend_rows: int, value_format: Callable[[float], str] | None
) -> None:
    """Leave room for tick labels and the legend without a layout engine.

    Estimated from the text lengths rather than measured by drawing twice, which halves the render time.
    """
    width, height = (inches * 72 for inches in _FIGURE_SIZE)
    y_labels = [format_value(v, "", value_format) for v in axes.get_yticks()]
    y_text = max((len(text) for text in y_labels), default=1) * _CHARACTER_WIDTH
    left = 14 + y_text + (16 if axes.get_ylabel() else 0)
    tick_height = 16 if not rotated else 12 + min(rotated, 30) * _CHARACTER_WIDTH * 0.65
    bottom = 6 + legend_rows * 15 + tick_height
    top = 14 + 14 * axes.get_title(loc="left").count("\n") + 16
    figure.subplots_adjust(left=left / width, right=1 - 12 / width, bottom=bottom / height, top=1 - top / height)


def _draw_segments(axes, analysis: Analysis) -> None:
    labelled = set()

    def label_once(text: str) -> str:
        if text in labelled:
            return "_nolegend_"
        labelled.add(text)
        return text

    for number, segment in enumerate(analysis.segments):
        if segment.end <= segment.start:
            continue
        left, right = segment.start - 0.4, segment.end - 0.6
        if number:
            axes.axvline(
                segment.start - 0.5,
                color=LIMIT_GREY,
                linestyle="dotted",
                linewidth=1,
                zorder=2,
                label=label_once("Limits recalculated"),
                gid=f"spc-rebase-{number}",
            )
        if segment.is_run_chart:
            if segment.median is not None:
                axes.hlines(
                    segment.median,
                    left,
                    right,
                    color=TEXT_BLACK,
                    linewidth=1.2,
                    label=label_once("Median"),
                    gid=f"spc-median-{number}",
                )
            continue
        axes.hlines(
            segment.mean,
            left,
            right,
            color=TEXT_BLACK,
            linewidth=1.2,
            zorder=2,
            label=label_once("Mean"),
            gid=f"spc-mean-{number}",
        )
        axes.hlines(
            [segment.upper, segment.lower],
            left,
            right,
            color=LIMIT_GREY,
            linestyles="dashed",
            linewidth=1.1,
            zorder=2,
            label=label_once("Process limits"),
            gid=f"spc-limits-{number}",
        )


def _set_x_ticks(axes, labels: list[str]) -> int:
    """Label at most a dozen points, rotating long labels; returns the longest rotated label's length."""
    step = max(1, math.ceil(len(labels) / _MAX_TICK_LABELS))
    # Count back from the latest point so it always has a label.
    positions = list(range(len(labels) - 1, -1, -step))[::-1]
    axes.set_xticks(positions, [labels[i] for i in positions])
    longest = max((len(labels[i]) for i in positions), default=0)
    if longest * len(positions) <= 70:
        return 0
    for tick in axes.get_xticklabels():
        tick.set_rotation(40)
        tick.set_horizontalalignment("right")
        tick.set_rotation_mode("anchor")
    return longest


_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_REFERENCE = re.compile(r'(?:url\(#|href="#)([^")]+)')
_ROOT = re.compile(r"<svg\b[^>]*>")


def _make_inlineable(svg: str, *, chart_id: str, title: str, description: str) -> str:
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    svg = re.sub(r'\s*<style type="text/css">.*?</style>', "", svg, flags=re.DOTALL)
    svg = re.sub(r"\s*<defs>\s*</defs>", "", svg)
    svg = _STYLE_ATTRIBUTE.sub(_style_to_attributes, svg)
    svg = re.sub(r">\s+<", "><", svg)

    # Keep only the ids something points at (clip paths, markers) and our own ("spc-..."), made unique to
    # this chart so that several charts can share a page.
    referenced = set(_REFERENCE.findall(svg))

    def keep(match: re.Match[str]) -> str:
        name = match[1]
        return f' id="{chart_id}-{name}"' if name in referenced or name.startswith("spc-") else ""

    svg = re.sub(r'\sid="([^"]*)"', keep, svg)
    svg = re.sub(r'(url\(#|href="#)([^")]+)', lambda m: f"{m[1]}{chart_id}-{m[2]}", svg)
    viewbox = re.search(r'viewBox="([^"]+)"', svg).group(1)
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    root = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="{viewbox}" width="100%" class="spc-chart" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" stroke-linejoin="round" stroke-linecap="butt">'
        f'<title id="{title_id}">{escape(title)}</title><desc id="{desc_id}">{escape(description)}</desc>'
    )
    return _ROOT.sub(lambda _: root, svg, count=1).strip() + "\n"


def _style_to_attributes(match: re.Match[str]) -> str:
    """Turn ``style="fill: #fff; stroke: none"`` into ``fill="#fff" stroke="none"``."""
    attributes = []
    for declaration in match.group(1).split(";"):
        name, _, value = declaration.partition(":")
        if name.strip():
            attributes.append(f' {name.strip()}="{escape(value.strip(), {chr(34): "&quot;"})}"')
    return "".join(attributes)


def describe(
    analysis: Analysis,
    *,
    name: str,
    unit: str = "",
    value_format: Callable[[float], str] | None = None,
) -> str:
    """Summarise the chart in two to four plain-English sentences (its text alternative)."""

    def show(value: float) -> str:
        return format_value(value, unit, value_format)

    latest = analysis.latest
    if latest is None:
        return f"{name}: no data yet."
    segment = analysis.segments[latest.segment]
    sentences = [f"{name} was {show(latest.value)} in {latest.label}."]
    since = f"Since {analysis.points[segment.start].label}, the" if segment.start else "The"
    if segment.is_run_chart:
        sentences.append(
            f"This is a run chart, with too few points for process limits "
            f"(fewer than {analysis.minimum_points}); {since[0].lower() + since[1:]} median is {show(segment.median)}."
        )
    else:
        sentences.append(
            f"{since} mean is {show(segment.mean)}, with process limits from {show(segment.lower)} "
            f"to {show(segment.upper)}."
        )
        variation = analysis.variation
        if variation.is_special:
            rules = sorted(rule.label[0].lower() + rule.label[1:] for rule in latest.rules)
            sentences.append(f"The latest point shows {_lower_first(variation.label)} ({'; '.join(rules)}).")
        else:
            earlier = len(analysis.special_cause_points)
            sentences.append(
                "The latest point shows common cause variation"
                + (
                    f"; {earlier} earlier {_plural(earlier, 'point')} showed special cause variation."
                    if earlier
                    else "."
                )
            )
    sentences.append(_describe_target(analysis, show))
    return " ".join(sentence for sentence in sentences if sentence)


def _describe_target(analysis: Analysis, show: Callable[[float], str]) -> str:
    if analysis.target_range is not None:
        goal = f"{show(analysis.target_range[0])} to {show(analysis.target_range[1])}"
        noun = "target range"
    elif analysis.target is not None:
        goal, noun = show(analysis.target), "target"
    else:
        return ""
    assurance = analysis.assurance
    if assurance == Assurance.NONE:
        return f"The {noun} is {goal}; there is no target assurance without process limits and a direction."
    return f"{assurance.label} ({noun} {goal})."


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:]


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


_ICON_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32" '
    'aria-hidden="true" focusable="false" class="spc-icon spc-icon--{kind}">'
)


def _letter(letter: str, colour: str = "#ffffff") -> str:
    return (
        f'<text x="16" y="21.5" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" '
        f'font-size="15" font-weight="700" fill="{colour}">{escape(letter)}</text>'
    )


def variation_icon(variation: Variation) -> str:
    """A 32px icon for the latest point's variation; shape and letter carry the meaning, not just colour.

    Improvement is a circle, concern a diamond, neutral an open circle; H or L says high or low
    and an arrow points the same way. Common cause shows a level line, not enough data a dashed ring.
    """
    kind = str(variation)
    parts = [_ICON_OPEN.format(kind=kind)]
    high = variation.is_high
    if variation == Variation.COMMON:
        parts.append(f'<circle cx="16" cy="16" r="14" fill="#ffffff" stroke="{COMMON_GREY}" stroke-width="2.5"/>')
        parts.append(
            f'<path d="M7 16 h4 l2 -4 l3 8 l3 -8 l2 4 h4" fill="none" stroke="{COMMON_GREY}" '
            'stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>'
        )
    elif variation == Variation.NOT_ENOUGH_DATA:
        parts.append(
            f'<circle cx="16" cy="16" r="14" fill="#ffffff" stroke="{COMMON_GREY}" stroke-width="2" '
            'stroke-dasharray="4 3"/>'
        )
        parts.append("".join(f'<circle cx="{x}" cy="16" r="1.8" fill="{COMMON_GREY}"/>' for x in (10, 16, 22)))
    else:
        arrow = "M16 2 l4 5 h-8 z" if high else "M16 30 l4 -5 h-8 z"
        letter = "H" if high else "L"
        if variation.is_improvement:
            parts.append(f'<circle cx="16" cy="16" r="14" fill="{IMPROVEMENT_BLUE}"/>')
            parts.append(_letter(letter))
            parts.append(f'<path d="{arrow}" fill="#ffffff"/>')
        elif variation.is_concern:
            parts.append(f'<path d="M16 1 L31 16 L16 31 L1 16 Z" fill="{CONCERN_ORANGE}"/>')
            parts.append(_letter(letter))
            parts.append(f'<path d="{arrow}" fill="#ffffff" transform="translate(0 {3 if high else -3})"/>')
        else:
            parts.append(
                f'<circle cx="16" cy="16" r="13.5" fill="#ffffff" stroke="{NEUTRAL_PURPLE}" stroke-width="2.5"/>'
            )
            parts.append(_letter(letter, NEUTRAL_PURPLE))
            parts.append(f'<path d="{arrow}" fill="{NEUTRAL_PURPLE}" transform="translate(0 {3 if high else -3})"/>')
    parts.append("</svg>")
    return "".join(parts)


def assurance_icon(assurance: Assurance) -> str:
    """A 32px icon with P (pass), F (fail) or ? (inconsistent); an open ring with a dash for none."""
    kind = str(assurance)
    parts = [_ICON_OPEN.format(kind=kind)]
    if assurance == Assurance.PASS:
        parts.append(f'<circle cx="16" cy="16" r="14" fill="{IMPROVEMENT_BLUE}"/>')
        parts.append(_letter("P"))
    elif assurance == Assurance.FAIL:
        parts.append(f'<path d="M16 1 L31 16 L16 31 L1 16 Z" fill="{CONCERN_ORANGE}"/>')
        parts.append(_letter("F"))
    elif assurance == Assurance.INCONSISTENT:
        parts.append(f'<circle cx="16" cy="16" r="14" fill="{COMMON_GREY}"/>')
        parts.append(_letter("?"))
    else:
        parts.append(
            f'<circle cx="16" cy="16" r="14" fill="#ffffff" stroke="{COMMON_GREY}" stroke-width="2" '
            'stroke-dasharray="4 3"/>'
        )
        parts.append(f'<path d="M10 16 h12" stroke="{COMMON_GREY}" stroke-width="2.5" stroke-linecap="round"/>')
    parts.append("</svg>")
    return "".join(parts)
