"""GET /api/v1/indicators/ and POST /api/v1/returns/: reading the indicators in force, and an
agency's system sending its return (dry run, all-or-nothing save, submission) and every refusal."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hub.core import roles
from hub.core.models import AuditEntry, Theme
from hub.core.tokens import create_api_token
from hub.scorecards.models import IndicatorVersion, Return, ReturnValue
from hub.scorecards.tests.factories import make_indicator, make_period, make_return
from hub.testing import make_user, sign_in

pytestmark = pytest.mark.django_db

URL = "/api/v1/returns/"
# Q4 2022/23 is due on 30 April 2023; its returns lock a fortnight later.
BEFORE_DEADLINE = datetime(2023, 4, 20, 9, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def before_deadline(time_machine):
    time_machine.move_to(BEFORE_DEADLINE, tick=False)


@pytest.fixture
def indicators(personas):
    return {
        "A-01": make_indicator("A-01", personas.agency_a, name="Children seen within 24 hours"),
        "A-02": make_indicator(
            "A-02", personas.agency_a, unit="percentage", name="Re-referrals", denominator_definition="Referrals"
        ),
        "B-01": make_indicator("B-01", personas.agency_b, name="Missing episodes"),
    }


@pytest.fixture
def period():
    return make_period("2022-23-q4", start=date(2023, 1, 1), end=date(2023, 3, 31), deadline=date(2023, 4, 30))


@pytest.fixture
def token_client():
    def _token_client(user, agency=None):
        _, secret = create_api_token(actor=user, owner=user, name="Case system", agency=agency)
        return Client(headers={"Authorization": f"Bearer {secret}"})

    return _token_client


@pytest.fixture
def spoc_a_client(token_client, personas):
    return token_client(personas.spoc_a, personas.agency_a)


def body(values=None, **fields):
    values = (
        values
        if values is not None
        else [
            {"code": "A-01", "numerator": "12"},
            {"code": "A-02", "numerator": "10", "denominator": "40", "comment": "Fewer referrals this quarter"},
        ]
    )
    return {"period": "2022-23-q4", "values": values, **fields}


def post(client, payload):
    return client.post(URL, payload, content_type="application/json")


def saved_values(agency, period=None) -> dict[str, tuple]:
    """The agency's saved values by indicator code, for one period when the test has more than one."""
    values = ReturnValue.objects.filter(scorecard_return__agency=agency).select_related("indicator")
    if period is not None:
        values = values.filter(scorecard_return__period=period)
    return {value.indicator.code: (value.numerator, value.denominator, value.value, value.comment) for value in values}


# Reading the indicators -------------------------------------------------------------------------


def test_reading_the_indicators_needs_a_token_or_a_session(client, indicators):
    response = client.get("/api/v1/indicators/")

    assert response.status_code == 401
    assert response.json()["detail"].startswith("Sign in, or send an API token")


def test_an_agency_token_reads_every_indicator_as_defined_this_year(token_client, personas, indicators):
    theme = Theme.objects.create(name="Neglect", slug="neglect")
    version = IndicatorVersion.objects.get(indicator=indicators["A-02"])
    version.themes.set([theme])
    version.reporting_agencies.set([personas.agency_a, personas.agency_b])
    IndicatorVersion.objects.filter(pk=version.pk).update(target=Decimal("20.5"), data_source="Case system")
    # A new definition from next year is not in force yet; an inactive indicator is not listed.
    make_indicator("A-03", personas.agency_a, year=2024, name="Not yet")
    retired = make_indicator("A-04", personas.agency_a)
    retired.active = False
    retired.save()

    response = token_client(personas.spoc_a, personas.agency_a).get("/api/v1/indicators/")

    assert response.status_code == 200
    listed = response.json()
    assert [indicator["code"] for indicator in listed] == ["A-01", "A-02", "B-01"]
    assert listed[1] == {
        "code": "A-02",
        "name": "Re-referrals",
        "definition": "The definition of A-02.",
        "numerator_definition": "Number of children",
        "denominator_definition": "Referrals",
        "unit": "percentage",
        "unit_label": "Percentage",
        "polarity": "higher",
        "polarity_label": "Higher is better",
        "frequency": "quarterly",
        "responsible_agency": "aga",
        "reporting_agencies": ["aga", "agb"],
        "themes": ["neglect"],
        "target": "20.50",
        "target_low": None,
        "target_high": None,
        "data_source": "Case system",
        "headline": False,
        "in_force_from": "2018/19",
    }
    assert listed[2]["responsible_agency"] == "agb"


