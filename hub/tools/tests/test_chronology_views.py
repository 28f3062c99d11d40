"""The chronology builder's pages: templates, uploads with errors (400, never 500), the three outputs."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from hub.tools.models import Tool, ToolUse
from hub.tools.tests.files import csv_bytes, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

URL = "/tools/chronology/"


def police_file():
    return upload(
        "police.xlsx",
        xlsx_bytes(
            [
                (datetime(2021, 3, 14), "Exact", "Attended a domestic incident", "Police", "High", "Child present"),
                (datetime(2021, 9, 1), "Exact", "Strategy discussion", "Police", "Medium", ""),
            ]
        ),
    )


def health_file():
    return upload("health.csv", csv_bytes([("14/03/2021", "", "A and E attendance with mother", "Health", "", "")]))


def test_the_page_offers_both_templates_and_says_nothing_is_stored(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing you type or upload is stored." in html
    assert reverse("tools:chronology-template", args=["xlsx"]) in html
    assert "multiple" in html and 'enctype="multipart/form-data"' in html


def test_the_xlsx_template_has_the_headings_and_an_instructions_sheet(client):
    response = client.get(reverse("tools:chronology-template", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Chronology", "Instructions"]
    headings = [cell.value for cell in workbook["Chronology"][1]]
    assert headings == ["Date", "Date accuracy", "Event", "Source agency", "Significance", "Impact on the child"]
    assert "Do not write the child's" in " ".join(str(row[0].value) for row in workbook["Instructions"].iter_rows())


def test_the_csv_template_has_the_headings(client):
    response = client.get(reverse("tools:chronology-template", args=["csv"]))
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Date,Date accuracy,Event,Source agency,Significance,Impact on the child"


def test_uploading_good_files_shows_the_merged_chronology(client):
    response = client.post(URL, {"files": [police_file(), health_file()], "gap_days": "90", "output": "html"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert "3 events from 2 agencies, oldest first" in html
    assert "Significant event" in html
    assert "Same day as:</strong> Health" in html
    assert "Gap of 171 days" in html
    assert ToolUse.objects.get(tool=Tool.CHRONOLOGY).count == 1


def test_the_chronology_downloads_as_a_workbook_from_the_upload(client):
    response = client.post(URL, {"files": [police_file(), health_file()], "gap_days": "90", "output": "xlsx"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(values_only=False)]
    assert rows[0][:4] == ["Date", "Date accuracy", "Source agency", "Event"]
    assert [row[2] for row in rows[1:]] == ["Health", "Police", None, "Police"]
    assert rows[3][3].startswith("Gap: 171 days")
    assert rows[2][6] == "Health"


def test_the_chronology_downloads_as_a_tagged_pdf(client):
    response = client.post(URL, {"files": [police_file(), health_file()], "gap_days": "90", "output": "pdf"})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Attended a domestic incident" in text
    assert "Gap of 171 days" in text


def test_the_result_page_downloads_again_from_its_signed_copy(client):
    page = client.post(URL, {"files": [police_file(), health_file()], "gap_days": "90"})
    signed = page.context["signed"]
    response = client.post(reverse("tools:chronology-download"), {"chronology": signed, "output": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="multi-agency-chronology-')
    pdf = client.post(reverse("tools:chronology-download"), {"chronology": signed, "output": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    # Downloads of a chronology already built are not counted as new uses.
    assert ToolUse.objects.get(tool=Tool.CHRONOLOGY).count == 1


def test_a_changed_signed_copy_is_refused_without_an_error(client):
    page = client.post(URL, {"files": [police_file()], "gap_days": "90"})
    response = client.post(reverse("tools:chronology-download"), {"chronology": page.context["signed"] + "x"})
    assert response.status_code == 400
    assert "The chronology could not be downloaded" in response.content.decode()


def test_malformed_files_get_errors_per_file_and_row_and_nothing_is_built(client):
    files = [
        police_file(),
        upload("renamed.xlsx", b"%PDF-1.7 this is a PDF"),
        upload("empty.csv", b""),
        upload(
            "school.xlsx",
            xlsx_bytes([("14/03/21", "Exact", "Exclusion", "School", "", ""), ("soon", "", "", "School", "", "")]),
        ),
    ]
    response = client.post(URL, {"files": files, "gap_days": "90", "output": "xlsx"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "There is a problem with the files you uploaded" in html
    assert "renamed.xlsx: 1 problem" in html
    assert "is a PDF, not an Excel workbook" in html
    assert "empty.csv: 1 problem" in html
    assert "school.xlsx: 3 problems" in html
    assert "Row 2, Date: has a two-digit year" in html
    assert "Row 3, Event: is empty; describe what happened" in html
    assert "No problems: 2 events ready." in html
    assert "<title>Error: " in html
    assert not ToolUse.objects.exists()


def test_no_file_and_a_bad_gap_are_form_errors(client):
    response = client.post(URL, {"gap_days": "soon"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select at least one chronology file" in html
    assert "The number of days for a gap must be a whole number, like 90" in html


def test_too_many_files_are_refused(client):
    files = [health_file() for _ in range(21)]
    response = client.post(URL, {"files": files, "gap_days": "90"})
    assert response.status_code == 400
    assert "Select 20 files or fewer at a time" in response.content.decode()
