"""The restraint pages: recording an incident, the access log, the figures page, and a CCTV review
with its error states."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.core.models import AuditEntry
from hub.restraint.models import CctvReview, Incident
from hub.restraint.tests.factories import make_home, make_incident, make_lists, make_recorder, make_reviewer
from hub.restraint.tests.test_services import session_with_sample


@pytest.fixture
def home(db):
    make_lists()
    return make_home()


def _incident_form(**overrides):
    from hub.restraint.models import Location, Reason, Technique

    data = {
        "home_reference": "ASC-2022-0501",
        "occurred_on_day": "14",
        "occurred_on_month": "3",
        "occurred_on_year": "2022",
        "occurred_time": "15:30",
        "young_person": "YP-0101",
        "age_band": "13-14",
        "location": Location.objects.get().pk,
        "reason": Reason.objects.get().pk,
        "techniques": [Technique.objects.first().pk],
        "duration_minutes": "4",
        "staff_involved": "2",
        "injury": "1",
        "staff_injury": "none",
        "debrief_held": "yes",
        "cctv_available": "yes",
        "management_review": "pending",
    }
    return data | overrides


def test_the_homes_staff_record_an_incident_from_the_form(home, client_for):
    client = client_for(make_recorder(home))
    response = client.post(reverse("restraint:incident-new"), _incident_form())
    incident = Incident.objects.get()
    assert response.url == incident.get_absolute_url()
    assert incident.occurred_at == timezone.make_aware(datetime(2022, 3, 14, 15, 30))
    assert incident.injury == 1 and incident.debrief_held


def test_the_form_names_each_mistake_and_keeps_what_was_typed(home, client_for):
    client = client_for(make_recorder(home))
    response = client.post(
        reverse("restraint:incident-new"),
        _incident_form(young_person="Jane Smith", occurred_time="25:00", techniques=[], duration_minutes="0"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the reference the home issued" in page
    assert "Enter the time on the 24-hour clock, like 14:30" in page
    assert "Select the techniques used" in page
    assert "How long it lasted must be at least 1 minute" in page
    assert 'value="ASC-2022-0501"' in page
    assert not Incident.objects.exists()


def test_a_stale_edit_is_refused_with_a_message(home, client_for):
    staff = make_recorder(home)
    incident = make_incident(home)
    client = client_for(staff)
    form = _incident_form(version="1", duration_minutes="9")
    form.pop("home_reference")
    Incident.objects.filter(pk=incident.pk).update(version=2)
    response = client.post(reverse("restraint:incident-edit", args=[incident.uuid]), form, follow=True)
    assert "Someone else changed this incident since you opened it" in response.content.decode()
    incident.refresh_from_db()
    assert incident.duration_minutes == 4


def test_every_view_of_an_incident_is_logged_and_reviewers_see_who_viewed(home, client_for):
    staff = make_recorder(home)
    incident = make_incident(home)
    client_for(staff).get(incident.get_absolute_url())
    reviewer = make_reviewer()
    page = client_for(reviewer).get(incident.get_absolute_url()).content.decode()
    views = AuditEntry.objects.filter(action="restraint.incident.viewed", object_id=str(incident.pk))
    assert list(views.values_list("actor", flat=True).order_by("created_at")) == [staff.pk, reviewer.pk]
    assert "Who has viewed this incident" in page and str(staff) in page
    assert "Who has viewed this incident" not in client_for(staff).get(incident.get_absolute_url()).content.decode()


def test_the_incident_list_logs_what_was_shown(home, client_for):
    make_incident(home, reference="ASC-1")
    make_incident(make_home("Another Home", "another"), reference="OTHER-1")
    staff = make_recorder(home)
    page = client_for(staff).get(reverse("restraint:incidents")).content.decode()
    assert "ASC-1" in page and "OTHER-1" not in page
    entry = AuditEntry.objects.get(action="restraint.incidents.listed")
    assert entry.data["shown"] == ["ASC-1"] and entry.actor == staff


def test_the_list_filters_by_month_injury_and_young_person(home, client_for):
    make_incident(home, reference="MAR-1", when=timezone.make_aware(datetime(2022, 3, 3, 9, 0)), injury=2)
    make_incident(home, reference="APR-1", when=timezone.make_aware(datetime(2022, 4, 3, 9, 0)), young_person="YP-9")
    client = client_for(make_reviewer())
    page = client.get(reverse("restraint:incidents"), {"month": "2022-03"}).content.decode()
    assert "MAR-1" in page and "APR-1" not in page
    page = client.get(reverse("restraint:incidents"), {"injury": "2"}).content.decode()
    assert "MAR-1" in page and "APR-1" not in page
    page = client.get(reverse("restraint:incidents"), {"young_person": "yp-9"}).content.decode()
    assert "APR-1" in page and "MAR-1" not in page
    assert client.get(reverse("restraint:incidents"), {"month": "March"}).status_code == 200


def test_the_figures_page_states_the_year(home, client_for):
    for day in range(1, 5):
        make_incident(home, when=timezone.make_aware(datetime(2022, 3, day, 9, 0)), injury=1 if day == 1 else 0)
    page = client_for(make_recorder(home)).get(reverse("restraint:overview")).content.decode()
    assert "Of the 4 incidents of restraint recorded in 2021/22, 75% caused no injury at all" in page


def test_a_cctv_review_with_concerns_needs_its_learning(home, client_for):
    reviewer = make_reviewer("lead@example.org")
    session, sample = session_with_sample(home, reviewer=reviewer)
    item = sample.items.first()
    client = client_for(reviewer)
    url = reverse("restraint:review", args=[session.uuid, item.uuid])
    response = client.post(url, {"lawful": "yes", "necessary": "yes", "proportionate": "concerns"})
    assert response.status_code == 400
    assert "Write the learning: the reviewers had concerns about the restraint" in response.content.decode()
    response = client.post(
        url, {"lawful": "yes", "necessary": "yes", "proportionate": "concerns", "learning": "Release the hold sooner"}
    )
    assert response.url == session.get_absolute_url()
    assert CctvReview.objects.get().has_concerns
    assert AuditEntry.objects.filter(action="restraint.incident.viewed", data__via="CCTV review").exists()


def test_no_model_has_a_field_for_a_name():
    from django.apps import apps

    for model in apps.get_app_config("restraint").get_models():
        for field in model._meta.get_fields():
            assert "name" not in field.name or model.__name__ in (
                "Technique",
                "Reason",
                "Location",
                "IncidentImport",
            ), (
                model.__name__,
                field.name,
            )


def test_the_account_page_points_staff_and_reviewers_to_their_work(home, client_for):
    make_incident(home)
    from hub.restraint.models import Incident as IncidentModel

    IncidentModel.objects.update(management_review="pending", management_review_on=None)
    page = client_for(make_recorder(home)).get(reverse("core:account")).content.decode()
    assert "1 incident waiting for a management review" in page and "Send the monthly return" in page
    reviewer = make_reviewer("lead@example.org")
    session, _ = session_with_sample(home, reviewer=reviewer)
    page = client_for(reviewer).get(reverse("core:account")).content.decode()
    assert str(session) in page and "Send the monthly return" not in page
