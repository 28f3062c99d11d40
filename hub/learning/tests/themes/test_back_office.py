"""Improvement themes in the back office: the business unit edits themes; cycles are read only there."""

from __future__ import annotations

import pytest

from hub.learning.tests.themes.factories import make_cycle, make_improvement_theme, make_practice_theme
from hub.learning.themes.models import DeliveryCycle, ImprovementActivity

pytestmark = pytest.mark.django_db


def test_the_business_unit_adds_an_activity_and_the_dates_are_checked(personas, client_for):
    theme = make_improvement_theme("Voice of the child")
    client = client_for(personas.business_unit)
    form = {"theme": theme.pk, "title": "Pledge relaunched", "status": "completed", "starts_on": "2021-06-01"}

    refused = client.post("/admin/learning/improvement-activities/new/", form)
    client.post("/admin/learning/improvement-activities/new/", {**form, "ends_on": "2021-12-06"})

    assert "Enter the date the activity was completed" in refused.content.decode()
    activity = ImprovementActivity.objects.get()
    assert (activity.title, str(activity.ends_on)) == ("Pledge relaunched", "2021-12-06")
    assert "Pledge relaunched" in client.get("/admin/learning/improvement-activities/").content.decode()


def test_a_theme_is_listed_and_cycles_cannot_be_added_or_edited_there(personas, client_for):
    make_improvement_theme("Harmful sexual behaviour", practice_theme=make_practice_theme())
    cycle = make_cycle()
    client = client_for(personas.business_unit)

    assert "Harmful sexual behaviour" in client.get("/admin/learning/improvement-themes/").content.decode()
    assert "Focus of cycle 1" in client.get("/admin/learning/improvement-cycles/").content.decode()
    client.post("/admin/learning/improvement-cycles/new/", {"focus": "Sneaked in"})
    client.post(f"/admin/learning/improvement-cycles/edit/{cycle.pk}/", {"focus": "Changed"})
    cycle.refresh_from_db()
    assert cycle.focus == "Focus of cycle 1"
    assert DeliveryCycle.objects.count() == 1


def test_people_outside_the_business_unit_cannot_open_the_back_office_listing(personas, client_for):
    response = client_for(personas.executive).get("/admin/learning/improvement-themes/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/")
