"""The charges report: per agency and period, for invoicing; waived charges listed but not totalled."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.testing import assert_same_query_count, make_agency, make_user
from hub.training.models import Booking, Charge
from hub.training.tests.factories import local_datetime, make_booking, make_course, make_event

pytestmark = pytest.mark.django_db

URL = reverse("training:charges")


def charge(day: date, agency, amount="50.00", *, name="Dale", waived=False, reason=Charge.Reason.NO_SHOW, title=None):
    course = make_course(title or f"Course on {day}")
    event = make_event(course, starts_at=local_datetime(day))
    person = make_user(first_name="Sam", last_name=name, agency=agency)
    booking = make_booking(event, person, status=Booking.Status.NO_SHOW)
    return Charge.objects.create(
        booking=booking,
        reason=reason,
        amount=Decimal(amount),
        agency=agency,
        waived=waived,
        waived_reason="Ill on the day" if waived else "",
    )


@pytest.fixture
def year_of_charges(personas, frozen_now):
    police, health = personas.agency_b, personas.agency_a
    return [
        charge(date(2024, 4, 10), police, "90.00", name="April", title="Signs of Safety"),
        charge(date(2024, 8, 1), health, "50.00", name="August"),
        charge(date(2024, 8, 20), police, "50.00", name="Waived", waived=True),
        charge(date(2025, 1, 15), police, "45.00", name="January", reason=Charge.Reason.LATE_CANCELLATION),
        charge(date(2025, 4, 2), police, "90.00", name="NextYear"),
    ]


def test_the_current_year_is_shown_by_default_with_totals_per_agency(client_for, personas, year_of_charges):
    # Frozen on 1 May 2025: the current year is 2025/26, which has one charge so far.
    html = client_for(personas.business_unit).get(URL).content.decode()
    assert '<h2 class="govuk-heading-m">2025/26</h2>' in html
    assert "Sam NextYear" in html and "Sam April" not in html
    assert "£90.00 to invoice" in html


def test_a_year_lists_each_chargeable_booking_and_totals_per_agency(client_for, personas, year_of_charges):
    response = client_for(personas.business_unit).get(URL, {"year": "2024-25"})
    html = response.content.decode()
    for name in ("April", "August", "Waived", "January"):
        assert f"Sam {name}" in html
    assert "Sam NextYear" not in html
    totals = {row.agency_name: row for row in response.context["totals"]}
    assert totals["Agency B"].total == Decimal("135.00")
    assert totals["Agency B"].waived == 1
    assert totals["Agency B"].waived_total == Decimal("50.00")
    assert totals["Agency A"].total == Decimal("50.00")
    assert response.context["grand_total"] == Decimal("185.00")
    assert "£185.00 to invoice (£50.00 waived)" in html
    assert "Late cancellation" in html and "Non-attendance" in html
    assert "Ill on the day" in html


def test_a_quarter_narrows_the_report(client_for, personas, year_of_charges):
    response = client_for(personas.business_unit).get(URL, {"year": "2024-25", "period": "q2"})
    names = {row.booking.person.last_name for row in response.context["rows"]}
    assert names == {"August", "Waived"}
    assert "2024/25: Q2 2024/25" in response.content.decode()


def test_a_month_narrows_the_report(client_for, personas, year_of_charges):
    # Months are counted from the start of the financial year: m10 is January.
    response = client_for(personas.business_unit).get(URL, {"year": "2024-25", "period": "m10"})
    assert [row.booking.person.last_name for row in response.context["rows"]] == ["January"]
    assert "January 2025" in response.content.decode()


def test_an_agency_narrows_the_report(client_for, personas, year_of_charges):
    response = client_for(personas.business_unit).get(URL, {"year": "2024-25", "agency": personas.agency_a.short_code})
    assert [row.booking.person.last_name for row in response.context["rows"]] == ["August"]


def test_the_charge_belongs_to_the_period_of_the_course_not_of_the_cancellation(client_for, personas, frozen_now):
    late = charge(date(2024, 4, 3), personas.agency_a, reason=Charge.Reason.LATE_CANCELLATION, name="Late")
    Charge.objects.filter(pk=late.pk).update(created_at=timezone.make_aware(datetime(2024, 3, 28, 12)))
    april = client_for(personas.business_unit).get(URL, {"year": "2024-25", "period": "m1"})
    assert [row.booking.person.last_name for row in april.context["rows"]] == ["Late"]


def test_bad_filters_show_errors_and_fall_back_to_the_whole_current_year(client_for, personas, year_of_charges):
    response = client_for(personas.business_unit).get(URL, {"year": "1999-00", "period": "q9", "agency": "nope"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Select a year from the list" in html
    assert "Select a period from the list" in html
    assert "Select an agency from the list" in html
    assert response.context["year"].label == "2025/26"


def test_the_report_links_to_waiving_unwaived_charges_only(client_for, personas, year_of_charges):
    html = client_for(personas.business_unit).get(URL, {"year": "2024-25"}).content.decode()
    waived = year_of_charges[2]
    assert reverse("training:charge-waive", kwargs={"uuid": year_of_charges[0].uuid}) in html
    assert reverse("training:charge-waive", kwargs={"uuid": waived.uuid}) not in html


def test_only_the_business_unit_sees_charges(client_for, personas, year_of_charges):
    for person in (personas.practitioner, personas.spoc_a, personas.executive):
        assert client_for(person).get(URL).status_code == 404


def test_the_report_costs_the_same_queries_for_1_and_50_charges(client_for, personas, frozen_now):
    agencies = [make_agency() for _ in range(3)]

    def make_rows(count):
        for number in range(count):
            charge(date(2025, 6, 1 + number % 28), agencies[number % 3])

    client = client_for(personas.business_unit)
    response = assert_same_query_count(client, URL, make_rows)
    assert len(response.context["rows"]) == 50
