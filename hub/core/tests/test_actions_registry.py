"""The action tracker in the main menu and the "Your actions" card on the account page."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from hub.core.tests.permission_matrix_actions import make_action

ACCOUNT = reverse("core:account")


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2022, 6, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("business_unit", True), ("executive", True), ("scrutineer", True), ("spoc_a", False), ("outsider", False)],
)
def test_the_main_menu_links_to_the_tracker_for_those_who_read_it(personas, client_for, persona, shown):
    response = client_for(getattr(personas, persona)).get(ACCOUNT)

    links = [item["url"] for item in response.context["hub_navigation"]]
    assert (reverse("core:action-list") in links) is shown


def test_account_page_lists_the_owner_open_actions_overdue_first(personas, client_for):
    later = make_action(personas, title="Later action", due_on=date(2023, 1, 1))
    overdue = make_action(personas, title="Overdue action", due_on=date(2022, 5, 1))

    page = client_for(personas.practitioner).get(ACCOUNT).content.decode()

    assert f'href="{reverse("core:my-actions")}">Your actions</a>' in page
    assert page.index(f"{overdue.reference}: Overdue action") < page.index(f"{later.reference}: Later action")
    assert "Overdue, due 1 May 2022" in page


def test_a_spoc_with_no_open_actions_is_told_so(personas, client_for):
    page = client_for(personas.spoc_b).get(ACCOUNT).content.decode()

    assert "You have no open actions." in page


def test_people_with_no_actions_and_no_agency_role_see_no_card(personas, client_for):
    page = client_for(personas.outsider).get(ACCOUNT).content.decode()

    assert "Your actions" not in page
