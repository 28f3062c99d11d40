"""The demo's tool content and usage, the yearly report's section, the counter and the topic pages' links."""

from __future__ import annotations

from datetime import date

import pytest

from hub.core.models import Theme
from hub.core.periods import FinancialYear
from hub.core.registry import registry
from hub.tools import demo
from hub.tools.models import AgeBand, Behaviour, HarmMatrixCell, Tool, ToolTopic, ToolUse
from hub.tools.reports import report_sections

pytestmark = pytest.mark.django_db


def _counts():
    return [model.objects.count() for model in (AgeBand, Behaviour, HarmMatrixCell, ToolTopic, ToolUse)]


def test_the_demo_has_four_age_bands_each_with_every_category():
    demo.load(lambda line: None)
    assert list(AgeBand.objects.values_list("label", flat=True)) == [
        "0 to 4 years",
        "5 to 9 years",
        "10 to 13 years",
        "14 to 17 years",
    ]
    for band in AgeBand.objects.all():
        assert set(band.behaviours.values_list("category__key", flat=True)) == {
            "healthy",
            "problematic",
            "concerning",
            "abusive",
        }
    assert HarmMatrixCell.objects.count() == 9
    assert ToolUse.objects.filter(month__gte=date(2021, 4, 1), month__lte=date(2023, 3, 1)).count() == 2 * 12 * 4


def test_running_the_demo_twice_writes_nothing_the_second_time():
    lines = []
    demo.load(lines.append)
    first = _counts()
    ToolUse.objects.filter(tool=Tool.CHRONOLOGY).update(count=1)
    lines.clear()
    demo.load(lines.append)
    assert _counts() == first
    assert lines == []
    assert set(ToolUse.objects.filter(tool=Tool.CHRONOLOGY).values_list("count", flat=True)) == {1}


def test_the_report_counts_uses_per_tool_per_month_of_the_financial_year():
    ToolUse.objects.create(tool=Tool.HARM_MATRIX, month=date(2021, 4, 1), count=5)
    ToolUse.objects.create(tool=Tool.HARM_MATRIX, month=date(2022, 3, 1), count=7)
    ToolUse.objects.create(tool=Tool.SCALING, month=date(2021, 4, 1), count=2)
    ToolUse.objects.create(tool=Tool.SCALING, month=date(2022, 4, 1), count=100)  # the next year
    ToolUse.objects.create(tool=Tool.CHRONOLOGY, month=date(2021, 3, 1), count=3)  # the year before
    (section,) = report_sections("2021-22")
    assert section.title == "Practitioner tools 2021/22"
    assert section.figures[0].value == 14
    months = section.table("tools-uses-by-month")
    assert months.headers == ["Month", *[tool.label for tool in Tool], "All tools"]
    assert months.rows[0] == ["April 2021", 0, 5, 0, 2, 7]
    assert months.rows[-1] == ["March 2022", 0, 7, 0, 0, 7]
    years = section.table("tools-uses-by-year")
    assert years.rows[-1] == ["All tools", 3, 14]
    assert section.as_dict()["key"] == "tools-2021-22"


def test_the_report_section_is_registered():
    assert registry.report_sections["tools"](FinancialYear(2021))[0].slug == "tools-2021-22"


def test_counting_a_use_adds_one_to_the_month():
    ToolUse.record(Tool.SCALING, on=date(2022, 5, 17))
    ToolUse.record(Tool.SCALING, on=date(2022, 5, 30))
    ToolUse.record(Tool.SCALING, on=date(2022, 6, 1))
    assert list(ToolUse.objects.order_by("month").values_list("month", "count")) == [
        (date(2022, 5, 1), 2),
        (date(2022, 6, 1), 1),
    ]


def test_topic_pages_list_the_tools_linked_to_their_theme():
    theme = Theme.objects.create(name="Signs of Safety", slug="signs-of-safety")
    other = Theme.objects.create(name="Neglect example", slug="neglect-example")
    topic = ToolTopic.objects.create(tool=Tool.SCALING, summary="Ratings to a chart.")
    topic.themes.add(theme)
    items = registry.items_for_theme(theme)
    tool_items = [item for item in items if item.kind == "Practitioner tools"]
    assert [(item.title, item.url, item.summary) for item in tool_items] == [
        ("Scaling-question summary", "/tools/scaling/", "Ratings to a chart.")
    ]
    assert not [item for item in registry.items_for_theme(other) if item.kind == "Practitioner tools"]


def test_the_main_menu_offers_the_tools_to_everyone():
    (item,) = [item for item in registry.navigation if item.url_name == "tools:index"]
    assert item.label == "Practitioner tools"
    assert item.visible(None)
