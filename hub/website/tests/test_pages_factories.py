"""The shared page-tree builders lay the site out as the demo does."""

import pytest
from wagtail.models import Site

from hub.website.models import Audience, NewsPage, ResourcePage
from hub.website.tests.factories import build_site, make_document, make_news, make_resource, make_theme

pytestmark = pytest.mark.django_db


def test_build_site_serves_the_home_page_with_published_index_pages():
    home = build_site()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert home.news.url == "/news/"
    assert home.library.url == "/resources/"
    assert home.topics.url == "/topics/"
    assert home.procedures.url == "/procedures/"
    assert home.audiences[Audience.PARENTS].url == "/parents-and-carers/"
    assert all(child.live for child in home.get_children())


def test_make_resource_and_make_news_publish_unless_asked_for_a_draft():
    home = build_site()
    neglect = make_theme("Neglect")
    resource = make_resource(home.library, title="Neglect toolkit", themes=[neglect])
    draft = make_news(home.news, title="Not yet", live=False)
    assert ResourcePage.objects.live().get().pk == resource.pk
    assert list(resource.themes.all()) == [neglect]
    assert ResourcePage.objects.get(pk=resource.pk).latest_revision.content["themes"] == [neglect.pk]
    assert not NewsPage.objects.get(pk=draft.pk).live


def test_make_document_stores_the_file():
    document = make_document("leaflet.pdf", b"%PDF-1.4 test", extracted_text="words")
    assert document.file.read() == b"%PDF-1.4 test"
    assert document.extracted_text == "words"
