"""The account page's summary of the person, and changing their own details."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hub.core.models import AuditEntry
from hub.core.registry import registry

pytestmark = pytest.mark.django_db


def test_the_account_page_summarises_the_persons_details(client_for, personas):
    spoc = personas.spoc_a
    spoc.job_title = "Safeguarding lead"
    spoc.save()

    page = client_for(spoc).get(reverse("core:account")).content.decode()

    assert "govuk-summary-list" in page
    assert spoc.get_full_name() in page
    assert spoc.email in page
    assert "Agency A" in page
    assert "Safeguarding lead" in page
    assert "Single point of contact for Agency A" in page
    assert reverse("core:profile") in page
    assert reverse("core:password-change") in page
    assert reverse("core:two-factor") in page
    assert "The business unit changes this for you" in page


def test_the_account_page_shows_two_factor_status(client_for, personas):
    assert ">On<" in client_for(personas.business_unit).get(reverse("core:account")).content.decode()
    assert ">Off<" in client_for(personas.practitioner).get(reverse("core:account")).content.decode()


def test_the_account_page_shows_sections_other_areas_register(client_for, personas, monkeypatch):
    def section(request):
        return {"title": "Your bookings", "url": "/training/", "description": "Courses you are booked on."}

    monkeypatch.setattr(registry, "account_sections", [*registry.account_sections, section])

    page = client_for(personas.practitioner).get(reverse("core:account")).content.decode()

    assert "Your bookings" in page
    assert "Courses you are booked on." in page


def test_changing_details_saves_them_and_is_audited(client_for, personas):
    person = personas.practitioner
    response = client_for(person).post(
        reverse("core:profile"),
        {
            "first_name": "Jo",
            "last_name": "Lindqvist",
            "job_title": "Senior practitioner",
            "work_phone": "0191 123 4567",
        },
        follow=True,
    )

    assert "Your details have been updated" in response.content.decode()
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.job_title, person.work_phone) == (
        "Jo",
        "Lindqvist",
        "Senior practitioner",
        "0191 123 4567",
    )
    entry = AuditEntry.objects.get(action="core.user.profile_updated", object_id=str(person.pk))
    assert set(entry.data["fields"]) == {"first_name", "last_name", "job_title", "work_phone"}
    assert person.history.first().job_title == "Senior practitioner"


def test_the_address_and_agency_cannot_be_changed_here(client_for, personas):
    person = personas.practitioner
    client = client_for(person)
    page = client.get(reverse("core:profile")).content.decode()
    assert "The business unit changes your e-mail address and agency" in page

    client.post(
        reverse("core:profile"),
        {
            "first_name": "Jo",
            "last_name": "Tester",
            "email": "someone.else@example.org",
            "agency": personas.agency_b.pk,
        },
    )

    person.refresh_from_db()
    assert person.email == "practitioner@example.org"
    assert person.agency == personas.agency_a


def test_a_name_is_needed_and_a_phone_number_must_look_like_one(client_for, personas):
    response = client_for(personas.practitioner).post(
        reverse("core:profile"), {"first_name": "", "last_name": "", "work_phone": "call me"}
    )

    page = response.content.decode()
    assert "Enter your first name" in page
    assert "Enter your last name" in page
    assert "Enter a telephone number, like 0191 123 4567" in page
    assert not AuditEntry.objects.filter(action="core.user.profile_updated").exists()


def test_saving_without_changes_writes_no_audit_entry(client_for, personas):
    person = personas.practitioner
    client_for(person).post(reverse("core:profile"), {"first_name": person.first_name, "last_name": person.last_name})

    assert not AuditEntry.objects.filter(action="core.user.profile_updated").exists()
