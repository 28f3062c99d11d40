import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from hub.core import roles
from hub.core.models import Role
from hub.governance.models import BudgetYear, Contribution, DevelopmentSession
from hub.governance.tests.factories import make_membership

pytestmark = pytest.mark.django_db

VIEWSETS = (
    "governance_group",
    "governance_membership",
    "governance_meeting",
    "governance_minutes",
    "governance_paper",
    "governance_forward_plan",
    "governance_budget_year",
    "governance_development_session",
)


def test_the_business_unit_role_holds_every_governance_permission():
    group = Role.objects.get(slug=roles.BUSINESS_UNIT).permission_group
    wanted = set(Permission.objects.filter(content_type__app_label="governance").values_list("codename", flat=True))
    held = set(group.permissions.filter(content_type__app_label="governance").values_list("codename", flat=True))
    assert "change_meeting" in wanted
    assert wanted == held


@pytest.mark.parametrize("name", VIEWSETS)
def test_business_unit_lists_and_adds_each_kind_of_record(client_for, personas, member, meeting, name):
    client = client_for(personas.business_unit)
    assert client.get(reverse(f"{name}:index")).status_code == 200
    assert client.get(reverse(f"{name}:add")).status_code == 200


def test_meeting_edit_page_edits_agenda_attendance_and_decisions_inline(client_for, personas, meeting):
    html = (
        client_for(personas.business_unit).get(reverse("governance_meeting:edit", args=[meeting.pk])).content.decode()
    )
    assert "agenda_items-TOTAL_FORMS" in html
    assert "attendance-TOTAL_FORMS" in html
    assert "decisions-TOTAL_FORMS" in html


def test_memberships_export_as_csv_and_excel(client_for, personas, group, member):
    client = client_for(personas.business_unit)
    csv = client.get(reverse("governance_membership:index"), {"export": "csv"})
    assert csv.status_code == 200
    body = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "member@example.org" in body
    xlsx = client.get(reverse("governance_membership:index"), {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_inspect_and_history_pages_open_for_a_group(client_for, personas, group):
    client = client_for(personas.business_unit)
    assert client.get(reverse("governance_group:inspect", args=[group.pk])).status_code == 200
    assert client.get(reverse("governance_group:history", args=[group.pk])).status_code == 200


def test_budget_index_shows_each_years_total(client_for, personas):
    budget = BudgetYear.objects.create(start_year=2021)
    Contribution.objects.create(budget_year=budget, label="Agency", amount=347060)
    html = client_for(personas.business_unit).get(reverse("governance_budget_year:index")).content.decode()
    assert "2021/22" in html and "347060" in html.replace(",", "")


def test_development_sessions_can_be_searched(client_for, personas):
    from datetime import date

    DevelopmentSession.objects.create(held_on=date(2021, 4, 21), topic="Signs of Safety")
    response = client_for(personas.business_unit).get(reverse("governance_development_session:index"), {"q": "Signs"})
    assert "Signs of Safety" in response.content.decode()


def test_people_without_the_business_unit_role_cannot_open_the_back_office(client_for, personas, member, group):
    make_membership(group, personas.practitioner)
    response = client_for(personas.practitioner).get(reverse("governance_group:index"))
    assert response.status_code in (302, 403)
