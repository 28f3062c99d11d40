import re
import xml.etree.ElementTree as ET

import pytest

from hub.scorecards import charts
from hub.scorecards.charts import (
    CONCERN_ORANGE,
    IMPROVEMENT_BLUE,
    assurance_icon,
    describe,
    format_value,
    render_svg,
    variation_icon,
)
from hub.scorecards.spc import Assurance, Variation, analyse

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
BASELINE = [12, 10] * 6  # mean 11, limits 5.68 to 16.32
QUARTERS = [f"Q{i % 4 + 1} {2020 + i // 4}" for i in range(13)]


def parse(svg):
    return ET.fromstring(svg)  # noqa: S314  (our own output, not untrusted input)


def group(root, gid):
    return root.find(f".//{SVG}g[@id='{gid}']")


def with_astronomical_point():
    return analyse(BASELINE + [20], labels=QUARTERS, freeze_after=12, direction="increase", target=8)


def test_chart_is_valid_inline_svg_labelled_by_its_title_and_description():
    analysis = with_astronomical_point()
    svg = render_svg(analysis, title="Children seen within 10 days", unit="%", chart_id="seen")
    assert not svg.startswith("<?xml")
    assert "<!DOCTYPE" not in svg
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "seen-title seen-desc"
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert root.get("viewBox") == "0 0 576 302.4"
    assert root.find(f"{SVG}title[@id='seen-title']").text == "Children seen within 10 days"
    assert root.find(f"{SVG}desc[@id='seen-desc']").text == describe(
        analysis, name="Children seen within 10 days", unit="%"
    )


def test_chart_keeps_text_as_text_and_needs_no_inline_styles():
    svg = render_svg(with_astronomical_point(), title="Seen", unit="%")
    texts = {element.text for element in parse(svg).iter(f"{SVG}text")}
    assert {"Q1 2020", "Q1 2023", "Mean", "Process limits", "Target (8%)"} <= texts
    # The site's Content Security Policy blocks inline styles, so presentation attributes are used.
    assert " style=" not in svg
    assert "<style" not in svg
    assert "<metadata" not in svg


def test_same_analysis_gives_identical_bytes():
    # Drawn twice, not served from the cache the second time.
    first = charts._render(
        with_astronomical_point(), title="Seen", unit="", value_format=None, chart_id="c", benchmarks={}
    )
    second = charts._render(
        with_astronomical_point(), title="Seen", unit="", value_format=None, chart_id="c", benchmarks={}
    )
    assert first == second


@pytest.fixture
def drawings(monkeypatch):
    """The charts actually drawn (not served from the cache), as their titles."""
    drawn = []
    draw = charts._render

    def counting(analysis, **options):
        drawn.append(options["title"])
        return draw(analysis, **options)

    monkeypatch.setattr(charts, "_render", counting)
    return drawn


def test_a_chart_is_drawn_once_and_then_served_from_the_cache(drawings):
    title = "Cached chart"
    first = render_svg(with_astronomical_point(), title=title, value_format=lambda v: f"{v:.1f}")
    again = render_svg(with_astronomical_point(), title=title, value_format=lambda v: f"{v:.1f}")
    assert again == first
    assert drawings == [title]


def test_new_data_a_new_format_or_a_new_id_draws_the_chart_again(drawings):
    title = "Changing chart"
    render_svg(analyse(BASELINE + [20], labels=QUARTERS), title=title, chart_id="one")
    render_svg(analyse(BASELINE + [21], labels=QUARTERS), title=title, chart_id="one")
    render_svg(analyse(BASELINE + [21], labels=QUARTERS), title=title, chart_id="two")
    render_svg(analyse(BASELINE + [21], labels=QUARTERS), title=title, chart_id="two", value_format=lambda v: f"£{v}")
    render_svg(analyse(BASELINE + [21], labels=QUARTERS), title=title, chart_id="two", benchmarks={"England": 11})
    assert len(drawings) == 5


def test_a_number_format_that_cannot_be_told_apart_is_never_served_from_the_cache(drawings):
    class Pounds:
        def __call__(self, value):
            return f"£{value:.0f}"

    for _ in range(2):
        render_svg(with_astronomical_point(), title="Uncached chart", value_format=Pounds())
    assert drawings == ["Uncached chart", "Uncached chart"]


