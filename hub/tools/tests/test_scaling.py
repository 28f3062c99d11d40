"""The scaling-question summary: rows without JavaScript, per-row errors, the chart, reasons grouped, PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from hub.tools.models import Tool, ToolUse
from hub.tools.scaling import Rating, Summary

pytestmark = pytest.mark.django_db

URL = "/tools/scaling/"


def management(total=8, initial=0):
    return {"people-TOTAL_FORMS": str(total), "people-INITIAL_FORMS": str(initial)}


def people(*rows):
    data = {}
    for index, (agency, rating, why, up) in enumerate(rows):
        data |= {
            f"people-{index}-agency": agency,
            f"people-{index}-rating": rating,
            f"people-{index}-why_this_number": why,
            f"people-{index}-up_one": up,
        }
    return data


QUESTION = {"question": "How safe is the child at home today?", "meeting": "Core group, 14 March 2023"}


def test_the_form_starts_with_eight_rows(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Person 8") == 1 and "Person 9" not in html
    assert "Nothing you type is stored." in html


def test_add_more_rows_keeps_what_was_typed(client):
    data = QUESTION | management() | people(("School", "6", "Attending every day", "A routine at bedtime"))
    response = client.post(URL, data | {"action": "add"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Person 12" in html and "Person 13" not in html
    assert 'value="School"' in html
    assert "Attending every day</textarea>" in html
    assert "How safe is the child at home today?</textarea>" in html


def test_rows_stop_at_twenty(client):
    response = client.post(URL, QUESTION | management(total=20) | {"action": "add"})
    html = response.content.decode()
    assert "Person 20" in html and "Person 21" not in html
    assert 'value="add"' not in html


def test_errors_name_the_person_and_answer_400(client):
    data = management() | people(("School", "12", "", ""), ("", "5", "Better", ""))
    response = client.post(URL, data | {"action": "show"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter the scaling question that was asked" in html
    assert "Person 1: Enter a rating from 0 to 10" in html
    assert "Person 2: Enter the agency or role of the person who gave this rating" in html
    assert 'href="#id_people-1-agency"' in html


def test_no_ratings_at_all_is_an_error(client):
    response = client.post(URL, QUESTION | management() | {"action": "show"})
    assert response.status_code == 400
    assert "Enter at least one person&#x27;s agency and rating" in response.content.decode()


def test_the_summary_shows_the_spread_and_groups_the_reasons(client):
    data = (
        QUESTION
        | management()
        | people(
            ("School", "6", "Attending every day", "A bedtime routine"),
            ("Health visitor", "3", "Missed appointments", "Two health checks kept"),
            ("Social worker", "6", "Mother engaging", ""),
            ("Police", "8", "No call-outs since March", "Partner moves out"),
        )
    )
    response = client.post(URL, data | {"action": "show"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert "4 people from 4 agencies gave a rating." in html
    assert "Ratings ranged from 3 to 8 (a spread of 5); the middle rating was 6 and the most common 6." in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    higher, middle, lower = (
        html.index(label) for label in ("Higher ratings: 7 to 10", "Middle ratings: 4 to 6", "Lower ratings: 0 to 3")
    )
    assert higher < middle < lower
    assert (
        html.index("No call-outs since March") < html.index("Attending every day") < html.index("Missed appointments")
    )
    assert ToolUse.objects.get(tool=Tool.SCALING).count == 1


def test_the_summary_downloads_as_a_tagged_pdf(client):
    data = QUESTION | management() | people(("School", "6", "Attending every day", "A bedtime routine"))
    response = client.post(URL, data | {"action": "pdf"})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Attending every day" in text


def test_a_single_rating_is_described_plainly():
    summary = Summary(question="Q", ratings=[Rating("School", 4)])
    assert summary.text == "1 person from 1 agency gave a rating. Everyone rated 4."
    assert summary.median == "4"


def test_an_even_number_of_ratings_has_a_half_median():
    summary = Summary(question="Q", ratings=[Rating("A", 4), Rating("B", 7)])
    assert summary.median == "5.5"
    assert summary.most_common == [4, 7]
