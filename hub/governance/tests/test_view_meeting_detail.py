from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub.governance.models import AgendaItem, Attendance, Meeting
from hub.governance.services import ActionRequest, add_paper, approve_minutes, record_decision, record_minutes
from hub.governance.tests.factories import make_group, make_meeting, pdf_bytes, upload
from hub.testing import make_user

pytestmark = pytest.mark.django_db


def _url(meeting):
    return reverse("governance:meeting-detail", args=[meeting.group.slug, meeting.uuid])


def test_a_member_sees_when_how_agenda_papers_attendance_minutes_and_decisions(client_for, personas, member, meeting):
    paper = add_paper(
        actor=personas.business_unit, meeting=meeting, title="Neglect toolkit", file=upload("t.pdf", pdf_bytes())
    )
    AgendaItem.objects.create(meeting=meeting, order=1, title="Welcome and apologies", duration_minutes=5)
    AgendaItem.objects.create(meeting=meeting, order=2, title="Toolkit launch", presenter=member, paper=paper)
    Attendance.objects.create(
        meeting=meeting, person=member, agency=personas.agency_a, status=Attendance.Status.APOLOGIES
    )
    minutes = record_minutes(actor=personas.business_unit, meeting=meeting, text="The group agreed the toolkit.")
    approve_minutes(actor=member, minutes=minutes)
    decision, actions = record_decision(
        actor=personas.business_unit,
        meeting=meeting,
        text="Launch the toolkit",
        actions=[ActionRequest("Train early help staff", owner_agency=personas.agency_a, due_on=date(2000, 1, 1))],
    )
    html = client_for(member).get(_url(meeting)).content.decode()
    assert "Microsoft Teams" in html
    assert meeting.joining_link in html
    assert "Welcome and apologies" in html and "Toolkit launch" in html
    assert reverse("governance:paper-download", args=[meeting.group.slug, paper.uuid]) in html
    assert "Apologies" in html and "Agency A" in html
    assert "The group agreed the toolkit." in html and "Approved" in html
    assert "Launch the toolkit" in html
    assert actions[0].reference in html
    assert "govuk-tag--red" in html and "Overdue" in html
    assert reverse("governance:meeting-ics", args=[meeting.group.slug, meeting.uuid]) in html
    assert "Add a paper" not in html


def test_business_unit_sees_the_meeting_with_a_link_to_add_a_paper(client_for, personas, meeting):
    html = client_for(personas.business_unit).get(_url(meeting)).content.decode()
    assert reverse("governance:paper-add", args=[meeting.group.slug, meeting.uuid]) in html


def test_a_cancelled_meeting_says_so_and_hides_the_joining_link(client_for, member, group):
    cancelled = make_meeting(group, status=Meeting.Status.CANCELLED)
    html = client_for(member).get(_url(cancelled)).content.decode()
    assert "This meeting was cancelled." in html
    assert "Join the meeting on Microsoft Teams" not in html


def test_non_members_and_executives_get_404(client_for, personas, meeting):
    for person in (personas.outsider, personas.practitioner, personas.executive, personas.scrutineer):
        assert client_for(person).get(_url(meeting)).status_code == 404


def test_a_meeting_under_another_groups_address_is_not_found(client_for, member, meeting):
    other = make_group()
    url = reverse("governance:meeting-detail", args=[other.slug, meeting.uuid])
    assert client_for(member).get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, meeting):
    response = client.get(_url(meeting))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign-in"))


def _fill(meeting, personas, count):
    for number in range(count):
        person = make_user(agency=personas.agency_a)
        paper = add_paper(actor=None, meeting=meeting, title=f"Paper {number}", file=upload("p.pdf", pdf_bytes()))
        AgendaItem.objects.create(
            meeting=meeting, order=number + 1, title=f"Item {number}", presenter=person, paper=paper
        )
        Attendance.objects.create(meeting=meeting, person=person, agency=personas.agency_a)
        record_decision(
            actor=None,
            meeting=meeting,
            text=f"Decision {number}",
            actions=[
                ActionRequest(f"Action {number}", owner_agency=personas.agency_a, owner=person, due_on=date(2030, 1, 1))
            ],
        )
    record_minutes(actor=None, meeting=meeting, text="Minutes")


def test_the_page_runs_the_same_number_of_queries_for_1_and_50_rows(client_for, personas):
    counts = []
    for size in (1, 50):
        meeting = make_meeting(make_group())
        _fill(meeting, personas, size)
        client = client_for(personas.business_unit)
        client.get(_url(meeting))  # fill the per-process caches (site, settings) so both sizes are measured alike
        with CaptureQueriesContext(connection) as context:
            response = client.get(_url(meeting))
        assert response.status_code == 200
        assert f"Item {size - 1}" in response.content.decode()
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]
