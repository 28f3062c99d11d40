"""The "We used this briefing" form on a 7-minute briefing's page: open to anyone, GOV.UK errors, counted."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from hub.core.models import AuditEntry
from hub.website.models import BriefingUse, ResourcePage
from hub.website.tests.factories import build_site, make_resource

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2024, 6, 14)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home():
    return build_site()


@pytest.fixture
def briefing(home):
    return make_resource(
        home.library,
        title="Cumulative harm",
        slug="cumulative-harm",
        resource_type=ResourcePage.ResourceType.SEVEN_MINUTE_BRIEFING,
        review_date=datetime.date(2024, 1, 31),
    )


def _answers(personas, **changes) -> dict:
    answers = {
        "team": "Durham East social work team 2",
        "agency": personas.agency_a.short_code,
        "staff_count": "12",
        "used_on_day": "3",
        "used_on_month": "6",
        "used_on_year": "2024",
        "comment": "We used it in our team meeting.",
        "reference": "",
    }
    answers.update(changes)
    return answers


def _post(client, briefing, answers):
    return client.post(reverse("website:briefing-use", kwargs={"slug": briefing.slug}), answers)


@time_machine.travel(TODAY)
def test_a_team_records_its_use_and_sees_a_confirmation(client, personas, briefing):
    response = _post(client, briefing, _answers(personas))

    use = BriefingUse.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "website:briefing-use-done", kwargs={"slug": briefing.slug, "use_uuid": use.uuid}
    )
    assert (use.briefing_id, use.team, use.agency, use.staff_count, use.used_on, use.recorded_by) == (
        briefing.pk,
        "Durham East social work team 2",
        personas.agency_a,
        12,
        datetime.date(2024, 6, 3),
        None,
    )
    assert AuditEntry.objects.filter(action="website.briefing_use.recorded", object_id=str(use.pk)).exists()
    confirmation = client.get(response["Location"]).content.decode()
    assert "Briefing use recorded" in confirmation
    assert "12 members of staff from Durham East social work team 2 (Agency A)" in confirmation
    assert "on 3 June 2024" in confirmation


@time_machine.travel(TODAY)
def test_a_signed_in_person_is_recorded_and_their_agency_is_chosen_for_them(client_for, personas, briefing):
    client = client_for(personas.practitioner)

    page = client.get(briefing.url).content.decode()
    _post(client, briefing, _answers(personas))

    assert f'<option value="{personas.agency_a.short_code}" selected>' in page
    assert BriefingUse.objects.get().recorded_by == personas.practitioner


@time_machine.travel(TODAY)
def test_missing_answers_get_an_error_summary_and_nothing_is_recorded(client, personas, briefing):
    response = _post(client, briefing, {"reference": ""})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Cumulative harm" in html
    assert "There is a problem" in html
    for message in (
        "Enter your team&#x27;s name",
        "Select your agency",
        "Enter the number of staff who took part",
        "Enter the date you used the briefing",
    ):
        assert message in html
    assert 'href="#id_used_on_day"' in html
    assert not BriefingUse.objects.exists()


@time_machine.travel(TODAY)
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"staff_count": "twelve"}, "staff_count", "Number of staff must be a number, like 12"),
        ({"staff_count": "0"}, "staff_count", "Number of staff must be 1 or more"),
        ({"staff_count": "20000"}, "staff_count", "Number of staff must be 10,000 or fewer"),
        ({"agency": "no-such-agency"}, "agency", "Select your agency from the list"),
        ({"used_on_month": ""}, "used_on", "The date you used the briefing must include a month"),
        ({"used_on_day": "31", "used_on_month": "2"}, "used_on", "The date you used the briefing must be a real date"),
        ({"used_on_day": "15"}, "used_on", "The date you used the briefing must be today or in the past"),
        ({"team": "x" * 201}, "team", "Team name must be 200 characters or fewer"),
    ],
)
def test_answers_that_make_no_sense_are_explained(client, personas, briefing, changes, field, message):
    response = _post(client, briefing, _answers(personas, **changes))

    assert response.context["briefing_form"].errors[field] == [message]
    assert not BriefingUse.objects.exists()


@time_machine.travel(TODAY)
def test_an_agency_that_has_closed_cannot_be_chosen(client, personas, briefing):
    personas.agency_c.is_active = False
    personas.agency_c.save()

    page = client.get(briefing.url).content.decode()
    response = _post(client, briefing, _answers(personas, agency=personas.agency_c.short_code))

    assert personas.agency_c.name not in page
    assert response.context["briefing_form"].errors["agency"] == ["Select your agency from the list"]


@time_machine.travel(TODAY)
def test_a_form_filled_in_by_a_machine_is_not_recorded(client, personas, briefing):
    response = _post(client, briefing, _answers(personas, reference="http://spam.example.com"))

    assert response.status_code == 200
    assert "We could not record this. Try again" in response.content.decode()
    assert not BriefingUse.objects.exists()


@time_machine.travel(TODAY)
def test_more_than_ten_records_from_one_address_in_ten_minutes_are_refused(client, personas, briefing):
    for _ in range(10):
        assert _post(client, briefing, _answers(personas)).status_code == 302

    response = _post(client, briefing, _answers(personas))

    assert response.status_code == 429
    assert "Wait 10 minutes, then try again" in response.content.decode()
    assert BriefingUse.objects.count() == 10


@time_machine.travel(TODAY)
def test_the_form_needs_the_pages_csrf_token(personas, briefing):
    client = Client(enforce_csrf_checks=True)

    assert _post(client, briefing, _answers(personas)).status_code == 403
    assert not BriefingUse.objects.exists()


def test_opening_the_form_address_shows_the_briefing_with_the_form(client, briefing):
    response = client.get(reverse("website:briefing-use", kwargs={"slug": briefing.slug}))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">Cumulative harm</h1>' in html
    assert 'id="used-this-briefing"' in html
    assert f'<link rel="canonical" href="http://localhost{briefing.url}">' in html


@time_machine.travel(TODAY)
def test_only_briefings_take_the_form(client, personas, home):
    guidance = make_resource(home.library, title="Guidance", resource_type=ResourcePage.ResourceType.GUIDANCE)
    draft = make_resource(
        home.library, title="Draft briefing", live=False, resource_type=ResourcePage.ResourceType.SEVEN_MINUTE_BRIEFING
    )

    assert "We used this briefing" not in client.get(guidance.url).content.decode()
    assert _post(client, guidance, _answers(personas)).status_code == 404
    assert _post(client, draft, _answers(personas)).status_code == 404
    assert not BriefingUse.objects.exists()


@time_machine.travel(TODAY)
def test_the_confirmation_is_only_for_whoever_recorded_the_use(client, personas, briefing):
    location = _post(client, briefing, _answers(personas))["Location"]

    assert client.get(location).status_code == 200
    assert Client().get(location).status_code == 404


@time_machine.travel(TODAY)
def test_the_business_unit_sees_how_teams_used_the_briefing(client, client_for, personas, briefing):
    _post(client, briefing, _answers(personas))
    _post(client, briefing, _answers(personas, team="Health visiting team", staff_count="5"))

    for_business_unit = client_for(personas.business_unit).get(briefing.url).content.decode()
    for_practitioner = client_for(personas.practitioner).get(briefing.url).content.decode()

    assert "How teams have used this briefing" in for_business_unit
    assert "Staff reached in 2024/25" in for_business_unit
    assert '<dd class="govuk-summary-list__value">17</dd>' in for_business_unit
    assert "Health visiting team" in for_business_unit
    assert "How teams have used this briefing" not in for_practitioner
    assert "How teams have used this briefing" not in Client().get(briefing.url).content.decode()


@time_machine.travel(TODAY)
def test_the_review_date_is_shown_to_staff_only(client_for, personas, briefing):
    for_public = Client().get(briefing.url).content.decode()
    for_business_unit = client_for(personas.business_unit).get(briefing.url).content.decode()

    assert "31 January 2024" in for_business_unit
    assert "Review overdue" in for_business_unit
    assert "31 January 2024" not in for_public
    assert "Review date" not in for_public


@time_machine.travel(TODAY)
def test_behind_the_proxy_each_visitor_has_their_own_limit(client, personas, briefing):
    url = reverse("website:briefing-use", kwargs={"slug": briefing.slug})
    for _ in range(10):
        client.post(url, _answers(personas), HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="10.0.0.1")

    blocked = client.post(url, _answers(personas), HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="10.0.0.1")
    other = client.post(url, _answers(personas), HTTP_X_FORWARDED_FOR="198.51.100.2", REMOTE_ADDR="10.0.0.1")

    assert (blocked.status_code, other.status_code) == (429, 302)
    assert BriefingUse.objects.count() == 11
