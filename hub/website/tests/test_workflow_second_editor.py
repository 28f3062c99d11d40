"""Review by a second editor: whoever submitted or last changed a page cannot approve it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from hub.core import roles
from hub.testing import make_user, sign_in
from hub.website.models import ContentPage, SecondEditorApprovalTask
from hub.website.tests.factories import build_site, make_content_page
from hub.website.workflow import WORKFLOW_NAME

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors():
    author = make_user("author@example.org", roles_=(roles.BUSINESS_UNIT,))
    reviewer = make_user("reviewer@example.org", roles_=(roles.BUSINESS_UNIT,))
    return author, reviewer


@pytest.fixture
def submitted(editors):
    """A draft change to a live page, saved and submitted for review by the author."""
    author, _ = editors
    home = build_site()
    page = make_content_page(home, title="About us", introduction="The first version.")
    page.introduction = "The second version."
    page.save_revision(user=author)
    workflow = page.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    workflow.start(page, author)
    page.refresh_from_db()
    return page


def _approve_url(page) -> str:
    task_state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])


def test_the_submitter_is_offered_no_approve_or_reject_actions(submitted, editors):
    author, reviewer = editors
    task = submitted.current_workflow_task

    assert isinstance(task, SecondEditorApprovalTask)
    assert task.get_actions(submitted, author) == []
    assert [name for name, _label, _modal in task.get_actions(submitted, reviewer)] == ["reject", "approve", "approve"]


def test_the_submitter_cannot_approve_through_the_admin_url(submitted, editors):
    author, _ = editors
    client = sign_in(Client(), author)

    response = client.post(_approve_url(submitted), {"comment": ""})

    # Refused: the back office sends them back to its dashboard with a "no permission" message.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    submitted.refresh_from_db()
    assert submitted.introduction == "The first version."
    assert submitted.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_a_second_editor_approves_and_the_change_goes_live(submitted, editors):
    _, reviewer = editors
    client = sign_in(Client(), reviewer)

    response = client.post(_approve_url(submitted), {"comment": "Checked against the policy."})

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.introduction == "The second version."
    assert submitted.live and not submitted.has_unpublished_changes
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(submitted.pk))
    assert state.status == WorkflowState.STATUS_APPROVED
    assert TaskState.objects.get(workflow_state=state).finished_by == reviewer


def test_an_editor_who_changed_the_page_while_reviewing_cannot_approve_it(submitted, editors):
    author, reviewer = editors
    submitted.introduction = "The reviewer's own wording."
    submitted.save_revision(user=reviewer)
    submitted.refresh_from_db()
    task = submitted.current_workflow_task

    assert task.get_actions(submitted, reviewer) == []
    with pytest.raises(PermissionDenied):
        task.on_action(submitted.current_workflow_task_state, reviewer, "approve")
    # The author submitted it, so only a third editor may approve the reviewer's wording now.
    assert task.get_actions(submitted, author) == []
    third = make_user("third@example.org", roles_=(roles.BUSINESS_UNIT,))
    task.on_action(submitted.current_workflow_task_state, third, "approve")
    assert ContentPage.objects.get(pk=submitted.pk).introduction == "The reviewer's own wording."


def test_a_page_the_editor_submitted_is_not_in_their_list_to_review(submitted, editors):
    author, reviewer = editors
    task = submitted.current_workflow_task

    assert not task.get_task_states_user_can_moderate(author).exists()
    assert list(task.get_task_states_user_can_moderate(reviewer)) == [submitted.current_workflow_task_state]


def test_people_outside_the_business_unit_cannot_review(submitted, personas):
    task = submitted.current_workflow_task

    assert task.get_actions(submitted, personas.practitioner) == []
    assert not task.get_task_states_user_can_moderate(personas.practitioner).exists()


def test_submitting_tells_the_other_editors_by_email_but_not_the_submitter(editors):
    author, reviewer = editors
    home = build_site()
    page = make_content_page(home, title="Our groups")
    page.save_revision(user=author)
    mail.outbox.clear()

    page.get_workflow().start(page, author)

    recipients = {address for message in mail.outbox for address in message.to}
    assert reviewer.email in recipients
    assert author.email not in recipients
