"""The procedures page: the link to the online manual, local documents, and the amendments log."""

import datetime

import pytest

from hub.website.tests.factories import add_amendment, build_site, crumbs_of, make_document, soup_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_site()


def test_the_page_links_the_online_procedures_manual(client, site):
    procedures = site.procedures
    procedures.procedures_url = "https://procedures.example.org/durham/"
    procedures.procedures_link_text = "Go to the multi-agency child protection procedures"
    procedures.introduction = "How agencies work together when a child may be at risk."
    procedures.save_revision().publish()
    soup = soup_of(client.get("/procedures/"))
    main = soup.find("main")
    link = main.find("a", class_="govuk-button--start")
    assert link["href"] == "https://procedures.example.org/durham/"
    assert link.get_text(strip=True) == "Go to the multi-agency child protection procedures"
    assert "on another website" in main.get_text()
    assert "How agencies work together when a child may be at risk." in main.get_text()
    assert crumbs_of(soup) == [("Home", "/"), ("Child protection procedures", None)]


def test_local_documents_are_listed_from_the_body(client, site):
    document = make_document("escalation-policy.pdf", b"%PDF-1.4 escalation", title="Escalation policy")
    procedures = site.procedures
    procedures.body = [
        ("text", "<h2>Local documents</h2>"),
        ("links", [{"page": None, "url": document.url, "title": "Escalation policy", "description": "PDF"}]),
    ]
    procedures.save_revision().publish()
    main = soup_of(client.get("/procedures/")).find("main")
    assert main.find("h2", string="Local documents") is not None
    assert main.find("a", string="Escalation policy")["href"] == document.url


def test_the_amendments_log_is_a_table_newest_first(client, site):
    add_amendment(site.procedures, date=datetime.date(2024, 5, 1), chapter="Neglect", change="Graded care profile 2.")
    add_amendment(
        site.procedures, date=datetime.date(2025, 2, 3), chapter="Child exploitation", change="New referral form."
    )
    add_amendment(site.procedures, date=datetime.date(2024, 11, 20), chapter="Escalation", change="New contacts.")
    table = soup_of(client.get("/procedures/")).find("main").find("table", class_="govuk-table")
    headers = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    assert headers == ["Date", "Chapter", "What changed"]
    rows = [[cell.get_text(strip=True) for cell in row.find_all(["th", "td"])] for row in table.tbody.find_all("tr")]
    assert rows == [
        ["3 February 2025", "Child exploitation", "New referral form."],
        ["20 November 2024", "Escalation", "New contacts."],
        ["1 May 2024", "Neglect", "Graded care profile 2."],
    ]
    assert table.caption.get_text() == "Changes to the procedures, newest first"


def test_a_page_with_no_amendments_says_so(client, site):
    main = soup_of(client.get("/procedures/")).find("main")
    assert main.find("table") is None
    assert "No changes have been recorded yet." in main.get_text()


def test_signed_in_people_see_the_same_procedures_page(client_for, personas, site):
    add_amendment(site.procedures, date=datetime.date(2025, 1, 1), chapter="Neglect", change="Updated.")
    main = soup_of(client_for(personas.practitioner).get("/procedures/")).find("main")
    assert "Updated." in main.find("table").get_text()
