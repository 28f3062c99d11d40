"""E-bulletins: subscriptions with double opt-in, the e-mail version of an issue, and sending it.

Subscribing needs no account. Someone asks on the subscribe form, we e-mail a signed link that
works for ``CONFIRMATION_MAX_AGE``, and they are subscribed only once they confirm through it.
Asking again with an address that is already subscribed changes nothing and shows the same page;
the address's owner is sent a link to manage their preferences instead, so the form never tells
anyone whether an address is on the list.

Links to change preferences or unsubscribe are signed too but do not expire: they sit in every
bulletin e-mail, and unsubscribing must keep working from an old issue.

Who gets an issue
-----------------
An issue's audiences and themes are those of the What's New items and resources in it (editorial
text and courses carry none). A confirmed subscriber gets the issue when

1. the issue has no audiences, or it shares at least one audience with the subscriber; and
2. the subscriber chose no themes (they want everything), or the issue has no themes, or it
   shares at least one theme with the subscriber.

So an issue of editorial text and courses only goes to every subscriber, and a subscriber who
ticked no themes gets every issue for their audiences.

Sending
-------
``request_send`` records a ``BulletinSend`` and queues the ``send_bulletin`` task, which calls
``run_send``: it writes one ``BulletinDelivery`` per recipient (unique per send and address), then
sends the pending ones, each marked sent in its own transaction after the mail server took it.
A failure is recorded (attempts, last error) and retried, up to ``MAX_ATTEMPTS``. Running the
task again (after a crash, or to resume) only sends rows still pending, so nobody gets an issue
twice; the one window left is a crash between the mail server accepting a message and the row
being marked sent.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from bs4 import BeautifulSoup
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection, send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from wagtail.rich_text import expand_db_html

from hub.core.audit import entries_for, log_action, register_event
from hub.core.errors import DomainError
from hub.core.models import PartnershipSettings, Theme, normalise_email
from hub.core.registry import registry
from hub.website.models import (
    Audience,
    AudienceFields,
    BulletinDelivery,
    BulletinPage,
    BulletinSend,
    NewsPage,
    ResourcePage,
    Subscription,
)

CONFIRMATION_MAX_AGE = timedelta(days=7)
# However often someone submits the form for one address, it gets at most one e-mail this often.
RESEND_INTERVAL = timedelta(minutes=5)
MAX_ATTEMPTS = 3
# A send still marked as running with nothing delivered for this long has stopped (a worker
# crashed); the business unit may then resume it.
STALLED_AFTER = timedelta(minutes=10)

_CONFIRM_SALT = "hub.website.bulletin-subscription.confirm"
_MANAGE_SALT = "hub.website.bulletin-subscription.manage"

register_event("website.subscription.requested", "Asked to subscribe to the e-bulletin")
register_event("website.subscription.repeated", "Asked to subscribe again")
register_event("website.subscription.confirmed", "Confirmed their e-bulletin subscription")
register_event("website.subscription.preferences_changed", "Changed their e-bulletin preferences")
register_event("website.subscription.unsubscribed", "Unsubscribed from the e-bulletin")
register_event("website.bulletin.test_sent", "Sent a test of the e-bulletin")
register_event("website.bulletin.send_requested", "Started sending the e-bulletin to subscribers")
register_event("website.bulletin.send_resumed", "Resumed sending the e-bulletin")
register_event("website.bulletin.retry_requested", "Tried failed e-bulletin addresses again")
register_event("website.bulletin.sent", "Finished sending the e-bulletin")


def _site_url(path: str) -> str:
    """``path`` as an absolute address on the public site (``SITE_URL``); absolute URLs are kept."""
    if path.startswith(("http://", "https://", "mailto:", "tel:")):
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


# Tokens ------------------------------------------------------------------------------------


def _unsubscribed_marker(subscription: Subscription) -> str:
    return subscription.unsubscribed_at.isoformat() if subscription.unsubscribed_at else ""


def make_confirmation_token(subscription: Subscription) -> str:
    """A signed, timestamped token naming the subscription and the address it confirms.

    It also records whether (and when) the address had unsubscribed, so a confirmation link sent
    before someone unsubscribed cannot subscribe them again.
    """
    return signing.TimestampSigner(salt=_CONFIRM_SALT).sign_object(
        {"s": str(subscription.uuid), "e": subscription.email, "u": _unsubscribed_marker(subscription)}
    )


def subscription_for_confirmation_token(token: str) -> Subscription:
    """The subscription a confirmation link names.

    Raises ``signing.SignatureExpired`` when the link is older than ``CONFIRMATION_MAX_AGE`` and
    ``signing.BadSignature`` when it was altered or names a subscription that no longer exists.
    """
    data = signing.TimestampSigner(salt=_CONFIRM_SALT).unsign_object(token, max_age=CONFIRMATION_MAX_AGE)
    if not isinstance(data, dict):
        raise signing.BadSignature("Not a confirmation token")
    subscription = Subscription.objects.filter(uuid=_uuid_or_none(data.get("s")), email=data.get("e")).first()
    if subscription is None:
        raise signing.BadSignature("No subscription has this address")
    if data.get("u", "") != _unsubscribed_marker(subscription):
        raise signing.BadSignature("The address unsubscribed after this link was sent")
    return subscription


def make_manage_token(subscription: Subscription | None) -> str:
    """A signed token for the preferences and unsubscribe links (no expiry: they sit in every issue).

    ``None`` gives a valid token naming nobody, for test sends to someone not subscribed.
    """
    reference = subscription.uuid if subscription is not None else uuid.uuid4()
    return signing.Signer(salt=_MANAGE_SALT).sign_object({"s": str(reference)})


def subscription_for_manage_token(token: str) -> Subscription | None:
    """The subscription a preferences or unsubscribe link names, or None if it no longer exists.

    Raises ``signing.BadSignature`` when the token was altered.
    """
    data = signing.Signer(salt=_MANAGE_SALT).unsign_object(token)
    if not isinstance(data, dict):
        raise signing.BadSignature("Not a subscription token")
    return Subscription.objects.filter(uuid=_uuid_or_none(data.get("s"))).prefetch_related("themes").first()


def _uuid_or_none(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def confirmation_url(subscription: Subscription) -> str:
    return _site_url(reverse("website:bulletin-confirm", args=[make_confirmation_token(subscription)]))


def preferences_url(subscription: Subscription | None) -> str:
    return _site_url(reverse("website:bulletin-preferences", args=[make_manage_token(subscription)]))


def unsubscribe_url(subscription: Subscription | None) -> str:
    return _site_url(reverse("website:bulletin-unsubscribe", args=[make_manage_token(subscription)]))


# Subscribing -------------------------------------------------------------------------------


def audience_values(subscription: AudienceFields) -> list[str]:
    """The ``Audience`` values a subscription (or page) is for."""
    return [audience for audience, name in AudienceFields.AUDIENCE_FIELDS.items() if getattr(subscription, name)]


def _set_preferences(subscription: Subscription, *, audiences: Iterable[str], themes: Iterable[Theme]) -> None:
    chosen = set(audiences)
    for audience, name in AudienceFields.AUDIENCE_FIELDS.items():
        setattr(subscription, name, audience in chosen)
    subscription.save()
    subscription.themes.set(list(themes))


def _preferences_data(subscription: Subscription) -> dict:
    return {"audiences": audience_values(subscription), "themes": sorted(t.slug for t in subscription.themes.all())}


def _send_subscription_email(*, subscription: Subscription, template: str, context: dict) -> None:
    """Send a plain-text e-mail about a subscription once the current transaction commits."""
    context = {
        "partnership_name": PartnershipSettings.load().name,
        "subscription": subscription,
        "site_url": settings.SITE_URL.rstrip("/"),
        **context,
    }
    subject = " ".join(render_to_string(f"website/emails/{template}_subject.txt", context).split())
    body = render_to_string(f"website/emails/{template}.txt", context)
    to = subscription.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [to]))


def _mailed_recently(subscription: Subscription) -> bool:
    since = timezone.now() - RESEND_INTERVAL
    return (
        entries_for(subscription)
        .filter(
            action__in=["website.subscription.requested", "website.subscription.repeated"],
            created_at__gt=since,
            data__mailed=True,
        )
        .exists()
    )


def request_subscription(*, email: str, audiences: Iterable[str], themes: Iterable[Theme], request=None) -> bool:
    """Ask for the e-bulletin at ``email``: double opt-in, never disclosing who is subscribed.

    - A new address gets a subscription waiting for confirmation and a confirmation link.
    - An address waiting for confirmation, or unsubscribed earlier, takes the new preferences
      and gets a new confirmation link (it is subscribed only once that link is used).
    - An address already subscribed keeps its preferences (the form proves nothing about who
      sent it) and its owner is sent a link to manage them instead.

    At most one e-mail goes to an address every ``RESEND_INTERVAL``. Returns whether an e-mail
    was sent (never shown to the person asking).
    """
    email = normalise_email(email)
    audiences = list(audiences)
    themes = list(themes)
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(email__iexact=email).first()
        if subscription is None:
            try:
                with transaction.atomic():
                    subscription = Subscription.objects.create(email=email)
            except IntegrityError:
                # The same address was submitted a moment ago: treat this as asking again.
                subscription = Subscription.objects.select_for_update().get(email__iexact=email)
            else:
                _set_preferences(subscription, audiences=audiences, themes=themes)
                log_action(
                    "website.subscription.requested",
                    obj=subscription,
                    request=request,
                    data={"mailed": True, **_preferences_data(subscription)},
                )
                _send_confirmation(subscription)
                return True
        mail = not _mailed_recently(subscription)
        log_action("website.subscription.repeated", obj=subscription, request=request, data={"mailed": mail})
        if subscription.is_active:
            if mail:
                _send_subscription_email(
                    subscription=subscription,
                    template="subscription_manage",
                    context={
                        "preferences_url": preferences_url(subscription),
                        "unsubscribe_url": unsubscribe_url(subscription),
                    },
                )
            return mail
        _set_preferences(subscription, audiences=audiences, themes=themes)
        if mail:
            _send_confirmation(subscription)
        return mail


def _send_confirmation(subscription: Subscription) -> None:
    _send_subscription_email(
        subscription=subscription,
        template="subscription_confirm",
        context={"confirm_url": confirmation_url(subscription), "days": CONFIRMATION_MAX_AGE.days},
    )


def confirm_subscription(*, subscription: Subscription, request=None) -> bool:
    """Start sending issues to a subscriber who followed their confirmation link.

    Returns False when the subscription was already confirmed (and still active).
    """
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.is_active:
            return False
        subscription.confirmed_at = timezone.now()
        subscription.unsubscribed_at = None
        subscription.save(update_fields=["confirmed_at", "unsubscribed_at"])
        log_action("website.subscription.confirmed", obj=subscription, request=request)
    return True


def update_preferences(
    *, subscription: Subscription, audiences: Iterable[str], themes: Iterable[Theme], request=None
) -> Subscription:
    """Change which audiences and themes a subscriber wants issues about."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.unsubscribed_at is not None:
            raise DomainError("You have unsubscribed from the e-bulletin. Subscribe again to choose what you get.")
        before = _preferences_data(subscription)
        _set_preferences(subscription, audiences=audiences, themes=themes)
        after = _preferences_data(subscription)
        log_action(
            "website.subscription.preferences_changed",
            obj=subscription,
            request=request,
            data={"before": before, "after": after},
        )
    return subscription