def test_the_indicator_list_costs_the_same_queries_for_few_or_many(token_client, personas, indicators):
    client = token_client(personas.spoc_a, personas.agency_a)
    client.get("/api/v1/indicators/")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/indicators/")
    for number in range(10):
        make_indicator(f"C-{number:02d}", personas.agency_b, reporting_agencies=[personas.agency_a])
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/indicators/")

    assert len(response.json()) == 13
    assert len(many) == len(few)


# Who may send a return --------------------------------------------------------------------------


def test_sending_a_return_without_a_token_is_refused_and_saves_nothing(client, indicators, period):
    response = post(client, body())

    assert response.status_code == 401
    assert not Return.objects.exists()


def test_a_personal_token_cannot_send_a_return_because_it_names_no_agency(token_client, personas, indicators, period):
    response = post(token_client(personas.spoc_a), body())

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Sending a return needs an agency token")
    assert not Return.objects.exists()


def test_a_signed_in_session_cannot_send_a_return_either(client, personas, indicators, period):
    sign_in(client, personas.spoc_a)

    response = client.post(URL, body(), content_type="application/json")

    assert response.status_code == 403
    assert not Return.objects.exists()


def test_an_agency_token_created_by_the_business_unit_cannot_send_the_return(
    token_client, personas, indicators, period
):
    response = post(token_client(personas.business_unit, personas.agency_a), body())

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Only a single point of contact for Agency A can send its return, and the person who created this "
        "token is not one. Ask the agency's single point of contact for a token."
    )
    assert not Return.objects.exists()


def test_agency_a_cannot_send_figures_for_agency_b_indicators(spoc_a_client, personas, indicators, period):
    values = [{"code": "A-01", "numerator": "12"}, {"code": "A-02", "numerator": "1", "denominator": "4"}]

    response = post(spoc_a_client, body([*values, {"code": "B-01", "numerator": "3"}]))

    assert response.status_code == 422
    assert response.json()["problems"] == [
        {
            "code": "B-01",
            "field": "",
            "message": "There is no indicator with the code 'B-01' on this return",
            "importance": "error",
            "blocking": True,
        }
    ]
    assert not Return.objects.exists()
    assert saved_values(personas.agency_b) == {}


# Dry runs -------------------------------------------------------------------------------------------


def test_a_dry_run_lists_problems_and_changes_and_saves_nothing(spoc_a_client, personas, indicators, period):
    values = [{"code": "A-01", "numerator": "12"}, {"code": "A-02", "numerator": "50", "denominator": "40"}]

    response = post(spoc_a_client, body(values, dry_run=True))

    assert response.status_code == 200
    assert response.json() == {
        "agency": "aga",
        "period": "2022-23-q4",
        "status": None,
        "dry_run": True,
        "saved": False,
        "submitted": False,
        "changed": ["A-01", "A-02"],
        "problems": [
            {
                "code": "A-02",
                "field": "numerator",
                "message": "Re-referrals: the numerator (50) is more than the denominator (40)",
                "importance": "error",
                "blocking": True,
            }
        ],
    }
    assert not Return.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="scorecards.").exists()


def test_a_dry_run_says_only_what_would_change_from_the_saved_return(spoc_a_client, personas, indicators, period):
    assert post(spoc_a_client, body()).status_code == 200
    values = [
        {"code": "A-01", "numerator": 12},
        {"code": "A-02", "numerator": "11", "denominator": "40", "comment": "Fewer referrals this quarter"},
    ]

    response = post(spoc_a_client, body(values, dry_run=True))

    assert response.status_code == 200
    assert response.json()["changed"] == ["A-02"]
    assert response.json()["status"] == "draft"
    assert saved_values(personas.agency_a)["A-02"][0] == Decimal("10")


# Saving ---------------------------------------------------------------------------------------------


