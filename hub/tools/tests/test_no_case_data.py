"""The tools keep nothing a practitioner types: no model can hold it, and using a tool writes no row,
log line or cache entry containing it."""

from __future__ import annotations

import logging
import pickle
from datetime import datetime

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import models

from hub.core.models import PartnershipSettings
from hub.tools.tests.files import upload, xlsx_bytes

SECRET = "Zebedee-Quartermaine-7731"

# Every model the app may have, and every field each may have. Adding a model or field fails this
# test on purpose: whoever adds one must show here that it cannot hold what a practitioner types.
CONTENT_MODELS = {
    "AgeBand": {
        "id",
        "slug",
        "label",
        "youngest",
        "oldest",
        "introduction",
        "review_date",
        "last_reviewed_on",
        "last_reviewed_by",
    },
    "BehaviourCategory": {"id", "key", "label", "position", "description", "general_response"},
    "Behaviour": {
        "id",
        "age_band",
        "category",
        "title",
        "keywords",
        "what_it_may_mean",
        "how_to_respond",
        "position",
    },
    "GuideLink": {"id", "label", "url", "description", "position"},
    "HarmMatrixCell": {"id", "key", "section", "heading", "prompts", "guidance", "position"},
    "ToolTopic": {"id", "tool", "summary", "themes"},
    "ToolUse": {"id", "tool", "month", "count"},
}
HISTORY_FIELDS = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}
FORBIDDEN_WORDS = ("child", "name", "event", "rating", "reason", "answer", "upload", "file", "ip", "session", "case")


def _own_fields(model) -> set[str]:
    return {field.name for field in model._meta.get_fields() if not field.auto_created or field.concrete}


def test_the_app_has_only_content_models_and_the_usage_counter():
    found = {}
    for model in apps.get_app_config("tools").get_models():
        name = model.__name__
        if name.startswith("Historical"):
            base = name.removeprefix("Historical").split("_", 1)[0]
            assert base in CONTENT_MODELS and base != "ToolUse", f"unexpected history model {name}"
            continue
        found[name] = _own_fields(model)
    assert found == CONTENT_MODELS


def test_no_field_could_hold_tool_input():
    for model in apps.get_app_config("tools").get_models():
        for field in model._meta.get_fields():
            assert not isinstance(field, models.FileField), f"{model.__name__}.{field.name} could hold an upload"
            if model.__name__.startswith("Historical") or field.name in HISTORY_FIELDS:
                continue
            words = field.name.split("_")
            assert not any(word in FORBIDDEN_WORDS for word in words), f"{model.__name__}.{field.name}"


def test_the_usage_counter_holds_no_person_or_text():
    from hub.tools.models import ToolUse

    kinds = {field.name: type(field) for field in ToolUse._meta.get_fields()}
    assert kinds["tool"] is models.CharField and ToolUse._meta.get_field("tool").choices
    assert kinds["month"] is models.DateField
    assert kinds["count"] is models.PositiveIntegerField


def _row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models() if model._meta.managed}


def _uses():
    scaling = {
        "question": SECRET,
        "meeting": SECRET,
        "people-TOTAL_FORMS": "1",
        "people-INITIAL_FORMS": "0",
        "people-0-agency": SECRET,
        "people-0-rating": "5",
        "people-0-why_this_number": SECRET,
        "people-0-up_one": SECRET,
    }
    chronology_file = xlsx_bytes([(datetime(2021, 3, 14), "Exact", SECRET, SECRET, "High", SECRET)])
    return [
        ("/tools/sexual-behaviour/", {"q": SECRET}),
        ("/tools/harm-matrix/", {"action": "show", "reference": SECRET, "cell_harm": SECRET}),
        ("/tools/harm-matrix/", {"action": "pdf", "reference": SECRET, "cell_harm": SECRET}),
        ("/tools/scaling/", scaling | {"action": "show"}),
        ("/tools/scaling/", scaling | {"action": "pdf"}),
        ("/tools/chronology/", {"files": [upload("a.xlsx", chronology_file)], "gap_days": "30", "output": "html"}),
        ("/tools/chronology/", {"files": [upload("a.xlsx", chronology_file)], "gap_days": "30", "output": "pdf"}),
        ("/tools/chronology/", {"files": [upload("bad.xlsx", b"%PDF " + SECRET.encode())], "gap_days": "30"}),
    ]


@pytest.mark.django_db
def test_using_every_tool_writes_nothing_but_the_counts(client, tool_content, caplog, settings):
    settings.PAGE_CACHE_SECONDS = 300
    caplog.set_level(logging.DEBUG)
    cache.clear()
    PartnershipSettings.load()  # the settings row PDFs read is made on first use; it is not tool input
    before = _row_counts()
    for url, data in _uses():
        response = client.post(url, data)
        assert response.status_code in (200, 400), url
        assert response["Cache-Control"] == "private, no-store", url
    after = _row_counts()
    changed = {label for label in before if before[label] != after[label]}
    assert changed <= {"tools.ToolUse"}
    assert SECRET not in caplog.text
    assert not client.session.keys()
    stored = getattr(cache, "_cache", {})
    assert all(
        SECRET.encode() not in (value if isinstance(value, bytes) else pickle.dumps(value)) for value in stored.values()
    )


@pytest.mark.django_db
def test_the_page_cache_never_keeps_a_tool_page(client, tool_content, settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    for url in ("/tools/", "/tools/sexual-behaviour/", "/tools/sexual-behaviour/0-to-4/", "/tools/harm-matrix/"):
        client.get(url)
        response = client.get(url)
        assert response.get("X-Cache") != "HIT", url
    client.post("/tools/harm-matrix/", {"action": "show", "cell_harm": SECRET})
    response = client.post("/tools/harm-matrix/", {"action": "show", "cell_harm": "other"})
    assert SECRET not in response.content.decode()
    assert response.get("X-Cache") != "HIT"
