"""The programme's public pages in the anonymous page cache: kept, and left behind on any change."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from hub.core.models import PartnershipSettings
from hub.testing import make_user
from hub.training import services
from hub.training.models import Booking, TrainingSettings
from hub.training.tests.factories import make_course, make_event
from hub.website.cache import CACHE_HEADER
from hub.website.models import WebsiteSettings
from hub.website.tests.factories import build_site

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings, frozen_now):
    settings.PAGE_CACHE_SECONDS = 300
    # The settings the pages read exist already (creating them renews the cache versions, as it should).
    PartnershipSettings.load()
    WebsiteSettings.load()
    TrainingSettings.load()
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def event():
    return make_event(make_course("Neglect toolkit", slug="neglect-toolkit"), capacity=2)


def _pages(event) -> list[str]:
    return [
        reverse("training:programme"),
        reverse("training:dates"),
        reverse("training:course", kwargs={"slug": event.course.slug}),
        reverse("training:event", kwargs={"uuid": event.uuid}),
        reverse("training:levels"),
    ]


def _places_left(client, event) -> str:
    return client.get(reverse("training:course", kwargs={"slug": event.course.slug})).content.decode()


def test_anonymous_visitors_get_the_programme_pages_from_the_cache(client, event):
    for url in _pages(event):
        first = client.get(url)
        assert first.status_code == 200, url
        assert first[CACHE_HEADER] == "MISS", url
        second = client.get(url)
        assert second[CACHE_HEADER] == "HIT", url
        assert second.content == first.content or b"nonce" in first.content


def test_a_booking_leaves_the_cached_pages_behind_and_the_places_left_are_current(client, event, personas):
    url = reverse("training:course", kwargs={"slug": event.course.slug})
    client.get(url)
    assert "2 places left" in client.get(url).content.decode()

    services.book_place(event=event, person=personas.practitioner, actor=personas.practitioner)

    response = client.get(url)
    assert response[CACHE_HEADER] == "MISS"
    assert "1 place left" in response.content.decode()


def test_a_cancellation_by_the_business_unit_is_shown_at_once(client, event, personas):
    booking = services.book_place(event=event, person=personas.practitioner, actor=personas.practitioner)
    url = reverse("training:programme")
    client.get(url)
    assert client.get(url)[CACHE_HEADER] == "HIT"

    services.cancel_booking(booking=booking, actor=personas.business_unit, reason="Rota change")

    assert booking.__class__.objects.get(pk=booking.pk).status == Booking.Status.CANCELLED
    assert client.get(url)[CACHE_HEADER] == "MISS"


def test_editing_a_course_in_the_back_office_is_shown_at_once(client, event):
    url = reverse("training:course", kwargs={"slug": event.course.slug})
    client.get(url)
    event.course.title = "Neglect toolkit: second edition"
    event.course.save()

    response = client.get(url)
    assert response[CACHE_HEADER] == "MISS"
    assert "Neglect toolkit: second edition" in response.content.decode()


def test_a_new_theme_on_a_course_is_shown_at_once(client, event):
    from hub.core.models import Theme

    url = reverse("training:course", kwargs={"slug": event.course.slug})
    client.get(url)
    event.course.themes.add(Theme.objects.create(name="Early help", slug="early-help"))

    assert client.get(url)[CACHE_HEADER] == "MISS"


def test_signed_in_people_are_never_served_or_stored(client_for, client, event, personas):
    url = reverse("training:course", kwargs={"slug": event.course.slug})
    signed_in = client_for(make_user(agency=personas.agency_a))
    first = signed_in.get(url)
    second = signed_in.get(url)
    assert CACHE_HEADER not in first and CACHE_HEADER not in second
    signed_in.logout()
    assert client.get(url)[CACHE_HEADER] == "MISS"


def test_a_booking_keeps_the_rest_of_the_site_in_the_cache(client, event, personas):
    build_site()
    client.get("/")
    assert client.get("/")[CACHE_HEADER] == "HIT"

    services.book_place(event=event, person=personas.practitioner, actor=personas.practitioner)

    assert client.get("/")[CACHE_HEADER] == "HIT"


def test_pages_that_are_not_marked_are_never_cached(client, event, personas):
    booking_page = reverse("training:event-book", kwargs={"uuid": event.uuid})
    client.get(booking_page)
    assert CACHE_HEADER not in client.get(booking_page)