def test_every_id_is_prefixed_so_two_charts_can_share_a_page():
    page = render_svg(with_astronomical_point(), title="A", chart_id="a") + render_svg(
        analyse(BASELINE), title="B", chart_id="b"
    )
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert all(i.startswith(("a-", "b-")) for i in ids)
    references = re.findall(r'(?:url\(#|href="#)([^")]+)', page)
    assert references
    assert set(references) <= set(ids)


def test_chart_id_must_be_a_safe_id():
    with pytest.raises(ValueError, match="chart_id"):
        render_svg(analyse(BASELINE), title="Bad", chart_id='x" onload="alert(1)')


def test_title_and_description_are_escaped():
    root = parse(render_svg(analyse(BASELINE), title="Health & <care>"))
    assert root.find(f"{SVG}title").text == "Health & <care>"


def test_special_cause_point_is_drawn_with_its_own_colour_and_marker():
    root = parse(render_svg(with_astronomical_point(), title="Seen", chart_id="c"))
    special = group(root, "c-spc-points-improvement_high")
    common = group(root, "c-spc-points-common")
    special_uses = special.findall(f".//{SVG}use")
    common_uses = common.findall(f".//{SVG}use")
    assert len(special_uses) == 1
    assert len(common_uses) == 12
    assert special_uses[0].get("fill") == IMPROVEMENT_BLUE
    # A different marker shape, not only a different colour.
    assert special_uses[0].get(XLINK_HREF) != common_uses[0].get(XLINK_HREF)
    texts = {element.text for element in root.iter(f"{SVG}text")}
    assert "Special cause: improvement (high)" in texts


def test_concern_points_use_the_concern_colour():
    analysis = analyse(BASELINE + [2], freeze_after=12, direction="increase")
    root = parse(render_svg(analysis, title="Seen", chart_id="c"))
    (use,) = group(root, "c-spc-points-concern_low").findall(f".//{SVG}use")
    assert use.get("fill") == CONCERN_ORANGE


def test_common_cause_chart_has_no_special_cause_markers():
    root = parse(render_svg(analyse(BASELINE), title="Seen", chart_id="c"))
    assert not [
        g for g in root.iter(f"{SVG}g") if g.get("id", "").startswith("c-spc-points-") and "common" not in g.get("id")
    ]
    assert group(root, "c-spc-mean-0") is not None
    assert group(root, "c-spc-limits-0") is not None


def test_missing_values_leave_a_gap_in_the_line():
    values = BASELINE[:6] + [None] + BASELINE[6:]
    root = parse(render_svg(analyse(values), title="Seen", chart_id="c"))
    (line,) = group(root, "c-spc-series").findall(f".//{SVG}path")
    assert line.get("d").count("M") == 2  # the line is drawn in two pieces
    assert len(group(root, "c-spc-points-common").findall(f".//{SVG}use")) == 12


def test_run_chart_says_so_in_its_title_and_draws_a_median_without_limits():
    analysis = analyse([3, 1, 2, 8, 4])
    root = parse(render_svg(analysis, title="Short", chart_id="c"))
    texts = {element.text for element in root.iter(f"{SVG}text")}
    assert "Short (run chart: fewer than 12 points, no limits)" in texts
    assert "Median" in texts
    assert group(root, "c-spc-median-0") is not None
    assert group(root, "c-spc-limits-0") is None


def test_rebased_chart_marks_the_boundary_and_draws_limits_per_segment():
    analysis = analyse(BASELINE + [22, 20] * 6, rebase_at=[12])
    root = parse(render_svg(analysis, title="Rebased", chart_id="c"))
    assert group(root, "c-spc-rebase-1") is not None
    assert group(root, "c-spc-limits-0") is not None
    assert group(root, "c-spc-limits-1") is not None
    assert "Limits recalculated" in {element.text for element in root.iter(f"{SVG}text")}


def test_target_range_and_benchmarks_are_drawn_and_named():
    analysis = analyse(BASELINE, target_range=(5, 17))
    root = parse(render_svg(analysis, title="Range", chart_id="c", benchmarks={"England": 12.5}, unit="%"))
    assert group(root, "c-spc-target-range") is not None
    assert group(root, "c-spc-benchmark-1") is not None
    texts = {element.text for element in root.iter(f"{SVG}text")}
    assert {"Target range", "England (12.5%)"} <= texts


def test_value_format_is_used_for_axis_and_legend():
    analysis = analyse(BASELINE, target=8)
    svg = render_svg(analysis, title="Money", value_format=lambda v: f"£{v:.1f}")
    texts = {element.text for element in parse(svg).iter(f"{SVG}text")}
    assert "Target (£8.0)" in texts
    assert "£12.0" in texts


