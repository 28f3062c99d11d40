"""The back-office report of resources past their review date or due within 30 days."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hub.core import roles
from hub.testing import make_user, sign_in
from hub.website.models import ResourcePage
from hub.website.review_dates import resources_to_review, review_status
from hub.website.tests.factories import build_site, make_resource

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 26)
URL = "/admin/reports/resources-to-review/"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(timezone.make_aware(datetime(2026, 11, 26, 10, 0)), tick=False):
        yield


@pytest.fixture
def library():
    home = build_site()
    make_resource(home.library, title="Neglect toolkit", review_date=date(2026, 9, 30))
    make_resource(home.library, title="Escalation flowchart", review_date=date(2025, 4, 6))
    make_resource(home.library, title="Safer sleep poster", review_date=date(2026, 12, 10))
    make_resource(home.library, title="Annual report 2021/22", review_date=date(2027, 9, 1))
    make_resource(home.library, title="Chronology template", review_date=None)
    make_resource(home.library, title="A draft leaflet", review_date=date(2026, 1, 1), live=False)
    return home.library


def test_lists_resources_past_their_date_and_due_within_30_days_oldest_first(library):
    assert [page.title for page in resources_to_review()] == [
        "Escalation flowchart",
        "Neglect toolkit",
        "Safer sleep poster",
    ]


def test_the_status_says_how_late_or_how_soon(library):
    statuses = {page.title: review_status(page) for page in resources_to_review()}

    assert statuses == {
        "Escalation flowchart": "Past review date by 599 days",
        "Neglect toolkit": "Past review date by 57 days",
        "Safer sleep poster": "Due in 14 days",
    }


def test_the_business_unit_sees_the_report_with_links_to_edit_each_resource(library, personas, client_for):
    response = client_for(personas.business_unit).get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Resources to review" in html
    for title in ("Escalation flowchart", "Neglect toolkit", "Safer sleep poster"):
        page = ResourcePage.objects.get(title=title)
        assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in html
    assert "Annual report 2021/22" not in html
    assert "A draft leaflet" not in html
    assert "Past review date by 57 days" in html


def test_the_filter_shows_only_the_overdue_or_only_those_due_soon(library, personas, client_for):
    client = client_for(personas.business_unit)

    overdue = client.get(URL, {"when": "past"}).content.decode()
    due = client.get(URL, {"when": "due-soon"}).content.decode()

    assert "Neglect toolkit" in overdue and "Safer sleep poster" not in overdue
    assert "Safer sleep poster" in due and "Neglect toolkit" not in due


def test_the_report_exports_as_csv(library, personas, client_for):
    response = client_for(personas.business_unit).get(URL, {"export": "csv"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Resource", "Type", "Review date", "Status", "Address"]
    assert [row[0] for row in rows[1:]] == ["Escalation flowchart", "Neglect toolkit", "Safer sleep poster"]
    assert rows[1][3] == "Past review date by 599 days"


def test_a_title_starting_with_a_formula_character_is_neutralised_in_the_csv(library, personas, client_for):
    make_resource(library, title="=HYPERLINK(1)", review_date=date(2026, 11, 1))

    response = client_for(personas.business_unit).get(URL, {"export": "csv"})

    text = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK(1)" in text


def test_the_report_is_in_the_reports_menu_for_the_business_unit_only(library, personas, client_for):
    assert URL in client_for(personas.business_unit).get("/admin/").content.decode()


def test_someone_in_the_back_office_without_the_business_unit_role_cannot_open_it(library):
    editor = make_user("editor@example.org")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = sign_in(Client(), editor)

    assert URL not in client.get("/admin/").content.decode()
    response = client.get(URL)
    # The back office answers a refusal by going back to its dashboard with a message.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_visitors_and_practitioners_are_sent_to_sign_in(library, personas, client_for, client):
    sign_in_url = reverse("core:sign-in")

    assert client.get(URL)["Location"].startswith(sign_in_url)
    assert client_for(personas.practitioner).get(URL)["Location"].startswith(sign_in_url)


def test_a_second_business_unit_member_sees_the_same_list(library):
    colleague = make_user("colleague@example.org", roles_=(roles.BUSINESS_UNIT,))

    html = sign_in(Client(), colleague).get(URL).content.decode()

    assert "Escalation flowchart" in html
