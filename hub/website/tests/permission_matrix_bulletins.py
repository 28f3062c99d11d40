"""How the e-bulletin subscription pages answer each persona: open to everyone, no account needed.

The links in e-mails carry signed tokens, so the kwargs below make a subscription and sign a
token for it. POST routes get an empty form: subscribing and preferences show errors, confirming
and unsubscribing act (the signed link is what authorises them). The sending pages are in the
Wagtail admin (outside this matrix); test_bulletins_admin_views.py checks them per persona.
"""

from __future__ import annotations

import uuid

from hub.testing import Route
from hub.website.bulletins import make_confirmation_token, make_manage_token
from hub.website.tests.bulletin_factories import make_subscription

EVERYONE = {"*": 200}


def _pending(personas) -> dict[str, str]:
    subscription = make_subscription(f"matrix-{uuid.uuid4().hex[:8]}@example.org", confirmed=False)
    return {"token": make_confirmation_token(subscription)}


def _active(personas) -> dict[str, str]:
    subscription = make_subscription(f"matrix-{uuid.uuid4().hex[:8]}@example.org")
    return {"token": make_manage_token(subscription)}


ROUTES = [
    Route("website:bulletin-subscribe", EVERYONE),
    Route("website:bulletin-subscribe", EVERYONE, method="POST"),
    Route("website:bulletin-subscribe-done", EVERYONE),
    Route("website:bulletin-confirm", EVERYONE, kwargs=_pending),
    Route("website:bulletin-confirm", EVERYONE, kwargs=_pending, method="POST"),
    Route("website:bulletin-preferences", EVERYONE, kwargs=_active),
    Route("website:bulletin-preferences", EVERYONE, kwargs=_active, method="POST"),
    Route("website:bulletin-unsubscribe", EVERYONE, kwargs=_active),
    Route("website:bulletin-unsubscribe", EVERYONE, kwargs=_active, method="POST"),
]
