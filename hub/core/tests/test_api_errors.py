"""The API's error answers: JSON with a message, field errors for 422, never an HTML page."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.test import RequestFactory
from ninja.errors import ValidationError

from hub.core.api import api
from hub.core.errors import DomainError


@pytest.fixture
def request_():
    return RequestFactory().post("/api/v1/somewhere")


def answer(request, exc):
    response = api.on_exception(request, exc)
    assert response["Content-Type"].startswith("application/json")
    return response.status_code, json.loads(response.content)


def test_request_validation_errors_are_422_with_a_message_per_field(request_):
    exc = ValidationError(
        [{"loc": ("body", "payload", "due_on"), "msg": "Input should be a valid date", "type": "date_parsing"}]
    )

    status, body = answer(request_, exc)

    assert status == 422
    assert body["detail"] == "The request is not valid. Correct the fields listed in 'errors'."
    assert body["errors"] == [
        {
            "location": "body",
            "field": "payload.due_on",
            "message": "Input should be a valid date",
            "type": "date_parsing",
        }
    ]


def test_a_broken_partnership_rule_is_422_with_its_message(request_):
    status, body = answer(request_, DomainError("Enter a due date after today", field="due_on"))
    assert status == 422
    assert body == {
        "detail": "Enter a due date after today",
        "errors": [{"location": "body", "field": "due_on", "message": "Enter a due date after today"}],
    }


def test_model_validation_errors_are_422_per_field(request_):
    status, body = answer(request_, DjangoValidationError({"title": ["Enter a title"]}))
    assert status == 422
    assert body["errors"] == [{"location": "body", "field": "title", "message": "Enter a title"}]


def test_records_the_caller_may_not_see_are_404_without_details(request_):
    status, body = answer(request_, Http404("Action 1234 belongs to agency B"))
    assert status == 404
    assert body == {"detail": "Not found."}


def test_a_refused_action_is_403_with_a_message(request_):
    status, body = answer(request_, PermissionDenied())
    assert (status, body) == (403, {"detail": "You do not have permission to do this."})


def test_an_unexpected_failure_is_a_logged_json_500(request_, caplog):
    status, body = answer(request_, RuntimeError("database went away"))

    assert status == 500
    assert "Something went wrong on our side" in body["detail"]
    assert "database went away" not in body["detail"]
    assert "API request failed" in caplog.text
