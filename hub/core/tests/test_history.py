"""history_for and the history partial: field changes and audit entries of one record, newest first."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from hub.core.history import history_for
from hub.core.models import Action
from hub.core.services import record_progress, update_action
from hub.core.tests.permission_matrix_actions import make_action

START = datetime(2022, 6, 1, 9, tzinfo=ZoneInfo("Europe/London"))


def _changes(event) -> dict:
    return {change.label: (change.before, change.after) for change in event.changes}


def test_changes_show_before_and_after_in_words_with_who_made_them(personas, time_machine):
    time_machine.move_to(START, tick=False)
    action = make_action(personas)
    time_machine.move_to(START + timedelta(hours=1), tick=False)
    update_action(actor=personas.business_unit, action=action, owner=personas.spoc_a, due_on=date(2030, 9, 30))

    changed = next(event for event in history_for(action) if event.what == "Changed")

    assert _changes(changed) == {
        "Owner": (str(personas.practitioner), str(personas.spoc_a)),
        "Due on": ("31 March 2030", "30 September 2030"),
    }


def test_choices_are_shown_by_their_labels(personas, time_machine):
    time_machine.move_to(START, tick=False)
    action = make_action(personas)
    time_machine.move_to(START + timedelta(hours=1), tick=False)
    record_progress(actor=personas.practitioner, action=action, note="Started", status=Action.Status.IN_PROGRESS)

    changed = next(event for event in history_for(action) if event.what == "Changed")

    assert _changes(changed)["Status"] == ("Not started", "In progress")


def test_field_changes_and_audit_entries_are_merged_newest_first(personas, time_machine):
    time_machine.move_to(START, tick=False)
    action = make_action(personas)
    time_machine.move_to(START + timedelta(hours=1), tick=False)
    record_progress(actor=personas.practitioner, action=action, note="Started", status=Action.Status.IN_PROGRESS)
    time_machine.move_to(START + timedelta(hours=2), tick=False)
    update_action(actor=personas.business_unit, action=action, title="Renamed")

    events = history_for(action)

    assert [event.when for event in events] == sorted((event.when for event in events), reverse=True)
    audit = [event.what for event in events if event.what not in {"Created", "Changed"}]
    assert audit == ["Action updated", "Progress recorded", "Action raised"]
    assert events[-1].what == "Created"
    assert {event.who for event in events if event.what == "Action updated"} == {str(personas.business_unit)}


def test_creation_lists_the_values_the_record_started_with(personas):
    action = make_action(personas, title="Start")

    created = next(event for event in history_for(action) if event.what == "Created")

    assert _changes(created)["Title"] == ("", "Start")
    assert "Uuid" not in _changes(created)


def test_a_long_history_takes_the_same_number_of_queries_as_a_short_one(personas, time_machine):
    time_machine.move_to(START, tick=False)
    short = make_action(personas)
    update_action(actor=personas.business_unit, action=short, owner=personas.spoc_a)
    long = make_action(personas)
    for number in range(20):
        time_machine.move_to(START + timedelta(minutes=number + 1), tick=False)
        owner = personas.spoc_a if number % 2 else personas.practitioner
        update_action(actor=personas.business_unit, action=long, owner=owner, title=f"Title {number}")

    with CaptureQueriesContext(connection) as short_queries:
        history_for(short)
    with CaptureQueriesContext(connection) as long_queries:
        history_for(long)

    assert len(long_queries) == len(short_queries)


def test_the_partial_renders_each_event_with_a_table_of_changes(personas, time_machine):
    time_machine.move_to(START, tick=False)
    action = make_action(personas)
    time_machine.move_to(START + timedelta(hours=1), tick=False)
    update_action(actor=personas.business_unit, action=action, title="Renamed <b>action</b>")

    html = render_to_string("core/_history.html", {"history": history_for(action)})

    assert '<h2 class="govuk-heading-m" id="history-heading">History</h2>' in html
    assert "<strong>Changed</strong> by " + str(personas.business_unit) in html
    assert "Renamed &lt;b&gt;action&lt;/b&gt;" in html
    assert '<th scope="row" class="govuk-table__header">Title</th>' in html
    assert "1 June 2022 at 10am" in html


def test_the_partial_says_when_there_is_no_history():
    html = render_to_string("core/_history.html", {"history": []})

    assert "No changes have been recorded." in html
