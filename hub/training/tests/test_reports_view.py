"""The business unit's training reports page and its exports."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hub.core.models import AuditEntry
from hub.testing import assert_same_query_count, make_agency, make_user
from hub.training.models import Booking
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event

pytestmark = pytest.mark.django_db

URL = reverse("training:reports")


def test_the_page_shows_the_current_years_figures_and_tables(client_for, personas, frozen_now):
    course = make_course("Neglect toolkit")
    event = make_event(course, starts_at=local_datetime(date(2025, 6, 3)), capacity=10)
    make_booking(event, make_user(agency=personas.agency_a), status=Booking.Status.CONFIRMED)
    response = client_for(personas.business_unit).get(URL)
    html = response.content.decode()
    assert "Training programme: 2025/26" in html
    assert "Uptake by agency" in html and "Neglect toolkit" in html
    assert "10%" in html  # one place of ten
    assert reverse("training:report-export", kwargs={"table": "uptake-agency", "fmt": "csv"}) in html


def test_choosing_a_year_shows_that_years_courses(client_for, personas, frozen_now):
    make_event(make_course("Last year's course"), starts_at=local_datetime(date(2024, 9, 3)))
    make_event(make_course("This year's course"), starts_at=local_datetime(date(2025, 9, 3)))
    html = client_for(personas.business_unit).get(URL, {"year": "2024-25"}).content.decode()
    assert "Last year&#x27;s course" in html and "This year&#x27;s course" not in html


def test_an_unknown_year_falls_back_to_the_current_year_with_an_error(client_for, personas, frozen_now):
    response = client_for(personas.business_unit).get(URL, {"year": "1900-01"})
    assert response.status_code == 200
    assert response.context["year"].slug == "2025-26"
    assert "Select a year from the list" in response.content.decode()


def test_the_page_runs_the_same_queries_with_1_and_50_events(client_for, personas, frozen_now):
    agencies = [make_agency(name=f"Agency {n}") for n in range(3)]
    counter = iter(range(1000))

    def add_events(count):
        for _ in range(count):
            n = next(counter)
            event = make_event(
                make_course(f"Course {n}"), starts_at=local_datetime(date(2025, 6, 1)) + timedelta(days=n)
            )
            make_booking(event, make_user(agency=agencies[n % 3]), status=Booking.Status.CONFIRMED)
            make_booking(event, make_user(agency=agencies[(n + 1) % 3]), status=Booking.Status.WAITLISTED)

    response = assert_same_query_count(client_for(personas.business_unit), URL, add_events)
    assert "Course 49" in response.content.decode()


def test_exports_are_formula_safe_and_audited(client_for, personas, frozen_now):
    agency = make_agency(name='=HYPERLINK("http://bad")')
    event = make_event(make_course("Neglect toolkit"), starts_at=local_datetime(date(2025, 6, 3)))
    make_booking(event, make_user(agency=agency), status=Booking.Status.CONFIRMED)
    client = client_for(personas.business_unit)
    url = reverse("training:report-export", kwargs={"table": "uptake-agency", "fmt": "csv"})
    response = client.get(url, {"year": "2025-26"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Agency"
    assert rows[1][0].startswith("'=HYPERLINK")
    assert 'filename="training-uptake-agency-2025-26.csv"' in response["Content-Disposition"]
    url = reverse("training:report-export", kwargs={"table": "uptake-agency", "fmt": "xlsx"})
    sheet = load_workbook(io.BytesIO(client.get(url, {"year": "2025-26"}).content)).active
    assert sheet["A2"].value.startswith("'=")
    assert sheet["B2"].value == 1
    assert AuditEntry.objects.filter(action="training.report.exported").count() == 2


def test_an_unknown_table_is_not_found(client_for, personas):
    url = reverse("training:report-export", kwargs={"table": "secrets", "fmt": "csv"})
    assert client_for(personas.business_unit).get(url).status_code == 404
