"""The tools on the website's topic pages: each theme's page lists the tools the business unit linked to it."""

from __future__ import annotations

from hub.core.registry import ThemeItem

KIND = "Practitioner tools"


def tools_for_theme(theme) -> list[ThemeItem]:
    from hub.tools.models import ToolTopic, tool_url

    return [
        ThemeItem(kind=KIND, title=topic.get_tool_display(), url=tool_url(topic.tool), summary=topic.summary)
        for topic in ToolTopic.objects.filter(themes=theme).order_by("tool")
    ]
