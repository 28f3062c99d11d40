"""Subscriptions, bulletin issues and a stand-in course source for the e-bulletin tests."""

from __future__ import annotations

import itertools
from contextlib import contextmanager

from django.utils import timezone
from wagtail.rich_text import RichText

from hub.core.registry import ContentSource, ThemeItem, registry
from hub.website.models import Audience, AudienceFields, BulletinPage, Subscription
from hub.website.tests.factories import make_bulletin

_counter = itertools.count(1)

COURSE_KIND = "testing.course"


def make_subscription(
    email: str | None = None,
    *,
    audiences=(Audience.PROFESSIONALS,),
    themes=(),
    confirmed: bool = True,
    unsubscribed: bool = False,
) -> Subscription:
    email = email or f"subscriber{next(_counter)}@example.org"
    fields = {name: audience in audiences for audience, name in AudienceFields.AUDIENCE_FIELDS.items()}
    subscription = Subscription.objects.create(
        email=email,
        confirmed_at=timezone.now() if confirmed else None,
        unsubscribed_at=timezone.now() if unsubscribed else None,
        **fields,
    )
    subscription.themes.set(themes)
    return subscription


def text(html: str) -> tuple[str, RichText]:
    return ("text", RichText(html))


def news(page) -> tuple[str, object]:
    return ("news", page)


def resource(page) -> tuple[str, object]:
    return ("resource", page)


def item(key: str) -> tuple[str, dict]:
    return ("item", {"item": key})


def make_issue(home, *items, live: bool = True, **fields) -> BulletinPage:
    """A bulletin issue under ``home.bulletins`` built from ``items`` (see ``text``, ``news``...)."""
    fields.setdefault("introduction", "This month: new guidance, a briefing and dates for training.")
    return make_bulletin(home.bulletins, live=live, items=list(items), **fields)


COURSES = {
    "neglect-2": ThemeItem(
        "Course", "Neglect: level 2", "/training/courses/neglect-level-2/", summary="A day on recognising neglect."
    ),
    "signs-of-safety": ThemeItem("Course", "Signs of Safety: an introduction", "/training/courses/sos/"),
}


@contextmanager
def offering_courses():
    """Courses offered through the registry, as the training module offers them, for a ``with`` block."""
    source = ContentSource(
        kind=COURSE_KIND,
        label="Course",
        choices=lambda: [(key, course.title) for key, course in COURSES.items()],
        resolve=lambda keys: {key: COURSES[key] for key in keys if key in COURSES},
    )
    previous = registry.content_sources.get(COURSE_KIND)
    registry.register_content_source(source)
    try:
        yield COURSES
    finally:
        if previous is None:
            registry.content_sources.pop(COURSE_KIND, None)
        else:
            registry.content_sources[COURSE_KIND] = previous