def unsubscribe(*, subscription: Subscription, one_click: bool = False, request=None) -> bool:
    """Stop sending issues to ``subscription``. Idempotent: returns False if already unsubscribed.

    The address is kept, marked unsubscribed, with its preferences cleared: it shows the request
    was honoured, and subscribing again needs a new confirmation.
    """
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.unsubscribed_at is not None:
            return False
        subscription.unsubscribed_at = timezone.now()
        for name in AudienceFields.AUDIENCE_FIELDS.values():
            setattr(subscription, name, False)
        subscription.save()
        subscription.themes.clear()
        log_action(
            "website.subscription.unsubscribed",
            obj=subscription,
            request=request,
            data={"via": "one-click" if one_click else "page"},
        )
    return True


# Who gets an issue -------------------------------------------------------------------------


@dataclass(frozen=True)
class IssueTags:
    audiences: frozenset[str]
    theme_ids: frozenset[int]


def _chosen_pages(bulletin: BulletinPage) -> list:
    """The live What's New items and resources the issue includes, in order (deleted ones left out)."""
    return [
        block.value
        for block in bulletin.items
        if block.block_type in ("news", "resource") and block.value is not None and block.value.live
    ]


def issue_tags(bulletin: BulletinPage) -> IssueTags:
    """The audiences and themes of the What's New items and resources in an issue."""
    pages = _chosen_pages(bulletin)
    audiences = {audience for page in pages for audience in audience_values(page)}
    news_ids = [page.pk for page in pages if isinstance(page, NewsPage)]
    resource_ids = [page.pk for page in pages if isinstance(page, ResourcePage)]
    theme_ids = set(
        Theme.objects.filter(Q(news_pages__in=news_ids) | Q(resource_pages__in=resource_ids)).values_list(
            "pk", flat=True
        )
    )
    return IssueTags(frozenset(audiences), frozenset(theme_ids))


