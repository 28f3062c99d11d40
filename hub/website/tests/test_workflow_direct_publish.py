"""Under the review workflow editors submit pages for review; only administrators publish straight away."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import WorkflowState

from hub.core import roles
from hub.testing import make_user, sign_in
from hub.website.models import ContentPage
from hub.website.tests.factories import build_site, make_content_page

pytestmark = pytest.mark.django_db


def edit_form(page: ContentPage, **changes) -> dict:
    """What the page editor posts for a content page with an empty body."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "introduction": page.introduction,
        "body-count": "0",
        "last_reviewed": "",
        "seo_title": "",
        "search_description": "",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


@pytest.fixture
def page():
    home = build_site()
    return make_content_page(home, title="About us", introduction="The published text.")


@pytest.fixture
def editor():
    return make_user("editor@example.org", roles_=(roles.BUSINESS_UNIT,))


def test_an_editor_pressing_publish_keeps_a_draft_and_is_told_to_submit_it(page, editor):
    client = sign_in(Client(), editor)

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_form(page, introduction="A change nobody has checked.", **{"action-publish": "action-publish"}),
        follow=True,
    )

    page.refresh_from_db()
    assert page.introduction == "The published text."
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().introduction == "A change nobody has checked."
    assert "Another editor must review it before it goes live" in response.content.decode()


def test_the_editor_sees_submit_for_review_but_no_publish_button(page, editor):
    client = sign_in(Client(), editor)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()

    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


def test_an_editor_submitting_starts_the_review(page, editor):
    client = sign_in(Client(), editor)

    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_form(page, introduction="Please check this.", **{"action-submit": "action-submit"}),
    )

    page.refresh_from_db()
    assert page.introduction == "The published text."
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.current_workflow_state.requested_by == editor


def test_an_administrator_may_still_publish_straight_away(page):
    admin = make_user("admin@example.org", is_superuser=True, is_staff=True)
    client = sign_in(Client(), admin)

    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_form(page, introduction="An urgent correction.", **{"action-publish": "action-publish"}),
    )

    page.refresh_from_db()
    assert page.introduction == "An urgent correction."
    assert not page.has_unpublished_changes


def test_an_editor_may_publish_directly_when_the_workflow_is_switched_off(page, editor):
    page.get_workflow().deactivate()
    client = sign_in(Client(), editor)

    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_form(page, introduction="No review needed here.", **{"action-publish": "action-publish"}),
    )

    page.refresh_from_db()
    assert page.introduction == "No review needed here."


def test_bulk_publishing_pages_under_review_is_refused_for_editors(page, editor):
    page.introduction = "A draft change."
    page.save_revision(user=editor)
    client = sign_in(Client(), editor)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={page.pk}"

    client.post(url, {"include_descendants": ""}, follow=True)

    page.refresh_from_db()
    assert page.introduction == "The published text."
    assert page.has_unpublished_changes


def test_editors_may_still_unpublish_a_page_at_once(page, editor):
    client = sign_in(Client(), editor)

    client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))

    page.refresh_from_db()
    assert not page.live
