"""The API's schema and answers in JSON everywhere under /api/v1/."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_is_served_as_json_with_the_me_path(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["info"]["title"] == "Safeguarding Partnership Hub API"
    assert schema["info"]["version"] == "1"
    assert "/api/v1/me" in schema["paths"]
    assert {"/api/v1/agencies", "/api/v1/themes"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["BearerTokenAuth"] == {"type": "http", "scheme": "bearer"}


def test_the_interactive_docs_page_is_not_served(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/nothing-here", "/api/v1/me/extra"])
def test_unknown_api_paths_get_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not found."}