def matching_subscriptions(bulletin: BulletinPage) -> QuerySet[Subscription]:
    """Active subscriptions that get ``bulletin`` under the rule in this module's docstring."""
    subscriptions = Subscription.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)
    tags = issue_tags(bulletin)
    if tags.audiences:
        shared_audience = Q()
        for audience in tags.audiences:
            shared_audience |= Q(**{AudienceFields.AUDIENCE_FIELDS[Audience(audience)]: True})
        subscriptions = subscriptions.filter(shared_audience)
    if tags.theme_ids:
        chosen = Subscription.themes.through.objects.filter(subscription=OuterRef("pk"))
        subscriptions = subscriptions.filter(~Exists(chosen) | Exists(chosen.filter(theme_id__in=tags.theme_ids)))
    return subscriptions.order_by("pk")


# The e-mail version ------------------------------------------------------------------------


@dataclass
class BulletinEntry:
    """One item of an issue as the e-mail shows it."""

    kind: str  # "text", "news", "resource" or "item"
    title: str = ""
    url: str = ""
    label: str = ""
    summary: str = ""
    date: date | None = None
    html: SafeString = field(default_factory=lambda: mark_safe(""))
    text: str = ""


# Inline styles for the e-mail (mail programs drop <style> blocks and classes). Colours have at
# least 4.5:1 contrast on white.
TEXT_COLOUR = "#0b0c0c"
SECONDARY_TEXT_COLOUR = "#505a5f"
LINK_COLOUR = "#1d70b8"
FONT = "Arial, Helvetica, sans-serif"
# Styles of the e-mail's own markup (the template reads them as ``styles.<name>``).
EMAIL_LAYOUT_STYLES = {
    "body": "margin:0;padding:0;background-color:#f3f2f1;",
    "outer": "background-color:#f3f2f1;",
    "outer_cell": "padding:20px 10px;",
    "sheet": "max-width:640px;width:100%;background-color:#ffffff;",
    "masthead": "background-color:#0b0c0c;padding:20px 30px;",
    "masthead_text": f"margin:0;font-family:{FONT};font-size:19px;line-height:1.3;font-weight:bold;color:#ffffff;",
    "content": "padding:30px;",
    "caption": f"margin:0 0 5px;font-family:{FONT};font-size:16px;line-height:1.3;color:{SECONDARY_TEXT_COLOUR};",
    "h1": f"margin:0 0 20px;font-family:{FONT};font-size:32px;line-height:1.2;font-weight:bold;color:{TEXT_COLOUR};",
    "lead": f"margin:0 0 20px;font-family:{FONT};font-size:19px;line-height:1.4;color:{TEXT_COLOUR};",
    "item_heading": f"margin:0 0 10px;font-family:{FONT};font-size:22px;line-height:1.3;font-weight:bold;",
    "item": "margin:0 0 10px;padding:0 0 10px;border-bottom:1px solid #b1b4b6;",
    "test_notice": f"margin:0 0 20px;padding:10px 15px;border-left:5px solid #0b0c0c;background-color:#fff7bf;"
    f"font-family:{FONT};font-size:16px;line-height:1.4;color:{TEXT_COLOUR};",
    "footer": "padding:20px 30px 30px;border-top:1px solid #b1b4b6;",
    "footer_text": f"margin:0 0 10px;font-family:{FONT};font-size:14px;line-height:1.5;color:{SECONDARY_TEXT_COLOUR};",
}
EMAIL_STYLES = {
    "h2": f"margin:30px 0 10px;font-family:{FONT};font-size:22px;line-height:1.3;color:{TEXT_COLOUR};",
    "h3": f"margin:20px 0 10px;font-family:{FONT};font-size:18px;line-height:1.3;color:{TEXT_COLOUR};",
    "p": f"margin:0 0 15px;font-family:{FONT};font-size:16px;line-height:1.5;color:{TEXT_COLOUR};",
    "ul": f"margin:0 0 15px;padding-left:20px;font-family:{FONT};font-size:16px;line-height:1.5;color:{TEXT_COLOUR};",
    "ol": f"margin:0 0 15px;padding-left:20px;font-family:{FONT};font-size:16px;line-height:1.5;color:{TEXT_COLOUR};",
    "li": "margin:0 0 5px;",
    "a": f"color:{LINK_COLOUR};text-decoration:underline;",
}


