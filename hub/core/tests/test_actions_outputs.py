"""What an action produced: the registry's ``action_outputs`` and the action page's section."""

from __future__ import annotations

import pytest

from hub.core.registry import ActionOutput, Registry, registry
from hub.core.tests.permission_matrix_actions import make_action


def test_outputs_are_gathered_from_every_app_and_grouped_by_action():
    local = Registry()
    calls = []

    def courses(action_ids, *, year=None):
        calls.append(("courses", list(action_ids), year))
        return [
            ActionOutput(action_id=1, kind="Course", title="Voice of the child", evidence=["12 people attended"]),
            ActionOutput(action_id=2, kind="Course", title="Cumulative harm"),
        ]

    def briefings(action_ids, *, year=None):
        calls.append(("briefings", list(action_ids), year))
        return [ActionOutput(action_id=1, kind="7-minute briefing", title="Neglect", evidence=["Used 3 times"])]

    local.register_action_outputs("training", courses)
    local.register_action_outputs("website", briefings)

    grouped = local.outputs_for_actions([2, 1, 2], year="2021/22")

    assert [(o.kind, o.title) for o in grouped[1]] == [
        ("7-minute briefing", "Neglect"),
        ("Course", "Voice of the child"),
    ]
    assert [o.title for o in grouped[2]] == ["Cumulative harm"]
    assert calls == [("courses", [1, 2], "2021/22"), ("briefings", [1, 2], "2021/22")]


def test_no_actions_means_no_provider_is_asked():
    local = Registry()
    local.register_action_outputs("training", lambda ids, *, year=None: pytest.fail("should not be asked"))

    assert local.outputs_for_actions([]) == {}


@pytest.fixture
def fake_outputs(monkeypatch):
    """Replace the registered providers with one that answers for the actions the test names."""
    answers: dict[int, list[ActionOutput]] = {}

    def provider(action_ids, *, year=None):
        return [output for action_id in action_ids for output in answers.get(action_id, [])]

    monkeypatch.setattr(registry, "action_outputs", {"test": provider})
    return answers


def test_the_action_page_lists_what_the_action_produced_with_its_evidence(personas, client_for, fake_outputs):
    action = make_action(personas, title="Train practitioners on cumulative harm")
    other = make_action(personas, title="Something else")
    fake_outputs[action.pk] = [
        ActionOutput(
            action_id=action.pk,
            kind="Course",
            title="Cumulative harm",
            url="/training/courses/cumulative-harm/",
            summary="Seeing harm build up.",
            evidence=["42 impact follow-ups answered of 50 sent (84%)"],
        ),
        ActionOutput(action_id=action.pk, kind="7-minute briefing", title="Draft briefing", evidence=["Used 31 times"]),
    ]
    fake_outputs[other.pk] = [ActionOutput(action_id=other.pk, kind="Course", title="Not this one")]

    page = client_for(personas.business_unit).get(action.get_absolute_url()).content.decode()

    assert '<h2 class="govuk-heading-m" id="outputs-heading">What this action produced</h2>' in page
    assert '<a class="govuk-link" href="/training/courses/cumulative-harm/">Cumulative harm</a>' in page
    assert "<li>42 impact follow-ups answered of 50 sent (84%)</li>" in page
    assert "</strong> Draft briefing</p>" in page
    assert "<li>Used 31 times</li>" in page
    assert "Not this one" not in page
    assert page.index("Draft briefing") < page.index("Cumulative harm")


def test_the_action_page_says_when_nothing_has_been_produced(personas, client_for, fake_outputs):
    action = make_action(personas)

    page = client_for(personas.practitioner).get(action.get_absolute_url()).content.decode()

    assert "No course, briefing or resource has been linked to this action yet." in page
