"""The home's monthly return: the template, row-by-row problems, all-or-nothing saving and
sending the same return twice."""

from __future__ import annotations

import io
from datetime import datetime
from unittest import mock

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hub.core.errors import DomainError
from hub.core.models import AuditEntry
from hub.restraint import importing, services
from hub.restraint.models import Incident, IncidentImport
from hub.restraint.tests.factories import make_home, make_lists, make_recorder

ROW = {
    importing.NUMBER: "ASC-2022-0001",
    importing.DATE: "14/03/2022",
    importing.TIME: "15:30",
    importing.YOUNG_PERSON: "YP-0101",
    importing.AGE_BAND: "13-14",
    importing.LOCATION: "Corridor",
    importing.REASON: "Risk of harm to others",
    importing.TECHNIQUES: "Two-person escort; Standing hold",
    importing.DURATION: "4",
    importing.STAFF: "2",
    importing.INJURY: "Level 1",
    importing.STAFF_INJURY: "No injury",
    importing.DEBRIEF: "Yes",
    importing.VIEW: "Felt the hold was fair",
    importing.CCTV: "Yes",
    importing.REVIEW: "Reviewed",
    importing.REVIEW_DATE: "16/03/2022",
    importing.REVIEW_NOTES: "",
}


def workbook_with(rows: list[dict]) -> bytes:
    workbook = load_workbook(io.BytesIO(importing.build_template()))
    sheet = workbook[importing.SHEET]
    for row in rows:
        sheet.append([row.get(heading, "") for heading in importing.HEADINGS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_with(rows: list[dict]) -> bytes:
    lines = [",".join(importing.HEADINGS)]
    lines += [",".join(f'"{row.get(heading, "")}"' for heading in importing.HEADINGS) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def rows(count: int, **overrides) -> list[dict]:
    return [
        ROW | {importing.NUMBER: f"ASC-2022-{number:04d}", importing.DATE: f"{number:02d}/03/2022"} | overrides
        for number in range(1, count + 1)
    ]


@pytest.fixture
def home(db):
    make_lists()
    return make_home()


@pytest.fixture
def staff(home):
    return make_recorder(home)


def test_the_template_offers_the_lists_and_reads_back(home):
    result = importing.read_return(workbook_with(rows(3)), filename="march.xlsx")
    assert result.problems == []
    first = result.rows[0]
    assert first.home_reference == "ASC-2022-0001"
    assert first.occurred_at.hour == 15 and first.injury == 1
    assert sorted(technique.name for technique in first.techniques) == ["Standing hold", "Two-person escort"]
    workbook = load_workbook(io.BytesIO(importing.build_template()))
    assert [cell.value for cell in workbook["Lists"][1]][:3] == ["Age band", "Location", "Reason"]
    assert workbook[importing.SHEET].data_validations.dataValidation


def test_a_csv_return_is_read_the_same_way(home):
    assert importing.read_return(csv_with(rows(2)), filename="march.csv").problems == []


def test_every_problem_is_named_with_its_row_and_column(home):
    bad = rows(4)
    bad[1] |= {importing.DATE: "31/02/2022", importing.INJURY: "Level 5"}
    bad[2] |= {importing.YOUNG_PERSON: "Jane Smith", importing.TECHNIQUES: "Headlock"}
    bad[3] |= {importing.NUMBER: "ASC-2022-0001", importing.DURATION: "ten"}
    problems = [str(problem) for problem in importing.read_return(workbook_with(bad), filename="m.xlsx").problems]
    assert 'Row 3, Date: must be a date, like 14/03/2022, not "31/02/2022"' in problems
    assert any(
        problem.startswith("Row 3, Injury to young person: must be one of: None, Level 1") for problem in problems
    )
    assert any(
        problem.startswith('Row 4, Young person\'s reference: "Jane Smith" is not a pseudonymous')
        for problem in problems
    )
    assert any(problem.startswith('Row 4, Techniques: "Headlock" is not on the list') for problem in problems)
    assert "Row 5, Incident number: ASC-2022-0001 is also on row 2: give each incident once" in problems
    assert any(problem.startswith("Row 5, Duration (minutes): must be a whole number") for problem in problems)


def test_a_return_with_one_bad_row_saves_nothing(home, staff):
    bad = rows(5)
    bad[3][importing.TIME] = "25:99"
    pending, result, preview = services.check_import(
        actor=staff, home=home, file_name="march.xlsx", content=workbook_with(bad)
    )
    assert pending is None and preview is None
    assert [str(problem) for problem in result.problems] == [
        'Row 5, Time: must be a time on the 24-hour clock, like 14:30, not "25:99"'
    ]
    assert not Incident.objects.exists()
    assert not IncidentImport.objects.exists()


def test_a_checked_return_is_saved_only_when_confirmed_and_all_at_once(home, staff):
    pending, _, preview = services.check_import(
        actor=staff, home=home, file_name="march.xlsx", content=workbook_with(rows(5))
    )
    assert (preview.new, preview.changed, preview.unchanged) == (5, 0, 0)
    assert not Incident.objects.exists()
    # The incidents are written, then their techniques: a failure at that last step keeps nothing.
    through = Incident.techniques.through
    failure = RuntimeError("database went away")
    with mock.patch.object(through.objects, "bulk_create", side_effect=failure), pytest.raises(RuntimeError):
        services.apply_import(actor=staff, pending=pending)
    assert not Incident.objects.exists()
    pending.refresh_from_db()
    assert pending.status == IncidentImport.Status.CHECKED
    applied = services.apply_import(actor=staff, pending=pending)
    assert (applied.created, applied.updated, applied.unchanged) == (5, 0, 0)
    assert Incident.objects.count() == 5 and applied.content == b""
    with pytest.raises(DomainError, match="already been applied"):
        services.apply_import(actor=staff, pending=applied)


def test_the_same_return_twice_changes_nothing_and_a_correction_changes_only_its_row(home, staff):
    content = workbook_with(rows(4))
    pending, _, _ = services.check_import(actor=staff, home=home, file_name="march.xlsx", content=content)
    services.apply_import(actor=staff, pending=pending)
    history = sum(incident.history.count() for incident in Incident.objects.all())
    again, _, preview = services.check_import(actor=staff, home=home, file_name="march.xlsx", content=content)
    assert (preview.new, preview.changed, preview.unchanged) == (0, 0, 4)
    applied = services.apply_import(actor=staff, pending=again)
    assert (applied.created, applied.updated, applied.unchanged) == (0, 0, 4)
    assert sum(incident.history.count() for incident in Incident.objects.all()) == history
    corrected = rows(4)
    corrected[2][importing.DURATION] = "12"
    pending, _, preview = services.check_import(
        actor=staff, home=home, file_name="march-v2.xlsx", content=workbook_with(corrected)
    )
    assert (preview.new, preview.changed, preview.unchanged) == (0, 1, 3)
    services.apply_import(actor=staff, pending=pending)
    changed = Incident.objects.get(home_reference="ASC-2022-0003")
    assert changed.duration_minutes == 12 and changed.version == 2


def test_only_the_homes_staff_send_its_return(home):
    other = make_home("Other Home", "other")
    with pytest.raises(DomainError):
        services.check_import(
            actor=make_recorder(other, "x@example.org"), home=home, file_name="m.xlsx", content=workbook_with(rows(1))
        )


def test_unconfirmed_returns_are_discarded_after_a_day(home, staff):
    pending, _, _ = services.check_import(
        actor=staff, home=home, file_name="march.xlsx", content=workbook_with(rows(1))
    )
    IncidentImport.objects.filter(pk=pending.pk).update(uploaded_at=datetime(2022, 1, 1, 9, 0).astimezone())
    assert services.purge_unconfirmed_imports() == 1
    pending.refresh_from_db()
    assert pending.status == IncidentImport.Status.DISCARDED and pending.content == b""


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.7 not a return", "march.xlsx", "is a PDF"),
        (b"", "march.csv", "The selected file is empty"),
        (b"Incident number,Date\r\nASC-1,14/03/2022\r\n", "march.csv", "the column headings do not match"),
        (b"PK\x03\x04garbage", "march.xlsx", "damaged"),
    ],
)
def test_files_that_are_not_returns_are_refused_on_the_page_without_an_error(
    home, staff, client_for, content, name, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(staff)
    response = client.post(reverse("restraint:import-upload"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not IncidentImport.objects.exists()


def test_the_upload_page_shows_the_check_and_confirming_saves(home, staff, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(staff)
    response = client.post(
        reverse("restraint:import-upload"), {"file": SimpleUploadedFile("march.xlsx", workbook_with(rows(3)))}
    )
    pending = IncidentImport.objects.get()
    assert response.url == pending.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "passed every check" in page and "ASC-2022-0003" in page
    response = client.post(pending.get_absolute_url(), {"decision": "apply"}, follow=True)
    assert "3 new incidents" in response.content.decode()
    assert Incident.objects.count() == 3
    assert AuditEntry.objects.filter(action="restraint.import.applied").count() == 1


def test_the_templates_download(home, staff, client_for):
    client = client_for(staff)
    response = client.get(reverse("restraint:import-template", args=["xlsx"]))
    assert response["Content-Disposition"] == 'attachment; filename="restraint-return.xlsx"'
    load_workbook(io.BytesIO(response.content))
    response = client.get(reverse("restraint:import-template", args=["csv"]))
    assert response.content.decode("utf-8-sig").startswith("Incident number,Date,Time")
    assert client.get(reverse("restraint:import-template", args=["pdf"])).status_code == 404
