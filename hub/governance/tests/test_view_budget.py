from decimal import Decimal

import pytest
from django.urls import reverse

from hub.governance.models import BudgetYear, Contribution

pytestmark = pytest.mark.django_db
URL = reverse("governance:budget", args=["2021-22"])


@pytest.fixture
def budget(personas):
    budget = BudgetYear.objects.create(start_year=2021)
    Contribution.objects.create(
        budget_year=budget, label="Agency A", agency=personas.agency_a, amount=Decimal("191604"), order=1
    )
    Contribution.objects.create(budget_year=budget, label="Training fees", amount=Decimal("5000"), order=2)
    return budget


def test_business_unit_sees_the_contributions_and_their_total(client_for, personas, budget):
    html = client_for(personas.business_unit).get(URL).content.decode()
    assert "Budget 2021/22" in html
    assert "Agency A" in html and "191,604" in html
    assert "Training fees" in html and "5,000" in html
    assert "196,604" in html


def test_executive_sees_the_budget(client_for, personas, budget):
    assert client_for(personas.executive).get(URL).status_code == 200


def test_everyone_else_gets_404(client_for, personas, budget):
    for person in (personas.outsider, personas.practitioner, personas.spoc_a, personas.scrutineer):
        assert client_for(person).get(URL).status_code == 404


def test_an_unknown_or_badly_written_year_is_not_found(client_for, personas, budget):
    client = client_for(personas.business_unit)
    for year in ("2020-21", "2021-23", "2021-2022", "twenty"):
        assert client.get(reverse("governance:budget", args=[year])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, budget):
    assert client.get(URL).status_code == 302


def test_the_page_runs_the_same_number_of_queries_for_1_and_50_contributions(client_for, personas):
    from hub.testing import assert_same_query_count

    budget = BudgetYear.objects.create(start_year=2021)

    def make_rows(count):
        start = budget.contributions.count()
        for number in range(start, start + count):
            Contribution.objects.create(
                budget_year=budget,
                label=f"Partner {number}",
                agency=personas.agency_a,
                amount=Decimal("100"),
                order=number,
            )

    response = assert_same_query_count(client_for(personas.business_unit), URL, make_rows)
    assert "Partner 49" in response.content.decode()
