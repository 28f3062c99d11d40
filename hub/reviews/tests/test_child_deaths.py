"""Child death reviews: access for the panel alone, the NHS number encrypted, reporting forms and
chasing, the panel's analysis, the export for the national database, figures and retention."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import pyzipper
from django.db import connection
from django.urls import reverse

from hub.core import roles
from hub.core.errors import DomainError
from hub.reviews import deaths, export
from hub.reviews.models import (
    AccessEntry,
    ChildDeath,
    DeathAnalysis,
    DeathCategory,
    Factor,
    ReportingRequest,
    RetentionRule,
)
from hub.reviews.reports import report_sections
from hub.reviews.retention import purge_expired
from hub.reviews.services import EditConflict
from hub.testing import make_user, sign_in

pytestmark = pytest.mark.django_db
SCHEMA = Path(__file__).parents[1] / "schemas" / "child-death-review.schema.json"
VALID_NHS = "9990000018"


@pytest.fixture
def cdop(personas):
    return make_user("cdop@example.org", agency=personas.agency_a, roles_=(roles.CDOP_PANEL,))


@pytest.fixture
def exporter(personas):
    return make_user("exporter@example.org", agency=personas.agency_a, roles_=(roles.CDOP_PANEL, roles.CDOP_EXPORTER))


def make_death(number: int = 1, **fields) -> ChildDeath:
    values = {
        "reference": f"CDOP-T-{number:03d}",
        "age_days": 200,
        "sex": ChildDeath.Sex.FEMALE,
        "ethnicity": ChildDeath.Ethnicity.WHITE,
        "died_on": date(2021, 5, 1),
        "place": ChildDeath.Place.HOSPITAL,
        "unexpected": False,
        "notified_on": date(2021, 5, 2),
    } | fields
    return ChildDeath.objects.create(**values)


def reviewed_death(number: int, code: str = "8", modifiable: str = "no", analysed_on=date(2021, 9, 1)) -> ChildDeath:
    death = make_death(number, status=ChildDeath.Status.REVIEWED)
    category = DeathCategory.objects.get(code=code, valid_until__isnull=True)
    DeathAnalysis.objects.create(death=death, category=category, modifiable=modifiable, analysed_on=analysed_on)
    return death


def test_the_nhs_number_is_encrypted_at_rest_and_shown_masked(client, cdop):
    death = deaths.record_death(
        actor=cdop,
        nhs_number="999 000 0018",
        reference="CDOP-T-900",
        age_days=30,
        sex="male",
        ethnicity="white",
        died_on=date(2021, 5, 1),
        place="home",
        unexpected=True,
        notified_on=date(2021, 5, 1),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT nhs_number_encrypted FROM reviews_childdeath WHERE id = %s", [death.pk])
        stored = cursor.fetchone()[0]
    assert VALID_NHS not in stored
    assert death.nhs_number() == VALID_NHS
    assert not ChildDeath.history.filter(id=death.pk).exclude(nhs_number_last4="0018").exists()

    panel = sign_in(client, cdop)
    page = panel.get(death.get_absolute_url()).content.decode()
    assert "*** *** 0018" in page and VALID_NHS not in page
    shown = panel.get(death.get_absolute_url() + "?show=nhs-number").content.decode()
    assert VALID_NHS in shown
    assert AccessEntry.objects.filter(record_id=death.pk, record_type="childdeath", detail="NHS number shown").exists()


def test_invalid_and_duplicate_nhs_numbers_are_refused(cdop):
    fields = {
        "age_days": 30,
        "sex": "male",
        "ethnicity": "white",
        "died_on": date(2021, 5, 1),
        "place": "home",
        "unexpected": True,
        "notified_on": date(2021, 5, 1),
    }
    with pytest.raises(DomainError, match="valid 10-digit NHS number"):
        deaths.record_death(actor=cdop, reference="CDOP-T-901", nhs_number="9990000019", **fields)
    deaths.record_death(actor=cdop, reference="CDOP-T-902", nhs_number=VALID_NHS, **fields)
    with pytest.raises(DomainError, match="already recorded as CDOP-T-902"):
        deaths.record_death(actor=cdop, reference="CDOP-T-903", nhs_number=VALID_NHS, **fields)


@pytest.mark.parametrize("persona", ["reviews_panel", "business_unit", "scrutineer", "executive"])
def test_only_the_child_death_panel_sees_child_deaths(client, personas, persona):
    death = make_death()
    sign_in(client, getattr(personas, persona))
    assert client.get(death.get_absolute_url()).status_code == 404
    assert client.get(reverse("reviews:child-deaths")).status_code == 404


def test_a_child_death_panel_member_does_not_see_case_reviews(client, cdop):
    sign_in(client, cdop)
    assert client.get(reverse("reviews:child-deaths")).status_code == 200
    assert client.get(reverse("reviews:overview")).status_code == 404


def test_reporting_forms_are_asked_for_and_late_ones_chased_weekly(personas, cdop, mailoutbox):
    death = make_death()
    reporting = deaths.request_reports(
        actor=cdop, death=death, agency=personas.agency_a, professional_role="Health visitor", due_on=date(2030, 1, 10)
    )
    assert mailoutbox[-1].to == ["spoc.a@example.org"]
    death.refresh_from_db()
    assert death.status == ChildDeath.Status.GATHERING
    assert deaths.chase_late_reports(today=date(2030, 1, 10)) == 0
    assert deaths.chase_late_reports(today=date(2030, 1, 11)) == 1
    assert deaths.chase_late_reports(today=date(2030, 1, 15)) == 0
    assert deaths.chase_late_reports(today=date(2030, 1, 18)) == 1
    reporting.refresh_from_db()
    assert reporting.chased_count == 2
    assert "overdue" in mailoutbox[-1].subject


def test_the_panels_analysis(client, cdop):
    death = make_death()
    panel = sign_in(client, cdop)
    url = reverse("reviews:child-death-analysis", args=[death.uuid])
    category = DeathCategory.objects.get(code="10", valid_until__isnull=True)
    data = {
        "version": 0,
        "category": category.pk,
        "modifiable": "no",
        "analysed_on_day": 1,
        "analysed_on_month": 9,
        "analysed_on_year": 2021,
        "factor_0_domain": "family",
        "factor_0_description": "Unsafe sleeping arrangements",
        "factor_0_grade": "2",
        "factor_1_domain": "physical",
    }
    refused = panel.post(url, data)
    text = refused.content.decode()
    assert refused.status_code == 400
    assert "Describe factor 2" in text and "Select the grade of factor 2" in text
    del data["factor_1_domain"]
    refused = panel.post(url, data)
    assert "A factor graded 2 may have contributed" in refused.content.decode()
    assert panel.post(url, data | {"modifiable": "yes"}).status_code == 302
    death.refresh_from_db()
    assert death.status == ChildDeath.Status.REVIEWED
    assert death.analysis.factors.get().grade == Factor.Grade.CONTRIBUTED
    stale = panel.post(url, data | {"modifiable": "insufficient"})
    assert "Someone else saved this record" in stale.content.decode()
    with pytest.raises(EditConflict):
        deaths.record_analysis(
            actor=cdop,
            death=death,
            category=category,
            modifiable="yes",
            learning="",
            analysed_on=date(2021, 9, 1),
            factors=[],
            version=0,
        )


def test_exports_need_the_exporter_role_and_are_password_protected(client, cdop, exporter):
    reviewed_death(1, code="10", modifiable="yes")
    second = reviewed_death(2)
    second.set_nhs_number(VALID_NHS)
    second.save()
    make_death(3)  # still open: never exported
    url = reverse("reviews:child-death-export")
    assert sign_in(client, cdop).get(url).status_code == 404

    panel = sign_in(client.__class__(), exporter)
    weak = panel.post(url, {"password": "short", "confirm": "short"})
    assert "at least 12 characters" in weak.content.decode()
    response = panel.post(url, {"password": "correct horse battery", "confirm": "correct horse battery"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    with zipfile.ZipFile(io.BytesIO(content)) as plain, pytest.raises(RuntimeError):
        plain.read("child-death-reviews.json")
    with pyzipper.AESZipFile(io.BytesIO(content)) as zipped:
        zipped.setpassword(b"correct horse battery")
        document = json.loads(zipped.read("child-death-reviews.json"))
        table = zipped.read("child-death-reviews.csv").decode("utf-8-sig")
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))
    assert [row["reference"] for row in document["reviews"]] == ["CDOP-T-001", "CDOP-T-002"]
    assert document["reviews"][1]["nhs_number"] == VALID_NHS
    assert table.splitlines()[0].startswith("reference,nhs_number,age_at_death_days")
    assert AccessEntry.objects.filter(kind="exported", user=exporter).count() == 2


def test_the_export_schema_refuses_a_record_with_a_name():
    document = {"schema_version": "1.0", "reviews": [export.record(reviewed_death(1)) | {"name": "Jane"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, json.loads(SCHEMA.read_text()))


def test_the_report_counts_deaths_by_category_with_small_numbers_suppressed():
    for number in range(1, 7):
        reviewed_death(number, code="8")
    reviewed_death(7, code="4", modifiable="yes")
    sections = {section.slug: section for section in report_sections("2021-22")}
    section = sections["reviews-child-deaths"]
    assert section.figures[0].value == 7
    rows = dict(section.table("categories").rows)
    assert rows == {"Malignancy": "fewer than 5", "Perinatal or neonatal event": 6}
    assert dict(section.table("modifiable").rows)["Modifiable factors identified"] == "fewer than 5"


def test_reviewed_deaths_are_purged_with_their_history(personas):
    RetentionRule.objects.filter(record_type="child-death").update(years=1)
    old = reviewed_death(1, analysed_on=date(2020, 1, 10))
    ReportingRequest.objects.create(
        death=old, agency=personas.agency_a, professional_role="GP", due_on=date(2019, 1, 1)
    )
    kept = reviewed_death(2, analysed_on=date(2021, 6, 1))
    purged = purge_expired(today=date(2021, 3, 1))
    assert purged.child_deaths == 1
    assert list(ChildDeath.objects.all()) == [kept]
    assert not ChildDeath.history.filter(id=old.pk).exists()
    assert not ReportingRequest.history.exists()
    assert not DeathAnalysis.history.filter(death_id=old.pk).exists()


def test_a_key_rotation_keeps_every_nhs_number(settings):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    death = make_death()
    death.set_nhs_number(VALID_NHS)
    death.save()
    old_key = settings.FIELD_ENCRYPTION_KEY
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_OLD_KEYS = [old_key]
    call_command("reencrypt_fields", stdout=io.StringIO())
    settings.FIELD_ENCRYPTION_OLD_KEYS = []
    death.refresh_from_db()
    assert death.nhs_number() == VALID_NHS


@pytest.mark.parametrize(
    "name", ["child-death", "child-death-edit", "child-death-progress", "child-death-analysis", "reporting-new"]
)
def test_every_page_that_opens_a_child_death_logs_who_opened_it(client, cdop, name):
    death = make_death()
    assert sign_in(client, cdop).get(reverse(f"reviews:{name}", args=[death.uuid])).status_code == 200
    entry = AccessEntry.objects.get()
    assert (entry.user, entry.kind, entry.record_type, entry.record_id) == (cdop, "viewed", "childdeath", death.pk)
