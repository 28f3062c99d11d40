"""Agencies in the back office: listing, search, filters, export, adding, editing and history."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hub.core.models import Agency
from hub.testing import assert_same_query_count, make_agency

pytestmark = pytest.mark.django_db


def _download(response) -> bytes:
    return b"".join(response.streaming_content)


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(_download(response).decode("utf-8-sig"))))


def test_listing_shows_each_agency_with_its_sector_and_flags(personas, client_for):
    make_agency("Durham Constabulary", short_code="police", sector=Agency.Sector.POLICE, is_statutory_partner=True)

    response = client_for(personas.business_unit).get(reverse("core_agency:index"))

    html = response.content.decode()
    assert "Durham Constabulary" in html
    assert "police" in html
    assert "Statutory partner" in html


def test_search_finds_agencies_by_part_of_their_name(personas, client_for):
    make_agency("Durham Constabulary", short_code="police", sector=Agency.Sector.POLICE)
    make_agency("Harrogate and District NHS Foundation Trust", short_code="hdft", sector=Agency.Sector.HEALTH)

    response = client_for(personas.business_unit).get(reverse("core_agency:index"), {"q": "constab"})

    html = response.content.decode()
    assert "Durham Constabulary" in html
    assert "Harrogate and District" not in html


def test_filters_narrow_the_listing_by_sector_and_statutory_flag(personas, client_for):
    make_agency("Durham Constabulary", short_code="police", sector=Agency.Sector.POLICE, is_statutory_partner=True)
    make_agency("Youth Justice Service", short_code="yjs", sector=Agency.Sector.CRIMINAL_JUSTICE)
    client = client_for(personas.business_unit)

    by_sector = client.get(reverse("core_agency:index"), {"sector": Agency.Sector.CRIMINAL_JUSTICE}).content.decode()
    statutory = client.get(reverse("core_agency:index"), {"is_statutory_partner": "true"}).content.decode()

    assert "Youth Justice Service" in by_sector and "Durham Constabulary" not in by_sector
    assert "Durham Constabulary" in statutory and "Youth Justice Service" not in statutory


def test_csv_export_lists_the_filtered_agencies_with_formulas_neutralised(personas, client_for):
    make_agency("Durham Constabulary", short_code="police", sector=Agency.Sector.POLICE, is_statutory_partner=True)
    make_agency("=HYPERLINK(evil)", short_code="evil", sector=Agency.Sector.OTHER)

    response = client_for(personas.business_unit).get(
        reverse("core_agency:index"), {"export": "csv", "sector": Agency.Sector.POLICE}
    )

    rows = _csv_rows(response)
    assert rows[0] == ["Name", "Code", "Sector", "Statutory partner", "Active", "E-mail domains"]
    assert rows[1:] == [
        ["Agency B", "agb", "Police", "False", "True", ""],
        ["Durham Constabulary", "police", "Police", "True", "True", ""],
    ]
    everything = _csv_rows(client_for(personas.business_unit).get(reverse("core_agency:index"), {"export": "csv"}))
    assert ["'=HYPERLINK(evil)", "evil", "Other", "False", "True", ""] in everything


def test_excel_export_lists_every_agency(personas, client_for):
    response = client_for(personas.business_unit).get(reverse("core_agency:index"), {"export": "xlsx"})

    sheet = load_workbook(io.BytesIO(_download(response))).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Agency A", "Agency B", "Agency C"]


def test_business_unit_adds_an_agency(personas, client_for):
    response = client_for(personas.business_unit).post(
        reverse("core_agency:add"),
        {
            "name": "Durham and Darlington Probation Service",
            "short_code": "probation",
            "sector": Agency.Sector.CRIMINAL_JUSTICE,
            "is_active": "on",
            "email_domains": "justice.gov.uk",
        },
    )

    assert response.status_code == 302
    agency = Agency.objects.get(short_code="probation")
    assert agency.name == "Durham and Darlington Probation Service"
    assert agency.is_active and not agency.is_statutory_partner
    assert agency.domains == ["justice.gov.uk"]


def test_adding_an_agency_with_a_code_in_use_shows_an_error(personas, client_for):
    response = client_for(personas.business_unit).post(
        reverse("core_agency:add"), {"name": "Another", "short_code": "aga", "sector": Agency.Sector.OTHER}
    )

    assert response.status_code == 200
    assert "Agency with this Short code already exists." in response.content.decode()
    assert not Agency.objects.filter(name="Another").exists()


def test_an_edit_shows_in_the_history_and_on_the_inspect_page(personas, client_for):
    agency = personas.agency_c
    client = client_for(personas.business_unit)

    client.post(
        reverse("core_agency:edit", args=[agency.pk]),
        {"name": "Agency C renamed", "short_code": "agc", "sector": agency.sector, "is_active": "on"},
    )

    agency.refresh_from_db()
    assert agency.name == "Agency C renamed"
    history = client.get(reverse("core_agency:history", args=[agency.pk])).content.decode()
    assert "Edited" in history
    assert personas.business_unit.get_full_name() in history
    inspect = client.get(reverse("core_agency:inspect", args=[agency.pk])).content.decode()
    assert "Change history" in inspect
    assert "Agency C renamed" in inspect and "Agency C" in inspect


def test_agencies_cannot_be_deleted_only_marked_inactive(personas, client_for):
    response = client_for(personas.business_unit).post(reverse("core_agency:delete", args=[personas.agency_c.pk]))

    assert response.status_code == 302
    assert Agency.objects.filter(pk=personas.agency_c.pk).exists()


def test_listing_runs_the_same_number_of_queries_for_one_and_fifty_agencies(personas, client_for):
    made = iter(range(50))

    def make_rows(count):
        for _ in range(count):
            make_agency(f"Extra agency {next(made):02d}", sector=Agency.Sector.HEALTH)

    response = assert_same_query_count(
        client_for(personas.business_unit), reverse("core_agency:index") + "?q=Extra", make_rows
    )
    assert len(response.context["object_list"]) == 50
