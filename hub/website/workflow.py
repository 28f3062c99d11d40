"""The editorial workflow: draft, review by a second editor, publish; and scheduled publishing.

- ``ensure_review_workflow()`` makes sure the workflow "Review by a second editor" exists, with
  one ``SecondEditorApprovalTask`` for the business unit's group, and covers the whole page tree.
  It runs after every ``migrate`` (so a fresh installation has it) and never changes a workflow
  staff have since edited, deactivated or moved.
- While a page is covered by an active workflow, only administrators (superusers) may publish it
  straight from the editor; everyone else submits it for review and a second editor's approval
  publishes it (``refuse_direct_publishing``, wired in ``wagtail_hooks``). Unpublishing stays
  open to editors, so something wrong can be taken down at once.
- Scheduled publishing: an editor sets "Go-live date" on a page; approval (or an
  administrator's publish) schedules it, and ``publish_scheduled`` (a periodic job run by
  ``manage.py run_periodic``) puts it live once the time has come, and takes expired pages down.
"""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

WORKFLOW_NAME = "Review by a second editor"
TASK_NAME = "Approval by a second editor in the business unit"
# The workflow Wagtail creates on a fresh installation for its own "Moderators" group, which the
# Hub does not use; ours takes its place on the root page.
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"


def ensure_review_workflow() -> bool:
    """Create the second-editor workflow if it has never existed. Returns whether it was created."""
    from wagtail.models import Page, Workflow, WorkflowPage, WorkflowTask

    from hub.core import roles
    from hub.core.models import Role
    from hub.website.models import SecondEditorApprovalTask

    if Workflow.objects.filter(name=WORKFLOW_NAME).exists():
        return False
    role = Role.objects.filter(slug=roles.BUSINESS_UNIT).select_related("permission_group").first()
    if role is None or role.permission_group is None:
        roles.ensure_standard_roles()
        role = Role.objects.select_related("permission_group").get(slug=roles.BUSINESS_UNIT)
    root = Page.get_first_root_node()
    with transaction.atomic():
        task = SecondEditorApprovalTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = SecondEditorApprovalTask.objects.create(name=TASK_NAME)
            task.groups.set([role.permission_group])
        workflow = Workflow.objects.create(name=WORKFLOW_NAME)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        if root is not None:
            current = WorkflowPage.objects.filter(page=root).select_related("workflow").first()
            if current is None:
                WorkflowPage.objects.create(page=root, workflow=workflow)
            elif current.workflow.name == WAGTAIL_DEFAULT_WORKFLOW:
                current.workflow = workflow
                current.save()
    return True


def ensure_review_workflow_after_migrate(sender, app_config=None, using="default", **kwargs) -> None:
    # Like the standard roles: act once, after the last app, when every table and group exists.
    from wagtail.models import Workflow

    from hub.core import roles
    from hub.core.models import Role

    if roles.migrated_everything(app_config, using, Workflow, Role):
        ensure_review_workflow()


def page_needs_review(page) -> bool:
    """Whether ``page`` (or the new page's parent) is covered by an active workflow."""
    workflow = page.get_workflow()
    return workflow is not None and workflow.active


def publishing_refused_for(user, page) -> bool:
    """Only administrators publish a page under review straight away; editors submit it for review."""
    return not user.is_superuser and page_needs_review(page)


# Scheduled publishing -------------------------------------------------------------------------


def publish_scheduled(log: Callable[[str], None]) -> None:
    """Put live the pages whose go-live time has come and take down expired ones (a periodic job)."""
    from wagtail.models import Page, Revision

    now = timezone.now()
    due = Revision.page_revisions.filter(approved_go_live_at__lte=now).count()
    expired = Page.objects.filter(live=True, expire_at__lt=now).count()
    if not due and not expired:
        log("nothing due")
        return
    call_command("publish_scheduled", stdout=StringIO())
    published = f"{due} scheduled page{'s' if due != 1 else ''} published"
    log(f"{published}, {expired} expired page{'s' if expired != 1 else ''} unpublished")
