"""GET /api/v1/agencies and /api/v1/themes: reference data for agency systems."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.core.models import Agency, Theme
from hub.core.tokens import create_api_token
from hub.testing import make_agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_client(client, personas):
    _, secret = create_api_token(actor=personas.spoc_a, owner=personas.spoc_a, name="Returns", agency=personas.agency_a)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def test_agencies_lists_the_active_agencies_with_code_sector_and_statutory_flag(api_client, personas):
    make_agency("Durham Constabulary", short_code="police", sector=Agency.Sector.POLICE, is_statutory_partner=True)
    make_agency("Closed agency", short_code="closed", is_active=False)

    body = api_client.get("/api/v1/agencies").json()

    assert [agency["code"] for agency in body] == ["aga", "agb", "agc", "police"]
    assert body[3] == {
        "code": "police",
        "name": "Durham Constabulary",
        "sector": "police",
        "sector_label": "Police",
        "statutory_partner": True,
    }


def test_themes_lists_the_active_themes_and_marks_improvement_themes(api_client):
    Theme.objects.create(name="Neglect", slug="neglect", is_improvement_theme=True)
    Theme.objects.create(name="Early help", slug="early-help")
    Theme.objects.create(name="Retired theme", slug="retired", is_active=False)

    body = api_client.get("/api/v1/themes").json()

    assert body == [
        {"name": "Early help", "slug": "early-help", "improvement_theme": False},
        {"name": "Neglect", "slug": "neglect", "improvement_theme": True},
    ]


@pytest.mark.parametrize("path", ["/api/v1/agencies", "/api/v1/themes"])
def test_reference_data_needs_authentication(client, db, path):
    response = client.get(path)
    assert response.status_code == 401
    assert "detail" in response.json()


@pytest.mark.parametrize("path", ["/api/v1/agencies", "/api/v1/themes"])
def test_reference_data_takes_the_same_queries_for_1_and_50_rows(api_client, path):
    def add_rows(start, count):
        for number in range(start, start + count):
            make_agency(f"Listed agency {number}")
            Theme.objects.create(name=f"Theme {number}", slug=f"theme-{number}")

    add_rows(0, 1)
    api_client.get(path)  # records the token's last use, so both calls below only read
    with CaptureQueriesContext(connection) as one:
        api_client.get(path)
    add_rows(1, 49)
    with CaptureQueriesContext(connection) as fifty:
        assert len(api_client.get(path).json()) >= 50
    assert len(fifty.captured_queries) == len(one.captured_queries)