def test_a_valid_return_is_saved_as_a_draft_with_an_audit_entry(spoc_a_client, personas, indicators, period):
    response = post(spoc_a_client, body())

    assert response.status_code == 200
    answer = response.json()
    assert (answer["status"], answer["saved"], answer["submitted"]) == ("draft", True, False)
    assert answer["changed"] == ["A-01", "A-02"]
    assert answer["problems"] == []
    scorecard_return = Return.objects.get(agency=personas.agency_a, period=period)
    assert scorecard_return.status == Return.Status.DRAFT
    assert saved_values(personas.agency_a) == {
        "A-01": (Decimal("12"), None, Decimal("12"), ""),
        "A-02": (Decimal("10"), Decimal("40"), Decimal("25.0"), "Fewer referrals this quarter"),
    }
    entry = AuditEntry.objects.get(action="scorecards.return.saved")
    assert entry.actor == personas.spoc_a
    assert entry.data == {"changed": ["A-01", "A-02"]}


def test_numbers_can_be_sent_as_json_numbers_or_text_with_thousands_separators(
    spoc_a_client, personas, indicators, period
):
    values = [{"code": "A-01", "numerator": "1,234"}, {"code": "A-02", "numerator": 3, "denominator": 12.0}]

    response = post(spoc_a_client, body(values))

    assert response.status_code == 200
    saved = saved_values(personas.agency_a)
    assert saved["A-01"][0] == Decimal("1234")
    assert saved["A-02"][2] == Decimal("25.0")


def test_a_return_with_a_blocking_problem_is_refused_whole_and_the_saved_one_is_unchanged(
    spoc_a_client, personas, indicators, period
):
    post(spoc_a_client, body())
    before = saved_values(personas.agency_a)
    # A-01 is a valid change, but A-02 has no denominator: neither is saved.
    values = [{"code": "A-01", "numerator": "99"}, {"code": "A-02", "numerator": "10"}]

    response = post(spoc_a_client, body(values))

    assert response.status_code == 422
    answer = response.json()
    assert answer["detail"].startswith("The return was not saved")
    assert [(p["code"], p["field"], p["message"]) for p in answer["problems"]] == [
        ("A-02", "denominator", "Re-referrals: enter the denominator (referrals)")
    ]
    assert saved_values(personas.agency_a) == before
    assert AuditEntry.objects.filter(action="scorecards.return.saved").count() == 1


def test_a_refused_first_return_does_not_leave_an_empty_draft(spoc_a_client, personas, indicators, period):
    response = post(spoc_a_client, body([{"code": "A-01", "numerator": "12"}]))

    assert response.status_code == 422
    assert [p["code"] for p in response.json()["problems"]] == ["A-02", "A-02"]
    assert not Return.objects.exists()


def test_sending_the_same_return_twice_changes_nothing_the_second_time(spoc_a_client, personas, indicators, period):
    first = post(spoc_a_client, body())
    history = ReturnValue.history.count()

    second = post(spoc_a_client, body())

    assert first.json()["changed"] == ["A-01", "A-02"]
    assert second.status_code == 200
    assert second.json()["changed"] == []
    assert ReturnValue.history.count() == history
    assert AuditEntry.objects.filter(action="scorecards.return.saved").count() == 1


def test_an_unusual_change_needs_a_comment_and_is_saved_once_explained(spoc_a_client, personas, indicators, period):
    IndicatorVersion.objects.filter(indicator=indicators["A-01"]).update(change_factor=Decimal("2"))
    earlier = make_period("2022-23-q3", start=date(2022, 10, 1), end=date(2022, 12, 31), deadline=date(2023, 1, 31))
    approved = make_return(personas.agency_a, earlier, Return.Status.APPROVED)
    ReturnValue.objects.create(scorecard_return=approved, indicator=indicators["A-01"], numerator=10, value=10)
    values = [{"code": "A-01", "numerator": "50"}, {"code": "A-02", "numerator": "1", "denominator": "4"}]

    unexplained = post(spoc_a_client, body(values))
    values[0]["comment"] = "A new team started taking referrals"
    explained = post(spoc_a_client, body(values))

    assert unexplained.status_code == 422
    assert [(p["importance"], p["blocking"]) for p in unexplained.json()["problems"]] == [("warning", True)]
    assert explained.status_code == 200
    assert [(p["importance"], p["blocking"]) for p in explained.json()["problems"]] == [("warning", False)]
    assert saved_values(personas.agency_a, period)["A-01"][0] == Decimal("50")


# Submitting -----------------------------------------------------------------------------------------


