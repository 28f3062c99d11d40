"""The scorecard records in the back office: listings, definitions, change points; returns read only."""

import pytest
from django.urls import reverse

from hub.scorecards.models import ChangePoint, IndicatorVersion, Return
from hub.scorecards.tests.conftest import add_quarter

pytestmark = pytest.mark.django_db

VIEWSETS = (
    "scorecards_indicator",
    "scorecards_indicatorversion",
    "scorecards_reportingperiod",
    "scorecards_benchmark",
    "scorecards_changepoint",
    "scorecards_keyfigureset",
    "scorecards_keyfigure",
    "scorecards_return",
)


@pytest.mark.parametrize("name", VIEWSETS)
def test_business_unit_lists_each_kind_of_scorecard_record(client_for, personas, scorecard, name):
    Return.objects.create(agency=personas.agency_a, period=scorecard["period"])
    assert client_for(personas.business_unit).get(reverse(f"{name}:index")).status_code == 200


@pytest.mark.parametrize("name", VIEWSETS)
def test_spocs_have_no_back_office(client_for, personas, scorecard, name):
    assert client_for(personas.spoc_a).get(reverse(f"{name}:index")).status_code in (302, 403, 404)


def test_an_information_only_indicator_cannot_be_given_a_target(personas, scorecard):
    version = scorecard["contacts"].current_version()
    version.target = 10
    with pytest.raises(Exception) as raised:
        version.full_clean()
    assert "never rated" in str(raised.value)


def test_a_change_point_records_who_added_it(client_for, personas, scorecard):
    client = client_for(personas.business_unit)
    response = client.post(
        reverse("scorecards_changepoint:add"),
        {
            "indicator": scorecard["visits"].pk,
            "agency": "",
            "period": scorecard["period"].pk,
            "reason": "New case recording system from January.",
        },
    )
    assert response.status_code == 302
    point = ChangePoint.objects.get()
    assert point.recorded_by == personas.business_unit


def test_returns_cannot_be_edited_in_the_back_office(client_for, personas, scorecard):
    scorecard_return = Return.objects.create(agency=personas.agency_a, period=scorecard["period"])
    client = client_for(personas.business_unit)
    assert client.get(reverse("scorecards_return:inspect", args=[scorecard_return.pk])).status_code == 200
    client.post(reverse("scorecards_return:index"), {"status": "approved"})
    scorecard_return.refresh_from_db()
    assert scorecard_return.status == Return.Status.DRAFT


def test_a_new_definition_applies_from_its_year_without_rewriting_the_past(personas, scorecard):
    visits = scorecard["visits"]
    IndicatorVersion.objects.create(
        indicator=visits,
        year=2023,
        name="Visits within 10 working days",
        definition="Changed in 2023/24.",
        numerator_definition="Visits on time",
        denominator_definition="Visits due",
        unit="percentage",
        polarity="higher",
        agency=personas.agency_a,
    )
    visits = type(visits).objects.get(pk=visits.pk)
    assert visits.version_for(2022).name == "Visits on time"
    assert visits.version_for(2023).name == "Visits within 10 working days"
    assert add_quarter(2023, 1).year == 2023
