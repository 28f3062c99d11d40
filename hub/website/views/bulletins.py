"""Website views: subscribing to the e-bulletin, confirming, preferences and unsubscribing.

Nobody needs an account. The links in e-mails carry signed tokens (see ``hub.website.bulletins``);
a link that was altered, or a confirmation link that has expired, gets a page saying so. The
archive and the issues themselves are Wagtail pages (``BulletinIndexPage``, ``BulletinPage``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from hub.core.errors import DomainError
from hub.core.permissions import is_business_unit, refuse
from hub.website import bulletins
from hub.website.bulletin_forms import PreferencesForm, SubscribeForm, TestSendForm
from hub.website.models import BulletinIndexPage, BulletinPage, BulletinSend, Subscription

ONE_CLICK_FIELD = "List-Unsubscribe"
ONE_CLICK_VALUE = "One-Click"


def _posted(request):
    return request.POST if request.method == "POST" else None


def _archive() -> BulletinIndexPage | None:
    archive = BulletinIndexPage.objects.live().public().first()
    return archive if archive is not None and archive.url else None


def _crumbs(*entries: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    """Home, the bulletin archive (when published), then ``entries``."""
    crumbs: list[tuple[str, str | None]] = [("Home", "/")]
    archive = _archive()
    if archive is not None:
        crumbs.append((archive.title, archive.url))
    return crumbs + list(entries)


def _link_problem(request, *, expired: bool = False, purpose: str = "manage", status: int = 200):
    return render(
        request,
        "website/bulletins/link_problem.html",
        {"expired": expired, "purpose": purpose, "days": bulletins.CONFIRMATION_MAX_AGE.days, "crumbs": _crumbs()},
        status=status,
    )


def _chosen(form) -> tuple[list[str], list]:
    return form.cleaned_data["audiences"], list(form.cleaned_data["themes"])


@never_cache
def subscribe(request):
    form = SubscribeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        audiences, themes = _chosen(form)
        bulletins.request_subscription(
            email=form.cleaned_data["email"], audiences=audiences, themes=themes, request=request
        )
        return redirect("website:bulletin-subscribe-done")
    return render(
        request,
        "website/bulletins/subscribe.html",
        {"form": form, "crumbs": _crumbs(("Subscribe", None))},
    )


@never_cache
def subscribe_done(request):
    return render(
        request,
        "website/bulletins/check_your_email.html",
        {"days": bulletins.CONFIRMATION_MAX_AGE.days, "crumbs": _crumbs(("Subscribe", None))},
    )


@never_cache
def confirm(request, token: str):
    """GET asks the person to confirm (mail scanners open links); POST confirms."""
    try:
        subscription = bulletins.subscription_for_confirmation_token(token)
    except signing.SignatureExpired:
        return _link_problem(request, expired=True, purpose="confirm")
    except signing.BadSignature:
        return _link_problem(request, purpose="confirm")
    context = {
        "subscription": subscription,
        "preferences_url": reverse("website:bulletin-preferences", args=[bulletins.make_manage_token(subscription)]),
        "crumbs": _crumbs(("Confirm your subscription", None)),
    }
    if subscription.is_active:
        return render(request, "website/bulletins/confirmed.html", {**context, "already": True})
    if request.method == "POST":
        bulletins.confirm_subscription(subscription=subscription, request=request)
        return render(request, "website/bulletins/confirmed.html", {**context, "already": False})
    return render(request, "website/bulletins/confirm.html", context)


@never_cache
def preferences(request, token: str):
    try:
        subscription = bulletins.subscription_for_manage_token(token)
    except signing.BadSignature:
        return _link_problem(request)
    crumbs = _crumbs(("Your e-bulletin preferences", None))
    if subscription is None or subscription.unsubscribed_at is not None:
        return render(request, "website/bulletins/not_subscribed.html", {"crumbs": crumbs})
    form = PreferencesForm(_posted(request), initial=PreferencesForm.initial_for(subscription))
    if request.method == "POST" and form.is_valid():
        audiences, themes = _chosen(form)
        try:
            bulletins.update_preferences(subscription=subscription, audiences=audiences, themes=themes, request=request)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, "Your preferences have been saved.")
            return redirect("website:bulletin-preferences", token=token)
    return render(
        request,
        "website/bulletins/preferences.html",
        {
            "form": form,
            "subscription": subscription,
            "unsubscribe_url": reverse("website:bulletin-unsubscribe", args=[token]),
            "crumbs": crumbs,
        },
    )


@csrf_exempt
@never_cache
def unsubscribe(request, token: str):
    """GET shows a confirmation page; POST unsubscribes.

    CSRF protection applies to every request except the one-click unsubscribe of RFC 8058: a
    mail program POSTs ``List-Unsubscribe=One-Click`` to the address in the message's
    ``List-Unsubscribe`` header, with no cookie and no token. The signed link is what
    authorises that request, and unsubscribing twice does no harm.
    """
    if request.method == "POST" and request.POST.get(ONE_CLICK_FIELD) == ONE_CLICK_VALUE:
        return _one_click_unsubscribe(request, token)
    return _unsubscribe_page(request, token)


def _one_click_unsubscribe(request, token: str) -> HttpResponse:
    try:
        subscription = bulletins.subscription_for_manage_token(token)
    except signing.BadSignature:
        return HttpResponse("This unsubscribe link does not work.", status=400, content_type="text/plain")
    if subscription is not None:
        bulletins.unsubscribe(subscription=subscription, one_click=True, request=request)
    return HttpResponse("You have unsubscribed from the e-bulletin.", content_type="text/plain")


@csrf_protect
def _unsubscribe_page(request, token: str):
    try:
        subscription = bulletins.subscription_for_manage_token(token)
    except signing.BadSignature:
        return _link_problem(request, purpose="unsubscribe")
    archive = _archive()
    context = {
        "crumbs": _crumbs(("Unsubscribe", None)),
        "subscribe_url": reverse("website:bulletin-subscribe"),
        "preferences_url": reverse("website:bulletin-preferences", args=[token]),
        "archive_url": archive.url if archive is not None else None,
    }
    if subscription is None or subscription.unsubscribed_at is not None:
        return render(request, "website/bulletins/unsubscribed.html", {**context, "already": True})
    if request.method == "POST":
        bulletins.unsubscribe(subscription=subscription, request=request)
        return render(request, "website/bulletins/unsubscribed.html", {**context, "already": False})
    return render(request, "website/bulletins/unsubscribe.html", {**context, "subscription": subscription})


# Sending (Wagtail admin) -------------------------------------------------------------------
# Reached from the "Send" button of a bulletin issue in the page explorer and editor (see
# wagtail_hooks.py). Only the business unit may send; everyone else is refused (404, logged).

SEND_ROWS_PER_PAGE = 50


def _require_business_unit(request) -> None:
    if not is_business_unit(request.user):
        raise refuse(request, "e-bulletin sending")


def _get_bulletin_for_sending(request, page_id: int) -> BulletinPage:
    _require_business_unit(request)
    bulletin = BulletinPage.objects.filter(pk=page_id).first()
    if bulletin is None:
        raise refuse(request, f"bulletin {page_id}")
    return bulletin


def _get_send_for_user(request, send_uuid) -> BulletinSend:
    _require_business_unit(request)
    send = BulletinSend.objects.select_related("bulletin", "requested_by").filter(uuid=send_uuid).first()
    if send is None:
        raise refuse(request, f"bulletin send {send_uuid}")
    return send


def admin_bulletin_list(request):
    """Every issue, newest first, with whether and how it was sent."""
    _require_business_unit(request)
    real_sends = BulletinSend.objects.filter(bulletin=OuterRef("pk"), is_test=False)
    issues = BulletinPage.objects.annotate(
        send_uuid=Subquery(real_sends.values("uuid")[:1]),
        send_status=Subquery(real_sends.values("status")[:1]),
        send_created_at=Subquery(real_sends.values("created_at")[:1]),
    ).order_by("-issue_date", "-pk")
    paginator = Paginator(issues, SEND_ROWS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("p"))
    statuses = dict(BulletinSend.Status.choices)
    for issue in page_obj:
        issue.send_status_label = statuses.get(issue.send_status, "")
    return render(
        request,
        "website/bulletins/admin/list.html",
        {"issues": page_obj, "elided_page_range": paginator.get_elided_page_range(page_obj.number)},
    )


def admin_send(request, page_id: int):
    """An issue's sending page: a test to one address, the way to send to subscribers, past sends."""
    bulletin = _get_bulletin_for_sending(request, page_id)
    form = TestSendForm(_posted(request), initial={"email": request.user.email})
    if request.method == "POST" and form.is_valid():
        try:
            send = bulletins.request_test_send(
                bulletin=bulletin, address=form.cleaned_data["email"], actor=request.user, request=request
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, f"A test of “{bulletin.title}” is being sent to {send.test_address}.")
            return redirect("website_bulletin_progress", send_uuid=send.uuid)
    sends = bulletin.sends.select_related("requested_by").order_by("-created_at")[:20]
    real_send = bulletin.sends.filter(is_test=False).first()
    return render(
        request,
        "website/bulletins/admin/send.html",
        {
            "bulletin": bulletin,
            "form": form,
            "sends": sends,
            "real_send": real_send,
            "subscriber_count": bulletins.matching_subscriptions(bulletin).count() if real_send is None else None,
        },
    )


