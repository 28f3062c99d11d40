"""/actions/: the whole tracker with its filter panel, for the business unit and read-only readers."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.core.forms.actions import rag_condition
from hub.core.models import Action, AuditEntry, Theme
from hub.core.registry import ActionFilter, registry
from hub.core.services import record_progress
from hub.core.tests.permission_matrix_actions import make_action
from hub.testing import assert_same_query_count

URL = reverse("core:action-list")
TODAY = date(2022, 6, 1)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2022, 6, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


@pytest.fixture
def neglect(db):
    return Theme.objects.create(name="Neglect", slug="neglect")


def _page(client, query: str = "") -> str:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_business_unit_sees_every_action_and_can_raise_one(personas, client_for):
    in_a = make_action(personas, title="Agency A action")
    in_b = make_action(personas, owner="spoc_b", owner_agency=personas.agency_b, title="Agency B action")

    page = _page(client_for(personas.business_unit))

    assert in_a.reference in page and in_b.reference in page
    assert reverse("core:action-create") in page
    assert reverse("core:action-progress", args=[in_a.uuid]) in page


@pytest.mark.parametrize("persona", ["executive", "scrutineer"])
def test_executive_and_scrutineer_read_the_tracker_without_ways_to_change_it(personas, client_for, persona):
    action = make_action(personas)

    page = _page(client_for(getattr(personas, persona)))

    assert action.reference in page
    assert reverse("core:action-create") not in page
    assert reverse("core:action-progress", args=[action.uuid]) not in page


@pytest.mark.parametrize("persona", ["outsider", "practitioner", "spoc_a", "spoc_b", "manager"])
def test_others_get_page_not_found_and_the_refusal_is_logged(personas, client_for, persona):
    make_action(personas)

    response = client_for(getattr(personas, persona)).get(URL)

    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="core.permission.refused", actor=getattr(personas, persona)).exists()


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign-in"))


def test_text_search_matches_reference_title_and_description(personas, client_for):
    by_title = make_action(personas, title="Review the escalation policy")
    by_description = make_action(personas, title="Other", description="Covers the ESCALATION route")
    unrelated = make_action(personas, title="Unrelated")
    client = client_for(personas.business_unit)

    page = _page(client, "q=escalation")
    assert by_title.reference in page and by_description.reference in page
    assert unrelated.reference not in page

    page = _page(client, f"q={unrelated.reference}")
    assert unrelated.reference in page and by_title.reference not in page


def test_filters_by_agency_theme_status_and_owner(personas, client_for, neglect):
    themed = make_action(personas, theme=neglect)
    other_agency = make_action(personas, owner="spoc_b", owner_agency=personas.agency_b)
    started = make_action(personas, owner="spoc_a")
    record_progress(actor=personas.spoc_a, action=started, note="Begun", status="in-progress")
    client = client_for(personas.business_unit)

    page = _page(client, "agency=agb")
    assert other_agency.reference in page and themed.reference not in page

    page = _page(client, "theme=neglect")
    assert themed.reference in page and started.reference not in page

    page = _page(client, "status=in-progress")
    assert started.reference in page and themed.reference not in page

    page = _page(client, f"owner={personas.spoc_a.uuid}")
    assert started.reference in page and themed.reference not in page and other_agency.reference not in page


def test_rag_filter_finds_overdue_due_soon_on_track_and_completed_actions(personas, client_for):
    overdue = make_action(personas, due_on=TODAY - timedelta(days=1))
    due_soon = make_action(personas, due_on=TODAY + timedelta(days=7))
    on_track = make_action(personas, due_on=TODAY + timedelta(days=100))
    done = make_action(personas, due_on=TODAY - timedelta(days=30))
    record_progress(actor=personas.practitioner, action=done, note="Done", status="completed", evidence="Minutes")
    client = client_for(personas.business_unit)
    everyone = {overdue, due_soon, on_track, done}

    for rag, expected in (("red", overdue), ("amber", due_soon), ("green", on_track), ("complete", done)):
        page = _page(client, f"rag={rag}")
        assert expected.reference in page, rag
        for other in everyone - {expected}:
            assert other.reference not in page, (rag, other.reference)


def test_rag_filter_in_the_database_agrees_with_the_rag_each_action_shows(personas, time_machine):
    dues = [TODAY + timedelta(days=offset) for offset in (-40, -1, 0, 1, 13, 14, 15, 60, 200)]
    for due in dues:
        make_action(personas, due_on=due)
    # Actions last updated long ago show amber even when due later.
    time_machine.move_to(datetime(2022, 1, 2, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)
    for due in dues:
        make_action(personas, due_on=due)
    time_machine.move_to(datetime(2022, 6, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)
    stale = Action.objects.filter(created_at__lt=timezone.now() - timedelta(days=100)).first()
    record_progress(actor=personas.practitioner, action=stale, note="Done", status="completed", evidence="Minutes")
    cancelled = Action.objects.filter(status="not-started").last()
    record_progress(actor=personas.practitioner, action=cancelled, note="No longer needed", status="cancelled")

    for rag in Action.Rag.values:
        in_database = set(Action.objects.filter(rag_condition(rag, TODAY)).values_list("pk", flat=True))
        in_python = {action.pk for action in Action.objects.all() if action.rag(TODAY) == rag}
        assert in_database == in_python, rag


def test_filters_other_apps_registered_are_shown_and_applied(personas, client_for, monkeypatch):
    kept = make_action(personas, title="Raised by the group")
    dropped = make_action(personas, title="Raised elsewhere")
    group_filter = ActionFilter(
        name="group",
        label="Group",
        choices=lambda: [("plg", "Performance and Learning")],
        apply=lambda queryset, value: queryset.filter(pk=kept.pk) if value == "plg" else queryset.none(),
    )
    monkeypatch.setitem(registry.action_filters, "group", group_filter)
    client = client_for(personas.business_unit)

    page = _page(client)
    assert '<option value="plg">Performance and Learning</option>' in page

    page = _page(client, "group=plg")
    assert kept.reference in page and dropped.reference not in page


def test_a_filter_value_that_is_not_in_the_list_gets_a_clear_message_not_an_error(personas, client_for):
    action = make_action(personas)

    page = _page(client_for(personas.business_unit), "agency=nowhere&status=lost&owner=not-a-uuid")

    assert "There is a problem" in page
    assert "Select an agency from the list" in page
    assert "Select a status from the list" in page
    assert "<title>Error: " in page
    assert action.reference in page


def test_pages_hold_50_actions_and_page_links_keep_the_filters(personas, client_for):
    for number in range(51):
        make_action(personas, title=f"Numbered action {number}")
    client = client_for(personas.business_unit)

    first = _page(client, "q=Numbered")
    assert first.count("Numbered action") == 50
    assert "51</strong> actions match the filters, showing 1 to 50" in first
    assert 'href="?q=Numbered&amp;page=2"' in first

    second = _page(client, "q=Numbered&page=2")
    assert second.count("Numbered action") == 1

    assert _page(client, "q=Numbered&page=999").count("Numbered action") == 1


def test_export_links_carry_the_filters(personas, client_for):
    make_action(personas)

    page = _page(client_for(personas.business_unit), "rag=green&page=1")

    assert f'href="{reverse("core:action-export-csv")}?rag=green"' in page
    assert f'href="{reverse("core:action-export-xlsx")}?rag=green"' in page


@pytest.mark.parametrize("query", ["", "agency=aga&theme=neglect&rag=green&group=x&q=listed"])
def test_the_page_runs_the_same_number_of_queries_for_1_and_50_actions(
    personas, client_for, neglect, monkeypatch, query
):
    monkeypatch.setitem(
        registry.action_filters,
        "group",
        ActionFilter(name="group", label="Group", choices=lambda: [("x", "X")], apply=lambda qs, value: qs),
    )

    def make_rows(count):
        for number in range(count):
            owner = "spoc_a" if number % 2 else "practitioner"
            make_action(personas, owner=owner, theme=neglect, title=f"Listed action {number}")

    response = assert_same_query_count(client_for(personas.business_unit), f"{URL}?{query}", make_rows)

    assert response.content.decode().count("Listed action") == 50
