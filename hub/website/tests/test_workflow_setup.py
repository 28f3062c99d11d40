"""Every installation has the "Review by a second editor" workflow over the whole page tree."""

from __future__ import annotations

import pytest
from wagtail.models import Page, Workflow, WorkflowPage

from hub.core import roles
from hub.core.models import Role
from hub.website.models import SecondEditorApprovalTask
from hub.website.tests.factories import build_site, make_news
from hub.website.workflow import WORKFLOW_NAME, ensure_review_workflow

pytestmark = pytest.mark.django_db


def test_a_fresh_installation_has_the_workflow_for_the_business_unit_over_every_page():
    # The test database was built by ``migrate``, as a new installation is.
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    task = workflow.tasks.get().specific
    business_unit = Role.objects.get(slug=roles.BUSINESS_UNIT).permission_group

    assert workflow.active
    assert isinstance(task, SecondEditorApprovalTask)
    assert list(task.groups.all()) == [business_unit]
    assert WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow == workflow


def test_every_website_page_falls_under_the_workflow():
    home = build_site()
    news = make_news(home.news, title="A new item")

    assert home.get_workflow().name == WORKFLOW_NAME
    assert news.get_workflow().name == WORKFLOW_NAME


def test_making_sure_again_changes_nothing():
    before = (Workflow.objects.count(), SecondEditorApprovalTask.objects.count(), WorkflowPage.objects.count())

    assert ensure_review_workflow() is False

    assert (Workflow.objects.count(), SecondEditorApprovalTask.objects.count(), WorkflowPage.objects.count()) == before


def test_a_workflow_staff_switched_off_stays_off():
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    workflow.deactivate()

    ensure_review_workflow()

    workflow.refresh_from_db()
    assert not workflow.active
    assert build_site().get_workflow() is None


def test_it_is_created_again_only_if_it_was_deleted_and_then_covers_the_tree():
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()

    assert ensure_review_workflow() is True

    root = Page.get_first_root_node()
    assert WorkflowPage.objects.get(page=root).workflow.name == WORKFLOW_NAME
    assert SecondEditorApprovalTask.objects.count() == 1
