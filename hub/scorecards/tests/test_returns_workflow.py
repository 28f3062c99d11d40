"""A SPOC fills in, uploads and submits a return; the business unit approves or returns it."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse

from hub.core.models import AuditEntry
from hub.scorecards.models import ExceptionReport, Return, ReturnUpload, ReturnValue
from hub.testing import sign_in

BEFORE_DEADLINE = datetime(2023, 4, 20, 10, 0, tzinfo=UTC)
LONG_AFTER = datetime(2023, 7, 20, 10, 0, tzinfo=UTC)


@pytest.fixture
def during_collection(time_machine):
    time_machine.move_to(BEFORE_DEADLINE, tick=False)


@pytest.fixture
def draft(personas, scorecard, during_collection):
    return Return.objects.create(agency=personas.agency_a, period=scorecard["period"])


def _form(contacts="120", visits=("45", "50"), comment=""):
    return {
        "T-01-numerator": contacts,
        "T-01-comment": "",
        "T-02-numerator": visits[0],
        "T-02-denominator": visits[1],
        "T-02-comment": comment,
        "next": "stay",
    }


def _url(name, scorecard_return, **extra):
    return reverse(f"scorecards:{name}", kwargs={"uuid": scorecard_return.uuid, **extra})


# Filling in online ------------------------------------------------------------------------------


def test_spoc_saves_figures_and_the_percentage_is_worked_out(client, personas, draft):
    sign_in(client, personas.spoc_a)
    response = client.post(_url("return", draft), _form())
    assert response.status_code == 302
    values = {value.indicator.code: value for value in ReturnValue.objects.filter(scorecard_return=draft)}
    assert values["T-01"].value == Decimal(120)
    assert values["T-02"].value == Decimal("90.0")
    assert values["T-02"].denominator == Decimal(50)
    entry = AuditEntry.objects.get(action="scorecards.return.saved")
    assert sorted(entry.data["changed"]) == ["T-01", "T-02"]


def test_saving_the_same_figures_again_changes_nothing(client, personas, draft):
    sign_in(client, personas.spoc_a)
    client.post(_url("return", draft), _form())
    history_before = ReturnValue.history.count()
    response = client.post(_url("return", draft), _form(), follow=True)
    assert "Nothing had changed" in response.content.decode()
    assert ReturnValue.history.count() == history_before
    assert AuditEntry.objects.filter(action="scorecards.return.saved").count() == 1


def test_text_in_a_number_box_is_named_and_nothing_is_saved(client, personas, draft):
    sign_in(client, personas.spoc_a)
    response = client.post(_url("return", draft), _form(contacts="twelve"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Contacts: the number must be a number, like 12 or 48.5" in page
    assert "<title>Error:" in page
    assert not ReturnValue.objects.filter(scorecard_return=draft).exists()


def test_submission_is_refused_until_every_value_is_there(client, personas, draft):
    sign_in(client, personas.spoc_a)
    client.post(_url("return", draft), _form(visits=("", "")))
    response = client.post(_url("return-submit", draft), follow=True)
    assert "cannot be submitted yet" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Return.Status.DRAFT


def test_a_large_change_needs_a_comment_before_submission(client, personas, draft):
    # Last quarter 80%; 20 of 50 is 40%, half of it: beyond the factor of 1.5.
    sign_in(client, personas.spoc_a)
    client.post(_url("return", draft), _form(visits=("20", "50")))
    response = client.post(_url("return-submit", draft), follow=True)
    assert "cannot be submitted yet" in response.content.decode()
    client.post(_url("return", draft), _form(visits=("20", "50"), comment="Two nurses on long-term leave."))
    client.post(_url("return-submit", draft))
    draft.refresh_from_db()
    assert draft.status == Return.Status.SUBMITTED


def test_submitting_tells_the_business_unit(client, personas, draft, django_capture_on_commit_callbacks):
    sign_in(client, personas.spoc_a)
    client.post(_url("return", draft), _form())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("return-submit", draft))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Return.Status.SUBMITTED
    assert draft.submitted_by == personas.spoc_a
    assert [message.to for message in mail.outbox] == [[personas.business_unit.email]]
    assert "Agency A submitted its performance return for Q4 2022/23" in mail.outbox[0].subject


def test_a_submitted_return_cannot_be_changed_by_the_spoc(client, personas, draft):
    sign_in(client, personas.spoc_a)
    client.post(_url("return", draft), _form())
    client.post(_url("return-submit", draft))
    response = client.post(_url("return", draft), _form(contacts="999"))
    assert response.status_code == 404
    assert ReturnValue.objects.get(scorecard_return=draft, indicator__code="T-01").numerator == Decimal(120)


# Who may see a return ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["spoc_b", "practitioner", "manager", "executive", "scrutineer", "outsider"])
def test_other_people_never_see_an_agencys_draft(client, personas, draft, persona):
    sign_in(client, getattr(personas, persona))
    assert client.get(_url("return", draft)).status_code == 404
    assert client.get(_url("return-template", draft)).status_code == 404
    assert client.post(_url("return", draft), _form()).status_code == 404


def test_the_returns_list_shows_a_spoc_only_their_agency(client, personas, draft, scorecard):
    Return.objects.create(agency=personas.agency_b, period=scorecard["period"])
    sign_in(client, personas.spoc_b)
    page = client.get(reverse("scorecards:returns")).content.decode()
    assert "Agency B" in page
    assert "Agency A" not in page


def test_people_without_a_part_in_returns_are_refused_the_list(client, personas, during_collection):
    sign_in(client, personas.practitioner)
    assert client.get(reverse("scorecards:returns")).status_code == 404


def test_signed_out_visitors_are_asked_to_sign_in(client, draft):
    response = client.get(_url("return", draft))
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


def test_a_spoc_starts_a_return_for_their_agency_only(client, personas, scorecard, during_collection):
    sign_in(client, personas.spoc_a)
    url = reverse("scorecards:return-start", args=["agb", scorecard["period"].key])
    assert client.post(url).status_code == 404
    url = reverse("scorecards:return-start", args=["aga", scorecard["period"].key])
    response = client.post(url)
    created = Return.objects.get(agency=personas.agency_a, period=scorecard["period"])
    assert response["Location"] == _url("return", created)


# Business unit decisions --------------------------------------------------------------------------


@pytest.fixture
def submitted(client, personas, draft):
    sign_in(client, personas.spoc_a)
    client.post(_url("return", draft), _form())
    client.post(_url("return-submit", draft))
    client.logout()
    draft.refresh_from_db()
    return draft


def test_business_unit_approves_and_the_report_follows_when_every_return_is_in(
    client, personas, scorecard, submitted, django_capture_on_commit_callbacks
):
    from hub.scorecards.tests.conftest import approve_values

    approve_values(personas.agency_b, scorecard["period"], {scorecard["arrests"]: (7, None)})
    sign_in(client, personas.business_unit)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("return-approve", submitted))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Return.Status.APPROVED
    assert submitted.decided_by == personas.business_unit
    assert ExceptionReport.objects.filter(period=scorecard["period"]).exists()


def test_no_report_while_a_return_is_outstanding(
    client, personas, scorecard, submitted, django_capture_on_commit_callbacks
):
    sign_in(client, personas.business_unit)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("return-approve", submitted))
    assert not ExceptionReport.objects.filter(period=scorecard["period"]).exists()


def test_a_spoc_cannot_approve_their_own_return(client, personas, submitted):
    sign_in(client, personas.spoc_a)
    assert client.post(_url("return-approve", submitted)).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == Return.Status.SUBMITTED


def test_returning_for_changes_needs_a_reason_and_tells_the_spocs(
    client, personas, submitted, django_capture_on_commit_callbacks
):
    sign_in(client, personas.business_unit)
    response = client.post(_url("return-send-back", submitted), {"reason": ""})
    assert response.status_code == 400
    assert "Enter what the agency needs to change" in response.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("return-send-back", submitted), {"reason": "Check the visits denominator."})
    submitted.refresh_from_db()
    assert submitted.status == Return.Status.RETURNED
    assert submitted.returned_reason == "Check the visits denominator."
    assert [message.to for message in mail.outbox] == [[personas.spoc_a.email]]
    assert "Check the visits denominator." in mail.outbox[0].body


# Closing and exceptions ----------------------------------------------------------------------------


def test_a_return_locks_after_the_deadline_until_an_exception_is_opened(client, personas, draft, time_machine):
    time_machine.move_to(LONG_AFTER, tick=False)
    sign_in(client, personas.spoc_a)
    page = client.get(_url("return", draft)).content.decode()
    assert "This return closed on" in page
    assert client.post(_url("return", draft), _form()).status_code == 404

    sign_in(client, personas.business_unit)
    response = client.post(
        _url("return-exception", draft),
        {"until_day": "31", "until_month": "7", "until_year": "2023", "reason": "Data system migration."},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.open_until == date(2023, 7, 31)

    sign_in(client, personas.spoc_a)
    assert client.post(_url("return", draft), _form()).status_code == 302
    assert ReturnValue.objects.filter(scorecard_return=draft).count() == 2


def test_only_the_business_unit_opens_exceptions(client, personas, draft):
    sign_in(client, personas.spoc_a)
    response = client.post(
        _url("return-exception", draft), {"until_day": "31", "until_month": "7", "until_year": "2023", "reason": "x"}
    )
    assert response.status_code == 404


# Uploading the workbook ------------------------------------------------------------------------------


def _filled_template(client, scorecard_return, values: dict[str, tuple]) -> bytes:
    content = client.get(_url("return-template", scorecard_return)).content
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook["Return"]
    header_row = next(row[0].row for row in sheet.iter_rows() if any(cell.value == "Code" for cell in row))
    headers = {cell.value: cell.column for cell in sheet[header_row] if cell.value}
    for row in sheet.iter_rows(min_row=header_row + 1):
        code = row[headers["Code"] - 1].value
        if code in values:
            numerator, denominator = values[code]
            sheet.cell(row=row[0].row, column=headers["Numerator"], value=numerator)
            if denominator is not None:
                sheet.cell(row=row[0].row, column=headers["Denominator"], value=denominator)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_an_upload_is_checked_then_saved_all_together_and_again_changes_nothing(client, personas, draft):
    sign_in(client, personas.spoc_a)
    data = _filled_template(client, draft, {"T-01": (130, None), "T-02": (44, 50)})
    upload = io.BytesIO(data)
    upload.name = "agency-a.xlsx"
    response = client.post(_url("return-upload", draft), {"file": upload})
    assert response.status_code == 302
    assert not ReturnValue.objects.filter(scorecard_return=draft).exists()
    pending = ReturnUpload.objects.get(scorecard_return=draft)
    page = client.get(response["Location"]).content.decode()
    assert "Confirm and save the figures" in page
    client.post(response["Location"])
    values = {value.indicator.code: value.value for value in ReturnValue.objects.filter(scorecard_return=draft)}
    assert values == {"T-01": Decimal(130), "T-02": Decimal("88.0")}
    pending.refresh_from_db()
    assert pending.applied_at is not None

    history_before = ReturnValue.history.count()
    again = io.BytesIO(data)
    again.name = "agency-a.xlsx"
    response = client.post(_url("return-upload", draft), {"file": again})
    follow = client.post(response["Location"], follow=True)
    assert "holds the same figures as the return, so nothing changed" in follow.content.decode()
    assert ReturnValue.history.count() == history_before


def test_a_bad_upload_shows_the_report_and_saves_nothing(client, personas, draft):
    sign_in(client, personas.spoc_a)
    data = _filled_template(client, draft, {"T-01": ("twelve", None), "T-02": (60, 50)})
    upload = io.BytesIO(data)
    upload.name = "agency-a.xlsx"
    response = client.post(_url("return-upload", draft), {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "was not accepted" in page
    assert "twelve" in page
    assert not ReturnValue.objects.filter(scorecard_return=draft).exists()
    assert not ReturnUpload.objects.exists()


def test_a_file_that_is_not_a_workbook_is_named_as_such(client, personas, draft):
    sign_in(client, personas.spoc_a)
    upload = io.BytesIO(b"code,numerator\nT-01,12\n")
    upload.name = "return.xlsx"
    response = client.post(_url("return-upload", draft), {"file": upload})
    assert response.status_code == 400
    assert "Whole file" in response.content.decode()
    assert not ReturnValue.objects.filter(scorecard_return=draft).exists()


def test_another_agencys_template_is_refused(client, personas, draft, scorecard):
    other = Return.objects.create(agency=personas.agency_b, period=scorecard["period"])
    sign_in(client, personas.spoc_b)
    data = _filled_template(client, other, {"T-03": (5, None)})
    sign_in(client, personas.spoc_a)
    upload = io.BytesIO(data)
    upload.name = "agency-b.xlsx"
    response = client.post(_url("return-upload", draft), {"file": upload})
    assert response.status_code == 400
    assert "Agency B" in response.content.decode()
    assert not ReturnValue.objects.filter(scorecard_return=draft).exists()


def test_only_the_person_who_uploaded_confirms(client, personas, draft):
    from hub.core import roles
    from hub.testing import make_user

    colleague = make_user(agency=personas.agency_a, roles_=((roles.SPOC, personas.agency_a),))
    sign_in(client, personas.spoc_a)
    data = _filled_template(client, draft, {"T-01": (130, None), "T-02": (44, 50)})
    upload = io.BytesIO(data)
    upload.name = "agency-a.xlsx"
    location = client.post(_url("return-upload", draft), {"file": upload})["Location"]
    sign_in(client, colleague)
    assert client.post(location).status_code == 404
    assert not ReturnValue.objects.filter(scorecard_return=draft).exists()