def test_submit_saves_and_submits_the_return_to_the_business_unit(
    spoc_a_client, personas, indicators, period, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(spoc_a_client, body(submit=True))

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["submitted"]) == ("submitted", True)
    scorecard_return = Return.objects.get(agency=personas.agency_a, period=period)
    assert scorecard_return.status == Return.Status.SUBMITTED
    assert scorecard_return.submitted_by == personas.spoc_a
    assert AuditEntry.objects.filter(action="scorecards.return.submitted", actor=personas.spoc_a).exists()
    assert [message.to for message in mail.outbox] == [["bu@example.org"]]


def test_a_dry_run_with_submit_submits_nothing(spoc_a_client, personas, indicators, period):
    response = post(spoc_a_client, body(dry_run=True, submit=True))

    assert response.status_code == 200
    assert (response.json()["saved"], response.json()["submitted"]) == (False, False)
    assert not Return.objects.exists()


# Returns that can no longer change ------------------------------------------------------------------


@pytest.mark.parametrize("status", [Return.Status.SUBMITTED, Return.Status.APPROVED])
@pytest.mark.parametrize("dry_run", [False, True])
def test_a_submitted_or_approved_return_is_409_and_unchanged(
    spoc_a_client, personas, indicators, period, status, dry_run
):
    make_return(personas.agency_a, period, status)

    response = post(spoc_a_client, body(dry_run=dry_run))

    assert response.status_code == 409
    assert response.json()["detail"].startswith(f"This return is {status.label.lower()}, so it cannot be changed.")
    assert saved_values(personas.agency_a) == {}
    assert Return.objects.get().status == status


def test_a_return_after_its_period_closed_is_409(spoc_a_client, personas, indicators, period, time_machine):
    time_machine.move_to(datetime(2023, 5, 20, 9, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)

    response = post(spoc_a_client, body())

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Returns for Q4 2022/23 closed on 14 May 2023. "
        "Ask the business unit to open an exception if you still need to send or change it."
    )
    assert not Return.objects.exists()


# Malformed requests ---------------------------------------------------------------------------------


def test_an_unknown_period_is_422_naming_the_field(spoc_a_client, indicators, period):
    response = post(spoc_a_client, body() | {"period": "2030-31-q1"})

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "location": "body",
            "field": "period",
            "message": "There is no reporting period '2030-31-q1'; send a key like 2022-23-q4",
        }
    ]


def test_a_period_the_agency_reports_nothing_in_is_422(token_client, personas, indicators, period):
    spoc_c = make_user(agency=personas.agency_c, roles_=((roles.SPOC, personas.agency_c),))

    response = post(token_client(spoc_c, personas.agency_c), body([]))

    assert response.status_code == 422
    assert response.json()["detail"] == "Agency C does not report any indicators for Q4 2022/23"
    assert not Return.objects.exists()


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ("twelve", 'Enter the numerator as a number, like 12 or 4.5, not "twelve"'),
        (True, "Enter the numerator as a number, like 12 or 4.5, not true or false"),
        ("12.345", "Enter the numerator with no more than 2 decimal places"),
        ("NaN", 'Enter the numerator as a number, like 12 or 4.5, not "NaN"'),
    ],
)
def test_a_figure_that_is_not_a_number_is_422_with_a_specific_message(
    spoc_a_client, personas, indicators, period, sent, message
):
    response = post(spoc_a_client, body([{"code": "A-01", "numerator": sent}]))

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"location": "body", "field": "payload.values.0.numerator", "message": message, "type": "number"}
    ]
    assert not Return.objects.exists()


def test_a_body_that_is_not_json_is_refused_with_the_apis_bad_request_answer(spoc_a_client, indicators, period):
    response = spoc_a_client.post(URL, '{"period": "2022-23-q4", "values": [', content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}
    assert not Return.objects.exists()


def test_a_missing_list_of_values_is_422(spoc_a_client, indicators, period):
    response = post(spoc_a_client, {"period": "2022-23-q4"})

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["payload.values"]


# The schema -----------------------------------------------------------------------------------------


def test_the_openapi_schema_documents_both_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()

    assert set(schema["paths"]["/api/v1/indicators/"]) == {"get"}
    assert set(schema["paths"]["/api/v1/returns/"]) == {"post"}
    post_operation = schema["paths"]["/api/v1/returns/"]["post"]
    assert post_operation["tags"] == ["Performance"]
    assert set(post_operation["responses"]) >= {"200", "401", "403", "409", "422"}
    assert {"IndicatorOut", "ReturnIn", "ValueIn", "ReturnOut", "ProblemOut"} <= set(schema["components"]["schemas"])