def email_html(html: str) -> SafeString:
    """Rich text made ready for an e-mail: inline styles, and every link absolute to the public site."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(list(EMAIL_STYLES)):
        tag["style"] = EMAIL_STYLES[tag.name]
        if tag.name == "a" and tag.get("href"):
            tag["href"] = _site_url(tag["href"])
    return mark_safe(str(soup))  # noqa: S308  (rich text the editors wrote, cleaned by Wagtail)


def plain_text(html: str) -> str:
    """Rich text as plain text for the text part of an e-mail: links followed by their address."""
    soup = BeautifulSoup(html, "html.parser")
    for link in soup.find_all("a"):
        href = link.get("href")
        label = link.get_text()
        link.replace_with(f"{label} ({_site_url(href)})" if href and label.strip() != href else label)
    for item in soup.find_all("li"):
        item.insert(0, "- ")
        item.append("\n")
    for block in soup.find_all(["p", "h2", "h3", "ul", "ol"]):
        block.append("\n\n")
    lines = [line.strip() for line in soup.get_text().splitlines()]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


def bulletin_entries(bulletin: BulletinPage) -> list[BulletinEntry]:
    """An issue's items for the e-mail, in order; items that no longer exist are left out."""
    resolved = registry.resolve_content(bulletin.content_item_keys())
    entries = []
    for block in bulletin.items:
        value = block.value
        if block.block_type == "text":
            html = expand_db_html(value.source)
            entries.append(BulletinEntry("text", html=email_html(html), text=plain_text(html)))
        elif block.block_type in ("news", "resource"):
            if value is None or not value.live or not value.url:
                continue
            is_news = block.block_type == "news"
            entries.append(
                BulletinEntry(
                    block.block_type,
                    title=value.title,
                    url=_site_url(value.url),
                    label="What's New" if is_news else value.get_resource_type_display(),
                    summary=value.summary,
                    date=value.date if is_news else value.publication_date,
                )
            )
        elif block.block_type == "item":
            item = resolved.get(value["item"])
            if item is None:
                continue
            entries.append(
                BulletinEntry("item", title=item.title, url=_site_url(item.url), label=item.kind, summary=item.summary)
            )
    return entries


