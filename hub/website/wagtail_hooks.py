"""The website in the staff back office (Wagtail admin).

Each area keeps its hooks in its own section below.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks

# Editorial workflow, scheduled publishing and review dates ------------------------------------
# Pages under the "Review by a second editor" workflow are published by a second editor's
# approval; the editor's own "Publish" is kept for administrators (hub.website.workflow).

REVIEW_NEEDED_MESSAGE = (
    "“{title}” is saved as a draft but not published. Another editor must review it before it goes "
    "live: choose “Submit to {workflow}” from the menu at the bottom of the page."
)


def _refuse_publishing(request, page):
    from hub.website.workflow import publishing_refused_for

    if not publishing_refused_for(request.user, page):
        return None
    workflow = page.get_workflow()
    messages.error(request, REVIEW_NEEDED_MESSAGE.format(title=page.get_admin_display_title(), workflow=workflow.name))
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_publish_page")
def refuse_direct_publishing(request, page):
    return _refuse_publishing(request, page)


@hooks.register("construct_page_action_menu")
def hide_publish_for_pages_needing_review(menu_items, request, context):
    from hub.website.workflow import publishing_refused_for

    page = context.get("page") or context.get("parent_page")
    if page is not None and publishing_refused_for(request.user, page):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("before_bulk_action")
def refuse_bulk_publishing(request, action_type, objects, action_class_instance):
    from wagtail.models import Page

    from hub.website.workflow import publishing_refused_for

    if action_type != "publish" or not issubclass(action_class_instance.model, Page):
        return None
    needing_review = [page for page in objects if publishing_refused_for(request.user, page)]
    if not needing_review:
        return None
    titles = ", ".join(f"“{page.get_admin_display_title()}”" for page in needing_review[:5])
    messages.error(
        request,
        f"Nothing was published. Another editor must review {titles}"
        f"{' and others' if len(needing_review) > 5 else ''} first: submit each page for review.",
    )
    return redirect(request.GET.get("next") or reverse("wagtailadmin_explore_root"))


@hooks.register("before_copy_page")
def refuse_publishing_copies(request, page):
    from hub.website.workflow import publishing_refused_for

    if request.method == "POST" and request.POST.get("publish_copies") and publishing_refused_for(request.user, page):
        messages.error(
            request, "Copies cannot be published straight away: copy the page, then submit the copy for review."
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("register_admin_urls")
def review_dates_urls():
    from hub.website.review_dates import ReviewDatesView

    return [
        path("reports/resources-to-review/", ReviewDatesView.as_view(), name="website_review_dates"),
        path(
            "reports/resources-to-review/results/",
            ReviewDatesView.as_view(results_only=True),
            name="website_review_dates_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def review_dates_menu_item():
    from hub.website.review_dates import menu_item

    return menu_item()


# E-bulletins: test sends, sending to subscribers and its progress ---------------------------
# The views live in hub.website.views.bulletins; only the business unit may use them.


@hooks.register("register_admin_urls")
def bulletin_sending_urls():
    from hub.website.views import bulletins as bulletin_views

    return [
        path("bulletins/", bulletin_views.admin_bulletin_list, name="website_bulletin_list"),
        path("bulletins/<int:page_id>/send/", bulletin_views.admin_send, name="website_bulletin_send"),
        path(
            "bulletins/<int:page_id>/send/confirm/",
            bulletin_views.admin_confirm_send,
            name="website_bulletin_confirm_send",
        ),
        path("bulletins/sends/<uuid:send_uuid>/", bulletin_views.admin_progress, name="website_bulletin_progress"),
        path(
            "bulletins/sends/<uuid:send_uuid>/resume/",
            bulletin_views.admin_resume,
            name="website_bulletin_resume",
        ),
        path(
            "bulletins/sends/<uuid:send_uuid>/retry-failed/",
            bulletin_views.admin_retry_failed,
            name="website_bulletin_retry_failed",
        ),
    ]


def _bulletin_send_button(page, user, *, priority: int):
    from wagtail.admin.widgets import Button

    from hub.core.permissions import is_business_unit
    from hub.website.models import BulletinPage

    if page.specific_class is BulletinPage and is_business_unit(user):
        url = reverse("website_bulletin_send", args=[page.pk])
        yield Button("Send e-bulletin", url, icon_name="mail", priority=priority)


@hooks.register("register_page_header_buttons")
def bulletin_header_button(page, user, view_name, next_url=None):
    yield from _bulletin_send_button(page, user, priority=40)


@hooks.register("register_page_listing_more_buttons")
def bulletin_listing_button(page, user, next_url=None):
    yield from _bulletin_send_button(page, user, priority=45)


@hooks.register("register_admin_menu_item")
def bulletin_sending_menu_item():
    from wagtail.admin.menu import MenuItem

    from hub.core.permissions import is_business_unit

    class BusinessUnitMenuItem(MenuItem):
        def is_shown(self, request):
            return is_business_unit(request.user)

    return BusinessUnitMenuItem("E-bulletin sending", reverse("website_bulletin_list"), icon_name="mail", order=320)


# Page types: the accessibility statement and privacy notice stay published -------------------
# Every page's footer links to them and the law requires them, so editors change their text
# instead of deleting or unpublishing them.

STATUTORY_PAGE_MESSAGE = (
    "“{title}” cannot be {action}: every page links to it and the law requires it. Edit its text instead."
)


def _is_statutory_page(page) -> bool:
    from hub.website.models import ContentPage
    from hub.website.pages import STATUTORY_SLUGS

    return isinstance(page.specific_deferred, ContentPage) and page.slug in STATUTORY_SLUGS and page.live


def _refuse_for_statutory_page(request, page, action: str):
    if not _is_statutory_page(page):
        return None
    messages.error(request, STATUTORY_PAGE_MESSAGE.format(title=page.get_admin_display_title(), action=action))
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_delete_page")
def keep_statutory_pages_from_deletion(request, page):
    return _refuse_for_statutory_page(request, page, "deleted")


@hooks.register("before_unpublish_page")
def keep_statutory_pages_published(request, page):
    return _refuse_for_statutory_page(request, page, "unpublished")


@hooks.register("before_bulk_action")
def keep_statutory_pages_in_bulk_actions(request, action_type, objects, action_class_instance):
    from wagtail.admin.utils import get_valid_next_url_from_request
    from wagtail.models import Page

    if action_type not in ("delete", "unpublish") or not issubclass(action_class_instance.model, Page):
        return None
    statutory = [page for page in objects if _is_statutory_page(page)]
    if not statutory:
        return None
    action = "deleted" if action_type == "delete" else "unpublished"
    messages.error(request, STATUTORY_PAGE_MESSAGE.format(title=statutory[0].get_admin_display_title(), action=action))
    return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_explore_root"))


# End of page types
