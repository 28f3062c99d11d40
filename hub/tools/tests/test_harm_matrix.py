"""The Harm Matrix worksheet: the boxes and guidance come from the data; the result is a page or a PDF."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from hub.tools.models import HarmMatrixCell, Tool, ToolUse

pytestmark = pytest.mark.django_db

URL = "/tools/harm-matrix/"


def test_the_form_shows_each_box_with_its_prompts_and_guidance(client, tool_content):
    HarmMatrixCell.objects.filter(key="danger").update(guidance="Write the danger statement in the family's words.")
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "What has happened" in html and "What we are worried will happen" in html
    assert "Complicating factors" in html
    assert "Write the danger statement in the family&#x27;s words." in html
    assert "Nothing you type is stored." in html


def test_an_empty_worksheet_is_refused_with_the_error_summary(client, tool_content):
    response = client.post(URL, {"action": "show"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Fill in at least one box of the Harm Matrix" in html
    this_month = timezone.localdate().replace(day=1)
    assert not ToolUse.objects.filter(tool=Tool.HARM_MATRIX, month=this_month).exists()


def test_the_worksheet_is_shown_back_and_not_stored(client, tool_content):
    before = ToolUse.objects.filter(tool=Tool.HARM_MATRIX).count()
    response = client.post(
        URL,
        {
            "action": "show",
            "reference": "CS-0042",
            "cell_harm": "Bruise to the cheek seen at nursery",
            "cell_safety": "",
        },
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert "CS-0042" in html
    assert "Bruise to the cheek seen at nursery" in html
    assert "Not filled in" in html
    assert "This worksheet is not saved." in html
    # One more month row at most (this month's), and nothing holding the text.
    assert ToolUse.objects.filter(tool=Tool.HARM_MATRIX).count() <= before + 1


def test_the_worksheet_downloads_as_a_tagged_pdf(client, tool_content):
    response = client.post(URL, {"action": "pdf", "reference": "CS-0042", "cell_danger": "Worried the baby is shaken"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Worried the baby is shaken" in text
    assert "Harm Matrix worksheet" in text


def test_change_your_answers_brings_them_back_into_the_form(client, tool_content):
    response = client.post(URL, {"action": "edit", "cell_harm": "Left alone overnight"})
    assert response.status_code == 200
    assert "Left alone overnight</textarea>" in response.content.decode()
