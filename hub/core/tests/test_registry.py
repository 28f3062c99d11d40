"""The registry lets apps contribute to shared pages without importing each other."""

import pytest
from django.contrib.auth.models import AnonymousUser

from hub.core.registry import ActionFilter, ContentSource, NavigationItem, Registry, ThemeItem


@pytest.fixture
def registry():
    return Registry()


def test_demo_loaders_run_in_order_whatever_order_they_register_in(registry):
    calls = []
    registry.register_demo_loader("governance", lambda log: calls.append("governance"), order=20)
    registry.register_demo_loader("training", lambda log: calls.append("training"))
    registry.register_demo_loader("core", lambda log: calls.append("core"), order=10)
    assert [label for _, label, _ in registry.demo_loaders] == ["core", "governance", "training"]
    for _, _, loader in registry.demo_loaders:
        loader(print)
    assert calls == ["core", "governance", "training"]


def test_loaders_with_the_same_order_keep_their_registration_order(registry):
    registry.register_demo_loader("first", lambda log: None, order=30)
    registry.register_demo_loader("second", lambda log: None, order=30)
    assert [label for _, label, _ in registry.demo_loaders] == ["first", "second"]


def test_navigation_is_sorted_by_order(registry):
    registry.register_navigation(NavigationItem("Training", "training:list", lambda user: True, order=30))
    registry.register_navigation(NavigationItem("Home", "home", lambda user: True, order=0))
    registry.register_navigation(NavigationItem("Actions", "core:action-list", lambda user: False))
    assert [item.label for item in registry.navigation] == ["Home", "Training", "Actions"]
    visible = [item.label for item in registry.navigation if item.visible(AnonymousUser())]
    assert visible == ["Home", "Training"]


def test_items_for_a_theme_gather_every_app_provider(registry):
    registry.register_theme_items(
        "training", lambda theme: [ThemeItem("Course", f"{theme} awareness", "/training/neglect-awareness/")]
    )
    registry.register_theme_items(
        "website", lambda theme: [ThemeItem("Briefing", f"7-minute briefing: {theme}", "/b/")]
    )
    items = registry.items_for_theme("Neglect")
    assert [(item.kind, item.title) for item in items] == [
        ("Course", "Neglect awareness"),
        ("Briefing", "7-minute briefing: Neglect"),
    ]


def test_registering_a_provider_again_replaces_it(registry):
    registry.register_theme_items("training", lambda theme: [ThemeItem("Course", "Old", "/old/")])
    registry.register_theme_items("training", lambda theme: [ThemeItem("Course", "New", "/new/")])
    assert [item.title for item in registry.items_for_theme("Neglect")] == ["New"]


def test_report_sections_and_account_sections_are_kept_per_app(registry):
    registry.register_report_sections("training", lambda year: ["training section"])
    registry.register_account_section(lambda request: {"title": "Your bookings"})
    registry.register_account_section(lambda request: None)
    assert registry.report_sections["training"]("2021-22") == ["training section"]
    sections = [provider(None) for provider in registry.account_sections]
    assert sections == [{"title": "Your bookings"}, None]


def test_action_filters_are_found_by_name(registry):
    group_filter = ActionFilter(
        name="group",
        label="Group",
        choices=lambda: [("plg", "Performance and Learning Group")],
        apply=lambda queryset, value: [row for row in queryset if row["group"] == value],
    )
    registry.register_action_filter(group_filter)
    chosen = registry.action_filters["group"]
    assert list(chosen.choices()) == [("plg", "Performance and Learning Group")]
    assert chosen.apply([{"group": "plg"}, {"group": "idg"}], "plg") == [{"group": "plg"}]


def test_the_project_registry_has_core_demo_loader_first():
    from hub.core.registry import registry as project_registry

    orders = [order for order, _, _ in project_registry.demo_loaders]
    assert orders == sorted(orders)
    labels = [label for _, label, _ in project_registry.demo_loaders]
    if "core" in labels:
        assert labels[0] == "core"


def _course_source():
    courses = {"c1": "Neglect: level 2", "c2": "Signs of Safety"}
    return ContentSource(
        kind="training.course",
        label="Course",
        choices=lambda: list(courses.items()),
        resolve=lambda keys: {
            key: ThemeItem("Course", courses[key], f"/training/{key}/") for key in keys if key in courses
        },
    )


def test_content_choices_name_each_record_by_kind_and_key(registry):
    registry.register_content_source(_course_source())
    assert registry.content_choices() == [
        ("training.course:c1", "Course: Neglect: level 2"),
        ("training.course:c2", "Course: Signs of Safety"),
    ]


def test_resolving_content_leaves_out_records_that_no_longer_exist_and_unknown_kinds(registry):
    registry.register_content_source(_course_source())
    found = registry.resolve_content(["training.course:c2", "training.course:gone", "reviews.case:1", "nonsense"])
    assert list(found) == ["training.course:c2"]
    assert found["training.course:c2"].url == "/training/c2/"


def test_a_menu_entry_can_name_its_address_with_a_function_and_hides_when_it_has_none(registry, rf, monkeypatch):
    from hub.core import context_processors

    everyone = lambda user: True  # noqa: E731
    registry.register_navigation(NavigationItem("Resources", "", everyone, order=10, url=lambda: "/resources/"))
    registry.register_navigation(NavigationItem("Unpublished", "", everyone, order=20, url=lambda: None))
    monkeypatch.setattr(context_processors, "registry", registry)
    request = rf.get("/resources/neglect-toolkit/")
    request.user = AnonymousUser()
    assert context_processors._navigation(request) == [{"label": "Resources", "url": "/resources/", "current": True}]
