"""What the programme offers the rest of the Hub: the menu entry, courses on topic pages, and
courses editors can pick for bulletins and pages."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from hub.core.models import Theme
from hub.core.registry import ThemeItem, registry
from hub.training.models import Event
from hub.training.tests.conftest import FROZEN_NOW
from hub.training.tests.factories import local_datetime, make_course, make_event

pytestmark = pytest.mark.django_db


def day(days: int):
    return local_datetime(FROZEN_NOW.date() + timedelta(days=days))


def test_training_is_in_the_main_menu_for_everyone(client, db):
    item = next(item for item in registry.navigation if item.url_name == "training:programme")
    assert item.label == "Training"
    assert item.visible(AnonymousUser())
    html = client.get(reverse("training:levels")).content.decode()
    assert f'href="{reverse("training:programme")}"' in html


def test_the_menu_marks_training_as_current_on_programme_pages(client, db):
    html = client.get(reverse("training:levels")).content.decode()
    assert 'aria-current="page"><strong class="govuk-service-navigation__active-fallback">Training' in html


def test_a_topic_page_gets_the_themes_published_courses_with_dates_soonest_first(frozen_now):
    neglect = Theme.objects.create(name="Neglect", slug="neglect")
    other = Theme.objects.create(name="Other", slug="other")
    later = make_course("Later neglect course", themes=[neglect])
    make_event(later, starts_at=day(30))
    make_event(later, starts_at=day(60))
    sooner = make_course("Sooner neglect course", themes=[neglect, other], summary="About neglect.")
    make_event(sooner, starts_at=day(10))
    make_event(make_course("Draft", themes=[neglect], is_published=False), starts_at=day(5))
    make_event(make_course("Past only", themes=[neglect]), starts_at=day(-5))
    make_event(make_course("Other theme", themes=[other]), starts_at=day(5))
    cancelled = make_event(make_course("Cancelled only", themes=[neglect]), starts_at=day(5))
    Event.objects.filter(pk=cancelled.pk).update(status=Event.Status.CANCELLED, cancelled_at=FROZEN_NOW)

    items = [item for item in registry.items_for_theme(neglect) if item.kind == "Course"]

    assert items == [
        ThemeItem(
            kind="Course",
            title="Sooner neglect course",
            url=reverse("training:course", kwargs={"slug": sooner.slug}),
            summary="About neglect.",
            date=FROZEN_NOW.date() + timedelta(days=10),
        ),
        ThemeItem(
            kind="Course",
            title="Later neglect course",
            url=reverse("training:course", kwargs={"slug": later.slug}),
            summary=later.summary,
            date=FROZEN_NOW.date() + timedelta(days=30),
        ),
    ]


def test_editors_can_pick_upcoming_published_courses_by_uuid(frozen_now):
    course = make_course("Voice of the child")
    make_event(course, starts_at=local_datetime(FROZEN_NOW.date().replace(day=20)))
    make_course("No dates")
    make_event(make_course("Draft", is_published=False), starts_at=day(5))

    choices = [choice for choice in registry.content_choices() if choice[0].startswith("training.course:")]

    assert choices == [(f"training.course:{course.uuid}", "Course: Voice of the child (next date 20 May 2025)")]


def test_picked_courses_resolve_to_their_pages_and_missing_ones_are_left_out(frozen_now):
    course = make_course("Voice of the child")
    make_event(course, starts_at=day(10))
    no_dates = make_course("No dates now")
    draft = make_course("Draft", is_published=False)
    references = [
        f"training.course:{course.uuid}",
        f"training.course:{no_dates.uuid}",
        f"training.course:{draft.uuid}",
        f"training.course:{uuid4()}",
        "training.course:not-a-uuid",
    ]

    found = registry.resolve_content(references)

    assert set(found) == {f"training.course:{course.uuid}", f"training.course:{no_dates.uuid}"}
    assert found[f"training.course:{course.uuid}"].url == reverse("training:course", kwargs={"slug": course.slug})
    assert found[f"training.course:{course.uuid}"].date == FROZEN_NOW.date() + timedelta(days=10)
    assert found[f"training.course:{no_dates.uuid}"].date is None
