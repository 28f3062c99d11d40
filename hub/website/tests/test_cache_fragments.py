"""What public pages keep in the cache between requests is renewed by the same changes as the page cache."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from hub.testing import make_user, sign_in
from hub.website.models import ResourceDownloadDay, ResourcePage
from hub.website.tests.factories import build_site, make_document, make_resource, make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return build_site()


def _popular(response) -> str:
    html = response.content.decode()
    return html.split("Most downloaded", 1)[1].split("</section>", 1)[0]


def _listing(response) -> str:
    return response.content.decode().split('<h2 class="govuk-heading-m">Resources</h2>', 1)[1]


def test_publishing_a_resource_puts_it_in_the_most_downloaded_panel_at_once(client, home):
    today = datetime.date.today()
    toolkit = make_resource(home.library, title="Neglect toolkit")
    ResourceDownloadDay.objects.create(resource=toolkit, day=today, count=3)
    assert "Neglect toolkit" in _popular(client.get(home.library.url))
    leaflet = make_resource(home.library, title="Early help leaflet", live=False)
    ResourceDownloadDay.objects.create(resource=leaflet, day=today, count=9)

    leaflet.save_revision().publish()

    panel = _popular(client.get(home.library.url))
    assert panel.index("Early help leaflet") < panel.index("Neglect toolkit")


def test_a_new_theme_is_offered_and_filters_at_once(client, home):
    make_resource(home.library, title="Exploitation screening tool", themes=[make_theme("Neglect")])
    client.get(home.library.url)

    exploitation = make_theme("Exploitation")
    make_resource(home.library, title="Exploitation guide", themes=[exploitation])

    response = client.get(f"{home.library.url}?theme=exploitation")
    html = response.content.decode()
    assert '<option value="exploitation" selected>Exploitation</option>' in html
    assert "Exploitation guide" in _listing(response)
    assert "Exploitation screening tool" not in _listing(response)


def test_making_a_resource_private_hides_it_from_the_library_and_search_at_once(client, home):
    resource = make_resource(home.library, title="Staff supervision guide")
    assert "Staff supervision guide" in _listing(client.get(home.library.url))

    PageViewRestriction.objects.create(page=resource, restriction_type=PageViewRestriction.LOGIN)

    assert "Staff supervision guide" not in _listing(client.get(home.library.url))
    assert "Staff supervision guide" not in client.get("/search/?q=supervision").content.decode()


def test_adding_a_group_to_a_private_resource_shows_it_to_that_group_at_once(client, home):
    resource = make_resource(home.library, title="Panel members' guide")
    restriction = PageViewRestriction.objects.create(page=resource, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Panel chairs"))
    members = Group.objects.create(name="Panel members")
    user = make_user()
    user.groups.add(members)
    sign_in(client, user)
    assert "Panel members&#x27; guide" not in _listing(client.get(home.library.url))

    restriction.groups.add(members)

    assert "Panel members&#x27; guide" in _listing(client.get(home.library.url))


def test_a_resource_republished_shows_its_new_line_in_the_library_at_once(client, home):
    neglect, exploitation = make_theme("Neglect"), make_theme("Exploitation")
    resource = make_resource(home.library, title="Chronology guide", summary="How to keep one.", themes=[neglect])
    assert "Chronology guide" in _listing(client.get(home.library.url))

    resource.title = "Multi-agency chronology guide"
    resource.summary = "How to build one across agencies."
    resource.resource_type = ResourcePage.ResourceType.TOOL
    resource.themes.set([exploitation])
    resource.save_revision().publish()

    listing = _listing(client.get(home.library.url))
    assert "Multi-agency chronology guide" in listing
    assert "How to build one across agencies." in listing
    assert "Themes: Exploitation" in listing
    assert ">Tool</strong>" in listing
    assert "How to keep one." not in listing


def test_renaming_a_theme_or_replacing_a_file_changes_the_library_lines_at_once(client, home):
    theme = make_theme("Neglect")
    document = make_document("toolkit.pdf", b"%PDF-1.4 " + b"x" * 2048)
    make_resource(home.library, title="Neglect toolkit", themes=[theme], document=document)
    listing = _listing(client.get(home.library.url))
    assert "Themes: Neglect" in listing
    assert "PDF, 2 KB" in listing

    theme.name = "Neglect and poverty"
    theme.save()
    document.file.save("toolkit.pdf", ContentFile(b"%PDF-1.4 " + b"x" * 5120), save=False)
    document.file_size = None
    document.save()

    listing = _listing(client.get(home.library.url))
    assert "Themes: Neglect and poverty" in listing
    assert "PDF, 5 KB" in listing


def test_a_resource_line_is_read_from_the_database_once_per_site_version(client, home):
    resources = [make_resource(home.library, title=f"Briefing {number}") for number in range(3)]
    client.get(home.library.url)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{home.library.url}?type=guidance")

    assert all(resource.title in _listing(response) for resource in resources)
    assert not [query for query in queries.captured_queries if '"summary"' in query["sql"]]


def test_a_page_republished_shows_its_new_title_and_text_in_search_results_at_once(client, home):
    resource = make_resource(home.library, title="Neglect toolkit", summary="Spotting neglect early.")
    assert "Spotting <mark>neglect</mark> early." in client.get("/search/?q=neglect").content.decode()

    resource.title = "Neglect screening toolkit"
    resource.summary = "Screening for neglect in the early years."
    resource.save_revision().publish()

    html = client.get("/search/?q=neglect").content.decode()
    assert "<mark>Neglect</mark> screening toolkit" in html
    assert "Screening for <mark>neglect</mark> in the early years." in html
    assert "Spotting" not in html