@dataclass
class RenderedEmail:
    subject: str
    text: str
    html: str
    headers: dict[str, str]


def render_bulletin_email(
    *,
    bulletin: BulletinPage,
    entries: list[BulletinEntry],
    subscription: Subscription | None,
    is_test: bool = False,
    partnership: PartnershipSettings | None = None,
) -> RenderedEmail:
    """The subject, plain text, HTML and list headers of an issue for one recipient."""
    partnership = partnership or PartnershipSettings.load()
    unsubscribe = unsubscribe_url(subscription)
    context = {
        "bulletin": bulletin,
        "entries": entries,
        "partnership": partnership,
        "site_url": settings.SITE_URL.rstrip("/"),
        "web_url": _site_url(bulletin.url or "/"),
        "subscribe_url": _site_url(reverse("website:bulletin-subscribe")),
        "preferences_url": preferences_url(subscription),
        "unsubscribe_url": unsubscribe,
        "is_test": is_test,
        "styles": {**EMAIL_LAYOUT_STYLES, **EMAIL_STYLES},
    }
    subject = " ".join(render_to_string("website/emails/bulletin_subject.txt", context).split())
    return RenderedEmail(
        subject=subject,
        text=render_to_string("website/emails/bulletin.txt", context),
        html=render_to_string("website/emails/bulletin.html", context),
        headers={
            # RFC 8058: mail programs offer "Unsubscribe" and POST List-Unsubscribe=One-Click to it.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def bulletin_message(*, to: str, rendered: RenderedEmail, connection=None) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        rendered.subject, rendered.text, None, [to], headers=rendered.headers, connection=connection
    )
    message.attach_alternative(rendered.html, "text/html")
    return message


def preview_email(*, bulletin: BulletinPage, as_text: bool = False) -> HttpResponse:
    """The e-mail version for Wagtail's preview panel (links to manage a subscription name nobody)."""
    rendered = render_bulletin_email(bulletin=bulletin, entries=bulletin_entries(bulletin), subscription=None)
    if as_text:
        return HttpResponse(rendered.text, content_type="text/plain; charset=utf-8")
    return HttpResponse(rendered.html)


# Sending -----------------------------------------------------------------------------------


def _check_sendable(bulletin: BulletinPage) -> None:
    if not bulletin.live:
        raise DomainError("Publish this issue before sending it")


def _queue(send: BulletinSend) -> None:
    from hub.website.tasks import send_bulletin

    send_uuid = str(send.uuid)
    transaction.on_commit(lambda: send_bulletin.enqueue(send_uuid))


def request_test_send(*, bulletin: BulletinPage, address: str, actor, request=None) -> BulletinSend:
    """Send the published issue to one address to check it, as a subscriber would see it."""
    _check_sendable(bulletin)
    with transaction.atomic():
        send = BulletinSend.objects.create(
            bulletin=bulletin, is_test=True, test_address=normalise_email(address), requested_by=actor
        )
        log_action("website.bulletin.test_sent", actor=actor, obj=send, request=request, data={"to": send.test_address})
        _queue(send)
    return send


def request_send(*, bulletin: BulletinPage, actor, request=None) -> BulletinSend:
    """Send the published issue to every subscriber it matches, in the background. Only once per issue."""
    _check_sendable(bulletin)
    already = "This issue has already been sent to subscribers. Make a new issue to send again"
    if BulletinSend.objects.filter(bulletin=bulletin, is_test=False).exists():
        raise DomainError(already)
    try:
        with transaction.atomic():
            send = BulletinSend.objects.create(bulletin=bulletin, is_test=False, requested_by=actor)
            log_action(
                "website.bulletin.send_requested",
                actor=actor,
                obj=send,
                request=request,
                data={"bulletin": bulletin.title, "subscribers": matching_subscriptions(bulletin).count()},
            )
            _queue(send)
    except IntegrityError as error:
        # Someone else pressed "Send" on the same issue at the same moment.
        raise DomainError(already) from error
    return send


def _last_activity(send: BulletinSend):
    latest_delivery = send.deliveries.aggregate(latest=Max("sent_at"))["latest"]
    return max(moment for moment in (send.created_at, send.started_at, latest_delivery) if moment is not None)


@dataclass
class SendProgress:
    pending: int
    sent: int
    failed: int
    is_running: bool
    can_resume: bool
    can_retry_failed: bool

    @property
    def total(self) -> int:
        return self.pending + self.sent + self.failed


def send_progress(send: BulletinSend) -> SendProgress:
    counts = dict(send.deliveries.values_list("status").annotate(count=Count("pk")).values_list("status", "count"))
    running = send.status in (BulletinSend.Status.QUEUED, BulletinSend.Status.SENDING)
    stalled = running and _last_activity(send) < timezone.now() - STALLED_AFTER
    failed = counts.get(BulletinDelivery.Status.FAILED, 0)
    return SendProgress(
        pending=counts.get(BulletinDelivery.Status.PENDING, 0),
        sent=counts.get(BulletinDelivery.Status.SENT, 0),
        failed=failed,
        is_running=running and not stalled,
        can_resume=stalled,
        can_retry_failed=not running and failed > 0,
    )


def resume_send(*, send: BulletinSend, actor, request=None) -> None:
    """Queue a send again after its worker stopped; rows already sent are not sent again."""
    if not send_progress(send).can_resume:
        raise DomainError("This send is still running. Wait for it to finish")
    with transaction.atomic():
        log_action("website.bulletin.send_resumed", actor=actor, obj=send, request=request)
        _queue(send)


def retry_failed_deliveries(*, send: BulletinSend, actor, request=None) -> int:
    """Give every failed address of a finished send another ``MAX_ATTEMPTS`` tries. Returns how many."""
    with transaction.atomic():
        send = BulletinSend.objects.select_for_update().get(pk=send.pk)
        if send.status in (BulletinSend.Status.QUEUED, BulletinSend.Status.SENDING):
            raise DomainError("This send is still running. Wait for it to finish")
        count = send.deliveries.filter(status=BulletinDelivery.Status.FAILED).update(
            status=BulletinDelivery.Status.PENDING, attempts=0
        )
        if not count:
            raise DomainError("No addresses failed, so there is nothing to try again")
        send.status = BulletinSend.Status.SENDING
        send.finished_at = None
        send.save(update_fields=["status", "finished_at"])
        log_action("website.bulletin.retry_requested", actor=actor, obj=send, request=request, data={"count": count})
        _queue(send)
    return count


def _prepare_deliveries(send: BulletinSend) -> BulletinSend:
    """Write the send's recipients once; a queued send becomes a sending one."""
    with transaction.atomic():
        send = (
            BulletinSend.objects.select_for_update(of=("self",))
            .select_related("bulletin", "requested_by")
            .get(pk=send.pk)
        )
        if send.status != BulletinSend.Status.QUEUED:
            return send
        if send.is_test:
            subscription = Subscription.objects.filter(email__iexact=send.test_address).first()
            rows = [BulletinDelivery(send=send, subscription=subscription, email=send.test_address)]
        else:
            rows = (
                BulletinDelivery(send=send, subscription_id=pk, email=email)
                for pk, email in matching_subscriptions(send.bulletin).values_list("pk", "email").iterator()
            )
        BulletinDelivery.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
        send.status = BulletinSend.Status.SENDING
        send.started_at = timezone.now()
        send.save(update_fields=["status", "started_at"])
    return send


def _deliver(delivery: BulletinDelivery, *, send: BulletinSend, entries, partnership, connection) -> None:
    """Send one pending delivery, claiming it first so that two workers never both send it."""
    claimed = BulletinDelivery.objects.filter(
        pk=delivery.pk, status=BulletinDelivery.Status.PENDING, attempts=delivery.attempts
    ).update(attempts=F("attempts") + 1)
    if not claimed:
        return
    attempts = delivery.attempts + 1
    subscription = delivery.subscription
    if not send.is_test and (subscription is None or not subscription.is_active):
        # They unsubscribed after the send started: they are no longer a recipient.
        BulletinDelivery.objects.filter(pk=delivery.pk).delete()
        return
    try:
        rendered = render_bulletin_email(
            bulletin=send.bulletin,
            entries=entries,
            subscription=subscription,
            is_test=send.is_test,
            partnership=partnership,
        )
        bulletin_message(to=delivery.email, rendered=rendered, connection=connection).send()
    except Exception as error:
        connection.close()
        with transaction.atomic():
            BulletinDelivery.objects.filter(pk=delivery.pk).update(
                status=BulletinDelivery.Status.FAILED if attempts >= MAX_ATTEMPTS else BulletinDelivery.Status.PENDING,
                last_error=f"{type(error).__name__}: {error}"[:500],
            )
        return
    with transaction.atomic():
        BulletinDelivery.objects.filter(pk=delivery.pk).update(
            status=BulletinDelivery.Status.SENT, sent_at=timezone.now(), last_error=""
        )


def run_send(send_uuid: str) -> dict[str, int]:
    """Deliver a send: write its recipients, then send every pending one, retrying failures.

    Safe to run again at any point: delivered rows are never sent twice. Returns the counts.
    """
    send = BulletinSend.objects.filter(uuid=send_uuid).first()
    if send is None:
        return {}
    send = _prepare_deliveries(send)
    entries = bulletin_entries(send.bulletin)
    partnership = PartnershipSettings.load()
    connection = get_connection()
    try:
        # Each pass sends every row still pending; a row that failed is tried again on the next
        # pass, by which time the rest of the list has gone (a natural pause for a busy server).
        for _ in range(MAX_ATTEMPTS):
            pending = list(
                send.deliveries.filter(status=BulletinDelivery.Status.PENDING)
                .select_related("subscription")
                .order_by("pk")
            )
            if not pending:
                break
            for delivery in pending:
                _deliver(delivery, send=send, entries=entries, partnership=partnership, connection=connection)
    finally:
        connection.close()
    return _finish(send)


def _finish(send: BulletinSend) -> dict[str, int]:
    with transaction.atomic():
        send = BulletinSend.objects.select_for_update().get(pk=send.pk)
        progress = send_progress(send)
        counts = {"sent": progress.sent, "failed": progress.failed, "pending": progress.pending}
        if progress.pending or send.status not in (BulletinSend.Status.QUEUED, BulletinSend.Status.SENDING):
            return counts
        send.status = BulletinSend.Status.FAILED if progress.failed else BulletinSend.Status.SENT
        send.finished_at = timezone.now()
        send.save(update_fields=["status", "finished_at"])
        if not send.is_test:
            data = {"bulletin": send.bulletin.title, **counts}
            log_action("website.bulletin.sent", actor=send.requested_by, obj=send, data=data)
    return counts


# Upkeep (run_periodic) ---------------------------------------------------------------------

# A request nobody confirmed is forgotten after this long (the link itself expires after 7 days).
FORGET_UNCONFIRMED_AFTER = timedelta(days=30)


def resume_stalled_sends(log) -> int:
    """Queue again every send whose worker stopped (nothing delivered for ``STALLED_AFTER``)."""
    resumed = 0
    running = BulletinSend.objects.filter(status__in=[BulletinSend.Status.QUEUED, BulletinSend.Status.SENDING])
    for send in running.select_related("bulletin"):
        if send_progress(send).can_resume:
            with transaction.atomic():
                log_action("website.bulletin.send_resumed", obj=send, data={"by": "run_periodic"})
                _queue(send)
            resumed += 1
            log(f"Resumed sending {send.bulletin.title}")
    return resumed


def forget_unconfirmed_subscriptions(log) -> int:
    """Delete requests to subscribe that were never confirmed, once they are old."""
    cutoff = timezone.now() - FORGET_UNCONFIRMED_AFTER
    count, _ = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    if count:
        log(f"Forgot {count} unconfirmed e-bulletin subscription request(s)")
    return count


def bulletin_upkeep(log) -> None:
    """The e-bulletin's periodic job: resume stopped sends and forget stale unconfirmed requests."""
    resume_stalled_sends(log)
    forget_unconfirmed_subscriptions(log)
