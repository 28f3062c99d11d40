"""Editing the tools' content in the back office: the business unit only; usage counts are read only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hub.tools.models import AgeBand, ToolUse

pytestmark = pytest.mark.django_db


def test_the_business_unit_edits_the_guide_content(client_for, personas, tool_content):
    client = client_for(personas.business_unit)
    index = client.get(reverse("tools_behaviour:index"))
    assert index.status_code == 200
    assert "Sending or asking for nude or semi-nude images" in index.content.decode()
    band = AgeBand.objects.get(slug="0-to-4")
    edit = client.get(reverse("tools_ageband:edit", args=[band.pk]))
    assert edit.status_code == 200
    data = {
        "label": band.label,
        "slug": band.slug,
        "youngest": 0,
        "oldest": 4,
        "introduction": "New introduction",
        "review_date": "2025-09-30",
        "last_reviewed_on": "2024-09-30",
        "last_reviewed_by": personas.business_unit.pk,
    }
    response = client.post(reverse("tools_ageband:edit", args=[band.pk]), data)
    assert response.status_code == 302
    band.refresh_from_db()
    assert band.introduction == "New introduction"
    assert band.last_reviewed_by == personas.business_unit
    assert band.history.count() == 2


@pytest.mark.parametrize("persona", ["practitioner", "spoc_a", "scrutineer", "outsider"])
def test_other_people_cannot_reach_the_tools_back_office(client_for, personas, tool_content, persona):
    client = client_for(getattr(personas, persona))
    for name in ("tools_behaviour:index", "tools_ageband:add", "tools_harmmatrixcell:index"):
        response = client.get(reverse(name))
        assert response.status_code in (302, 403), name
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"] or "sign-in" in response["Location"]


def test_usage_counts_cannot_be_added_or_changed_even_by_the_business_unit(client_for, personas, tool_content):
    client = client_for(personas.business_unit)
    assert client.get(reverse("tools_tooluse:index")).status_code == 200
    assert client.get(reverse("tools_tooluse:add")).status_code in (302, 403)
    use = ToolUse.objects.first()
    assert client.get(reverse("tools_tooluse:edit", args=[use.pk])).status_code in (302, 403)
