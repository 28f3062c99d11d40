"""The training endpoints and their schemas are documented in the OpenAPI schema."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_lists_the_training_paths_and_methods(schema):
    paths = schema["paths"]
    assert set(paths["/api/v1/events/"]) == {"get"}
    assert set(paths["/api/v1/events/{uuid}"]) == {"get"}
    assert set(paths["/api/v1/events/{uuid}/bookings"]) == {"post"}
    assert set(paths["/api/v1/bookings/{uuid}"]) == {"delete"}
    for path in ("/api/v1/events/", "/api/v1/events/{uuid}/bookings", "/api/v1/bookings/{uuid}"):
        for operation in paths[path].values():
            assert operation["tags"] == ["Training"]
            assert operation["summary"] and operation["description"]


def test_reading_the_programme_needs_no_credentials_but_booking_does(schema):
    paths = schema["paths"]
    assert "security" not in paths["/api/v1/events/"]["get"]
    assert "security" not in paths["/api/v1/events/{uuid}"]["get"]
    for operation in (paths["/api/v1/events/{uuid}/bookings"]["post"], paths["/api/v1/bookings/{uuid}"]["delete"]):
        assert {name for scheme in operation["security"] for name in scheme} == {"BearerTokenAuth", "SessionAuth"}


def test_the_answers_and_their_schemas_are_documented(schema):
    post = schema["paths"]["/api/v1/events/{uuid}/bookings"]["post"]
    assert set(post["responses"]) >= {"201", "401", "403", "404", "409", "422"}
    components = schema["components"]["schemas"]
    assert {"EventOut", "EventPage", "CourseRef", "SessionOut", "VenueOut", "BookingIn", "BookingOut"} <= set(
        components
    )
    assert components["BookingOut"]["properties"]["status"]["description"].startswith(
        "confirmed, waitlisted or pending"
    )
    list_parameters = {parameter["name"] for parameter in schema["paths"]["/api/v1/events/"]["get"]["parameters"]}
    assert list_parameters == {"theme", "level", "from", "to", "page", "page_size"}