def test_chart_without_any_values_says_so():
    root = parse(render_svg(analyse([None, None]), title="Nothing"))
    assert "No data yet" in {element.text for element in root.iter(f"{SVG}text")}
    assert root.find(f"{SVG}desc").text == "Nothing: no data yet."


def test_format_value():
    assert format_value(1234) == "1,234"
    assert format_value(12.5, "%") == "12.5%"
    assert format_value(12.345, "days") == "12.35 days"
    assert format_value(1000.0) == "1,000"
    assert format_value(3, "", lambda v: f"{v:.1f}") == "3.0"


def test_describe_common_cause_with_limits():
    text = describe(analyse(BASELINE, labels=QUARTERS[:12]), name="Referrals")
    assert text == (
        "Referrals was 10 in Q4 2022. The mean is 11, with process limits from 5.68 to 16.32. "
        "The latest point shows common cause variation."
    )


def test_describe_special_cause_and_assurance():
    text = describe(with_astronomical_point(), name="Seen on time", unit="%")
    assert text == (
        "Seen on time was 20% in Q1 2023. The mean is 11%, with process limits from 5.68% to 16.32%. "
        "The latest point shows special cause variation: improving high values "
        "(a point outside the process limits). "
        "Inconsistent: will sometimes meet and sometimes miss the target (target 8%)."
    )


def test_describe_counts_earlier_special_causes():
    analysis = analyse(BASELINE + [20, 11], freeze_after=12)
    assert "The latest point shows common cause variation; 1 earlier point showed special cause variation." in (
        describe(analysis, name="X")
    )


def test_describe_run_chart():
    text = describe(analyse([3, 1, 2, 8, 4], labels=list("ABCDE"), direction="increase", target=2), name="Audits")
    assert text == (
        "Audits was 4 in E. This is a run chart, with too few points for process limits (fewer than 12); "
        "the median is 3. The target is 2; there is no target assurance without process limits and a direction."
    )


def test_describe_rebased_target_range_passing():
    analysis = analyse(
        BASELINE + [22, 20] * 6, rebase_at=[12], target_range=(15, 30), labels=[str(y) for y in range(24)]
    )
    text = describe(analysis, name="Visits")
    assert "Since 12, the mean is 21, with process limits from 15.68 to 26.32." in text
    assert text.endswith("Consistently passing the target (target range 15 to 30).")


def test_describe_failing_target():
    text = describe(analyse(BASELINE, direction="decrease", target=5), name="Waits")
    assert text.endswith("Consistently failing the target (target 5).")


def test_variation_icons_are_hidden_from_assistive_technology_and_distinct():
    icons = {variation: variation_icon(variation) for variation in Variation}
    assert len(set(icons.values())) == len(Variation)
    for icon in icons.values():
        root = parse(icon)
        assert root.get("aria-hidden") == "true"
        assert root.get("width") == "32"
    letters = {variation: [t.text for t in parse(icon).iter(f"{SVG}text")] for variation, icon in icons.items()}
    assert letters[Variation.IMPROVEMENT_HIGH] == ["H"]
    assert letters[Variation.CONCERN_LOW] == ["L"]
    assert letters[Variation.NEUTRAL_HIGH] == ["H"]
    assert letters[Variation.COMMON] == []
    # Improvement and concern differ in shape, not only colour: a circle against a diamond.
    assert parse(icons[Variation.IMPROVEMENT_HIGH]).find(f"{SVG}circle") is not None
    assert parse(icons[Variation.CONCERN_HIGH]).find(f"{SVG}circle") is None
    assert IMPROVEMENT_BLUE in icons[Variation.IMPROVEMENT_LOW]
    assert CONCERN_ORANGE in icons[Variation.CONCERN_HIGH]


@pytest.mark.parametrize(
    ("assurance", "letter"),
    [(Assurance.PASS, "P"), (Assurance.FAIL, "F"), (Assurance.INCONSISTENT, "?"), (Assurance.NONE, None)],
)
def test_assurance_icons_carry_a_letter(assurance, letter):
    root = parse(assurance_icon(assurance))
    assert root.get("aria-hidden") == "true"
    assert [t.text for t in root.iter(f"{SVG}text")] == ([letter] if letter else [])
    assert f"spc-icon--{assurance}" in root.get("class")
