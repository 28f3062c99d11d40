"""Extension points through which apps contribute to shared pages without importing each other.

- ``theme_items``: each app registers a function ``items_for_theme(theme)`` returning
  ``ThemeItem`` rows, so a topic page can list courses, briefings or findings for a theme.
- ``report_sections``: each app registers ``report_sections(year)``; the yearly report
  assembles what they return.
- ``account_sections``: cards on the signed-in person's account page.
- ``demo_loaders``: each app adds its part of the demo partnership to ``load_demo``.
- ``navigation``: the site's main menu; each app adds its own entries.
- ``action_filters``: an app that raises actions can offer a filter on the tracker (the
  governance app offers "group").
- ``content_sources``: records an app offers for other apps' editors to pick (a bulletin picks
  a course by key ``"training.course:<uuid>"`` without importing the training app).
- ``action_outputs``: what an app made in response to tracker actions (a course, a 7-minute
  briefing, a resource), with short lines of evidence of its reach and impact; the action page
  and the improvement themes show them without importing the app that made them.
- ``periodic_jobs``: work that must happen on a clock (publishing scheduled pages, sending
  reminders); ``manage.py run_periodic``, started every few minutes by cron or a systemd timer,
  runs them all (docs/operations/periodic-jobs.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ThemeItem:
    kind: str
    title: str
    url: str
    summary: str = ""
    date: Any = None


@dataclass
class ActionFilter:
    name: str
    label: str
    choices: Callable[[], Iterable[tuple[str, str]]]
    apply: Callable[[Any, str], Any]


@dataclass(frozen=True)
class NavigationItem:
    """A main-menu entry. ``url`` (a function returning a path, or None to hide the entry) is for
    destinations without a URL name, such as a Wagtail page; otherwise ``url_name`` is reversed."""

    label: str
    url_name: str
    visible: Callable[[Any], bool]
    order: int = 50
    url: Callable[[], str | None] | None = None


@dataclass(frozen=True)
class ContentSource:
    """Records of one kind that editors can pick, for example upcoming courses.

    ``choices()`` lists ``(key, label)`` pairs with keys unique within the kind; ``resolve(keys)``
    returns a ``ThemeItem`` for each key that still exists (missing keys are left out).
    """

    kind: str
    label: str
    choices: Callable[[], Iterable[tuple[str, str]]]
    resolve: Callable[[list[str]], dict[str, ThemeItem]]


@dataclass(frozen=True)
class ActionOutput:
    """Something made in response to a tracker action, as the action page lists it.

    ``kind`` is what it is in people's words ("Course", "7-minute briefing", "Resource");
    ``url`` may be empty when there is no page to link to (a draft resource, an unpublished
    course); ``evidence`` holds short lines of what it reached and changed ("42 impact
    follow-ups answered").
    """

    action_id: int
    kind: str
    title: str
    url: str = ""
    summary: str = ""
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PeriodicJob:
    """Work ``run_periodic`` does on every run. ``run(log)`` must be idempotent and quick to skip.

    It is called every few minutes whether or not anything is due, so it looks for due work and
    does only that; ``log`` takes one line of text for the command's output.
    """

    name: str
    run: Callable[[Callable[[str], None]], None]
    description: str = ""


@dataclass
class Registry:
    theme_items: dict[str, Callable] = field(default_factory=dict)
    report_sections: dict[str, Callable] = field(default_factory=dict)
    action_filters: dict[str, ActionFilter] = field(default_factory=dict)
    navigation: list[NavigationItem] = field(default_factory=list)
    account_sections: list[Callable] = field(default_factory=list)
    demo_loaders: list[tuple[int, str, Callable]] = field(default_factory=list)
    content_sources: dict[str, ContentSource] = field(default_factory=dict)
    periodic_jobs: dict[str, PeriodicJob] = field(default_factory=dict)
    action_outputs: dict[str, Callable] = field(default_factory=dict)

    def register_demo_loader(self, app_label: str, loader: Callable, *, order: int = 50) -> None:
        """``loader(log)`` adds an app's demo records idempotently; lower ``order`` runs first.

        ``log`` is a function taking one line of text for the command's output.
        """
        self.demo_loaders = sorted([*self.demo_loaders, (order, app_label, loader)], key=lambda row: row[0])

    def register_account_section(self, provider: Callable) -> None:
        """``provider(request)`` returns a dict (title, url, description, items) or None."""
        self.account_sections.append(provider)

    def register_navigation(self, item: NavigationItem) -> None:
        self.navigation = sorted([*self.navigation, item], key=lambda i: i.order)

    def register_theme_items(self, app_label: str, provider: Callable) -> None:
        self.theme_items[app_label] = provider

    def register_report_sections(self, app_label: str, provider: Callable) -> None:
        self.report_sections[app_label] = provider

    def register_action_filter(self, action_filter: ActionFilter) -> None:
        self.action_filters[action_filter.name] = action_filter

    def register_periodic_job(self, name: str, run: Callable, *, description: str = "") -> None:
        """Add a job for ``run_periodic``; ``name`` is dotted (``website.publish_scheduled``) and unique."""
        self.periodic_jobs[name] = PeriodicJob(name=name, run=run, description=description)

    def register_action_outputs(self, app_label: str, provider: Callable) -> None:
        """``provider(action_ids, year=None)`` returns ``ActionOutput`` rows for those actions.

        With ``year`` (a ``FinancialYear``) the evidence lines count only that year's activity.
        A provider answers in a fixed number of queries, however many actions it is asked about.
        """
        self.action_outputs[app_label] = provider

    def outputs_for_actions(self, action_ids: Iterable[int], *, year=None) -> dict[int, list[ActionOutput]]:
        """Every app's outputs for ``action_ids``, grouped by action id, each group sorted by kind and title."""
        ids = sorted({int(action_id) for action_id in action_ids})
        grouped: dict[int, list[ActionOutput]] = {}
        if not ids:
            return grouped
        for provider in self.action_outputs.values():
            for output in provider(ids, year=year):
                grouped.setdefault(output.action_id, []).append(output)
        for outputs in grouped.values():
            outputs.sort(key=lambda output: (output.kind, output.title.lower()))
        return grouped

    def register_content_source(self, source: ContentSource) -> None:
        self.content_sources[source.kind] = source

    def content_choices(self) -> list[tuple[str, str]]:
        """Every pickable record as ``("kind:key", "Kind label: record label")``."""
        return [
            (f"{source.kind}:{key}", f"{source.label}: {label}")
            for source in self.content_sources.values()
            for key, label in source.choices()
        ]

    def resolve_content(self, references: Iterable[str]) -> dict[str, ThemeItem]:
        """Look up ``"kind:key"`` references in as few calls as there are kinds."""
        wanted: dict[str, list[str]] = {}
        for reference in references:
            kind, _, key = reference.partition(":")
            if kind in self.content_sources and key:
                wanted.setdefault(kind, []).append(key)
        found: dict[str, ThemeItem] = {}
        for kind, keys in wanted.items():
            for key, item in self.content_sources[kind].resolve(keys).items():
                found[f"{kind}:{key}"] = item
        return found

    def items_for_theme(self, theme) -> list[ThemeItem]:
        items: list[ThemeItem] = []
        for provider in self.theme_items.values():
            items.extend(provider(theme))
        return items


registry = Registry()