def admin_confirm_send(request, page_id: int):
    """GET shows how many subscribers will get the issue; POST starts sending it."""
    bulletin = _get_bulletin_for_sending(request, page_id)
    if request.method == "POST":
        try:
            send = bulletins.request_send(bulletin=bulletin, actor=request.user, request=request)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("website_bulletin_send", page_id=bulletin.pk)
        messages.success(request, f"“{bulletin.title}” is being sent to subscribers.")
        return redirect("website_bulletin_progress", send_uuid=send.uuid)
    already = bulletin.sends.filter(is_test=False).first()
    return render(
        request,
        "website/bulletins/admin/confirm_send.html",
        {
            "bulletin": bulletin,
            "already": already,
            "subscriber_count": bulletins.matching_subscriptions(bulletin).count(),
            "active_count": Subscription.objects.filter(
                confirmed_at__isnull=False, unsubscribed_at__isnull=True
            ).count(),
            "tags": bulletins.issue_tags(bulletin),
        },
    )


def admin_progress(request, send_uuid):
    """Counts and each recipient's status; refreshes itself while the send is running."""
    send = _get_send_for_user(request, send_uuid)
    progress = bulletins.send_progress(send)
    paginator = Paginator(send.deliveries.order_by("email", "pk"), SEND_ROWS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("p"))
    return render(
        request,
        "website/bulletins/admin/progress.html",
        {
            "send": send,
            "bulletin": send.bulletin,
            "progress": progress,
            "deliveries": page_obj,
            "elided_page_range": paginator.get_elided_page_range(page_obj.number),
            "refresh_seconds": 5,
        },
    )


@require_POST
def admin_resume(request, send_uuid):
    send = _get_send_for_user(request, send_uuid)
    try:
        bulletins.resume_send(send=send, actor=request.user, request=request)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Sending has started again. Addresses already sent to will not get it twice.")
    return redirect("website_bulletin_progress", send_uuid=send.uuid)


@require_POST
def admin_retry_failed(request, send_uuid):
    send = _get_send_for_user(request, send_uuid)
    try:
        count = bulletins.retry_failed_deliveries(send=send, actor=request.user, request=request)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Trying {count} failed address{'es' if count != 1 else ''} again.")
    return redirect("website_bulletin_progress", send_uuid=send.uuid)
